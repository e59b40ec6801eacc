"""trace(fn, *example_args): record a scalar function's graph once, replay it over numpy batches.

The example arguments become TracedValues, and every node made from a traced one is traced
too (the data decides; nothing is switched). The recorded graph is compiled into a Trace
(program.py), which replays it over numpy arrays.

Imports: value, graph, tracing.program.
"""
from ..graph import topological_order
from ..value import Value
from .program import Trace


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

    def __bool__(self) -> bool:
        return bool(self.data)  # raises: `if value:` is control flow too

    def __float__(self) -> float:
        return self.data  # raises: float() would freeze the number too


def trace(fn, *example_args, parameters: list | None = None) -> Trace:
    """Run ``fn(*placeholders)`` once and keep its graph for replays over numpy arrays.

    Each example argument is a number (one placeholder) or a list / 1-D array of
    numbers (a list of placeholders). fn returns a Value, or a tuple of Values; the
    first one is what ``backward`` differentiates (its mean over the batch).
    Values fn uses without getting them as arguments (a model's parameters) are read
    afresh at every replay and receive the gradients. ``parameters`` (e.g. an optimizer's
    list) fixes their order in ``Trace.theta``, the one vector the replay reads them from.
    """
    placeholders, arguments = [], []
    for position, example in enumerate(example_args):
        arguments.append(_placeholder(example, position, placeholders))
    outputs = fn(*arguments)
    single = isinstance(outputs, Value)
    outputs = [outputs] if single else list(outputs) if isinstance(outputs, (tuple, list)) else [outputs]
    if not outputs or not all(isinstance(out, Value) for out in outputs):
        raise TypeError(f"the traced function must return a Value or a tuple of Values; got {outputs!r}.")
    widths = [len(a) if isinstance(a, list) else None for a in arguments]
    return Trace(outputs, placeholders, widths, single, topological_order(*outputs), parameters)


def _placeholder(example, position: int, placeholders: list):
    if isinstance(example, (list, tuple)) or getattr(example, "ndim", 0) == 1:
        items = [_placeholder(item, position, placeholders) for item in example]
        if any(isinstance(item, list) for item in items):
            raise TypeError(f"trace takes numbers or flat lists of numbers; argument {position} is nested.")
        return items
    leaf = TracedValue(example)
    placeholders.append((leaf, position))
    return leaf
