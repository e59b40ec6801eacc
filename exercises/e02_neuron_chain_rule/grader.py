"""Grades exercise 2: the learner's five gradients of tanh(x1 w1 + x2 w2 + b) against backward,
reported in the order backward completes them and, when wrong, in explain's terms."""
from collections.abc import Callable
from functools import partial

from hypothesis import strategies as st

from autograd import Value, numerical_grad

from ..catalog import heading_of
from ..chain import compare_gradients
from ..grading import DERIVATIVE, Grader, Verdict, as_gradients, call, show, show_inputs

NAMES = ("x1", "w1", "x2", "w2", "b")
# The README's neuron first (a familiar picture), then plain and saturated ones.
EDGES = [(2.0, -3.0, 0.0, 1.0, 6.88), (1.0, 1.0, 1.0, 1.0, 0.0), (2.0, 0.5, -1.0, 0.25, 0.0), (0.0, 0.0, 0.0, 0.0, 0.0),
         (3.0, 2.0, -1.0, -2.0, 1.5)]
POINTS = st.tuples(*[st.floats(-3.0, 3.0, allow_nan=False, allow_subnormal=False)] * len(NAMES))


def neuron(*numbers: float) -> tuple[Value, dict[str, Value]]:
    """out = tanh(x1*w1 + x2*w2 + b), every node labelled as the starter names it; and the leaves by name."""
    leaves = {name: Value(number, label=name) for name, number in zip(NAMES, numbers)}
    x1w1 = labelled(leaves["x1"] * leaves["w1"], "x1w1")
    x2w2 = labelled(leaves["x2"] * leaves["w2"], "x2w2")
    n = labelled(labelled(x1w1 + x2w2, "s") + leaves["b"], "n")
    return labelled(n.tanh(), "out"), leaves


def central_differences(numbers: list[float]) -> dict[str, float]:
    """d out / d input for each input by central differences, by name."""
    return dict(zip(NAMES, numerical_grad(lambda *inputs: neuron(*[v.data for v in inputs])[0], numbers)))


def labelled(value: Value, label: str) -> Value:
    value.label = label
    return value


def ask(answer: Callable[..., object], *numbers: float) -> dict[str, float]:
    """The learner's side: their five gradients at the point."""
    what = f"neuron_gradients({', '.join(show(number) for number in numbers)})"
    return as_gradients(call(answer, what, *numbers), NAMES, what)


def grade(learner: Callable[..., object]) -> Verdict:
    """``learner(*numbers)`` gives the learner's gradients there (from ask)."""
    grader = Grader(DERIVATIVE)

    def examine(*numbers: float) -> None:
        yours = as_gradients(learner(*numbers), NAMES, "neuron_gradients")
        out, leaves = neuron(*numbers)
        compare_gradients(grader, out, leaves, yours, "at " + show_inputs(**dict(zip(NAMES, numbers))),
                          partial(central_differences, list(numbers)))

    return grader.run(heading_of(__name__), examine, EDGES, POINTS, max_examples=100)
