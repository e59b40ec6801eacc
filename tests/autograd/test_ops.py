"""The op table: every primitive's forward against `math` (or numpy), its local derivative
against a central difference of that reference, and gradcheck through a graph; then each
op's domain errors and stable forms."""
import decimal
import math
import operator

import numpy as np
import pytest

from autograd import Value, grad, gradcheck, linear
from autograd.ops import RULES
from autograd.rule import FLOAT_MATH


def _sigmoid(x):
    return 1.0 / (1.0 + math.exp(-x))


def _numpy(function):
    """A numpy function as a float reference (np.sinc, np.sign: the math module has no twin)."""
    return lambda x: float(function(x))


# name -> (how a user applies it to Values, independent float reference, sample points)
UNARY = {
    "neg": (operator.neg, lambda x: -x, [-2.5, -0.3, 0.7, 4.0]),
    "exp": (lambda v: v.exp(), math.exp, [-3.0, -0.2, 0.5, 2.0]),
    "log": (lambda v: v.log(), math.log, [0.05, 0.9, 1.0, 7.5]),
    "tanh": (lambda v: v.tanh(), math.tanh, [-2.0, -0.1, 0.4, 3.0]),
    "sigmoid": (lambda v: v.sigmoid(), _sigmoid, [-4.0, -0.5, 0.0, 2.5]),
    "relu": (lambda v: v.relu(), lambda x: max(x, 0.0), [-2.0, -0.5, 0.5, 3.0]),
    "sqrt": (lambda v: v.sqrt(), math.sqrt, [0.01, 0.5, 2.0, 9.0]),
    "abs": (abs, math.fabs, [-3.0, -0.5, 0.25, 2.0]),
    "softplus": (lambda v: v.softplus(), lambda x: math.log1p(math.exp(x)), [-5.0, -0.5, 0.0, 3.0]),
    "sin": (lambda v: v.sin(), math.sin, [-2.0, -0.3, 0.0, 1.2, 4.0]),
    "cos": (lambda v: v.cos(), math.cos, [-2.0, -0.3, 0.0, 1.2, 4.0]),
    "leaky_relu": (lambda v: v.leaky_relu(), lambda x: x if x > 0 else 0.01 * x, [-3.0, -0.5, 0.5, 2.0]),
    # the rest of numpy's scalar functions with a derivative
    "tan": (lambda v: v.tan(), math.tan, [-1.4, -0.3, 0.0, 0.5, 1.2, 4.0]),
    "arcsin": (lambda v: v.arcsin(), math.asin, [-0.99, -0.5, 0.0, 0.3, 0.9]),
    "arccos": (lambda v: v.arccos(), math.acos, [-0.99, -0.5, 0.0, 0.3, 0.9]),
    "arctan": (lambda v: v.arctan(), math.atan, [-30.0, -0.5, 0.0, 0.7, 4.0]),
    "sinc": (lambda v: v.sinc(), _numpy(np.sinc), [-2.5, -0.7, -0.1, 0.0, 1e-3, 0.3, 1.5, 10.25]),
    "sinh": (lambda v: v.sinh(), math.sinh, [-3.0, -0.2, 0.0, 0.8, 5.0]),
    "cosh": (lambda v: v.cosh(), math.cosh, [-3.0, -0.2, 0.0, 0.8, 5.0]),
    "arcsinh": (lambda v: v.arcsinh(), math.asinh, [-40.0, -0.5, 0.0, 1.2, 7.0]),
    "arccosh": (lambda v: v.arccosh(), math.acosh, [1.01, 1.5, 3.0, 40.0]),
    "arctanh": (lambda v: v.arctanh(), math.atanh, [-0.95, -0.3, 0.0, 0.5, 0.99]),
    "log2": (lambda v: v.log2(), math.log2, [0.01, 0.5, 1.0, 3.0, 1024.0]),
    "log10": (lambda v: v.log10(), math.log10, [0.002, 0.5, 1.0, 7.0, 1000.0]),
    "log1p": (lambda v: v.log1p(), math.log1p, [-0.9, -1e-8, 0.0, 1e-10, 0.5, 30.0]),
    "expm1": (lambda v: v.expm1(), math.expm1, [-40.0, -1.0, -1e-9, 0.0, 1e-12, 2.0]),
    "exp2": (lambda v: v.exp2(), lambda x: 2.0**x, [-3.5, -0.5, 0.0, 1.0, 10.3]),
    "sign": (lambda v: v.sign(), _numpy(np.sign), [-2.0, -1e-3, 0.5, 3.0]),  # at 0: the kink test below
    "deg2rad": (lambda v: v.deg2rad(), math.radians, [-720.0, -45.0, 0.0, 90.0, 180.0]),
    "rad2deg": (lambda v: v.rad2deg(), math.degrees, [-6.0, -0.5, 0.0, math.pi, 10.0]),
}
BINARY = {
    "+": (operator.add, operator.add, [(-1.5, 2.0), (0.3, 0.7)]),
    "-": (operator.sub, operator.sub, [(-1.5, 2.0), (4.0, 0.25)]),
    "*": (operator.mul, operator.mul, [(-1.5, 2.0), (0.3, -4.0)]),
    "/": (operator.truediv, operator.truediv, [(-1.5, 2.0), (3.0, -0.4)]),
    "**": (operator.pow, math.pow, [(1.7, 2.0), (0.5, -1.5), (3.0, 0.5), (-2.0, 3.0)]),
    "max": (lambda u, v: u.maximum(v), max, [(1.5, -2.0), (-0.5, 0.5)]),
    "mod": (operator.mod, operator.mod, [(5.5, 2.0), (-3.7, 1.3), (7.25, -2.5), (-1.25, -0.5), (0.3, 5.0)]),
    "arctan2": (lambda u, v: u.arctan2(v), math.atan2, [(1.0, 2.0), (-0.5, -1.5), (2.0, -0.3), (-1e-3, 4.0)]),
    "hypot": (lambda u, v: u.hypot(v), math.hypot, [(3.0, 4.0), (-0.5, 1.2), (1e-3, -2.0)]),
}
# clamp(a, low, high): the bounds are Values too, so the gradient can go to a bound
CLAMP_CASES = [(-2.0, -1.0, 1.0), (0.3, -1.0, 1.0), (1.7, -1.0, 1.0)]
UNARY_CASES = [(name, x) for name, (_, _, xs) in UNARY.items() for x in xs]
BINARY_CASES = [(name, a, b) for name, (_, _, pairs) in BINARY.items() for a, b in pairs]
H = 1e-6


