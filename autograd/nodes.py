"""The engine's fast path: new nodes without __init__'s checks, the fast backward loop, and many
Values' numbers read or written at once (for a replay and the optimizers).

Nothing here is needed to understand what a Value is (value.py) or what backward computes (graph.py's
chain_rule, the reference loop); this module does the same work in fewer Python steps, and the tests
hold it equal to the reference. It is the one module besides value.py that touches a Value's slots
(``_data``, ``_grad``, ``_parents``, ...). It sits below value.py: it is handed Values
(and the class to make) and never imports value.py at run time.

Imports: graph, rule, scalars, value (for type hints only).
"""
from __future__ import annotations

import math
import numbers
import operator
import warnings
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from .graph import local_derivatives
from .rule import FLOAT_MATH, Rule
from .scalars import as_finite_float, finite_seed

if TYPE_CHECKING:
    from .value import Value

    V = TypeVar("V", bound=Value)
else:
    V = TypeVar("V")

_INF = math.inf
_new = object.__new__
_REQUIRES = operator.attrgetter("_requires_grad")
# How many times a .data was set by hand: a node is stamped with it when made, a Value again when its .data is
# set (a new leaf with 0). One stamped later than a graph's output changed after that output was computed.
_DATA_CHANGES = [0]


# -- making nodes ------------------------------------------------------------------------------------
def new_node(kind: type[V], data: float, parents: tuple[Value, ...], rule: Rule | None, requires_grad: bool) -> V:
    """A new Value of class ``kind``, skipping __init__'s checks: ``data`` is already a finite float.
    The one place besides Value.__init__ that fills the slots."""
    node = _new(kind)
    node._data = data
    node._grad = 0.0
    node._parents = parents
    node._rule = rule
    node._label = ""
    node._requires_grad = requires_grad
    node._stamp = _DATA_CHANGES[0]
    return node


def data_changed(value: Value) -> None:
    """Stamp ``value`` as changed now (Value.data's setter): backward warns if its output is older."""
    _DATA_CHANGES[0] += 1
    value._stamp = _DATA_CHANGES[0]


def new_constant(kind: type[V], number: object) -> V:
    """A plain number as a leaf that takes part in the graph but needs no gradient (requires_grad False)."""
    return new_node(kind, as_finite_float(number), (), None, False)


def node_class(parents: Sequence[Value]) -> type[Value]:
    """A node is of its parents' class; where they differ, of the most derived one. So a node
    made from a traced input (trace's TracedValue) is traced too: the data decides, no switch."""
    found = type(parents[0])
    if len(parents) > 2 and len(set(map(type, parents))) == 1:  # all of one class, found by a loop in C
        return found
    for parent in parents[1:]:
        kind = type(parent)
        if kind is not found:
            if issubclass(kind, found):
                found = kind
            elif not issubclass(found, kind):
                raise TypeError(f"cannot combine a {found.__name__} and a {kind.__name__} in one op.")
    return found


def any_requires_grad(parents: Iterable[Value]) -> bool:
    return any(map(_REQUIRES, parents))


# The fast twins of value.apply, for the built-in rules (known to return a float or raise): unary and
# binary spell the operands out because they run for almost every node (star-args cost 2.5x).
def unary(rule: Rule, a: Value) -> Value:
    """rule(a) as a node; the rule's failure() names the op and operand if the result is not finite."""
    try:
        out = rule.forward(FLOAT_MATH, a._data)
        if -_INF < out < _INF:
            return new_node(type(a), out, (a,), rule, a._requires_grad)
    except (ArithmeticError, ValueError):
        pass
    raise rule.failure(a._data)


def binary(rule: Rule, a: Value, b: Value) -> Value:
    """rule(a, b) as a node; the rule's failure() names the op and operands if the result is not finite."""
    try:
        out = rule.forward(FLOAT_MATH, a._data, b._data)
        if -_INF < out < _INF:
            kind = type(a)
            kind = kind if kind is type(b) else node_class((a, b))
            return new_node(kind, out, (a, b), rule, a._requires_grad or b._requires_grad)
    except (ArithmeticError, ValueError):
        pass
    raise rule.failure(a._data, b._data)


