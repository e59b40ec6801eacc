"""Helpers a learner's exercise file may import: ``local_grads(node)``, each parent's local derivative, the
engine's own (autograd.graph.local_derivatives), so the learner can write the loop around it.
"""
from __future__ import annotations

from autograd import Value
from autograd.graph import local_derivatives


def local_grads(node: Value) -> tuple[float | None, ...]:
    """d node / d parent for each of ``node.parents``, at the current numbers; None for a constant
    parent (a plain number in the expression, which gets no gradient); () for a leaf."""
    if not isinstance(node, Value):
        raise TypeError(f"local_grads takes a Value (a node of the graph); got {type(node).__name__} {node!r}.")
    return local_derivatives(node)
