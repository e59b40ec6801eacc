"""Derivatives of derivatives: grad, hessian, jvp, hvp and gradgradcheck, from the one copy of each rule.

Every rule's local derivatives are written against a math namespace. Given VALUE_MATH, whose
operations make Values, running the chain rule records a new graph: the derivative is itself
a Value, made of the forward graph's nodes, and can be differentiated again (grad(grad(f))),
explained and drawn. Forward mode (jvp) carries a tangent with every value, a dual number
(value, tangent), through the same local derivatives; inside an outer grad or jvp the tangents are
Values too, so forward and reverse mode nest in any order (hvp: forward over reverse).

``Value.backward()`` fills ``.grad`` with plain floats and records nothing: the fast path for
training. ``grad(f)`` is the slower path that keeps the derivative as a graph.

Imports: value, graph, maths.values, maths.duals, arguments, gradient_check.
"""
from __future__ import annotations

import math
import numbers
from collections.abc import Callable, Iterable, Sequence
from typing import Any, overload

from .arguments import check_count, check_number
from .gradient_check import GradcheckReport, as_values, checked_output, compare
from .graph import local_derivatives, topological_order
from .maths.duals import carry
from .maths.values import VALUE_MATH
from .value import Value, constant

Function = Callable[..., Value]
_INF = math.inf


def gradients(out: Value, wrt: Sequence[Value]) -> list[Value]:
    """d out / d w for each w in ``wrt``, as Values: the chain rule run on Values, so each result is
    a graph that can be differentiated again. Constants get no gradient, as in backward()."""
    grads: dict[int, Value] = {id(out): constant(1.0)}
    for node in reversed(topological_order(out)):
        upstream, rule = grads.get(id(node)), node.rule
        if upstream is None or rule is None or not node.requires_grad:  # no gradient here, a leaf, or constants
            continue
        local_derivatives(node)  # checks the rule's answer (count, numbers) at this point first
        locals_ = rule.local_grads(VALUE_MATH, *node.parents, node)
        for parent, local in zip(node.parents, locals_):
            if not parent.requires_grad or (not isinstance(local, Value) and local == 0.0):
                continue  # no gradient wanted, or a contribution that is exactly zero
            contribution = upstream if not isinstance(local, Value) and local == 1.0 else upstream * local
            grads[id(parent)] = grads[id(parent)] + contribution if id(parent) in grads else contribution
    return [grads.get(id(w), constant(0.0)) for w in wrt]


def grad(f: Function, argnum: int = 0) -> Callable[..., Value]:
    """The function x -> df/dx for argument ``argnum`` of f, as a Value (so grad(grad(f)) works).

    f takes Values or numbers and returns a scalar Value. HIPS autograd's and JAX's name:
    ``grad(lambda x: x.tanh())(0.5)`` is tanh'(0.5) = 1 - tanh(0.5)**2.
    """
    if not callable(f):
        raise TypeError(f"grad takes the function to differentiate; got {type(f).__name__} {f!r}.")
    index = check_count("argnum", argnum, 0)

    def derivative(*args: Any) -> Value:
        if index >= len(args):
            raise TypeError(f"grad(f, argnum={index}) needs at least {index + 1} argument(s); got {len(args)}.")
        leaves = _leaves(args)
        return gradients(checked_output(f(*leaves)), [leaves[index]])[0]

    return derivative


def hessian(f: Function) -> Callable[..., list[list[float]]]:
    """The function (x1, ..., xn) -> [[d2f / dxi dxj]]: the matrix of second derivatives, as floats."""
    def second_derivatives(*args: Any) -> list[list[float]]:
        leaves = _leaves(args)
        first = gradients(checked_output(f(*leaves)), leaves)
        return [[d.data for d in gradients(g, leaves)] for g in first]

    return second_derivatives


