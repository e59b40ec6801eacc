"""Exercise 5: backward for a whole small graph, layer by layer.
Check it:  python -m exercises check 5      Stuck?  python -m exercises check 5 --hint
"""
# A two-layer network with one input x and a target y, and its squared error:
#     z1 = w1 * x + b1      (hidden layer: a neuron's weighted sum ...)
#     h = tanh(z1)          (... and its activation)
#     out = w2 * h + b2     (output layer)
#     L = (out - y) ** 2    (the loss)
# Return dL/d of out, b2, w2, h, z1, b1, w1 and x. Go backwards, from the loss towards the input:
# each gradient is the one above it times a local derivative, so compute them in that order.
# Plain floats (math) only.

import math


def network_gradients(x: float, y: float, w1: float, b1: float, w2: float, b2: float) -> dict[str, float]:
    """{"out": dL/d out, "b2": ..., "w2": ..., "h": ..., "z1": ..., "b1": ..., "w1": ..., "x": ...}."""
    z1 = w1 * x + b1
    h = math.tanh(z1)
    out = w2 * h + b2
    loss = (out - y) ** 2
    raise NotImplementedError(f"the forward pass is done (L = {loss:.4f}); now dL/d out, then the rest downwards")
