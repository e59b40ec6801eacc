"""Derivatives of derivatives: closed forms, the logistic-regression Hessian, properties over random
graphs (against central differences of the first derivatives), forward mode, and the errors."""
import math

import numpy as np
import pytest
from hypothesis import given, settings

from autograd import Rule, Value, explain, grad, gradgradcheck, hessian, jvp, linear
from tests.autograd.test_properties import PROPERTY_SETTINGS, build, programs

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
    (lambda: jvp(lambda x: x, [1.0], [1.0, 2.0]), ValueError, "one tangent per primal"),
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
