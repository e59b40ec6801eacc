"""The namespaces a rule computes with, in one place. A rule's forward and local derivatives are written
against ``m`` (rule.Math); running them on another namespace gives another reading of the same lines:

- floats.py: Python floats, the eager engine (FLOAT_MATH);
- arrays.py: numpy arrays, a trace's replay (NUMPY_MATH, made on first use: import autograd never imports numpy);
- values.py: Values, so a derivative is a graph and can be differentiated again (VALUE_MATH);
- duals.py: dual numbers (value, tangent), forward mode, each primitive's slope taken from its rule (DUAL_MATH);
- codegen.symbols: symbols, which write the rule out as numpy and JavaScript source (the code writer).

PRIMITIVES names every function a namespace provides, with its number of arguments; a test holds each
namespace to it and to FLOAT_MATH's numbers.

Imports: the standard library only.
"""

# name -> number of arguments (dot takes two sequences; where a condition and two branches)
PRIMITIVES: dict[str, int] = {
    "exp": 1, "exp2": 1, "expm1": 1, "log": 1, "log2": 1, "log10": 1, "log1p": 1, "sqrt": 1,
    "sin": 1, "cos": 1, "tan": 1, "arcsin": 1, "arccos": 1, "arctan": 1,
    "sinh": 1, "cosh": 1, "tanh": 1, "arcsinh": 1, "arccosh": 1, "arctanh": 1,
    "abs": 1, "sign": 1, "floor": 1,
    "pow": 2, "maximum": 2, "arctan2": 2, "hypot": 2, "dot": 2,
    "where": 3, "gt": 2, "ge": 2, "lt": 2, "le": 2, "eq": 2,
}
# The primitives whose value is piecewise constant: their slope is 0 wherever it exists (a branch).
PIECEWISE_CONSTANT = ("sign", "floor", "gt", "ge", "lt", "le", "eq")
