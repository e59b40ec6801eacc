"""The activations: tanh, sigmoid, relu, leaky_relu and softplus, the stable forms written so that no
exponential can overflow.

Imports: rule, arguments.
"""
from __future__ import annotations

import functools

from ..arguments import check_number
from ..rule import Math, Number, Rule


class Tanh(Rule):
    """f(a) = tanh(a);  df/da = 1 - tanh(a)**2 = 1 - f**2.  Finite for every a."""

    name = "tanh"
    formulas = ("d/da = 1 - out**2",)

    def forward(self, m: Math, a: Number) -> Number:
        return m.tanh(a)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (1.0 - out * out,)


class Sigmoid(Rule):
    """f(a) = 1 / (1 + e**-a);  df/da = f * (1 - f).

    Computed from e = e**-|a| <= 1, so no exponential can overflow: for a >= 0,
    f = 1/(1+e); for a < 0, f = e/(1+e). Finite and accurate for every finite a.
    """

    name = "sigmoid"
    formulas = ("d/da = out * (1 - out)",)

    def forward(self, m: Math, a: Number) -> Number:
        e = m.exp(-m.abs(a))
        s = 1.0 / (1.0 + e)
        return m.where(m.ge(a, 0.0), s, e * s)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (out * (1.0 - out),)


class Relu(Rule):
    """f(a) = max(a, 0);  df/da = 1 for a > 0, else 0 (0 at a = 0, as in PyTorch)."""

    name = "relu"
    formulas = ("d/da = 1 if a > 0 else 0",)

    def forward(self, m: Math, a: Number) -> Number:
        return m.maximum(0.0, a)  # 0.0 first: max(0.0, -0.0) is 0.0, never -0.0

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (m.where(m.gt(a, 0.0), 1.0, 0.0),)


class Softplus(Rule):
    """f(a) = ln(1 + e**a);  df/da = sigmoid(a).

    Computed as max(a, 0) + ln(1 + e**-|a|), which never overflows. It is the
    stable heart of bce_with_logits: softplus(z) - y z has gradient sigmoid(z) - y.
    """

    name = "softplus"
    formulas = ("d/da = sigmoid(a)",)

    def forward(self, m: Math, a: Number) -> Number:
        return m.maximum(0.0, a) + m.log1p(m.exp(-m.abs(a)))

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        # sigmoid(a) from out = ln(1 + e**a): 1 - e**-out for a >= 0, e**(a - out) below; both exact, neither
        # overflows, and both keep their slope through out (sigmoid(-|a|) would lose it at a = 0 for grad(grad)).
        return (m.where(m.ge(a, 0.0), 1.0 - m.exp(-out), m.exp(a - out)),)


class LeakyRelu(Rule):
    """f(a) = a for a > 0, else slope * a;  df/da = 1 for a > 0, else slope (slope at 0, as in PyTorch).

    ``slope`` belongs to the rule, not to the graph: it is a setting, never differentiated.
    Get an instance with ``leaky_relu(slope)``, which hands out one rule per slope.
    """

    name, settings = "leaky_relu", ("slope",)  # written leaky_relu(x, 0.2): the slope follows the input

    def __init__(self, slope: float = 0.01) -> None:
        self.slope = check_number("slope", slope, example=0.01)
        self.formulas = (f"d/da = 1 if a > 0 else {self.slope:g}",)

    def forward(self, m: Math, a: Number) -> Number:
        return m.where(m.gt(a, 0.0), a, a * self.slope)

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (m.where(m.gt(a, 0.0), 1.0, self.slope),)

    def show(self, a: float) -> str:
        return f"leaky_relu({a!r}, slope={self.slope:g})"


def leaky_relu(slope: float = 0.01) -> LeakyRelu:
    """The LeakyRelu rule for ``slope``: the same instance for the same slope, so a trace
    replays all leaky_relu nodes of one slope as one group."""
    return _leaky_relu_rule(check_number("slope", slope, example=0.01))


@functools.lru_cache(maxsize=64)
def _leaky_relu_rule(slope: float) -> LeakyRelu:
    return LeakyRelu(slope)
