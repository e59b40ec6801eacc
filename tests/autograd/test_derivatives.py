"""Derivatives of derivatives: closed forms, the logistic-regression Hessian, properties over random
graphs (against central differences of the first derivatives), forward mode nested in any order with
reverse mode, hvp, DUAL_MATH against every rule's own local derivatives, and the errors."""
import math

import numpy as np
import pytest
from hypothesis import given, settings

from autograd import Rule, Value, explain, grad, gradgradcheck, hessian, jvp, linear
from autograd.derivatives import hvp
from autograd.maths import PRIMITIVES
from autograd.maths.duals import DUAL_MATH, Dual
from autograd.maths.floats import FLOAT_MATH
from autograd.ops import RULES
from tests.autograd.test_properties import PROPERTY_SETTINGS, build, programs
from tests.autograd.test_rule import POINTS as RULE_POINTS

POINTS = [-2.0, -0.5, 0.0, 0.7, 3.0]


def _tanh_derivatives(x):
    t = math.tanh(x)
    return 1 - t * t, -2 * t * (1 - t * t), -2 * (1 - t * t) * (1 - 3 * t * t)


@pytest.mark.parametrize("x", POINTS)
def test_tanh_to_the_third_derivative(x):
    first, second, third = _tanh_derivatives(x)
    f = lambda v: v.tanh()  # noqa: E731
    assert grad(f)(x).data == pytest.approx(first, rel=1e-14, abs=1e-15)
    assert grad(grad(f))(x).data == pytest.approx(second, rel=1e-12, abs=1e-15)
    assert grad(grad(grad(f)))(x).data == pytest.approx(third, rel=1e-11, abs=1e-14)


@pytest.mark.parametrize("x", POINTS)
def test_sigmoids_second_derivative(x):
    s = 1 / (1 + math.exp(-x))
    assert grad(grad(lambda v: v.sigmoid()))(x).data == pytest.approx(s * (1 - s) * (1 - 2 * s), rel=1e-12, abs=1e-15)


@pytest.mark.parametrize("x", [-1.3, 0.4, 2.0])
def test_every_kind_of_op_at_second_order(x):
    """Each against the second derivative worked out by hand."""
    cases = [
        (lambda v: v.exp() * v, math.exp(x) * (x + 2)),
        (lambda v: (v * v + 1).log(), 2 * (1 - x * x) / (1 + x * x) ** 2),
        (lambda v: (v * v + 1).sqrt(), (1 + x * x) ** -1.5),
        (lambda v: 1 / (v * v + 1), (6 * x * x - 2) / (1 + x * x) ** 3),
        (lambda v: v.sin() * v.cos(), -2 * math.sin(2 * x)),
        (lambda v: (v * v + 0.5) ** 1.5, 1.5 * (2 * (x * x + 0.5) ** 0.5 + 2 * x * x * (x * x + 0.5) ** -0.5)),
        (lambda v: 2 ** v, math.log(2) ** 2 * 2 ** x),
        (lambda v: v.softplus(), math.exp(-x) / (1 + math.exp(-x)) ** 2),
        (lambda v: linear([v, v], [v, 3.0], 0.5), 2.0),  # v*v + 3v + 0.5
        (lambda v: (v * v).maximum(v * 0.0 + 5.0), 2.0 if x * x > 5 else 0.0),
    ]
    for f, expected in cases:
        assert grad(grad(f))(x).data == pytest.approx(expected, rel=1e-10, abs=1e-12)


def test_kinks_give_pytorchs_answer_zero_and_smooth_points_are_not_mistaken_for_them():
    assert grad(grad(lambda v: v.relu()))(0.0).data == 0.0
    assert grad(grad(lambda v: abs(v)))(0.0).data == 0.0
    assert grad(grad(lambda v: v.leaky_relu(0.2)))(0.0).data == 0.0
    assert grad(grad(lambda v: v ** 2))(0.0).data == 2.0  # 0 ** (2 - 1) is fine: the slope keeps its graph
    assert grad(grad(lambda v: v ** 3))(0.0).data == 0.0


def test_the_hessian_of_logistic_regressions_mean_bce_is_xt_diag_p1mp_x_over_n():
    rng = np.random.default_rng(3)
    X, y = rng.normal(size=(12, 2)), (rng.random(12) < 0.5).astype(float)

    def mean_bce(w1, w2, b):  # with logits: softplus(z) - y z
        total = 0
        for (x1, x2), target in zip(X, y):
            z = w1 * float(x1) + w2 * float(x2) + b
            total = total + z.softplus() - z * float(target)
        return total / len(X)

    weights = np.array([0.4, -0.8, 0.1])
    ours = np.array(hessian(mean_bce)(*weights))
    design = np.column_stack([X, np.ones(len(X))])
    p = 1 / (1 + np.exp(-design @ weights))
    expected = design.T @ np.diag(p * (1 - p)) @ design / len(X)
    assert ours == pytest.approx(expected, rel=1e-12, abs=1e-15)


