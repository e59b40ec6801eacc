"""Grades exercise 11: the learner's Swish rule. Its forward and local derivative at many points (against
a · sigmoid(a), its closed-form derivative and gradcheck), then in a small graph, then traced over a batch."""
import textwrap
from functools import partial

import numpy as np
from hypothesis import strategies as st

from autograd import Rule, Value, gradcheck, trace

from ..catalog import heading_of
from ..chain import why
from ..grading import DERIVATIVE, AnswerError, Grader, Verdict, as_number, call, show, show_inputs, slip

EDGES = [(1.0,), (0.0,), (-1.0,), (2.5,), (-3.0,), (20.0,), (-20.0,), (40.0,), (-40.0,)]
POINTS = st.tuples(st.floats(-8.0, 8.0, allow_nan=False, allow_subnormal=False))
BATCH = np.linspace(-4.0, 4.0, 9)
M_NOTE = ("forward and local_grads must compute through m (m.exp, m.where, ...), never math.* or an `if` on an input: "
          "in a trace, m is numpy and the input is a whole array.")


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


def grade(answer: object) -> Verdict:
    grader, title = Grader(DERIVATIVE), heading_of(__name__)
    try:
        rule = instance(answer)
        verdict = grader.run(title, partial(at_a_point, rule, grader), EDGES, POINTS, max_examples=120)
        if verdict:  # right at every point: now in a graph, and replayed by trace
            in_a_graph(rule, grader, 1.5, -0.5, 0.25)
            traced(rule, grader)
            verdict = grader.verdict(title)
    except AnswerError as wrong:
        return Verdict(title, "wrong", str(wrong))
    return verdict


def at_a_point(rule: Rule, grader: Grader, x: float) -> None:
    """swish(x) and its derivative from the learner's rule, against x · sigmoid(x) and its closed form."""
    leaf = Value(x, label="x")
    out = call(rule, f"swish({show(x)}) (your forward)", leaf)
    call(out.backward, f"backward through swish({show(x)}) (your local_grads)")
    value, slope = swish(x)
    at = "at " + show_inputs(x=x)
    grader.compare("swish(x)", at, as_number(out.data, "swish"), value,
                   f"  x · sigmoid(x) = {show(x)} × {value / x if x else 0.5:.6g} = {value:.6g}.")
    grader.compare("d swish/dx", at, leaf.grad, slope, partial(reason, rule, x, leaf.grad))


def in_a_graph(rule: Rule, grader: Grader, x: float, w: float, b: float) -> None:
    """L = 3 * swish(w * x + b): every input's gradient against the chain rule by hand."""
    leaves = {name: Value(number, label=name) for name, number in (("x", x), ("w", w), ("b", b))}
    z = leaves["w"] * leaves["x"] + leaves["b"]
    z.label = "z"
    loss = call(rule, "swish(z)", z) * 3.0
    loss.label = "L"
    call(loss.backward, "backward through L = 3 * swish(w * x + b)")
    slope = swish(z.data)[1] * 3.0  # dL/dz, by hand
    at = "in L = 3 * swish(w * x + b) at " + show_inputs(x=x, w=w, b=b)
    for name, expected in (("x", slope * w), ("w", slope * x), ("b", slope)):
        leaf = leaves[name]
        grader.compare(f"dL/d{name}", at, leaf.grad, expected, partial(why, loss, leaf, leaf.grad))


def reason(rule: Rule, x: float, yours: float) -> str:
    """The closed form, a named slip, and gradcheck's report on the learner's rule."""
    slope = swish(x)[1]
    s = Value(x).sigmoid().data
    note = slip(yours, slope, {"That is sigmoid(x) alone: the product rule adds x·s·(1 - s).": s,
                               "That is x·s·(1 - s) alone: the product rule adds s.": x * s * (1.0 - s)})
    return (f"  s + x·s·(1 - s) with s = sigmoid(x) gives {slope:.6g}. {note}\n  gradcheck on your rule:\n"
            + textwrap.indent(str(gradcheck(rule, [x])), "    "))


def traced(rule: Rule, grader: Grader) -> None:
    """The rule replayed by trace over a numpy batch: outputs and the mean gradient of a weight."""
    weight = Value(0.75, label="w")
    step = call(trace, "trace(lambda x: swish(w * x), 0.0)", lambda x: rule(weight * x), 0.0)
    outputs = call(step.forward, "the traced forward over a batch", BATCH, reasons={Exception: M_NOTE})
    right = [swish(0.75 * x) for x in BATCH]
    for x, mine, (value, _) in zip(BATCH, np.asarray(outputs).tolist(), right):
        grader.compare("traced swish(w·x)", f"at x = {show(float(x))}, w = 0.75", mine, value)
    call(step.backward, "the traced backward over a batch", BATCH, reasons={Exception: M_NOTE})
    mean = float(np.mean([slope * x for x, (_, slope) in zip(BATCH, right)]))
    grader.compare("traced mean dswish(w·x)/dw", "over x = -4, -3, ..., 4, w = 0.75", weight.grad, mean)
