"""Value: one number in a recorded computation graph, with its gradient; ``apply``, the one way a
rule becomes a node (``rule(x)`` calls it); and ``linear``, a neuron's weighted sum as one node.

The operators and methods record their node through nodes.py, the engine's fast path (the same
node ``apply`` makes, with fewer checks), and ``backward`` runs nodes.py's fast loop; what that
loop computes is written plainly in graph.chain_rule.

Imports: rule, ops, nodes, scalars, sight.drawing (lazily, for Jupyter's display).
"""
from __future__ import annotations

import math
import numbers
from itertools import repeat
from typing import Any

from . import nodes, ops
from .nodes import any_requires_grad, binary, general, new_constant, new_node, node_class, unary
from .rule import FLOAT_MATH, Rule
from .scalars import as_finite_float

_INF = math.inf


class Value:
    """A scalar that remembers how it was computed.

    ``data`` is the number, ``grad`` is d(root)/d(this) after ``root.backward()``,
    ``parents`` are the Values it was computed from, ``rule`` the Rule that did it and
    ``op`` its name (None and "" for a leaf: an input or a parameter).

    A Value never turns into a plain float by itself (``float(v)``, ``math.exp(v)``, ``if v:``):
    that would cut it out of the graph. Read the number with ``v.data`` or ``v.item()``;
    comparisons (``v > 0``, ``max(values)``) compare the numbers; ``==`` is identity.
    """

    __slots__ = ("_data", "_label", "_requires_grad", "_rule", "grad", "parents")

    def __init__(self, data: float, label: str = "") -> None:
        self._data = as_finite_float(data)
        self.grad = 0.0
        self.parents: tuple[Value, ...] = ()
        self._rule: Rule | None = None
        self._requires_grad = True
        self.label = label

    @property
    def data(self) -> float:
        return self._data

    @data.setter
    def data(self, number: float) -> None:
        if type(number) is not float or not -_INF < number < _INF:  # the check, inline for a finite float
            number = as_finite_float(number)
        self._data = number

    @property
    def label(self) -> str:
        """A name for drawings and explanations ("" for none)."""
        return self._label

    @label.setter
    def label(self, text: str) -> None:
        if not isinstance(text, str):
            raise TypeError(f"Value label must be a str; got {type(text).__name__} {text!r}. Use label=str(...).")
        self._label = text

    @property
    def requires_grad(self) -> bool:
        """False for a constant (a plain number in an expression, such as the 2 in 2 * x) and for a
        node made only of constants: backward neither computes nor checks their gradients."""
        return self._requires_grad

    def item(self) -> float:
        """The number, as a Python float (PyTorch's name for it); the same as ``.data``."""
        return self.data

    @property
    def rule(self) -> Rule | None:
        """The Rule that produced this Value; None for a leaf."""
        return self._rule

    @property
    def op(self) -> str:
        """The name of the rule that produced this Value; "" for a leaf."""
        return self._rule.name if self._rule is not None else ""

    def backward(self, grad: float = 1.0) -> None:
        """Fill ``grad`` of every Value this one depends on: d(self)/d(that Value), times ``grad``.

        Nodes with parents hold this call's gradient; leaves (inputs, parameters) accumulate
        across calls, as in PyTorch, until zeroed. graph.chain_rule shows the steps one by one.
        """
        nodes.backward(self, grad)

    # -- binary operators: Values or plain numbers (constants) on either side ----------------
    # The isinstance test is written out in each: a helper call here would cost more than the test.
    def __add__(self, other: Any) -> Value:
        return binary(ops.ADD, self, other if isinstance(other, Value) else constant(other))

    def __radd__(self, other: Any) -> Value:
        return binary(ops.ADD, constant(other), self)  # reflected: other is never a Value

    def __sub__(self, other: Any) -> Value:
        return binary(ops.SUB, self, other if isinstance(other, Value) else constant(other))

    def __rsub__(self, other: Any) -> Value:
        return binary(ops.SUB, constant(other), self)  # reflected: other is never a Value

    def __mul__(self, other: Any) -> Value:
        return binary(ops.MUL, self, other if isinstance(other, Value) else constant(other))

    def __rmul__(self, other: Any) -> Value:
        return binary(ops.MUL, constant(other), self)  # reflected: other is never a Value

    def __truediv__(self, other: Any) -> Value:
        return binary(ops.DIV, self, other if isinstance(other, Value) else constant(other))

    def __rtruediv__(self, other: Any) -> Value:
        return binary(ops.DIV, constant(other), self)  # reflected: other is never a Value

    def __pow__(self, other: Any) -> Value:
        return binary(ops.POW, self, other if isinstance(other, Value) else constant(other))

    def __rpow__(self, other: Any) -> Value:
        return binary(ops.POW, constant(other), self)  # reflected: other is never a Value

    # -- unary operators and functions ---------------------------------------------------------
    def __neg__(self) -> Value:
        return unary(ops.NEG, self)

    def __abs__(self) -> Value:
        return unary(ops.ABS, self)

    def exp(self) -> Value:
        return unary(ops.EXP, self)

    def log(self) -> Value:
        return unary(ops.LOG, self)

    def tanh(self) -> Value:
        return unary(ops.TANH, self)

    def sigmoid(self) -> Value:
        return unary(ops.SIGMOID, self)

    def relu(self) -> Value:
        return unary(ops.RELU, self)

    def leaky_relu(self, slope: float = 0.01) -> Value:
        """self if it is > 0, else slope * self (slope 0.01 as in PyTorch)."""
        return unary(ops.LEAKY_RELU if slope == 0.01 else ops.leaky_relu(slope), self)

    def sqrt(self) -> Value:
        return unary(ops.SQRT, self)

    def abs(self) -> Value:
        return unary(ops.ABS, self)

    def softplus(self) -> Value:
        return unary(ops.SOFTPLUS, self)

    def sin(self) -> Value:
        return unary(ops.SIN, self)

    def cos(self) -> Value:
        return unary(ops.COS, self)

    def maximum(self, other: Any) -> Value:
        """max(self, other) as a graph node (the gradient goes to the larger one)."""
        return binary(ops.MAX, self, _as_value(other))

    def clamp(self, low: Any, high: Any) -> Value:
        """self limited to [low, high] (numbers or Values); past a bound the gradient goes to the bound."""
        low, high = _as_value(low), _as_value(high)
        if not low._data <= high._data:
            raise ValueError(f"clamp needs low <= high; got low={low._data!r}, high={high._data!r}.")
        return general(ops.CLAMP, (self, low, high))

    # -- comparisons read the numbers; conversions that would leave the graph are refused ---
    def __lt__(self, other: Any) -> bool:
        number = _comparable(other)
        return NotImplemented if number is None else self.data < number

    def __le__(self, other: Any) -> bool:
        number = _comparable(other)
        return NotImplemented if number is None else self.data <= number

    def __gt__(self, other: Any) -> bool:
        number = _comparable(other)
        return NotImplemented if number is None else self.data > number

    def __ge__(self, other: Any) -> bool:
        number = _comparable(other)
        return NotImplemented if number is None else self.data >= number

    def __float__(self) -> float:
        raise TypeError(_LEAVES_GRAPH.format(how="float(v) or math.*(v)"))

    def __int__(self) -> int:
        raise TypeError(_LEAVES_GRAPH.format(how="int(v)"))

    def __bool__(self) -> bool:
        raise TypeError("a Value has no truth value (`if v:`, `v and w`): say what you mean, e.g. `if v > 0:` "
                        "or `if v.data != 0:`.")

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        state = f"grad={self.grad!r}" if self._requires_grad else "constant"
        return f"Value(data={self._data!r}, {state}{label})"

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """Jupyter's display: the repr, plus the graph as SVG when it is small and Graphviz is installed."""
        bundle = {"text/plain": repr(self)}
        try:  # a display hook must never raise: on any failure the text alone is shown
            from .sight.drawing import draw  # lazily: graphviz is optional

            bundle["image/svg+xml"] = draw(self, max_nodes=60).pipe(format="svg", encoding="utf-8")
        except Exception:
            pass
        return bundle


