"""The smooth one-input functions: exp, log, sqrt, sin, cos, and abs (smooth but at 0).

Imports: rule.
"""
from __future__ import annotations

from ..rule import Math, Number, Rule


class Exp(Rule):
    """f(a) = e**a;  df/da = e**a = f."""

    name = "exp"
    formulas = ("d/da = out",)
    overflow_hint = ("exp(x) exceeds the float range for x > 709.78; scale x down, or use the stable forms "
                     "(sigmoid, bce_with_logits, softmax)")

    def forward(self, m: Math, a: Number) -> Number:
        return m.exp(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (out,)


class Log(Rule):
    """f(a) = ln(a) for a > 0;  df/da = 1/a."""

    name = "log"
    formulas = ("d/da = 1/a",)
    hint = "log needs x > 0; clamp x away from 0 (a probability p: use bce, which clamps, or bce_with_logits)"

    def forward(self, m: Math, a: Number) -> Number:
        return m.log(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (1.0 / a,)

    def failure(self, a: float) -> ArithmeticError | ValueError:
        if a <= 0:
            return ValueError(f"{self.show(a)} is undefined: {self.hint}.")
        return super().failure(a)


class Sqrt(Rule):
    """f(a) = sqrt(a) for a >= 0;  df/da = 1 / (2 sqrt(a)) = 0.5 / f (infinite at 0)."""

    name = "sqrt"
    formulas = ("d/da = 0.5/out",)
    hint = "sqrt needs x >= 0; clamp x or take sqrt(x * x + eps)"

    def forward(self, m: Math, a: Number) -> Number:
        return m.sqrt(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (0.5 / out,)

    def failure(self, a: float) -> ArithmeticError | ValueError:
        if a < 0:
            return ValueError(f"{self.show(a)} is not a real number: {self.hint}.")
        return super().failure(a)


class Abs(Rule):
    """f(a) = |a|;  df/da = sign(a) (0 at a = 0, as in PyTorch)."""

    name = "abs"
    formulas = ("d/da = sign(a)",)

    def forward(self, m: Math, a: Number) -> Number:
        return m.abs(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (m.sign(a) * 1.0,)


class Sin(Rule):
    """f(a) = sin(a);  df/da = cos(a)."""

    name = "sin"
    formulas = ("d/da = cos(a)",)

    def forward(self, m: Math, a: Number) -> Number:
        return m.sin(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (m.cos(a),)


class Cos(Rule):
    """f(a) = cos(a);  df/da = -sin(a)."""

    name = "cos"
    formulas = ("d/da = -sin(a)",)

    def forward(self, m: Math, a: Number) -> Number:
        return m.cos(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (-m.sin(a),)
