"""Every built-in op as a Rule: its forward next to its local derivatives, and its domain. THE ONLY
PLACE A DERIVATIVE IS WRITTEN: everything else (the fast path, trace's replay, higher order, the
explanations) runs or reads these rules.

Each rule is written against the math namespace ``m`` (see rule.py), comparisons included,
so one copy of each derivative serves floats, numpy arrays and Values. The rules come in
families, a module each: arithmetic (+ - * / ** neg), functions (exp, log, sqrt, abs, sin, cos),
activations (tanh, sigmoid, relu, leaky_relu, softplus) and selection (max, clamp, and the n-ary
linear, sum and max_of). ``RULES`` maps each built-in rule's name to its instance.

Imports: rule, ops.arithmetic, ops.functions, ops.activations, ops.selection.
"""
from ..rule import Rule
from .activations import LeakyRelu, Relu, Sigmoid, Softplus, Tanh, leaky_relu
from .arithmetic import Add, Div, Mul, Neg, Pow, Sub
from .functions import Abs, Cos, Exp, Log, Sin, Sqrt
from .selection import Clamp, Linear, Maximum, MaxOf, Sum

__all__ = [
    "ABS", "ADD", "CLAMP", "COS", "DIV", "EXP", "LEAKY_RELU", "LINEAR", "LOG", "MAX", "MAX_OF", "MUL", "NEG", "POW",
    "RELU", "RULES", "SIGMOID", "SIN", "SOFTPLUS", "SQRT", "SUB", "SUM", "TANH", "Abs", "Add", "Clamp", "Cos", "Div",
    "Exp", "LeakyRelu", "Linear", "Log", "MaxOf", "Maximum", "Mul", "Neg", "Pow", "Relu", "Rule", "Sigmoid", "Sin",
    "Softplus", "Sqrt", "Sub", "Sum", "Tanh", "leaky_relu",
]

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
