"""trace(): replaying a recorded graph over numpy batches gives the eager engine's numbers
(outputs and gradients to 1e-12), refuses Python control flow on traced values, and
fails with the eager engine's errors."""

import numpy as np
import pytest

from autograd import TracingError, Value, linear, trace
from nn import MLP, LogisticRegression, bce, bce_with_logits, cross_entropy, hinge

RNG = np.random.default_rng(7)
X = RNG.normal(size=(37, 2))
Y = (RNG.random(37) < 0.5).astype(float)


def _eager(model, loss, X, targets):
    """Mean loss and parameter gradients from the plain engine, one graph for the batch."""
    model.zero_grad()
    value = loss([model(list(row)) for row in X], list(targets))
    value.backward()
    return value.data, [p.grad for p in model.parameters()]


def _traced(model, loss, X, targets):
    model.zero_grad()
    traced = trace(lambda x, t: loss([model(x)], [t]), X[0], targets[0])
    return traced.backward(X, targets), [p.grad for p in model.parameters()]


@pytest.mark.parametrize("model, loss", [
    (MLP(2, [8, 8, 1], seed=1), bce_with_logits),
    (MLP(2, [6, 1], activation="relu", output_activation="sigmoid", seed=2), bce),
    (MLP(2, [5, 5, 1], activation="sigmoid", seed=3), hinge),
    (LogisticRegression(2, seed=4), bce),
])
def test_trace_equals_eager_on_models(model, loss):
    targets = 2 * Y - 1 if loss is hinge else Y  # a traced hinge target must already be -1/+1
    eager_loss, eager_grads = _eager(model, loss, X, targets)
    traced_loss, traced_grads = _traced(model, loss, X, targets)
    assert traced_loss == pytest.approx(eager_loss, rel=1e-12, abs=1e-15)
    assert traced_grads == pytest.approx(eager_grads, rel=1e-12, abs=1e-15)


def test_forward_gives_every_samples_outputs():
    model = MLP(2, [4, 3], seed=5)
    traced = trace(lambda x: tuple(model(x)), X[0])
    outputs = traced.forward(X)
    assert len(outputs) == 3 and outputs[0].shape == (37,)
    for i, row in enumerate(X):
        assert [out[i] for out in outputs] == pytest.approx([v.data for v in model(list(row))], rel=1e-12)


def test_cross_entropy_with_one_hot_targets():
    model = MLP(2, [5, 3], seed=6)
    labels = RNG.integers(0, 3, size=37)
    eager = cross_entropy([model(list(row)) for row in X], [int(t) for t in labels])
    model.zero_grad()
    eager.backward()
    expected = [p.grad for p in model.parameters()]
    model.zero_grad()
    traced = trace(lambda x, t: cross_entropy(model(x), t), X[0], np.eye(3)[labels[0]])
    assert traced.backward(X, np.eye(3)[labels]) == pytest.approx(eager.data, rel=1e-12)
    assert [p.grad for p in model.parameters()] == pytest.approx(expected, rel=1e-12, abs=1e-15)


