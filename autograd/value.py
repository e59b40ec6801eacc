"""Value: one number in a recorded computation graph, with its gradient.

The operators and methods record their node through nodes.py, the engine's fast path (the same
node calling a rule makes, with fewer checks: calling.py), and ``backward`` runs nodes.py's fast
loop; what that loop computes is written plainly in graph.chain_rule.

Imports: rule, ops, nodes, numpy_functions, scalars, sight.drawing (lazily, for Jupyter's display).
"""
from __future__ import annotations

import math
import numbers
import operator
from collections.abc import Callable
from typing import Any

from . import nodes, ops
from .nodes import binary, general, new_constant, unary
from .numpy_functions import NumpyFunctions
from .rule import Rule
from .scalars import as_finite_float, numpy_method

_INF = math.inf


class Value(NumpyFunctions):
    """A scalar that remembers how it was computed.

    ``data`` is the number, ``grad`` is d(root)/d(this) after ``root.backward()``, ``parents`` are the Values
    it was computed from, ``rule`` the Rule that did it and ``op`` its name (None and "" for a leaf).

    A Value never turns into a plain float by itself (``float(v)``, ``math.exp(v)``, ``if v:``): that would
    cut it out of the graph. Read the number with ``v.data`` or ``v.item()``; comparisons (``v > 0``,
    ``max(values)``) compare the numbers; ``==`` is identity. ``data`` and ``grad`` are checked when set.
    """

    __slots__ = ("_data", "_grad", "_label", "_parents", "_requires_grad", "_rule", "_stamp")

    def __init__(self, data: float, label: str = "") -> None:
        self._data = as_finite_float(data)
        self._grad = 0.0
        self._parents: tuple[Value, ...] = ()
        self._rule: Rule | None = None
        self._requires_grad = True
        self.label = label
        self._stamp = 0  # a new leaf is older than any output made from it (nodes.data_changed)

    @property
    def data(self) -> float:
        """The number. Set it before a forward pass: Values computed from it earlier keep their old numbers."""
        return self._data

    @data.setter
    def data(self, number: float) -> None:
        if type(number) is not float or not -_INF < number < _INF:  # the check, inline for a finite float
            number = as_finite_float(number)
        self._data = number
        nodes.data_changed(self)  # so backward can warn if a Value computed before now depends on this one

    @property
    def grad(self) -> float:
        """d(root)/d(this Value) after ``root.backward()``; 0.0 before. Set it to a finite number (0.0 clears it)."""
        return self._grad

    @grad.setter
    def grad(self, number: float) -> None:
        if type(number) is not float or not -_INF < number < _INF:
            number = as_finite_float(number, "Value.grad")
        self._grad = number

    @property
    def parents(self) -> tuple[Value, ...]:
        """The Values this one was computed from, in the rule's order; () for a leaf. Read-only (like rule, op)."""
        return self._parents

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

    def __mod__(self, other: Any) -> Value:
        return binary(ops.MOD, self, other if isinstance(other, Value) else constant(other))

    def __rmod__(self, other: Any) -> Value:
        return binary(ops.MOD, constant(other), self)  # reflected: other is never a Value

    # -- unary operators and functions ---------------------------------------------------------
    def __neg__(self) -> Value:
        return unary(ops.NEG, self)

    def __abs__(self) -> Value:
        return unary(ops.ABS, self)

    abs = __abs__

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

    def sqrt(self) -> Value:
        return unary(ops.SQRT, self)

    def softplus(self) -> Value:
        return unary(ops.SOFTPLUS, self)

    def sin(self) -> Value:
        return unary(ops.SIN, self)

    def cos(self) -> Value:
        return unary(ops.COS, self)

    def leaky_relu(self, slope: float = 0.01) -> Value:
        """self if it is > 0, else slope * self (slope 0.01 as in PyTorch)."""
        return unary(ops.LEAKY_RELU if slope == 0.01 else ops.leaky_relu(slope), self)

    def maximum(self, other: Any) -> Value:
        """max(self, other) as a graph node (the gradient goes to the larger one)."""
        return binary(ops.MAX, self, as_value(other))

    def clamp(self, low: Any, high: Any) -> Value:
        """self limited to [low, high] (numbers or Values); past a bound the gradient goes to the bound."""
        low, high = as_value(low), as_value(high)
        refused = ops.CLAMP.refusal(self._data, low._data, high._data)
        if refused is not None:
            raise refused
        return general(ops.CLAMP, (self, low, high))

    mod = __mod__  # a.mod(b) as numpy's np.mod; numpy's other scalar functions: numpy_functions.py

    # -- comparisons read the numbers; conversions that would leave the graph are refused ---
    def __lt__(self, other: Any) -> bool:
        return _compare(operator.lt, self, other)

    def __le__(self, other: Any) -> bool:
        return _compare(operator.le, self, other)

    def __gt__(self, other: Any) -> bool:
        return _compare(operator.gt, self, other)

    def __ge__(self, other: Any) -> bool:
        return _compare(operator.ge, self, other)

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

    def __array_ufunc__(self, ufunc: Any, method: str, *inputs: Any, **kwargs: Any) -> Any:
        """numpy defers to a Value: np.exp(v) is v.exp(), np.float64(2) * v a Value, array + v refused as v + array."""
        if ufunc.__name__ in ("equal", "not_equal"):  # == stays identity
            return (inputs[0] is inputs[1]) == (ufunc.__name__ == "equal")
        name = numpy_method(ufunc, method, kwargs, Value)
        first, *others = (as_value(x) for x in inputs)
        return getattr(first, name)(*others)

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, str]:
        """Jupyter's display: the repr, plus the graph as SVG when it is small and Graphviz is installed."""
        bundle = {"text/plain": repr(self)}
        try:  # a display hook must never raise: on any failure the text alone is shown
            from .sight.drawing import draw  # lazily: graphviz is optional

            bundle["image/svg+xml"] = draw(self, max_nodes=60).pipe(format="svg", encoding="utf-8")
        except Exception:
            pass
        return bundle


_LEAVES_GRAPH = ("{how} would turn a Value into a plain float and cut it out of the graph, so no gradient "
                 "could flow back through it. Use the graph op instead (v.exp(), v.log(), v.tanh(), v.sqrt(), "
                 "v.sin(), ...), or read the number with v.data or v.item() when you mean to leave the graph.")


def _compare(compare: Callable[[float, float], bool], value: Value, other: Any) -> bool:
    """``compare`` on the numbers of a Value and another Value or a plain real number (else NotImplemented)."""
    if isinstance(other, Value):
        return compare(value.data, other.data)
    if isinstance(other, numbers.Real) and not isinstance(other, bool):
        return compare(value.data, float(other))
    return NotImplemented  # type: ignore[no-any-return]  # so Python asks the other operand


def as_value(x: Any) -> Value:
    """A Value as it is, or a plain number wrapped as a constant."""
    return x if isinstance(x, Value) else constant(x)


def constant(number: float) -> Value:
    """A plain number as a leaf that takes part in the graph but needs no gradient (requires_grad False)."""
    return new_constant(Value, number)
