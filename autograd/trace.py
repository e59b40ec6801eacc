"""trace(fn, *example_args): record a scalar function's graph once, replay it over numpy batches.

Replay runs the very rules of ops.py on arrays (one row per node, one column per
sample), batching all nodes of one depth that share a rule into one call. Nodes that
do not depend on the inputs (e.g. an L2 term on the weights) are replayed on floats,
through the eager engine. numpy is imported only when a trace is made.
"""
import math
from collections import defaultdict
from types import SimpleNamespace

from . import value as value_module
from .graph import _propagate, topological_order
from .ops import FLOAT_MATH
from .value import Value


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
        return self.data  # raises: `if value:` is control flow too


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
    with value_module.recording_as(TracedValue):
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
    leaf = value_module._new(TracedValue)
    leaf._data, leaf.grad, leaf.parents, leaf._rule, leaf.label = Value(example).data, 0.0, (), None, ""
    placeholders.append((leaf, position))
    return leaf


class Trace:
    """A recorded graph: ``forward(*arrays)`` per-sample outputs, ``backward(*arrays)`` gradients."""

    def __init__(self, outputs: list, placeholders: list, widths: list, single: bool) -> None:
        self.outputs, self.widths, self.single = outputs, widths, single
        order = topological_order(*outputs)
        varying = {id(leaf) for leaf, _ in placeholders}
        for node in order:
            if node.parents and any(id(parent) in varying for parent in node.parents):
                varying.add(id(node))
        self.fixed = [node for node in order if id(node) not in varying]
        self.fixed_index = {id(node): j for j, node in enumerate(self.fixed)}
        self.rows = {id(node): i for i, node in enumerate(n for n in order if id(n) in varying)}
        self.inputs = [self.rows.get(id(leaf)) for leaf, _ in placeholders]  # None: fn ignores that input
        self.groups = _groups([n for n in order if id(n) in varying and n.parents], self.rows, self.fixed_index)
        self.last_outputs = None

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
        grads, fixed_grads = np.zeros_like(values), np.zeros(len(self.fixed))
        first = self.outputs[0]
        if id(first) in self.rows:
            grads[self.rows[id(first)]] = 1.0 / n
        else:
            fixed_grads[self.fixed_index[id(first)]] = 1.0
        self._backward_rows(values, grads, fixed_grads)
        self._backward_fixed(fixed_grads)
        return float(np.mean(self.last_outputs[0]))

    def _backward_rows(self, values, grads, fixed_grads) -> None:
        """The chain rule over the batched groups; redone carefully if a gradient came out non-finite."""
        np = _numpy()
        start, start_fixed = grads.copy(), fixed_grads.copy()
        with np.errstate(all="ignore"):
            for group in reversed(self.groups):
                group.backward(values, grads, fixed_grads)
            if np.isfinite(grads).all() and np.isfinite(fixed_grads).all():
                return
            grads[...], fixed_grads[...] = start, start_fixed
            for group in reversed(self.groups):
                group.backward(values, grads, fixed_grads, careful=True)
        if not (np.isfinite(grads).all() and np.isfinite(fixed_grads).all()):
            raise OverflowError("a gradient overflowed during the traced backward pass; the function is too steep "
                                "here: lower the learning rate or rescale the inputs.")

    def _replay(self, arrays):
        np = _numpy()
        columns, n = self._columns(arrays)
        fixed = self._forward_fixed()
        values = np.empty((len(self.rows), n))
        for row, column in zip(self.inputs, columns):
            if row is not None:
                values[row] = column
        with np.errstate(all="ignore"):
            for group in self.groups:
                group.forward(values, fixed)
        if not np.isfinite(values).all():
            next(group for group in self.groups if not np.isfinite(values[group.out_rows]).all()).check(values)
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
        for node in self.fixed:
            if node.parents:
                node._data = _float_forward(node)
        return _numpy().array([node._data for node in self.fixed])

    def _backward_fixed(self, fixed_grads) -> None:
        """Hand the batch-summed gradients to the fixed nodes and let the eager chain rule finish."""
        before = [(node, node.grad) for node in self.fixed if not node.parents]
        try:
            for node, grad in zip(self.fixed, fixed_grads.tolist()):
                if node.parents:
                    node.grad = grad
                else:
                    node.grad += grad
            _propagate(reversed(self.fixed))
        except (ArithmeticError, ValueError):  # as in eager backward: a failed call changes no leaf
            for leaf, grad in before:
                leaf.grad = grad
            raise

    def _per_sample(self, out, values, fixed, n):
        np = _numpy()
        if id(out) in self.rows:
            return values[self.rows[id(out)]].copy()
        return np.full(n, fixed[self.fixed_index[id(out)]])


