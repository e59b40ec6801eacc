"""The functions exercise 10 is graded on, each with its gradient and Hessian in closed form (worked out by
hand, so the grader does not lean on the engine it is checking the learner's use of)."""
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import cast

from autograd import Value

QUADRATIC_A = ((4.0, 1.0, 0.0), (1.0, 3.0, 1.0), (0.0, 1.0, 2.0))
QUADRATIC_C = (1.0, 2.0, 3.0)
POINTS = ((-1.0, 0.0), (0.5, 1.0), (2.0, 1.0), (1.0, 0.0))  # (x, label): they overlap, so the bowl has a bottom


@dataclass(frozen=True)
class Bowl:
    """f on Values, its coordinates' names, and its gradient and Hessian as functions of a list of floats."""

    text: str
    names: tuple[str, ...]
    f: Callable[..., Value]  # one Value per coordinate in, a Value out
    gradient: Callable[[list[float]], list[float]]
    hessian: Callable[[list[float]], list[list[float]]]


def _exp_line(x: Value) -> Value:
    return x.exp() - 2.0 * x


def _tilted(x: Value, y: Value) -> Value:
    return x * x + x * y + 2.0 * y * y + (x - y).exp()


def _tilted_gradient(v: list[float]) -> list[float]:
    x, y = v
    e = math.exp(x - y)
    return [2.0 * x + y + e, x + 4.0 * y - e]


def _tilted_hessian(v: list[float]) -> list[list[float]]:
    e = math.exp(v[0] - v[1])
    return [[2.0 + e, 1.0 - e], [1.0 - e, 4.0 + e]]


def _quadratic(*v: Value) -> Value:
    total: Value | float = 0.0
    for i, row in enumerate(QUADRATIC_A):
        total = total - QUADRATIC_C[i] * v[i] + sum(0.5 * a * v[i] * v[j] for j, a in enumerate(row) if a)
    return cast(Value, total)  # Values in: a Value from the first row on


def _quadratic_gradient(v: list[float]) -> list[float]:
    return [sum(a * x for a, x in zip(row, v)) - c for row, c in zip(QUADRATIC_A, QUADRATIC_C)]


def _logistic(w: Value, b: Value) -> Value:
    terms = []
    for x, label in POINTS:
        p = (w * x + b).sigmoid()
        terms.append(-p.log() if label else -(1.0 - p).log())
    return sum(terms[1:], terms[0]) / len(POINTS)


def _probabilities(v: list[float]) -> list[float]:
    return [1.0 / (1.0 + math.exp(-(v[0] * x + v[1]))) for x, _ in POINTS]


def _logistic_gradient(v: list[float]) -> list[float]:
    errors = [p - label for p, (_, label) in zip(_probabilities(v), POINTS)]
    return [sum(e * x for e, (x, _) in zip(errors, POINTS)) / len(POINTS), sum(errors) / len(POINTS)]


def _logistic_hessian(v: list[float]) -> list[list[float]]:
    weights = [p * (1.0 - p) / len(POINTS) for p in _probabilities(v)]
    xs = [x for x, _ in POINTS]
    wxx = sum(w * x * x for w, x in zip(weights, xs))
    wx = sum(w * x for w, x in zip(weights, xs))
    return [[wxx, wx], [wx, sum(weights)]]


BOWLS = (
    Bowl("f(x) = exp(x) - 2x", ("x",), _exp_line, lambda v: [math.exp(v[0]) - 2.0], lambda v: [[math.exp(v[0])]]),
    Bowl("f(x, y) = x² + xy + 2y² + exp(x - y)", ("x", "y"), _tilted, _tilted_gradient, _tilted_hessian),
    Bowl("the quadratic f(v) = ½ vᵀAv - cᵀv, A = [[4, 1, 0], [1, 3, 1], [0, 1, 2]], c = [1, 2, 3]", ("x", "y", "z"),
         _quadratic, _quadratic_gradient, lambda v: [list(row) for row in QUADRATIC_A]),
    Bowl(f"logistic regression's BCE on (x, label) = {list(POINTS)}, f(w, b)", ("w", "b"), _logistic,
         _logistic_gradient, _logistic_hessian),
)
