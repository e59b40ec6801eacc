"""Grades exercise 2: the learner's five gradients of tanh(x1 w1 + x2 w2 + b) against backward,
reported in the order backward completes them and, when wrong, in explain's terms: where the gradient sits in
the chain, its numbers and the slip it matches; --reveal adds the local derivatives' formulas."""
import math
from collections.abc import Callable
from functools import partial

from hypothesis import strategies as st

from autograd import Value, numerical_grad

from ..answers import as_gradients
from ..catalog import heading_of
from ..chain import compare_gradients
from ..grading import DERIVATIVE, Grader, Verdict, call, show, show_inputs, slip_of

NAMES = ("x1", "w1", "x2", "w2", "b")


def through(slope: Callable[[float, float], float], swap: bool = False) -> Callable[..., dict[str, float]]:
    """A slip's five gradients: ``slope(n, out)`` in place of tanh's slope, each weight's factor swapped or not."""
    def gradients(x1: float, w1: float, x2: float, w2: float, b: float) -> dict[str, float]:
        n = x1 * w1 + x2 * w2 + b
        g = slope(n, math.tanh(n))
        pairs = ((w1, x1), (w2, x2)) if not swap else ((x1, w1), (x2, w2))
        return {"x1": g * pairs[0][0], "w1": g * pairs[0][1], "x2": g * pairs[1][0], "w2": g * pairs[1][1], "b": g}

    return gradients


# The common slips, each as the five gradients a learner making it returns, and what the verdict says of it (what
# was written, never the formula). tests/exercises/test_exercise_feedback.py checks each is told apart at every
# slip point.
SLIPS: dict[str, Callable[..., dict[str, float]]] = {
    "Your gradients are the local derivatives below tanh alone: the step back through tanh is missing from all.":
        through(lambda n, out: 1.0),
    "Your gradients use 1 - out for the step back through tanh: a common slip (--hint).":
        through(lambda n, out: 1.0 - out),
    "Your gradients use 1 - n**2 for the step back through tanh: a common slip, its slope is written with out, "
    "not with n (--hint).": through(lambda n, out: 1.0 - n * n),
    "Your gradients use out itself for the step back through tanh: that is tanh, not its slope.":
        through(lambda n, out: out),
    "Your dout/dx1 and dout/dw1 are swapped, and so are x2's and w2's: look again at what a * hands each input.":
        through(lambda n, out: 1.0 - out * out, swap=True),
}
# First, points where every slip differs from the answer beyond the tolerance (not 0, where 1 - out, 1 - n**2 and
# 1 - out**2 are all 1, nor a saturated neuron, where every slope is ~0, nor x1 = w1, where a swap hides); the
# README's neuron first.
SLIP_POINTS = [(2.0, -3.0, 0.0, 1.0, 6.88), (1.0, -0.5, 0.5, 2.0, 0.25), (2.0, 0.5, -1.0, 0.25, 0.0)]
EDGES = [*SLIP_POINTS, (1.0, 1.0, 1.0, 1.0, 0.0), (0.0, 0.0, 0.0, 0.0, 0.0), (3.0, 2.0, -1.0, -2.0, 1.5)]
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
                          partial(central_differences, list(numbers)), partial(named_slip, numbers, yours),
                          partial(formula, out.data))

    return grader.run(heading_of(__name__), examine, EDGES, POINTS, max_examples=100)


def named_slip(numbers: tuple[float, ...], yours: dict[str, float]) -> str:
    right = through(lambda n, out: 1.0 - out * out)(*numbers)
    slips = {note: [wrong(*numbers)[name] for name in NAMES] for note, wrong in SLIPS.items()}
    return slip_of([yours[name] for name in NAMES], [right[name] for name in NAMES], slips)


def formula(out: float) -> str:
    """What --reveal adds to explain's steps: the neuron's gradients in closed form, at this point."""
    g = 1.0 - out * out
    return (f"  dout/dn = 1 - out**2 = 1 - {out:.6g}**2 = {g:.6g}; + hands it on unchanged (dout/db = dout/ds = "
            f"dout/dx1w1 = {g:.6g}), and * hands each input the other factor: dout/dw1 = dout/dx1w1 × x1, "
            "dout/dx1 = dout/dx1w1 × w1.")
