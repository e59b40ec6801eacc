"""The rules that choose or combine several inputs: max and clamp (the gradient goes to the chosen input),
and the n-ary ones a neuron and a loss use, linear (a weighted sum), sum and max_of, each one node.

Imports: rule.
"""
from __future__ import annotations

from collections.abc import Sequence

from ..rule import Math, Number, Rule


class Maximum(Rule):
    """f(a, b) = max(a, b);  df/da = 1 if a > b, 0 if a < b;  df/db the other way round.

    At a tie each side gets 1/2, as in PyTorch: the two slopes still add up to 1.
    """

    name, arity, aliases = "max", 2, ("maximum",)
    formulas = ("d/da = 1 if a > b else 0", "d/db = 1 if b > a else 0")

    def forward(self, m: Math, a: Number, b: Number) -> Number:
        return m.where(m.ge(a, b), a, b)

    def local_grads(self, m: Math, a: Number, b: Number, out: Number) -> tuple[Number, ...]:
        d_a = m.where(m.gt(a, b), 1.0, m.where(m.lt(a, b), 0.0, 0.5))
        return d_a, 1.0 - d_a

    def show(self, a: float, b: float) -> str:
        return f"max({a!r}, {b!r})"


class Clamp(Rule):
    """f(a, low, high) = min(max(a, low), high);  df/da = 1 inside [low, high], else 0.

    Past a bound, the output is that bound, so its gradient goes to the bound.
    """

    name, arity = "clamp", 3
    formulas = ("d/da = 1 if low <= a <= high else 0", "d/dlow = 1 if a < low else 0", "d/dhigh = 1 if a > high else 0")

    def forward(self, m: Math, a: Number, low: Number, high: Number) -> Number:
        return m.where(m.lt(a, low), low, m.where(m.gt(a, high), high, a))

    def local_grads(self, m: Math, a: Number, low: Number, high: Number, out: Number) -> tuple[Number, ...]:
        below, above = m.lt(a, low), m.gt(a, high)
        return m.where(below, 0.0, m.where(above, 0.0, 1.0)), m.where(below, 1.0, 0.0), m.where(above, 1.0, 0.0)

    def refusal(self, a: float, low: float, high: float) -> ValueError | None:  # type: ignore[override]  # 3 inputs
        if low <= high:
            return None
        return ValueError(f"clamp needs low <= high; got low={low!r}, high={high!r}.")

    def show(self, a: float, low: float, high: float) -> str:
        return f"clamp({a!r}, {low!r}, {high!r})"


class Linear(Rule):
    """f(x, w, b) = x_1 w_1 + ... + x_k w_k + b: a neuron's weighted sum as ONE node.

    df/dx_i = w_i,  df/dw_i = x_i,  df/db = 1. The inputs come as (x_1..x_k, w_1..w_k, b).
    The sum runs left to right, as the chain of * and + would, so the numbers are
    identical; one node instead of 2k makes graphs ten times smaller and faster.
    """

    name, arity = "linear", 0  # any odd number of inputs: k of x, k of w, then b

    def forward(self, m: Math, *inputs: Number) -> Number:
        k = len(inputs) // 2
        return m.dot(inputs[:k], inputs[k:2 * k]) + inputs[-1]

    def local_grads(self, m: Math, *inputs_and_out: Number) -> tuple[Number, ...]:
        k = (len(inputs_and_out) - 1) // 2
        return (*inputs_and_out[k:2 * k], *inputs_and_out[:k], 1.0)

    def formula(self, index: int, count: int) -> str:
        k = count // 2
        if index < k:
            return f"d/dx{index} = w{index}"
        return f"d/dw{index - k} = x{index - k}" if index < 2 * k else "d/db = 1"

    def write(self, operands: Sequence[str]) -> str:
        """As the sum it is: x0*w0 + x1*w1 + b."""
        k = len(operands) // 2
        return " + ".join([f"{x}*{w}" for x, w in zip(operands[:k], operands[k:2 * k])] + [operands[-1]])

    def show(self, *inputs: float) -> str:
        k = len(inputs) // 2
        return f"linear(x={list(inputs[:k])}, w={list(inputs[k:2 * k])}, b={inputs[-1]!r})"


class Sum(Rule):
    """f(x_1, ..., x_k) = x_1 + ... + x_k as ONE node;  df/dx_i = 1.

    Left to right, so the numbers are those of the chain of +; a replay adds a block of rows
    in one call (the sums of a batch mean, of softmax).
    """

    name, arity = "sum", 0  # any number of inputs

    def forward(self, m: Math, *inputs: Number) -> Number:
        total = inputs[0]
        for x in inputs[1:]:
            total = total + x
        return total

    def local_grads(self, m: Math, *inputs_and_out: Number) -> tuple[Number, ...]:
        return (1.0,) * (len(inputs_and_out) - 1)

    def formula(self, index: int, count: int) -> str:
        return f"d/dx{index} = 1"


class MaxOf(Rule):
    """f(x_1, ..., x_k) = the largest x_i as ONE node;  df/dx_i = 1/t where x_i is one of the t
    largest (ties share the slope evenly, as PyTorch's amax does), else 0."""

    name, arity = "max_of", 0  # any number of inputs

    def forward(self, m: Math, *inputs: Number) -> Number:
        largest = inputs[0]
        for x in inputs[1:]:
            largest = m.maximum(largest, x)
        return largest

    def local_grads(self, m: Math, *inputs_and_out: Number) -> tuple[Number, ...]:
        *inputs, out = inputs_and_out
        hits = [m.where(m.eq(x, out), 1.0, 0.0) for x in inputs]
        count = hits[0]
        for hit in hits[1:]:
            count = count + hit
        return tuple(hit / count for hit in hits)

    def formula(self, index: int, count: int) -> str:
        return f"d/dx{index} = 1 if x{index} is the largest (shared evenly by ties) else 0"
