"""Value: one number in a recorded computation graph, with its gradient.

Operators and methods apply the rules of ops.py and remember their inputs, so
graph.py can run the chain rule backwards. Imports ops and graph only.
"""
import math
import numbers
from contextlib import contextmanager

from . import graph, ops

_INF = math.inf
_new = object.__new__


def _as_float(data: object) -> float:
    """Check that ``data`` is one finite real number and return it as a float."""
    if type(data) is not float:  # floats, the common case, need no conversion
        data = _real_number(data)
    if not -_INF < data < _INF:
        raise ValueError(f"Value got {data!r}; a Value is always finite. Find where the {data!r} came from upstream.")
    return data


def _real_number(data: object) -> float:
    """int, numpy real scalar or size-1 array -> float; anything else is a TypeError."""
    if isinstance(data, numbers.Real) and not isinstance(data, bool):
        try:
            return float(data)
        except OverflowError:
            raise OverflowError(f"Value got {str(data)[:20]}... ({len(str(data))} digits), which is too large for a float (about 1.8e308).") from None
    if hasattr(data, "ndim") and hasattr(data, "item") and not isinstance(data, bool):  # numpy, not imported
        if data.size != 1:
            raise ValueError(
                f"Value got an array of shape {tuple(data.shape)}; a Value holds one number. "
                "Make one Value per element: [Value(x) for x in array.ravel()]."
            )
        return _real_number(data.item())
    raise TypeError(f"Value got {type(data).__name__} {data!r}; it takes a real number (int, float or a numpy real scalar): {_conversion_hint(data)}.")


def _conversion_hint(data: object) -> str:
    if isinstance(data, bool):
        return "pass the number you mean, e.g. 1.0 or 0.0"
    if isinstance(data, (list, tuple)):
        return "make one Value per element: [Value(x) for x in items]"
    if isinstance(data, complex):
        return "take .real or abs() of it if that is what you mean"
    return "convert it first, e.g. Value(float(x))"


class Value:
    """A scalar that remembers how it was computed.

    ``data`` is the number, ``grad`` is d(root)/d(this) after ``root.backward()``,
    ``parents`` are the Values it was computed from and ``op`` names the rule that
    did it ("" for a leaf: an input or a parameter).
    """

    __slots__ = ("_data", "grad", "parents", "_rule", "label")

    def __init__(self, data: float, label: str = "") -> None:
        if not isinstance(label, str):
            raise TypeError(f"Value label must be a str; got {type(label).__name__} {label!r}.")
        self._data = _as_float(data)
        self.grad = 0.0
        self.parents: tuple[Value, ...] = ()
        self._rule: ops.Rule | None = None
        self.label = label

    @property
    def data(self) -> float:
        return self._data

    @data.setter
    def data(self, number: float) -> None:
        if type(number) is not float or not -_INF < number < _INF:  # the check, inline for a finite float
            number = _as_float(number)
        self._data = number

    @property
    def op(self) -> str:
        """The name of the rule that produced this Value; "" for a leaf."""
        return self._rule.name if self._rule is not None else ""

    def backward(self, grad: float = 1.0) -> None:
        """Fill ``grad`` of every Value this one depends on (see graph.backward)."""
        graph.backward(self, grad)

    # -- binary operators: Values or plain numbers on either side ---------------
    def __add__(self, other):
        return _binary(ops.ADD, self, _as_value(other))

    def __radd__(self, other):
        return _binary(ops.ADD, _as_value(other), self)

    def __sub__(self, other):
        return _binary(ops.SUB, self, _as_value(other))

    def __rsub__(self, other):
        return _binary(ops.SUB, _as_value(other), self)

    def __mul__(self, other):
        return _binary(ops.MUL, self, _as_value(other))

    def __rmul__(self, other):
        return _binary(ops.MUL, _as_value(other), self)

    def __truediv__(self, other):
        return _binary(ops.DIV, self, _as_value(other))

    def __rtruediv__(self, other):
        return _binary(ops.DIV, _as_value(other), self)

    def __pow__(self, other):
        return _binary(ops.POW, self, _as_value(other))

    def __rpow__(self, other):
        return _binary(ops.POW, _as_value(other), self)

    # -- unary operators and functions ----------------------------------------
    def __neg__(self):
        return _unary(ops.NEG, self)

    def __abs__(self):
        return _unary(ops.ABS, self)

    def exp(self):
        return _unary(ops.EXP, self)

    def log(self):
        return _unary(ops.LOG, self)

    def tanh(self):
        return _unary(ops.TANH, self)

    def sigmoid(self):
        return _unary(ops.SIGMOID, self)

    def relu(self):
        return _unary(ops.RELU, self)

    def sqrt(self):
        return _unary(ops.SQRT, self)

    def abs(self):
        return _unary(ops.ABS, self)

    def softplus(self):
        return _unary(ops.SOFTPLUS, self)

    def maximum(self, other):
        """max(self, other) as a graph node (the gradient goes to the larger one)."""
        return _binary(ops.MAX, self, _as_value(other))

    def clamp(self, low, high):
        """self limited to [low, high] (numbers or Values); past a bound the gradient goes to the bound."""
        low, high = _as_value(low), _as_value(high)
        if not low._data <= high._data:
            raise ValueError(f"clamp needs low <= high; got low={low._data!r}, high={high._data!r}.")
        return _apply(ops.CLAMP, self, low, high)

    def __float__(self) -> float:
        return self.data

    def __repr__(self) -> str:
        label = f", label={self.label!r}" if self.label else ""
        return f"Value(data={self._data!r}, grad={self.grad!r}{label})"

    def _repr_mimebundle_(self, include=None, exclude=None) -> dict:
        """Jupyter's display: the repr, plus the graph as SVG when it is small and Graphviz is installed."""
        bundle = {"text/plain": repr(self)}
        try:  # a display hook must never raise: on any failure the text alone is shown
            from .draw import draw  # lazily: graphviz is optional

            bundle["image/svg+xml"] = draw(self, max_nodes=60).pipe(format="svg", encoding="utf-8")
        except Exception:
            pass
        return bundle


