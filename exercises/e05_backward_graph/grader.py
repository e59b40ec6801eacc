"""Grades exercise 5: the learner's gradients of a two-layer network's squared error against backward,
in the order backward completes them (from the loss down), a wrong one named in explain's terms."""
from collections.abc import Callable
from functools import partial

from hypothesis import strategies as st

from autograd import Value, numerical_grad

from ..catalog import heading_of
from ..chain import compare_gradients
from ..grading import DERIVATIVE, Grader, Verdict, as_gradients, call, show, show_inputs

ARGUMENTS = ("x", "y", "w1", "b1", "w2", "b2")
ANSWERS = ("out", "b2", "w2", "h", "z1", "b1", "w1", "x")
LEAVES = ("x", "w1", "b1", "w2", "b2")  # y is a plain number: a constant, no gradient
EDGES = [(2.0, 1.0, 1.0, -1.0, 2.0, 0.0), (1.0, 0.0, 0.5, 0.0, -1.0, 0.5), (0.5, -1.0, -2.0, 1.0, 0.5, -0.5),
         (0.0, 1.0, 1.0, 0.0, 1.0, 0.0)]
POINTS = st.tuples(*[st.floats(-2.0, 2.0, allow_nan=False, allow_subnormal=False)] * len(ARGUMENTS))


def network(x: float, y: float, w1: float, b1: float, w2: float, b2: float) -> tuple[Value, dict[str, Value]]:
    """L and the nodes the learner returns gradients for, labelled as the starter names them."""
    nodes = {name: Value(number, label=name) for name, number in zip(LEAVES, (x, w1, b1, w2, b2))}
    nodes["z1"] = labelled(labelled(nodes["w1"] * nodes["x"], "w1x") + nodes["b1"], "z1")
    nodes["h"] = labelled(nodes["z1"].tanh(), "h")
    nodes["out"] = labelled(labelled(nodes["w2"] * nodes["h"], "w2h") + nodes["b2"], "out")
    loss = labelled(labelled(nodes["out"] - y, "err") ** 2, "L")
    return loss, {name: nodes[name] for name in ANSWERS}


def labelled(value: Value, label: str) -> Value:
    value.label = label
    return value


def central_differences(numbers: tuple[float, ...]) -> dict[str, float]:
    """dL/d leaf by central differences, by name."""
    y = numbers[1]
    leaves = [number for name, number in zip(ARGUMENTS, numbers) if name != "y"]
    loss = lambda x, w1, b1, w2, b2: network(x.data, y, w1.data, b1.data, w2.data, b2.data)[0]  # noqa: E731
    return dict(zip(LEAVES, numerical_grad(loss, leaves)))


def ask(answer: Callable[..., object], *numbers: float) -> dict[str, float]:
    """The learner's side: their gradients at the point."""
    what = f"network_gradients({', '.join(show(number) for number in numbers)})"
    return as_gradients(call(answer, what, *numbers), ANSWERS, what)


def grade(learner: Callable[..., object]) -> Verdict:
    """``learner(*numbers)`` gives the learner's gradients there (from ask)."""
    grader = Grader(DERIVATIVE)

    def examine(*numbers: float) -> None:
        yours = as_gradients(learner(*numbers), ANSWERS, "network_gradients")
        loss, nodes = network(*numbers)
        compare_gradients(grader, loss, nodes, yours, "at " + show_inputs(**dict(zip(ARGUMENTS, numbers))),
                          partial(central_differences, numbers))

    return grader.run(heading_of(__name__), examine, EDGES, POINTS, max_examples=100)
