"""chainrule's autograd: a scalar automatic-differentiation engine.

    >>> from autograd import Value
    >>> x = Value(3.0, label="x")
    >>> y = x * x + 2 * x        # every step is recorded as a graph
    >>> y.backward()             # the chain rule, applied backwards through it
    >>> x.grad                   # dy/dx = 2x + 2
    8.0

Importing this package imports neither numpy, graphviz nor ``nn`` (draw imports
graphviz only when called).
"""
from .draw import draw, render
from .explain import Explanation, Step, explain
from .explore import explore
from .gradcheck import GradcheckReport, gradcheck, numerical_grad
from .graph import topological_order
from .trace import Trace, TracingError, trace
from .value import Value, linear

__all__ = [
    "Value", "gradcheck", "numerical_grad", "GradcheckReport", "topological_order",
    "explain", "Explanation", "Step", "draw", "render", "explore", "linear", "trace", "Trace", "TracingError",
]
