"""Fast kernels for the commonest groups of a replay: a layer's weighted sums as one matrix product on
views of the parameter vector, and relu/tanh on contiguous rows, all writing into buffers made once.

A kernel stands in for a replay Group (replay.py) and keeps it: the Group's careful backward and its
checks still explain a failure with the eager engine's words. Anything a kernel does not recognise
stays a Group.

Imports: ops, tracing.replay, numpy (when a trace is compiled).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from ..ops import ADD, EXP, LINEAR, LOG, MAX_OF, MUL, RELU, SUB, SUM, TANH
from .replay import Group, first_row, slots

if TYPE_CHECKING:
    from numpy.typing import NDArray

    from .replay import Array, Index, Kind, SoleReader, Source, Step


def compile_group(group: Group, first_varying: int, fixed_values: Array, fixed_grads: Array,
                  sole: SoleReader) -> Step:
    """The fastest kernel that computes ``group`` exactly, or the group itself. ``sole(kind, index)``
    says whether a source is read by nothing else, so its gradient may be written rather than added."""
    group.sources = [_as_block(kind, index, group.out.stop - group.out.start) for kind, index in group.sources]
    if group.rule is LINEAR:
        layer = Layer.recognise(group, first_varying, fixed_values, fixed_grads, sole)
        if layer is not None:
            return layer
    if group.rule in (RELU, TANH, EXP, LOG) and len(group.sources) == 1 and group.sources[0][0] == "rows":
        kind, index = group.sources[0]
        if isinstance(index, slice):
            return Elementwise(group, index, fixed_values, sole(kind, index))
    if group.rule in (SUM, MAX_OF) and group.out.stop - group.out.start == 1:
        # A group of one node reads each varying input as a one-row block (_as_block): all are slices.
        block = _consecutive([index for _, index in group.sources if isinstance(index, slice)], len(group.sources))
        if block is not None:
            return Reduction(group, block, fixed_values)
    blocks = all(kind != "rows" or isinstance(index, slice) for kind, index in group.sources)
    if group.rule in (ADD, SUB, MUL) and blocks:
        return Arithmetic(group, fixed_values)
    return group


class Kernel:
    """What every kernel shares with a Group: the group it replaces, for checks and careful backward.
    A kernel is a Step (replay.py) as the Group is: forward, backward, check."""

    def __init__(self, group: Group, fixed_values: Array) -> None:
        self.group, self.rule, self.out, self.fixed_values = group, group.rule, group.out, fixed_values

    def check(self, values: Array) -> None:
        self.group.inputs = self.group.operands(values, self.fixed_values)
        self.group.check(values)

    def careful_backward(self, values: Array, grads: Array, fixed_grads: Array) -> None:
        self.group.inputs = self.group.operands(values, self.fixed_values)
        self.group.backward(values, grads, fixed_grads, careful=True)


class Layer(Kernel):
    """k weighted sums of the same inputs: out = W @ X + b, with W and b views into the parameter vector
    when the parameters lie there evenly spaced (as a model lays them out), gathered otherwise."""

    @classmethod
    def recognise(cls, group: Group, first_varying: int, fixed_values: Array, fixed_grads: Array,
                  sole: SoleReader) -> Layer | None:
        k = (len(group.sources) - 1) // 2
        kinds = [kind for kind, _ in group.sources]
        shared = ("shared", "rows") if group.out.stop - group.out.start == 1 else ("shared",)
        fixed = ("fixed", "constant")
        if any(kind not in shared for kind in kinds[:k]) or any(kind not in fixed for kind in kinds[k:]):
            return None
        if len(set(kinds[k:2 * k])) > 1:  # some weights constant, some not: the Group pushes them one by one
            return None
        return cls(group, k, first_varying, fixed_values, fixed_grads, sole)

    def __init__(self, group: Group, k: int, first_varying: int, fixed_values: Array, fixed_grads: Array,
                 sole: SoleReader) -> None:
        super().__init__(group, fixed_values)
        sources = group.sources
        rows = np.array([first_row(index) for _, index in sources[:k]])
        self.x = _run(rows)  # a slice when the inputs are consecutive rows (a previous layer), else the rows
        self.x_needs_grad = bool((rows >= first_varying).any())  # placeholders need no gradient
        w_index = np.stack([slots(index) for _, index in sources[k:2 * k]], axis=1)  # (nodes, k)
        b_index = slots(sources[2 * k][1])
        self.w_needs, self.b_needs = sources[k][0] == "fixed", sources[2 * k][0] == "fixed"
        self.w_index, self.b_index = w_index, b_index
        self.w, self.w_grad = _strided(fixed_values, w_index), _strided(fixed_grads, w_index)
        self.b, self.b_grad = _strided(fixed_values, b_index), _strided(fixed_grads, b_index)
        # Written, not added, where nothing else reads the same rows or parameters (each layer in an MLP):
        self.x_sole = isinstance(self.x, slice) and all(sole(kind, index) for kind, index in sources[:k])
        self.w_sole = self.w_grad is not None and all(sole("fixed", index) for _, index in sources[k:2 * k])
        self.b_sole = self.b_grad is not None and sole("fixed", b_index)
        self.scratch: dict[int, tuple[Array, Array, Array]] = {}  # batch size -> d_w, d_b, d_x, made once

    def _operands(self, values: Array) -> tuple[Array, Array, Array]:
        x = values[self.x] if isinstance(self.x, slice) else values.take(self.x, axis=0)
        w = self.w if self.w is not None else self.fixed_values.take(self.w_index)
        b = self.b if self.b is not None else self.fixed_values.take(self.b_index)
        return x, w, b

    def forward(self, values: Array, fixed: Array) -> None:
        x, w, b = self._operands(values)
        out = values[self.out]
        np.matmul(w, x, out=out)
        out += b[:, None]

    def backward(self, values: Array, grads: Array, fixed_grads: Array, careful: bool = False) -> None:
        if careful:
            self.careful_backward(values, grads, fixed_grads)
            return
        x, w, _ = self._operands(values)
        upstream = grads[self.out]
        d_w, d_b, d_x = self._buffers(upstream.shape, x.shape)
        if self.w_needs:
            np.matmul(upstream, x.T, out=self.w_grad if self.w_sole else d_w)
            if not self.w_sole:
                _add_into(fixed_grads, self.w_grad, self.w_index, d_w)
        if self.b_needs:
            np.sum(upstream, axis=1, out=self.b_grad if self.b_sole else d_b)
            if not self.b_sole:
                _add_into(fixed_grads, self.b_grad, self.b_index, d_b)
        if self.x_needs_grad:
            np.matmul(w.T, upstream, out=grads[self.x] if self.x_sole else d_x)
            if not self.x_sole:
                _add_rows(grads, self.x, d_x)

    def _buffers(self, out_shape: tuple[int, ...], x_shape: tuple[int, ...]) -> tuple[Array, Array, Array]:
        n = out_shape[1]
        if n not in self.scratch:
            self.scratch[n] = (np.empty((out_shape[0], x_shape[0])), np.empty(out_shape[0]), np.empty(x_shape))
        return self.scratch[n]


class Elementwise(Kernel):
    """relu, tanh, exp or log over a block of consecutive rows, into buffers made once."""

    def __init__(self, group: Group, rows: slice, fixed_values: Array, sole: bool) -> None:
        super().__init__(group, fixed_values)
        self.rows, self.sole = rows, sole  # sole: nothing else reads the input rows, so write their gradient
        self.scratch: dict[int, tuple[Array, NDArray[np.bool_]]] = {}  # batch size -> local, mask, made once

    def forward(self, values: Array, fixed: Array) -> None:
        inputs, out = values[self.rows], values[self.out]
        if self.rule is RELU:
            np.maximum(inputs, 0.0, out=out)
        else:
            {TANH: np.tanh, EXP: np.exp, LOG: np.log}[self.rule](inputs, out=out)

    def backward(self, values: Array, grads: Array, fixed_grads: Array, careful: bool = False) -> None:
        if careful:
            self.careful_backward(values, grads, fixed_grads)
            return
        out, upstream = values[self.out], grads[self.out]
        buffer, mask = self._buffers(out.shape)
        local = grads[self.rows] if self.sole else buffer
        if self.rule is RELU:  # d/da = 1 where a > 0, i.e. where out > 0 (0 at the kink, as in the rule)
            np.greater(out, 0.0, out=mask)
            np.multiply(upstream, mask, out=local)
        elif self.rule is TANH:  # d/da = 1 - out**2
            np.multiply(out, out, out=local)
            np.subtract(1.0, local, out=local)
            local *= upstream
        elif self.rule is EXP:  # d/da = out
            np.multiply(upstream, out, out=local)
        else:  # log: d/da = 1/a
            np.divide(upstream, values[self.rows], out=local)
        if not self.sole:
            grads[self.rows] += local

    def _buffers(self, shape: tuple[int, ...]) -> tuple[Array, NDArray[np.bool_]]:
        if shape[1] not in self.scratch:
            self.scratch[shape[1]] = (np.empty(shape), np.empty(shape, dtype=bool))
        return self.scratch[shape[1]]


class Arithmetic(Kernel):
    """a + b, a - b or a * b where each side is a block of rows, one shared row, or fixed numbers."""

    def __init__(self, group: Group, fixed_values: Array) -> None:
        super().__init__(group, fixed_values)
        self.sides = group.sources  # every "rows" side is a block, a slice (compile_group checks)

    def _operand(self, values: Array, side: Source) -> Array:
        kind, index = side
        if isinstance(index, slice):
            return values[index]
        if kind == "shared":
            row: Array = values[index[0]]  # one row, (samples,): broadcasts over the group's nodes
            return row
        return self.fixed_values[index][:, None]

    def forward(self, values: Array, fixed: Array) -> None:
        a, b = (self._operand(values, side) for side in self.sides)
        {ADD: np.add, SUB: np.subtract, MUL: np.multiply}[self.rule](a, b, out=values[self.out])

    def backward(self, values: Array, grads: Array, fixed_grads: Array, careful: bool = False) -> None:
        if careful:
            self.careful_backward(values, grads, fixed_grads)
            return
        upstream = grads[self.out]
        locals_: tuple[Array | float | None, ...]  # each side's local derivative; None: 1
        if self.rule is MUL:
            a, b = (self._operand(values, side) for side in self.sides)
            locals_ = (b, a)
        else:
            locals_ = (None, None if self.rule is ADD else -1.0)
        for side, local in zip(self.sides, locals_):
            kind, index = side
            if kind == "constant":
                continue
            contribution = upstream if local is None else upstream * local
            if isinstance(index, slice):  # rows
                grads[index] += contribution
            elif kind == "shared":
                grads[index[0]] += contribution.sum(axis=0)
            else:
                np.add.at(fixed_grads, index, contribution.sum(axis=1))


class Reduction(Kernel):
    """One sum or max over a block of consecutive rows (softmax's max and sum, a batch mean): one numpy
    reduction along the rows, instead of a chain of binary nodes."""

    def __init__(self, group: Group, block: slice, fixed_values: Array) -> None:
        super().__init__(group, fixed_values)
        self.block = block

    def forward(self, values: Array, fixed: Array) -> None:
        reduce = np.sum if self.rule is SUM else np.max
        reduce(values[self.block], axis=0, keepdims=True, out=values[self.out])

    def backward(self, values: Array, grads: Array, fixed_grads: Array, careful: bool = False) -> None:
        if careful:
            self.careful_backward(values, grads, fixed_grads)
            return
        upstream = grads[self.out]
        if self.rule is SUM:  # d/dx_i = 1
            grads[self.block] += upstream
        else:  # d/dx_i = 1/t for the t inputs equal to the max
            hits = values[self.block] == values[self.out]
            grads[self.block] += hits * (upstream / hits.sum(axis=0, keepdims=True))


def _consecutive(slices: list[slice], count: int) -> slice | None:
    """The one slice covering ``count`` single-row slices that follow each other, or None."""
    if len(slices) != count or any(s.stop - s.start != 1 for s in slices):
        return None
    starts = [s.start for s in slices]
    if starts != list(range(starts[0], starts[0] + count)):
        return None
    return slice(starts[0], starts[0] + count)


def _as_block(kind: Kind, index: Index | slice, members: int) -> Source:
    """One row read by a group of one node is a block of rows too (rows k:k+1): one kernel serves both."""
    if kind == "shared" and members == 1:
        return "rows", slice(first_row(index), first_row(index) + 1)
    if kind == "rows" and not isinstance(index, slice):
        return "rows", _run(index)
    return kind, index


def _run(rows: Index) -> slice | Index:
    """Consecutive rows as a slice (a view); anything else stays an index array."""
    if len(rows) and (np.diff(rows) == 1).all():
        return slice(int(rows[0]), int(rows[-1]) + 1)
    return rows


def _strided(vector: Array, index: Index) -> Array | None:
    """A view of ``vector`` at ``index`` (1-D or 2-D) when the positions are evenly spaced along each
    axis, so that reading it costs nothing and writing it writes the vector; else None."""
    steps = [np.diff(index, axis=axis) for axis in range(index.ndim)]
    if any(step.size and not (step == step.flat[0]).all() for step in steps):
        return None
    strides = tuple(int(step.flat[0]) * vector.itemsize if step.size else vector.itemsize for step in steps)
    if any(stride <= 0 for stride in strides) or len(set(index.ravel().tolist())) != index.size:
        return None
    start = int(index.flat[0])
    return np.lib.stride_tricks.as_strided(vector[start:], shape=index.shape, strides=strides)


def _add_rows(grads: Array, rows: slice | Index, contribution: Array) -> None:
    if isinstance(rows, slice):
        grads[rows] += contribution
    else:
        np.add.at(grads, rows, contribution)


def _add_into(fixed_grads: Array, view: Array | None, index: Index, contribution: Array) -> None:
    if view is not None:
        view += contribution
    else:
        np.add.at(fixed_grads, index, contribution)
