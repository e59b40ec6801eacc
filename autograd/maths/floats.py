"""FLOAT_MATH: the namespace of the eager engine, Python floats, answering as IEEE arithmetic (and numpy) do.

Where the math module would raise (log(0), sqrt(-1), exp(1000)), this gives -inf, nan or inf instead.
The engine checks every number it keeps, so nothing non-finite gets into a graph; but a local
derivative that is infinite for a constant input (0.0 ** x at the base) is simply never used,
instead of stopping the backward pass.

Imports: the standard library only.
"""
from __future__ import annotations

import math
import operator
from collections.abc import Callable, Sequence

_INF, _NAN = math.inf, math.nan


def _guarded(function: Callable[[float], float], low: float = -_INF, high: float = _INF,
             even: bool = False) -> Callable[[float], float]:
    """``function`` with nan outside [low, high] (its real domain) and +-inf where it overflows (with the
    sign of x, or + for an ``even`` function such as cosh)."""
    def safe(x: float) -> float:
        if not low <= x <= high:
            return _NAN
        try:
            return function(x)
        except OverflowError:
            return _INF if x > 0 or even else -_INF
        except ValueError:  # the edge of the domain: atanh(1), log(0)
            return math.copysign(_INF, x) if x != 0 else -_INF
    return safe


def _log(x: float) -> float:
    return math.log(x) if x > 0.0 else -_INF if x == 0.0 else _NAN


def _log_base(function: Callable[[float], float]) -> Callable[[float], float]:
    return lambda x: function(x) if x > 0.0 else -_INF if x == 0.0 else _NAN


def _log1p(x: float) -> float:
    return math.log1p(x) if x > -1.0 else -_INF if x == -1.0 else _NAN


def _pow(x: float, y: float) -> float:
    try:
        return math.pow(x, y)
    except OverflowError:  # |x| ** y beyond the float range; negative only for an odd whole y
        return -_INF if x < 0.0 and y % 2.0 == 1.0 else _INF
    except ValueError:  # 0 ** negative is a division by zero; negative ** fractional is not real
        return _INF if x == 0.0 else _NAN


def _sum_of_products(xs: Sequence[float], ws: Sequence[float]) -> float:
    """xs[0]*ws[0] + xs[1]*ws[1] + ..., left to right (the order a chain of * and + would take;
    sum() starting from the first product adds in that order, in a loop in C)."""
    return sum(map(operator.mul, xs[1:], ws[1:]), xs[0] * ws[0])


class FloatMath:
    """The namespace of the eager engine: Python floats, with IEEE results for overflow and domain errors."""

    exp = staticmethod(_guarded(math.exp))
    exp2 = staticmethod(_guarded(lambda x: math.pow(2.0, x)))
    expm1 = staticmethod(_guarded(math.expm1))
    log = staticmethod(_log)
    log2 = staticmethod(_log_base(math.log2))
    log10 = staticmethod(_log_base(math.log10))
    log1p = staticmethod(_log1p)
    sqrt = staticmethod(_guarded(math.sqrt, low=0.0))
    sin = staticmethod(math.sin)
    cos = staticmethod(math.cos)
    tan = staticmethod(math.tan)
    arcsin = staticmethod(_guarded(math.asin, -1.0, 1.0))
    arccos = staticmethod(_guarded(math.acos, -1.0, 1.0))
    arctan = staticmethod(math.atan)
    sinh = staticmethod(_guarded(math.sinh))
    cosh = staticmethod(_guarded(math.cosh, even=True))
    tanh = staticmethod(math.tanh)
    arcsinh = staticmethod(math.asinh)
    arccosh = staticmethod(_guarded(math.acosh, low=1.0))
    arctanh = staticmethod(_guarded(math.atanh, -1.0, 1.0))
    abs = staticmethod(abs)
    floor = staticmethod(lambda x: float(math.floor(x)))
    pow = staticmethod(_pow)
    arctan2 = staticmethod(math.atan2)
    hypot = staticmethod(math.hypot)
    dot = staticmethod(_sum_of_products)

    @staticmethod
    def sign(x: float) -> float:
        return float((x > 0) - (x < 0))

    @staticmethod
    def maximum(x: float, y: float) -> float:
        return x if x >= y else y

    @staticmethod
    def where(condition: bool, if_true: float, if_false: float) -> float:
        return if_true if condition else if_false

    @staticmethod
    def gt(x: float, y: float) -> bool:
        return x > y

    @staticmethod
    def ge(x: float, y: float) -> bool:
        return x >= y

    @staticmethod
    def lt(x: float, y: float) -> bool:
        return x < y

    @staticmethod
    def le(x: float, y: float) -> bool:
        return x <= y

    @staticmethod
    def eq(x: float, y: float) -> bool:
        return x == y


FLOAT_MATH = FloatMath()
