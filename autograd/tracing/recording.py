"""trace(fn, *example_args): record a scalar function's graph once, replay it over numpy batches.

The example arguments become TracedValues, and every node made from a traced one is traced
too (the data decides; nothing is switched). The recorded graph is compiled into a Trace
(program.py), which replays it over numpy arrays.

Imports: value, graph, scalars, tracing.program.
"""
from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import cast

from ..graph import topological_order
from ..scalars import as_finite_float
from ..value import Value
from .program import Trace

Example = float | Sequence[float]  # one traced argument: a number, or a flat list (or 1-D array) of numbers


class TracingError(TypeError):
    """fn used a traced number in Python itself (an if, max(), float()): the trace would be wrong."""


class TracedValue(Value):
    """A Value recorded by trace(): its number depends on the example inputs, so reading it
    (to branch on it in Python) would freeze that branch for every later input."""

    __slots__ = ()

    @property
    def data(self) -> float:
        raise TracingError(
            "fn reads .data (or float(), or a comparison) of a value that depends on its inputs while it is "
            "being traced: Python control flow on it would be fixed at trace time and silently wrong for other "
            "inputs. Use graph ops instead (relu, maximum, clamp), or run without tracing (fit(..., trace=False)).")

    @data.setter
    def data(self, number: float) -> None:
        raise TracingError(
            "fn sets .data of a value that depends on its inputs while it is being traced: the replay computes "
            "it from the inputs, so the number set here would be lost. Build it with graph ops instead.")

    def __bool__(self) -> bool:
        return bool(self.data)  # raises: `if value:` is control flow too

    def __float__(self) -> float:
        return self.data  # raises: float() would freeze the number too


def trace(fn: Callable[..., Value | Sequence[Value]], *example_args: Example,
          parameters: Sequence[Value] | None = None) -> Trace:
    """Run ``fn(*placeholders)`` once and keep its graph for replays over numpy arrays.

    Each example argument is a number (one placeholder) or a list / 1-D array of
    numbers (a list of placeholders). fn returns a Value, or a tuple of Values; the
    first one is what ``backward`` differentiates (its mean over the batch).
    Values fn uses without getting them as arguments (a model's parameters) are read
    afresh at every replay and receive the gradients. ``parameters`` (e.g. an optimizer's
    list) fixes their order in ``Trace.theta``, the one vector the replay reads them from.
    """
    placeholders: list[tuple[Value, int]] = []
    arguments = [_placeholder(example, position, placeholders) for position, example in enumerate(example_args)]
    returned = fn(*arguments)
    single = isinstance(returned, Value)
    found: list[object] = list(returned) if isinstance(returned, (tuple, list)) else [returned]
    outputs = [out for out in found if isinstance(out, Value)]
    if not outputs or len(outputs) != len(found):
        raise TypeError(f"the traced function must return a Value or a tuple of Values; got {returned!r}.")
    widths = [len(a) if isinstance(a, list) else None for a in arguments]
    return Trace(outputs, placeholders, widths, single, topological_order(*outputs), parameters)


def _placeholder(example: object, position: int, placeholders: list[tuple[Value, int]]) -> Value | list[Value]:
    """A TracedValue for a number, a list of them for a flat list of numbers (each recorded in placeholders)."""
    if isinstance(example, (list, tuple)) or getattr(example, "ndim", 0) == 1:
        items = [_placeholder(item, position, placeholders) for item in cast("Iterable[object]", example)]
        leaves = [item for item in items if isinstance(item, Value)]
        if len(leaves) != len(items):
            raise TypeError(f"trace takes numbers or flat lists of numbers; argument {position} is nested.")
        return leaves
    leaf = TracedValue(as_finite_float(example))
    placeholders.append((leaf, position))
    return leaf
