"""What a Value accepts as its number: one finite real (int, float, a numpy real scalar or a
size-1 array), as a Python float; anything else is refused with what was given and the fix.

Imports: the standard library only.
"""
from __future__ import annotations

import math
import numbers
from typing import Any

_INF = math.inf


def as_finite_float(data: object) -> float:
    """``data`` as a float, if it is one finite real number; else a TypeError or ValueError saying why."""
    number = data if type(data) is float else _real_number(data)  # floats, the common case, need no conversion
    if not -_INF < number < _INF:
        raise ValueError(f"Value got {number!r}; a Value is always finite. "
                         f"Find where the {number!r} came from upstream.")
    return number


def _real_number(data: object) -> float:
    """int, numpy real scalar or size-1 array -> float; anything else is a TypeError."""
    if isinstance(data, numbers.Real) and not isinstance(data, bool):
        try:
            return float(data)
        except OverflowError:
            raise OverflowError(f"Value got {_too_large(data)}, beyond the float range (about ±1.8e308). "
                                "Scale it down first.") from None
    if hasattr(data, "ndim") and hasattr(data, "item") and hasattr(data, "shape"):
        array: Any = data  # duck-typed: numpy is never imported here
        shape = tuple(array.shape)
        if math.prod(shape) != 1:
            raise ValueError(f"Value got an array of shape {shape}; a Value holds one number. "
                             "Make one Value per element: [Value(x) for x in array.ravel()].")
        return _real_number(array.item())
    raise TypeError(f"Value got {type(data).__name__} {_short(data)}; it takes a real number (int, float or a numpy "
                    f"real scalar): {_conversion_hint(data)}.")


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


def _conversion_hint(data: object) -> str:
    if isinstance(data, bool):
        return "pass the number you mean, e.g. 1.0 or 0.0"
    if isinstance(data, (list, tuple)):
        return "make one Value per element: [Value(x) for x in items]"
    if isinstance(data, complex):
        return "take .real or abs() of it if that is what you mean"
    return "convert it first, e.g. Value(float(x))"