def test_every_rule_is_in_the_table():
    assert set(RULES) == set(UNARY) | set(BINARY) | {"clamp", "linear", "sum", "max_of"}


def test_sum_is_the_chain_of_additions_exactly_in_one_node():
    numbers = [0.1, 0.2, 0.3, -1e-17, 7.5]
    values = [Value(x) for x in numbers]
    total = RULES["sum"](*values)
    chain = values[0]
    for v in values[1:]:
        chain = chain + v
    assert total.data == chain.data and len(total.parents) == 5
    total.backward()
    assert [v.grad for v in values] == [1.0] * 5


@pytest.mark.parametrize("numbers, grads", [
    ([1.0, 3.0, -2.0], [0.0, 1.0, 0.0]),
    ([3.0, 1.0, 3.0], [0.5, 0.0, 0.5]),  # a tie shares the slope evenly, as torch.amax does
    ([2.0, 2.0, 2.0], [1 / 3, 1 / 3, 1 / 3]),
])
def test_max_of_sends_the_gradient_to_the_largest(numbers, grads):
    values = [Value(x) for x in numbers]
    largest = RULES["max_of"](*values)
    largest.backward()
    assert largest.data == max(numbers) and [v.grad for v in values] == pytest.approx(grads, rel=1e-15)


def test_the_reductions_pass_gradcheck_through_a_graph():
    def f(a, b, c):
        return RULES["sum"](a * b, c.exp(), a).tanh() + RULES["max_of"](a, b * 2.0, c)

    assert gradcheck(f, [Value(0.3), Value(0.9), Value(-0.5)])


