"""DUAL_MATH: the namespace of dual numbers, forward mode. A ``Dual(value, tangent)`` is a number with its
tangent: how fast it moves when the inputs move along one direction.

Each primitive computes its value as FLOAT_MATH does (as VALUE_MATH does when the components are Values,
so that a tangent is a graph an outer grad can differentiate; as DUAL_MATH itself when they are Duals) and
its tangent by the chain rule forward: the sum over its inputs of local derivative * input tangent. The
local derivatives come from the primitive's rule (values.rule_of), so none is written here; + - * / ** and
unary minus go through the ADD, SUB, MUL, DIV, POW and NEG rules the same way. So a rule run on DUAL_MATH,
``rule.forward(DUAL_MATH, Dual(a, 1.0))``, gives its output and its derivative along the direction.

Imports: rule (for types only), value, ops, maths, maths.floats, maths.values.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from ..maths import PRIMITIVES
from ..ops import ADD, DIV, MUL, NEG, POW, SUB
from ..value import Value
from .floats import FLOAT_MATH
from .values import RULE_NAMES, VALUE_MATH, WITHOUT_RULE, rule_of

if TYPE_CHECKING:
    from ..rule import Rule

Operand = Any  # a Dual, or a plain number or Value: a constant, which does not move


class Dual:
    """A number and its tangent (d value / dt as the inputs move along the direction t). Both are floats,
    or Values inside an outer grad or jvp. Arithmetic goes through the arithmetic rules; every other
    function is one of DUAL_MATH's (DUAL_MATH.exp(x), as a rule writes m.exp(x))."""

    __slots__ = ("tangent", "value")

    def __init__(self, value: Any, tangent: Any = 0.0) -> None:
        self.value, self.tangent = value, tangent

    def __add__(self, other: Operand) -> Dual:
        return _apply(ADD, ADD.forward, (self, other))

    def __radd__(self, other: Operand) -> Dual:
        return _apply(ADD, ADD.forward, (other, self))

    def __sub__(self, other: Operand) -> Dual:
        return _apply(SUB, SUB.forward, (self, other))

    def __rsub__(self, other: Operand) -> Dual:
        return _apply(SUB, SUB.forward, (other, self))

    def __mul__(self, other: Operand) -> Dual:
        return _apply(MUL, MUL.forward, (self, other))

    def __rmul__(self, other: Operand) -> Dual:
        return _apply(MUL, MUL.forward, (other, self))

    def __truediv__(self, other: Operand) -> Dual:
        return _apply(DIV, DIV.forward, (self, other))

    def __rtruediv__(self, other: Operand) -> Dual:
        return _apply(DIV, DIV.forward, (other, self))

    def __pow__(self, other: Operand) -> Dual:
        return _apply(POW, POW.forward, (self, other))

    def __rpow__(self, other: Operand) -> Dual:
        return _apply(POW, POW.forward, (other, self))

    def __neg__(self) -> Dual:
        return _apply(NEG, NEG.forward, (self,))

    def __bool__(self) -> bool:
        raise TypeError("a Dual has no truth value (`if d:`): compare with m.gt, m.ge, m.lt, m.le or m.eq and "
                        "choose with m.where, or read d.value when you mean the number.")

    def __repr__(self) -> str:
        return f"Dual({self.value!r}, {self.tangent!r})"


def carry(local_grads: Sequence[Any], tangents: Sequence[Any]) -> Any:
    """The chain rule forward through one step: the sum of local derivative * input tangent over the inputs.

    A tangent or local derivative of None (a constant input) or exactly 0 adds nothing, even where the
    other factor is infinite (sqrt's slope at 0 times a still input); a factor of exactly 1 is not multiplied
    in (on Values, that would record a node for nothing). jvp uses this too, node by node.
    """
    total: Any = None
    for local, tangent in zip(local_grads, tangents):
        if local is None or tangent is None or _exactly(local, 0.0) or _exactly(tangent, 0.0):
            continue
        term = tangent if _exactly(local, 1.0) else local if _exactly(tangent, 1.0) else local * tangent
        total = term if total is None else total + term
    return 0.0 if total is None else total


def _exactly(x: Any, number: float) -> bool:
    return isinstance(x, (int, float)) and x == number  # a Value's == is identity, a Dual's never asked


def _inner(components: Sequence[Any]) -> Any:
    """The namespace for a Dual's components: DUAL_MATH for Duals, VALUE_MATH for Values, else FLOAT_MATH."""
    if any(isinstance(x, Dual) for x in components):
        return DUAL_MATH
    return VALUE_MATH if any(isinstance(x, Value) for x in components) else FLOAT_MATH


def _apply(rule: Rule, compute: Callable[..., Any], operands: Sequence[Operand]) -> Dual:
    """``rule`` on dual numbers: the value from ``compute(m, *values)``, the tangent from the rule's local_grads."""
    values = [x.value if isinstance(x, Dual) else x for x in operands]
    tangents = [x.tangent if isinstance(x, Dual) else None for x in operands]
    m = _inner([*values, *tangents])
    out = compute(m, *values)
    return Dual(out, carry(rule.local_grads(m, *values, out), tangents))


def _rule(primitive: str) -> Rule:
    """The rule a primitive takes its slope from, looked up when first used (others may add rules later)."""
    try:
        found: Rule = rule_of(primitive)
    except KeyError:
        name = RULE_NAMES.get(primitive, primitive)
        raise NotImplementedError(f"DUAL_MATH.{primitive} takes its slope from the rule {name!r}, which "
                                  f"autograd.ops.RULES does not have yet: add that rule in autograd/ops/.") from None
    return found


def _through_rule(name: str) -> Callable[..., Any]:
    """The primitive ``name`` on Duals: its inner namespace's value, its rule's slope; plain numbers as FLOAT_MATH."""
    def compute(m: Any, *values: Any) -> Any:
        return getattr(m, name)(*values)

    def primitive(*arguments: Operand) -> Any:
        if not any(isinstance(argument, Dual) for argument in arguments):
            return compute(_inner(arguments), *arguments)
        return _apply(_rule(name), compute, arguments)

    primitive.__name__ = name
    return primitive


def _piecewise_constant(name: str) -> Callable[..., Any]:
    """sign and floor keep a Dual, with tangent 0 (they are flat wherever they have a slope); a comparison
    reads the values and gives a plain bool, for m.where."""
    def primitive(*arguments: Operand) -> Any:
        values = [x.value if isinstance(x, Dual) else x for x in arguments]
        result = getattr(_inner(values), name)(*values)
        moving = PRIMITIVES[name] == 1 and any(isinstance(x, Dual) for x in arguments)
        return Dual(result, 0.0) if moving else result

    primitive.__name__ = name
    return primitive


def _where(condition: Any, if_true: Operand, if_false: Operand) -> Operand:
    return if_true if condition else if_false  # the chosen branch, tangent and all


def _dot(xs: Sequence[Operand], ws: Sequence[Operand]) -> Operand:
    return FLOAT_MATH.dot(xs, ws)  # a sum of products, left to right: on Duals each * and + carries its tangent


def _namespace() -> Any:
    functions: dict[str, Any] = {"dot": staticmethod(_dot), "where": staticmethod(_where)}
    for name in PRIMITIVES:
        if name not in WITHOUT_RULE:
            functions[name] = staticmethod(_through_rule(name))
        elif name not in functions:
            functions[name] = staticmethod(_piecewise_constant(name))
    doc = "Duals in, Duals out: each primitive's value as its inner namespace computes it, its slope from its rule."
    return type("DualMath", (), {**functions, "__doc__": doc})()


DUAL_MATH = _namespace()
