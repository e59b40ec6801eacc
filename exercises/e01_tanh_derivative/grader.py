"""Grades exercise 1: tanh_derivative(x) against the engine's backward through tanh and central differences; a
wrong verdict gives the numbers and names the slip, --reveal (or the last hint) adds the formula."""
import math
from collections.abc import Callable

from hypothesis import strategies as st

from autograd import Value, numerical_grad

from ..answers import as_number
from ..catalog import heading_of
from ..grading import DERIVATIVE, Grader, Verdict, call, show, show_inputs, slip

# The common slips, as functions of x, and what the verdict says of each: what the learner wrote, not the answer
# (that is the last hint's). tests/exercises/test_exercise_feedback.py checks each differs at every edge point.
SLIPS: dict[str, Callable[[float], float]] = {
    "That is 1 - tanh(x): a common slip. Look again at how tanh enters its own derivative (--hint).":
        lambda x: 1.0 - math.tanh(x),
    "That is 1 - x**2: a common slip. Look again at what the derivative is written with (--hint).":
        lambda x: 1.0 - x * x,
    "That is tanh(x) itself, not its slope.": math.tanh,
}
# First, points where every slip differs from the answer beyond the tolerance (not 0, where 1 - tanh(x) and
# 1 - x**2 both give the right 1); then +-10 and -20, where tanh is flat and a careless 1 - tanh**2 loses digits.
SLIP_POINTS = [(0.5,), (1.5,), (-1.0,), (-2.5,)]
EDGES = [*SLIP_POINTS, (3.0,), (10.0,), (-20.0,)]
WHERE = ("tanh'(x) is one tanh node's local derivative: the factor backward multiplies the gradient arriving at "
         "out = tanh(x) by, to hand it down to x.")
POINTS = st.tuples(st.floats(-6.0, 6.0, allow_nan=False, allow_subnormal=False))


def engine_slope(x: float) -> float:
    """tanh'(x) as backward() computes it."""
    leaf = Value(x)
    leaf.tanh().backward()
    return leaf.grad


def ask(answer: Callable[..., object], x: float) -> float:
    """The learner's side (run where their code runs): their slope at x."""
    what = f"tanh_derivative({show(x)})"
    return as_number(call(answer, what, x), what)


def grade(learner: Callable[..., object]) -> Verdict:
    """``learner(x)`` gives the learner's answer at x (from ask, in the child process or here)."""
    grader = Grader(DERIVATIVE)

    def examine(x: float) -> None:
        yours, expected = as_number(learner(x), f"tanh_derivative({show(x)})"), engine_slope(x)
        slips = {note: wrong(x) for note, wrong in SLIPS.items()}

        def why() -> str:
            central = numerical_grad(lambda v: v.tanh(), [x])[0]
            return "\n".join(filter(None, [f"  the engine's backward through tanh gives {expected:.6g}; the central "
                                           f"difference (tanh(x + 1e-6) - tanh(x - 1e-6)) / 2e-6 gives {central:.6g}.",
                                           "  " + slip(yours, expected, slips)])).rstrip()

        grader.compare("tanh'(x)", "at " + show_inputs(x=x), yours, expected, why, where=WHERE,
                       formula=f"  tanh'(x) = 1 - tanh(x)**2 = 1 - {math.tanh(x):.6g}**2 = {expected:.6g}.")

    return grader.run(heading_of(__name__), examine, EDGES, POINTS, max_examples=150)
