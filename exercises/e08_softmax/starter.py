"""Exercise 8: softmax and its gradient.
Check it:  python -m exercises check 8      Stuck?  python -m exercises check 8 --hint
"""
# Softmax turns a row of logits z into class probabilities that are positive and sum to one:
#     p_k = e^(z_k) / sum_j e^(z_j)
# With two classes, softmax([z, 0])[0] = sigmoid(z). The loss for the right class `target` is the
# cross-entropy L = -ln p_target. Return both
#   - the probabilities p (a list, one per class), and
#   - the gradient of L with respect to every logit, dL/dz_k (a list, one per class).
# The gradient asked for is that of the cross-entropy, not softmax's whole Jacobian dp_i/dz_k: work it out
# on paper, it is short. Both must stay exact for logits like [1000, 0, -1000].


def softmax_cross_entropy(logits: list[float], target: int) -> tuple[list[float], list[float]]:
    """(p, dL/dz) for L = -ln softmax(logits)[target]."""
    raise NotImplementedError(f"return (probabilities, gradient) for {len(logits)} classes, target {target}")