def linear(inputs: Any, weights: Any, bias: Any) -> Value:
    """bias + inputs[0]*weights[0] + ... as one graph node: a neuron's weighted sum.

    Gives exactly the numbers of the chain of * and +, with one node instead of 2k.
    Inputs, weights and bias may be Values or plain numbers.
    """
    if len(inputs) != len(weights) or len(inputs) == 0:
        raise ValueError(f"linear needs as many weights as inputs, at least one; got {len(inputs)} inputs "
                         f"and {len(weights)} weights.")
    parents = (*inputs, *weights, bias)
    if not all(map(isinstance, parents, repeat(Value))):  # a loop in C: a model's layers pass only Values
        parents = tuple(map(_as_value, parents))
    return general(ops.LINEAR, parents)


def apply(rule: Rule, *inputs: Any) -> Value:
    """Record ``rule`` applied to ``inputs`` (Values, or plain numbers taken as constants) as a node.

    The public way in is calling the rule: ``rule(x, y)``. Here the call is checked (the
    arity, and that forward gives one finite number) before the node joins the graph.
    """
    if not isinstance(rule, Rule):
        raise TypeError(f"apply takes a Rule (a subclass of autograd.Rule); got {type(rule).__name__} {rule!r}.")
    if not isinstance(rule.name, str) or not rule.name:
        raise TypeError(f"{type(rule).__name__} needs a name: set name = \"...\" in the class "
                        "(explain and draw use it).")
    if rule.arity and len(inputs) != rule.arity:
        raise TypeError(f"rule {rule.name!r} takes {rule.arity} input(s) (its arity); got {len(inputs)}.")
    if not inputs:
        raise TypeError(f"rule {rule.name!r} needs at least one input.")
    parents = tuple(_as_value(x) for x in inputs)
    operands = [parent._data for parent in parents]
    try:
        out = rule.forward(FLOAT_MATH, *operands)
    except (ArithmeticError, ValueError):
        raise rule.failure(*operands) from None
    data = _checked_output(rule, out, operands)
    return new_node(node_class(parents), data, parents, rule, any_requires_grad(parents))


