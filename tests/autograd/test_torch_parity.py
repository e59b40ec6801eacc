"""Parity with PyTorch: forward values and leaf gradients of the same expressions,
in float64, agree to 1e-12 relative. Optional: skipped when torch is not installed."""
import math

import pytest

torch = pytest.importorskip("torch")

from autograd import Value  # noqa: E402  (after the skip, so no torch means no work)

pytestmark = pytest.mark.torch


def softplus(x):
    """Value.softplus has no Tensor method twin; torch's lives in nn.functional."""
    return x.softplus() if isinstance(x, Value) else torch.nn.functional.softplus(x)


def leaky_relu(x, slope=0.01):
    """Value.leaky_relu(slope) is torch.nn.functional.leaky_relu(x, negative_slope)."""
    return x.leaky_relu(slope) if isinstance(x, Value) else torch.nn.functional.leaky_relu(x, slope)


def _sum(*xs):
    """autograd.ops.SUM(*xs); torch.stack(xs).sum() for tensors."""
    from autograd.ops import SUM

    return SUM(*xs) if isinstance(xs[0], Value) else torch.stack(xs).sum()


def _max_of(*xs):
    """autograd.ops.MAX_OF(*xs); torch.amax of the stack for tensors (ties share the gradient in both)."""
    from autograd.ops import MAX_OF

    return MAX_OF(*xs) if isinstance(xs[0], Value) else torch.amax(torch.stack(xs))


def reflected_remainder(a):
    """7.5 % a; torch's 7.5 % tensor has no derivative, so for tensors the 7.5 is a tensor too."""
    return 7.5 % a if isinstance(a, Value) else torch.remainder(torch.full_like(a, 7.5), a)


def reused(a, b):
    """A graph with a shared node (y), a diamond through it, and a leaf used thrice."""
    y = a * b + a
    z = y.tanh() * y - (y * a).sigmoid() / y
    return z * z + (y - z).exp() + abs(a)


