"""chainrule's autograd: a scalar automatic-differentiation engine.

    >>> from autograd import Value
    >>> x = Value(3.0, label="x")
    >>> y = x * x + 2 * x        # every step is recorded as a graph
    >>> y.backward()             # the chain rule, applied backwards through it
    >>> x.grad                   # dy/dx = 2x + 2
    8.0

The core sits at the top of this package: rule.py (Rule, the declared base of every op),
ops/ (the built-in rules), maths/ (the namespaces rules compute with), value.py (Value),
calling.py (applying a rule), nodes.py (the fast path), graph.py (topological order and the
chain rule), gradient_check.py and derivatives.py (grad, hessian, jvp: derivatives of any order
from the same rules). Built on it: sight/ (explain, draw, explore), tracing/ (trace and
replay), codegen/ (rules written out as numpy and JavaScript) and cli/ (the command line).
Importing this package imports neither numpy, graphviz nor ``nn``.

Imports: rule, ops, calling, codegen, value, graph, gradient_check, derivatives, sight, tracing.
"""
from . import ops
from .calling import linear
from .codegen import to_javascript
from .derivatives import grad, gradgradcheck, hessian, hvp, jvp
from .gradient_check import GradcheckReport, gradcheck, numerical_grad
from .graph import chain_rule, topological_order
from .rule import Rule
from .sight import Explanation, Step, draw, explain, explore, render
from .tracing import Trace, TracingError, trace
from .value import Value

__all__ = [
    "Explanation", "GradcheckReport", "Rule", "Step", "Trace", "TracingError", "Value", "chain_rule", "draw",
    "explain", "explore", "grad", "gradcheck", "gradgradcheck", "hessian", "hvp", "jvp", "linear", "numerical_grad",
    "ops", "render", "to_javascript", "topological_order", "trace",
]