@pytest.mark.parametrize("name, x", UNARY_CASES)
def test_unary_forward_matches_math(name, x):
    apply, reference, _ = UNARY[name]
    out = apply(Value(x))
    assert out.data == pytest.approx(reference(x), rel=1e-14, abs=1e-300)
    assert out.op == name and len(out.parents) == 1


@pytest.mark.parametrize("name, x", UNARY_CASES)
def test_unary_local_derivative_matches_central_difference(name, x):
    _, reference, _ = UNARY[name]
    rule = RULES[name]
    (local,) = rule.local_grads(FLOAT_MATH, x, rule.forward(FLOAT_MATH, x))
    numerical = (reference(x + H) - reference(x - H)) / (2 * H)
    assert local == pytest.approx(numerical, rel=1e-6, abs=1e-7)


@pytest.mark.parametrize("name, a, b", BINARY_CASES)
def test_binary_forward_matches_math(name, a, b):
    apply, reference, _ = BINARY[name]
    out = apply(Value(a), Value(b))
    assert out.data == pytest.approx(reference(a, b), rel=1e-14)
    assert out.op == name and len(out.parents) == 2


@pytest.mark.parametrize("name, a, b", BINARY_CASES)
def test_binary_local_derivatives_match_central_differences(name, a, b):
    _, reference, _ = BINARY[name]
    rule = RULES[name]
    d_a, d_b = rule.local_grads(FLOAT_MATH, a, b, rule.forward(FLOAT_MATH, a, b))
    assert d_a == pytest.approx((reference(a + H, b) - reference(a - H, b)) / (2 * H), rel=1e-6, abs=1e-7)
    if name == "**" and a < 0:
        assert d_b == 0.0  # a ** b is undefined for non-integer b around a negative base: taken as 0
    else:
        assert d_b == pytest.approx((reference(a, b + H) - reference(a, b - H)) / (2 * H), rel=1e-6, abs=1e-7)


@pytest.mark.parametrize("name, x", UNARY_CASES)
def test_unary_gradcheck_through_a_graph(name, x):
    apply, _, _ = UNARY[name]
    # the op sits in the middle of a graph: scaled input in, and its output used twice
    report = gradcheck(lambda v, w: (lambda y: y * y + w * y)(apply(v * 1.0)),
                       [Value(x, label="v"), Value(0.7, label="w")])
    assert report, str(report)


@pytest.mark.parametrize("name, a, b", BINARY_CASES)
def test_binary_gradcheck_through_a_graph(name, a, b):
    apply, _, _ = BINARY[name]
    if name == "**" and a < 0:  # no derivative in the exponent there: keep it a plain number
        def f(u):
            return (lambda y: y.tanh() + y)(apply(u, b))
        report = gradcheck(f, [Value(a, label="a")])
    else:
        report = gradcheck(lambda u, v: (lambda y: y.tanh() + y)(apply(u, v)),
                           [Value(a, label="a"), Value(b, label="b")])
    assert report, str(report)


@pytest.mark.parametrize("a, low, high", CLAMP_CASES)
def test_clamp_forward_and_local_derivatives(a, low, high):
    def reference(x, lo, hi):
        return min(max(x, lo), hi)

    rule = RULES["clamp"]
    out = Value(a).clamp(low, high)
    assert out.data == reference(a, low, high) and out.op == "clamp"
    grads = rule.local_grads(FLOAT_MATH, a, low, high, out.data)
    points = [(a, low, high)] * 3
    for i, derivative in enumerate(grads):
        up, down = list(points[i]), list(points[i])
        up[i] += H
        down[i] -= H
        assert derivative == pytest.approx((reference(*up) - reference(*down)) / (2 * H), abs=1e-7)


def test_clamp_refuses_crossed_bounds():
    with pytest.raises(ValueError, match="low <= high"):
        Value(0.5).clamp(1.0, 0.0)


@pytest.mark.parametrize("x", [-1000.0, 1000.0])
def test_softplus_is_stable_for_large_inputs(x):
    v = Value(x)
    out = v.softplus()
    out.backward()
    assert out.data == pytest.approx(max(x, 0.0)) and v.grad == (0.0 if x < 0 else 1.0)


