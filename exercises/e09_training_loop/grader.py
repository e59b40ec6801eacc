"""Grades exercise 9: the learner's trained weights against the optimum of BCE, which the grader finds by
Newton's method (autograd's hessian), on two overlapping datasets; within 0.001 passes, within 1e-6 is exact."""
from collections.abc import Callable
from functools import cache

import numpy as np
from numpy.typing import NDArray

from autograd import Value, hessian
from nn import bce, make_blobs

from ..catalog import heading_of
from ..grading import AnswerError, Grader, Tolerance, Verdict, as_numbers, call

TOLERANCE = Tolerance(1e-3, 0.0)  # each weight within 0.001 of the optimum
CONVERGED = Tolerance(1e-6, 0.0)  # within 1e-6: as good as the optimum itself
# Overlapping clouds (no line separates them), so the optimum is finite; seeds fixed, so grading repeats.
DATASETS = {"A": ([[-1.0, 0.0], [1.0, 0.5]], 3), "B": ([[0.0, 0.0], [1.5, 1.0]], 2)}
NAMES = ("w.0", "w.1", "b")


def dataset(name: str) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """X, one row (x0, x1) per point, and y, the labels 0 and 1."""
    centers, seed = DATASETS[name]
    return make_blobs(40, centers=centers, seed=seed)


def loss(X: NDArray[np.float64], y: NDArray[np.int64], w0: Value, w1: Value, b: Value) -> Value:
    """Mean BCE of p = sigmoid(w0 x0 + w1 x1 + b), as a function of the weights (Values)."""
    return bce([(w0 * x0 + w1 * x1 + b).sigmoid() for x0, x1 in X.tolist()], y.tolist())


@cache
def optimum(name: str) -> tuple[tuple[float, ...], float]:
    """The weights (w0, w1, b) minimising BCE on the dataset, by Newton's method, and the loss there."""
    X, y = dataset(name)
    weights = np.zeros(3)
    for _ in range(50):
        leaves = [Value(w) for w in weights]
        loss(X, y, *leaves).backward()
        step = np.linalg.solve(np.array(hessian(lambda *w: loss(X, y, *w))(*weights)), [v.grad for v in leaves])
        weights = weights - step
        if np.abs(step).max() < 1e-13:
            break
    return tuple(weights.tolist()), loss(X, y, *[Value(w) for w in weights]).data


def ask(answer: Callable[..., object], name: str) -> list[float]:
    """The learner's side: the three weights their training reaches on the dataset."""
    X, y = dataset(name)
    what = f"train_logistic_regression(X, y) on dataset {name}"
    result = call(answer, what, X, y)
    numbers = [p.data for p in result.parameters()] if hasattr(result, "parameters") else result
    return as_numbers(numbers, 3, what)


def grade(learner: Callable[..., object]) -> Verdict:
    """``learner(name)`` gives the weights the learner's loop reaches on dataset ``name`` (from ask)."""
    grader = Grader(TOLERANCE, unit="datasets", exact="every weight within 1e-6 of the optimum",
                    exactly=CONVERGED)
    try:
        for name in DATASETS:
            X, y = dataset(name)
            weights = as_numbers(learner(name), 3, f"train_logistic_regression(X, y) on dataset {name}")
            best, lowest = optimum(name)
            yours = loss(X, y, *[Value(w) for w in weights]).data
            for label, mine, right in zip(NAMES, weights, best):
                grader.compare(label, f"on dataset {name} ({len(X)} points of make_blobs(seed={DATASETS[name][1]}))",
                               mine, right, reason(best, lowest, yours))
    except AnswerError as wrong:
        return Verdict(heading_of(__name__), "wrong", str(wrong))
    return grader.verdict(heading_of(__name__))


def reason(best: tuple[float, ...], lowest: float, yours: float) -> str:
    where = ", ".join(f"{name} = {w:.6g}" for name, w in zip(NAMES, best))
    text = (f"  The optimum, by Newton's method (w -= H⁻¹ grad, H from autograd's hessian), is {where}, with loss "
            f"{lowest:.6g}; your weights give loss {yours:.6g}.")
    if yours > lowest:
        text += ("\n  Not at the bottom of the bowl yet. BCE is convex here, so gradient descent gets there: take more "
                 "steps or a larger learning rate, and stop when every gradient is tiny (say max |p.grad| < 1e-9).")
    return text
