"""numpy's other scalar functions with a derivative, as methods of Value: v.tan(), v.arcsinh(), v.log1p(),
y.arctan2(x), a.hypot(b), ... A rule each (ops/trigonometry.py, angles.py, hyperbolic.py, logarithms.py,
piecewise.py). They live here, beside value.py, so that value.py shows what a Value is and the operators a
learner meets first; Value inherits them (class Value(NumpyFunctions)), np.tan(v) finds them too.

Imports: ops, nodes, value (for its types and constants, lazily).
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from . import ops
from .nodes import binary, unary

if TYPE_CHECKING:
    from .value import Value


class NumpyFunctions:
    """The methods; each records one node of its rule. ``other`` is a Value or a plain number."""

    __slots__ = ()

    def tan(self) -> Value:
        return unary(ops.TAN, _value(self))

    def arcsin(self) -> Value:
        return unary(ops.ARCSIN, _value(self))

    def arccos(self) -> Value:
        return unary(ops.ARCCOS, _value(self))

    def arctan(self) -> Value:
        return unary(ops.ARCTAN, _value(self))

    def sinc(self) -> Value:
        return unary(ops.SINC, _value(self))

    def sinh(self) -> Value:
        return unary(ops.SINH, _value(self))

    def cosh(self) -> Value:
        return unary(ops.COSH, _value(self))

    def arcsinh(self) -> Value:
        return unary(ops.ARCSINH, _value(self))

    def arccosh(self) -> Value:
        return unary(ops.ARCCOSH, _value(self))

    def arctanh(self) -> Value:
        return unary(ops.ARCTANH, _value(self))

    def log2(self) -> Value:
        return unary(ops.LOG2, _value(self))

    def log10(self) -> Value:
        return unary(ops.LOG10, _value(self))

    def log1p(self) -> Value:
        return unary(ops.LOG1P, _value(self))

    def expm1(self) -> Value:
        return unary(ops.EXPM1, _value(self))

    def exp2(self) -> Value:
        return unary(ops.EXP2, _value(self))

    def sign(self) -> Value:
        return unary(ops.SIGN, _value(self))

    def deg2rad(self) -> Value:
        return unary(ops.DEG2RAD, _value(self))

    def rad2deg(self) -> Value:
        return unary(ops.RAD2DEG, _value(self))

    def arctan2(self, other: Any) -> Value:
        return binary(ops.ARCTAN2, _value(self), _as_value(other))

    def hypot(self, other: Any) -> Value:
        return binary(ops.HYPOT, _value(self), _as_value(other))

    radians, degrees = deg2rad, rad2deg  # numpy's other names for them (the rules' aliases)


def _value(self: NumpyFunctions) -> Value:
    """self, as the Value it always is (only Value inherits these methods): for the type checker."""
    return cast("Value", self)


def _as_value(other: Any) -> Value:
    from .value import as_value  # value.py imports this module: its names are there once it has run

    return as_value(other)