def general(rule: Rule, parents: tuple[Value, ...]) -> Value:
    """rule(*parents) for a rule of any arity (linear, sum, clamp)."""
    operands = [parent._data for parent in parents]
    try:
        out = rule.forward(FLOAT_MATH, *operands)
        if -_INF < out < _INF:
            return new_node(node_class(parents), out, parents, rule, any_requires_grad(parents))
    except (ArithmeticError, ValueError):
        pass
    raise rule.failure(*operands)


# -- many Values at once -----------------------------------------------------------------------------
# Plain loops: on CPython 3.11 an attribute read or write in a loop is specialised for the slot,
# and runs two to three times faster than map(operator.attrgetter(...)) or map(setattr, ...).
def read_numbers(values: Sequence[Value]) -> list[float]:
    """The numbers of many Values at once (a replay's parameters, an optimizer's weights)."""
    return [value._data for value in values]


def read_grads(values: Sequence[Value]) -> list[float]:
    """The grads of many Values at once."""
    return [value._grad for value in values]


def write_numbers(values: Sequence[Value], numbers: Any) -> None:
    """Set the numbers of many Values at once, from a list of floats or a float64 numpy vector; all or
    nothing: every number is checked to be a finite real before any Value changes."""
    if len(numbers) != len(values):
        raise ValueError(f"write_numbers got {len(numbers)} numbers for {len(values)} Values.")
    floats = numbers.tolist() if str(getattr(numbers, "dtype", "")) == "float64" else list(numbers)
    if not _all_finite_floats(floats, trusted=floats is not numbers and not isinstance(numbers, list)):
        floats = [as_finite_float(number) for number in floats]  # raises, naming the first bad one
    for value, number in zip(values, floats):
        value._data = number


def write_grads(values: Sequence[Value], grads: Any) -> None:
    """Set the grads of many Values at once, from floats or a float64 numpy vector (unchecked: computed floats)."""
    floats = grads if isinstance(grads, list) else grads.tolist()  # a float64 vector's tolist() gives floats
    for value, grad in zip(values, floats):
        value._grad = grad


def _all_finite_floats(numbers: list[float], trusted: bool) -> bool:
    """Whether every number is a finite float (``trusted``: they are floats, from a float64 vector).
    A sum is finite only if they all are; if it overflowed, they are looked at one by one."""
    if not trusted and not all(type(number) is float for number in numbers):
        return False
    return -_INF < sum(numbers) < _INF or all(-_INF < number < _INF for number in numbers)


# -- the fast backward loop --------------------------------------------------------------------------
def backward(root: Value, grad: float = 1.0) -> None:
    """Set ``node.grad`` = d(root)/d(node) for every node ``root`` depends on (Value.backward).

    Nodes with parents hold this call's gradient (reset first), while leaves
    (inputs, parameters) accumulate across calls, as in PyTorch, until zeroed.
    Constants (plain numbers in the expression) are skipped: their gradient is neither
    computed nor checked, so an infinite slope towards one (0.0 ** x, at the base) is harmless.
    A failed call puts every leaf's grad back as it was.
    """
    seed = finite_seed(grad)
    order = fast_topological_order(root)
    if _DATA_CHANGES[0] > root._stamp:  # a .data was set since root was computed (rare): was it one of root's?
        _warn_if_changed(root, order)
    leaves = []  # (leaf, grad before this call)
    for node in order:
        if node._parents:
            node._grad = 0.0
        else:
            leaves.append((node, node._grad))
    try:
        try:
            root._grad += seed
            propagate(reversed(order))  # checks each node's gradient before it passes it on
            for leaf, _ in leaves:  # so only the leaves' are left to check
                if (type(leaf._grad) is not float or not -_INF < leaf._grad < _INF) and leaf._requires_grad:
                    leaf._grad = _checked_gradient(leaf, order)
        except OverflowError:
            _find_infinite_slope(order)  # an infinite local derivative (sqrt at 0) says more than "overflowed"
            raise
    except (ArithmeticError, ValueError, TypeError):
        for leaf, grad_before in leaves:
            leaf._grad = grad_before
        raise


