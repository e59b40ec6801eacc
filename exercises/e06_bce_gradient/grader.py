"""Grades exercise 6: dL/dz of BCE(sigmoid(z), y) against the engine's backward through bce_with_logits
and central differences, with the typical slips (p + y, y - p, z - y, a forgotten sigmoid) named."""
import math
from collections.abc import Callable
from functools import partial

from hypothesis import strategies as st

from autograd import Value, numerical_grad
from nn import bce_with_logits

from ..catalog import heading_of
from ..grading import DERIVATIVE, Grader, Verdict, as_number, call, show, show_inputs, slip

# Plain points first, then confident predictions, right and wrong, where p rounds to 1.0 or 0.0 and
# dL/dp and dp/dz, kept apart, divide by zero.
EDGES = [(1.0, 1.0), (0.0, 1.0), (0.0, 0.0), (2.0, 0.0), (-3.0, 1.0), (40.0, 1.0), (40.0, 0.0),
         (-40.0, 1.0), (-40.0, 0.0)]
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
        grader.compare("dL/dz", "at " + show_inputs(z=z, y=y), yours, expected, partial(why, z, y, yours, expected))

    return grader.run(heading_of(__name__), examine, EDGES, POINTS, max_examples=150)


def why(z: float, y: float, yours: float, expected: float) -> str:
    """p - y spelled out, the two witnesses, and the slip the learner's value matches, if any."""
    p = Value(z).sigmoid().data
    slips = {"That is p + y: the label is subtracted, dL/dz = p - y.": p + y,
             "That is y - p: the sign is flipped; dL/dz = p - y (a prediction above the label pushes z down).": y - p,
             "That is z - y: p = sigmoid(z), not z itself.": z - y,
             "That is dL/dp alone: multiply by dp/dz = p (1 - p).":
                 -y / p + (1 - y) / (1 - p) if 0 < p < 1 else math.nan}
    central = numerical_grad(lambda v: bce_with_logits([v], [y]), [z])[0]
    note = slip(yours, expected, slips)
    return (f"  p = sigmoid(z) = {p:.6g}, so p - y = {p:.6g} - {show(y)} = {expected:.6g}; the engine's backward "
            f"through bce_with_logits agrees, and the central difference gives {central:.6g}."
            + (f"\n  {note}" if note else ""))
