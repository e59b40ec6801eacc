"""The part of a trace that does not depend on the inputs (an L2 penalty on the weights): computed once
per replay on the fixed vector, a weighted sum of many parameters as one numpy dot product, any other
node on floats with its rule, as the eager engine would.

Imports: rule, tracing.patterns, value (for types only), tracing.replay (for types only), numpy (when a trace is
compiled).
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

import numpy as np

from ..rule import FLOAT_MATH
from .patterns import is_weighted_sum

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from ..rule import Rule
    from ..value import Value
    from .replay import Array, Index

    # A weighted sum's inputs: the xs and the ws (slices when they lie in a run), and the bias's slot.
    DotPlan: TypeAlias = tuple["slice | Index", "slice | Index", int]


@dataclass(frozen=True)
class FixedNode:
    """One node of the fixed part, over slots of the fixed vector."""

    rule: Rule
    at: int  # its own slot
    inputs: Index  # its parents' slots
    needs: NDArray[np.bool_]  # which parents need a gradient (not constants)
    requires_grad: bool
    dot: DotPlan | None  # a weighted sum of many numbers, computed as one dot product

    @classmethod
    def of(cls, node: Value, fixed_index: dict[int, int]) -> FixedNode:
        assert node.rule is not None, "a node of the fixed part has parents, so a rule"
        inputs = np.array([fixed_index[id(parent)] for parent in node.parents])
        needs = np.array([parent.requires_grad for parent in node.parents])
        return cls(node.rule, fixed_index[id(node)], inputs, needs, node.requires_grad, _dot_plan(node.rule, inputs))


class FixedPart:
    """The fixed nodes that have parents, in topological order, over indices of the fixed vector."""

    def __init__(self, nodes: list[Value], fixed_index: dict[int, int]) -> None:
        self.nodes = [FixedNode.of(node, fixed_index) for node in nodes]

    def forward(self, values: Array) -> None:
        for node in self.nodes:
            operands: list[float] | None = None
            if node.dot is not None:
                xs, ws, bias = node.dot
                out = float(values[xs] @ values[ws]) + float(values[bias])
            else:
                operands = values[node.inputs].tolist()
                try:
                    out = node.rule.forward(FLOAT_MATH, *operands)
                except (ArithmeticError, ValueError):
                    out = float("nan")
            if not -float("inf") < out < float("inf"):
                raise node.rule.failure(*(operands if operands is not None else values[node.inputs].tolist()))
            values[node.at] = out

    def backward(self, values: Array, grads: Array) -> None:
        for node in reversed(self.nodes):
            upstream = float(grads[node.at])
            if upstream == 0.0 or not node.requires_grad:
                continue
            if node.dot is not None:
                _dot_backward(node, node.dot, upstream, values, grads)
            else:  # a few floats: plain Python is quicker than numpy here
                operands = values[node.inputs].tolist()
                local = node.rule.local_grads(FLOAT_MATH, *operands, float(values[node.at]))
                for index, derivative, need in zip(node.inputs.tolist(), local, node.needs.tolist()):
                    if need:
                        grads[index] += upstream * derivative


def _dot_backward(node: FixedNode, dot: DotPlan, upstream: float, values: Array, grads: Array) -> None:
    """A weighted sum's per-edge slopes as its rule states them (d/dx = w, d/dw = x, d/db = 1: checked by
    _dot_plan), summed into the slots as dot products: on views when the numbers lie in runs."""
    xs, ws, bias = dot
    needs = node.needs
    if needs[:-1].all() and isinstance(xs, slice) and isinstance(ws, slice):
        if xs == ws:  # sum of squares (an L2 penalty): d/dx x.x = 2x
            grads[xs] += (2.0 * upstream) * values[xs]
        else:
            grads[xs] += upstream * values[ws]
            grads[ws] += upstream * values[xs]
        grads[bias] += upstream if needs[-1] else 0.0
    else:
        inputs, k = node.inputs, len(node.inputs) // 2
        local = np.concatenate([values[inputs[k:2 * k]], values[inputs[:k]], [1.0]])
        np.add.at(grads, inputs[needs], upstream * local[needs])


def _dot_plan(rule: Rule, inputs: Index) -> DotPlan | None:
    """(xs, ws, bias) for a weighted sum of many fixed numbers (slices when they lie in a run), when the rule's
    own code is a weighted sum (patterns.is_weighted_sum); else None, and the rule's code runs node by node."""
    if len(inputs) <= 3 or not is_weighted_sum(rule, len(inputs)):
        return None
    k = len(inputs) // 2
    return _run(inputs[:k]), _run(inputs[k:2 * k]), int(inputs[-1])


def _run(index: Index) -> slice | Index:
    if (np.diff(index) == 1).all():
        return slice(int(index[0]), int(index[-1]) + 1)
    return index
