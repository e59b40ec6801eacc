"""What a rule computes, read from its written-out code (codegen.listing): is it a weighted sum, a sum, a
maximum? A kernel that does the same work with one matrix product or one numpy reduction asks here first,
so the shape of the work comes from the rule, not from its name: a rule whose code says otherwise (a
changed local derivative, a user's own rule) is left to the code written from it, and computes what it says.

Imports: rule, codegen.listing, codegen.symbols.
"""
from __future__ import annotations

import functools

from ..codegen.listing import Argument, Listing, listings
from ..codegen.symbols import CodegenError
from ..rule import Rule


@functools.lru_cache(maxsize=256)
def _written(rule: Rule, arity: int) -> tuple[Listing, Listing] | None:
    try:
        return listings(rule, arity)
    except CodegenError:
        return None


def is_weighted_sum(rule: Rule, arity: int) -> bool:
    """out = x0*w0 + x1*w1 + ... + b (left to right) for inputs (x0..xk-1, w0..wk-1, b), with local derivatives
    d/dxi = wi, d/dwi = xi, d/db = 1: the form W @ X + b and its transposes compute."""
    if arity < 3 or arity % 2 == 0 or (written := _written(rule, arity)) is None:
        return False
    forward, local = written
    k = arity // 2
    terms = [("*", (f"a{i}", f"a{k + i}")) for i in range(k)]
    expected_local = [*(_name(f"a{k + i}") for i in range(k)), *(_name(f"a{i}") for i in range(k)), ("constant", 1.0)]
    return _is_chain(forward, "+", terms, last=f"a{2 * k}") and list(local.results) == expected_local


def is_sum(rule: Rule, arity: int) -> bool:
    """out = a0 + a1 + ... (left to right), every local derivative 1."""
    if arity < 2 or (written := _written(rule, arity)) is None:
        return False
    forward, local = written
    return _is_fold(forward, "+", arity) and all(result == ("constant", 1.0) for result in local.results)


def is_maximum(rule: Rule, arity: int) -> bool:
    """out = maximum(...maximum(a0, a1)..., an-1): the largest input (its local derivatives are the rule's own)."""
    if arity < 2 or (written := _written(rule, arity)) is None:
        return False
    return _is_fold(written[0], "maximum", arity)


def _name(text: str) -> Argument:
    return ("name", text)


def _is_fold(listing: Listing, op: str, arity: int) -> bool:
    """The listing is op(op(op(a0, a1), a2), ...) over every input, nothing else."""
    steps = listing.steps
    if not steps or len(steps) != arity - 1 or listing.results != (_name(steps[-1].target),):
        return False
    held = _name("a0")
    for i, step in enumerate(steps, start=1):
        if step.op != op or step.arguments != (held, _name(f"a{i}")):
            return False
        held = _name(step.target)
    return True


def _is_chain(listing: Listing, op: str, terms: list[tuple[str, tuple[str, str]]], last: str) -> bool:
    """The listing is term0 op term1 op ... op last, each term one step (e.g. a product), left to right."""
    steps, position, held = listing.steps, 0, None
    for term_op, (left, right) in terms:
        if position >= len(steps) or steps[position].op != term_op or \
                steps[position].arguments != (_name(left), _name(right)):
            return False
        product = _name(steps[position].target)
        position += 1
        if held is not None:
            if position >= len(steps) or steps[position].op != op or steps[position].arguments != (held, product):
                return False
            product = _name(steps[position].target)
            position += 1
        held = product
    if position != len(steps) - 1 or steps[position].op != op or steps[position].arguments != (held, _name(last)):
        return False
    return listing.results == (_name(steps[position].target),)