def fast_topological_order(root: Value) -> list[Value]:
    """graph.topological_order(root), the same list, reading the slots instead of the .parents property."""
    order: list[Value] = []
    visited = {root}
    stack = [(root, iter(root._parents))]
    while stack:
        node, parents = stack[-1]
        for parent in parents:
            if parent in visited:
                continue
            visited.add(parent)
            if not parent._parents:
                order.append(parent)
                continue
            stack.append((parent, iter(parent._parents)))
            break
        else:
            stack.pop()
            order.append(node)
    return order


def propagate(nodes: Iterable[Value]) -> None:
    """THE FAST LOOP: parent.grad += node.grad * local over ``nodes`` (children before parents).

    The same sums, in the same order, as graph.chain_rule (the reference loop). Unary and binary
    nodes, nearly all of them, are spelled out: this runs once per node of every backward pass,
    and the general path costs twice as much. A node's gradient is checked to be finite before
    it is passed on; any failure is explained by graph.local_derivatives.
    """
    math_ = FLOAT_MATH
    for node in nodes:
        parents, upstream = node._parents, node._grad
        if not parents or upstream == 0.0 or not node._requires_grad:  # a leaf, no gradient, or constants only
            continue
        if not -_INF < upstream < _INF:
            raise _overflow(node)
        rule: Any = node._rule  # a node with parents always has its rule
        try:
            if len(parents) == 2:
                a, b = parents
                d_a, d_b = rule.local_grads(math_, a._data, b._data, node._data)
                if a._requires_grad:
                    a._grad += upstream * d_a
                if b._requires_grad:
                    b._grad += upstream * d_b
            elif len(parents) == 1:
                a = parents[0]
                (d_a,) = rule.local_grads(math_, a._data, node._data)
                a._grad += upstream * d_a  # a needs a gradient: node does, and a is its only parent
            else:
                derivatives = rule.local_grads(math_, *[parent._data for parent in parents], node._data)
                if len(derivatives) != len(parents):
                    local_derivatives(node)  # raises: the rule returned the wrong count
                for parent, derivative in zip(parents, derivatives):
                    if parent._requires_grad:
                        parent._grad += upstream * derivative
        except (ArithmeticError, ValueError, TypeError):
            local_derivatives(node)  # raises the explained error for this node
            raise


def _checked_gradient(node: Value, order: list[Value]) -> float:
    """A gradient that is not a finite float: a number of another type (numpy's) is converted;
    a non-number is traced to the rule that made it; an infinite one is an overflow."""
    grad: object = node._grad
    if isinstance(grad, numbers.Real) and not isinstance(grad, bool) and -_INF < float(grad) < _INF:
        return float(grad)
    if not isinstance(grad, numbers.Real):
        for each in order:
            local_derivatives(each)  # the rule that returned a non-number raises here
        raise TypeError(f"the gradient of {_name(node)} came out as {type(grad).__name__} {grad!r}, not a number.")
    raise _overflow(node)


def _find_infinite_slope(order: list[Value]) -> None:
    """Raise the explained error of the first node whose needed local derivative is not finite, if any."""
    for node in order:
        if node._requires_grad:
            local_derivatives(node)


def _name(node: Value) -> str:
    if node._label:
        return repr(node._label)
    return f"the output of {node.op}" if node._parents else "a leaf"


def _overflow(node: Value) -> OverflowError:
    return OverflowError(f"the gradient of {_name(node)} (data={node._data!r}) overflowed during backward; "
                         "the function is too steep here: lower the learning rate or rescale the inputs.")


def _warn_if_changed(root: Value, order: list[Value]) -> None:
    changed = [node for node in order if node._stamp > root._stamp]
    if not changed:
        return
    names = ", ".join(_name(node) for node in changed[:3]) + (f" and {len(changed) - 3} more" * (len(changed) > 3))
    warnings.warn(f"backward of {_name(root)} (data={root._data!r}): the .data of {names} changed after "
                  f"{_name(root)} was computed from it, so the gradients mix new numbers with results of the old "
                  "ones. Run the forward pass again after setting .data.", RuntimeWarning, stacklevel=4)