def _checked_output(rule: Rule, out: object, operands: list[float]) -> float:
    """forward's result as a float: a TypeError naming the rule for a non-number, its failure() for NaN or inf."""
    if isinstance(out, bool) or not isinstance(out, (int, float)):
        raise TypeError(f"rule {rule.name!r}: forward returned {type(out).__name__} {out!r} for {operands}; "
                        "it must return one number (compute it with m's functions on the inputs it gets).")
    if not -_INF < out < _INF:
        raise rule.failure(*operands)
    return float(out)


_LEAVES_GRAPH = ("{how} would turn a Value into a plain float and cut it out of the graph, so no gradient "
                 "could flow back through it. Use the graph op instead (v.exp(), v.log(), v.tanh(), v.sqrt(), "
                 "v.sin(), ...), or read the number with v.data or v.item() when you mean to leave the graph.")


def _comparable(other: Any) -> float | None:
    """The number to compare a Value with: another Value's data or a plain real number (else None)."""
    if isinstance(other, Value):
        return other.data
    if isinstance(other, numbers.Real) and not isinstance(other, bool):
        return float(other)
    return None


def _as_value(x: Any) -> Value:
    """A Value as it is, or a plain number wrapped as a constant."""
    return x if isinstance(x, Value) else constant(x)


def constant(number: float) -> Value:
    """A plain number as a leaf that takes part in the graph but needs no gradient (requires_grad False)."""
    return new_constant(Value, number)
