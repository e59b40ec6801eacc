"""Issue 21, items 10-13 and 15: what a Value refuses besides its number (a bad .grad, an array through numpy,
a rewired .parents, a Value inside a Value) and the warning when .data changed after the forward pass."""
import math
import operator
import warnings

import numpy as np
import pytest

from autograd import Value, topological_order


# -- 10: .grad is checked on assignment, as .data is ----------------------------------------------------------
@pytest.mark.parametrize("given, stored", [(0.0, 0.0), (3, 3.0), (-2.5, -2.5), (np.float64(1.5), 1.5),
                                           (np.float32(0.25), 0.25), (np.int64(4), 4.0), (np.array([2.0]), 2.0)])
def test_a_finite_real_grad_is_stored_as_a_python_float(given, stored):
    x = Value(1.0)
    x.grad = given
    assert type(x.grad) is float and x.grad == stored


@pytest.mark.parametrize(
    "given, error, words",
    [
        (math.nan, ValueError, ["Value.grad got nan", "finite"]),
        (math.inf, ValueError, ["Value.grad got inf", "finite"]),
        (np.float64("-inf"), ValueError, ["Value.grad got -inf"]),
        ("a", TypeError, ["Value.grad got str 'a'", "real number", "float(g)"]),
        (None, TypeError, ["Value.grad got NoneType None", "0.0", "zero_grad()"]),
        (True, TypeError, ["Value.grad got bool True", "1.0 or 0.0"]),
        (1 + 2j, TypeError, ["Value.grad got complex", ".real"]),
        (np.array([1.0, 2.0]), ValueError, ["Value.grad got an array of shape (2,)"]),
        (10**400, OverflowError, ["Value.grad got an integer of about 401 digits"]),
    ],
)
def test_a_bad_grad_is_refused_naming_what_was_given_and_the_grad_is_kept(given, error, words):
    x = Value(1.0)
    x.grad = 0.5
    with pytest.raises(error) as info:
        x.grad = given
    assert all(word in str(info.value) for word in words), str(info.value)
    assert x.grad == 0.5


def test_a_value_given_as_grad_suggests_its_data():
    x, g = Value(1.0), Value(0.25)
    with pytest.raises(TypeError, match=r"Value\.grad got Value .*g\.data|Value\.grad got Value .*\.data"):
        x.grad = g
    x.grad = g.data
    assert x.grad == 0.25


def test_backward_still_fills_and_accumulates_grads_after_a_checked_assignment():
    x = Value(3.0)
    x.grad = 1
    (x * x).backward()
    assert type(x.grad) is float and x.grad == 1.0 + 6.0


# -- 11: numpy defers to Value ---------------------------------------------------------------------------
ARRAY = np.array([1.0, 2.0])
OPERATORS = [lambda a, b: a + b, lambda a, b: a - b, lambda a, b: a * b, lambda a, b: a / b,
             lambda a, b: a ** b, lambda a, b: a % b]


@pytest.mark.parametrize("operator", OPERATORS, ids=["+", "-", "*", "/", "**", "%"])
def test_an_array_on_either_side_of_a_value_is_refused_alike(operator):
    x = Value(1.5)
    with pytest.raises(ValueError) as right:
        operator(x, ARRAY)
    with pytest.raises(ValueError) as left:
        operator(ARRAY, x)
    assert str(left.value) == str(right.value) and "shape (2,)" in str(left.value)
    assert "one Value per element" in str(left.value)


@pytest.mark.parametrize("number", [np.float64(2.0), np.float32(2.0), np.int64(2), np.array(2.0), np.array([2.0])])
def test_a_numpy_scalar_is_a_constant_on_either_side(number):
    x = Value(3.0)
    for out, expected, slope in [(number * x, 6.0, 2.0), (x * number, 6.0, 2.0), (number + x, 5.0, 1.0),
                                 (number - x, -1.0, -1.0), (number / x, 2.0 / 3.0, -2.0 / 9.0),
                                 (number ** x, 8.0, 8.0 * math.log(2.0))]:
        assert isinstance(out, Value) and out.data == pytest.approx(expected, rel=1e-15)
        x.grad = 0.0
        out.backward()
        assert x.grad == pytest.approx(slope, rel=1e-15)
        assert [leaf for leaf in topological_order(out) if leaf.requires_grad and not leaf.parents] == [x]


