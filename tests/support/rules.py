"""Users' own Rules the tests share: Softsign, written with m as docs/add_your_own_op.md writes it (the code
writer compiles it to numpy and JavaScript, torch_rules runs it on tensors), and PythonBranch, a leaky unit that
branches in Python on its operand (the eager engine runs it; the code writer and tensors cannot)."""
from autograd import Rule


class Softsign(Rule):
    """f(a) = a / (1 + |a|);  df/da = 1 / (1 + |a|)**2 (as in docs/add_your_own_op.md)."""

    name = "softsign"
    formulas = ("d/da = 1/(1 + |a|)**2",)

    def forward(self, m, a):
        return a / (1.0 + m.abs(a))

    def local_grads(self, m, a, out):
        return (1.0 / ((1.0 + m.abs(a)) * (1.0 + m.abs(a))),)


class PythonBranch(Rule):
    """A leaky unit written with Python's `if` on its operand: fine on floats, impossible on arrays or tensors."""

    name = "python_branch"

    def forward(self, m, a):
        return a if a > 0 else 0.5 * a

    def local_grads(self, m, a, out):
        return (1.0 if a > 0 else 0.5,)
