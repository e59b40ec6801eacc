"""Reference solution of exercise 11: swish as a Rule, f = a * sigmoid(a), f' = s + out (1 - s)."""
from autograd import Rule
from autograd.rule import Math, Number


class Swish(Rule):
    """f(a) = a * sigmoid(a);  df/da = s + out * (1 - s), with s = sigmoid(a)."""

    name = "swish"
    formulas = ("d/da = s + out*(1 - s), s = sigmoid(a)",)

    def forward(self, m: Math, a: Number) -> Number:
        return a / (1.0 + m.exp(-a))  # e^-a = inf for a < -709 gives a / inf = -0.0: still right

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number]:
        s = 1.0 / (1.0 + m.exp(-a))
        return (s + out * (1.0 - s),)
