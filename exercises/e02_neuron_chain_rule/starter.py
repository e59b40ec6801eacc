"""Exercise 2: the chain rule through a neuron, by hand.
Check it:  python -m exercises check 2      Stuck?  python -m exercises check 2 --hint
"""
# The neuron computes, step by step (the names explain() uses):
#     x1w1 = x1 * w1;   x2w2 = x2 * w2;   s = x1w1 + x2w2;   n = s + b;   out = tanh(n)
# Return how out changes with each input: d out/d x1, d out/d w1, d out/d x2, d out/d w2, d out/d b.
# Work backwards from d out/d out = 1: each step multiplies the gradient arriving at a node
# (upstream) by that node's local derivative. Use plain floats (math), not Values.

import math


def neuron_gradients(x1: float, w1: float, x2: float, w2: float, b: float) -> dict[str, float]:
    """{"x1": d out/d x1, "w1": ..., "x2": ..., "w2": ..., "b": ...} for out = tanh(x1*w1 + x2*w2 + b)."""
    out = math.tanh(x1 * w1 + x2 * w2 + b)
    raise NotImplementedError(f"return the five gradients as a dict (here out = {out:.4f})")
