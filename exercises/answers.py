"""Reading the learner's answer: plain finite numbers, lists of them, a dict of gradients by name, or an
AnswerError saying what came back instead (a Value, None, a string, a number too large for a float).
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Iterable

from .grading import AnswerError


def as_number(result: object, what: str) -> float:
    """A plain finite number from the learner's ``result``, or a AnswerError saying what came back."""
    if hasattr(result, "data") and hasattr(result, "backward"):
        raise AnswerError(f"{what} returned a Value ({result!r}); return a plain number: its .data.")
    if result is None:
        raise AnswerError(f"{what} returned None; it must return a number (is a return statement missing?).")
    if isinstance(result, bool) or not isinstance(result, numbers.Real):
        raise AnswerError(f"{what} returned {type(result).__name__} {result!r}; it must return a number.")
    if isinstance(result, int) and abs(result) >= 2**1024:  # beyond the largest float, about 1.8e308
        raise AnswerError(f"{what} returned an integer too large to be a float (over 1.8e308).")
    if not math.isfinite(float(result)):
        raise AnswerError(f"{what} returned {result!r}; a gradient here is a finite number.")
    return float(result)


def as_numbers(result: object, count: int, what: str) -> list[float]:
    """A list of ``count`` plain numbers from the learner's ``result``."""
    if isinstance(result, (str, bytes)) or not isinstance(result, Iterable):
        raise AnswerError(f"{what} returned {type(result).__name__} {result!r}; it must return a list of {count} "
                          "numbers.")
    items = list(result)
    if len(items) != count:
        raise AnswerError(f"{what} returned {len(items)} numbers; it must return {count}, one per input.")
    return [as_number(item, f"{what} (item {i})") for i, item in enumerate(items)]


def as_gradients(result: object, names: Iterable[str], what: str) -> dict[str, float]:
    """The learner's {name: number} dict, every name present and every value a plain number."""
    names = list(names)
    if not isinstance(result, dict):
        raise AnswerError(f"{what} returned {type(result).__name__} {result!r}; it must return a dict with the "
                          f"keys {', '.join(repr(name) for name in names)}.")
    missing = [name for name in names if name not in result]
    if missing:
        raise AnswerError(f"{what} returned no {', '.join(repr(name) for name in missing)}; the dict needs the keys "
                          f"{', '.join(repr(name) for name in names)}.")
    return {name: as_number(result[name], f"{what}[{name!r}]") for name in names}
