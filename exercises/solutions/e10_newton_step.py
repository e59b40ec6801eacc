"""Reference solution of exercise 10: solve H d = g, then step to x - d."""
from collections.abc import Callable

import numpy as np

from autograd import Value, hessian


def newton_step(f: Callable[..., Value], point: list[float]) -> list[float]:
    leaves = [Value(x) for x in point]
    f(*leaves).backward()
    gradient = np.array([leaf.grad for leaf in leaves])
    step = np.linalg.solve(np.array(hessian(f)(*point)), gradient)  # H⁻¹ g, without forming the inverse
    return [x - d for x, d in zip(point, step.tolist())]
