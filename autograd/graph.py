"""Walking the graph: topological order, the chain rule one edge at a time, and a node's local derivatives.

``chain_rule`` is the reference: the backward pass as a reader would write it (explain follows
it). The engine runs the same sums in nodes.py's fast loop; a test keeps the two equal to the
last bit. Every walk is iterative, so a chain of a million ops needs no deep recursion. This
module reads only a Value's public names (parents, rule, data, requires_grad).

Imports: rule, value (for type hints only).
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from .rule import FLOAT_MATH

if TYPE_CHECKING:  # graph.py sits below value.py: it is handed Values and reads their public names
    from .value import Value

_INF = math.inf


def topological_order(*roots: Value) -> list[Value]:
    """Every Value that the root(s) depend on, each listed after all of its parents.

    Why: the chain rule may push a node's gradient to its parents only once that
    gradient is complete, i.e. after every node that uses it has pushed into it.
    Walking this list backwards guarantees exactly that, also for shared nodes.
    (A depth-first walk with an explicit stack: a node is listed once all its parents are.)
    """
    order: list[Value] = []
    visited: set[Value] = set()  # Values hash by identity
    for root in roots:
        if root in visited:
            continue
        visited.add(root)
        stack = [(root, iter(root.parents))]  # each node with the parents it has yet to visit
        while stack:
            node, parents = stack[-1]
            for parent in parents:
                if parent in visited:
                    continue
                visited.add(parent)
                if not parent.parents:  # a leaf has nothing to wait for: listed at once
                    order.append(parent)
                    continue
                stack.append((parent, iter(parent.parents)))
                break
            else:  # every parent listed: the node can be
                stack.pop()
                order.append(node)
    return order


@dataclass(frozen=True)
class Edge:
    """One use of the chain rule: ``parent`` (input ``index`` of ``node``) receives upstream * local."""

    node: Value
    parent: Value
    index: int
    upstream: float  # d root / d node, complete by now
    local: float  # d node / d parent
    total: float  # d root / d parent after this edge

    @property
    def contribution(self) -> float:
        return self.upstream * self.local


def chain_rule(root: Value, seed: float = 1.0) -> Iterator[Edge]:
    """THE REFERENCE LOOP: the backward pass, one edge at a time, in backward()'s order.

    Start with d root/d root = seed; walk the nodes children-first; each node hands
    upstream * local to each parent, where the contributions add up. It changes no Value.
    Constants (plain numbers in the expression) get no gradient, so no edge leads into one.
    """
    order = topological_order(root)
    grads = {id(node): 0.0 for node in order}
    grads[id(root)] = seed
    for node in reversed(order):
        upstream = grads[id(node)]
        if not node.parents or upstream == 0.0 or not node.requires_grad:  # as backward() skips them
            continue
        for index, (parent, local) in enumerate(zip(node.parents, local_derivatives(node))):
            if local is not None:
                grads[id(parent)] += upstream * local
                yield Edge(node, parent, index, upstream, local, grads[id(parent)])


def local_derivatives(node: Value) -> tuple[float | None, ...]:
    """d(node)/d(parent) for each parent at the current values, checked (() for a leaf), and
    None for a constant parent, whose derivative is never used.

    A rule whose local_grads fails, returns the wrong count or something that is not a
    finite number gets an error naming the rule and what was expected.
    """
    rule = node.rule
    if rule is None:
        return ()
    inputs = [parent.data for parent in node.parents]
    try:
        derivatives = rule.local_grads(FLOAT_MATH, *inputs, node.data)
    except (ArithmeticError, ValueError):
        raise ArithmeticError(
            f"backward through {rule.show(*inputs)} failed: its derivative is infinite "
            f"or undefined there (as sqrt'(0) is). Keep the input away from that point."
        ) from None
    needed = [parent.requires_grad for parent in node.parents]
    return _checked_derivatives(rule, derivatives, inputs, needed)


def _checked_derivatives(rule: Any, derivatives: object, inputs: list[float],
                         needed: list[bool]) -> tuple[float | None, ...]:
    expected = f"one number per input ({len(inputs)}), in the order of the inputs: (d out/d a, d out/d b, ...)"
    if not isinstance(derivatives, (tuple, list)):
        raise TypeError(f"rule {rule.name!r}: local_grads returned {type(derivatives).__name__} {derivatives!r}; "
                        f"it must return a tuple of {expected}.")
    if len(derivatives) != len(inputs):
        raise TypeError(f"rule {rule.name!r}: local_grads returned {len(derivatives)} derivative(s) for "
                        f"{len(inputs)} input(s); it must return {expected}.")
    for index, derivative in enumerate(derivatives):
        if not needed[index]:
            continue
        if type(derivative) is float:  # the common case, checked first: isinstance on an ABC is slow
            if -_INF < derivative < _INF:
                continue
        elif isinstance(derivative, bool) or not isinstance(derivative, numbers.Real):
            raise TypeError(f"rule {rule.name!r}: local_grads returned {type(derivative).__name__} {derivative!r} "
                            f"as derivative {index}; each must be a plain number (compute it with m's functions).")
        if not -_INF < float(derivative) < _INF:
            raise ArithmeticError(f"backward through {rule.show(*inputs)} failed: its derivative {index} is "
                                  f"{derivative!r} there. Keep the input away from that point.")
    return tuple(float(derivative) if use else None for derivative, use in zip(derivatives, needed))
