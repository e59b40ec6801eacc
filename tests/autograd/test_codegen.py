"""The code writer: every built-in rule writes itself out as numpy code that computes exactly what the rule
computes on numpy arrays, buffered or not; a rule that cannot be written out is refused with its name and the
construct; fit then trains it eagerly, and trace=True says why it cannot."""
import math

import numpy as np
import pytest

from autograd import Rule, Value, trace
from autograd.codegen import CodegenError, compiled, to_javascript
from autograd.maths.arrays import numpy_math
from autograd.ops import RULES
from nn import Module, fit, make_moons
from tests.autograd.test_rule import POINTS

RNG = np.random.default_rng(1919)


def _batch(rule: Rule, count: int = 9) -> list[np.ndarray]:
    """Each input as an array: the rule's own points (its branches, kinks, ties) and jitter around them."""
    points = POINTS[rule.name]
    columns = [np.array([point[i] for point in points]) for i in range(len(points[0]))]
    jitter = [np.repeat(column, count) * (1.0 + RNG.uniform(-1e-3, 1e-3, len(column) * count)) for column in columns]
    return [np.concatenate([column, more]) for column, more in zip(columns, jitter)]


@pytest.mark.parametrize("name", sorted(RULES))
def test_every_built_in_rule_is_written_out_and_computes_what_the_rule_computes(name):
    rule = RULES[name]
    inputs = _batch(rule)
    code = compiled(rule, len(inputs))
    with np.errstate(all="ignore"):
        expected_out = rule.forward(numpy_math(), *inputs)
        expected = rule.local_grads(numpy_math(), *inputs, expected_out)
        out = code.forward(*inputs)
        local = code.local_grads(*inputs, out)
    np.testing.assert_array_equal(out, expected_out)
    for got, want in zip(local, expected):
        np.testing.assert_array_equal(np.broadcast_to(got, out.shape), np.broadcast_to(want, out.shape))


@pytest.mark.parametrize("name", sorted(RULES))
def test_the_buffered_form_gives_the_plain_forms_numbers(name):
    rule = RULES[name]
    inputs = [column[None, :] for column in _batch(rule)]  # (1 node, samples), as a group's block
    code = compiled(rule, len(inputs))

    def buffers(kinds):
        return [np.empty(inputs[0].shape, dtype=bool if kind == "bool" else float) for kind in kinds]

    with np.errstate(all="ignore"):
        out = np.empty(inputs[0].shape)
        (written,) = code.forward_into(*inputs, [out], buffers(code.forward_scratch))
        local = code.local_into(*inputs, written, buffers(["float"] * len(inputs)), buffers(code.local_scratch))
        plain_out = code.forward(*inputs)
        plain = code.local_grads(*inputs, plain_out)
    np.testing.assert_array_equal(np.broadcast_to(written, out.shape), plain_out)
    for got, want in zip(local, plain):
        np.testing.assert_array_equal(np.broadcast_to(got, out.shape), np.broadcast_to(want, out.shape))


def test_the_written_source_reads_as_the_rule():
    source = compiled(RULES["tanh"], 1).source
    assert "def forward(a0):\n    t0 = np.tanh(a0)\n    return t0" in source
    assert "t0 = out * out\n    t1 = 1.0 - t0\n    return (t1,)" in source  # tanh' = 1 - out**2, from the rule


class Branching(Rule):
    name = "branching"

    def forward(self, m, a):
        return a if a > 0 else 0.01 * a  # works on floats, not as code: Python compares the operand

    def local_grads(self, m, a, out):
        return (1.0 if a > 0 else 0.01,)


class UsesMath(Rule):
    name = "uses_math"

    def forward(self, m, a):
        return math.exp(a)

    def local_grads(self, m, a, out):
        return (out,)


class MissingName(Rule):
    name = "missing_name"

    def forward(self, m, a):
        return m.cosh2(a)

    def local_grads(self, m, a, out):
        return (out,)


@pytest.mark.parametrize("rule, words", [
    (Branching(), "a Python comparison of an operand"),
    (UsesMath(), "float() or a math.* function on an operand: use m's function"),
    (MissingName(), "m.cosh2 is not a function of m"),
])
def test_a_rule_that_cannot_be_written_out_is_named_with_the_construct(rule, words):
    for write in (lambda: compiled(rule, 1), lambda: to_javascript([rule])):
        with pytest.raises(CodegenError, match=f"rule '{rule.name}' cannot be written out as code") as info:
            write()
        assert words in str(info.value)


def test_a_rule_that_returns_the_wrong_count_of_derivatives_is_named():
    class TwoForOne(Branching):
        name = "two_for_one"

        def forward(self, m, a):
            return a * a

        def local_grads(self, m, a, out):
            return (2.0 * a, a)

    with pytest.raises(CodegenError, match="'two_for_one': local_grads must return one derivative per input"):
        compiled(TwoForOne(), 1)


class Model(Module):
    """A logit from a Python-branching activation: the eager engine runs it, the code writer cannot."""

    output_kind = "logit"

    def __init__(self):
        self.w, self.b = [Value(0.5), Value(-0.5)], Value(0.1)

    def forward(self, x):
        return Branching()(x[0] * self.w[0] + x[1] * self.w[1] + self.b)


def test_fit_trains_a_rule_it_cannot_write_out_eagerly_and_trace_true_says_why():
    X, y = make_moons(20, seed=0)
    history = fit(Model(), X, y, epochs=3, progress=False)  # trace=None: compiled when possible, else eager
    assert len(history.loss) == 3 and history.loss[-1] < history.loss[0]
    with pytest.raises(CodegenError, match="rule 'branching' cannot be written out as code"):
        fit(Model(), X, y, epochs=1, progress=False, trace=True)
    with pytest.raises(CodegenError, match="'branching'"):
        trace(lambda x: Branching()(x), 0.5)
