"""The primitive rules: each op's forward and its local derivatives, side by side.

Every rule is written once against a math namespace ``m`` (``FLOAT_MATH`` here for
Python floats; trace.py passes a numpy one), so the eager engine and the batched
replay share the same formulas. Imports only the standard library.
"""
import math
from types import SimpleNamespace

# The float namespace. `where` picks a branch; both branches are always computed,
# so every rule keeps both of them finite (e.g. log(where(a > 0, a, 1.0))). `dot` is a
# sum of products: numpy's twin turns a layer's worth of them into one matrix product.
FLOAT_MATH = SimpleNamespace(
    exp=math.exp,
    log=math.log,
    log1p=math.log1p,
    tanh=math.tanh,
    sqrt=math.sqrt,
    pow=math.pow,
    abs=abs,
    sign=lambda x: (x > 0) - (x < 0),
    where=lambda condition, if_true, if_false: if_true if condition else if_false,
    maximum=lambda a, b: a if a >= b else b,
    dot=lambda xs, ws: _sum_of_products(xs, ws),
)


def _sum_of_products(xs, ws):
    """xs[0]*ws[0] + xs[1]*ws[1] + ..., left to right (the order a chain of * and + would take)."""
    total = xs[0] * ws[0]
    for i in range(1, len(xs)):
        total = total + xs[i] * ws[i]
    return total


class Rule:
    """One primitive op: ``forward(m, *inputs) -> out`` and
    ``local_grads(m, *inputs, out) -> (d out/d input, ...)``, one per input;
    ``formulas`` spells those derivatives out for people (explain, explore).

    ``hint`` says how to avoid the op's failures; ``failure`` turns bad operands
    into an exception that names the op, the operands and that hint.
    """

    name = "?"
    arity = 1
    formulas: tuple = ()  # each input's local derivative as text, e.g. 'd/da = b' (for explain)
    hint = ""  # how to stay inside the op's domain (log, sqrt, /, **)
    overflow_hint = "the result is beyond the float range (about ±1.8e308); rescale the inputs or lower the learning rate"

    def show(self, *inputs: float) -> str:
        """The op applied to concrete operands, as a user would type it."""
        if self.arity == 2:
            a, b = (f"({x!r})" if x < 0 else repr(x) for x in inputs)
            return f"{a} {self.name} {b}"
        return f"{self.name}({inputs[0]!r})"

    def formula(self, index: int, count: int) -> str:
        """Input ``index``'s local derivative as text, e.g. "d/da = b" (for explain)."""
        return self.formulas[index] if index < len(self.formulas) else ""

    def failure(self, *inputs: float) -> ArithmeticError | ValueError:
        """The exception raised when these operands give no finite result."""
        return OverflowError(f"{self.show(*inputs)} overflows: {self.overflow_hint}.")

    def __repr__(self) -> str:
        return f"<rule {self.name}>"


class Add(Rule):
    """f(a, b) = a + b;  df/da = 1,  df/db = 1."""

    name, arity = "+", 2
    formulas = ('d/da = 1', 'd/db = 1')

    def forward(self, m, a, b):
        return a + b

    def local_grads(self, m, a, b, out):
        return 1.0, 1.0


class Sub(Rule):
    """f(a, b) = a - b;  df/da = 1,  df/db = -1."""

    name, arity = "-", 2
    formulas = ('d/da = 1', 'd/db = -1')

    def forward(self, m, a, b):
        return a - b

    def local_grads(self, m, a, b, out):
        return 1.0, -1.0


class Mul(Rule):
    """f(a, b) = a * b;  df/da = b,  df/db = a."""

    name, arity = "*", 2
    formulas = ('d/da = b', 'd/db = a')

    def forward(self, m, a, b):
        return a * b

    def local_grads(self, m, a, b, out):
        return b, a


class Div(Rule):
    """f(a, b) = a / b;  df/da = 1/b,  df/db = -a/b**2 = -f/b."""

    name, arity = "/", 2
    formulas = ('d/da = 1/b', 'd/db = -out/b')
    hint = "the divisor must not be 0; check the denominator or add a small epsilon to it"

    def forward(self, m, a, b):
        return a / b

    def local_grads(self, m, a, b, out):
        # -out / b rather than -a / (b * b): b * b underflows to 0 for |b| < 1e-162.
        return 1.0 / b, -out / b

    def failure(self, a, b):
        if b == 0:
            return ZeroDivisionError(f"division by zero in {self.show(a, b)}: {self.hint}.")
        return super().failure(a, b)


