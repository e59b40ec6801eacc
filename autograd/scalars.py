"""What a Value accepts as its number (and as its grad): one finite real (int, float, a numpy real scalar
or a size-1 array), as a Python float; anything else is refused with what was given and the fix. And which
Value method stands for a numpy function (np.exp(v) is v.exp()).

Imports: the standard library only.
"""
from __future__ import annotations

import math
import numbers
from typing import Any

_INF = math.inf


def as_finite_float(data: object, name: str = "Value") -> float:
    """``data`` as a float, if it is one finite real number; else a TypeError or ValueError saying why.
    ``name`` is what is being given the number, for the message: "Value" or "Value.grad"."""
    number = data if type(data) is float else _real_number(data, name)  # floats, the common case, need no conversion
    if not -_INF < number < _INF:
        raise ValueError(f"{name} got {number!r}; a Value and its grad are always finite. "
                         f"Find where the {number!r} came from upstream.")
    return number


def finite_seed(grad: object) -> float:
    """backward's ``grad`` (the seed, d root / d root) as a float: a finite real number."""
    if isinstance(grad, bool) or not isinstance(grad, numbers.Real):
        raise TypeError(f"backward(grad=...) takes a number; got {type(grad).__name__} {grad!r}. "
                        "Use the default 1.0 for a loss.")
    if not -_INF < float(grad) < _INF:
        raise ValueError(f"backward(grad=...) must be finite; got {grad!r}. Use the default 1.0 for a loss.")
    return float(grad)


def _real_number(data: object, name: str) -> float:
    """int, numpy real scalar or size-1 array -> float; anything else is a TypeError."""
    if isinstance(data, numbers.Real) and not isinstance(data, bool):
        try:
            return float(data)
        except OverflowError:
            raise OverflowError(f"{name} got {_too_large(data)}, beyond the float range (about ±1.8e308). "
                                "Scale it down first.") from None
    if hasattr(data, "ndim") and hasattr(data, "item") and hasattr(data, "shape"):
        array: Any = data  # duck-typed: numpy is never imported here
        shape = tuple(array.shape)
        if math.prod(shape) != 1:
            raise ValueError(f"{name} got an array of shape {shape}; a Value holds one number. "
                             "Make one Value per element: [Value(x) for x in array.ravel()].")
        return _real_number(array.item(), name)
    raise TypeError(f"{name} got {type(data).__name__} {_short(data)}; it takes a real number (int, float or a "
                    f"numpy real scalar): {_conversion_hint(data, name)}.")


def _too_large(data: numbers.Real) -> str:
    """Name a huge number without printing it (str() of an int over 4,300 digits raises)."""
    if isinstance(data, numbers.Integral):
        digits = int(int(abs(data)).bit_length() * math.log10(2)) + 1
        return f"an integer of about {digits:,} digits"
    return f"{type(data).__name__} {_short(data)}"


def _short(data: object) -> str:
    try:
        text = repr(data)
    except ValueError:  # e.g. an int too long to print
        return f"<{type(data).__name__}>"
    return text if len(text) <= 60 else text[:57] + "..."


def _conversion_hint(data: object, name: str) -> str:
    if isinstance(data, bool):
        return "pass the number you mean, e.g. 1.0 or 0.0"
    if hasattr(data, "data") and hasattr(data, "grad"):  # a Value (not imported here: value.py imports this module)
        return "read its number with x.data" + (" (Value(x.data) is a new leaf cut from x's graph)"
                                                if name == "Value" else "")
    if isinstance(data, (list, tuple)):
        return "make one Value per element: [Value(x) for x in items]"
    if isinstance(data, complex):
        return "take .real or abs() of it if that is what you mean"
    if name == "Value.grad":
        return ("set 0.0 to clear it (model.zero_grad() clears every parameter's)" if data is None
                else "convert it first, e.g. x.grad = float(g)")
    return "convert it first, e.g. Value(float(x))"


# numpy's name -> the Value method that computes it, where the two differ (elsewhere they agree: np.exp, v.exp)
_NUMPY_NAMES = {"add": "__add__", "subtract": "__sub__", "multiply": "__mul__", "divide": "__truediv__",
                "true_divide": "__truediv__", "power": "__pow__", "float_power": "__pow__", "remainder": "__mod__",
                "negative": "__neg__", "absolute": "__abs__", "greater": "__gt__", "greater_equal": "__ge__",
                "less": "__lt__", "less_equal": "__le__"}


def numpy_method(ufunc: Any, method: str, keywords: dict[str, Any], kind: type) -> str:
    """The name of the method of ``kind`` (Value) that computes numpy's ``ufunc`` on a Value, called plainly
    (np.exp(v), not np.exp(v, out=...) nor np.add.reduce); a TypeError naming it if there is none."""
    name: str = _NUMPY_NAMES.get(ufunc.__name__, ufunc.__name__)
    if method == "__call__" and not keywords and callable(getattr(kind, name, None)):
        return name
    called = f"np.{ufunc.__name__}" + ("" if method == "__call__" else f".{method}")
    raise TypeError(f"{called}{' with ' + ', '.join(keywords) if keywords else ''} has no Value version "
                    f"(a Value's functions are its methods: v.exp(), v.clamp(low, high), ...). Use a method, or "
                    f"apply numpy to v.data to leave the graph.")
