"""Grades exercise 1: tanh_derivative(x) against the engine's backward through tanh and central differences."""
import math
from collections.abc import Callable

from hypothesis import strategies as st

from autograd import Value, numerical_grad

from ..catalog import heading_of
from ..grading import DERIVATIVE, Grader, Verdict, as_number, call, show, show_inputs, slip

# 0 and +-1 are where slips show or hide; +-10 and -20 where tanh is flat and 1 - tanh**2 loses digits.
EDGES = [(0.5,), (0.0,), (1.0,), (-1.0,), (-2.5,), (3.0,), (10.0,), (-20.0,)]
POINTS = st.tuples(st.floats(-6.0, 6.0, allow_nan=False, allow_subnormal=False))


def engine_slope(x: float) -> float:
    """tanh'(x) as backward() computes it."""
    leaf = Value(x)
    leaf.tanh().backward()
    return leaf.grad


def grade(answer: Callable[..., object]) -> Verdict:
    grader = Grader(DERIVATIVE)

    def examine(x: float) -> None:
        what = f"tanh_derivative({show(x)})"
        yours, expected = as_number(call(answer, what, x), what), engine_slope(x)
        t = math.tanh(x)
        slips = {"That is 1 - tanh(x): tanh' squares tanh, 1 - tanh(x)**2.": 1.0 - t,
                 "That is 1 - x**2: square tanh(x), not x.": 1.0 - x * x,
                 "That is tanh(x) itself, not its slope.": t}

        def why() -> str:
            central = numerical_grad(lambda v: v.tanh(), [x])[0]
            return "\n".join(filter(None, [f"  the engine's backward through tanh gives {expected:.6g}; the central "
                                           f"difference (tanh(x + 1e-6) - tanh(x - 1e-6)) / 2e-6 gives {central:.6g}.",
                                           "  " + slip(yours, expected, slips)])).rstrip()

        grader.compare("tanh'(x)", "at " + show_inputs(x=x), yours, expected, why)

    return grader.run(heading_of(__name__), examine, EDGES, POINTS, max_examples=150)
