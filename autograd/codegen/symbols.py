"""The code writer's namespace: symbols. A rule run on SYMBOLIC_MATH with symbolic operands does not compute
numbers; it records the expression it would compute, which python.py and javascript.py then write out.

A symbol refuses what cannot be written out: a Python branch on it (``if a > 0``, ``a and b``), a Python
comparison (``a < b``), float() or math.* on it. Those raise CodegenError naming the construct and the fix
(the rule's name is added by write_rule, which knows it). Constants stay Python floats; an operation on
constants alone is computed at once (as FLOAT_MATH computes it), so only what depends on the operands is
written.

Imports: maths, maths.floats.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Union

from ..maths import PRIMITIVES
from ..maths.floats import FLOAT_MATH

Operand = Union["Symbol", float, bool]


class CodegenError(TypeError):
    """A rule cannot be written out as code: it does something with an operand that only Python can do."""


class Symbol:
    """One number of a rule's computation, as an expression: ``op`` applied to ``args`` (symbols or
    constants). ``op`` is "input" for an operand (args: its name), a primitive's name (exp, where, gt, ...),
    or one of + - * / ** and "neg"."""

    __slots__ = ("args", "op")

    def __init__(self, op: str, args: tuple[Any, ...]) -> None:
        self.op, self.args = op, args

    # -- arithmetic records itself ----------------------------------------------------------------
    def __add__(self, other: Operand) -> Operand:
        return arithmetic("+", self, other)

    def __radd__(self, other: Operand) -> Operand:
        return arithmetic("+", other, self)

    def __sub__(self, other: Operand) -> Operand:
        return arithmetic("-", self, other)

    def __rsub__(self, other: Operand) -> Operand:
        return arithmetic("-", other, self)

    def __mul__(self, other: Operand) -> Operand:
        return arithmetic("*", self, other)

    def __rmul__(self, other: Operand) -> Operand:
        return arithmetic("*", other, self)

    def __truediv__(self, other: Operand) -> Operand:
        return arithmetic("/", self, other)

    def __rtruediv__(self, other: Operand) -> Operand:
        return arithmetic("/", other, self)

    def __pow__(self, other: Operand) -> Operand:
        return arithmetic("**", self, other)

    def __rpow__(self, other: Operand) -> Operand:
        return arithmetic("**", other, self)

    def __neg__(self) -> Symbol:
        return Symbol("neg", (self,))

    def __pos__(self) -> Symbol:
        return self

    def __abs__(self) -> Operand:
        return Symbol("abs", (self,))

    # -- what only Python can do is refused, with the way to write it --------------------------------
    def __bool__(self) -> bool:
        raise CodegenError("a Python branch on an operand (if, and, or, while, a conditional expression): "
                           "write both branches and pick one with m.where(m.gt(a, 0.0), this, that)")

    def _comparison(self, other: object) -> bool:
        raise CodegenError("a Python comparison of an operand (<, <=, >, >=, ==, !=): write m.lt, m.le, m.gt, "
                           "m.ge or m.eq, and pick with m.where")

    __lt__ = __le__ = __gt__ = __ge__ = __eq__ = __ne__ = _comparison
    __hash__ = object.__hash__

    def __float__(self) -> float:
        raise CodegenError("float() or a math.* function on an operand: use m's function of the same name "
                           "(m.exp, m.log, m.sqrt, ...)")

    __int__ = __index__ = __float__  # they refuse the same way

    def __repr__(self) -> str:
        return f"Symbol({self.op}, {self.args!r})"


def is_symbol(x: object) -> bool:
    return isinstance(x, Symbol)


def arithmetic(op: str, a: Operand, b: Operand) -> Operand:
    """a op b; computed at once for two constants, and x * 1.0 is x (exactly, -0.0 and all)."""
    if not is_symbol(a) and not is_symbol(b):
        return _CONSTANT_ARITHMETIC[op](float(a), float(b))
    if op == "*" and _is_one(b):
        return a
    if op == "*" and _is_one(a):
        return b
    return Symbol(op, (a, b))


def _is_one(x: Operand) -> bool:
    return not is_symbol(x) and x == 1.0


def _divide(a: float, b: float) -> float:
    """a / b as IEEE arithmetic gives it: +-inf or nan for a zero divisor."""
    if b != 0.0:
        return a / b
    return float("nan") if a == 0.0 or a != a else float("inf") if (a > 0) == (str(b)[0] != "-") else float("-inf")


_CONSTANT_ARITHMETIC: dict[str, Callable[[float, float], float]] = {
    "+": lambda a, b: a + b, "-": lambda a, b: a - b, "*": lambda a, b: a * b, "/": _divide, "**": FLOAT_MATH.pow,
}


def _primitive(name: str) -> Callable[..., Operand]:
    """m.<name> on symbols: a Symbol, or FLOAT_MATH's number when every argument is a constant."""
    on_floats = getattr(FLOAT_MATH, name)

    def primitive(*arguments: Operand) -> Operand:
        if len(arguments) != PRIMITIVES[name]:
            raise CodegenError(f"m.{name} takes {PRIMITIVES[name]} argument(s); got {len(arguments)}")
        if not any(is_symbol(argument) for argument in arguments):
            number: float | bool = on_floats(*arguments)
            return number
        return Symbol(name, tuple(arguments))

    primitive.__name__ = name
    return primitive


def _where(condition: Operand, if_true: Operand, if_false: Operand) -> Operand:
    """m.where: a select of two computed branches; a constant condition picks one now."""
    if not is_symbol(condition):
        return if_true if condition else if_false
    return Symbol("where", (condition, if_true, if_false))


def _dot(xs: Sequence[Operand], ws: Sequence[Operand]) -> Operand:
    """The sum of products, left to right, as FLOAT_MATH.dot adds them."""
    if len(xs) != len(ws) or not xs:
        raise CodegenError(f"m.dot needs two sequences of the same length; got {len(xs)} and {len(ws)}")
    total = xs[0] * ws[0]
    for x, w in zip(xs[1:], ws[1:]):
        total = total + x * w
    return total


class _Missing:
    """Any name m does not have: a CodegenError naming it (instead of an AttributeError deep in a rule)."""

    def __getattr__(self, name: str) -> Any:
        if name.startswith("__"):
            raise AttributeError(name)
        raise CodegenError(f"m.{name} is not a function of m; m offers {', '.join(sorted(PRIMITIVES))}")


def _namespace() -> Any:
    functions: dict[str, Any] = {name: staticmethod(_primitive(name)) for name in PRIMITIVES}
    functions.update(where=staticmethod(_where), dot=staticmethod(_dot),
                     __doc__="m for the code writer: each function records the expression it stands for.")
    return type("SymbolicMath", (_Missing,), functions)()


SYMBOLIC_MATH = _namespace()