@pytest.mark.parametrize("name", ["relu", "abs", "sign"])
def test_kinks_have_derivative_zero_at_zero_as_in_pytorch(name):
    x = Value(0.0)
    UNARY[name][0](x).backward()
    assert x.grad == 0.0


@pytest.mark.parametrize(
    "make, expected, grad",
    [
        (lambda v: 2 * v, 6.0, 2.0),
        (lambda v: v + 1, 4.0, 1.0),
        (lambda v: 1 + v, 4.0, 1.0),
        (lambda v: 1 - v, -2.0, -1.0),
        (lambda v: v - 1, 2.0, 1.0),
        (lambda v: 3 / v, 1.0, -1.0 / 3.0),  # d(3/v)/dv = -3/v**2
        (lambda v: v / 2, 1.5, 0.5),
        (lambda v: v ** 2, 9.0, 6.0),
        (lambda v: 2 ** v, 8.0, 8.0 * math.log(2.0)),  # d(2**v)/dv = 2**v ln 2
    ],
)
def test_plain_numbers_on_either_side(make, expected, grad):
    v = Value(3.0)
    out = make(v)
    out.backward()
    assert out.data == pytest.approx(expected, rel=1e-15)
    assert v.grad == pytest.approx(grad, rel=1e-15)


def test_value_exponent_is_differentiated_on_both_sides():
    a, b = Value(2.0), Value(3.0)
    (a ** b).backward()
    assert a.grad == pytest.approx(3.0 * 2.0 ** 2)  # b a^(b-1) = 12
    assert b.grad == pytest.approx(8.0 * math.log(2.0))  # a^b ln a


@pytest.mark.parametrize("x", [-1000.0, -40.0, 40.0, 1000.0])
def test_sigmoid_and_tanh_are_stable_for_large_inputs(x):
    v = Value(x)
    s, t = v.sigmoid(), v.tanh()
    (s + t).backward()
    assert 0.0 <= s.data <= 1.0 and -1.0 <= t.data <= 1.0
    assert s.data == pytest.approx(0.0 if x < 0 else 1.0, abs=1e-17)
    assert math.isfinite(v.grad)


def test_sigmoid_keeps_precision_for_negative_inputs():
    # 1/(1+e**40) = 4.248e-18: the naive 1 - 1/(1+e**-x) route rounds this to 0
    assert Value(-40.0).sigmoid().data == pytest.approx(1.0 / (1.0 + math.exp(40.0)), rel=1e-14)


def test_zeroth_power_has_slope_zero_even_at_zero():
    x, b = Value(0.0), Value(0.0)
    out = x ** b  # 0 ** 0 = 1; d/dx x**0 = 0 everywhere (and PyTorch agrees)
    out.backward()
    assert out.data == 1.0 and x.grad == 0.0 and b.grad == 0.0


def test_maximum_splits_a_tie_evenly_as_in_pytorch():
    a, b = Value(2.0), Value(2.0)
    a.maximum(b).backward()
    assert (a.grad, b.grad) == (0.5, 0.5)


def test_clamp_takes_value_bounds_and_sends_the_gradient_to_the_active_bound():
    x, low, high = Value(5.0), Value(-1.0), Value(1.0)
    out = x.clamp(low, high)
    out.backward()
    assert out.data == 1.0 and (x.grad, low.grad, high.grad) == (0.0, 0.0, 1.0)


LINEAR_CASES = [([0.5], [2.0], 0.1), ([1.5, -2.0, 0.25], [0.3, 0.7, -4.0], -1.0)]


@pytest.mark.parametrize("xs, ws, b", LINEAR_CASES)
def test_linear_is_the_chain_of_products_and_sums_exactly(xs, ws, b):
    x, w, bias = [Value(v) for v in xs], [Value(v) for v in ws], Value(b)
    fused = linear(x, w, bias)
    chain = x[0] * w[0]
    for xi, wi in zip(x[1:], w[1:]):
        chain = chain + xi * wi
    chain = chain + bias
    assert fused.data == chain.data == pytest.approx(sum(p * q for p, q in zip(xs, ws)) + b, rel=1e-15)
    assert fused.op == "linear" and len(fused.parents) == 2 * len(xs) + 1
    fused.backward()
    assert [v.grad for v in x] == ws and [v.grad for v in w] == xs and bias.grad == 1.0


