"""Exercise 10: a Newton step.
Check it:  python -m exercises check 10      Stuck?  python -m exercises check 10 --hint
"""
# Gradient descent steps by lr × gradient, whatever the curvature. Newton's method uses the curvature
# too: it jumps to the bottom of the bowl that fits f at the point (its second-order Taylor expansion),
#     x_new = x - H⁻¹ g,   g = the gradient of f at x,  H = the matrix of its second derivatives.
# For a quadratic f that is the exact minimum, in one step. f takes one Value per coordinate and returns
# a Value; point is a list of floats. Useful: autograd.hessian(f)(*point) gives H as a list of lists, and
# backward on f(*leaves) gives g. numpy.linalg.solve(H, g) computes H⁻¹ g without forming the inverse.

from collections.abc import Callable

from autograd import Value, hessian


def newton_step(f: Callable[..., Value], point: list[float]) -> list[float]:
    """The point after one Newton step on f from ``point``."""
    leaves = [Value(x) for x in point]
    f(*leaves).backward()
    gradient = [leaf.grad for leaf in leaves]
    H = hessian(f)(*point)
    raise NotImplementedError(f"return point - H⁻¹ g, with g = {gradient} and H = {H}")
