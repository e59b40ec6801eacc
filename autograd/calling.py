"""Calling a rule: ``apply``, the one way a rule becomes a node (``rule(x)`` calls it, checked), and
``linear``, a neuron's weighted sum as one node.

Imports: rule, ops, nodes, value.
"""
from __future__ import annotations

import math
from itertools import repeat
from typing import Any

from . import ops
from .nodes import any_requires_grad, general, new_node, node_class, read_numbers
from .rule import FLOAT_MATH, Rule
from .value import Value, as_value

_INF = math.inf


def linear(inputs: Any, weights: Any, bias: Any) -> Value:
    """bias + inputs[0]*weights[0] + ... as one graph node: a neuron's weighted sum.

    Gives exactly the numbers of the chain of * and +, with one node instead of 2k.
    Inputs, weights and bias may be Values or plain numbers.
    """
    if len(inputs) != len(weights) or len(inputs) == 0:
        raise ValueError(f"linear needs as many weights as inputs, at least one; got {len(inputs)} inputs "
                         f"and {len(weights)} weights.")
    parents = (*inputs, *weights, bias)
    if not all(map(isinstance, parents, repeat(Value))):  # a loop in C: a model's layers pass only Values
        parents = tuple(map(as_value, parents))
    return general(ops.LINEAR, parents)


def apply(rule: Rule, *inputs: Any) -> Value:
    """Record ``rule`` applied to ``inputs`` (Values, or plain numbers taken as constants) as a node.

    The public way in is calling the rule: ``rule(x, y)``. Here the call is checked (the
    arity, and that forward gives one finite number) before the node joins the graph.
    """
    if not isinstance(rule, Rule):
        raise TypeError(f"apply takes a Rule (a subclass of autograd.Rule); got {type(rule).__name__} {rule!r}.")
    if not isinstance(rule.name, str) or not rule.name:
        raise TypeError(f"{type(rule).__name__} needs a name: set name = \"...\" in the class "
                        "(explain and draw use it).")
    if rule.arity and len(inputs) != rule.arity:
        raise TypeError(f"rule {rule.name!r} takes {rule.arity} input(s) (its arity); got {len(inputs)}.")
    if not inputs:
        raise TypeError(f"rule {rule.name!r} needs at least one input.")
    parents = tuple(as_value(x) for x in inputs)
    operands = read_numbers(parents)  # from the slots: a traced Value refuses .data
    refused = rule.refusal(*operands)
    if refused is not None:
        raise refused
    try:
        out = rule.forward(FLOAT_MATH, *operands)
    except (ArithmeticError, ValueError):
        raise rule.failure(*operands) from None
    data = _checked_output(rule, out, operands)
    return new_node(node_class(parents), data, parents, rule, any_requires_grad(parents))


def _checked_output(rule: Rule, out: object, operands: list[float]) -> float:
    """forward's result as a float: a TypeError naming the rule for a non-number, its failure() for NaN or inf."""
    if isinstance(out, bool) or not isinstance(out, (int, float)):
        raise TypeError(f"rule {rule.name!r}: forward returned {type(out).__name__} {out!r} for {operands}; "
                        "it must return one number (compute it with m's functions on the inputs it gets).")
    if not -_INF < out < _INF:
        raise rule.failure(*operands)
    return float(out)