class _Group:
    """Nodes of one depth sharing a rule and the kinds of their inputs: one numpy call each way.

    Each input position reads rows of the value matrix or the fixed floats. A position
    whose nodes all read the same row (a layer's input, seen by all its neurons) reads
    it once and broadcasts. Gradients are checked for being finite once, at the end.
    """

    def __init__(self, rule, out_rows: list, sources: list) -> None:
        np = _numpy()
        self.rule, self.out_rows, self.sources = rule, np.array(out_rows), []
        for kind, index in sources:
            distinct = len(set(index))
            layout = "shared" if distinct == 1 else ("unique" if distinct == len(index) else "repeated")
            self.sources.append((kind, layout, np.array(index[:1] if distinct == 1 else index)))
        self.inputs = None

    def forward(self, values, fixed) -> None:
        self.inputs = [values[index] if kind == "row" else fixed[index][:, None] for kind, _, index in self.sources]
        values[self.out_rows] = self.rule.forward(NUMPY_MATH(), *self.inputs)

    def check(self, values) -> None:
        """Raise the eager engine's error if some output is not finite (log(0), overflow, ...)."""
        np = _numpy()
        outputs = values[self.out_rows]
        if not np.isfinite(outputs).all():
            node, sample = np.argwhere(~np.isfinite(outputs))[0]
            operands = [np.broadcast_to(array, outputs.shape)[node, sample] for array in self.inputs]
            raise self.rule.failure(*[float(x) for x in operands])

    def backward(self, values, grads, fixed_grads, careful: bool = False) -> None:
        np = _numpy()
        upstream = grads[self.out_rows]
        local = self.rule.local_grads(NUMPY_MATH(), *self.inputs, values[self.out_rows])
        for (kind, layout, index), derivative in zip(self.sources, local):
            if careful:  # as eager: a node with no gradient pushes nothing, even where its slope is infinite
                contribution = np.where(upstream != 0.0, upstream * derivative, 0.0)
                if not np.isfinite(contribution).all():
                    raise ArithmeticError(f"backward through {self.rule.name} failed: its derivative is infinite "
                                          "or undefined for some sample (as sqrt'(0) is). Keep its input away.")
            else:
                contribution = upstream if type(derivative) is float and derivative == 1.0 else upstream * derivative
            if kind == "fixed":
                summed = contribution.sum(axis=1)
                if layout == "shared":
                    fixed_grads[index[0]] += summed.sum()
                elif layout == "unique":
                    fixed_grads[index] += summed
                else:
                    np.add.at(fixed_grads, index, summed)
            elif layout == "shared":
                grads[index[0]] += contribution.sum(axis=0)
            elif layout == "unique":
                grads[index] += contribution
            else:
                np.add.at(grads, index, contribution)


def _groups(nodes: list, rows: dict, fixed_index: dict) -> list:
    """Batch the replay: nodes at the same depth with the same rule and input kinds run together."""
    depth, batches = {}, defaultdict(list)
    for node in nodes:
        depth[id(node)] = 1 + max((depth.get(id(parent), 0) for parent in node.parents), default=0)
        kinds = tuple("row" if id(parent) in rows else "fixed" for parent in node.parents)
        batches[(depth[id(node)], id(node._rule), kinds)].append(node)
    groups = []
    for (_, _, kinds), members in sorted(batches.items(), key=lambda item: item[0][0]):
        sources = [(kind, [rows[id(m.parents[p])] if kind == "row" else fixed_index[id(m.parents[p])] for m in members])
                   for p, kind in enumerate(kinds)]
        groups.append(_Group(members[0]._rule, [rows[id(m)] for m in members], sources))
    return groups


def _float_forward(node) -> float:
    inputs = [parent._data for parent in node.parents]
    try:
        out = node._rule.forward(FLOAT_MATH, *inputs)
        if -math.inf < out < math.inf:
            return out
    except (ArithmeticError, ValueError):
        pass
    raise node._rule.failure(*inputs)


def _numpy():
    import numpy

    return numpy


_NUMPY_MATH = []


def NUMPY_MATH() -> SimpleNamespace:
    """The numpy twin of ops.FLOAT_MATH, made on first use (so importing autograd never imports numpy)."""
    if not _NUMPY_MATH:
        np = _numpy()
        _NUMPY_MATH.append(SimpleNamespace(exp=np.exp, log=np.log, log1p=np.log1p, tanh=np.tanh, sqrt=np.sqrt,
                                           pow=np.power, abs=np.abs, sign=np.sign, where=np.where))
    return _NUMPY_MATH[0]