@pytest.mark.parametrize("xs, ws, b", LINEAR_CASES)
def test_linear_local_derivatives_and_gradcheck(xs, ws, b):
    rule, point = RULES["linear"], [*xs, *ws, b]
    local = rule.local_grads(FLOAT_MATH, *point, rule.forward(FLOAT_MATH, *point))
    for i, derivative in enumerate(local):
        up, down = list(point), list(point)
        up[i] += H
        down[i] -= H
        numerical = (rule.forward(FLOAT_MATH, *up) - rule.forward(FLOAT_MATH, *down)) / (2 * H)
        assert derivative == pytest.approx(numerical, rel=1e-6, abs=1e-9)
    k = len(xs)
    assert gradcheck(lambda *v: linear(v[:k], v[k:2 * k], v[-1]).tanh(), point)


def test_linear_refuses_mismatched_lengths():
    with pytest.raises(ValueError, match="as many weights as inputs"):
        linear([Value(1.0)], [Value(1.0), Value(2.0)], 0.0)


# -- numpy's scalar functions: domains, edges and stable forms ------------------------------------
@pytest.mark.parametrize("make, error, message", [
    (lambda: Value(1.5).arcsin(), ValueError, r"arcsin\(1.5\) is undefined: arcsin needs -1 <= x <= 1"),
    (lambda: Value(-1.01).arccos(), ValueError, r"arccos\(-1.01\) is undefined: arccos needs -1 <= x <= 1"),
    (lambda: Value(0.5).arccosh(), ValueError, r"arccosh\(0.5\) is undefined: arccosh needs x >= 1"),
    (lambda: Value(1.0).arctanh(), ValueError, r"arctanh\(1.0\) is undefined: arctanh needs -1 < x < 1"),
    (lambda: Value(-2.0).arctanh(), ValueError, r"arctanh\(-2.0\) is undefined: arctanh needs -1 < x < 1"),
    (lambda: Value(0.0).log2(), ValueError, r"log2\(0.0\) is undefined: log2 needs x > 0"),
    (lambda: Value(-3.0).log10(), ValueError, r"log10\(-3.0\) is undefined: log10 needs x > 0"),
    (lambda: Value(-1.0).log1p(), ValueError, r"log1p\(-1.0\) is undefined: log1p needs x > -1"),
    (lambda: Value(1.0) % 0.0, ZeroDivisionError, r"mod\(1.0, 0.0\) divides by zero: mod needs a nonzero divisor"),
    (lambda: 2.0 % Value(0.0), ZeroDivisionError, r"mod\(2.0, 0.0\) divides by zero"),
    (lambda: Value(1e308).mod(1e-300), OverflowError, r"mod\(1e\+308, 1e-300\).*quotient a / b is beyond"),
    (lambda: Value(800.0).sinh(), OverflowError, r"sinh\(800.0\) overflows: .*\|x\| > 710.47"),
    (lambda: Value(-800.0).cosh(), OverflowError, r"cosh\(-800.0\) overflows: .*\|x\| > 710.47"),
    (lambda: Value(710.0).expm1(), OverflowError, r"expm1\(710.0\) overflows: .*x > 709.78"),
    (lambda: Value(1024.0).exp2(), OverflowError, r"exp2\(1024.0\) overflows: .*x >= 1024"),
    (lambda: Value(1e308).sinc(), OverflowError, r"sinc\(1e\+308\) cannot be computed: pi \* x is beyond"),
    (lambda: Value(1e308).rad2deg(), OverflowError, r"rad2deg\(1e\+308\) overflows"),
])
def test_numpy_functions_name_the_operand_and_the_domain(make, error, message):
    with pytest.raises(error, match=message):
        make()


@pytest.mark.parametrize("make, x", [
    (lambda v: v.arcsin(), 1.0), (lambda v: v.arcsin(), -1.0), (lambda v: v.arccos(), 1.0),
    (lambda v: v.arccosh(), 1.0), (lambda v: v.arctan2(0.0), 0.0),
])
def test_an_infinite_slope_at_a_domain_edge_is_named_by_backward(make, x):
    v = Value(x)
    out = make(v)  # the value there is finite (arcsin(1) = pi/2) ...
    assert math.isfinite(out.data)
    with pytest.raises(ArithmeticError, match="derivative is infinite or undefined"):
        out.backward()  # ... its slope is not, as sqrt's at 0
    assert v.grad == 0.0


