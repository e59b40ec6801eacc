"""The one argument checker: a TypeError for the wrong kind of thing, a ValueError for a wrong value.

Every public function of autograd and nn checks its settings here, so the same mistake gets
the same kind of error and a message that says what was given and what would do.

Imports: the standard library only.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Collection


def check_number(name: str, value: object, low: float = -math.inf, high: float = math.inf, *,
                 low_open: bool = False, high_open: bool = False, example: float | None = None) -> float:
    """``value`` as a float. TypeError unless it is a real number (bool is not);
    ValueError unless it is finite and in [low, high] (open ends where asked)."""
    suggestion = f", e.g. {name}={example:g}" if example is not None else ""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a number{suggestion}; got {type(value).__name__} {value!r}.")
    try:
        number = float(value)
    except OverflowError:  # an int beyond the float range
        number = math.inf
    above = number > low if low_open else number >= low
    below = number < high if high_open else number <= high
    if not (math.isfinite(number) and above and below):
        interval = _interval(low, high, low_open, high_open)
        shown = _shown(value, number)
        raise ValueError(f"{name} must be a finite number{' ' + interval if interval else ''}{suggestion}; "
                         f"got {shown}.")
    return number


def check_count(name: str, value: object, minimum: int = 0, reason: str = "") -> int:
    """``value`` as an int >= minimum. TypeError unless it is a whole number (bool and 2.0 are not)."""
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be a whole number (int), such as {name}={max(minimum, 10)}; "
                        f"got {type(value).__name__} {value!r}.")
    if value < minimum:
        because = f" ({reason})" if reason else ""
        raise ValueError(f"{name} must be an int >= {minimum}{because}; got {name}={value}. "
                         f"Pass {name}={minimum} or more.")
    return int(value)


def check_choice(name: str, value: object, choices: Collection[str]) -> str:
    """``value`` if it is one of ``choices`` (strings): TypeError for a non-string, ValueError otherwise."""
    listed = ", ".join(repr(choice) for choice in choices)
    if not isinstance(value, str):
        raise TypeError(f"{name} must be one of {listed}; got {type(value).__name__} {value!r}.")
    if value not in choices:
        raise ValueError(f"{name} must be one of {listed}; got {value!r}.")
    return value


def check_flag(name: str, value: object) -> bool:
    """``value`` if it is True or False (1 and "yes" are not)."""
    if not isinstance(value, bool):
        raise TypeError(f"{name} must be True or False; got {type(value).__name__} {value!r}.")
    return value


def _interval(low: float, high: float, low_open: bool, high_open: bool) -> str:
    if high == math.inf:
        return f"{'>' if low_open else '>='} {low:g}" if low > -math.inf else ""
    if low == -math.inf:
        return f"{'<' if high_open else '<='} {high:g}"
    return f"in {'(' if low_open else '['}{low:g}, {high:g}{')' if high_open else ']'}"


def _shown(value: object, number: float) -> str:
    """The value as a message shows it: an int too large for a float by its size (str() of one over
    4,300 digits raises)."""
    if isinstance(value, numbers.Integral) and math.isinf(number):
        return f"an int of about {int(int(abs(value)).bit_length() * math.log10(2)) + 1:,} digits"
    return repr(value)
