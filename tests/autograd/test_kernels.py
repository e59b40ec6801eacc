"""The replay's kernels (autograd/tracing/kernels.py) against the Groups they stand in for.

Each test builds a small graph of Values on which trace() compiles one kind of kernel, traces it twice
(with kernels, and with every step left the replay Group, which runs the rule's own local_grads on numpy
arrays), replays both step by step on random inputs with a random upstream gradient per sample, and asserts
the same values, the same gradients of the varying rows and of the fixed vector (to 1e-12), whether the
kernel writes its gradients (nothing else reads its inputs) or adds them; then the eager engine's outputs
and mean gradients, sample by sample. test_trace.py checks whole models; these check one kernel each.
"""
from __future__ import annotations

import contextlib
import operator
from collections.abc import Callable, Iterator, Sequence
from typing import TypeVar
from unittest import mock

import numpy as np
import pytest
from numpy.typing import NDArray

from autograd import Trace, Value, linear, trace
from autograd.ops import MAX_OF, SUM
from autograd.tracing import kernels
from autograd.tracing.fused import Fused
from autograd.tracing.kernels import Elementwise, Layer, Reduction
from autograd.tracing.replay import Group

Array = NDArray[np.float64]
Neurons = list[tuple[list[Value], Value]]  # a layer: each neuron's weights and bias
Function = Callable[[list[Value]], Value]
K = TypeVar("K")


def _neurons(numbers: Array) -> Neurons:
    """A neuron per row of ``numbers``: its weights, then its bias, as parameters."""
    return [([Value(float(w)) for w in row[:-1]], Value(float(row[-1]))) for row in numbers]


def _layer(xs: Sequence[Value], neurons: Neurons) -> list[Value]:
    return [linear(list(xs), weights, bias) for weights, bias in neurons]


def _parameters(*layers: Neurons) -> list[Value]:
    """Neuron by neuron, weights then bias: a model's layout, in which W and b lie evenly spaced."""
    return [p for neurons in layers for weights, bias in neurons for p in (*weights, bias)]


def _total(values: list[Value]) -> Value:
    return values[0] if len(values) == 1 else SUM(*values)


@contextlib.contextmanager
def _groups_only() -> Iterator[None]:
    """Inside: trace() compiles no kernel; every step stays the replay Group a kernel would replace."""
    with mock.patch.object(kernels, "compile_group", lambda group, *rest: group):
        yield


def _replay(traced: Trace, inputs: Array, upstream: Array, careful: bool = False) -> tuple[Array, Array, Array]:
    """The compiled steps run by hand: every row's values, every row's gradient and the fixed vector's
    gradient, from ``upstream`` (a number per sample) on the first output's row, as Trace.step seeds 1/n."""
    traced.theta[:] = [parameter.data for parameter in traced.parameters]
    values, grads = np.zeros((2, len(traced.rows), inputs.shape[1]))
    for row, column in zip(traced.inputs, inputs):
        values[row] = column
    for step in traced.steps:
        step.forward(values, traced.fixed_values)
    grads[traced.rows[id(traced.outputs[0])]] = upstream
    traced.fixed_grads.fill(0.0)
    for step in reversed(traced.steps):
        step.backward(values, grads, traced.fixed_grads, careful)
    return values, grads, traced.fixed_grads.copy()


def _replay_fused(traced: Trace, inputs: Array, upstream: Array) -> tuple[Array, Array, Array]:
    """_replay through the replay written out as two functions (fused.py), as Trace.step runs it."""
    traced.theta[:] = [parameter.data for parameter in traced.parameters]
    values, grads = np.zeros((2, len(traced.rows), inputs.shape[1]))
    fused = Fused(traced.steps, values, grads, traced.fixed_values, traced.fixed_grads)
    for row, column in zip(traced.inputs, inputs):
        values[row] = column
    fused.forward()
    grads[traced.rows[id(traced.outputs[0])]] = upstream
    traced.fixed_grads.fill(0.0)
    fused.backward()
    return values, grads, traced.fixed_grads.copy()


