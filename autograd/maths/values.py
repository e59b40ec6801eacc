"""VALUE_MATH: the namespace whose operations make Values. A rule's local_grads run on it record a graph,
so a derivative is itself a Value and can be differentiated again (derivatives.py).

Every primitive that has a rule of its own (exp, log, pow, maximum, ...) applies that rule when one of
its arguments is a Value, and computes on floats as FLOAT_MATH does otherwise. The piecewise-constant
ones (sign, floor, the comparisons) read the numbers and give plain numbers and bools: a branch has no
derivative of its own. ``dot`` records its products and sums.

Imports: value, ops, maths.floats, maths.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ..maths import PIECEWISE_CONSTANT, PRIMITIVES
from ..value import Value
from .floats import FLOAT_MATH

Operand = Any  # a Value or a plain float inside VALUE_MATH

# The rule of each primitive whose rule has another name (the others are named as the primitive).
RULE_NAMES = {"pow": "**", "maximum": "max"}
WITHOUT_RULE = (*PIECEWISE_CONSTANT, "dot", "where")


def rule_of(primitive: str) -> Any:
    """The built-in rule that computes ``primitive`` on Values (looked up when first used)."""
    from ..ops import RULES

    return RULES[RULE_NAMES.get(primitive, primitive)]


def _data(x: Operand) -> float:
    return x.data if isinstance(x, Value) else float(x)


def _through_rule(name: str) -> Callable[..., Operand]:
    """The primitive ``name``: its rule applied when an argument is a Value, FLOAT_MATH's function otherwise."""
    on_floats = getattr(FLOAT_MATH, name)

    def primitive(*arguments: Operand) -> Operand:
        if any(isinstance(argument, Value) for argument in arguments):
            return rule_of(name)(*arguments)
        return on_floats(*arguments)

    primitive.__name__ = name
    return primitive


def _on_numbers(name: str) -> Callable[..., Any]:
    """A piecewise-constant primitive (sign, floor, a comparison): read the numbers, record nothing."""
    on_floats = getattr(FLOAT_MATH, name)
    return lambda *arguments: on_floats(*(_data(argument) for argument in arguments))


def _dot(xs: Sequence[Operand], ws: Sequence[Operand]) -> Operand:
    return FLOAT_MATH.dot(xs, ws)  # a sum of products: on Values it records the products and sums


def _where(condition: bool, if_true: Operand, if_false: Operand) -> Operand:
    return if_true if condition else if_false


def _namespace() -> Any:
    functions: dict[str, Any] = {"dot": staticmethod(_dot), "where": staticmethod(_where)}
    for name in PRIMITIVES:
        if name in PIECEWISE_CONSTANT:
            functions[name] = staticmethod(_on_numbers(name))
        elif name not in WITHOUT_RULE:
            functions[name] = staticmethod(_through_rule(name))
    doc = "Values in, Values out: each primitive through its rule, so what is computed is a graph."
    return type("ValueMath", (), {**functions, "__doc__": doc})()


VALUE_MATH = _namespace()
