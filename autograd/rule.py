"""Rule, the declared base of every op, and Math, the protocol of the namespace ``m`` rules compute with.

A rule states one primitive: its forward and, beside it, its local derivatives. Both are
written against a math namespace ``m`` rather than against ``math``, so the same lines run
on Python floats (FLOAT_MATH, the eager engine), on numpy arrays (trace's replay), on Values
(derivatives of any order), on dual numbers (forward mode) and on symbols (the code writer,
which writes the rule out as numpy and JavaScript source): see the maths package. Comparisons
and branches go through ``m`` too (``m.gt``, ``m.where``, ...), never through Python's ``if``
or ``<`` on an operand.

Imports: maths.floats, value (for types only), calling (lazily: calling a rule builds a node).
"""
from __future__ import annotations

import math
from abc import ABC, abstractmethod
from typing import TYPE_CHECKING, Any, Protocol

from .maths.floats import FLOAT_MATH

__all__ = ["FLOAT_MATH", "Math", "Number", "Rule"]

if TYPE_CHECKING:
    from .value import Value

# What a rule computes with: a float in the eager engine, an array in a replay. Any, because a
# rule must not care which (that is the point of writing it against ``m``).
Number = Any


class Math(Protocol):
    """The names a rule may use from ``m``. ``where`` picks a branch with both computed, so a
    rule keeps both branches finite (log(where(gt(a, 0), a, 1))). ``dot`` is a sum of products."""

    def exp(self, x: Number) -> Number: ...
    def exp2(self, x: Number) -> Number: ...
    def expm1(self, x: Number) -> Number: ...
    def log(self, x: Number) -> Number: ...
    def log2(self, x: Number) -> Number: ...
    def log10(self, x: Number) -> Number: ...
    def log1p(self, x: Number) -> Number: ...
    def sqrt(self, x: Number) -> Number: ...
    def sin(self, x: Number) -> Number: ...
    def cos(self, x: Number) -> Number: ...
    def tan(self, x: Number) -> Number: ...
    def arcsin(self, x: Number) -> Number: ...
    def arccos(self, x: Number) -> Number: ...
    def arctan(self, x: Number) -> Number: ...
    def sinh(self, x: Number) -> Number: ...
    def cosh(self, x: Number) -> Number: ...
    def tanh(self, x: Number) -> Number: ...
    def arcsinh(self, x: Number) -> Number: ...
    def arccosh(self, x: Number) -> Number: ...
    def arctanh(self, x: Number) -> Number: ...
    def abs(self, x: Number) -> Number: ...
    def sign(self, x: Number) -> Number: ...
    def floor(self, x: Number) -> Number: ...
    def pow(self, x: Number, y: Number) -> Number: ...
    def maximum(self, x: Number, y: Number) -> Number: ...
    def arctan2(self, y: Number, x: Number) -> Number: ...
    def hypot(self, x: Number, y: Number) -> Number: ...
    def dot(self, xs: Any, ws: Any) -> Number: ...
    def where(self, condition: Any, if_true: Number, if_false: Number) -> Number: ...
    def gt(self, x: Number, y: Number) -> Any: ...
    def ge(self, x: Number, y: Number) -> Any: ...
    def lt(self, x: Number, y: Number) -> Any: ...
    def le(self, x: Number, y: Number) -> Any: ...
    def eq(self, x: Number, y: Number) -> Any: ...


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
    # How it is written: ``symbol`` between its two operands (+ - * / **) or before its one (- for neg);
    # "" for a call, name(a, b). ``sign``: how a textbook prints it in a drawing (× ÷ −), "" for the symbol
    # or the name. ``aliases``: other names the command line and Value know it by (max: "maximum").
    symbol: str = ""
    sign: str = ""
    aliases: tuple[str, ...] = ()
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
        from .calling import apply  # calling.py builds on this module, so it is imported on use

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