def _close(actual: Array, expected: Array) -> None:
    scale = max(1.0, float(np.abs(expected).max(initial=0.0)))
    np.testing.assert_allclose(actual, expected, rtol=1e-12, atol=1e-14 * scale)


def _check(fn: Function, parameters: list[Value], inputs: Array, rng: np.random.Generator) -> Trace:
    """fn traced with kernels against fn traced with Groups only (plain and careful backward), then against
    the eager engine. ``inputs``: (placeholders, samples). Returns the kernels' trace, to ask what it holds."""
    compiled = trace(fn, list(inputs[:, 0]), parameters=parameters)
    with _groups_only():
        reference = trace(fn, list(inputs[:, 0]), parameters=parameters)
    assert all(type(step) is Group for step in reference.steps), "the reference must hold no kernel"
    upstream = rng.normal(size=(inputs.shape[1],))
    expected_values, expected_grads, expected_fixed = _replay(reference, inputs, upstream)
    inner = len(inputs)  # the rows after the placeholders (a Layer gives placeholders no gradient; a Group does)
    for way in ("kernels", "careful", "fused"):
        if way == "fused":
            values, grads, fixed_grads = _replay_fused(compiled, inputs, upstream)
        else:
            values, grads, fixed_grads = _replay(compiled, inputs, upstream, careful=way == "careful")
        _close(values, expected_values)
        _close(grads[inner:], expected_grads[inner:])
        _close(fixed_grads, expected_fixed)
    _check_eager(compiled, fn, parameters, inputs.T)
    return compiled


def _check_eager(compiled: Trace, fn: Function, parameters: list[Value], X: Array) -> None:
    """Trace.forward and Trace.backward against Value.backward on each sample's graph, averaged."""
    for p in parameters:
        p.grad = 0.0
    outputs = []
    for row in X:
        out = fn([Value(float(x)) for x in row])
        (out * (1.0 / len(X))).backward()  # the parameters are leaves: their grads add up to the mean's
        outputs.append(out.data)
    eager = np.array([p.grad for p in parameters])
    for p in parameters:
        p.grad = 0.0
    compiled.backward(X)
    _close(np.array([p.grad for p in parameters]), eager)
    _close(compiled.run_all(X)[0], np.array(outputs))


def _kernels(traced: Trace, kind: type[K]) -> list[K]:
    return [step for step in traced.steps if isinstance(step, kind)]


def _shape(rng: np.random.Generator, low: int = 1) -> tuple[int, int, int]:
    """inputs per node, nodes per group, samples."""
    return int(rng.integers(2, 5)), int(rng.integers(low, 6)), int(rng.integers(1, 9))


def _arranged(parameters: list[Value], layout: str, rng: np.random.Generator) -> list[Value]:
    """theta's order: a model's (W, b evenly spaced: views), reversed or shuffled (gathered)."""
    if layout == "reversed":
        return parameters[::-1]
    return [parameters[i] for i in rng.permutation(len(parameters))] if layout == "shuffled" else parameters


@pytest.mark.parametrize("layout", ["model", "reversed", "shuffled"])
@pytest.mark.parametrize("seed", range(3))
def test_layer_writes_the_gradients_only_it_reads(seed: int, layout: str) -> None:
    """An MLP: each layer's W, b and inputs read by it alone, so their gradients are written (out=), into
    views of theta when W and b lie evenly spaced in it, else gathered and added."""
    rng = np.random.default_rng(seed)
    k, g, n = _shape(rng, low=2)
    first, second = _neurons(rng.normal(size=(g, k + 1))), _neurons(rng.normal(size=(2, g + 1)))
    parameters = _arranged(_parameters(first, second), layout, rng)

    def fn(x: list[Value]) -> Value:
        return _total(_layer([h.tanh() for h in _layer(x, first)], second))

    compiled = _check(fn, parameters, rng.normal(size=(k, n)), rng)
    hidden, output = _kernels(compiled, Layer)
    assert not hidden.x_needs_grad and output.x_sole  # the placeholders need no gradient
    assert [(layer.w is not None, layer.w_sole) for layer in (hidden, output)] == [(layout == "model",) * 2] * 2
    if layout != "shuffled":  # (a shuffle may leave a few biases evenly spaced)
        assert [layer.b_sole for layer in (hidden, output)] == [layout == "model"] * 2


