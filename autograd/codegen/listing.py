"""A rule written out, before any language: run it on symbols (symbols.py), then list its computation as
numbered steps, each one operation on names or constants, every repeated sub-expression computed once.

``listing(rule, arity)`` gives two Listings, the forward's and the local derivatives'; python.py and
javascript.py render each step in their language. This is where a rule that cannot be written out is
refused, with its name and the construct.

Imports: rule, codegen.symbols.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from ..rule import Rule
from .symbols import SYMBOLIC_MATH, CodegenError, Symbol, is_symbol

Argument = tuple[str, Any]  # ("name", "t3") for a name, ("constant", 0.5) for a number


@dataclass(frozen=True)
class Step:
    """``target = op(arguments)``: op is a primitive's name, + - * / **, or "neg"."""

    target: str
    op: str
    arguments: tuple[Argument, ...]


@dataclass(frozen=True)
class Listing:
    """The steps of one function of a rule, its parameters (a0, a1, ..., and out for local derivatives),
    and its results (names or constants), one per output."""

    parameters: tuple[str, ...]
    steps: tuple[Step, ...]
    results: tuple[Argument, ...]


def parameters(arity: int) -> tuple[str, ...]:
    return tuple(f"a{i}" for i in range(arity))


def listings(rule: Rule, arity: int) -> tuple[Listing, Listing]:
    """The forward's Listing and the local derivatives' Listing of ``rule`` taking ``arity`` inputs."""
    names = parameters(arity)
    inputs = [Symbol("input", (name,)) for name in names]
    try:
        forward = rule.forward(SYMBOLIC_MATH, *inputs)
        local = rule.local_grads(SYMBOLIC_MATH, *inputs, Symbol("input", ("out",)))
    except CodegenError as error:
        raise CodegenError(f"rule {rule.name!r} cannot be written out as code: {error}.") from None
    except (TypeError, AttributeError, ValueError, ArithmeticError) as error:
        raise CodegenError(f"rule {rule.name!r} cannot be written out as code: {type(error).__name__}: {error}. "
                           "Write it with m's functions and + - * / ** only.") from None
    if not isinstance(local, (tuple, list)) or len(local) != arity:
        count = len(local) if isinstance(local, (tuple, list)) else type(local).__name__
        raise CodegenError(f"rule {rule.name!r}: local_grads must return one derivative per input ({arity}); "
                           f"got {count}.")
    return _list(names, [forward]), _list((*names, "out"), list(local))


def _list(names: Sequence[str], outputs: list[Any]) -> Listing:
    steps: list[Step] = []
    known: dict[Any, Argument] = {}  # an expression's structure -> the name or constant that holds it
    seen: dict[int, Argument] = {}  # id(symbol) -> the same, so a shared symbol is lowered once
    results = tuple(_lower(output, steps, known, seen) for output in outputs)
    return Listing(tuple(names), tuple(steps), results)


def _lower(x: Any, steps: list[Step], known: dict[Any, Argument], seen: dict[int, Argument]) -> Argument:
    """The argument that holds ``x``, adding the steps that compute it (each distinct expression once).
    Iterative: a rule may build a long chain (a sum of many inputs) without deep recursion."""
    stack: list[Any] = [x]
    while stack:
        top = stack[-1]
        if not is_symbol(top) or id(top) in seen:
            stack.pop()
            continue
        pending = [a for a in top.args if is_symbol(a) and id(a) not in seen]
        if top.op != "input" and pending:
            stack.extend(reversed(pending))  # the first argument's steps come first
            continue
        stack.pop()
        seen[id(top)] = _step_for(top, steps, known, seen)
    return seen[id(x)] if is_symbol(x) else ("constant", x)


def _step_for(symbol: Symbol, steps: list[Step], known: dict[Any, Argument], seen: dict[int, Argument]) -> Argument:
    if symbol.op == "input":
        return ("name", symbol.args[0])
    arguments = tuple(seen[id(a)] if is_symbol(a) else ("constant", a) for a in symbol.args)
    key = (symbol.op, tuple((kind, value if kind == "name" else repr(value)) for kind, value in arguments))
    if key not in known:
        target = f"t{len(steps)}"
        steps.append(Step(target, symbol.op, arguments))
        known[key] = ("name", target)
    return known[key]
