"""The part of a trace that does not depend on the inputs (an L2 penalty on the weights): computed once
per replay on the fixed vector, a weighted sum of many parameters as one numpy dot product, any other
node on floats with its rule, as the eager engine would.

Imports: ops, rule, numpy (when a trace is compiled).
"""
import numpy as np

from ..ops import LINEAR
from ..rule import FLOAT_MATH


class FixedPart:
    """The fixed nodes that have parents, in topological order, over indices of the fixed vector."""

    def __init__(self, nodes: list, fixed_index: dict) -> None:
        self.nodes = nodes
        self.at = [fixed_index[id(node)] for node in nodes]
        self.inputs = [np.array([fixed_index[id(parent)] for parent in node.parents]) for node in nodes]
        self.needs = [np.array([parent.requires_grad for parent in node.parents]) for node in nodes]
        self.dots = [_dot_plan(node, inputs) for node, inputs in zip(nodes, self.inputs)]

    def forward(self, values: np.ndarray) -> None:
        for node, at, inputs, dot in zip(self.nodes, self.at, self.inputs, self.dots):
            if dot is not None:
                xs, ws, bias = dot
                out = float(values[xs] @ values[ws]) + float(values[bias])
                operands = None
            else:
                operands = values[inputs].tolist()
                try:
                    out = node.rule.forward(FLOAT_MATH, *operands)
                except (ArithmeticError, ValueError):
                    out = float("nan")
            if not -float("inf") < out < float("inf"):
                raise node.rule.failure(*(operands if operands is not None else values[inputs].tolist()))
            values[at] = out

    def backward(self, values: np.ndarray, grads: np.ndarray) -> None:
        for node, at, inputs, needs, dot in zip(reversed(self.nodes), reversed(self.at), reversed(self.inputs),
                                               reversed(self.needs), reversed(self.dots)):
            upstream = float(grads[at])
            if upstream == 0.0 or not node.requires_grad:
                continue
            if dot is not None and needs[:-1].all() and isinstance(dot[0], slice) and isinstance(dot[1], slice):
                xs, ws, bias = dot  # d/dx = w, d/dw = x, d/db = 1
                if xs == ws:  # sum of squares (an L2 penalty): d/dx x.x = 2x
                    grads[xs] += (2.0 * upstream) * values[xs]
                else:
                    grads[xs] += upstream * values[ws]
                    grads[ws] += upstream * values[xs]
                grads[bias] += upstream if needs[-1] else 0.0
            elif dot is not None:
                k = len(inputs) // 2
                local = np.concatenate([values[inputs[k:2 * k]], values[inputs[:k]], [1.0]])
                np.add.at(grads, inputs[needs], upstream * local[needs])
            else:  # a few floats: plain Python is quicker than numpy here
                operands = values[inputs].tolist()
                local = node.rule.local_grads(FLOAT_MATH, *operands, float(values[at]))
                for index, derivative, need in zip(inputs.tolist(), local, needs.tolist()):
                    if need:
                        grads[index] += upstream * derivative


def _dot_plan(node, inputs: np.ndarray):
    """(xs, ws, bias) for a weighted sum of many fixed numbers (slices when they lie in a run), else None."""
    if node.rule is not LINEAR or len(inputs) <= 3:
        return None
    k = len(inputs) // 2
    return _run(inputs[:k]), _run(inputs[k:2 * k]), int(inputs[-1])


def _run(index: np.ndarray):
    if (np.diff(index) == 1).all():
        return slice(int(index[0]), int(index[-1]) + 1)
    return index
