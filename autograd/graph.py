"""Walking the graph: topological order and the backward pass (the chain rule).

Both walks are iterative, so a chain of a million ops needs no deep recursion.
Works on anything shaped like a Value; imports only ops.
"""
import math
import numbers

from .ops import FLOAT_MATH

_INF = math.inf


def topological_order(*roots) -> list:
    """Every Value that the root(s) depend on, each listed after all of its parents.

    Why: the chain rule may push a node's gradient to its parents only once that
    gradient is complete, i.e. after every node that uses it has pushed into it.
    Walking this list backwards guarantees exactly that, also for shared nodes.
    """
    order, visited = [], set()
    stack = list(reversed(roots))  # a None on the stack means: the node below it has all its parents listed
    while stack:
        node = stack.pop()
        if node is None:
            order.append(stack.pop())
        elif node not in visited:
            visited.add(node)
            stack += (node, None)
            stack += [parent for parent in reversed(node.parents) if parent not in visited]
    return order


def backward(root, grad: float = 1.0) -> None:
    """Set ``node.grad`` = d(root)/d(node) for every node ``root`` depends on.

    Nodes with parents hold this call's gradient (reset first), while leaves
    (inputs, parameters) accumulate across calls, as in PyTorch, until zeroed.
    """
    seed = _finite_seed(grad)
    order = topological_order(root)
    leaves = []  # (leaf, grad before this call): a failed call puts them back
    for node in order:
        if node.parents:
            node.grad = 0.0
        else:
            leaves.append((node, node.grad))
    try:
        root.grad += seed
        _propagate(reversed(order))
        for node in order:
            if not -_INF < node.grad < _INF:
                raise _overflow(node)
    except (ArithmeticError, ValueError):
        for leaf, grad_before in leaves:
            leaf.grad = grad_before
        raise


def _propagate(nodes) -> None:
    """The chain rule over ``nodes`` (children before parents): parent.grad += node.grad * local.

    Unary and binary nodes, nearly all of them, are spelled out: this loop runs once per
    node of every backward pass, and the general path costs twice as much.
    """
    math_ = FLOAT_MATH
    for node in nodes:
        parents, upstream = node.parents, node.grad
        if not parents or upstream == 0.0:  # a leaf, or no gradient to pass on
            continue
        if not -_INF < upstream < _INF:
            raise _overflow(node)
        try:
            if len(parents) == 2:
                a, b = parents
                d_a, d_b = node._rule.local_grads(math_, a._data, b._data, node._data)
                a.grad += upstream * d_a
                b.grad += upstream * d_b
            elif len(parents) == 1:
                a = parents[0]
                a.grad += upstream * node._rule.local_grads(math_, a._data, node._data)[0]
            else:
                for parent, derivative in zip(parents, local_derivatives(node)):
                    parent.grad += upstream * derivative
        except (ArithmeticError, ValueError):
            local_derivatives(node)  # raises the explained error for this node
            raise


def local_derivatives(node) -> tuple:
    """d(node)/d(parent) for each parent, at the current values (() for a leaf)."""
    if not node.parents:
        return ()
    inputs = [parent._data for parent in node.parents]
    try:
        return node._rule.local_grads(FLOAT_MATH, *inputs, node._data)
    except (ArithmeticError, ValueError):
        raise ArithmeticError(
            f"backward through {node._rule.show(*inputs)} failed: its derivative is infinite "
            f"or undefined there (as sqrt'(0) is). Keep the input away from that point."
        ) from None


def _overflow(node) -> OverflowError:
    if node.label:
        name = repr(node.label)
    else:
        name = f"the output of {node.op}" if node.parents else "a leaf"
    return OverflowError(
        f"the gradient of {name} (data={node._data!r}) overflowed during backward; "
        "the function is too steep here: lower the learning rate or rescale the inputs."
    )


def _finite_seed(grad: object) -> float:
    if isinstance(grad, bool) or not isinstance(grad, numbers.Real):
        raise TypeError(f"backward(grad=...) takes a number; got {type(grad).__name__} {grad!r}. Use the default 1.0 for a loss.")
    if not -_INF < grad < _INF:
        raise ValueError(f"backward(grad=...) must be finite; got {grad!r}. Use the default 1.0 for a loss.")
    return float(grad)
