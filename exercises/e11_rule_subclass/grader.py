"""Grades exercise 11: the learner's Swish rule. Its forward and local derivative at many points (against
a · sigmoid(a), its closed-form derivative and gradcheck), then in a small graph, then traced over a batch."""
import textwrap
from collections.abc import Callable
from functools import partial

import numpy as np
from hypothesis import strategies as st

from autograd import Rule, Value, gradcheck, trace

from ..answers import as_gradients, as_number, as_numbers
from ..catalog import heading_of
from ..grading import DERIVATIVE, AnswerError, Grader, Verdict, call, show, show_inputs, slip

# The common slips in df/da, as functions of x, with what the verdict says of each (tests/exercises/
# test_exercise_feedback.py checks each differs from the answer at every edge point).
SLIPS: dict[str, Callable[[float], float]] = {
    "That is sigmoid(x) alone: the product rule adds a second term.": lambda x: sigmoid(x),
    "That is s·(1 - s) alone: that is sigmoid's own derivative; swish is x times sigmoid (product rule).":
        lambda x: sigmoid(x) * (1.0 - sigmoid(x)),
    "That is x·s·(1 - s) alone: the product rule adds a second term.":
        lambda x: x * sigmoid(x) * (1.0 - sigmoid(x)),
}
# First, points where every slip differs from the answer beyond the tolerance (not x = 1, where s·(1 - s) equals
# x·s·(1 - s)); then large |x|, where a careless exp overflows.
SLIP_POINTS = [(2.0,), (-1.5,), (0.5,), (-3.0,)]
EDGES = [*SLIP_POINTS, (20.0,), (-20.0,), (40.0,), (-40.0,)]
POINTS = st.tuples(st.floats(-8.0, 8.0, allow_nan=False, allow_subnormal=False))
BATCH = np.linspace(-4.0, 4.0, 9)
WHERE = ("d swish/dx is what your local_grads returns: the factor backward multiplies the gradient arriving at "
         "swish's output by, to hand it down to x.")
M_NOTE = ("forward and local_grads must compute through m (m.exp, m.where, ...), never math.* or an `if` on an input: "
          "in a trace, m is numpy and the input is a whole array.")


def sigmoid(x: float) -> float:
    return Value(x).sigmoid().data


def swish(x: float) -> tuple[float, float]:
    """(f(x), f'(x)) for f = x * sigmoid(x), from the engine's stable sigmoid."""
    s = Value(x).sigmoid().data
    return x * s, s + x * s * (1.0 - s)


def instance(answer: object) -> Rule:
    """The learner's rule, made from the class (or taken as given, if already an instance)."""
    if isinstance(answer, Rule):
        return answer
    if not (isinstance(answer, type) and issubclass(answer, Rule)):
        raise AnswerError(f"Swish is {answer!r}; it must be a class: class Swish(Rule) with autograd's Rule.")
    return call(answer, "Swish()")


def ask(answer: object, kind: str, *numbers: float) -> object:
    """The learner's side, by ``kind``: "point" x -> [swish(x), d swish/dx] from their rule; "graph" x, w, b ->
    their dL/dx, dL/dw, dL/db in L = 3 * swish(w * x + b); "traced" -> [outputs over BATCH, the weight's grad];
    "gradcheck" x -> gradcheck's report on their rule at x."""
    rule = instance(answer)
    if kind == "point":
        leaf = Value(numbers[0], label="x")
        out = call(rule, f"swish({show(numbers[0])}) (your forward)", leaf)
        call(out.backward, f"backward through swish({show(numbers[0])}) (your local_grads)")
        return [as_number(out.data, "swish"), as_number(leaf.grad, "d swish/dx")]
    if kind == "graph":
        return graph_gradients(rule, *numbers)
    if kind == "traced":
        return traced_answers(rule)
    return str(gradcheck(rule, [numbers[0]]))


def grade(learner: Callable[..., object]) -> Verdict:
    """``learner(kind, *numbers)`` gives what the learner's rule computes (from ask)."""
    grader, title = Grader(DERIVATIVE), heading_of(__name__)
    try:
        verdict = grader.run(title, partial(at_a_point, learner, grader), EDGES, POINTS, max_examples=120)
        if verdict:  # right at every point: now in a graph, and replayed by trace
            in_a_graph(learner, grader, 1.5, -0.5, 0.25)
            traced(learner, grader)
            verdict = grader.verdict(title)
    except AnswerError as wrong:
        return Verdict.wrong(title, wrong)
    return verdict


