"""Helpers a learner's exercise file may import: ``local_grads(node)``, each parent's local derivative, read
off the engine's reference loop (autograd.chain_rule), so the learner can write the loop around it.
"""
from __future__ import annotations

from autograd import Value, chain_rule


def local_grads(node: Value) -> tuple[float | None, ...]:
    """d node / d parent for each of ``node.parents``, at the current numbers; None for a constant
    parent (a plain number in the expression, which gets no gradient); () for a leaf."""
    if not isinstance(node, Value):
        raise TypeError(f"local_grads takes a Value (a node of the graph); got {type(node).__name__} {node!r}.")
    found: list[float | None] = [None] * len(node.parents)
    for edge in chain_rule(node):  # the first edges leave the node itself: one per parent that needs a gradient
        if edge.node is not node:
            break
        found[edge.index] = edge.local
    return tuple(found)
