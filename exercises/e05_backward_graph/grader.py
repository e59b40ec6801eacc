"""Grades exercise 5: the learner's gradients of a two-layer network's squared error against backward,
in the order backward completes them (from the loss down), a wrong one named in explain's terms: where it sits
in the chain, its numbers and the slip the whole answer matches; --reveal adds the local derivatives' formulas."""
import math
from collections.abc import Callable
from functools import partial

from hypothesis import strategies as st

from autograd import Value, numerical_grad

from ..answers import as_gradients
from ..catalog import heading_of
from ..chain import compare_gradients
from ..grading import DERIVATIVE, Grader, Verdict, call, show, show_inputs, slip_of

ARGUMENTS = ("x", "y", "w1", "b1", "w2", "b2")
ANSWERS = ("out", "b2", "w2", "h", "z1", "b1", "w1", "x")
LEAVES = ("x", "w1", "b1", "w2", "b2")  # y is a plain number: a constant, no gradient


def by_hand(top: Callable[[float, float], float] = lambda out, y: 2.0 * (out - y),
            slope: Callable[[float], float] = lambda h: 1.0 - h * h, through_w2: bool = True,
            swap: bool = False) -> Callable[..., dict[str, float]]:
    """The eight gradients worked by hand, with ``top`` as dL/d out, ``slope`` as tanh's slope at h, w2 skipped on
    the way to h (``through_w2`` False) or each first-layer factor swapped: the right answer and its slips."""
    def gradients(x: float, y: float, w1: float, b1: float, w2: float, b2: float) -> dict[str, float]:
        h = math.tanh(w1 * x + b1)
        d_out = top(w2 * h + b2, y)
        d_h = d_out * (w2 if through_w2 else 1.0)
        d_z1 = d_h * slope(h)
        return {"out": d_out, "b2": d_out, "w2": d_out * h, "h": d_h, "z1": d_z1, "b1": d_z1,
                "w1": d_z1 * (w1 if swap else x), "x": d_z1 * (x if swap else w1)}

    return gradients


# The common slips, each as the eight gradients a learner making it returns, with what the verdict says of it (what
# was written, not the formula). tests/exercises/test_exercise_feedback.py checks each is told apart at every
# slip point.
SLIPS: dict[str, Callable[..., dict[str, float]]] = {
    "Your gradients are all half the right ones: a factor is missing at the very top, in dL/dout.":
        by_hand(top=lambda out, y: out - y),
    "Your gradients all have the wrong sign: look again at the top, dL/dout (which way does L grow?).":
        by_hand(top=lambda out, y: 2.0 * (y - out)),
    "Your gradients below h use 1 - h for the step back through tanh: a common slip (--hint).":
        by_hand(slope=lambda h: 1.0 - h),
    "Your gradients below h skip the step back through tanh: dL/dz1 is not dL/dh.": by_hand(slope=lambda h: 1.0),
    "Your dL/dh leaves out the step through out = w2 * h + b2: the factor it hands h is missing.":
        by_hand(through_w2=False),
    "Your dL/dw1 and dL/dx are swapped: look again at what a * hands each of its inputs.": by_hand(swap=True),
}
# First, points where every slip differs from the answer beyond the tolerance (not z1 = 0, where 1 - h, 1 and
# 1 - h**2 are all 1); the README-sized network first.
SLIP_POINTS = [(2.0, 1.0, 1.0, -1.0, 2.0, 0.0), (1.0, 0.0, 0.5, 0.0, -1.0, 0.5), (0.5, -1.0, -2.0, 1.5, 0.5, -0.5)]
EDGES = [*SLIP_POINTS, (0.5, -1.0, -2.0, 1.0, 0.5, -0.5), (0.0, 1.0, 1.0, 0.0, 1.0, 0.0)]
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
                          partial(central_differences, numbers), partial(named_slip, numbers, yours), formula)

    return grader.run(heading_of(__name__), examine, EDGES, POINTS, max_examples=100)


def named_slip(numbers: tuple[float, ...], yours: dict[str, float]) -> str:
    right = by_hand()(*numbers)
    slips = {note: [wrong(*numbers)[name] for name in ANSWERS] for note, wrong in SLIPS.items()}
    return slip_of([yours[name] for name in ANSWERS], [right[name] for name in ANSWERS], slips)


def formula() -> str:
    return ("  by hand: dL/dout = 2 (out - y); dL/db2 = dL/dout; dL/dw2 = dL/dout × h; dL/dh = dL/dout × w2; "
            "dL/dz1 = dL/dh × (1 - h**2); dL/db1 = dL/dz1; dL/dw1 = dL/dz1 × x; dL/dx = dL/dz1 × w1.")
