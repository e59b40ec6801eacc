"""Every built-in op as a Rule: its forward next to its local derivatives, and its domain.

Each rule is written against the math namespace ``m`` (see rule.py), comparisons included,
so one copy of each derivative serves floats, numpy arrays and whatever comes next.
``RULES`` maps each built-in rule's name to its instance.

Imports: rule, arguments.
"""
from __future__ import annotations

import functools
import math

from .arguments import check_number
from .rule import Math, Number, Rule

_INF = math.inf


class Add(Rule):
    """f(a, b) = a + b;  df/da = 1,  df/db = 1."""

    name, arity = "+", 2
    formulas = ("d/da = 1", "d/db = 1")

    def forward(self, m: Math, a: Number, b: Number) -> Number:
        return a + b

    def local_grads(self, m: Math, a: Number, b: Number, out: Number) -> tuple[Number, ...]:
        return 1.0, 1.0


class Sub(Rule):
    """f(a, b) = a - b;  df/da = 1,  df/db = -1."""

    name, arity = "-", 2
    formulas = ("d/da = 1", "d/db = -1")

    def forward(self, m: Math, a: Number, b: Number) -> Number:
        return a - b

    def local_grads(self, m: Math, a: Number, b: Number, out: Number) -> tuple[Number, ...]:
        return 1.0, -1.0


class Mul(Rule):
    """f(a, b) = a * b;  df/da = b,  df/db = a."""

    name, arity = "*", 2
    formulas = ("d/da = b", "d/db = a")

    def forward(self, m: Math, a: Number, b: Number) -> Number:
        return a * b

    def local_grads(self, m: Math, a: Number, b: Number, out: Number) -> tuple[Number, ...]:
        return b, a


class Div(Rule):
    """f(a, b) = a / b;  df/da = 1/b,  df/db = -a/b**2 = -f/b."""

    name, arity = "/", 2
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

    name, arity = "**", 2
    formulas = ("d/da = b * a**(b-1)", "d/db = out * ln(a)")
    hint = "a ** b needs a > 0 for a fractional b and a != 0 for a negative b"

    def forward(self, m: Math, a: Number, b: Number) -> Number:
        return m.pow(a, b)

    def local_grads(self, m: Math, a: Number, b: Number, out: Number) -> tuple[Number, ...]:
        # a = 0 and b < 1: 0 ** (b - 1) is infinite. (b < -inf never holds: the test applies only at a = 0.)
        singular = m.lt(b, m.where(m.eq(a, 0.0), 1.0, -_INF))
        slope = b * m.pow(m.where(singular, 1.0, a), b - 1.0)
        d_base = m.where(m.eq(b, 0.0), 0.0, m.where(singular, _INF, slope))  # a ** 0 = 1: slope 0, even at a = 0
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

    name = "neg"
    formulas = ("d/da = -1",)

    def forward(self, m: Math, a: Number) -> Number:
        return -a

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number, ...]:
        return (-1.0,)

    def show(self, a: float) -> str:
        return f"-({a!r})"


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


class LeakyRelu(Rule):
    """f(a) = a for a > 0, else slope * a;  df/da = 1 for a > 0, else slope (slope at 0, as in PyTorch).

    ``slope`` belongs to the rule, not to the graph: it is a setting, never differentiated.
    Get an instance with ``leaky_relu(slope)``, which hands out one rule per slope.
    """

    name = "leaky_relu"

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


class Maximum(Rule):
    """f(a, b) = max(a, b);  df/da = 1 if a > b, 0 if a < b;  df/db the other way round.

    At a tie each side gets 1/2, as in PyTorch: the two slopes still add up to 1.
    """

    name, arity = "max", 2
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


ADD, SUB, MUL, DIV, POW, MAX = Add(), Sub(), Mul(), Div(), Pow(), Maximum()
NEG, EXP, LOG, TANH, SIGMOID, RELU, SQRT, ABS, SOFTPLUS = (
    Neg(), Exp(), Log(), Tanh(), Sigmoid(), Relu(), Sqrt(), Abs(), Softplus()
)
SIN, COS, LEAKY_RELU, CLAMP, LINEAR = Sin(), Cos(), leaky_relu(0.01), Clamp(), Linear()
SUM, MAX_OF = Sum(), MaxOf()

# Every built-in rule by name, for tools that look ops up (the op table test, the CLI).
RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (ADD, SUB, MUL, DIV, POW, MAX, NEG, EXP, LOG, TANH, SIGMOID, RELU, SQRT, ABS, SOFTPLUS,
                 SIN, COS, LEAKY_RELU, CLAMP, LINEAR, SUM, MAX_OF)
}
