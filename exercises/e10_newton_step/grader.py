"""Grades exercise 10: the learner's Newton step on four bowls at many points against x - H⁻¹ g from
closed-form gradients and Hessians (checked against autograd's hessian in the tests); slips are named."""
from collections.abc import Callable

import numpy as np
from hypothesis import strategies as st
from numpy.typing import NDArray

from ..catalog import heading_of
from ..grading import DERIVATIVE, Grader, Verdict, as_numbers, call, show, slip
from .bowls import BOWLS, Bowl

# (bowl, point): the quadratic, where one step lands on the exact minimum, first; then the others.
EDGES = [(BOWLS[2], [0.0, 0.0, 0.0]), (BOWLS[0], [0.0]), (BOWLS[1], [0.0, 0.0]), (BOWLS[1], [1.0, -0.5]),
         (BOWLS[3], [0.0, 0.0]), (BOWLS[3], [1.0, -1.0])]
COORDINATE = st.floats(-1.5, 1.5, allow_nan=False, allow_subnormal=False)
POINTS = st.sampled_from(BOWLS).flatmap(
    lambda bowl: st.tuples(st.just(bowl), st.lists(COORDINATE, min_size=len(bowl.names), max_size=len(bowl.names))))


def ask(answer: Callable[..., object], bowl_number: int, point: list[float]) -> list[float]:
    """The learner's side: their new point after one step on BOWLS[bowl_number] from ``point``."""
    bowl = BOWLS[bowl_number]
    what = f"newton_step(f, [{', '.join(show(x) for x in point)}]) for {bowl.text}"
    return as_numbers(call(answer, what, bowl.f, list(point)), len(point), what)


def grade(learner: Callable[..., object]) -> Verdict:
    """``learner(bowl_number, point)`` gives the learner's new point (from ask)."""
    grader = Grader(DERIVATIVE)

    def examine(bowl: Bowl, point: list[float]) -> None:
        yours = as_numbers(learner(BOWLS.index(bowl), point), len(point), "newton_step")
        x, g, H = np.array(point), np.array(bowl.gradient(point)), np.array(bowl.hessian(point))
        step = np.linalg.solve(H, g)
        expected = x - step
        slips = {"That is x - H g: multiplying by H is not dividing by it; solve H d = g for the step d.": x - H @ g,
                 "That is x - g: a gradient step; the Newton step divides by the curvature H.": x - g,
                 "That is x + H⁻¹ g: the step goes the other way, x - H⁻¹ g.": x + step,
                 "That uses only H's diagonal: the off-diagonal terms matter, solve with all of H.": x - g / np.diag(H)}
        at = f"from {', '.join(f'{n} = {show(v)}' for n, v in zip(bowl.names, point))} on {bowl.text}"
        for k, name in enumerate(bowl.names):
            notes = {note: values[k] for note, values in slips.items()}
            why = (f"  g = {rounded(g)}, H = {rounded(H)}, so H⁻¹ g = {rounded(step)} and "
                   f"x - H⁻¹ g = {rounded(expected)}.\n  " + slip(yours[k], expected[k], notes)).rstrip()
            grader.compare(f"new {name}", at, yours[k], float(expected[k]), why)

    return grader.run(heading_of(__name__), examine, EDGES, POINTS, max_examples=100)


def rounded(array: NDArray[np.float64]) -> str:
    """[1.5, -0.25] or [[4, 1], [1, 3]], four significant digits."""
    if np.ndim(array) == 0:
        return f"{float(array):.4g}"
    return "[" + ", ".join(rounded(item) for item in array) + "]"
