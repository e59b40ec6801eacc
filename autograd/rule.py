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
from collections.abc import Sequence
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
    explore and trace then work on it with no other change; explain and the pages write it as
    ``symbol`` and ``sign`` say (``write``), and a rule in ``autograd.ops.RULES`` can be typed on
    the command line by its name and ``aliases``.
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
    # Numbers that set the rule up rather than feed it (leaky_relu's slope), never differentiated. Written as a
    # call, they follow the inputs: leaky_relu(x, 0.2). Each is an attribute of the rule and, in this order, a
    # parameter of its class: LeakyRelu(0.2).slope == 0.2.
    settings: tuple[str, ...] = ()
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

    def write(self, operands: Sequence[str]) -> str:
        """The op applied to operands given as text, e.g. "x*w", "n + b", "-x", "tanh(n)" (explain writes with it).

        Each operand comes ready to stand beside an operator: bracketed when it must be ("(x + y)", "(-3)").
        A call drops those brackets (tanh(x + y)): its commas keep the arguments apart. Override it for
        another form (linear writes x0*w0 + x1*w1 + b).
        """
        if self.symbol and len(operands) >= 2:
            # PEP 8: space the operators of lowest priority, so x*w + b reads in the order it computes.
            between = f" {self.symbol} " if self.symbol in ("+", "-") else self.symbol
            return between.join(operands)
        if self.symbol and len(operands) == 1:
            return self.symbol + operands[0]
        bare = (text[1:-1] if text.startswith("(") and "," not in text else text for text in operands)
        return f"{self.name}({', '.join(bare)})"

    def show(self, *inputs: Any) -> str:
        """The op applied to concrete operands, as a user would type it (for error messages): 1.0 / 0.0, log(0.0)."""
        if self.symbol and len(inputs) >= 2:
            return f" {self.symbol} ".join(f"({x!r})" if x < 0 else repr(x) for x in inputs)
        if self.symbol and len(inputs) == 1:
            return f"{self.symbol}({inputs[0]!r})"
        return f"{self.name}({', '.join(repr(x) for x in inputs)})"

    def formula(self, index: int, count: int) -> str:
        """Input ``index``'s local derivative as text, e.g. "d/da = b" (for explain); "" if not stated."""
        return self.formulas[index] if index < len(self.formulas) else ""

    def refusal(self, *inputs: float) -> ValueError | None:
        """The error for inputs the op refuses though it could compute them (clamp's low > high), else None.
        Calling the rule checks it; the default refuses nothing."""
        return None

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