class Pow(Rule):
    """f(a, b) = a ** b;  df/da = b * a**(b-1),  df/db = a**b * log(a).

    df/db exists only for a > 0; where a <= 0 it is taken as 0 (a ** b is then
    not defined for the non-integer exponents around b). A plain-number exponent,
    as in ``v ** 2``, is a constant, so that gradient is never used.
    """

    name, arity = "**", 2
    formulas = ('d/da = b * a**(b-1)', 'd/db = out * ln(a)')
    hint = "a ** b needs a > 0 for a fractional b and a != 0 for a negative b"

    def forward(self, m, a, b):
        return m.pow(a, b)

    def local_grads(self, m, a, b, out):
        positive, constant = a > 0, b == 0  # a ** 0 = 1 for every a: its slope is 0, even at a = 0
        d_base = m.where(constant, 0.0, b * m.pow(m.where(constant, 1.0, a), b - 1.0))
        d_exponent = m.where(positive, out * m.log(m.where(positive, a, 1.0)), 0.0)
        return d_base, d_exponent

    def failure(self, a, b):
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
    formulas = ('d/da = -1',)

    def forward(self, m, a):
        return -a

    def local_grads(self, m, a, out):
        return (-1.0,)

    def show(self, a):
        return f"-({a!r})"


class Exp(Rule):
    """f(a) = e**a;  df/da = e**a = f."""

    name = "exp"
    formulas = ('d/da = out',)
    overflow_hint = "exp(x) exceeds the float range for x > 709.78; scale x down, or use the stable forms (sigmoid, bce_with_logits, softmax)"

    def forward(self, m, a):
        return m.exp(a)

    def local_grads(self, m, a, out):
        return (out,)


class Log(Rule):
    """f(a) = ln(a) for a > 0;  df/da = 1/a."""

    name = "log"
    formulas = ('d/da = 1/a',)
    hint = "log needs x > 0; clamp x away from 0 (a probability p: use bce, which clamps, or bce_with_logits)"

    def forward(self, m, a):
        return m.log(a)

    def local_grads(self, m, a, out):
        return (1.0 / a,)

    def failure(self, a):
        if a <= 0:
            return ValueError(f"{self.show(a)} is undefined: {self.hint}.")
        return super().failure(a)


class Tanh(Rule):
    """f(a) = tanh(a);  df/da = 1 - tanh(a)**2 = 1 - f**2.  Finite for every a."""

    name = "tanh"
    formulas = ('d/da = 1 - out**2',)

    def forward(self, m, a):
        return m.tanh(a)

    def local_grads(self, m, a, out):
        return (1.0 - out * out,)


class Sigmoid(Rule):
    """f(a) = 1 / (1 + e**-a);  df/da = f * (1 - f).

    Computed from e = e**-|a| <= 1, so no exponential can overflow: for a >= 0,
    f = 1/(1+e); for a < 0, f = e/(1+e). Finite and accurate for every finite a.
    """

    name = "sigmoid"
    formulas = ('d/da = out * (1 - out)',)

    def forward(self, m, a):
        e = m.exp(-m.abs(a))
        s = 1.0 / (1.0 + e)
        return m.where(a >= 0, s, e * s)

    def local_grads(self, m, a, out):
        return (out * (1.0 - out),)


class Relu(Rule):
    """f(a) = max(a, 0);  df/da = 1 for a > 0, else 0 (0 at a = 0, as in PyTorch)."""

    name = "relu"
    formulas = ('d/da = 1 if a > 0 else 0',)

    def forward(self, m, a):
        return m.maximum(0.0, a)  # 0.0 first: max(0.0, -0.0) is 0.0, never -0.0

    def local_grads(self, m, a, out):
        return ((a > 0) * 1.0,)  # True * 1.0 = 1.0: the same line works on floats and arrays


class Sqrt(Rule):
    """f(a) = sqrt(a) for a >= 0;  df/da = 1 / (2 sqrt(a)) = 0.5 / f (infinite at 0)."""

    name = "sqrt"
    formulas = ('d/da = 0.5/out',)
    hint = "sqrt needs x >= 0; clamp x or take sqrt(x * x + eps)"

    def forward(self, m, a):
        return m.sqrt(a)

    def local_grads(self, m, a, out):
        return (0.5 / out,)

    def failure(self, a):
        if a < 0:
            return ValueError(f"{self.show(a)} is not a real number: {self.hint}.")
        return super().failure(a)