# (name, expression, inputs). The expressions use only what Value and Tensor share,
# so one function builds both graphs. Inputs keep every op in its domain and avoid
# differences of near-equal numbers, whose rounding would swamp the 1e-12.
CASES = [
    ("add", lambda a, b: a + b, [1.5, -0.25]),
    ("sub", lambda a, b: a - b, [1.5, -0.25]),
    ("mul", lambda a, b: a * b, [1.5, -0.25]),
    ("div", lambda a, b: a / b, [1.5, -0.25]),
    ("pow_int", lambda a: a**3, [-1.7]),
    ("pow_half", lambda a: a**0.5, [2.3]),
    ("pow_negative", lambda a: a**-1.5, [0.8]),
    ("pow_value_exponent", lambda a, b: a**b, [1.7, -2.2]),
    ("neg", lambda a: -a, [0.3]),
    ("exp", lambda a: a.exp(), [2.1]),
    ("log", lambda a: a.log(), [0.07]),
    ("tanh", lambda a: a.tanh(), [-0.6]),
    # Not much larger: both compute tanh' as 1 - tanh**2 (rounded differently), which
    # loses relative precision as tanh nears 1 (rel. error ~1e-10 at 8, 1 at 20).
    ("tanh_large", lambda a: a.tanh(), [3.0]),
    ("sigmoid", lambda a: a.sigmoid(), [0.9]),
    ("sigmoid_far_negative", lambda a: a.sigmoid(), [-40.0]),
    ("relu_positive", lambda a: a.relu(), [1.3]),
    ("relu_negative", lambda a: a.relu(), [-1.3]),
    ("sqrt", lambda a: a.sqrt(), [5.0]),
    ("abs_negative", lambda a: abs(a), [-2.5]),
    ("abs_method", lambda a: a.abs(), [2.5]),
    ("softplus", softplus, [0.4]),
    ("softplus_negative", softplus, [-12.0]),  # torch's threshold=20 would shortcut above 20
    ("sin", lambda a: a.sin(), [0.8]),
    ("sin_negative", lambda a: a.sin(), [-2.4]),
    ("cos", lambda a: a.cos(), [0.8]),
    ("cos_far", lambda a: a.cos(), [5.1]),
    ("leaky_relu_positive", leaky_relu, [1.3]),
    ("leaky_relu_negative", leaky_relu, [-1.3]),
    ("leaky_relu_slope", lambda a: leaky_relu(a, 0.2), [-0.7]),
    ("leaky_relu_at_zero", leaky_relu, [0.0]),  # torch: the slope, not 1
    ("maximum", lambda a, b: a.maximum(b), [0.5, 1.5]),
    ("sum_of_many", lambda a, b: _sum(a * b, a, b.exp()), [0.5, -1.5]),
    ("max_of_many", lambda a, b: _max_of(a, b * 2.0, a * b), [0.5, -1.5]),
    ("max_of_a_tie", lambda a, b: _max_of(a, b, a * 1.0) * b, [0.5, -1.5]),
    ("clamp_inside", lambda a: a.clamp(-1.0, 2.0), [0.5]),
    ("clamp_below", lambda a: a.clamp(-1.0, 2.0), [-3.0]),
    ("reflected_mul", lambda a: 2 * a, [0.7]),
    ("reflected_add", lambda a: 0.5 + a, [0.7]),
    ("reflected_sub", lambda a: 1 - a, [0.7]),
    ("reflected_div", lambda a: 3 / a, [0.7]),
    ("reflected_pow", lambda a: 2**a, [0.7]),
    # w1*x1 + w2*x2 + b = atanh(1/sqrt 2): tanh' = 1/2 there, so the grads are known by hand.
    ("neuron", lambda x1, x2, w1, w2, b: (w1 * x1 + w2 * x2 + b).tanh(),
     [2.0, 0.5, -3.0, 1.0, 5.5 + math.atanh(0.5**0.5)]),
    ("reused_nodes", reused, [0.6, -1.3]),
    # Constants get no gradient in either, so an infinite slope towards one spoils nothing.
    ("constant_zero_base", lambda a: 0.0 ** a, [0.265]),
    ("constant_tiny_divisor", lambda a: a / 1e-300, [1.0]),
    ("constants_around_a_huge_input", lambda a: (1e-300 * a) * 1e300, [1e300]),
    ("constant_exponent_of_a_huge_base", lambda a: a ** 1.02, [1e300]),
    # At the kink, PyTorch takes the derivative as 0; so must we.
    ("relu_at_zero", lambda a: a.relu(), [0.0]),
    ("abs_at_zero", lambda a: abs(a), [0.0]),
    ("relu_at_zero_in_graph", lambda a, b: (a - b).relu() * a + (a * 0.0).abs(), [1.25, 1.25]),
    # numpy's other scalar functions; torch spells them as numpy does (arcsin is its asin, % its remainder)
    ("tan", lambda a: a.tan(), [0.7]),
    ("tan_negative", lambda a: a.tan(), [-1.3]),
    ("sinh", lambda a: a.sinh(), [1.3]),
    ("cosh", lambda a: a.cosh(), [-0.8]),
    ("asin", lambda a: a.arcsin(), [0.45]),
    ("acos", lambda a: a.arccos(), [-0.6]),
    ("atan", lambda a: a.arctan(), [2.5]),
    ("asinh", lambda a: a.arcsinh(), [-1.7]),
    ("acosh", lambda a: a.arccosh(), [1.9]),
    ("atanh", lambda a: a.arctanh(), [0.35]),
    ("log2", lambda a: a.log2(), [3.7]),
    ("log10", lambda a: a.log10(), [0.02]),
    ("log1p", lambda a: a.log1p(), [-0.4]),
    ("log1p_tiny", lambda a: a.log1p(), [1e-10]),
    ("expm1", lambda a: a.expm1(), [0.3]),
    ("expm1_tiny", lambda a: a.expm1(), [-1e-9]),
    ("exp2", lambda a: a.exp2(), [3.3]),
    ("sign", lambda a: a.sign() * a + a.sign(), [-1.2]),
    ("sign_at_zero", lambda a: a.sign() + a, [0.0]),
    ("remainder", lambda a, b: a % b, [5.3, -1.7]),
    ("remainder_negative", lambda a, b: a % b, [-7.1, 2.25]),
    ("remainder_reflected", reflected_remainder, [2.2]),
    ("deg2rad", lambda a: a.deg2rad(), [135.0]),
    ("rad2deg", lambda a: a.rad2deg(), [0.9]),
    ("sinc", lambda a: a.sinc(), [0.7]),
    ("sinc_negative", lambda a: a.sinc(), [-1.6]),
    ("sinc_near_zero", lambda a: a.sinc(), [0.05]),  # ours from the series; torch's quotient loses 2e-14 here
    ("sinc_at_zero", lambda a: a.sinc(), [0.0]),
    ("atan2", lambda a, b: a.arctan2(b), [0.8, -1.1]),
    ("atan2_third_quadrant", lambda a, b: a.arctan2(b), [-0.4, -2.0]),
    ("hypot", lambda a, b: a.hypot(b), [-1.5, 2.0]),
    ("numpy_functions_in_a_graph", lambda a, b: (a.sinh() * b.arctan()).hypot(a.exp2() % 0.75) + (a * b).sinc(),
     [0.6, -1.4]),
]


def case(name):
    """The expression and inputs of the CASES row called ``name``."""
    return next((fn, inputs) for row_name, fn, inputs in CASES if row_name == name)


def chainrule_result(fn, inputs, backward_calls=1):
    leaves = [Value(x) for x in inputs]
    out = fn(*leaves)
    for _ in range(backward_calls):
        out.backward()
    return out.data, [leaf.grad for leaf in leaves]


