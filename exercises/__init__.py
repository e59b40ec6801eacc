"""chainrule's self-grading exercises, graded against the engine: ``python -m exercises`` lists them, and in a
notebook ``from exercises import check; check(1, tanh_derivative)`` grades an answer (a printable verdict;
``check(1, tanh_derivative, reveal=True)`` also shows the formula behind a wrong one).
"""
from __future__ import annotations

from .grading import Verdict

__all__ = ["Verdict", "check"]


def check(number: int | str, answer: object, reveal: bool = False) -> Verdict:
    """The verdict on ``answer`` (your function; your Rule subclass for exercise 11) for exercise ``number``:
    truthy when correct, and it prints as the teaching message. A wrong verdict names the first wrong quantity,
    where it sits and the numbers; ``reveal=True`` (or ``verdict.reveal()``) adds the formula."""
    from .catalog import find

    return find(number).grade(answer, reveal)