@pytest.mark.parametrize("x", [1e-300, 1e-17, -1e-17, 5e-324])
def test_log1p_and_expm1_keep_the_digits_of_a_tiny_input(x):
    assert math.log(1.0 + x) == 0.0 and math.exp(x) - 1.0 == 0.0  # the naive forms lose x entirely
    for method in ("log1p", "expm1"):
        v = Value(x)
        out = getattr(v, method)()
        out.backward()
        assert out.data == x and v.grad == 1.0


def test_expm1_slope_is_exp_even_where_out_plus_1_rounds_to_0():
    v = Value(-40.0)
    v.expm1().backward()
    assert v.grad == pytest.approx(math.exp(-40.0), rel=1e-15, abs=0.0)  # out + 1 = (e**-40 - 1) + 1 = 0.0


def _sinc_slope(x):
    """d/dx sin(pi x)/(pi x) = (y cos y - sin y) / (pi x**2), y = pi x, in 700-digit decimals: the two terms
    cancel to y**3/3, so this many digits leave plenty even at x = 1e-200. An independent truth."""
    with decimal.localcontext() as context:
        context.prec = 700
        pi = decimal.Decimal("3.14159265358979323846264338327950288419716939937510582097494459230781640628620899863")
        y = pi * decimal.Decimal(x)
        sin, cos, term, k = decimal.Decimal(0), decimal.Decimal(0), decimal.Decimal(1), 0  # term = y**k / k!
        while term and abs(term) > decimal.Decimal(10) ** -1500:
            if k % 2 == 0:
                cos += term if k % 4 == 0 else -term
            else:
                sin += term if k % 4 == 1 else -term
            k += 1
            term = term * y / k
        return float((y * cos - sin) / (pi * decimal.Decimal(x) ** 2))


@pytest.mark.parametrize("x", [1e-200, 1e-12, -1e-6, 1e-3, 0.01, -0.1, 0.1499, 0.15, 0.1501, 0.2, 0.45, -1.3])
def test_sinc_slope_has_no_cancellation_near_zero(x):
    v = Value(x)
    out = v.sinc()
    out.backward()
    assert out.data == pytest.approx(float(np.sinc(x)), rel=1e-15, abs=0.0)
    assert v.grad == pytest.approx(_sinc_slope(x), rel=1e-14, abs=0.0)


def test_sinc_is_one_at_zero_with_slope_zero_and_curvature_minus_pi_squared_over_3():
    v = Value(0.0)
    out = v.sinc()
    out.backward()
    assert (out.data, v.grad) == (1.0, 0.0)
    assert grad(grad(lambda x: x.sinc()))(0.0).data == pytest.approx(-math.pi**2 / 3, rel=1e-15)


@pytest.mark.parametrize("a, b", [(1e200, 1e200), (3e300, -4e300), (1e-200, 1e-200), (-3e-300, 4e-300)])
def test_hypot_and_arctan2_neither_overflow_nor_underflow(a, b):
    scale = max(abs(a), abs(b))
    r = math.hypot(a / scale, b / scale)  # the length of the rescaled point: no square can over- or underflow
    y, x = Value(a), Value(b)
    length = y.hypot(x)
    length.backward()
    assert length.data == pytest.approx(r * scale, rel=1e-15)
    assert (y.grad, x.grad) == pytest.approx((a / scale / r, b / scale / r), rel=1e-15, abs=0.0)
    y, x = Value(a), Value(b)
    angle = y.arctan2(x)
    angle.backward()  # d/dy = x / (x**2 + y**2), d/dx = -y / (x**2 + y**2)
    assert angle.data == math.atan2(a, b)
    assert (y.grad, x.grad) == pytest.approx((b / scale / r / r / scale, -a / scale / r / r / scale), rel=1e-14,
                                             abs=0.0)