@overload
def jvp(f: Function, primals: float | Sequence[float], tangents: float | Sequence[float]) -> tuple[Value, float]: ...
@overload
def jvp(f: Function, primals: Any, tangents: Any) -> tuple[Value, Value]: ...
def jvp(f: Function, primals: Any, tangents: Any) -> tuple[Value, Any]:
    """(f(*primals), the derivative of f along ``tangents``) by forward mode: JAX's name and order.

    Every value carries its tangent (how fast it moves when the inputs move along ``tangents``):
    a dual number. A node's tangent is the sum over its inputs of local derivative * input tangent
    (duals.carry), with the local derivatives backward uses. One pass gives one direction.

    ``primals`` and ``tangents``: one number each, or lists of one per input of f. Given numbers, the
    tangent is a float. Given Values (inside an outer grad or jvp), the tangent is a Value, from the rules
    run on Values, so it can be differentiated again: ``jvp(lambda x: jvp(f, [x], [1.0])[1], [x0], [1.0])``
    is f''(x0), and so is ``grad(lambda x: jvp(f, [x], [1.0])[1])(x0)``. (A Value that f only captures
    from outside, in a closure, does not make the tangent a Value: pass the primal as a Value to nest.)
    """
    leaves, moving, nested = _primals_and_tangents("jvp", f, primals, tangents, "tangents")
    out = checked_output(f(*leaves))
    tangent = _push_tangents("jvp", [out], moving, nested).get(id(out), 0.0)
    if nested:
        return out, tangent if isinstance(tangent, Value) else constant(tangent)
    return out, float(tangent)


def hvp(f: Function, primals: Any, vector: Any) -> list[float]:
    """The Hessian of f at ``primals`` times ``vector``, one float per primal, without forming the Hessian.

    Forward over reverse (jvp of grad): the gradient recorded as a graph, as grad does, then one
    forward-mode pass along ``vector`` through it gives how fast each of its entries moves: H v.
    """
    leaves, moving, _ = _primals_and_tangents("hvp", f, primals, vector, "vector")
    first = gradients(checked_output(f(*leaves)), leaves)
    pushed = _push_tangents("hvp", first, moving, nested=False)
    return [_number(pushed.get(id(entry), 0.0)) for entry in first]


def _push_tangents(caller: str, roots: Sequence[Value], moving: dict[int, Any], nested: bool) -> dict[int, Any]:
    """Forward mode through a recorded graph: each node's tangent from its parents' (``moving`` holds the
    inputs', by id). The local derivatives are floats; when ``nested``, the rules run on Values instead
    (VALUE_MATH), so each tangent is a graph an outer grad or jvp can differentiate. A tangent is checked
    as a value is: a float one must be finite (a Value one was checked by its own ops)."""
    given = set(moving)
    for node in topological_order(*roots):
        incoming, rule = [moving.get(id(parent)) for parent in node.parents], node.rule
        if rule is None or id(node) in given or all(tangent is None for tangent in incoming):
            continue  # a leaf, an input (its tangent is given), or not downstream of one
        locals_: Sequence[Any] = local_derivatives(node)  # checked at this point; None for a constant parent
        if nested:
            on_values = rule.local_grads(VALUE_MATH, *node.parents, node)
            locals_ = [None if checked is None else local for checked, local in zip(locals_, on_values)]
        tangent = carry(locals_, incoming)
        if not isinstance(tangent, Value) and not -_INF < tangent < _INF:
            raise _tangent_overflow(caller, node)
        moving[id(node)] = tangent
    return moving


def _tangent_overflow(caller: str, node: Value) -> OverflowError:
    rule: Any = node.rule  # a node with parents always has its rule
    label = f" ({node.label!r})" if node.label else ""
    return OverflowError(f"{caller}: the tangent of {rule.show(*[parent.data for parent in node.parents])}{label} "
                         "overflowed: the derivative along the direction given is beyond the float range (about "
                         "±1.8e308). A tangent is proportional to the direction: pass a smaller tangent (say "
                         "divided by 1e300), or rescale the inputs.")


