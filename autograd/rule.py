"""Rule, the declared base of every op, and FLOAT_MATH, the namespace rules compute with.

A rule states one primitive: its forward and, beside it, its local derivatives. Both are
written against a math namespace ``m`` rather than against ``math``, so the same lines run
on Python floats (FLOAT_MATH, the eager engine), on numpy arrays (trace's replay) and on
anything else that offers the same names. Comparisons and branches go through ``m`` too
(``m.gt``, ``m.where``, ...), never through Python's ``if`` or ``<`` on an operand.

Imports: value (lazily: calling a rule builds a node).
"""
from __future__ import annotations

import math
import operator
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, Protocol

if TYPE_CHECKING:
    from .value import Value

# What a rule computes with: a float in the eager engine, an array in a replay. Any, because a
# rule must not care which (that is the point of writing it against ``m``).
Number = Any


class Math(Protocol):
    """The names a rule may use from ``m``. ``where`` picks a branch with both computed, so a
    rule keeps both branches finite (log(where(gt(a, 0), a, 1))). ``dot`` is a sum of products."""

    def exp(self, x: Number) -> Number: ...
    def log(self, x: Number) -> Number: ...
    def log1p(self, x: Number) -> Number: ...
    def tanh(self, x: Number) -> Number: ...
    def sqrt(self, x: Number) -> Number: ...
    def sin(self, x: Number) -> Number: ...
    def cos(self, x: Number) -> Number: ...
    def pow(self, x: Number, y: Number) -> Number: ...
    def abs(self, x: Number) -> Number: ...
    def sign(self, x: Number) -> Number: ...
    def maximum(self, x: Number, y: Number) -> Number: ...
    def dot(self, xs: Any, ws: Any) -> Number: ...
    def where(self, condition: Any, if_true: Number, if_false: Number) -> Number: ...
    def gt(self, x: Number, y: Number) -> Any: ...
    def ge(self, x: Number, y: Number) -> Any: ...
    def lt(self, x: Number, y: Number) -> Any: ...
    def le(self, x: Number, y: Number) -> Any: ...
    def eq(self, x: Number, y: Number) -> Any: ...


_INF, _NAN = math.inf, math.nan


# The float namespace answers as IEEE arithmetic (and numpy) do, with inf or nan where the math
# module would raise. The engine checks every number it keeps, so nothing non-finite gets into
# a graph; but a local derivative that is infinite for a constant input (0.0 ** x at the base)
# is simply never used, instead of stopping the backward pass.
def _exp(x: float) -> float:
    try:
        return math.exp(x)
    except OverflowError:
        return _INF


def _log(x: float) -> float:
    return math.log(x) if x > 0.0 else -_INF if x == 0.0 else _NAN


def _log1p(x: float) -> float:
    return math.log1p(x) if x > -1.0 else -_INF if x == -1.0 else _NAN


def _sqrt(x: float) -> float:
    return math.sqrt(x) if x >= 0.0 else _NAN


def _pow(x: float, y: float) -> float:
    try:
        return math.pow(x, y)
    except OverflowError:  # |x| ** y beyond the float range; negative only for an odd whole y
        return -_INF if x < 0.0 and y % 2.0 == 1.0 else _INF
    except ValueError:  # 0 ** negative is a division by zero; negative ** fractional is not real
        return _INF if x == 0.0 else _NAN


def _sum_of_products(xs: Any, ws: Any) -> Number:
    """xs[0]*ws[0] + xs[1]*ws[1] + ..., left to right (the order a chain of * and + would take;
    sum() starting from the first product adds in that order, in a loop in C)."""
    return sum(map(operator.mul, xs[1:], ws[1:]), xs[0] * ws[0])