def at_a_point(learner: Callable[..., object], grader: Grader, x: float) -> None:
    """swish(x) and its derivative from the learner's rule, against x · sigmoid(x) and its closed form."""
    mine, slope_yours = as_numbers(learner("point", x), 2, "swish")
    value, slope = swish(x)
    at = "at " + show_inputs(x=x)
    grader.compare("swish(x)", at, mine, value,
                   f"  x · sigmoid(x) = {show(x)} × {value / x if x else 0.5:.6g} = {value:.6g}.")
    grader.compare("d swish/dx", at, slope_yours, slope, partial(reason, learner, x, slope_yours), where=WHERE,
                   formula=f"  d swish/dx = s + x·s·(1 - s) with s = sigmoid(x) = {value / x if x else 0.5:.6g}: "
                           f"{slope:.6g} (the product rule on x · sigmoid(x)).")


def graph_gradients(rule: Rule, x: float, w: float, b: float) -> dict[str, float]:
    """The learner's side of in_a_graph: every input's gradient of L = 3 * swish(w * x + b)."""
    leaves = {name: Value(number, label=name) for name, number in (("x", x), ("w", w), ("b", b))}
    loss = call(rule, "swish(z)", leaves["w"] * leaves["x"] + leaves["b"]) * 3.0
    call(loss.backward, "backward through L = 3 * swish(w * x + b)")
    return {name: as_number(leaf.grad, f"{name}.grad") for name, leaf in leaves.items()}


def in_a_graph(learner: Callable[..., object], grader: Grader, x: float, w: float, b: float) -> None:
    """L = 3 * swish(w * x + b): every input's gradient against the chain rule by hand."""
    yours = as_gradients(learner("graph", x, w, b), ("x", "w", "b"), "the graph")
    z = w * x + b
    slope = swish(z)[1] * 3.0  # dL/dz, by hand
    at = "in L = 3 * swish(w * x + b) at " + show_inputs(x=x, w=w, b=b)
    for name, local in (("x", w), ("w", x), ("b", 1.0)):
        grader.compare(f"dL/d{name}", at, yours[name], slope * local,
                       f"  dL/d{name} = 3 × swish'(z) × dz/d{name} = 3 × {slope / 3.0:.6g} × {show(local)} "
                       f"= {slope * local:.6g}, with z = w·x + b = {show(z)}.")


def reason(learner: Callable[..., object], x: float, yours: float) -> str:
    """The closed form, a named slip, and gradcheck's report on the learner's rule."""
    slope = swish(x)[1]
    note = slip(yours, slope, {text: wrong(x) for text, wrong in SLIPS.items()})
    try:
        report = str(learner("gradcheck", x))
    except AnswerError as failed:
        report = str(failed)
    return (f"  the engine's swish'(x) is {slope:.6g}. {note}\n  gradcheck on your rule:\n"
            + textwrap.indent(report, "    "))


def traced_answers(rule: Rule) -> list[object]:
    """The learner's side of traced: the rule replayed by trace over BATCH, its outputs and a weight's grad."""
    weight = Value(0.75, label="w")
    step = call(trace, "trace(lambda x: swish(w * x), 0.0)", lambda x: rule(weight * x), 0.0)
    outputs = call(step.forward, "the traced forward over a batch", BATCH, reasons={Exception: M_NOTE})
    call(step.backward, "the traced backward over a batch", BATCH, reasons={Exception: M_NOTE})
    return [as_numbers(np.asarray(outputs).tolist(), len(BATCH), "the traced forward"),
            as_number(weight.grad, "w.grad after the traced backward")]


def traced(learner: Callable[..., object], grader: Grader) -> None:
    """The rule replayed by trace over a numpy batch: outputs and the mean gradient of a weight."""
    answered = learner("traced")
    assert isinstance(answered, list) and len(answered) == 2, answered  # ask made it
    outputs = as_numbers(answered[0], len(BATCH), "the traced forward")
    right = [swish(0.75 * x) for x in BATCH]
    for x, mine, (value, _) in zip(BATCH, outputs, right):
        grader.compare("traced swish(w·x)", f"at x = {show(float(x))}, w = 0.75", mine, value)
    mean = float(np.mean([slope * x for x, (_, slope) in zip(BATCH, right)]))
    grader.compare("traced mean dswish(w·x)/dw", "over x = -4, -3, ..., 4, w = 0.75",
                   as_number(answered[1], "w.grad"), mean)
