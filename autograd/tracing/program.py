"""Trace: a recorded graph compiled once into numpy steps, replayed over batches of samples.

Varying values live in one matrix (a row per node, a column per sample); everything that does not
vary lives in one fixed vector: first the parameters (``theta``, in the order asked for), then the
constants, then the nodes computed from them (placement.py decides where each node lives).

Two ways to run it: ``forward``/``backward`` take the parameters' numbers from their Values and
give the gradients back to them, as the eager engine would; ``step``/``run`` touch no Value and
work on ``theta`` as it is, for a caller that keeps the numbers there (nn.Weights, in fit).

Imports: nodes, value (for types only), tracing.placement, tracing.replay, tracing.kernels, tracing.fixed,
tracing.fused, numpy (when a trace is made).
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias, cast

from ..nodes import read_grads, read_numbers, write_grads
from .placement import Placement, parameter_order, placements, sole_readers, varying_nodes
from .replay import plan

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import ArrayLike, NDArray

    from ..value import Value
    from .fused import Fused

    Array: TypeAlias = NDArray[np.float64]
    Outputs: TypeAlias = "Array | tuple[Array, ...]"  # one array per output of fn, a row per sample


class Trace:
    """A recorded graph: ``forward(*arrays)`` per-sample outputs, ``backward(*arrays)`` gradients."""

    def __init__(self, outputs: list[Value], placeholders: list[tuple[Value, int]], widths: list[int | None],
                 single: bool, order: list[Value], parameters: Sequence[Value] | None = None) -> None:
        import numpy as np

        from .fixed import FixedPart
        from .kernels import compile_group

        self.outputs, self.widths, self.single = outputs, widths, single
        varying = varying_nodes(order, placeholders)
        fixed = [node for node in order if id(node) not in varying]
        self.parameters = parameter_order([node for node in fixed if not node.parents], parameters)
        constants = [node for node in fixed if not node.parents and not node.requires_grad]
        inner = [node for node in fixed if node.parents]  # e.g. an L2 term on the weights
        self.fixed = self.parameters + constants + inner
        self.fixed_index = {id(node): j for j, node in enumerate(self.fixed)}
        self.fixed_values: Array = np.zeros(len(self.fixed))
        self.fixed_grads: Array = np.zeros(len(self.fixed))
        self.theta, self.theta_grad = self.fixed_values[:len(self.parameters)], self.fixed_grads[:len(self.parameters)]
        start = len(self.parameters)
        self.fixed_values[start:start + len(constants)] = [node.data for node in constants]  # they never change
        in_graph = {id(node) for node in order}
        first = [leaf for leaf, _ in placeholders if id(leaf) in in_graph]
        self.rows, groups = plan(order, varying, first, self.fixed_index)
        self.fixed_part = FixedPart(inner, self.fixed_index)
        sole = sole_readers(groups, self.rows.get(id(outputs[0])), self.fixed_index.get(id(outputs[0])))
        self.steps = [compile_group(group, len(first), self.fixed_values, self.fixed_grads, sole) for group in groups]
        self.inputs = [self.rows.get(id(leaf)) for leaf, _ in placeholders]  # None: fn ignores that input
        self.placements: list[Placement] = placements(self.inputs, [at for _, at in placeholders], len(widths))
        self.last_outputs: tuple[Array, ...] = ()
        self._buffers: dict[int, tuple[Array, Array]] = {}  # batch size -> (values, grads), made once each
        self._fused: dict[int, Fused] = {}  # batch size -> its forward and backward, written out (fused.py)

    # -- the contract: Values in, Values out -----------------------------------------------------
    def forward(self, *arrays: ArrayLike) -> Outputs:
        """fn's outputs for every sample (row) of the arrays: an array, or a tuple of arrays."""
        self.theta[:] = read_numbers(self.parameters)  # the Values' numbers may have changed since
        return self.run(*arrays)

    def backward(self, *arrays: ArrayLike) -> float:
        """Mean of the first output over the batch; its gradient is added to every captured leaf."""
        import numpy as np

        self.theta[:] = read_numbers(self.parameters)
        mean = self.step(*arrays)
        write_grads(self.parameters, np.array(read_grads(self.parameters)) + self.theta_grad)  # leaves accumulate
        return mean

    # -- the fast path: arrays in, arrays out, theta as it is --------------------------------------
    def run(self, *arrays: ArrayLike) -> Outputs:
        """forward() on theta as it is, reading no Value (theta is kept current by whoever updates it)."""
        outputs = self.run_all(*arrays)
        return outputs[0] if self.single else outputs

    def run_all(self, *arrays: ArrayLike) -> tuple[Array, ...]:
        """run(), always as a tuple: one array per output of fn."""
        import numpy as np

        with np.errstate(all="ignore"):  # every number is checked, with the engine's own errors
            values, n = self._replay(arrays)
        return tuple(self._per_sample(out, values, n) for out in self.outputs)

    def step(self, *arrays: ArrayLike, checked: bool = False) -> float:
        """Replay on theta as it is and fill ``theta_grad`` with the mean gradient; no Value is read
        or written. Returns the mean of the first output; every output is kept in ``last_outputs``.
        ``checked=True`` says the arrays are float arrays of the traced shapes, all finite, already
        checked by the caller (fit checks its data once, not every step)."""
        import numpy as np

        with np.errstate(all="ignore"):  # every number is checked below, with the engine's own errors
            values, n = self._replay(arrays, checked)
            self.last_outputs = tuple(self._per_sample(out, values, n) for out in self.outputs)
            grads, fused = self._buffers[n][1], self._fused[n]
            for careful in (False, True):
                self._seed(grads, n)
                if not careful:
                    fused.backward()  # every step's backward, written out as one function
                else:  # step by step, each explaining a failure in the eager engine's words
                    for step in reversed(self.steps):
                        step.backward(values, grads, self.fixed_grads, careful=True)
                if _all_finite(grads):
                    self.fixed_part.backward(self.fixed_values, self.fixed_grads)
                    if _all_finite(self.fixed_grads):
                        return float(np.add.reduce(self.last_outputs[0])) / n
        raise OverflowError("a gradient overflowed during the traced backward pass; the function is too steep "
                            "here: lower the learning rate or rescale the inputs.")

    def _seed(self, grads: Array, n: int) -> None:
        """d mean/d output = 1/n for every sample (or 1 for an output that does not vary)."""
        grads.fill(0.0)
        self.fixed_grads.fill(0.0)
        first = self.outputs[0]
        if id(first) in self.rows:
            grads[self.rows[id(first)]] = 1.0 / n
        else:
            self.fixed_grads[self.fixed_index[id(first)]] = 1.0

    def _replay(self, arrays: Sequence[ArrayLike], checked: bool = False) -> tuple[Array, int]:
        if checked:  # the caller has checked them: float arrays of the traced shapes, all finite
            floats = cast("list[Array]", list(arrays))
            n = len(floats[0])
        else:
            floats, n = self._checked(arrays)
        self.fixed_part.forward(self.fixed_values)
        if n not in self._buffers:  # made once per batch size, with the replay written out for them
            self._prepare(n)
        values = self._buffers[n][0]
        for array, rows in zip(floats, self.placements):
            _place(values, array, rows)
        self._fused[n].forward()  # inside the caller's np.errstate: every number is checked just below
        if not _all_finite(values):
            for step in self.steps:
                step.check(values)  # the first group with a non-finite output raises the eager error
        return values, n

    def _prepare(self, n: int) -> None:
        """The values and gradient matrices for batches of n samples, and the replay written out over them."""
        import numpy as np

        from .fused import Fused

        values, grads = np.empty((len(self.rows), n)), np.empty((len(self.rows), n))
        self._buffers[n] = (values, grads)
        self._fused[n] = Fused(self.steps, values, grads, self.fixed_values, self.fixed_grads)

    def _checked(self, arrays: Sequence[ArrayLike]) -> tuple[list[Array], int]:
        """The arrays as float arrays of the traced shapes, all finite, and the number of samples."""
        import numpy as np

        if len(arrays) != len(self.widths):
            raise TypeError(f"this trace takes {len(self.widths)} arrays (one per traced argument); got {len(arrays)}.")
        floats = [np.asarray(array, dtype=float) for array in arrays]
        n = len(floats[0]) if floats and floats[0].ndim else 0
        for position, (array, width) in enumerate(zip(floats, self.widths)):
            shape = (n,) if width is None else (n, width)
            if array.shape != shape or n == 0:
                raise ValueError(f"argument {position}: expected an array of shape (n, ...) = {shape} with n >= 1 "
                                 f"samples, like the example it was traced with; got {array.shape}.")
            with np.errstate(all="ignore"):
                finite = _all_finite(array)
            if not finite:
                raise ValueError(f"argument {position} holds NaN or inf; a Value is always finite.")
        return floats, n

    def _per_sample(self, out: Value, values: Array, n: int) -> Array:
        if id(out) in self.rows:
            row: Array = values[self.rows[id(out)]]
            return row.copy()
        import numpy as np  # here, not above: this runs for every output of every step

        return np.full(n, self.fixed_values[self.fixed_index[id(out)]], dtype=np.float64)

    # -- Jupyter's display: what was recorded and what it compiled to ------------------------------
    def __repr__(self) -> str:
        arguments, outputs = len(self.widths), len(self.outputs)
        return (f"Trace({arguments} argument{'s' * (arguments != 1)} -> {outputs} output{'s' * (outputs != 1)} "
                f"per sample; {len(self.parameters)} parameters, {len(self.rows)} varying nodes replayed as "
                f"{len(self.steps)} numpy steps)")

    def _repr_html_(self) -> str:
        inputs = ", ".join("one number" if width is None else f"{width} numbers" for width in self.widths)
        rows = (("arguments (per sample)", inputs or "none"), ("outputs (per sample)", len(self.outputs)),
                ("parameters (theta)", len(self.parameters)), ("fixed values", len(self.fixed)),
                ("varying nodes (a row each)", len(self.rows)), ("compiled numpy steps", len(self.steps)))
        cells = "".join(f"<tr><th>{name}</th><td>{value}</td></tr>" for name, value in rows)
        return (f"<p><code>Trace</code>: a recorded graph, replayed over a batch with "
                f"<code>forward(*arrays)</code> and <code>backward(*arrays)</code>.</p><table>{cells}</table>")


def _place(values: Array, array: Array, rows: Placement) -> None:
    """One traced argument's numbers into its placeholders' rows (a column of ``array`` per placeholder)."""
    if isinstance(rows, slice):  # the placeholders are consecutive rows: one copy
        values[rows] = array.T if array.ndim == 2 else array
        return
    for row, column in zip(rows, array.T if array.ndim == 2 else [array]):
        if row is not None:
            values[row] = column


def _all_finite(array: Array) -> bool:
    """A sum is cheaper than isfinite(...).all(); only when it is not finite look closer (it may overflow).
    Called inside np.errstate(all="ignore"): inf - inf in the sum is nan by design here."""
    if math.isfinite(array.sum()):
        return True
    import numpy as np  # only on the rare way: this runs three times a step

    return bool(np.isfinite(array).all())
