"""Exercise 7: one gradient-descent update.
Check it:  python -m exercises check 7      Stuck?  python -m exercises check 7 --hint
"""
# After loss.backward(), every parameter p (a Value) holds p.grad = dL/dp: how fast the loss rises as p
# rises. Gradient descent moves each parameter a small step the other way:
#     new weight = old weight - learning rate × gradient
# Change the parameters themselves (their .data), as an optimizer's step() does. Leave .grad alone.

from autograd import Value


def sgd_step(parameters: list[Value], lr: float) -> None:
    """Update every parameter in place: p.data becomes p.data - lr * p.grad."""
    for parameter in parameters:
        raise NotImplementedError(f"update {parameter.label or 'this parameter'}'s .data with lr = {lr}")
