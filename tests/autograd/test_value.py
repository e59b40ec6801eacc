"""Value itself: what it accepts, what it refuses, and the errors of ops with no finite result."""
import math

import numpy as np
import pytest

from autograd import Value, topological_order
from autograd.ops import RULES


@pytest.mark.parametrize("data", [3, -2, 2.5, np.float32(1.5), np.float64(-0.25), np.int64(7),
                                  np.array(4.0), np.array([5.0])])
def test_accepts_real_numbers_and_stores_a_python_float(data):
    v = Value(data, label="x")
    assert type(v.data) is float and v.data == float(np.asarray(data).item())
    assert v.grad == 0.0 and v.parents == () and v.op == "" and v.label == "x"


@pytest.mark.parametrize(
    "data, error, words",
    [
        ("3", TypeError, ["str", "'3'", "float(x)"]),
        (None, TypeError, ["NoneType", "float(x)"]),
        (1 + 2j, TypeError, ["complex", ".real"]),
        ([1.0, 2.0], TypeError, ["list", "one Value per element"]),
        ((1.0,), TypeError, ["tuple", "one Value per element"]),
        (True, TypeError, ["bool", "1.0 or 0.0"]),
        (np.array([1.0, 2.0]), ValueError, ["shape (2,)", "one Value per element"]),
        (np.zeros((2, 2)), ValueError, ["shape (2, 2)"]),
        (math.nan, ValueError, ["nan", "finite"]),
        (math.inf, ValueError, ["inf", "finite"]),
        (-math.inf, ValueError, ["-inf", "finite"]),
        (np.float64("nan"), ValueError, ["nan"]),
        pytest.param(10**400, OverflowError, ["about 401 digits", "float range"], id="10**400"),
        pytest.param(10**5000, OverflowError, ["about 5,001 digits", "float range"], id="10**5000"),  # str() fails
    ],
)
def test_refuses_anything_but_one_finite_real_number(data, error, words):
    with pytest.raises(error) as info:
        Value(data)
    message = str(info.value)
    assert all(word in message for word in words), message


def test_label_must_be_a_string():
    with pytest.raises(TypeError, match="label must be a str"):
        Value(1.0, label=3)


def test_setting_data_is_checked_too():
    v = Value(1.0)
    v.data = 2
    assert v.data == 2.0
    with pytest.raises(ValueError, match="finite"):
        v.data = math.nan
    assert v.data == 2.0


@pytest.mark.parametrize(
    "compute, error, words",
    [
        (lambda: Value(0.0).log(), ValueError, ["log(0.0)", "x > 0", "clamp"]),
        (lambda: Value(-1.0).log(), ValueError, ["log(-1.0)", "x > 0"]),
        (lambda: Value(1.0) / 0, ZeroDivisionError, ["1.0 / 0.0", "divisor"]),
        (lambda: 1 / Value(0.0), ZeroDivisionError, ["1.0 / 0.0"]),
        (lambda: Value(0.0) ** -1, ZeroDivisionError, ["0.0 ** (-1.0)", "a != 0"]),
        (lambda: Value(-8.0) ** 0.5, ValueError, ["(-8.0) ** 0.5", "not a real number", "abs(a)"]),
        (lambda: Value(-4.0).sqrt(), ValueError, ["sqrt(-4.0)", "x >= 0"]),
        (lambda: Value(1000.0).exp(), OverflowError, ["exp(1000.0)", "709.78", "sigmoid"]),
        (lambda: Value(1e200) * 1e200, OverflowError, ["1e+200 * 1e+200", "float range"]),
        (lambda: Value(1e308) + 1e308, OverflowError, ["1e+308 + 1e+308"]),
        (lambda: Value(10.0) ** 400, OverflowError, ["10.0 ** 400.0"]),
        (lambda: Value(1e300) / 1e-300, OverflowError, ["/"]),
    ],
)
def test_ops_without_a_finite_result_raise_naming_op_and_operands(compute, error, words):
    with pytest.raises(error) as info:
        compute()
    message = str(info.value)
    assert all(word in message for word in words), message


def test_backward_through_an_infinite_derivative_raises_clearly():
    x = Value(0.0)
    y = x.sqrt()  # fine forward: sqrt(0) = 0, but sqrt'(0) is infinite
    with pytest.raises(ArithmeticError, match=r"sqrt\(0.0\).*infinite"):
        y.backward()


def test_backward_refuses_an_overflowing_gradient():
    x = Value(1e-200)
    y = 1e200 * (x * 1e200)  # forward stays finite (1e200), the gradient 1e400 does not
    with pytest.raises(OverflowError, match="overflowed during backward"):
        y.backward()