def test_a_user_written_rule_works_at_every_order():
    class Cube(Rule):
        name = "cube"

        def forward(self, m, a):
            return a * a * a

        def local_grads(self, m, a, out):
            return (3.0 * a * a,)

    cube = Cube()
    assert grad(cube)(2.0).data == 12.0 and grad(grad(cube))(2.0).data == 12.0
    assert grad(grad(grad(cube)))(2.0).data == 6.0


def test_a_derivative_is_a_graph_that_explain_walks():
    """tanh' = 1 - tanh**2 is built from the forward graph's own tanh node: explaining it applies the
    chain rule to the chain rule's own step."""
    x = Value(0.5, label="x")
    first = grad(lambda v: v.tanh())(x)
    explanation = explain(first)
    assert explanation.grad(x) == pytest.approx(_tanh_derivatives(0.5)[1], rel=1e-12)
    assert "tanh" in {step.node.op for step in explanation} and len(explanation) >= 3


def test_hessian_is_symmetric_and_jvp_is_the_gradient_along_the_tangent():
    f = lambda a, b, c: (a * b).tanh() * c + (a / (1 + c * c)).exp()  # noqa: E731
    point, tangent = [0.3, -1.1, 0.8], [0.5, 2.0, -1.0]
    h = np.array(hessian(f)(*point))
    assert h == pytest.approx(h.T, rel=1e-12, abs=1e-15)
    value, directional = jvp(f, point, tangent)
    leaves = [Value(p) for p in point]
    f(*leaves).backward()
    assert value.data == f(*[Value(p) for p in point]).data
    assert directional == pytest.approx(sum(leaf.grad * t for leaf, t in zip(leaves, tangent)), rel=1e-13)


@pytest.mark.parametrize("call, error, words", [
    (lambda: grad(3.0), TypeError, "function to differentiate"),
    (lambda: grad(lambda x: x, argnum=-1), ValueError, "argnum"),
    (lambda: grad(lambda x: x, argnum=1)(1.0), TypeError, "at least 2 argument"),
    (lambda: grad(lambda x: 3.0)(1.0), TypeError, "f must return a Value"),
    (lambda: jvp(lambda x: x, [1.0], [1.0, 2.0]), ValueError, r"one tangent per primal.*got 1 primal.*and 2 tangent"),
    (lambda: jvp(lambda x: x, [1.0], ["1"]), TypeError, r"jvp's tangents\[0\] must be a number; got str '1'"),
    (lambda: jvp(lambda x: x, ["a"], [1.0]), TypeError, r"primals\[0\] must be a number or a Value.*got str 'a'"),
    (lambda: jvp(lambda x: x, None, 1.0), TypeError, "primals must be a number, a Value or a list.*got NoneType"),
    (lambda: jvp(lambda x: x, [math.nan], [1.0]), ValueError, r"primals\[0\] must be a finite number; got nan"),
    (lambda: jvp(lambda x, y: x, [Value(1.0)] * 2, [1.0, 1.0]), ValueError, "same Value twice"),
    (lambda: hvp(lambda x, y: x * y, [1.0, 2.0], [1.0]), ValueError, "one vector entry per primal"),
    (lambda: jvp([1.0], [1.0], [1.0]), TypeError, r"jvp takes the function to differentiate first; got list \[1.0\]"),
    (lambda: grad(grad(lambda v: v.sqrt()))(0.0), ArithmeticError, "sqrt"),
])
def test_mistakes_are_clear_errors(call, error, words):
    with pytest.raises(error, match=words):
        call()


def test_no_dependence_is_a_zero_derivative():
    assert grad(lambda x, y: y * 2, argnum=0)(1.0, 2.0).data == 0.0
    assert hessian(lambda x, y: x * 3 + y)(1.0, 2.0) == [[0.0, 0.0], [0.0, 0.0]]


# -- properties over random graphs: second derivatives against central differences of the first ----

@PROPERTY_SETTINGS
@given(programs())
def test_second_derivatives_match_central_differences_of_the_first(program):
    leaves, _ = build(program)
    report = gradgradcheck(program, leaves)
    assert report, str(report)


