"""The trigonometric functions beyond sin and cos: tan, the inverse functions arcsin, arccos and arctan, and
numpy's normalised sinc, whose slope near 0 is taken from its series (the quotient there cancels).

Imports: rule.
"""
from __future__ import annotations

import math

from ..rule import Math, Number, Rule

_PI = math.pi
# sinc's slope comes from its series below this |x| (pi |x| < 0.48): there the direct quotient would lose
# up to 6e-16 / (pi x)**2 of its value to cancellation, while the series' first left-out term is under 1e-17.
_SINC_SERIES_BELOW = 0.15


class Tan(Rule):
    """f(a) = tan(a);  df/da = 1 + tan(a)**2 = 1 + f**2 (= 1/cos(a)**2).  Finite at every float a."""

    name = "tan"
    formulas = ("d/da = 1 + out**2",)

    def forward(self, m: Math, a: Number) -> Number:
        return m.tan(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (1.0 + out * out,)


class Arcsin(Rule):
    """f(a) = arcsin(a) for -1 <= a <= 1;  df/da = 1 / sqrt(1 - a**2) (infinite at a = +-1)."""

    name = "arcsin"
    formulas = ("d/da = 1/sqrt(1 - a**2)",)
    hint = "arcsin needs -1 <= x <= 1; clamp x into [-1, 1], or squash it first (x.tanh())"

    def forward(self, m: Math, a: Number) -> Number:
        return m.arcsin(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        # (1 - a)(1 + a) rather than 1 - a*a: exact near a = +-1, where a*a rounds.
        return (1.0 / m.sqrt((1.0 - a) * (1.0 + a)),)

    def failure(self, a: float) -> ArithmeticError | ValueError:
        if not -1.0 <= a <= 1.0:
            return ValueError(f"{self.show(a)} is undefined: {self.hint}.")
        return super().failure(a)


class Arccos(Rule):
    """f(a) = arccos(a) for -1 <= a <= 1;  df/da = -1 / sqrt(1 - a**2) (infinite at a = +-1)."""

    name = "arccos"
    formulas = ("d/da = -1/sqrt(1 - a**2)",)
    hint = "arccos needs -1 <= x <= 1; clamp x into [-1, 1], or squash it first (x.tanh())"

    def forward(self, m: Math, a: Number) -> Number:
        return m.arccos(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (-1.0 / m.sqrt((1.0 - a) * (1.0 + a)),)  # as arcsin's: exact near a = +-1

    def failure(self, a: float) -> ArithmeticError | ValueError:
        if not -1.0 <= a <= 1.0:
            return ValueError(f"{self.show(a)} is undefined: {self.hint}.")
        return super().failure(a)


class Arctan(Rule):
    """f(a) = arctan(a);  df/da = 1 / (1 + a**2).  Finite for every a."""

    name = "arctan"
    formulas = ("d/da = 1/(1 + a**2)",)

    def forward(self, m: Math, a: Number) -> Number:
        return m.arctan(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (1.0 / (1.0 + a * a),)  # for |a| > 1e154, a*a is inf and the slope 0: 1/a**2 is below 1e-308 there


class Sinc(Rule):
    """f(a) = sin(pi a) / (pi a), and 1 at a = 0 (numpy's normalised sinc);
    df/da = (cos(pi a) - f) / a, and 0 at a = 0.

    Near 0 the slope's two terms are both about 1 and cancel, so below |a| = 0.15 it comes from the
    series instead: df/da = -pi**2 a (1/3 - y**2/30 + y**4/840 - ...), y = pi a. Both forms keep
    their operand away from 0 (a safe 1 in the branch not taken), so neither divides by 0.
    """

    name = "sinc"
    formulas = ("d/da = (cos(pi*a) - out)/a",)

    def forward(self, m: Math, a: Number) -> Number:
        at_zero = m.eq(a, 0.0)
        y = _PI * m.where(at_zero, 1.0, a)
        return m.where(at_zero, 1.0, m.sin(y) / y)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        small = m.lt(m.abs(a), _SINC_SERIES_BELOW)
        safe = m.where(small, 1.0, a)
        quotient = (m.cos(_PI * safe) - out) / safe
        z = (_PI * a) * (_PI * a)
        series = 1.0 / 3.0 - z * (1.0 / 30.0 - z * (1.0 / 840.0 - z * (1.0 / 45360.0 - z * (
            1.0 / 3991680.0 - z * (1.0 / 518918400.0 - z * (1.0 / 93405312000.0))))))
        return (m.where(small, -_PI * _PI * a * series, quotient),)

    def failure(self, a: float) -> ArithmeticError | ValueError:
        if math.isinf(_PI * a):
            return OverflowError(f"{self.show(a)} cannot be computed: pi * x is beyond the float range for "
                                 "|x| > 5.7e307 (where |sinc| is below 1e-308); rescale x.")
        return super().failure(a)