class FloatMath:
    """The namespace of the eager engine: Python floats, with IEEE results for overflow and domain errors."""

    exp = staticmethod(_exp)
    log = staticmethod(_log)
    log1p = staticmethod(_log1p)
    tanh = staticmethod(math.tanh)
    sqrt = staticmethod(_sqrt)
    sin = staticmethod(math.sin)
    cos = staticmethod(math.cos)
    pow = staticmethod(_pow)
    abs = staticmethod(abs)
    dot = staticmethod(_sum_of_products)

    @staticmethod
    def sign(x: float) -> float:
        return (x > 0) - (x < 0)

    @staticmethod
    def maximum(x: float, y: float) -> float:
        return x if x >= y else y

    @staticmethod
    def where(condition: bool, if_true: float, if_false: float) -> float:
        return if_true if condition else if_false

    @staticmethod
    def gt(x: float, y: float) -> bool:
        return x > y

    @staticmethod
    def ge(x: float, y: float) -> bool:
        return x >= y

    @staticmethod
    def lt(x: float, y: float) -> bool:
        return x < y

    @staticmethod
    def le(x: float, y: float) -> bool:
        return x <= y

    @staticmethod
    def eq(x: float, y: float) -> bool:
        return x == y


FLOAT_MATH: Math = FloatMath()


class Rule(ABC):
    """One primitive op. Subclass it to add your own: set ``name`` (and ``arity``, ``formulas``,
    ``hint``), write ``forward`` and ``local_grads`` against ``m``, then call an instance on
    Values or numbers: ``cube = Cube(); y = cube(x)``. backward, gradcheck, explain, draw,
    explore and trace then work on it with no other change.
    """

    name: str = ""  # how explain, draw and error messages call the op
    arity: int = 1  # how many inputs it takes; 0 means any number (as linear takes)
    formulas: tuple[str, ...] = ()  # each input's local derivative as text, e.g. "d/da = b"
    hint: str = ""  # how to stay inside the op's domain (log, sqrt, /, **)
    overflow_hint = ("the result is beyond the float range (about ±1.8e308); rescale the inputs "
                     "or lower the learning rate")

    @abstractmethod
    def forward(self, m: Math, *inputs: Number) -> Number:
        """The op's output for these inputs."""

    @abstractmethod
    def local_grads(self, m: Math, *inputs_and_out: Number) -> tuple[Number, ...]:
        """d out / d input for each input, in order; called as ``local_grads(m, *inputs, out)``."""

    def __call__(self, *inputs: object) -> Value:
        """Record this op on Values or plain numbers (numbers are constants): a new graph node."""
        from .value import apply  # value.py builds on this module, so it is imported on use

        return apply(self, *inputs)

    def show(self, *inputs: Any) -> str:
        """The op applied to concrete operands, as a user would type it."""
        if self.arity == 2 and len(inputs) == 2:
            a, b = (f"({x!r})" if x < 0 else repr(x) for x in inputs)
            return f"{a} {self.name} {b}"
        return f"{self.name}({', '.join(repr(x) for x in inputs)})"

    def formula(self, index: int, count: int) -> str:
        """Input ``index``'s local derivative as text, e.g. "d/da = b" (for explain); "" if not stated."""
        return self.formulas[index] if index < len(self.formulas) else ""

    def failure(self, *inputs: Any) -> ArithmeticError | ValueError:
        """The exception for operands that give no finite result: it names the op, them, and the fix."""
        try:
            out = self.forward(FLOAT_MATH, *inputs)
        except OverflowError:
            out = math.inf
        except (ArithmeticError, ValueError) as error:
            return ValueError(f"{self.show(*inputs)} is undefined ({error}): {self.hint or 'keep its input in range'}.")
        if isinstance(out, float) and math.isnan(out):
            return ValueError(f"{self.show(*inputs)} is not a number (NaN): {self.hint or 'keep its input in range'}.")
        return OverflowError(f"{self.show(*inputs)} overflows: {self.overflow_hint}.")

    def __repr__(self) -> str:
        return f"<rule {self.name}>"
