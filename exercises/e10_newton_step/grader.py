"""Grades exercise 10: the learner's Newton step on four bowls at many points against the step from closed-form
gradients and Hessians (checked against autograd's hessian in the tests); slips are named, and the formula comes
only with --reveal or the last hint."""
from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray

from ..answers import as_numbers
from ..catalog import heading_of
from ..grading import DERIVATIVE, Grader, Verdict, call, show, slip_of
from .bowls import BOWLS

Vector = NDArray[np.float64]
Matrix = NDArray[np.float64]



def newton(bowl_number: int, point: list[float]) -> tuple[Vector, Vector, Matrix, Vector]:
    """(x, g, H, H⁻¹ g) on BOWLS[bowl_number] at ``point``, from the closed forms."""
    bowl = BOWLS[bowl_number]
    x, g, H = np.array(point), np.array(bowl.gradient(point)), np.array(bowl.hessian(point))
    return x, g, H, np.linalg.solve(H, g)


def slipped(step: Callable[[Vector, Matrix, Vector], Vector]) -> Callable[[int, list[float]], list[float]]:
    """A slip's new point: x - step(g, H, H⁻¹ g)."""
    def new_point(bowl_number: int, point: list[float]) -> list[float]:
        x, g, H, right = newton(bowl_number, point)
        return [float(v) for v in x - step(g, H, right)]

    return new_point


# The common slips, each as the new point a learner making it returns, with what the verdict says of it (what was
# written, not the formula). tests/exercises/test_exercise_feedback.py checks each is told apart at every slip point.
SLIPS: dict[str, Callable[[int, list[float]], list[float]]] = {
    "That is x - H g: a common slip. Look again at what H does to g (--hint).": slipped(lambda g, H, d: H @ g),
    "That is x - g: a plain gradient step, with no curvature in it.": slipped(lambda g, H, d: g),
    "That is the right step taken the wrong way, uphill.": slipped(lambda g, H, d: -d),
    "That uses only H's diagonal: the off-diagonal terms matter.": slipped(lambda g, H, d: g / np.diag(H)),
}
# (bowl number, point): first, points where every slip differs from the answer (H neither the identity nor
# diagonal): the quadratic, where one step lands on the exact minimum; then the 1-d bowl and the tilted one at 0,
# where H is diagonal.
SLIP_POINTS = [(2, [0.0, 0.0, 0.0]), (1, [1.0, -0.5]), (3, [0.0, 0.0]), (3, [1.0, -1.0])]
EDGES = [*SLIP_POINTS, (0, [0.0]), (1, [0.0, 0.0])]
WHERE = "the new point is one Newton step from yours on f: the update that uses the gradient and the curvature."
COORDINATE = st.floats(-1.5, 1.5, allow_nan=False, allow_subnormal=False)
POINTS = st.integers(0, len(BOWLS) - 1).flatmap(
    lambda k: st.tuples(st.just(k), st.lists(COORDINATE, min_size=len(BOWLS[k].names), max_size=len(BOWLS[k].names))))


def ask(answer: Callable[..., object], bowl_number: int, point: list[float]) -> list[float]:
    """The learner's side: their new point after one step on BOWLS[bowl_number] from ``point``."""
    bowl = BOWLS[bowl_number]
    what = f"newton_step(f, [{', '.join(show(x) for x in point)}]) for {bowl.text}"
    return as_numbers(call(answer, what, bowl.f, list(point)), len(point), what)


def grade(learner: Callable[..., object]) -> Verdict:
    """``learner(bowl_number, point)`` gives the learner's new point (from ask)."""
    grader = Grader(DERIVATIVE)

    def examine(bowl_number: int, point: list[float]) -> None:
        bowl = BOWLS[bowl_number]
        yours = as_numbers(learner(bowl_number, point), len(point), "newton_step")
        x, g, H, step = newton(bowl_number, point)
        expected = x - step
        note = slip_of(yours, expected.tolist(), {text: wrong(bowl_number, point) for text, wrong in SLIPS.items()})
        at = f"from {', '.join(f'{n} = {show(v)}' for n, v in zip(bowl.names, point))} on {bowl.text}"
        why = f"  here g = {rounded(g)} and H = {rounded(H)}." + (f"\n  {note}" if note else "")
        formula = f"  x - H⁻¹ g, with H⁻¹ g = {rounded(step)} (solve H d = g): x - H⁻¹ g = {rounded(expected)}."
        for k, name in enumerate(bowl.names):
            grader.compare(f"new {name}", at, yours[k], float(expected[k]), why, where=WHERE, formula=formula)

    return grader.run(heading_of(__name__), examine, EDGES, POINTS, max_examples=100)


def rounded(array: NDArray[np.float64]) -> str:
    """[1.5, -0.25] or [[4, 1], [1, 3]], four significant digits."""
    if np.ndim(array) == 0:
        return f"{float(array):.4g}"
    return "[" + ", ".join(rounded(item) for item in array) + "]"