@pytest.mark.parametrize("grad, error", [(math.nan, ValueError), (math.inf, ValueError),
                                         ("1", TypeError), (None, TypeError)])
def test_backward_seed_must_be_a_finite_number(grad, error):
    with pytest.raises(error, match="grad"):
        (Value(2.0) * 3).backward(grad)


def test_backward_with_a_seed_scales_every_gradient():
    x = Value(2.0)
    (x * x).backward(grad=0.5)
    assert x.grad == 2.0  # 0.5 * 2x


def test_repr_shows_data_grad_and_label():
    assert repr(Value(2.0, label="w")) == "Value(data=2.0, grad=0.0, label='w')"
    assert repr(Value(-1.5)) == "Value(data=-1.5, grad=0.0)"


def test_values_are_compared_by_identity_not_data():
    a, b = Value(1.0), Value(1.0)
    assert a != b and len({a, b}) == 2  # Value keeps object identity: graphs use it for bookkeeping


def test_math_functions_cannot_cut_a_value_out_of_the_graph():
    """x * math.exp(x) used to compute math.exp(float(x)): x.grad came out e where 2e is right."""
    x = Value(1.0)
    with pytest.raises(TypeError, match=r"cut it out of the graph.*v\.exp\(\).*v\.data or v\.item\(\)"):
        x * math.exp(x)
    out = x * x.exp()
    out.backward()
    assert x.grad == pytest.approx(2 * math.e, rel=1e-15)  # d/dx x e^x = (1 + x) e^x


@pytest.mark.parametrize("convert", [float, int, bool, math.sqrt, lambda v: f"{v:.2f}"])
def test_implicit_conversions_are_refused_with_the_fix(convert):
    with pytest.raises(TypeError, match=r"v\.data|v > 0|Value"):
        convert(Value(2.5) * 2)


def test_item_and_data_read_the_number():
    v = Value(2.5) * 2
    assert v.item() == v.data == 5.0 and type(v.item()) is float


def test_comparisons_read_the_numbers_and_equality_stays_identity():
    a, b, c = Value(3.0), Value(-1.0), Value(2.0)
    assert a > b and b < 0 and 2 <= c <= 2.0 and a >= c and not (c > 3)
    assert max([a, b, c]) is a and sorted([a, b, c]) == [b, c, a]
    twin = Value(3.0)
    assert twin != a and twin == twin and len({a, twin, Value(3.0)}) == 3
    with pytest.raises(TypeError):
        a < "3"  # noqa: B015  (the comparison is the test)


def test_setting_the_label_is_checked_too():
    v = Value(1.0)
    with pytest.raises(TypeError, match="label must be a str; got int 5"):
        v.label = 5
    v.label = "w"
    assert v.label == "w"


@pytest.mark.parametrize("make, at, expected", [
    (lambda x: 0.0 ** x, 0.265, 0.0),  # d/dx 0**x = 0 for x > 0; the slope towards the base is infinite
    (lambda x: x / 1e-300, 1.0, 1e300),
    (lambda x: (1e-300 * x) * 1e300, 1e300, 1.0),
    (lambda x: x ** 1.02, 1e300, 1.02e6),  # 1.02 x**0.02; the slope towards the exponent overflows
])
def test_constants_get_no_gradient_so_they_cannot_spoil_backward(make, at, expected):
    """PyTorch's answers: a plain number's own gradient is never computed or checked."""
    x = Value(at)
    out = make(x)
    out.backward()
    assert x.grad == pytest.approx(expected, rel=1e-12)
    constants = [node for node in topological_order(out) if not node.requires_grad]
    assert constants and all(node.grad == 0.0 and not node.parents for node in constants)


def test_a_node_of_constants_only_is_a_constant():
    x = Value(2.0)
    both = RULES["*"](3.0, 4.0)  # a rule called on two plain numbers
    assert not both.requires_grad and (both * x).requires_grad and x.requires_grad
    assert repr(both) == "Value(data=12.0, constant)"


def test_a_failed_backward_leaves_every_leaf_grad_as_it_was():
    a, b = Value(0.0), Value(2.0)
    b.grad = 0.25
    out = a.sqrt() + b * 3  # backward reaches b before failing at sqrt'(0)
    with pytest.raises(ArithmeticError):
        out.backward()
    assert (a.grad, b.grad) == (0.0, 0.25)
    x = Value(1e-200)
    with pytest.raises(OverflowError):
        (1e200 * (x * 1e200)).backward()
    assert x.grad == 0.0
