"""Grades exercise 8: the probabilities against nn.softmax, the gradient against the engine's backward
through nn.cross_entropy and central differences; a slip such as a missing term or no shift is named."""
import math
from collections.abc import Callable
from functools import partial

from hypothesis import strategies as st

from autograd import Value, numerical_grad
from nn import cross_entropy, softmax

from ..catalog import heading_of
from ..grading import DERIVATIVE, AnswerError, Grader, Verdict, as_numbers, call, show, show_inputs

# (logits, target): two classes (softmax([z, 0]) = sigmoid(z)), ties, three classes, and huge logits.
EDGES = [([2.0, 0.0], 0), ([1.0, 2.0, 0.5], 1), ([0.0, 0.0, 0.0], 2), ([3.0, -1.0, 0.5, 2.0], 3),
         ([1000.0, 0.0, -1000.0], 2), ([-800.0, -801.0], 0)]
LOGITS = st.lists(st.floats(-6.0, 6.0, allow_nan=False, allow_subnormal=False), min_size=2, max_size=5)
POINTS = LOGITS.flatmap(lambda row: st.tuples(st.just(row), st.integers(0, len(row) - 1)))
OVERFLOW = ("e^z overflows for a large logit (or every e^z underflows to 0 for very negative ones): subtract the "
            "largest logit from every logit first (softmax does not change, since the factor e^-max cancels).")


def expected(logits: list[float], target: int) -> tuple[list[float], list[float]]:
    """The engine's probabilities and dL/dz."""
    row = [Value(z) for z in logits]
    cross_entropy(row, target).backward()
    return [p.data for p in softmax([Value(z) for z in logits])], [z.grad for z in row]


def ask(answer: Callable[..., object], logits: list[float], target: int) -> list[list[float]]:
    """The learner's side: [their probabilities, their gradient]."""
    what = f"softmax_cross_entropy([{', '.join(show(z) for z in logits)}], {target})"
    result = call(answer, what, list(logits), target, reasons={OverflowError: OVERFLOW, ZeroDivisionError: OVERFLOW})
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AnswerError(f"{what} returned {result!r}; return a pair (probabilities, gradient).")
    return [as_numbers(result[0], len(logits), f"{what}, its probabilities,"),
            as_numbers(result[1], len(logits), f"{what}, its gradient,")]


def grade(learner: Callable[..., object]) -> Verdict:
    """``learner(logits, target)`` gives the learner's [probabilities, gradient] (from ask)."""
    grader = Grader(DERIVATIVE)

    def examine(logits: list[float], target: int) -> None:
        pair = learner(logits, target)
        assert isinstance(pair, list) and len(pair) == 2, pair  # ask made it
        probabilities = as_numbers(pair[0], len(logits), "its probabilities")
        gradient = as_numbers(pair[1], len(logits), "its gradient")
        right_p, right_g = expected(logits, target)
        at = "at " + show_inputs(z=logits, target=target)
        for k, (mine, right) in enumerate(zip(probabilities, right_p)):
            grader.compare(f"p[{k}]", at, mine, right, f"  e^(z[{k}] - max z) / sum_j e^(z[j] - max z) = {right:.6g} "
                                                       f"(nn.softmax gives the same); the probabilities sum to 1.")
        for k, (mine, right) in enumerate(zip(gradient, right_g)):
            grader.compare(f"dL/dz[{k}]", at, mine, right, partial(reason, logits, target, k, gradient, right_p))

    return grader.run(heading_of(__name__), examine, EDGES, POINTS, max_examples=120)


def reason(logits: list[float], target: int, k: int, gradient: list[float], p: list[float]) -> str:
    onehot = 1.0 if k == target else 0.0
    central = numerical_grad(lambda *row: cross_entropy(list(row), target), logits)[k]
    lines = [f"  p[{k}] - onehot[{k}] = {p[k]:.6g} - {show(onehot)} = {p[k] - onehot:.6g}; the engine's backward "
             f"through nn.cross_entropy agrees, and the central difference gives {central:.6g}."]
    if k != target and math.isclose(gradient[k], 0.0, abs_tol=1e-12):
        lines.append(f"  Class {k} is not the target, but it still gets p[{k}]: raising any wrong logit raises the "
                     "loss. The gradient is p - onehot in every component.")
    elif k == target and math.isclose(gradient[k], p[k], rel_tol=1e-9):
        lines.append("  That is p alone: the target's component is p - 1 (from the -z_target in L).")
    return "\n".join(lines)
