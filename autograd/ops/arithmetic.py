"""The arithmetic rules: + - * / ** and unary minus, each forward next to its local derivatives.

Imports: rule.
"""
from __future__ import annotations

import math

from ..rule import Math, Number, Rule

_INF = math.inf


class Add(Rule):
    """f(a, b) = a + b;  df/da = 1,  df/db = 1."""

    name, arity, symbol = "+", 2, "+"
    formulas = ("d/da = 1", "d/db = 1")

    def forward(self, m: Math, a: Number, b: Number) -> Number:
        return a + b

    def local_grads(self, m: Math, a: Number, b: Number, out: Number) -> tuple[Number, ...]:
        return 1.0, 1.0


class Sub(Rule):
    """f(a, b) = a - b;  df/da = 1,  df/db = -1."""

    name, arity, symbol, sign = "-", 2, "-", "\u2212"
    formulas = ("d/da = 1", "d/db = -1")

    def forward(self, m: Math, a: Number, b: Number) -> Number:
        return a - b

    def local_grads(self, m: Math, a: Number, b: Number, out: Number) -> tuple[Number, ...]:
        return 1.0, -1.0


class Mul(Rule):
    """f(a, b) = a * b;  df/da = b,  df/db = a."""

    name, arity, symbol, sign = "*", 2, "*", "\u00d7"
    formulas = ("d/da = b", "d/db = a")

    def forward(self, m: Math, a: Number, b: Number) -> Number:
        return a * b

    def local_grads(self, m: Math, a: Number, b: Number, out: Number) -> tuple[Number, ...]:
        return b, a


class Div(Rule):
    """f(a, b) = a / b;  df/da = 1/b,  df/db = -a/b**2 = -f/b."""

    name, arity, symbol, sign = "/", 2, "/", "\u00f7"
    formulas = ("d/da = 1/b", "d/db = -out/b")
    hint = "the divisor must not be 0; check the denominator or add a small epsilon to it"

    def forward(self, m: Math, a: Number, b: Number) -> Number:
        return a / b

    def local_grads(self, m: Math, a: Number, b: Number, out: Number) -> tuple[Number, ...]:
        # -out / b rather than -a / (b * b): b * b underflows to 0 for |b| < 1e-162.
        return 1.0 / b, -out / b

    def failure(self, a: float, b: float) -> ArithmeticError | ValueError:
        if b == 0:
            return ZeroDivisionError(f"division by zero in {self.show(a, b)}: {self.hint}.")
        return super().failure(a, b)


class Pow(Rule):
    """f(a, b) = a ** b;  df/da = b * a**(b-1),  df/db = a**b * log(a).

    df/db exists only for a > 0; where a <= 0 it is taken as 0 (a ** b is then
    not defined for the non-integer exponents around b). At a = 0, df/da is 0 for b > 1,
    1 for b = 1 and infinite for b < 1 (sqrt's slope at 0): that branch is computed from a
    safe base, so neither branch fails, at any order of derivative.
    """

    name, arity, symbol = "**", 2, "**"
    formulas = ("d/da = b * a**(b-1)", "d/db = out * ln(a)")
    hint = "a ** b needs a > 0 for a fractional b and a != 0 for a negative b"

    def forward(self, m: Math, a: Number, b: Number) -> Number:
        return m.pow(a, b)

    def local_grads(self, m: Math, a: Number, b: Number, out: Number) -> tuple[Number, ...]:
        # a = 0 and b < 1: 0 ** (b - 1) is infinite. (b < -inf never holds: the test applies only at a = 0.)
        singular = m.lt(b, m.where(m.eq(a, 0.0), 1.0, -_INF))
        slope = b * m.pow(m.where(singular, 1.0, a), b - 1.0)
        # a ** 0 = 1: slope 0, even at a = 0 (slope is 0 there too, and keeps d/db of it, 1/a, for grad(grad))
        d_base = m.where(m.eq(b, 0.0), slope, m.where(singular, _INF, slope))
        positive = m.gt(a, 0.0)
        d_exponent = m.where(positive, out * m.log(m.where(positive, a, 1.0)), 0.0)
        return d_base, d_exponent

    def failure(self, a: float, b: float) -> ArithmeticError | ValueError:
        if a == 0 and b < 0:
            return ZeroDivisionError(f"{self.show(a, b)} divides by zero: {self.hint}.")
        if a < 0 and b != int(b):
            return ValueError(
                f"{self.show(a, b)} is not a real number: {self.hint}; use abs(a) ** b if that is what you mean."
            )
        return super().failure(a, b)


class Neg(Rule):
    """f(a) = -a;  df/da = -1."""

    name, symbol, sign = "neg", "-", "\u2212x"
    formulas = ("d/da = -1",)

    def forward(self, m: Math, a: Number) -> Number:
        return -a

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (-1.0,)

    def show(self, a: float) -> str:
        return f"-({a!r})"
