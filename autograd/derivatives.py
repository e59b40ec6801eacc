"""Derivatives of derivatives: grad, hessian, jvp and gradgradcheck, from the one copy of each rule.

Every rule's local derivatives are written against a math namespace. Given VALUE_MATH, whose
operations make Values, running the chain rule records a new graph: the derivative is itself
a Value, made of the forward graph's nodes, and can be differentiated again (grad(grad(f))),
explained and drawn. Forward mode (jvp) carries a tangent with every value, a dual number
(value, tangent), through the same local derivatives.

``Value.backward()`` fills ``.grad`` with plain floats and records nothing: the fast path for
training. ``grad(f)`` is the slower path that keeps the derivative as a graph.

Imports: value, graph, maths.values, arguments, gradient_check.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import Any

from .arguments import check_count, check_number
from .gradient_check import GradcheckReport, as_values, checked_output, compare
from .graph import local_derivatives, topological_order
from .maths.values import VALUE_MATH
from .value import Value, constant

Function = Callable[..., Value]


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


def jvp(f: Function, primals: Sequence[float], tangents: Sequence[float]) -> tuple[Value, float]:
    """(f(*primals), the derivative of f along ``tangents``) by forward mode.

    Every value carries its tangent (how fast it moves when the inputs move along ``tangents``):
    a dual number. A node's tangent is the sum over its inputs of local derivative * input tangent,
    with the same local derivatives backward uses. One pass gives one direction for all outputs.
    """
    leaves = _leaves(primals)
    if len(tangents) != len(leaves):
        raise ValueError(f"jvp needs one tangent per primal; got {len(leaves)} primals and {len(tangents)} tangents.")
    moving = {id(leaf): check_number(f"tangents[{i}]", t) for i, (leaf, t) in enumerate(zip(leaves, tangents))}
    out = checked_output(f(*leaves))
    for node in topological_order(out):
        if node.parents:
            moving[id(node)] = math.fsum(local * moving.get(id(parent), 0.0) for parent, local
                                         in zip(node.parents, local_derivatives(node)) if local is not None)
    return out, moving.get(id(out), 0.0)


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
