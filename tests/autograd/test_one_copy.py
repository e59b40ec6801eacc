"""One copy of every derivative: replace a built-in rule's local derivatives with wrong ones, and every path
shows the same wrong derivative: the eager backward, a trace's backward, fit's compiled step (its kernels
included), gradcheck (which then fails, naming it) and the JavaScript engine. Had any of them a derivative
of its own (a hand kernel's 1 - out**2, the page's slope table), it would show the right one here."""
import copy
import math

import numpy as np
import pytest

from autograd import Rule, Value, gradcheck, to_javascript, trace
from autograd.maths.floats import FLOAT_MATH
from autograd.ops import RULES
from nn import Module
from nn.losses import LOSSES
from nn.steps import Loss, make_step
from tests.autograd.test_javascript import _close, _node
from tests.autograd.test_rule import POINTS


def _wrong(rule: Rule) -> Rule:
    """The same rule (its settings too) with every local derivative d replaced by 2 d + 0.5."""
    original = type(rule).local_grads

    def local_grads(self, m, *inputs_and_out):
        return tuple(2.0 * d + 0.5 for d in original(self, m, *inputs_and_out))

    mutant = copy.copy(rule)
    mutant.__class__ = type(f"Wrong{type(rule).__name__}", (type(rule),), {"local_grads": local_grads})
    return mutant


def _smooth_point(rule: Rule) -> tuple[float, ...]:
    """The first of the rule's points where gradcheck agrees with it: away from kinks and domain edges."""
    for point in POINTS[rule.name]:
        out = rule.forward(FLOAT_MATH, *point)
        if math.isfinite(out) and gradcheck(lambda *xs: rule(*xs), list(point)):
            return point
    raise AssertionError(f"no smooth point for {rule.name} in POINTS")


CASES = {name: (_wrong(rule), _smooth_point(rule)) for name, rule in sorted(RULES.items())}


def _fixed_from(rule: Rule, count: int) -> int:
    """Where the inputs that are plain parameters begin (the rest vary with the sample): a binary rule's second
    input, a weighted sum's weights and bias (so a trace compiles it as a layer), none for a sum or a max."""
    if rule.name == "linear":
        return count // 2
    return 1 if rule.arity == 2 else count


def _inputs(rule: Rule, parameters: list[Value], x: Value) -> list[Value]:
    start = _fixed_from(rule, len(parameters))
    return [p * x if i < start else p for i, p in enumerate(parameters)]


def _expected(name: str) -> list[float]:
    rule, point = RULES[name], CASES[name][1]
    local = rule.local_grads(FLOAT_MATH, *point, rule.forward(FLOAT_MATH, *point))
    return [2.0 * d + 0.5 for d in local]


@pytest.mark.parametrize("name", sorted(CASES))
def test_eager_backward_and_gradcheck_show_the_wrong_derivative(name):
    wrong, point = CASES[name]
    inputs = [Value(x) for x in point]
    wrong(*inputs).backward()
    assert [x.grad for x in inputs] == pytest.approx(_expected(name), rel=1e-12, abs=1e-12)
    report = gradcheck(lambda *xs: wrong(*xs), list(point))
    assert not report and [row.analytic for row in report] == pytest.approx(_expected(name), rel=1e-12, abs=1e-12)


@pytest.mark.parametrize("name", sorted(CASES))
def test_a_traces_backward_shows_the_wrong_derivative(name):
    """d/dp_i of wrong(p_0 * x, ..., p_j, ...) at x = 1 is the rule's i-th local derivative."""
    wrong, point = CASES[name]
    parameters = [Value(x) for x in point]
    recorded = trace(lambda x: wrong(*_inputs(wrong, parameters, x)), 1.0, parameters=parameters)
    recorded.backward(np.ones(3))
    assert [p.grad for p in parameters] == pytest.approx(_expected(name), rel=1e-9, abs=1e-12)


class OneNode(Module):
    """out = rule(w_0 * x, ..., w_j, ...): a score, trained with mse."""

    output_kind = "score"

    def __init__(self, rule: Rule, point: tuple[float, ...]) -> None:
        self.rule, self.w = rule, [Value(x) for x in point]

    def forward(self, x):
        return self.rule(*_inputs(self.rule, self.w, x[0]))


@pytest.mark.parametrize("name", sorted(CASES))
def test_fits_compiled_step_and_eager_step_show_the_same_wrong_derivative(name):
    """mse at y = 0: dL/dw_i = 2 out * local_i; the compiled step (trace.step and its kernels, as fit runs it)
    and the eager one agree on the wrong local_i."""
    wrong, point = CASES[name]
    X, y = np.ones((4, 1)), np.zeros(4)
    loss = Loss(LOSSES["mse"], LOSSES["mse"].function)
    gradients = []
    for compiled in (True, False):
        model = OneNode(wrong, point)
        step = make_step(model, model.parameters(), X, y, loss, compiled=compiled)
        assert step.compiled is compiled
        gradients.append(step.gradient(X, y)[1])
    out = RULES[name].forward(FLOAT_MATH, *point)
    expected = [2.0 * out * d for d in _expected(name)]
    assert gradients[0] == pytest.approx(expected, rel=1e-9, abs=1e-12)
    assert gradients[1] == pytest.approx(expected, rel=1e-9, abs=1e-12)


def test_the_javascript_engine_shows_the_wrong_derivatives(tmp_path):
    script = to_javascript([wrong for wrong, _ in CASES.values()], arities={"linear": [5], "sum": [3], "max_of": [3]})
    cases = [{"rule": name, "inputs": list(point)} for name, (_, point) in CASES.items()]
    answers = _node(tmp_path, script, cases)
    for name, answer in zip(CASES, answers):
        assert all(_close(g, w) for g, w in zip(answer["local"], _expected(name))), (name, answer)
