"""Grades exercise 6: dL/dz of BCE(sigmoid(z), y) against the engine's backward through bce_with_logits
and central differences, with the typical slips (p + y, y - p, z - y, dL/dp alone, sigmoid's slope twice) named;
the formula only with --reveal or the last hint."""
import math
from collections.abc import Callable
from functools import partial

from hypothesis import strategies as st

from autograd import Value, numerical_grad
from nn import bce_with_logits

from ..answers import as_number
from ..catalog import heading_of
from ..grading import DERIVATIVE, Grader, Verdict, call, show, show_inputs, slip


def sigmoid(z: float) -> float:
    return Value(z).sigmoid().data


def dl_dp(z: float, y: float) -> float:
    """dL/dp alone (NaN where p rounds to 0 or 1 and it divides by zero)."""
    p = sigmoid(z)
    return -y / p + (1 - y) / (1 - p) if 0 < p < 1 else math.nan


# The common slips, as functions of (z, y), with what the verdict says of each (what was written, not p - y).
# tests/exercises/test_exercise_feedback.py checks each differs from the answer at every slip point.
SLIPS: dict[str, Callable[[float, float], float]] = {
    "That is p + y: a common slip. Look again at the sign each term of dL/dp carries (--hint).":
        lambda z, y: sigmoid(z) + y,
    "That is y - p: the sign is flipped (a prediction above its label must push z down).": lambda z, y: y - sigmoid(z),
    "That is z - y: the logit z stands where the prediction p = sigmoid(z) belongs.": lambda z, y: z - y,
    "That is dL/dp alone: the step from p back to z (through sigmoid) is missing.": dl_dp,
    "That is sigmoid's slope p(1 - p) applied once more after the step back through sigmoid was taken.":
        lambda z, y: (sigmoid(z) - y) * sigmoid(z) * (1 - sigmoid(z)),
}
# First, points where every slip differs from the answer beyond the tolerance (y = 1: with y = 0, p + y is right);
# then y = 0, and confident predictions, right and wrong, where p rounds to 1.0 or 0.0 and dL/dp and dp/dz, kept
# apart, divide by zero.
SLIP_POINTS = [(1.0, 1.0), (0.0, 1.0), (-3.0, 1.0)]
EDGES = [*SLIP_POINTS, (0.0, 0.0), (2.0, 0.0), (40.0, 1.0), (40.0, 0.0), (-40.0, 1.0), (-40.0, 0.0)]
WHERE = "dL/dz is the gradient at the logit z, two steps back from the loss: L → p = sigmoid(z) → z."
POINTS = st.tuples(st.floats(-15.0, 15.0, allow_nan=False, allow_subnormal=False), st.sampled_from([0.0, 1.0]))


def engine_gradient(z: float, y: float) -> float:
    logit = Value(z)
    bce_with_logits([logit], [y]).backward()
    return logit.grad


def ask(answer: Callable[..., object], z: float, y: float) -> float:
    """The learner's side: their dL/dz at (z, y), an overflow or a division by zero explained."""
    what = f"bce_gradient({show(z)}, {show(y)})"
    reason = (f"At z = {show(z)}, p = sigmoid(z) rounds to {1.0 if z > 0 else 0.0} in floats, so 1/p, 1/(1 - p) "
              "or their logarithms fail. Multiply dL/dp by dp/dz on paper first: the product is p - y, which "
              "never divides (and compute p without exp of a large positive number).")
    reasons = {ZeroDivisionError: reason, OverflowError: reason, ValueError: reason}
    return as_number(call(answer, what, z, y, reasons=reasons), what)


def grade(learner: Callable[..., object]) -> Verdict:
    """``learner(z, y)`` gives the learner's dL/dz there (from ask)."""
    grader = Grader(DERIVATIVE)

    def examine(z: float, y: float) -> None:
        yours = as_number(learner(z, y), f"bce_gradient({show(z)}, {show(y)})")
        expected = engine_gradient(z, y)
        grader.compare("dL/dz", "at " + show_inputs(z=z, y=y), yours, expected, partial(why, z, y, yours, expected),
                       where=WHERE, formula=partial(formula, z, y, expected))

    return grader.run(heading_of(__name__), examine, EDGES, POINTS, max_examples=150)


def why(z: float, y: float, yours: float, expected: float) -> str:
    """The numbers (p, the two witnesses) and the slip the learner's value matches, if any; not the formula."""
    central = numerical_grad(lambda v: bce_with_logits([v], [y]), [z])[0]
    note = slip(yours, expected, {text: wrong(z, y) for text, wrong in SLIPS.items()})
    return (f"  p = sigmoid(z) = {sigmoid(z):.6g}; the engine's backward through bce_with_logits gives "
            f"{expected:.6g}, and the central difference gives {central:.6g}." + (f"\n  {note}" if note else ""))


def formula(z: float, y: float, expected: float) -> str:
    p = sigmoid(z)
    return (f"  dL/dz = dL/dp × dp/dz = (-y/p + (1 - y)/(1 - p)) × p(1 - p) = p - y = {p:.6g} - {show(y)} "
            f"= {expected:.6g}.")
