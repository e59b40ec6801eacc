"""Grades exercise 9: the learner's trained weights against the optimum of BCE, which the grader finds by
Newton's method (autograd's hessian), on two overlapping datasets; within 0.001 passes, within 1e-6 is exact."""
from collections.abc import Callable
from functools import cache, partial

import numpy as np
from numpy.typing import NDArray

from autograd import Value, hessian
from nn import SGD, LogisticRegression, bce, make_blobs

from ..answers import as_numbers
from ..catalog import heading_of
from ..grading import AnswerError, Grader, Tolerance, Verdict, call

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
    """The learner's side: the three weights their training reaches on the dataset, then, when it returns a model,
    the .grad its parameters were left holding (which tells a loop that never zeroes them)."""
    X, y = dataset(name)
    what = f"train_logistic_regression(X, y) on dataset {name}"
    result = call(answer, what, X, y)
    if not hasattr(result, "parameters"):
        return as_numbers(result, 3, what)
    parameters = list(call(result.parameters, f"the parameters() of what {what} returned"))
    return as_numbers([p.data for p in parameters], 3, what) + as_numbers([p.grad for p in parameters], 3, what)


def trained(steps: int, lr: float, zero_grad: bool = True, uphill: bool = False) -> Callable[[str], list[float]]:
    """A loop like the starter's with ``steps`` steps of ``lr``, zeroing the gradients or not, its own update
    adding the gradient (``uphill``) or SGD's: a slip's answer."""
    def weights(name: str) -> list[float]:
        X, y = dataset(name)
        model = LogisticRegression(2, seed=0)
        optimizer = SGD(model.parameters(), lr=lr)
        for _ in range(steps):
            loss = bce([model(x) for x in X], y)
            if zero_grad:
                optimizer.zero_grad()
            loss.backward()
            for parameter in model.parameters() if uphill else ():
                parameter.data += lr * parameter.grad
            if not uphill:
                optimizer.step()
        return [p.data for p in model.parameters()] + [p.grad for p in model.parameters()]

    return weights


UPHILL = "Your loss is higher than the untrained model's: the steps go uphill."
PILED = ("Your parameters' .grad is far from the gradient at your weights: the gradients piled up across steps "
         "instead of starting from zero each time.")
NOT_YET = "Not at the bottom of the bowl yet: at the bottom every gradient is 0."
# The common slips, each as the weights (and leftover grads) a learner making it reaches, with the note the verdict
# gives. tests/exercises/test_exercise_feedback.py checks each misses the optimum on every dataset.
SLIPS: dict[str, Callable[[str], list[float]]] = {NOT_YET: trained(10, 1.0), UPHILL: trained(100, 1.0, uphill=True),
                                                  PILED: trained(300, 0.5, zero_grad=False)}
SLIP_POINTS = [(name,) for name in DATASETS]
EDGES = SLIP_POINTS
LOOP = ("  the loop: optimizer.zero_grad(); loss.backward(); optimizer.step(), repeated until every gradient is "
        "tiny (max |p.grad| < 1e-9); lr = 2.0 gets there in a few hundred steps.")


def grade(learner: Callable[..., object]) -> Verdict:
    """``learner(name)`` gives the weights the learner's loop reaches on dataset ``name`` (from ask)."""
    grader = Grader(TOLERANCE, unit="datasets", exact="every weight within 1e-6 of the optimum",
                    exactly=CONVERGED)
    try:
        for (name,) in EDGES:
            X, _ = dataset(name)
            answered = learner(name)
            count = 6 if isinstance(answered, list) and len(answered) == 6 else 3  # with the leftover grads, or not
            weights_and_grads = as_numbers(answered, count, f"train_logistic_regression(X, y) on dataset {name}")
            weights, left = weights_and_grads[:3], weights_and_grads[3:]
            best, _ = optimum(name)
            for label, mine, right in zip(NAMES, weights, best):
                grader.compare(label, f"on dataset {name} ({len(X)} points of make_blobs(seed={DATASETS[name][1]}))",
                               mine, right, partial(reason, name, weights, left), where=WHERE, formula=LOOP)
    except AnswerError as wrong:
        return Verdict.wrong(heading_of(__name__), wrong)
    return grader.verdict(heading_of(__name__))


WHERE = "the weights training ends with: the bottom of BCE's bowl, where every dL/dw is 0."


def reason(name: str, weights: list[float], left: list[float]) -> str:
    """The optimum and the losses in numbers, and what the learner's weights and leftover grads say went wrong."""
    X, y = dataset(name)
    best, lowest = optimum(name)
    leaves = [Value(w) for w in weights]
    yours = loss(X, y, *leaves)
    yours.backward()
    now = [leaf.grad for leaf in leaves]
    start = loss(X, y, *[Value(p.data) for p in LogisticRegression(2, seed=0).parameters()]).data
    where = ", ".join(f"{label} = {w:.6g}" for label, w in zip(NAMES, best))
    text = (f"  The optimum, by Newton's method (w -= H⁻¹ grad, H from autograd's hessian), is {where}, with loss "
            f"{lowest:.6g}; your weights give loss {yours.data:.6g}.")
    text += f"\n  The untrained model's loss is {start:.6g}; the gradient at your weights is {shown(now)}" + (
        f", and your parameters' .grad holds {shown(left)}." if left else ".")
    if yours.data > start:
        return f"{text}\n  {UPHILL}"
    if left and max(abs(a - b) for a, b in zip(left, now)) > 5.0 * max(abs(g) for g in now) + 1e-6:
        return f"{text}\n  {PILED}"
    return f"{text}\n  {NOT_YET}" if yours.data > lowest else text


def shown(numbers: list[float]) -> str:
    return "[" + ", ".join(f"{number:.3g}" for number in numbers) + "]"