@settings(parent=PROPERTY_SETTINGS, max_examples=100)
@given(programs())
def test_the_hessian_is_symmetric_on_random_graphs(program):
    leaves, _ = build(program)
    h = np.array(hessian(program)(*[leaf.data for leaf in leaves]))
    assert h == pytest.approx(h.T, rel=1e-9, abs=1e-9)


@settings(parent=PROPERTY_SETTINGS, max_examples=100)
@given(programs())
def test_jvp_is_the_gradient_dotted_with_the_tangent_on_random_graphs(program):
    leaves, out = build(program)
    tangent = [1.0 - 0.5 * i for i in range(len(leaves))]
    out.backward()
    _, directional = jvp(program, [leaf.data for leaf in leaves], tangent)
    expected = sum(leaf.grad * t for leaf, t in zip(leaves, tangent))
    assert directional == pytest.approx(expected, rel=1e-9, abs=1e-9)


@pytest.mark.parametrize("z", [0.0, -1e-9, 1e-9, -3.0, 2.5, -40.0])
def test_softplus_second_derivative_is_sigmoids_slope_even_at_zero(z):
    """softplus' = sigmoid, so softplus'' = s(1 - s): 0.25 at 0, where a form through |z| lost it (it gave 0)."""
    s = 1 / (1 + math.exp(-z))
    assert grad(grad(lambda v: v.softplus()))(z).data == pytest.approx(s * (1 - s), rel=1e-12)
    assert grad(lambda v: v.softplus())(z).data == pytest.approx(s, rel=1e-15)


# -- forward mode that nests: jvp of jvp, grad of jvp, jvp of grad, against closed forms ---------------

SECOND = {  # f, and f'' by hand
    "tanh": (lambda v: v.tanh(), lambda x: -2 * math.tanh(x) * (1 - math.tanh(x) ** 2)),
    "sin": (lambda v: v.sin(), lambda x: -math.sin(x)),
    "cube": (lambda v: v ** 3, lambda x: 6 * x),
    "exp": (lambda v: v.exp(), math.exp),
}


def _first(f):
    """x -> f'(x) by forward mode: a float for a number, a Value inside an outer grad or jvp."""
    return lambda x: jvp(f, [x], [1.0])[1]


@pytest.mark.parametrize("name", SECOND)
@pytest.mark.parametrize("x", [-1.3, 0.0, 0.7, 2.0])
def test_forward_and_reverse_mode_nest_to_the_second_derivative(name, x):
    (f, second), eps = SECOND[name], 1e-5
    expected = second(x)
    assert (_first(f)(x + eps) - _first(f)(x - eps)) / (2 * eps) == pytest.approx(expected, rel=1e-7, abs=1e-8)
    assert jvp(_first(f), [x], [1.0])[1] == pytest.approx(expected, rel=1e-13, abs=1e-15)  # forward over forward
    assert grad(_first(f))(x).data == pytest.approx(expected, rel=1e-13, abs=1e-15)  # reverse over forward
    assert jvp(grad(f), x, 1.0)[1] == pytest.approx(expected, rel=1e-13, abs=1e-15)  # forward over reverse


def test_a_mixed_partial_by_nested_jvp_grad_and_hessian():
    """f = x**2 sin y + exp(x y): d2f/dxdy = 2x cos y + exp(x y)(1 + x y)."""
    f = lambda x, y: x ** 2 * y.sin() + (x * y).exp()  # noqa: E731
    along_x = lambda a, b: jvp(f, [a, b], [1.0, 0.0])[1]  # noqa: E731
    x, y, eps = 0.6, -1.1, 1e-5
    expected = 2 * x * math.cos(y) + math.exp(x * y) * (1 + x * y)
    assert (along_x(x, y + eps) - along_x(x, y - eps)) / (2 * eps) == pytest.approx(expected, rel=1e-8)
    assert jvp(along_x, [x, y], [0.0, 1.0])[1] == pytest.approx(expected, rel=1e-13)
    assert grad(along_x, argnum=1)(x, y).data == pytest.approx(expected, rel=1e-13)
    assert hessian(f)(x, y)[0][1] == pytest.approx(expected, rel=1e-13)