class Abs(Rule):
    """f(a) = |a|;  df/da = sign(a) (0 at a = 0, as in PyTorch)."""

    name = "abs"
    formulas = ('d/da = sign(a)',)

    def forward(self, m, a):
        return m.abs(a)

    def local_grads(self, m, a, out):
        return (m.sign(a) * 1.0,)


class Softplus(Rule):
    """f(a) = ln(1 + e**a);  df/da = sigmoid(a).

    Computed as max(a, 0) + ln(1 + e**-|a|), which never overflows. It is the
    stable heart of bce_with_logits: softplus(z) - y z has gradient sigmoid(z) - y.
    """

    name = "softplus"
    formulas = ('d/da = sigmoid(a)',)

    def forward(self, m, a):
        return m.maximum(0.0, a) + m.log1p(m.exp(-m.abs(a)))

    def local_grads(self, m, a, out):
        return (SIGMOID.forward(m, a),)


class Maximum(Rule):
    """f(a, b) = max(a, b);  df/da = 1 if a > b, 0 if a < b;  df/db the other way round.

    At a tie each side gets 1/2, as in PyTorch: the two slopes still add up to 1.
    """

    name, arity = "max", 2
    formulas = ('d/da = 1 if a > b else 0', 'd/db = 1 if b > a else 0')

    def forward(self, m, a, b):
        return m.where(a >= b, a, b)

    def local_grads(self, m, a, b, out):
        d_a = m.where(a > b, 1.0, m.where(a < b, 0.0, 0.5))
        return d_a, 1.0 - d_a

    def show(self, a, b):
        return f"max({a!r}, {b!r})"


class Clamp(Rule):
    """f(a, low, high) = min(max(a, low), high);  df/da = 1 inside [low, high], else 0.

    Past a bound, the output is that bound, so its gradient goes to the bound.
    """

    name, arity = "clamp", 3
    formulas = ('d/da = 1 if low <= a <= high else 0', 'd/dlow = 1 if a < low else 0', 'd/dhigh = 1 if a > high else 0')

    def forward(self, m, a, low, high):
        return m.where(a < low, low, m.where(a > high, high, a))

    def local_grads(self, m, a, low, high, out):
        below, above = a < low, a > high
        return m.where(below | above, 0.0, 1.0), m.where(below, 1.0, 0.0), m.where(above, 1.0, 0.0)

    def show(self, a, low, high):
        return f"clamp({a!r}, {low!r}, {high!r})"


class Linear(Rule):
    """f(x, w, b) = x_1 w_1 + ... + x_k w_k + b: a neuron's weighted sum as ONE node.

    df/dx_i = w_i,  df/dw_i = x_i,  df/db = 1. The inputs come as (x_1..x_k, w_1..w_k, b).
    The sum runs left to right, as the chain of * and + would, so the numbers are
    identical; one node instead of 2k makes graphs ten times smaller and faster.
    """

    name, arity = "linear", 0  # any odd number of inputs: k of x, k of w, then b

    def forward(self, m, *inputs):
        k = len(inputs) // 2
        return m.dot(inputs[:k], inputs[k:2 * k]) + inputs[-1]

    def local_grads(self, m, *inputs_and_out):
        k = (len(inputs_and_out) - 1) // 2
        return (*inputs_and_out[k:2 * k], *inputs_and_out[:k], 1.0)

    def formula(self, index: int, count: int) -> str:
        k = count // 2
        if index < k:
            return f"d/dx{index} = w{index}"
        return f"d/dw{index - k} = x{index - k}" if index < 2 * k else "d/db = 1"

    def show(self, *inputs):
        k = len(inputs) // 2
        return f"linear(x={list(inputs[:k])}, w={list(inputs[k:2 * k])}, b={inputs[-1]!r})"


ADD, SUB, MUL, DIV, POW, MAX = Add(), Sub(), Mul(), Div(), Pow(), Maximum()
NEG, EXP, LOG, TANH, SIGMOID, RELU, SQRT, ABS, SOFTPLUS = (
    Neg(), Exp(), Log(), Tanh(), Sigmoid(), Relu(), Sqrt(), Abs(), Softplus()
)
CLAMP, LINEAR = Clamp(), Linear()

# Every rule by name, for tools that look ops up (the op table test, the CLI).
RULES = {
    rule.name: rule
    for rule in (ADD, SUB, MUL, DIV, POW, MAX, NEG, EXP, LOG, TANH, SIGMOID, RELU, SQRT, ABS, SOFTPLUS, CLAMP, LINEAR)
}