def linear(inputs, weights, bias) -> Value:
    """bias + inputs[0]*weights[0] + ... as one graph node: a neuron's weighted sum.

    Gives exactly the numbers of the chain of * and +, with one node instead of 2k.
    Inputs, weights and bias may be Values or plain numbers.
    """
    if len(inputs) != len(weights) or len(inputs) == 0:
        raise ValueError(f"linear needs as many weights as inputs, at least one; got {len(inputs)} inputs "
                         f"and {len(weights)} weights.")
    return _apply(ops.LINEAR, *[_as_value(v) for v in (*inputs, *weights, bias)])


def _as_value(x: object) -> Value:
    """A Value as it is, or a plain number wrapped as a constant leaf."""
    return x if isinstance(x, Value) else Value(x)


_node_class = Value  # trace() makes nodes of a subclass while it records (see recording_as)


@contextmanager
def recording_as(node_class: type):
    """While active, every new non-leaf node is a ``node_class`` (trace's TracedValue)."""
    global _node_class
    previous, _node_class = _node_class, node_class
    try:
        yield
    finally:
        _node_class = previous


def _node(data: float, parents: tuple, rule: ops.Rule) -> Value:
    """A new non-leaf Value; skips the checks of __init__ (data is already a finite float)."""
    node = _new(_node_class)
    node._data = data
    node.grad = 0.0
    node.parents = parents
    node._rule = rule
    node.label = ""
    return node


# The three ways to apply a rule differ only in arity: _unary and _binary spell the
# operands out because they run for almost every node (star-args cost 2.5x here).
def _unary(rule: ops.Rule, a: Value) -> Value:
    try:
        out = rule.forward(ops.FLOAT_MATH, a._data)
        if -_INF < out < _INF:
            return _node(out, (a,), rule)
    except (ArithmeticError, ValueError):
        pass
    raise rule.failure(a._data)


def _binary(rule: ops.Rule, a: Value, b: Value) -> Value:
    try:
        out = rule.forward(ops.FLOAT_MATH, a._data, b._data)
        if -_INF < out < _INF:
            return _node(out, (a, b), rule)
    except (ArithmeticError, ValueError):
        pass
    raise rule.failure(a._data, b._data)


def _apply(rule: ops.Rule, *parents: Value) -> Value:
    inputs = [parent._data for parent in parents]
    try:
        out = rule.forward(ops.FLOAT_MATH, *inputs)
        if -_INF < out < _INF:
            return _node(out, parents, rule)
    except (ArithmeticError, ValueError):
        pass
    raise rule.failure(*inputs)