def _primals_and_tangents(caller: str, f: object, primals: Any, tangents: Any,
                          name: str) -> tuple[list[Value], dict[int, Any], bool]:
    """The inputs as Values, their tangents (``name``: "tangents" or "vector") by id, and whether any of
    them is a Value (forward mode nested inside an outer grad or jvp)."""
    if not callable(f):
        raise TypeError(f"{caller} takes the function to differentiate first; got {type(f).__name__} {f!r}.")
    points, directions = _as_list(caller, "primals", primals), _as_list(caller, name, tangents)
    entry = "tangent" if name == "tangents" else "vector entry"
    if len(points) != len(directions) or not points:
        raise ValueError(f"{caller} needs one {entry} per primal, at least one; got {len(points)} primal(s) "
                         f"{primals!r} and {len(directions)} {entry}(s) {tangents!r}. Pass as many, e.g. "
                         f"{caller}(f, [x, y], [1.0, 0.0]).")
    leaves = [_leaf(caller, i, x) for i, x in enumerate(points)]
    if len({id(leaf) for leaf in leaves}) != len(leaves):
        raise ValueError(f"{caller} got the same Value twice among its primals {points!r}: a Value moves along "
                         "one tangent, so pass it once.")
    moving = {id(leaf): t if isinstance(t, Value) else check_number(f"{caller}'s {name}[{i}]", t)
              for i, (leaf, t) in enumerate(zip(leaves, directions))}
    return leaves, moving, any(isinstance(x, Value) for x in (*points, *directions))


def _leaf(caller: str, index: int, x: Any) -> Value:
    """A primal: a Value as it is (an outer grad or jvp sees through), a number as a new input."""
    if isinstance(x, Value):
        return x
    if isinstance(x, bool) or not isinstance(x, numbers.Real):
        raise TypeError(f"{caller}'s primals[{index}] must be a number or a Value (a point to differentiate at); "
                        f"got {type(x).__name__} {x!r}.")
    return Value(check_number(f"{caller}'s primals[{index}]", x))


def _as_list(caller: str, name: str, given: Any) -> list[Any]:
    """One number or Value as a list of one; a list, tuple or other iterable as a list; else a TypeError."""
    if isinstance(given, (Value, numbers.Real)):
        return [given]
    if isinstance(given, Iterable) and not isinstance(given, (str, bytes, dict)):
        return list(given)
    raise TypeError(f"{caller}'s {name} must be a number, a Value or a list of them (one per input of f); "
                    f"got {type(given).__name__} {given!r}. For example {caller}(f, [1.0], [1.0]) for one input, "
                    f"{caller}(f, [x, y], [1.0, 0.0]) for two.")


def _number(x: Any) -> float:
    return x.data if isinstance(x, Value) else float(x)


def gradgradcheck(f: Function, inputs: object, eps: float = 1e-6, atol: float = 1e-5,
                  rtol: float = 1e-3) -> GradcheckReport:
    """Second derivatives (the Hessian from grad of grad) against central differences of the first
    derivatives; reported as gradcheck reports, one row per pair (i, j)."""
    eps, atol, rtol = (check_number(name, value, 0.0, low_open=name == "eps") for name, value in
                       (("eps", eps), ("atol", atol), ("rtol", rtol)))
    point = [value.data for value in as_values(inputs)]
    analytic = hessian(f)(*point)
    rows = []
    for j in range(len(point)):
        plus, minus = (_first_derivatives(f, point, j, shift) for shift in (eps, -eps))
        for i in range(len(point)):
            numerical = (plus[i] - minus[i]) / (2.0 * eps)
            rows.append(compare(f"d2f/dx{i}dx{j}", analytic[i][j], numerical, atol, rtol))
    return GradcheckReport(rows, eps, atol, rtol)


def _first_derivatives(f: Function, point: list[float], index: int, shift: float) -> list[float]:
    leaves = [Value(x + shift if i == index else x) for i, x in enumerate(point)]
    return [g.data for g in gradients(checked_output(f(*leaves)), leaves)]


def _leaves(args: Sequence[Any]) -> list[Value]:
    """Values stay as they are (so an outer grad can see through an inner one); numbers become inputs."""
    return [arg if isinstance(arg, Value) else Value(arg) for arg in args]
