"""Exercise 11: your own op, as a Rule subclass.
Check it:  python -m exercises check 11      Stuck?  python -m exercises check 11 --hint
"""
# Swish (also called SiLU) is f(a) = a * sigmoid(a) = a / (1 + e^-a): a smooth relu. Write it as a Rule:
#   - forward(m, a) returns f(a);
#   - local_grads(m, a, out) returns a one-element tuple (df/da,); out is f(a), already computed.
# Write both with m's functions (m.exp, m.abs, m.where(m.ge(a, 0.0), ..., ...)), never math.exp or an `if`
# on a: m is the float namespace in the eager engine but numpy in a trace, which replays the rule on a
# whole batch at once. The README's "Add your own op" shows softsign written this way.
# It is checked with gradcheck at many points, in a small graph, and traced over a numpy batch.

from autograd import Rule
from autograd.rule import Math, Number  # Math: what m offers; Number: a float, or a numpy array in a trace


class Swish(Rule):
    """f(a) = a * sigmoid(a);  df/da = ... (fill in)."""

    name = "swish"
    formulas = ("d/da = ...",)  # shown by explain: write your derivative here too

    def forward(self, m: Math, a: Number) -> Number:
        raise NotImplementedError("return a * sigmoid(a), computed with m.exp")

    def local_grads(self, m: Math, a: Number, out: Number) -> tuple[Number]:
        raise NotImplementedError("return (df/da,): a tuple with one number")