@pytest.mark.parametrize("seed", range(3))
def test_layer_adds_the_gradients_others_read_too(seed: int) -> None:
    """Rows read by two layers (one of them out of order), weights shared by both, one bias shared by a
    layer's neurons: every gradient added (into a view, or with np.add.at), never written over."""
    rng = np.random.default_rng(seed)
    k, g, n = _shape(rng, low=2)
    first = _neurons(rng.normal(size=(g, k + 1)))
    weights, bias = [[Value(float(w)) for w in row] for row in rng.normal(size=(2, g))], Value(0.3)
    parameters = [*_parameters(first), *(w for row in weights for w in row), bias]

    def fn(x: list[Value]) -> Value:
        hidden = [h.tanh() for h in _layer(x, first)]
        tied = [linear(hidden[::-1], row, 0.5) for row in weights]  # a constant bias: a group of its own
        return _total([*(linear(hidden, row, bias) for row in weights), *tied])

    layers = _kernels(_check(fn, parameters, rng.normal(size=(k, n)), rng), Layer)
    (in_order,) = [layer for layer in layers if layer.x_needs_grad and isinstance(layer.x, slice)]
    (out_of_order,) = [layer for layer in layers if not isinstance(layer.x, slice)]
    assert not in_order.x_sole and in_order.w is not None and not in_order.w_sole and in_order.b is None
    assert out_of_order.w is not None and not out_of_order.w_sole and not out_of_order.b_needs


@pytest.mark.parametrize("seed", range(2))
def test_layer_of_constant_weights_and_a_layer_of_mixed_weights(seed: int) -> None:
    """Regression: with its first weight a constant and another a parameter, the Layer kernel took the
    whole W for constants and gave that parameter no gradient. Mixed weights now stay a Group."""
    rng = np.random.default_rng(seed)
    k, g, n = _shape(rng, low=2)
    first, biases = _neurons(rng.normal(size=(g, k + 1))), [Value(float(b)) for b in rng.normal(size=g)]
    constants = rng.normal(size=(g, g)).tolist()
    mixed = [[float(row[0]), *(Value(float(w)) for w in row[1:])] for row in rng.normal(size=(g, k))]
    parameters = [*_parameters(first), *biases, *(w for row in mixed for w in row if isinstance(w, Value))]

    def fn(x: list[Value]) -> Value:
        hidden = _layer(x, first)
        return _total([*(linear(hidden, row, b) for row, b in zip(constants, biases)),
                       *(linear(x, row, b) for row, b in zip(mixed, biases))])

    compiled = _check(fn, parameters, rng.normal(size=(k, n)), rng)
    assert [(layer.w_needs, layer.b_needs) for layer in _kernels(compiled, Layer)] == [(True, True), (False, True)]


@pytest.mark.parametrize("sole", [True, False])
@pytest.mark.parametrize("activation", ["relu", "tanh", "exp", "log"])
@pytest.mark.parametrize("seed", range(2))
def test_elementwise(seed: int, activation: str, sole: bool) -> None:
    """relu, tanh, exp, log on a block of rows: the gradient written when nothing else reads the rows,
    else added. Zero biases and an all-zero sample put relu at its kink (slope 0, as the rule says)."""
    rng = np.random.default_rng(seed)
    k, g, n = _shape(rng)
    positive = activation == "log"
    numbers = rng.uniform(0.1, 1.0, size=(g, k + 1)) if positive else rng.normal(size=(g, k + 1))
    numbers[:, -1] = 0.0
    neurons, scales = _neurons(numbers), [Value(float(s)) for s in rng.normal(size=g)]
    inputs = rng.uniform(0.5, 2.0, size=(k, n)) if positive else rng.normal(size=(k, n))
    if not positive:
        inputs[:, 0] = 0.0

    def fn(x: list[Value]) -> Value:
        z = _layer(x, neurons)
        others = [] if sole else [v * s for v, s in zip(z, scales)]  # a second group reading z's rows
        return _total([*(getattr(v, activation)() for v in z), *others])

    compiled = _check(fn, _parameters(neurons) + ([] if sole else scales), inputs, rng)
    assert [step.sole[0] for step in _kernels(compiled, Elementwise) if len(step.sides) == 1] == [sole]


