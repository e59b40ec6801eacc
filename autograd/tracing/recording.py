"""trace(fn, *example_args): record a scalar function's graph once, replay it over numpy batches.

The example arguments become TracedValues, and every node made from a traced one is traced
too (the data decides; nothing is switched). Replay (replay.py) runs the very rules of the
graph on arrays (one row per node, one column per sample), batching all nodes of one depth
that share a rule into one call. Nodes that do not depend on the inputs (e.g. an L2 term on
the weights) are recomputed on floats and handed to the engine's fast loop.

Imports: value, graph, rule, tracing.replay, numpy (when a trace is made).
"""
import math

from ..graph import propagate, topological_order
from ..rule import FLOAT_MATH
from ..value import Value
from .replay import plan


class TracingError(TypeError):
    """fn used a traced number in Python itself (an if, max(), float()): the trace would be wrong."""


class TracedValue(Value):
    """A Value recorded by trace(): its number depends on the example inputs, so reading it
    (to branch on it in Python) would freeze that branch for every later input."""

    __slots__ = ()

    @property
    def data(self) -> float:
        raise TracingError(
            "fn reads .data (or float(), or a comparison) of a value that depends on its inputs while it is "
            "being traced: Python control flow on it would be fixed at trace time and silently wrong for other "
            "inputs. Use graph ops instead (relu, maximum, clamp), or run without tracing (fit(..., trace=False)).")

    def __bool__(self) -> bool:
        return bool(self.data)  # raises: `if value:` is control flow too

    def __float__(self) -> float:
        return self.data  # raises: float() would freeze the number too


def trace(fn, *example_args) -> "Trace":
    """Run ``fn(*placeholders)`` once and keep its graph for replays over numpy arrays.

    Each example argument is a number (one placeholder) or a list / 1-D array of
    numbers (a list of placeholders). fn returns a Value, or a tuple of Values; the
    first one is what ``backward`` differentiates (its mean over the batch).
    Values fn uses without getting them as arguments (a model's parameters) are read
    afresh at every replay and receive the gradients.
    """
    placeholders, arguments = [], []
    for position, example in enumerate(example_args):
        arguments.append(_placeholder(example, position, placeholders))
    outputs = fn(*arguments)
    single = isinstance(outputs, Value)
    outputs = [outputs] if single else list(outputs) if isinstance(outputs, (tuple, list)) else [outputs]
    if not outputs or not all(isinstance(out, Value) for out in outputs):
        raise TypeError(f"the traced function must return a Value or a tuple of Values; got {outputs!r}.")
    return Trace(outputs, placeholders, [len(a) if isinstance(a, list) else None for a in arguments], single)


def _placeholder(example, position: int, placeholders: list):
    if isinstance(example, (list, tuple)) or getattr(example, "ndim", 0) == 1:
        items = [_placeholder(item, position, placeholders) for item in example]
        if any(isinstance(item, list) for item in items):
            raise TypeError(f"trace takes numbers or flat lists of numbers; argument {position} is nested.")
        return items
    leaf = TracedValue(example)
    placeholders.append((leaf, position))
    return leaf


