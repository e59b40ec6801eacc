"""The grading core every exercise shares: tolerances, the verdict (the formula held back until revealed), and the
search for a wrong answer (chosen edge points first, then points drawn by hypothesis, shrunk to a simple input).
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:  # hypothesis is imported when a search runs, so the catalog lists without it
    from hypothesis.strategies import SearchStrategy

STATUSES = ("correct", "correct within tolerance", "wrong")
Result = TypeVar("Result")  # what the learner's function returns, as call() hands it back
Text = str | Callable[[], str]  # a message, or a function making it only when it is needed


@dataclass(frozen=True)
class Tolerance:
    """|yours - expected| <= atol + rtol * |expected| (PyTorch's form of a tolerance)."""

    atol: float
    rtol: float

    def allows(self, yours: float, expected: float) -> bool:
        return abs(yours - expected) <= self.atol + self.rtol * abs(expected)

    def __str__(self) -> str:
        relative = f" + {self.rtol:g} × |expected|" if self.rtol else ""
        return f"|yours - expected| ≤ {self.atol:g}{relative}"


# "correct" allows only rounding: the same maths, computed in another order, differs in the last digits.
ROUNDING = Tolerance(1e-12, 1e-9)
DERIVATIVE = Tolerance(1e-6, 1e-4)  # what a careful central difference or another exact formula reaches


def show(x: object) -> str:
    """A number as short as it can be while still being exactly that number; anything else as repr."""
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        return repr(x)
    x = float(x)
    short = f"{x:g}"
    return short if float(short) == x else repr(x)


def show_pair(yours: float, expected: float) -> tuple[str, str]:
    """Both numbers with enough digits (at least 4 significant) that they do not print the same."""
    for digits in range(4, 18):
        a, b = f"{yours:.{digits}g}", f"{expected:.{digits}g}"
        if a != b:
            return a, b
    return repr(yours), repr(expected)


def show_inputs(**inputs: object) -> str:
    """x1 = 2, w1 = -3.5 (lists shown element by element)."""
    def one(value: object) -> str:
        return "[" + ", ".join(one(item) for item in value) + "]" if isinstance(value, (list, tuple)) else show(value)

    return ", ".join(f"{name} = {one(value)}" for name, value in inputs.items())


class AnswerError(Exception):
    """Raised inside a check at the first wrong quantity; its text is the teaching message, ``formula`` what
    --reveal adds (the expected value's formula, worked at this point)."""

    def __init__(self, message: str, formula: str = "") -> None:
        super().__init__(message)
        self.formula = formula


@dataclass
class Verdict:
    """What grading says: ``status`` is one of STATUSES; truthy unless wrong; prints as the message. A wrong
    verdict's ``formula`` (how the expected value is made) prints only once ``revealed`` (see ``reveal``)."""

    title: str
    status: str
    detail: str
    formula: str = ""
    revealed: bool = False

    def __post_init__(self) -> None:
        assert self.status in STATUSES, self.status

    @classmethod
    def wrong(cls, title: str, error: AnswerError) -> Verdict:
        return cls(title, "wrong", str(error), error.formula)

    def reveal(self, shown: bool = True) -> Verdict:
        """This verdict with its formula shown (``shown`` False: as it is)."""
        return replace(self, revealed=self.revealed or shown)

    def __bool__(self) -> bool:
        return self.status != "wrong"

    def __str__(self) -> str:
        if self.status == "wrong":  # the detail is a paragraph: indented under the heading
            revealed = f"\nthe formula (revealed):\n{self.formula}" if self.revealed and self.formula else ""
            return f"{self.title}: wrong\n" + "\n".join(f"  {line}" for line in (self.detail + revealed).splitlines())
        return f"{self.title}: {self.status}" + (f" {self.detail}" if self.detail else "")

    __repr__ = __str__  # a notebook cell shows the message itself


class Grader:
    """One grading session: compares quantities and keeps the largest gap it let through."""

    def __init__(self, tolerance: Tolerance = DERIVATIVE, unit: str = "points",
                 exact: str = "equal to the expected values up to rounding", exactly: Tolerance = ROUNDING) -> None:
        self.tolerance, self.unit, self.exact, self.exactly = tolerance, unit, exact, exactly
        self.points: set[str] = set()
        self.largest_gap: tuple[float, str] = (0.0, "")  # (gap, where) among answers not equal to rounding

    def compare(self, quantity: str, at: str, yours: float, expected: float, why: Text = "", *,
                where: Text = "", formula: Text = "") -> None:
        """Accept ``yours`` if it is ``expected`` within the tolerance; else raise AnswerError naming it.
        ``at`` says at which input ("at x = 2", "on the graph ..."); ``where`` where the quantity sits in the chain;
        ``why`` gives numbers and the slip, never the formula; ``formula`` is what --reveal adds. Each is text, or
        a function making it (called only when the answer is wrong)."""
        self.points.add(at)
        if self.exactly.allows(yours, expected):
            return
        if self.tolerance.allows(yours, expected):
            gap = abs(yours - expected)
            if gap > self.largest_gap[0]:
                self.largest_gap = (gap, f"your {quantity} {at}")
            return
        mine, right = show_pair(yours, expected)
        place, reason = text(where), text(why)
        lines = [f"your {quantity} {at} is {mine}; expected {right}.", *([f"  where: {place}"] if place else []),
                 *([reason] if reason else [])]
        raise AnswerError("\n".join(lines), text(formula))

    def verdict(self, title: str) -> Verdict:
        where = f"on {len(self.points)} {self.unit}"
        if self.largest_gap[0] == 0.0:
            return Verdict(title, "correct", f"(checked {where}; {self.exact}).")
        gap, at = self.largest_gap
        return Verdict(title, "correct within tolerance",
                       f"({self.tolerance}; checked {where}; the largest gap was {gap:.2g}, {at}).")

    def run(self, title: str, examine: Callable[..., None], edges: Iterable[tuple[object, ...]],
            strategy: SearchStrategy[tuple[object, ...]] | None = None, max_examples: int = 100) -> Verdict:
        """examine(*point) at each edge point, then at up to ``max_examples`` points drawn from
        ``strategy`` (a hypothesis strategy of tuples). The first wrong answer ends it."""
        try:
            for point in edges:
                examine(*point)
            if strategy is not None:
                search(examine, strategy, max_examples)
        except AnswerError as wrong:
            return Verdict.wrong(title, wrong)
        return self.verdict(title)


def search(examine: Callable[..., None], strategy: SearchStrategy[tuple[object, ...]], max_examples: int) -> None:
    """Run examine(*point) on points drawn by hypothesis, repeatably (derandomize), raising the
    AnswerError of the simplest failing point hypothesis can shrink to."""
    from hypothesis import HealthCheck, Phase, Verbosity, given, settings
    from hypothesis.errors import Flaky

    # No explain phase: it reruns the failing case many times to annotate it, for a report we do not print.
    @settings(max_examples=max_examples, derandomize=True, database=None, deadline=None, print_blob=False,
              phases=(Phase.explicit, Phase.generate, Phase.shrink), verbosity=Verbosity.quiet,
              report_multiple_bugs=False, suppress_health_check=list(HealthCheck))
    @given(strategy)
    def each(point: tuple[object, ...]) -> None:
        examine(*point)

    try:
        each()
    except Flaky as error:
        raise AnswerError("your function gave different answers for the same input, so it cannot be graded; "
                          "make it depend on its arguments only (no random numbers, no state kept between "
                          f"calls). ({type(error).__name__})") from None


def text(made: Text) -> str:
    """``made`` itself, or what it makes when it is a function."""
    return made() if callable(made) else made


def slip(yours: float, expected: float, slips: dict[str, float]) -> str:
    """The note of the first typical slip whose value ``yours`` equals (and the right answer does not)."""
    for note, value in slips.items():
        if ROUNDING.allows(yours, value) and not ROUNDING.allows(expected, value):
            return note
    return ""


def slip_of(yours: Sequence[float], expected: Sequence[float], slips: Mapping[str, Sequence[float]]) -> str:
    """The note of the first typical slip whose whole answer (every number of it) ``yours`` equals, where the right
    answer differs: a slip in a many-number answer is named by all its numbers, not by one that may coincide."""
    def same(a: Sequence[float], b: Sequence[float]) -> bool:
        return len(a) == len(b) and all(ROUNDING.allows(x, y) for x, y in zip(a, b))

    for note, values in slips.items():
        if all(math.isfinite(value) for value in values) and same(yours, values) and not same(expected, values):
            return note
    return ""


def call(answer: Callable[..., Result], name: str, *args: object,
         reasons: dict[type[Exception], str] | None = None) -> Result:
    """answer(*args), with anything it raises turned into a AnswerError that says where (and, for the
    exception types in ``reasons``, why it happens and what to do)."""
    try:
        return answer(*args)
    except AnswerError:
        raise
    except NotImplementedError as error:
        raise AnswerError(f"{name} is not written yet: it raised NotImplementedError({str(error)!r}). "
                          "Replace that line with your code.") from None
    except Exception as error:
        why = next((text for kind, text in (reasons or {}).items() if isinstance(error, kind)), "")
        raise AnswerError(f"{name} raised {type(error).__name__}: {error}" + (f"\n{why}" if why else "")) from None