@pytest.mark.parametrize("x", [-1.5, 0.0, 0.5, 2.0])
def test_third_derivatives_by_jvp_of_jvp_of_jvp_and_jvp_of_grad_of_jvp(x):
    assert jvp(_first(_first(lambda v: v ** 4)), [x], [1.0])[1] == pytest.approx(24 * x, rel=1e-13, abs=1e-15)
    third = -2 * (1 - math.tanh(x) ** 2) * (1 - 3 * math.tanh(x) ** 2)
    assert jvp(grad(_first(lambda v: v.tanh())), x, 1.0)[1] == pytest.approx(third, rel=1e-12, abs=1e-15)


def test_the_tangent_is_a_float_for_numbers_and_a_value_for_values():
    value, tangent = jvp(lambda v: v * v, 3.0, 0.5)  # one number as well as a list of one
    assert type(tangent) is float and tangent == 3.0 == jvp(lambda v: v * v, (3,), [0.5])[1] and value.data == 9.0
    nested = jvp(lambda v: v * v, [Value(3.0)], [0.5])[1]
    assert isinstance(nested, Value) and nested.data == 3.0
    assert grad(_first(lambda v: v + 1.0))(2.0).data == 0.0  # the tangent 1 is a constant: it has no slope


def test_a_computed_value_as_primal_keeps_its_tangent():
    """Regression: the tangent of a primal that has parents (x * x) was recomputed from them (as 0)."""
    derivative = grad(lambda v: jvp(lambda y: y.sin(), [v * v], [1.0])[1])(1.3).data
    assert derivative == pytest.approx(-2 * 1.3 * math.sin(1.3 * 1.3), rel=1e-13)  # d/dx cos(x**2)


@pytest.mark.parametrize("f, point, vector", [
    (lambda a, b, c: (a * b).tanh() * c + (a / (1 + c * c)).exp(), [0.3, -1.1, 0.8], [0.5, 2.0, -1.0]),
    (lambda a, b: a ** 3 * b + (a - b).sin(), [1.2, -0.4], [1.0, 0.0]),
])
def test_hvp_is_the_hessian_times_the_vector(f, point, vector):
    expected = np.array(hessian(f)(*point)) @ np.array(vector)
    assert hvp(f, point, vector) == pytest.approx(expected.tolist(), rel=1e-12, abs=1e-14)
    assert hvp(lambda a: a.exp() * a, 0.7, 2.0) == [pytest.approx(2.0 * math.exp(0.7) * 2.7, rel=1e-14)]


# -- DUAL_MATH: dual numbers, each primitive's slope from its rule -------------------------------------

PRIMITIVE_POINTS = {  # a point inside each primitive's domain
    "exp": (0.3,), "exp2": (0.3,), "expm1": (0.3,), "log": (0.4,), "log2": (0.4,), "log10": (0.4,),
    "log1p": (0.4,), "sqrt": (2.0,), "sin": (0.7,), "cos": (0.7,), "tan": (0.7,), "arcsin": (0.3,),
    "arccos": (0.3,), "arctan": (0.7,), "sinh": (0.7,), "cosh": (0.7,), "tanh": (0.7,), "arcsinh": (0.7,),
    "arccosh": (1.7,), "arctanh": (0.3,), "abs": (-1.2,), "pow": (1.7, 2.5), "maximum": (1.0, 2.0),
    "arctan2": (0.5, -1.2), "hypot": (3.0, 4.0),
}


def _moving(point, index, lift=float):  # a dual number per input: the one at ``index`` moves
    return [Dual(lift(x), 1.0 if i == index else 0.0) for i, x in enumerate(point)]


def _once_its_rule_exists(call):
    """call(); skipped while a rule it takes a slope from is missing from autograd.ops.RULES (being added)."""
    try:
        return call()
    except NotImplementedError as missing:
        pytest.skip(str(missing))


@pytest.mark.parametrize("name", PRIMITIVE_POINTS)
def test_each_primitive_on_duals_against_floats_and_central_differences(name):
    assert set(PRIMITIVE_POINTS) | {"sign", "floor", "dot", "where", "gt", "ge", "lt", "le", "eq"} == set(PRIMITIVES)
    point, function = PRIMITIVE_POINTS[name], getattr(FLOAT_MATH, name)
    assert getattr(DUAL_MATH, name)(*point) == function(*point)  # plain numbers in: FLOAT_MATH's answer
    for index in range(len(point)):
        out = _once_its_rule_exists(lambda: getattr(DUAL_MATH, name)(*_moving(point, index)))  # noqa: B023
        plus, minus = ([x + s * 1e-6 * (i == index) for i, x in enumerate(point)] for s in (1, -1))
        assert out.value == function(*point)
        assert out.tangent == pytest.approx((function(*plus) - function(*minus)) / 2e-6, rel=1e-7)