def _random_function(seed: int):
    """A random expression over two inputs and three parameters, with shared sub-expressions."""
    rng = np.random.default_rng(seed)
    params = [Value(float(v)) for v in rng.normal(size=3)]
    unary = [lambda v: v.tanh(), lambda v: v.sigmoid(), lambda v: (v * v + 1).log(), lambda v: v.relu(),
             lambda v: (v * v + 0.5).sqrt(), lambda v: abs(v), lambda v: v.softplus()]
    binary = [lambda a, b: a + b, lambda a, b: a * b, lambda a, b: a - b, lambda a, b: a / (1 + b * b),
              lambda a, b: a.maximum(b), lambda a, b: linear([a, b], [b, 0.5], 0.1)]
    plan = [(int(rng.integers(len(unary))), int(rng.integers(len(binary))), int(rng.integers(0, 99))) for _ in range(8)]

    def f(x0, x1):
        nodes = [x0, x1, *params]
        for u, b, pick in plan:
            nodes.append(binary[b](unary[u](nodes[-1]), nodes[pick % len(nodes)]))
        return nodes[-1] + nodes[len(nodes) // 2] * params[0]

    return f, params


@pytest.mark.parametrize("seed", range(12))
def test_trace_equals_eager_on_random_graphs(seed):
    f, params = _random_function(seed)
    eager_outputs = [f(Value(a), Value(b)) for a, b in X]
    total = eager_outputs[0]
    for out in eager_outputs[1:]:
        total = total + out
    (total * (1 / len(X))).backward()
    expected = [p.grad for p in params]
    for p in params:
        p.grad = 0.0
    traced = trace(f, 0.1, 0.2)
    assert traced.forward(X[:, 0], X[:, 1]) == pytest.approx([o.data for o in eager_outputs], rel=1e-12, abs=1e-14)
    traced.backward(X[:, 0], X[:, 1])
    assert [p.grad for p in params] == pytest.approx(expected, rel=1e-10, abs=1e-13)


# numpy's other scalar functions, each on x * w (and a second operand) kept in its domain for every sample
# below, 0 included (sinc's series and its value at 0, sign's jump); mod stays away from its jumps.
NUMPY_FUNCTIONS = {
    "tan": lambda x, w: (x * w).tan(),
    "arcsin": lambda x, w: (x * w).arcsin(),
    "arccos": lambda x, w: (x * w).arccos(),
    "arctan": lambda x, w: (x * w).arctan(),
    "sinc": lambda x, w: (x * w).sinc(),
    "sinh": lambda x, w: (x * w).sinh(),
    "cosh": lambda x, w: (x * w).cosh(),
    "arcsinh": lambda x, w: (x * w).arcsinh(),
    "arccosh": lambda x, w: (x * x * w + 1.2).arccosh(),
    "arctanh": lambda x, w: (x * w).arctanh(),
    "log2": lambda x, w: (x * x + w).log2(),
    "log10": lambda x, w: (x * x + w).log10(),
    "log1p": lambda x, w: (x * w).log1p(),
    "expm1": lambda x, w: (x * w).expm1(),
    "exp2": lambda x, w: (x * w).exp2(),
    "sign": lambda x, w: (x * w).sign() * w + x * w,
    "deg2rad": lambda x, w: (x * w * 90.0).deg2rad(),
    "rad2deg": lambda x, w: (x * w).rad2deg(),
    "mod": lambda x, w: (x * w + 3.0) % (x * x + 0.9) + 5.0 % (w + x * x) + (x * w + 0.25).mod(-1.1),
    "arctan2": lambda x, w: (x * w + 0.3).arctan2(x - w),
    "hypot": lambda x, w: (x * w).hypot(x + w),
}
NUMPY_SAMPLES = np.array([-1.5, -0.8, -0.1, 0.0, 0.05, 0.6, 1.5])


@pytest.mark.parametrize("name", NUMPY_FUNCTIONS)
def test_trace_replays_numpys_scalar_functions_as_the_eager_engine_computes_them(name):
    f = NUMPY_FUNCTIONS[name]
    eager_w = Value(0.6)
    eager = [f(Value(x), eager_w) for x in NUMPY_SAMPLES]
    total = eager[0]
    for out in eager[1:]:
        total = total + out
    (total * (1 / len(eager))).backward()
    w = Value(0.6)
    traced = trace(lambda x: f(x, w), 0.5)
    assert {node.op for node in _nodes(f(Value(0.5), w))} >= {name}  # the op is really in the recorded graph
    assert traced.forward(NUMPY_SAMPLES) == pytest.approx([out.data for out in eager], rel=1e-12, abs=1e-15)
    assert traced.backward(NUMPY_SAMPLES) == pytest.approx(total.data / len(eager), rel=1e-12)
    assert w.grad == pytest.approx(eager_w.grad, rel=1e-10, abs=1e-13)


def _nodes(root):
    seen, stack = {}, [root]
    while stack:
        node = stack.pop()
        if id(node) not in seen:
            seen[id(node)] = node
            stack.extend(node.parents)
    return list(seen.values())


def test_a_replay_names_a_numpy_function_outside_its_domain_as_the_eager_engine_does():
    traced = trace(lambda x: (x * 2.0).arcsin(), 0.25)
    with pytest.raises(ValueError, match=r"arcsin\(3.0\) is undefined: arcsin needs -1 <= x <= 1"):
        traced.forward(np.array([0.25, 1.5]))
    remainder = trace(lambda x: 1.0 % (x - 1.0), 2.0)
    with pytest.raises(ZeroDivisionError, match=r"mod\(1.0, 0.0\) divides by zero"):
        remainder.forward(np.array([2.0, 1.0]))


def test_parameters_are_read_afresh_at_every_call():
    w = Value(2.0)
    traced = trace(lambda x: x * w, 1.0)
    assert list(traced.forward(np.array([1.0, 3.0]))) == [2.0, 6.0]
    w.data = -1.0
    assert list(traced.forward(np.array([1.0, 3.0]))) == [-1.0, -3.0]


def test_backward_accumulates_the_mean_gradient_into_leaves():
    w, b = Value(0.5), Value(0.25)
    traced = trace(lambda x: (x * w + b) * (x * w + b), 1.0)
    xs = np.array([1.0, 2.0, -1.0])
    mean = traced.backward(xs)
    z = xs * 0.5 + 0.25
    assert mean == pytest.approx(np.mean(z * z))
    assert (w.grad, b.grad) == pytest.approx((np.mean(2 * z * xs), np.mean(2 * z)))
    traced.backward(xs)
    assert w.grad == pytest.approx(2 * np.mean(2 * z * xs))  # leaves accumulate, as in eager backward


@pytest.mark.parametrize("body", [
    lambda x: x * 2 if x.data > 0 else x,
    lambda x: Value(float(x)) * 2,
    lambda x: x if x else -x,
    lambda x: x * (x * 3).data,
    lambda x: x * 2 if x > 0 else x,  # a comparison reads the number too
    lambda x: max(x, x * 2),
    lambda x: x.item() * x,
])
def test_python_control_flow_on_a_traced_value_is_refused(body):
    with pytest.raises(TracingError, match="control flow"):
        trace(body, 1.0)


def test_values_that_do_not_depend_on_the_inputs_can_be_read():
    w = Value(3.0)
    traced = trace(lambda x: x * w if w.data > 0 else x, 1.0)  # a decision on a parameter, not on the data
    assert list(traced.forward(np.array([2.0]))) == [6.0]


def test_an_expression_of_parameters_can_be_read_inside_a_trace():
    """The data decides what is traced: w * 2 depends on no input, so reading it is no control flow
    on the inputs (a module-wide "now tracing" switch used to refuse it, blaming the inputs)."""
    w = Value(3.0)
    traced = trace(lambda x: x * w if (w * 2).data > 0 else x, 1.0)
    assert list(traced.forward(np.array([2.0, -1.0]))) == [6.0, -3.0]


def test_a_node_is_traced_exactly_when_one_of_its_parents_is():
    from autograd.tracing import TracedValue

    w, made = Value(3.0), {}

    def fn(x):
        made["from_parameters"], made["from_input"] = w * 2 + 1, (x * w).tanh()
        return made["from_input"]

    trace(fn, 1.0)
    assert type(made["from_parameters"]) is Value and made["from_parameters"].data == 7.0
    assert isinstance(made["from_input"], TracedValue) and isinstance(made["from_input"].parents[0], TracedValue)
    assert type(w * 2) is Value  # and nothing stays switched on afterwards


def test_replay_raises_the_eager_engines_errors():
    traced = trace(lambda x: (x - 1).log(), 2.0)
    with pytest.raises(ValueError, match=r"log\(-1.0\) is undefined"):
        traced.forward(np.array([3.0, 0.0, 5.0]))
    overflow = trace(lambda x: x.exp(), 1.0)
    with pytest.raises(OverflowError, match="exp"):
        overflow.forward(np.array([1.0, 1000.0]))
    root = trace(lambda x: x.sqrt(), 1.0)
    with pytest.raises(ArithmeticError, match="sqrt"):
        root.backward(np.array([1.0, 0.0]))


def test_no_push_from_a_node_without_gradient_as_in_eager():
    w = Value(1.0)
    traced = trace(lambda x: x.sqrt() * 0.0 + x * w, 1.0)  # sqrt'(0) is infinite, but nothing flows through it
    traced.backward(np.array([0.0, 4.0]))
    assert w.grad == pytest.approx(2.0)


@pytest.mark.parametrize("arrays, error, words", [
    ((np.zeros((3, 3)),), ValueError, ["shape", "(3, 2)"]),
    ((np.zeros((3, 2)), np.zeros(3)), TypeError, ["takes 1 arrays"]),
    ((np.full((2, 2), np.nan),), ValueError, ["NaN"]),
])
def test_bad_arrays_are_clear_errors(arrays, error, words):
    traced = trace(lambda x: x[0] * x[1], [1.0, 2.0])
    with pytest.raises(error) as info:
        traced.forward(*arrays)
    assert all(word in str(info.value) for word in words), str(info.value)


def test_fn_must_return_values():
    with pytest.raises(TypeError, match="must return a Value"):
        trace(lambda x: 3.0, 1.0)


@pytest.mark.parametrize("make, at, expected", [
    (lambda v: 0.0 ** v, 0.265, 0.0),
    (lambda v: v / 1e-300, 1.0, 1e300),
    (lambda v: (1e-300 * v) * 1e300, 1e300, 1.0),
    (lambda v: v ** 1.02, 1e300, 1.02e6),
])
def test_constants_get_no_gradient_in_a_replay_either(make, at, expected):
    """As in the eager engine (and PyTorch): the plain numbers' own slopes are never used."""
    w = Value(at)
    traced = trace(lambda x: make(x * w), 1.0)  # the input varies: the batched replay
    traced.backward(np.array([1.0, 1.0]))
    assert w.grad == pytest.approx(expected, rel=1e-12)
    fixed = Value(at)
    trace(lambda x: make(fixed) + x, 1.0).backward(np.array([1.0]))  # fixed: the replay's eager part
    assert fixed.grad == pytest.approx(expected, rel=1e-12)


def test_an_empty_list_argument_is_traced_and_replayed():
    """Placing an argument's rows once looked at its first placeholder: an empty list had none (IndexError)."""
    w = Value(2.0)
    traced = trace(lambda x, extra: x * w, 1.0, [])
    assert list(traced.forward(np.array([1.0, 3.0]), np.zeros((2, 0)))) == [2.0, 6.0]