OPERATORS: dict[str, Callable[[object, object], Value]] = {"+": operator.add, "-": operator.sub, "*": operator.mul}
SIDES = [("rows", "rows"), ("rows", "same-rows"), ("rows", "shared"), ("shared", "rows"), ("rows", "fixed"),
         ("fixed", "rows"), ("rows", "one-fixed"), ("rows", "constant"), ("constant", "rows"), ("shared", "fixed"),
         ("one-fixed", "shared"), ("constant", "shared")]


@pytest.mark.parametrize("op", ["+", "-", "*"])
@pytest.mark.parametrize("sides", SIDES, ids="_".join)
def test_arithmetic(op: str, sides: tuple[str, str]) -> None:
    """a + b, a - b, a * b with each side a block of rows, one row shared by the group, a parameter per node
    (or one for all: its gradient added up with np.add.at) or a constant (no gradient)."""
    rng = np.random.default_rng([SIDES.index(sides), "+-*".index(op)])
    k, g, n = _shape(rng)
    neurons, weights = _neurons(rng.normal(size=(g, k + 1))), [Value(float(w)) for w in rng.normal(size=k)]
    parameters, constants = [Value(float(p)) for p in rng.normal(size=g)], rng.normal(size=g).tolist()

    def fn(x: list[Value]) -> Value:
        hidden, shared = _layer(x, neurons), linear(x, weights, 0.5)  # (a constant bias: a group of its own)
        pick = {"rows": [h.tanh() for h in hidden], "same-rows": hidden, "shared": [shared] * g,
                "fixed": parameters, "one-fixed": parameters[:1] * g, "constant": constants}
        left, right = (hidden if sides[0] == "rows" else pick[sides[0]]), pick[sides[1]]
        return _total([OPERATORS[op](a, b) for a, b in zip(left, right)])

    compiled = _check(fn, _parameters(neurons) + weights + parameters, rng.normal(size=(k, n)), rng)
    (kernel,) = [step for step in _kernels(compiled, Elementwise) if len(step.sides) == 2]
    kinds = {"same-rows": "rows", "one-fixed": "fixed", "shared": "shared" if g > 1 else "rows"}  # (1 node: 1 row)
    assert [kind for kind, _ in kernel.sides] == [kinds.get(side, side) for side in sides]


@pytest.mark.parametrize("reduce", ["sum", "max_of"])
@pytest.mark.parametrize("seed", range(3))
def test_reduction(seed: int, reduce: str) -> None:
    """sum and max_of over a block of rows. Whole numbers make max_of meet ties, which share the slope."""
    rng = np.random.default_rng(seed)
    k, g, _ = _shape(rng, low=2)
    numbers, inputs = rng.integers(-2, 3, size=(g, k + 1)).astype(float), rng.integers(-1, 2, size=(k, 8)).astype(float)
    neurons = _neurons(numbers)

    def fn(x: list[Value]) -> Value:
        return (SUM if reduce == "sum" else MAX_OF)(*_layer(x, neurons))

    compiled = _check(fn, _parameters(neurons), inputs, rng)
    assert len(_kernels(compiled, Reduction)) == 1
    z = numbers[:, :-1] @ inputs + numbers[:, -1:]
    assert reduce == "sum" or ((z == z.max(axis=0)).sum(axis=0) > 1).any(), "no tie: pick another seed"


def test_a_first_output_that_does_not_vary_keeps_its_seed() -> None:
    """Regression: a Layer reading the fixed slot the backward pass is seeded at wrote over the seed."""
    w, b = Value(0.7), Value(0.1)

    def fn(x: Value) -> tuple[Value, Value]:
        doubled = w * 2
        return doubled, linear([x], [doubled], b)

    trace(fn, 1.0).backward(np.array([1.0, 2.0]))
    assert (w.grad, b.grad) == (2.0, 0.0)  # d(2w)/dw, as the eager engine gives
