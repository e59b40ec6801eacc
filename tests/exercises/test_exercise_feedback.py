"""Feedback as a ladder (issue 22, item 3, begun): a wrong verdict does not give the formula away, the starter
imports what it names, and every catalogued slip differs from the right answer at every slip check point."""
import importlib
import math

import pytest

from autograd import Value
from exercises import check
from exercises.catalog import find
from exercises.grading import DERIVATIVE


def test_exercise_1s_starter_imports_the_math_it_names():
    assert "import math" in find(1).starter_text()


def test_exercise_1s_first_wrong_verdict_names_the_slip_without_the_formula():
    text = str(check(1, lambda x: 1 - math.tanh(x)))
    assert "wrong" in text and "1 - tanh(x)" in text  # it names what the learner wrote
    assert "**2" not in text and "squares" not in text and "t * t" not in text  # not the answer (hint 2, 3)


def sigmoid(x: float) -> float:
    return Value(x).sigmoid().data


# The right answer and each exercise's catalogue of slips, each a function of the check point's x.
RIGHT = {1: lambda x: 1 - math.tanh(x) ** 2, 11: lambda x: sigmoid(x) + x * sigmoid(x) * (1 - sigmoid(x))}


@pytest.mark.parametrize("number", sorted(RIGHT))
def test_every_catalogued_slip_differs_from_the_answer_at_every_slip_check_point(number):
    grader = importlib.import_module(f"exercises.{find(number).slug}.grader")
    assert len(grader.SLIPS) >= 3
    assert grader.EDGES[: len(grader.SLIP_POINTS)] == grader.SLIP_POINTS  # checked first
    for (x,) in grader.SLIP_POINTS:
        for note, wrong in grader.SLIPS.items():
            assert not DERIVATIVE.allows(wrong(x), RIGHT[number](x)), (x, note)


def test_exercise_11_names_the_s_times_1_minus_s_slip_as_what_was_written():
    from autograd import Rule

    class Swish(Rule):
        name = "swish"

        def forward(self, m, a):
            return a / (1.0 + m.exp(-a))

        def local_grads(self, m, a, out):
            s = 1.0 / (1.0 + m.exp(-a))
            return (s * (1.0 - s),)

    text = str(check(11, Swish))
    assert "wrong" in text and "s·(1 - s) alone: that is sigmoid's own derivative" in text, text
