"""gradcheck for a bug hunt's engine: its backward() against central differences of its own forward,
reported as chainrule's GradcheckReport (the same table, tolerance and messages as autograd.gradcheck).

Imports: autograd.
"""
from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from types import ModuleType
from typing import Protocol

from autograd import GradcheckReport
from autograd.gradient_check import compare


class EngineValue(Protocol):
    """What gradcheck_engine uses of the Value f returns, in whichever engine: its number and backward()."""

    data: float

    def backward(self) -> None: ...


def gradcheck_engine(engine: ModuleType, f: Callable[..., EngineValue], inputs: Sequence[float], eps: float = 1e-6,
                     atol: float = 1e-5, rtol: float = 1e-3, backward_calls: int = 1) -> GradcheckReport:
    """Compare ``engine``'s gradients of ``f(*inputs)`` with central differences of f, as autograd.gradcheck does.

    ``engine`` is a module with a ``Value`` class (the hunt's engine.py, or your copy); f is called on its
    Values. With ``backward_calls=2`` backward() runs twice on one graph, the inputs zeroed in between, and
    the gradients of the second pass are the ones compared.
    """
    point = [float(x) for x in inputs]
    leaves = [engine.Value(x) for x in point]
    out = f(*leaves)
    for _ in range(backward_calls):
        for leaf in leaves:
            leaf.grad = 0.0
        out.backward()
    labels = input_labels(f, len(point))
    rows = [compare(label, leaf.grad, central_difference(engine, f, point, i, eps), atol, rtol)
            for i, (label, leaf) in enumerate(zip(labels, leaves))]
    return GradcheckReport(rows, eps, atol, rtol)


def central_difference(engine: ModuleType, f: Callable[..., EngineValue], point: list[float], index: int,
                       eps: float) -> float:
    """(f(.., x_i + eps, ..) - f(.., x_i - eps, ..)) / (2 eps), evaluated with ``engine``'s Values."""
    def shifted(shift: float) -> float:
        return f(*[engine.Value(x + shift if i == index else x) for i, x in enumerate(point)]).data

    return (shifted(eps) - shifted(-eps)) / (2.0 * eps)


def input_labels(f: Callable[..., object], count: int) -> list[str]:
    """f's parameter names ("x", "y") when it has exactly ``count`` plain ones; else x0, x1, ..."""
    try:
        parameters = list(inspect.signature(f).parameters.values())
    except (TypeError, ValueError):
        parameters = []
    if len(parameters) == count and all(p.kind == p.POSITIONAL_OR_KEYWORD for p in parameters):
        return [p.name for p in parameters]
    return [f"x{i}" for i in range(count)]
