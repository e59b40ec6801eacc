"""Exercise 8: softmax and its gradient: the class probabilities, and the cross-entropy's gradient at the logits
(the goal does not give the result away)."""
TITLE = "softmax and its gradient"
GOAL = "write softmax_cross_entropy(logits, target): the probabilities and cross-entropy's gradient dL/dz"
ANSWER = "softmax_cross_entropy"
