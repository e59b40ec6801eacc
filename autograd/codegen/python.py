"""A rule written out as Python over numpy arrays, and compiled: what a trace's replay runs.

``compiled(rule, arity)`` gives a CompiledRule whose ``forward(*inputs)`` and ``local_grads(*inputs, out)``
compute, on arrays, exactly what the rule computes on numpy_math() (the same numpy calls, in the same
order), from source written from the rule (``source``, to read). m.where becomes numpy.where, a comparison
numpy.greater and the like. Compiled once per rule and arity (a cache of the last 512).

Imports: rule, codegen.listing, codegen.symbols, codegen.buffered (when a rule is compiled), maths.arrays,
numpy (when a rule is compiled).
"""
from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..maths.arrays import NUMPY_NAMES
from ..rule import Rule
from .listing import Argument, Listing, Step, listings
from .symbols import CodegenError

INFIX = {"+": "+", "-": "-", "*": "*", "/": "/"}


@dataclass(frozen=True)
class CompiledRule:
    """``rule`` at ``arity`` inputs, as numpy functions written from it; ``source`` is their text.

    ``forward(*inputs)`` and ``local_grads(*inputs, out)`` return new arrays. ``forward_into`` and
    ``local_into`` (buffered.py) take ``results`` and ``scratch`` buffers too and allocate nothing; the
    kinds of scratch buffers they need are ``forward_scratch`` and ``local_scratch``."""

    rule: Rule
    arity: int
    forward: Callable[..., Any]
    local_grads: Callable[..., tuple[Any, ...]]
    forward_into: Callable[..., tuple[Any, ...]]
    local_into: Callable[..., tuple[Any, ...]]
    forward_scratch: tuple[str, ...]
    local_scratch: tuple[str, ...]
    source: str
    forward_listing: Listing  # the steps, for a caller that writes them into a larger function (a fused replay)
    local_listing: Listing


@functools.lru_cache(maxsize=512)
def compiled(rule: Rule, arity: int) -> CompiledRule:
    """The rule written out and compiled for ``arity`` inputs (cached: rules hash by identity)."""
    import numpy

    from .buffered import render_buffered

    forward, local = listings(rule, arity)
    forward_into, local_into = render_buffered(forward, "forward_into"), render_buffered(local, "local_into")
    source = "\n\n".join([render(forward, "forward"), render(local, "local_grads"), forward_into.source,
                           local_into.source]) + "\n"
    namespace: dict[str, Any] = {"np": numpy}
    try:
        exec(compile(source, f"<rule {rule.name}>", "exec"), namespace)  # our own source, from symbols
    except SyntaxError as error:  # a bug of the writer, not of the rule: say so plainly
        raise CodegenError(f"the code written for rule {rule.name!r} does not compile ({error}):\n{source}") from None
    return CompiledRule(rule, arity, namespace["forward"], namespace["local_grads"], namespace["forward_into"],
                        namespace["local_into"], forward_into.scratch_kinds, local_into.scratch_kinds, source,
                        forward, local)


def render(listing: Listing, name: str) -> str:
    """def name(a0, a1, ...): one line per step, then the results (a tuple for local_grads)."""
    lines = [f"def {name}({', '.join(listing.parameters)}):"]
    lines += [f"    {step.target} = {_expression(step)}" for step in listing.steps]
    results = [argument_text(result) for result in listing.results]
    returned = results[0] if name == "forward" else f"({', '.join(results)}{',' if len(results) == 1 else ''})"
    lines.append(f"    return {returned}")
    return "\n".join(lines)


def _expression(step: Step) -> str:
    arguments = [argument_text(argument) for argument in step.arguments]
    if step.op in INFIX:
        return f"{arguments[0]} {INFIX[step.op]} {arguments[1]}"
    if step.op == "neg":
        return f"-{arguments[0]}"
    if step.op == "**":
        return f"np.power({arguments[0]}, {arguments[1]})"
    if step.op == "dot":  # never a step: symbols write m.dot out as its products and sums
        raise CodegenError("m.dot reached the Python writer unexpanded")
    return f"np.{NUMPY_NAMES[step.op]}({', '.join(arguments)})"


def argument_text(argument: Argument) -> str:
    kind, value = argument
    if kind == "name":
        return str(value)
    if isinstance(value, bool):
        return repr(value)
    if math.isnan(value):
        return "np.nan"
    if math.isinf(value):
        return "np.inf" if value > 0 else "-np.inf"
    return repr(float(value))
