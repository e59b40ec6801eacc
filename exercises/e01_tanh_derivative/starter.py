"""Exercise 1: a local derivative.
Check it:  python -m exercises check 1      Stuck?  python -m exercises check 1 --hint
"""
# Backward multiplies the gradient arriving at a node by the node's local derivative. For
# out = tanh(x) that is d out/dx = tanh'(x). Write it for a plain number x (a float, not a Value);
# math.tanh(x) gives tanh at x.

import math


def tanh_derivative(x: float) -> float:
    """The slope of tanh at x: how fast tanh(x) moves when x moves."""
    raise NotImplementedError(f"return the slope of tanh at x (tanh({x}) = {math.tanh(x):.4f})")
