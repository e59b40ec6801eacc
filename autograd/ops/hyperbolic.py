"""The hyperbolic functions beside tanh: sinh, cosh and the inverses arcsinh, arccosh and arctanh, their
slopes written so that no square overflows for large inputs.

Imports: rule.
"""
from __future__ import annotations

from ..rule import Math, Number, Rule

_OVERFLOW = "{name}(x) exceeds the float range for |x| > 710.47; scale x down"


class Sinh(Rule):
    """f(a) = sinh(a) = (e**a - e**-a) / 2;  df/da = cosh(a)."""

    name = "sinh"
    formulas = ("d/da = cosh(a)",)
    overflow_hint = _OVERFLOW.format(name="sinh")

    def forward(self, m: Math, a: Number) -> Number:
        return m.sinh(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (m.cosh(a),)


class Cosh(Rule):
    """f(a) = cosh(a) = (e**a + e**-a) / 2;  df/da = sinh(a)."""

    name = "cosh"
    formulas = ("d/da = sinh(a)",)
    overflow_hint = _OVERFLOW.format(name="cosh")

    def forward(self, m: Math, a: Number) -> Number:
        return m.cosh(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (m.sinh(a),)


class Arcsinh(Rule):
    """f(a) = arcsinh(a) = ln(a + sqrt(a**2 + 1));  df/da = 1 / sqrt(1 + a**2).  Finite for every a.

    The slope is 1 / hypot(1, a): sqrt(1 + a*a) would overflow for |a| > 1.3e154 and give 0
    there instead of about 1/|a|.
    """

    name = "arcsinh"
    formulas = ("d/da = 1/sqrt(1 + a**2)",)

    def forward(self, m: Math, a: Number) -> Number:
        return m.arcsinh(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (1.0 / m.hypot(1.0, a),)


class Arccosh(Rule):
    """f(a) = arccosh(a) = ln(a + sqrt(a**2 - 1)) for a >= 1;  df/da = 1 / sqrt(a**2 - 1) (infinite at 1).

    The slope is 1 / (sqrt(a - 1) sqrt(a + 1)): no square to overflow for large a (a*a does
    beyond 1.3e154), and a - 1 is exact near 1, where a*a - 1 would lose digits.
    """

    name = "arccosh"
    formulas = ("d/da = 1/sqrt(a**2 - 1)",)
    hint = "arccosh needs x >= 1; clamp x to at least 1, or shift it first (1 + x * x)"

    def forward(self, m: Math, a: Number) -> Number:
        return m.arccosh(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (1.0 / (m.sqrt(a - 1.0) * m.sqrt(a + 1.0)),)

    def failure(self, a: float) -> ArithmeticError | ValueError:
        if not a >= 1.0:
            return ValueError(f"{self.show(a)} is undefined: {self.hint}.")
        return super().failure(a)


class Arctanh(Rule):
    """f(a) = arctanh(a) = ln((1 + a) / (1 - a)) / 2 for -1 < a < 1;  df/da = 1 / (1 - a**2).

    The slope is 1 / ((1 - a)(1 + a)), exact near a = +-1, where 1 - a*a would lose digits.
    """

    name = "arctanh"
    formulas = ("d/da = 1/(1 - a**2)",)
    hint = "arctanh needs -1 < x < 1; keep |x| below 1 (e.g. 0.99 * x.tanh())"

    def forward(self, m: Math, a: Number) -> Number:
        return m.arctanh(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (1.0 / ((1.0 - a) * (1.0 + a)),)

    def failure(self, a: float) -> ArithmeticError | ValueError:
        if not -1.0 < a < 1.0:
            return ValueError(f"{self.show(a)} is undefined: {self.hint}.")
        return super().failure(a)
