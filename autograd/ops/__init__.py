"""Every built-in op as a Rule: its forward next to its local derivatives, and its domain. THE ONLY
PLACE A DERIVATIVE IS WRITTEN: everything else (the fast path, trace's replay, higher order, the
explanations) runs or reads these rules.

Each rule is written against the math namespace ``m`` (see rule.py), comparisons included,
so one copy of each derivative serves floats, numpy arrays and Values. The rules come in
families, a module each: arithmetic (+ - * / ** neg), functions (exp, log, sqrt, abs, sin, cos),
activations (tanh, sigmoid, relu, leaky_relu, softplus), selection (max, clamp, and the n-ary
linear, sum and max_of), and the rest of numpy's scalar functions with a derivative: trigonometry
(tan, arcsin, arccos, arctan, sinc), angles (arctan2, hypot, deg2rad, rad2deg), hyperbolic (sinh,
cosh, arcsinh, arccosh, arctanh), logarithms (log2, log10, log1p, expm1, exp2) and piecewise (sign,
mod). ``RULES`` maps each built-in rule's name to its instance (numpy's other names, such as
radians, are the rules' ``aliases``).

Imports: rule, ops.arithmetic, ops.functions, ops.activations, ops.selection, ops.trigonometry, ops.angles,
ops.hyperbolic, ops.logarithms, ops.piecewise.
"""
from ..rule import Rule
from .activations import LeakyRelu, Relu, Sigmoid, Softplus, Tanh, leaky_relu
from .angles import Arctan2, Deg2rad, Hypot, Rad2deg
from .arithmetic import Add, Div, Mul, Neg, Pow, Sub
from .functions import Abs, Cos, Exp, Log, Sin, Sqrt
from .hyperbolic import Arccosh, Arcsinh, Arctanh, Cosh, Sinh
from .logarithms import Exp2, Expm1, Log1p, Log2, Log10
from .piecewise import Mod, Sign
from .selection import Clamp, Linear, Maximum, MaxOf, Sum
from .trigonometry import Arccos, Arcsin, Arctan, Sinc, Tan

__all__ = [
    "ABS", "ADD", "ARCCOS", "ARCCOSH", "ARCSIN", "ARCSINH", "ARCTAN", "ARCTAN2", "ARCTANH", "CLAMP", "COS", "COSH",
    "DEG2RAD", "DIV", "EXP", "EXP2", "EXPM1", "HYPOT", "LEAKY_RELU", "LINEAR", "LOG", "LOG1P", "LOG2", "LOG10", "MAX",
    "MAX_OF", "MOD", "MUL", "NEG", "POW", "RAD2DEG", "RELU", "RULES", "SIGMOID", "SIGN", "SIN", "SINC", "SINH",
    "SOFTPLUS", "SQRT", "SUB", "SUM", "TAN", "TANH", "Abs", "Add", "Arccos", "Arccosh", "Arcsin", "Arcsinh", "Arctan",
    "Arctan2", "Arctanh", "Clamp", "Cos", "Cosh", "Deg2rad", "Div", "Exp", "Exp2", "Expm1", "Hypot", "LeakyRelu",
    "Linear", "Log", "Log1p", "Log2", "Log10", "MaxOf", "Maximum", "Mod", "Mul", "Neg", "Pow", "Rad2deg", "Relu",
    "Rule", "Sigmoid", "Sign", "Sin", "Sinc", "Sinh", "Softplus", "Sqrt", "Sub", "Sum", "Tan", "Tanh", "leaky_relu",
]

ADD, SUB, MUL, DIV, POW, MAX = Add(), Sub(), Mul(), Div(), Pow(), Maximum()
NEG, EXP, LOG, TANH, SIGMOID, RELU, SQRT, ABS, SOFTPLUS = (
    Neg(), Exp(), Log(), Tanh(), Sigmoid(), Relu(), Sqrt(), Abs(), Softplus()
)
SIN, COS, LEAKY_RELU, CLAMP, LINEAR = Sin(), Cos(), leaky_relu(0.01), Clamp(), Linear()
SUM, MAX_OF = Sum(), MaxOf()
TAN, ARCSIN, ARCCOS, ARCTAN, SINC = Tan(), Arcsin(), Arccos(), Arctan(), Sinc()
ARCTAN2, HYPOT, DEG2RAD, RAD2DEG = Arctan2(), Hypot(), Deg2rad(), Rad2deg()
SINH, COSH, ARCSINH, ARCCOSH, ARCTANH = Sinh(), Cosh(), Arcsinh(), Arccosh(), Arctanh()
LOG2, LOG10, LOG1P, EXPM1, EXP2 = Log2(), Log10(), Log1p(), Expm1(), Exp2()
SIGN, MOD = Sign(), Mod()

# Every built-in rule by name, for tools that look ops up (the op table test, the CLI).
RULES: dict[str, Rule] = {
    rule.name: rule
    for rule in (ADD, SUB, MUL, DIV, POW, MAX, NEG, EXP, LOG, TANH, SIGMOID, RELU, SQRT, ABS, SOFTPLUS,
                 SIN, COS, LEAKY_RELU, CLAMP, LINEAR, SUM, MAX_OF, TAN, ARCSIN, ARCCOS, ARCTAN, SINC,
                 ARCTAN2, HYPOT, DEG2RAD, RAD2DEG, SINH, COSH, ARCSINH, ARCCOSH, ARCTANH, LOG2, LOG10, LOG1P,
                 EXPM1, EXP2, SIGN, MOD)
}
