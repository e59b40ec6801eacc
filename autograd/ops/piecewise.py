"""The ops made of pieces that jump: sign (flat steps, slope 0) and mod (a sawtooth: slope 1 in a between
its jumps). At a jump there is no derivative; each takes the slope of the piece its value lies on.

Imports: rule.
"""
from __future__ import annotations

import math

from ..rule import Math, Number, Rule


class Sign(Rule):
    """f(a) = sign(a): -1 for a < 0, 0 at 0, 1 for a > 0;  df/da = 0 (at the jump too, as in PyTorch)."""

    name = "sign"
    formulas = ("d/da = 0",)

    def forward(self, m: Math, a: Number) -> Number:
        return m.sign(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (0.0,)


class Mod(Rule):
    """f(a, b) = a - b floor(a / b), numpy's mod and Python's % on floats: the remainder, with the sign of b;
    df/da = 1,  df/db = -floor(a / b), away from the jumps at whole a / b (where f has no derivative;
    there both are taken on the piece the computed value lies on).

    numpy computes the same remainder exactly (from C's fmod); the formula here rounds in b floor(a/b),
    so the two agree to a few ulps of a, and at a jump they may land on its two sides (1.0 mod 0.1 is
    0.0 here, 0.09999999999999995 in numpy: 0.1 is a hair above 1/10). Past |a / b| = 2**53, floats
    have no fractional digits left to tell a remainder by, and neither answer means much.
    """

    name, arity, symbol = "mod", 2, "%"
    formulas = ("d/da = 1", "d/db = -floor(a/b)")
    hint = "mod needs a nonzero divisor b; check the divisor or add a small epsilon to it"

    def forward(self, m: Math, a: Number, b: Number) -> Number:
        return a - b * self.quotient(m, a, b)

    def local_grads(self, m: Math, a: Number, b: Number, out: Number) -> tuple[Number, ...]:
        return 1.0, -self.quotient(m, a, b)

    def quotient(self, m: Math, a: Number, b: Number) -> Number:
        """The whole number of b's taken away: floor(a / b), or one fewer where a / b, just below a whole
        number, rounded up to it and left a remainder of the wrong sign (-1.8e-15 for -15.9 mod 0.3)."""
        q = m.floor(a / b)
        return m.where(m.lt((a - b * q) * b, 0.0), q - 1.0, q)

    def failure(self, a: float, b: float) -> ArithmeticError | ValueError:
        if b == 0:
            return ZeroDivisionError(f"{self.show(a, b)} divides by zero: {self.hint}.")
        if math.isinf(a / b):
            return OverflowError(f"{self.show(a, b)} cannot be computed: the quotient a / b is beyond the float "
                                 "range (about 1.8e308), so its whole part is unknown; rescale a or b.")
        return super().failure(a, b)

    def show(self, a: float, b: float) -> str:
        return f"mod({a!r}, {b!r})"