def test_hypot_at_the_origin_has_slope_zero_as_abs_does():
    a, b = Value(0.0), Value(0.0)
    out = a.hypot(b)
    out.backward()
    assert (out.data, a.grad, b.grad) == (0.0, 0.0, 0.0)


@pytest.mark.parametrize("x", [1e200, -1e300, 3e155])
def test_arcsinh_and_arccosh_slopes_do_not_overflow_for_large_inputs(x):
    v = Value(x)
    v.arcsinh().backward()
    assert v.grad == pytest.approx(1.0 / abs(x), rel=1e-15, abs=0.0)  # 1/sqrt(1 + x*x) would be 1/inf = 0
    if x > 0:
        w = Value(x)
        w.arccosh().backward()
        assert w.grad == pytest.approx(1.0 / x, rel=1e-15, abs=0.0)


def test_mod_is_pythons_and_numpys_remainder_with_the_sign_of_the_divisor():
    for b in (-2.5, -0.75, 0.3, 1.0, 2.0):
        for a in np.linspace(-7.0, 7.0, 57).tolist():
            if abs(a / b - round(a / b)) < 1e-9:
                continue  # a jump: the two sides' values are both right to within rounding
            a_value, b_value = Value(a), Value(b)
            out = a_value % b_value
            out.backward()
            tolerance = 4 * math.ulp(max(abs(a), abs(b)))  # numpy's fmod is exact; b*floor(a/b) is rounded
            assert out.data == pytest.approx(a % b, abs=tolerance) == float(np.mod(a, b))
            assert out.data == 0.0 or (out.data > 0) == (b > 0)
            assert (a_value.grad, b_value.grad) == (1.0, -math.floor(a / b))


@pytest.mark.parametrize("a, b", [(-15.9, 0.3), (-15.6, -0.1)])
def test_mod_keeps_the_sign_of_the_divisor_where_rounding_crosses_a_jump(a, b):
    """-15.9 / 0.3 rounds to -53.0 exactly, and -15.9 - 0.3 * -53.0 to -1.8e-15: the wrong side of 0."""
    naive = a - b * math.floor(a / b)
    assert naive != 0.0 and (naive > 0) != (b > 0)
    out = (Value(a) % b).data
    assert (out > 0) == (b > 0) and out == pytest.approx(a % b, abs=2 * math.ulp(a))


def test_mod_taken_from_the_left_and_right_and_by_name_is_one_rule():
    x = Value(2.0)
    left, right, named = x % 0.75, 5.5 % x, x.mod(0.75)
    assert (left.data, right.data, named.data) == (2.0 % 0.75, 5.5 % 2.0, 2.0 % 0.75)
    assert left.rule is right.rule is named.rule is RULES["mod"]


# HIPS autograd's scalar tests (tests/test_scalar_ops.py) differentiate these numpy functions; numpy's
# power is ** here, the method __pow__ and the rule "**".
HIPS_SCALAR_FUNCTIONS = [
    "tan", "sinh", "cosh", "arcsin", "arccos", "arctan", "arcsinh", "arccosh", "arctanh", "log2", "log10", "log1p",
    "expm1", "exp2", "sign", "mod", "deg2rad", "rad2deg", "radians", "degrees", "sinc",
    "abs", "sqrt", "sin", "cos", "exp", "log", "tanh", "power",
]
SPELLED_AS_AN_OPERATOR = {"power": ("__pow__", "**")}


@pytest.mark.parametrize("name", HIPS_SCALAR_FUNCTIONS)
def test_every_numpy_scalar_function_hips_autograd_tests_is_a_value_method_and_a_rule(name):
    by_name_or_alias = {alias: rule for rule in RULES.values() for alias in (rule.name, *rule.aliases)}
    method, rule_name = SPELLED_AS_AN_OPERATOR.get(name, (name, name))
    assert rule_name in by_name_or_alias, f"no rule named or aliased {rule_name!r} in RULES"
    rule = by_name_or_alias[rule_name]
    x = Value(1.5 if name == "arccosh" else 0.5)
    out = getattr(Value, method)(x, *[Value(0.25)] * (rule.arity - 1))
    assert out.rule is rule and out.data == rule.forward(FLOAT_MATH, x.data, *[0.25] * (rule.arity - 1))
