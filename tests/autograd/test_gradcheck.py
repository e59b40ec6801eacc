"""gradcheck and numerical_grad: right answers, a wrong rule caught, clear reports and errors."""
import math

import pytest

from autograd import Value, gradcheck, numerical_grad, ops


def test_numerical_grad_of_a_polynomial():
    # f(x, y) = x^2 y + y^3  ->  (2xy, x^2 + 3y^2) = (12, 31) at (2, 3)
    grads = numerical_grad(lambda x, y: x * x * y + y ** 3, [2.0, 3.0])
    assert grads == pytest.approx([12.0, 31.0], rel=1e-8)


def test_numerical_grad_accepts_values_and_leaves_them_alone():
    x = Value(0.5, label="x")
    [g] = numerical_grad(lambda v: v.exp(), [x])
    assert g == pytest.approx(math.exp(0.5), rel=1e-8)
    assert x.grad == 0.0 and x.data == 0.5


def test_gradcheck_passes_on_a_neuron_and_prints_a_table():
    inputs = [Value(2.0, label="x"), Value(-3.0, label="w"), Value(6.88, label="b")]
    report = gradcheck(lambda x, w, b: (x * w + b).tanh(), inputs)
    assert report and len(report) == 3
    text = str(report)
    for column in ("input", "analytic", "numerical", "abs error", "rel error", "ok"):
        assert column in text
    assert "all gradients match" in text and "rtol=0.001" in text
    assert [row.label for row in report] == ["x", "w", "b"]
    assert all(inp.grad == 0.0 for inp in inputs)  # the caller's Values are not touched


def test_gradcheck_labels_unlabelled_inputs_by_position():
    report = gradcheck(lambda a, b: a * b, [1.0, 2.0])
    assert [row.label for row in report] == ["x0", "x1"]


def test_gradcheck_catches_a_wrong_rule(monkeypatch):
    # a plausible slip: tanh' written as 1 - tanh instead of 1 - tanh**2
    monkeypatch.setattr(ops.TANH, "local_grads", lambda m, a, out: (1.0 - out,))
    report = gradcheck(lambda x, w: (x * w).tanh(), [Value(0.8, label="x"), Value(-0.6, label="w")])
    assert not report
    assert [row.ok for row in report] == [False, False]
    [first, _, suspect] = report.failures
    assert suspect.startswith("suspect: rule 'tanh' at tanh(-0.48)")  # the wrong rule, named
    assert report.suspects == (suspect,)
    row = report.rows[0]
    assert row.analytic == pytest.approx(-0.6 * (1 - math.tanh(-0.48)), rel=1e-12)  # the wrong rule's value
    assert row.numerical == pytest.approx(-0.6 * (1 - math.tanh(-0.48) ** 2), rel=1e-7)  # the truth
    assert "'x'" in first
    assert f"{row.analytic:.10g}" in first and f"{row.numerical:.10g}" in first
    assert "atol + rtol*|numerical|" in first and "1e-05" in first and "0.001" in first
    assert "MISMATCH" in str(report) and "NO" in str(report)


def test_gradcheck_tolerance_is_atol_plus_rtol_times_numerical():
    # f = 1.0001 x with a rule claiming 1.0: off by 1e-4, which rtol=1e-3 forgives and rtol=1e-5 does not
    class Scaled(ops.Rule):
        name = "scaled"

        def forward(self, m, a):
            return 1.0001 * a

        def local_grads(self, m, a, out):
            return (1.0,)

    def f(x):
        return Scaled()(x)

    assert gradcheck(f, [2.0])
    assert not gradcheck(f, [2.0], atol=0.0, rtol=1e-5)


@pytest.mark.parametrize("kwargs", [{"eps": 0}, {"eps": -1e-6}, {"atol": -1.0}, {"rtol": math.nan}])
def test_bad_tolerances_are_refused(kwargs):
    with pytest.raises(ValueError, match="must be a finite number"):
        gradcheck(lambda x: x * x, [1.0], **kwargs)


@pytest.mark.parametrize("kwargs", [{"eps": "small"}, {"atol": None}, {"rtol": True}])
def test_tolerances_that_are_not_numbers_are_type_errors(kwargs):
    with pytest.raises(TypeError, match="must be a number"):
        gradcheck(lambda x: x * x, [1.0], **kwargs)


def test_f_must_return_a_value():
    with pytest.raises(TypeError, match="f must return a Value"):
        gradcheck(lambda x: 3.0, [1.0])


@pytest.mark.parametrize("inputs", [[], "abc", None])
def test_inputs_must_be_a_list_of_numbers(inputs):
    with pytest.raises(TypeError, match="inputs must be a non-empty list"):
        gradcheck(lambda x: x, inputs)


def test_a_single_input_needs_no_list():
    assert gradcheck(lambda x: x.sigmoid(), Value(0.3))


def test_a_step_out_of_the_domain_is_explained_with_a_smaller_eps():
    """sqrt at 1e-10: gradcheck's own step, 1e-10 - 1e-6, is negative; it used to surface as sqrt(-9.999e-07)."""
    with pytest.raises(ValueError, match=r"numerical step left the domain: input 0 is 1e-10.*eps=1e-12") as info:
        gradcheck(lambda a: a.sqrt(), [Value(1e-10)])
    assert "sqrt(-9.999" in str(info.value)  # the op's own words, as the cause
    assert gradcheck(lambda a: a.sqrt(), [Value(1e-10)], eps=1e-12)  # and the advice works


def test_a_kink_is_explained_with_both_one_sided_slopes():
    report = gradcheck(lambda a: a.relu() * 3.0, [Value(0.0, label="a")])
    assert not report and report.suspects == ()  # relu's rule is right: the point is the problem
    [row] = report.rows
    assert (row.analytic, row.numerical) == (0.0, pytest.approx(1.5))
    assert "sits on a kink: the slope is 0 from the left and 3 from the right" in row.note
    assert row.note in str(report)
