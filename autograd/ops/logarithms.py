"""Logarithms and exponentials beyond ln and e**x: in base 2 and 10 (log2, log10, exp2), and the forms
that stay exact near 0 (log1p(x) = ln(1 + x), expm1(x) = e**x - 1), where 1 + x would round x away.

Imports: rule.
"""
from __future__ import annotations

import math

from ..rule import Math, Number, Rule

_LN2, _LN10 = math.log(2.0), math.log(10.0)


class Log2(Rule):
    """f(a) = log2(a) = ln(a) / ln(2) for a > 0;  df/da = 1 / (a ln(2))."""

    name = "log2"
    formulas = ("d/da = 1/(a*ln(2))",)
    hint = "log2 needs x > 0; clamp x away from 0"

    def forward(self, m: Math, a: Number) -> Number:
        return m.log2(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (1.0 / (a * _LN2),)

    def failure(self, a: float) -> ArithmeticError | ValueError:
        if a <= 0:
            return ValueError(f"{self.show(a)} is undefined: {self.hint}.")
        return super().failure(a)


class Log10(Rule):
    """f(a) = log10(a) = ln(a) / ln(10) for a > 0;  df/da = 1 / (a ln(10))."""

    name = "log10"
    formulas = ("d/da = 1/(a*ln(10))",)
    hint = "log10 needs x > 0; clamp x away from 0"

    def forward(self, m: Math, a: Number) -> Number:
        return m.log10(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (1.0 / (a * _LN10),)

    def failure(self, a: float) -> ArithmeticError | ValueError:
        if a <= 0:
            return ValueError(f"{self.show(a)} is undefined: {self.hint}.")
        return super().failure(a)


class Log1p(Rule):
    """f(a) = ln(1 + a) for a > -1, computed by m.log1p so that log1p(1e-300) = 1e-300 (ln of the
    rounded 1 + a would be 0);  df/da = 1 / (1 + a)."""

    name = "log1p"
    formulas = ("d/da = 1/(1 + a)",)
    hint = "log1p needs x > -1; clamp x above -1"

    def forward(self, m: Math, a: Number) -> Number:
        return m.log1p(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (1.0 / (1.0 + a),)

    def failure(self, a: float) -> ArithmeticError | ValueError:
        if a <= -1:
            return ValueError(f"{self.show(a)} is undefined: {self.hint}.")
        return super().failure(a)


class Expm1(Rule):
    """f(a) = e**a - 1, computed by m.expm1 so that expm1(1e-300) = 1e-300 (the rounded e**a - 1
    would be 0);  df/da = e**a.

    The slope is e**a itself, not out + 1: out + 1 keeps only the digits of e**a above 1e-16, and
    is 0 for a < -37.5, where e**a is still a float.
    """

    name = "expm1"
    formulas = ("d/da = exp(a)",)
    overflow_hint = "expm1(x) exceeds the float range for x > 709.78; scale x down"

    def forward(self, m: Math, a: Number) -> Number:
        return m.expm1(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (m.exp(a),)


class Exp2(Rule):
    """f(a) = 2**a;  df/da = 2**a ln(2) = f ln(2)."""

    name = "exp2"
    formulas = ("d/da = out*ln(2)",)
    overflow_hint = "exp2(x) exceeds the float range for x >= 1024; scale x down"

    def forward(self, m: Math, a: Number) -> Number:
        return m.exp2(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (out * _LN2,)