class Trace:
    """A recorded graph: ``forward(*arrays)`` per-sample outputs, ``backward(*arrays)`` gradients."""

    def __init__(self, outputs: list, placeholders: list, widths: list, single: bool) -> None:
        self.outputs, self.widths, self.single = outputs, widths, single
        order = topological_order(*outputs)
        in_graph = {id(node) for node in order}
        varying = {id(leaf) for leaf, _ in placeholders}
        for node in order:
            if node.parents and any(id(parent) in varying for parent in node.parents):
                varying.add(id(node))
        fixed = [node for node in order if id(node) not in varying]
        self.fixed_leaves = [node for node in fixed if not node.parents]
        self.fixed_inner = [node for node in fixed if node.parents]  # e.g. an L2 term on the weights
        self.fixed = self.fixed_leaves + self.fixed_inner
        self.fixed_index = {id(node): j for j, node in enumerate(self.fixed)}
        first = [leaf for leaf, _ in placeholders if id(leaf) in in_graph]
        self.rows, self.groups = plan(order, varying, first, self.fixed_index)
        self.inputs = [self.rows.get(id(leaf)) for leaf, _ in placeholders]  # None: fn ignores that input
        self.last_outputs, self._buffers = None, (0, None, None)

    def forward(self, *arrays):
        """fn's outputs for every sample (row) of the arrays: an array, or a tuple of arrays."""
        values, fixed, n = self._replay(arrays)
        outputs = tuple(self._per_sample(out, values, fixed, n) for out in self.outputs)
        return outputs[0] if self.single else outputs

    def backward(self, *arrays) -> float:
        """Mean of the first output over the batch; its gradient is added to every captured leaf."""
        np = _numpy()
        values, fixed, n = self._replay(arrays)
        self.last_outputs = tuple(self._per_sample(out, values, fixed, n) for out in self.outputs)
        grads, fixed_grads = self._buffers[2], np.zeros(len(self.fixed))
        self._backward_rows(values, grads, fixed_grads, n)
        self._backward_fixed(fixed_grads)
        return float(np.mean(self.last_outputs[0]))

    def _seed(self, grads, fixed_grads, n: int) -> None:
        """d mean/d output = 1/n for every sample (or 1 for an output that does not vary)."""
        grads.fill(0.0)
        fixed_grads.fill(0.0)
        first = self.outputs[0]
        if id(first) in self.rows:
            grads[self.rows[id(first)]] = 1.0 / n
        else:
            fixed_grads[self.fixed_index[id(first)]] = 1.0

    def _backward_rows(self, values, grads, fixed_grads, n: int) -> None:
        """The chain rule over the batched groups; redone carefully if a gradient came out non-finite."""
        np = _numpy()
        for careful in (False, True):
            self._seed(grads, fixed_grads, n)
            with np.errstate(all="ignore"):
                for group in reversed(self.groups):
                    group.backward(values, grads, fixed_grads, careful)
            if _all_finite(grads) and _all_finite(fixed_grads):
                return
        raise OverflowError("a gradient overflowed during the traced backward pass; the function is too steep "
                            "here: lower the learning rate or rescale the inputs.")

    def _replay(self, arrays):
        np = _numpy()
        columns, n = self._columns(arrays)
        fixed = self._forward_fixed()
        if self._buffers[0] != n:  # reused while the batch size stays the same
            self._buffers = (n, np.empty((len(self.rows), n)), np.empty((len(self.rows), n)))
        values = self._buffers[1]
        for row, column in zip(self.inputs, columns):
            if row is not None:
                values[row] = column
        with np.errstate(all="ignore"):
            for group in self.groups:
                group.forward(values, fixed)
        if not _all_finite(values):
            for group in self.groups:
                group.check(values)  # the first group with a non-finite output raises the eager error
        return values, fixed, n

    def _columns(self, arrays) -> tuple[list, int]:
        np = _numpy()
        if len(arrays) != len(self.widths):
            raise TypeError(f"this trace takes {len(self.widths)} arrays (one per traced argument); got {len(arrays)}.")
        arrays = [np.asarray(array, dtype=float) for array in arrays]
        n = len(arrays[0]) if arrays and arrays[0].ndim else 0
        columns = []
        for position, (array, width) in enumerate(zip(arrays, self.widths)):
            shape = (n,) if width is None else (n, width)
            if array.shape != shape or n == 0:
                raise ValueError(f"argument {position}: expected an array of shape (n, ...) = {shape} with n >= 1 "
                                 f"samples, like the example it was traced with; got {array.shape}.")
            if not np.isfinite(array).all():
                raise ValueError(f"argument {position} holds NaN or inf; a Value is always finite.")
            columns.extend([array] if width is None else list(array.T))
        return columns, n

    def _forward_fixed(self):
        """Recompute the nodes that do not depend on the inputs, on floats, from today's parameters."""
        for node in self.fixed_inner:
            node.data = _float_forward(node)
        return _numpy().fromiter((node.data for node in self.fixed), float, len(self.fixed))

    def _backward_fixed(self, fixed_grads) -> None:
        """Hand the batch-summed gradients to the fixed nodes and let the eager chain rule finish."""
        before = [leaf.grad for leaf in self.fixed_leaves]
        summed = fixed_grads.tolist()
        for leaf, grad in zip(self.fixed_leaves, summed):
            if leaf.requires_grad:  # a constant gets no gradient
                leaf.grad += grad
        for node, grad in zip(self.fixed_inner, summed[len(self.fixed_leaves):]):
            node.grad = grad
        try:
            propagate(reversed(self.fixed_inner))
            if not _all_finite(_numpy().fromiter((leaf.grad for leaf in self.fixed_leaves), float)):  # constants: 0
                raise OverflowError("a parameter's gradient overflowed during backward; lower the learning rate.")
        except (ArithmeticError, ValueError):  # as in eager backward: a failed call changes no leaf
            for leaf, grad in zip(self.fixed_leaves, before):
                leaf.grad = grad
            raise

    def _per_sample(self, out, values, fixed, n):
        np = _numpy()
        if id(out) in self.rows:
            return values[self.rows[id(out)]].copy()
        return np.full(n, fixed[self.fixed_index[id(out)]])


def _all_finite(array) -> bool:
    """A sum is cheaper than isfinite(...).all(); only when it is not finite look closer (it may overflow).
    inf - inf in the sum is nan by design here, so numpy is told not to warn about it."""
    np = _numpy()
    with np.errstate(over="ignore", invalid="ignore"):
        total = array.sum()
    return math.isfinite(total) or bool(np.isfinite(array).all())


def _float_forward(node) -> float:
    """A node that does not vary, recomputed from its parents' numbers as the eager engine would."""
    inputs = [parent.data for parent in node.parents]
    try:
        out = node.rule.forward(FLOAT_MATH, *inputs)
        if -math.inf < out < math.inf:
            return out
    except (ArithmeticError, ValueError):
        pass
    raise node.rule.failure(*inputs)


def _numpy():
    import numpy

    return numpy