def torch_result(fn, inputs, backward_calls=1):
    leaves = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in inputs]
    out = fn(*leaves)
    for _ in range(backward_calls):
        out.backward(retain_graph=True)  # retain: a second call needs the graph again
    return out.item(), [0.0 if leaf.grad is None else leaf.grad.item() for leaf in leaves]


def assert_same(ours, theirs):
    """Equal to 1e-12 relative; abs=1e-300 only lets exact zeros match exact zeros."""
    assert ours[0] == pytest.approx(theirs[0], rel=1e-12, abs=1e-300), "forward value"
    assert ours[1] == pytest.approx(theirs[1], rel=1e-12, abs=1e-300), "leaf gradients"


@pytest.mark.parametrize("name, fn, inputs", CASES, ids=[case[0] for case in CASES])
def test_value_and_gradients_match_torch(name, fn, inputs):
    assert_same(chainrule_result(fn, inputs), torch_result(fn, inputs))


@pytest.mark.parametrize("name", ["relu_at_zero", "abs_at_zero", "relu_at_zero_in_graph"])
def test_kinks_get_zero_gradient_like_torch(name):
    fn, inputs = case(name)
    assert chainrule_result(fn, inputs)[1] == torch_result(fn, inputs)[1] == [0.0] * len(inputs)


@pytest.mark.parametrize("name", ["neuron", "reused_nodes", "pow_value_exponent"])
def test_second_backward_accumulates_into_leaves_like_torch(name):
    """Leaves accumulate across backward calls in both; intermediates differ by design
    (chainrule overwrites them, torch keeps no .grad on them), so they are not compared."""
    fn, inputs = case(name)
    ours, theirs = chainrule_result(fn, inputs, backward_calls=2), torch_result(fn, inputs, backward_calls=2)
    assert_same(ours, theirs)
    assert ours[1] == pytest.approx([2 * g for g in chainrule_result(fn, inputs)[1]], rel=1e-12)


def test_backward_with_an_upstream_gradient_scales_like_torch():
    fn, inputs = case("reused_nodes")
    leaves = [Value(x) for x in inputs]
    fn(*leaves).backward(2.5)
    tensors = [torch.tensor(x, dtype=torch.float64, requires_grad=True) for x in inputs]
    fn(*tensors).backward(torch.tensor(2.5, dtype=torch.float64))
    assert [leaf.grad for leaf in leaves] == pytest.approx([t.grad.item() for t in tensors], rel=1e-12)


def test_neuron_matches_torch_and_the_hand_derivation():
    """tanh = 1/sqrt 2, so 1 - tanh**2 = 1/2 reaches the sum: d/dx_i = w_i/2, d/dw_i = x_i/2."""
    ours, theirs = chainrule_result(*case("neuron")), torch_result(*case("neuron"))
    assert_same(ours, theirs)
    assert ours[0] == pytest.approx(0.5**0.5, rel=1e-12)
    assert ours[1] == pytest.approx([-1.5, 0.5, 1.0, 0.25, 0.5], rel=1e-12)


# Second order and forward mode: the same expressions through torch.autograd.functional. Not the constants
# (1e300-sized inputs overflow torch's), nor sinc at 0: torch's sinc' is its quotient with 0 put in at x = 0,
# a constant whose own slope is 0 there, not sinc''(0) = -pi**2/3 (test_ops checks ours against that).
SECOND_ORDER = [row for row in CASES if not row[0].startswith("constant") and row[0] != "sinc_at_zero"]


@pytest.mark.parametrize("name, fn, inputs", SECOND_ORDER, ids=[row[0] for row in SECOND_ORDER])
def test_hessian_matches_torch(name, fn, inputs):
    from autograd import hessian

    tensors = tuple(torch.tensor(x, dtype=torch.float64) for x in inputs)
    theirs = torch.autograd.functional.hessian(fn, tensors)
    theirs = [float(theirs[i][j]) for i in range(len(inputs)) for j in range(len(inputs))]
    ours = [entry for row in hessian(fn)(*inputs) for entry in row]
    assert ours == pytest.approx(theirs, rel=1e-10, abs=1e-12)


@pytest.mark.parametrize("name, fn, inputs", SECOND_ORDER, ids=[row[0] for row in SECOND_ORDER])
def test_jvp_matches_torch(name, fn, inputs):
    from autograd import jvp

    tangents = [0.5 + 0.25 * i for i in range(len(inputs))]
    value, theirs = torch.autograd.functional.jvp(
        fn, tuple(torch.tensor(x, dtype=torch.float64) for x in inputs),
        tuple(torch.tensor(t, dtype=torch.float64) for t in tangents))
    ours_value, ours = jvp(fn, inputs, tangents)
    assert ours_value.data == pytest.approx(float(value), rel=1e-12)
    assert ours == pytest.approx(float(theirs), rel=1e-10, abs=1e-12)