def test_arithmetic_branches_and_flat_primitives_on_duals():
    a, b = Dual(1.5, 2.0), Dual(-0.5, 3.0)
    cases = [(a + b, 1.0, 5.0), (a - b, 2.0, -1.0), (a * b, -0.75, 2.0 * -0.5 + 1.5 * 3.0), (-a, -1.5, -2.0),
             (a / b, -3.0, (2.0 * -0.5 - 1.5 * 3.0) / 0.25), (a ** 2.0, 2.25, 2 * 1.5 * 2.0), (2.0 - a, 0.5, -2.0),
             (2.0 ** a, 2 ** 1.5, math.log(2) * 2 ** 1.5 * 2.0), (1.0 / b, -2.0, -3.0 / 0.25)]
    for dual, value, tangent in cases:  # the sum, product, quotient and power rules, by hand
        assert (dual.value, dual.tangent) == (pytest.approx(value, rel=1e-15), pytest.approx(tangent, rel=1e-15))
    assert DUAL_MATH.gt(a, b) is True and DUAL_MATH.eq(a, 1.5) is True and DUAL_MATH.le(a, b) is False
    assert [(d.value, d.tangent) for d in (DUAL_MATH.sign(b), DUAL_MATH.floor(a))] == [(-1.0, 0.0), (1.0, 0.0)]
    assert DUAL_MATH.where(DUAL_MATH.lt(a, b), a, b) is b
    dot = DUAL_MATH.dot([a, b, 4.0], [b, 2.0, a])  # a b + 2 b + 4 a
    assert (dot.value, dot.tangent) == (-0.75 - 1.0 + 6.0, 2.0 * -0.5 + 1.5 * 3.0 + 6.0 + 8.0)
    with pytest.raises(TypeError, match=r"m\.where"):
        bool(a)


# Where a rule's forward has a corner its local_grads settle otherwise (a tie of max; |a| at 0 inside sigmoid;
# relu's 0, a tie of max), forward mode through the forward takes another one-sided slope.
KINKS = {("max", (2.0, 2.0)), ("sigmoid", (0.0,)), ("relu", (0.0,))}


@pytest.mark.parametrize("lift", [float, Value], ids=["floats", "values"])
@pytest.mark.parametrize("name, point", [(name, point) for name, points in RULE_POINTS.items() for point in points
                                         if (name, point) not in KINKS])
def test_every_rule_run_on_dual_math_gives_its_value_and_its_own_local_grads(name, point, lift):
    rule = RULES[name]
    out = rule.forward(FLOAT_MATH, *point)
    expected = rule.local_grads(FLOAT_MATH, *point, out)
    for index in range(len(point)):
        dual = _once_its_rule_exists(lambda: rule.forward(DUAL_MATH, *_moving(point, index, lift)))  # noqa: B023
        dual = dual if isinstance(dual, Dual) else Dual(dual, 0.0)  # a constant branch (sinc's 1 at 0) is flat
        value, tangent = (x.data if isinstance(x, Value) else x for x in (dual.value, dual.tangent))
        assert value == out
        assert tangent == pytest.approx(expected[index], rel=1e-12, abs=1e-15), (name, point, index)


def test_duals_of_duals_and_of_values_give_the_second_derivative_and_a_missing_rule_is_named(monkeypatch):
    nested = RULES["tanh"].forward(DUAL_MATH, Dual(Dual(0.6, 1.0), Dual(1.0, 0.0)))
    assert nested.tangent.tangent == pytest.approx(SECOND["tanh"][1](0.6), rel=1e-14)
    x = Value(0.6)  # Values inside: the tangent is a graph, and its gradient the second derivative
    RULES["tanh"].forward(DUAL_MATH, Dual(x, 1.0)).tangent.backward()
    assert x.grad == pytest.approx(SECOND["tanh"][1](0.6), rel=1e-14)
    monkeypatch.delitem(RULES, "exp")
    with pytest.raises(NotImplementedError, match=r"DUAL_MATH\.exp takes its slope from the rule 'exp', which"):
        DUAL_MATH.exp(Dual(1.0, 1.0))


def test_the_mixed_second_derivative_of_a_power_at_exponent_zero_is_one_over_the_base():
    """Regression: d/db (d/da a**b) = a**(b-1) (1 + b ln a) is 1/a at b = 0; the rule's slope there was the
    constant 0.0, which cut d/db off the graph."""
    assert hessian(lambda a, b: a ** b)(2.0, 0.0)[0][1] == pytest.approx(0.5, rel=1e-12)
