"""Exercise 8: softmax and its gradient: the class probabilities, and the cross-entropy gradient p - onehot."""
TITLE = "softmax and its gradient"
GOAL = "write softmax_cross_entropy(logits, target): the probabilities and dL/dz = p - onehot(target)"
ANSWER = "softmax_cross_entropy"
