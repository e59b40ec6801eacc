"""The Layer kernel: k weighted sums of the same inputs as one matrix product, out = W @ X + b, with W and b
views into the parameter vector when the parameters lie there evenly spaced (as a model lays them out).

Structure, not calculus: it stands in for a group only when the group's rule says, in its own written-out
code, that it is a weighted sum with d/dx = w, d/dw = x, d/db = 1 (patterns.py); those per-edge slopes,
summed over a layer's nodes and samples by the chain rule, are the products with W and X transposed below.

Imports: tracing.base, tracing.fused (for types only), tracing.patterns, tracing.replay, numpy (when a trace is
compiled).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .base import Kernel, run
from .patterns import is_weighted_sum
from .replay import Group, first_row, slots

if TYPE_CHECKING:
    from .fused import Names
    from .replay import Array, Index, SoleReader


class Layer(Kernel):
    """k weighted sums of the same inputs: out = W @ X + b, with W and b views into the parameter vector
    when the parameters lie there evenly spaced (as a model lays them out), gathered otherwise."""

    @classmethod
    def recognise(cls, group: Group, first_varying: int, fixed_values: Array, fixed_grads: Array,
                  sole: SoleReader) -> Layer | None:
        """A Layer when the group's rule is a weighted sum (patterns.is_weighted_sum: its own code says so)
        of shared inputs and fixed weights, else None."""
        if not is_weighted_sum(group.rule, len(group.sources)):
            return None
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
        self.x = run(rows)  # a slice when the inputs are consecutive rows (a previous layer), else the rows
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
            np.add.reduce(upstream, axis=1, out=self.b_grad if self.b_sole else d_b)  # the ufunc: no wrapper
            if not self.b_sole:
                _add_into(fixed_grads, self.b_grad, self.b_index, d_b)
        if self.x_needs_grad:
            np.matmul(w.T, upstream, out=grads[self.x] if self.x_sole else d_x)
            if not self.x_sole:
                _add_rows(grads, self.x, d_x)

    # -- written out, for a fused replay (fused.py): the same calls as forward and backward, by name ---------------
    def _operand_names(self, names: Names, values: Array) -> tuple[list[str], str, str, str]:
        """(lines that gather what is not a view, x, w, b): x the input rows, w (nodes, k), b a column."""
        lines = []
        x = names(values[self.x]) if isinstance(self.x, slice) else names.fresh()
        if not isinstance(self.x, slice):
            lines.append(f"{x} = {names(values)}.take({names(self.x)}, axis=0)")
        w = names(self.w) if self.w is not None else names.fresh()
        if self.w is None:
            lines.append(f"{w} = {names(self.fixed_values)}.take({names(self.w_index)})")
        b = names(self.b[:, None]) if self.b is not None else names.fresh()
        if self.b is None:
            lines.append(f"{b} = {names(self.fixed_values)}.take({names(self.b_index)})[:, None]")
        return lines, x, w, b

    def emit_forward(self, names: Names, values: Array, grads: Array, fixed_values: Array,
                     fixed_grads: Array) -> list[str]:
        lines, x, w, b = self._operand_names(names, values)
        out = names(values[self.out])
        return [*lines, f"np.matmul({w}, {x}, out={out})", f"np.add({out}, {b}, out={out})"]

    def emit_backward(self, names: Names, values: Array, grads: Array, fixed_values: Array,
                      fixed_grads: Array) -> list[str]:
        lines, x, w, _ = self._operand_names(names, values)
        upstream = grads[self.out]
        d_w, d_b, d_x = (names(buffer) for buffer in self._buffers(upstream.shape, values[self.x].shape
                                                                  if isinstance(self.x, slice) else
                                                                  (len(self.x), upstream.shape[1])))
        u, fixed = names(upstream), names(fixed_grads)
        if self.w_needs:
            into = names(self.w_grad) if self.w_sole and self.w_grad is not None else d_w
            lines.append(f"np.matmul({u}, {x}.T, out={into})")
            if not self.w_sole:
                lines.append(_added(self.w_grad, names, fixed, self.w_index, d_w))
        if self.b_needs:
            into = names(self.b_grad) if self.b_sole and self.b_grad is not None else d_b
            lines.append(f"np.add.reduce({u}, axis=1, out={into})")
            if not self.b_sole:
                lines.append(_added(self.b_grad, names, fixed, self.b_index, d_b))
        if self.x_needs_grad:
            into = names(grads[self.x]) if self.x_sole and isinstance(self.x, slice) else d_x
            lines.append(f"np.matmul({w}.T, {u}, out={into})")
            if not self.x_sole:
                rows = names(grads[self.x]) if isinstance(self.x, slice) else None
                lines.append(f"np.add({rows}, {d_x}, out={rows})" if rows is not None
                             else f"np.add.at({names(grads)}, {names(self.x)}, {d_x})")
        return lines

    def _buffers(self, out_shape: tuple[int, ...], x_shape: tuple[int, ...]) -> tuple[Array, Array, Array]:
        n = out_shape[1]
        if n not in self.scratch:
            self.scratch[n] = (np.empty((out_shape[0], x_shape[0])), np.empty(out_shape[0]), np.empty(x_shape))
        return self.scratch[n]


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


def _added(view: Array | None, names: Names, fixed: str, index: Index, contribution: str) -> str:
    """_add_into as one written line."""
    if view is not None:
        into = names(view)
        return f"np.add({into}, {contribution}, out={into})"
    return f"np.add.at({fixed}, {names(index)}, {contribution})"


def _add_into(fixed_grads: Array, view: Array | None, index: Index, contribution: Array) -> None:
    if view is not None:
        view += contribution
    else:
        np.add.at(fixed_grads, index, contribution)
