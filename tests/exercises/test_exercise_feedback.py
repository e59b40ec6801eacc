"""Feedback as a ladder (issue 22, item 3): a wrong verdict names the first wrong quantity, where it sits in the
chain, the numbers and the slip, but not the formula; --reveal (check(..., reveal=True)) or the last hint adds it.
Every catalogued slip of every exercise is told apart from the right answer, and named, at every slip point."""
import importlib
import math

import pytest

from autograd import Value
from exercises import check
from exercises.catalog import find
from exercises.cli import main
from exercises.grading import DERIVATIVE
from exercises.sandbox import in_process


def test_exercise_1s_starter_imports_the_math_it_names():
    assert "import math" in find(1).starter_text()


def test_exercise_1s_first_wrong_verdict_names_the_slip_without_the_formula():
    text = str(check(1, lambda x: 1 - math.tanh(x)))
    assert "wrong" in text and "1 - tanh(x)" in text  # it names what the learner wrote
    assert "**2" not in text and "squares" not in text and "t * t" not in text  # not the answer (hint 2, 3)
    assert "where: tanh'(x) is one tanh node's local derivative" in text


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


def grader_of(number: int):
    return importlib.import_module(f"exercises.{find(number).slug}.grader")


def right_answers(number: int, solution):
    """The reference solution's answers, as the grader reads them (from its ask), remembered per point."""
    ask, known = in_process(grader_of(number).ask, solution(number)), {}

    def at(*point):
        if repr(point) not in known:
            known[repr(point)] = ask(*point)
        return known[repr(point)]

    return at


@pytest.mark.parametrize("number", range(1, 11))
def test_every_catalogued_slip_is_told_apart_and_named_at_every_slip_point(number, solution):
    """A learner right everywhere but at one slip point, where they make the slip: the verdict is wrong there,
    names that slip (or the first catalogued one giving the same answer), says where it sits, and holds the
    formula back until revealed."""
    grader, right = grader_of(number), right_answers(number, solution)
    assert len(grader.SLIPS) >= 3
    assert grader.EDGES[: len(grader.SLIP_POINTS)] == grader.SLIP_POINTS  # checked first
    for point in grader.SLIP_POINTS:
        answers = {note: slip(*point) for note, slip in grader.SLIPS.items()}
        for note, slip in grader.SLIPS.items():
            verdict = grader.grade(lambda *asked, point=point, slip=slip: slip(*asked) if asked == point
                                   else right(*asked))
            named = next(other for other, answer in answers.items() if answer == answers[note])
            text = str(verdict)
            assert not verdict and named in text, (point, note, text)
            assert "the formula (revealed)" not in text and verdict.formula, (point, note)
            assert all(line in str(verdict.reveal()) for line in verdict.formula.splitlines())
            assert number == 4 or "where: " in text, text


def softmax(logits):
    exps = [math.exp(z - max(logits)) for z in logits]
    return [e / sum(exps) for e in exps]


# A slip answer per exercise, and a piece of the reference formula its verdict must not show until revealed.
SLIPPED = {
    1: (lambda x: 1 - math.tanh(x), "1 - tanh(x)**2"),
    2: (lambda x1, w1, x2, w2, b: {"x1": w1, "w1": x1, "x2": w2, "w2": x2, "b": 1.0}, "1 - out**2"),
    5: (lambda x, y, w1, b1, w2, b2: dict.fromkeys(("out", "b2", "w2", "h", "z1", "b1", "w1", "x"), 0.0),
        "2 (out - y)"),
    6: (lambda z, y: sigmoid(z) + y, "p - y"),
    8: (lambda logits, target: (softmax(logits), [0.0] * len(logits)), "- onehot["),
    10: (lambda f, point: [0.0] * len(point), "H⁻¹ g ="),
}


@pytest.mark.parametrize("number", sorted(SLIPPED))
def test_a_slips_verdict_holds_the_formula_back_and_reveal_shows_it(number):
    answer, formula = SLIPPED[number]
    hidden, revealed = str(check(number, answer)), str(check(number, answer, reveal=True))
    assert "wrong" in hidden and formula not in hidden, hidden
    assert revealed.startswith(hidden) and formula in revealed.split("the formula (revealed):")[1], revealed


@pytest.mark.parametrize("number, formula", [(3, "+= node.grad * local"), (4, "push (root, False)"),
                                             (7, "w_old - lr × grad"), (9, "optimizer.zero_grad()"),
                                             (11, "s + x·s·(1 - s)")])
def test_the_other_exercises_hold_their_formula_back_too(number, formula):
    grader = grader_of(number)
    if number == 11:
        verdict = grader.grade(lambda kind, x: [x * sigmoid(x), 0.0])
    else:
        verdict = grader.grade(next(iter(grader.SLIPS.values())))
    assert not verdict and formula not in str(verdict) and formula in str(verdict.reveal()), str(verdict.reveal())


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


P_PLUS_Y = "import math\n\n\ndef bce_gradient(z, y):\n    return 1.0 / (1.0 + math.exp(-z)) + y\n"
REVEALED = "dL/dz = dL/dp × dp/dz = (-y/p + (1 - y)/(1 - p)) × p(1 - p) = p - y = 0.731059 - 1 = -0.268941."


def test_the_command_line_reveals_the_formula_with_reveal_or_after_the_last_hint(tmp_path, capsys):
    (tmp_path / "e06_bce_gradient.py").write_text(P_PLUS_Y)
    assert main(["check", "6", "--folder", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert "your dL/dz at z = 1, y = 1 is 1.731; expected -0.2689." in out and REVEALED not in out
    assert "where: dL/dz is the gradient at the logit z, two steps back from the loss" in out
    assert "python -m exercises check 6 --reveal shows the formula" in out
    assert main(["check", "6", "--reveal", "--folder", str(tmp_path)]) == 1
    assert REVEALED in capsys.readouterr().out
    for _ in find(6).hints():
        main(["check", "6", "--hint", "--folder", str(tmp_path)])
    capsys.readouterr()
    assert main(["check", "6", "--folder", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert REVEALED in out and "No hints left, and the formula is shown above." in out