def test_numpy_functions_on_a_value_are_its_methods():
    x = Value(0.5)
    for function, method in [(np.exp, Value.exp), (np.tanh, Value.tanh), (np.sqrt, Value.sqrt),
                             (np.sin, Value.sin), (np.arctan, Value.arctan), (np.abs, Value.abs),
                             (np.negative, Value.__neg__), (np.log1p, Value.log1p)]:
        out = function(x)
        assert isinstance(out, Value) and out.data == method(x).data and out.parents == (x,)
    assert np.maximum(x, 0.75).data == 0.75 and np.arctan2(x, 1.0).data == math.atan2(0.5, 1.0)
    assert np.float64(1.0) > x and not np.float64(1.0) < x and np.less(x, 1.0) is True


def test_a_numpy_function_with_no_value_version_is_refused_by_name():
    with pytest.raises(TypeError, match=r"np\.floor has no Value version.*v\.data"):
        np.floor(Value(0.5))


def test_equality_with_numpy_stays_identity():
    x = Value(1.0)
    assert (x == np.float64(1.0)) is False and (np.float64(1.0) == x) is False and (x != np.float64(1.0)) is True
    assert (x == ARRAY) is False and operator.eq(ARRAY, x) is False and operator.ne(ARRAY, x) is True
    assert (x == x) is True


def test_an_object_array_of_values_still_sums_and_dots():
    x, y = Value(1.0), Value(2.0)
    assert np.sum([x, y]).data == 3.0 and np.dot(ARRAY, np.array([x, y], dtype=object)).data == 5.0


# -- 12: .parents is read-only, like .rule and .op -------------------------------------------------------
def test_parents_cannot_be_rewired():
    a, c = Value(1.0), Value(2.0)
    b = a * c
    for name in ("parents", "rule", "op"):
        with pytest.raises(AttributeError):
            setattr(b, name, (c,))
    with pytest.raises(AttributeError):
        a.parents = (b,)  # would make a cycle a -> b -> a
    assert b.parents == (a, c) and a.parents == ()
    b.backward()
    assert (a.grad, c.grad) == (2.0, 1.0)


# -- 15: a Value given to Value() --------------------------------------------------------------------------
def test_a_value_inside_a_value_suggests_its_data():
    x = Value(2.0)
    with pytest.raises(TypeError) as info:
        Value(x)
    message = str(info.value)
    assert "x.data" in message and "float(x)" not in message
    assert Value(x.data).data == 2.0


# -- 13: .data changed after the forward pass -------------------------------------------------------------
def test_changing_data_after_the_forward_pass_warns_at_backward():
    r = Value(2.0, label="r")
    s = r * r
    r.data = 10.0
    with pytest.warns(RuntimeWarning, match=r"'r'.*changed after.*forward"):
        s.backward()
    assert s.data == 4.0 and r.grad == 20.0  # what the warning is about: the old output, the new slope


def test_changing_data_before_the_forward_pass_does_not_warn():
    r, w = Value(2.0, label="r"), Value(3.0)
    r.data = 10.0
    s = r * w
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        s.backward()
        (r * r).backward()
    assert s.data == 30.0 and r.grad == 3.0 + 20.0


def test_the_fast_topological_order_is_the_readable_one():
    from autograd.graph import topological_order as readable
    from autograd.nodes import fast_topological_order

    a, b = Value(1.0), Value(2.0)
    c = a * b
    d = (c + a).tanh() * c - b ** 2 + 3.0
    for root in (a, c, d, d * d):
        assert fast_topological_order(root) == readable(root)
