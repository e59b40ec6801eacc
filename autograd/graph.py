"""Walking the graph: topological order, and the chain rule twice over.

``chain_rule`` is the reference: the backward pass as a reader would write it, one edge at a
time (explain follows it). ``backward``/``propagate`` is the fast loop the engine runs. A test
keeps the two equal to the last bit. Every walk is iterative, so a chain of a million ops needs
no deep recursion.

Imports: rule.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .rule import FLOAT_MATH

_INF = math.inf
Node = Any  # a Value; graph.py is below value.py, so it only relies on .parents, .rule and .data


def topological_order(*roots: Node) -> list[Node]:
    """Every Value that the root(s) depend on, each listed after all of its parents.

    Why: the chain rule may push a node's gradient to its parents only once that
    gradient is complete, i.e. after every node that uses it has pushed into it.
    Walking this list backwards guarantees exactly that, also for shared nodes.
    (A depth-first walk with an explicit stack: a node is listed once all its parents are.)
    """
    order: list[Node] = []
    visited: set[Node] = set()  # Values hash by identity
    for root in roots:
        if root in visited:
            continue
        visited.add(root)
        stack = [(root, iter(root.parents))]  # each node with the parents it has yet to visit
        while stack:
            node, parents = stack[-1]
            for parent in parents:
                if parent not in visited:
                    visited.add(parent)
                    stack.append((parent, iter(parent.parents)))
                    break
            else:  # every parent listed: the node can be
                stack.pop()
                order.append(node)
    return order


@dataclass(frozen=True)
class Edge:
    """One use of the chain rule: ``parent`` (input ``index`` of ``node``) receives upstream * local."""

    node: Node
    parent: Node
    index: int
    upstream: float  # d root / d node, complete by now
    local: float  # d node / d parent
    total: float  # d root / d parent after this edge

    @property
    def contribution(self) -> float:
        return self.upstream * self.local


def chain_rule(root: Node, seed: float = 1.0) -> Iterator[Edge]:
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


def backward(root: Node, grad: float = 1.0) -> None:
    """Set ``node.grad`` = d(root)/d(node) for every node ``root`` depends on (the fast loop).

    Nodes with parents hold this call's gradient (reset first), while leaves
    (inputs, parameters) accumulate across calls, as in PyTorch, until zeroed.
    Constants (plain numbers in the expression) are skipped: their gradient is neither
    computed nor checked, so an infinite slope towards one (0.0 ** x, at the base) is harmless.
    A failed call puts every leaf's grad back as it was.
    """
    seed = _finite_seed(grad)
    order = topological_order(root)
    leaves = []  # (leaf, grad before this call)
    for node in order:
        if node.parents:
            node.grad = 0.0
        else:
            leaves.append((node, node.grad))
    try:
        try:
            root.grad += seed
            propagate(reversed(order))  # checks each node's gradient before it passes it on
            for leaf, _ in leaves:  # so only the leaves' are left to check
                if (type(leaf.grad) is not float or not -_INF < leaf.grad < _INF) and leaf._requires_grad:
                    leaf.grad = _checked_gradient(leaf, order)
        except OverflowError:
            _find_infinite_slope(order)  # an infinite local derivative (sqrt at 0) says more than "overflowed"
            raise
    except (ArithmeticError, ValueError, TypeError):
        for leaf, grad_before in leaves:
            leaf.grad = grad_before
        raise


def propagate(nodes: Iterable[Node]) -> None:
    """THE FAST LOOP: parent.grad += node.grad * local over ``nodes`` (children before parents).

    backward() runs it over the whole graph. Unary and binary nodes, nearly all of them, are
    spelled out: this runs once per node of every backward pass, and the general path costs
    twice as much. A node's gradient is checked to be finite before it is passed on.
    """
    math_ = FLOAT_MATH
    for node in nodes:
        parents, upstream = node.parents, node.grad
        if not parents or upstream == 0.0 or not node._requires_grad:  # a leaf, no gradient, or constants only
            continue
        if not -_INF < upstream < _INF:
            raise _overflow(node)
        try:
            if len(parents) == 2:
                a, b = parents
                d_a, d_b = node._rule.local_grads(math_, a._data, b._data, node._data)
                if a._requires_grad:
                    a.grad += upstream * d_a
                if b._requires_grad:
                    b.grad += upstream * d_b
            elif len(parents) == 1:
                a = parents[0]
                (d_a,) = node._rule.local_grads(math_, a._data, node._data)
                a.grad += upstream * d_a  # a needs a gradient: node does, and a is its only parent
            else:
                derivatives = node._rule.local_grads(math_, *[parent._data for parent in parents], node._data)
                if len(derivatives) != len(parents):
                    local_derivatives(node)  # raises: the rule returned the wrong count
                for parent, derivative in zip(parents, derivatives):
                    if parent._requires_grad:
                        parent.grad += upstream * derivative
        except (ArithmeticError, ValueError, TypeError):
            local_derivatives(node)  # raises the explained error for this node
            raise


def local_derivatives(node: Node) -> tuple[float | None, ...]:
    """d(node)/d(parent) for each parent at the current values, checked (() for a leaf), and
    None for a constant parent, whose derivative is never used.

    A rule whose local_grads fails, returns the wrong count or something that is not a
    finite number gets an error naming the rule and what was expected.
    """
    if not node.parents:
        return ()
    rule, inputs = node._rule, [parent._data for parent in node.parents]
    try:
        derivatives = rule.local_grads(FLOAT_MATH, *inputs, node._data)
    except (ArithmeticError, ValueError):
        raise ArithmeticError(
            f"backward through {rule.show(*inputs)} failed: its derivative is infinite "
            f"or undefined there (as sqrt'(0) is). Keep the input away from that point."
        ) from None
    needed = [parent._requires_grad for parent in node.parents]
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


def _checked_gradient(node: Node, order: list[Node]) -> float:
    """A gradient that is not a finite float: a number of another type (numpy's) is converted;
    a non-number is traced to the rule that made it; an infinite one is an overflow."""
    grad = node.grad
    if isinstance(grad, numbers.Real) and not isinstance(grad, bool) and -_INF < float(grad) < _INF:
        return float(grad)
    if not isinstance(grad, numbers.Real):
        for each in order:
            local_derivatives(each)  # the rule that returned a non-number raises here
        raise TypeError(f"the gradient of {_name(node)} came out as {type(grad).__name__} {grad!r}, not a number.")
    raise _overflow(node)


def _find_infinite_slope(order: list[Node]) -> None:
    """Raise the explained error of the first node whose needed local derivative is not finite, if any."""
    for node in order:
        if node._requires_grad:
            local_derivatives(node)


def _name(node: Node) -> str:
    if node.label:
        return repr(node.label)
    return f"the output of {node.op}" if node.parents else "a leaf"


def _overflow(node: Node) -> OverflowError:
    return OverflowError(
        f"the gradient of {_name(node)} (data={node._data!r}) overflowed during backward; "
        "the function is too steep here: lower the learning rate or rescale the inputs."
    )


def _finite_seed(grad: object) -> float:
    if isinstance(grad, bool) or not isinstance(grad, numbers.Real):
        raise TypeError(f"backward(grad=...) takes a number; got {type(grad).__name__} {grad!r}. "
                        "Use the default 1.0 for a loss.")
    if not -_INF < float(grad) < _INF:
        raise ValueError(f"backward(grad=...) must be finite; got {grad!r}. Use the default 1.0 for a loss.")
    return float(grad)
