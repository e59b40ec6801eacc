"""Issue 21, items 14 and 16: forward mode's argument errors and a tangent that leaves the float range.
A tangent is checked as a value is: finite, or an error naming the op (and that a smaller tangent would do)."""
import math

import pytest

from autograd import Value, grad, jvp
from autograd.derivatives import hvp


def test_one_number_is_one_primal_and_one_tangent():
    value, tangent = jvp(lambda x: x * x, 1.0, 1.0)
    assert value.data == 1.0 and tangent == 2.0 == jvp(lambda x: x * x, [1.0], [1.0])[1]


@pytest.mark.parametrize("primals, tangents, words", [
    ("1.0", [1.0], ["primals must be a number, a Value or a list", "str '1.0'", "jvp(f, [1.0], [1.0])"]),
    ([1.0], {"x": 1.0}, ["tangents must be a number, a Value or a list", "dict", "jvp(f, [1.0], [1.0])"]),
])
def test_arguments_of_the_wrong_kind_are_named_with_an_example(primals, tangents, words):
    with pytest.raises(TypeError) as info:
        jvp(lambda x: x, primals, tangents)
    assert all(word in str(info.value) for word in words), str(info.value)


@pytest.mark.parametrize("f, primal, tangent, words", [
    (lambda x: x * x, 1.0, 1e308, ["jvp: the tangent of 1.0 * 1.0 overflowed", "float range", "smaller tangent"]),
    (lambda x: x * x * 0.5, 3.0, 8e307, ["jvp: the tangent of 3.0 * 3.0 overflowed"]),
    (lambda x: x.exp(), 700.0, 1e10, ["jvp: the tangent of exp(700.0) overflowed"]),
    (lambda x: x + x, 1.0, 1e308, ["jvp: the tangent of 1.0 + 1.0 overflowed"]),
])
def test_a_tangent_beyond_the_float_range_names_the_op(f, primal, tangent, words):
    with pytest.raises(OverflowError) as info:
        jvp(f, [primal], [tangent])
    assert all(word in str(info.value) for word in words), str(info.value)


def test_the_largest_finite_tangent_is_still_returned():
    _, tangent = jvp(lambda x: x * x * 0.5, [3.0], [1e307])  # 3.0 * 1e307 = 3e307 < 1.8e308
    assert tangent == pytest.approx(3e307, rel=1e-15) and math.isfinite(tangent)


def test_a_nested_tangent_that_overflows_names_the_op_too():
    with pytest.raises(OverflowError, match=r"1e\+308 \+ 1e\+308 overflows"):  # the tangent is a graph here
        grad(lambda v: jvp(lambda y: y * y, [v], [1e308])[1])(1.0)


def test_hvp_checks_its_tangents_as_well():
    with pytest.raises(OverflowError, match=r"hvp: the tangent of .* overflowed"):
        hvp(lambda x: x * x * x, [1.0], [1e308])
    assert hvp(lambda x: x * x * x, [2.0], [1.0]) == [12.0]


def test_a_value_tangent_keeps_working():
    value, tangent = jvp(lambda x: x * x, [Value(3.0)], [0.5])
    assert isinstance(tangent, Value) and tangent.data == 3.0 and value.data == 9.0
