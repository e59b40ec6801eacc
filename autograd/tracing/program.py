"""Trace: a recorded graph compiled once into numpy steps, replayed over batches of samples.

Varying values live in one matrix (a row per node, a column per sample); everything that does not
vary lives in one fixed vector: first the parameters (``theta``, in the order asked for), then the
constants, then the nodes computed from them.

Two ways to run it: ``forward``/``backward`` take the parameters' numbers from their Values and
give the gradients back to them, as the eager engine would; ``step``/``run`` touch no Value and
work on ``theta`` as it is, for a caller that keeps the numbers there (nn.Weights, in fit).

Imports: nodes, tracing.replay, tracing.kernels, tracing.fixed, numpy (when a trace is made).
"""
import math
from collections import Counter

from ..nodes import read_grads, read_numbers, write_grads
from .replay import plan


class Trace:
    """A recorded graph: ``forward(*arrays)`` per-sample outputs, ``backward(*arrays)`` gradients."""

    def __init__(self, outputs: list, placeholders: list, widths: list, single: bool, order: list,
                 parameters: list | None = None) -> None:
        np = _numpy()
        from .fixed import FixedPart
        from .kernels import compile_group

        self.outputs, self.widths, self.single = outputs, widths, single
        varying = _varying(order, placeholders)
        fixed = [node for node in order if id(node) not in varying]
        self.parameters = _parameter_order([node for node in fixed if not node.parents], parameters)
        constants = [node for node in fixed if not node.parents and not node.requires_grad]
        inner = [node for node in fixed if node.parents]  # e.g. an L2 term on the weights
        self.fixed = self.parameters + constants + inner
        self.fixed_index = {id(node): j for j, node in enumerate(self.fixed)}
        self.fixed_values, self.fixed_grads = np.zeros(len(self.fixed)), np.zeros(len(self.fixed))
        self.theta, self.theta_grad = self.fixed_values[:len(self.parameters)], self.fixed_grads[:len(self.parameters)]
        start = len(self.parameters)
        self.fixed_values[start:start + len(constants)] = [node.data for node in constants]  # they never change
        in_graph = {id(node) for node in order}
        first = [leaf for leaf, _ in placeholders if id(leaf) in in_graph]
        self.rows, groups = plan(order, varying, first, self.fixed_index)
        self.fixed_part = FixedPart(inner, self.fixed_index)
        sole = _sole_readers(groups, self.rows.get(id(outputs[0])))
        self.steps = [compile_group(group, len(first), self.fixed_values, self.fixed_grads, sole) for group in groups]
        self.inputs = [self.rows.get(id(leaf)) for leaf, _ in placeholders]  # None: fn ignores that input
        self.placements = _placements(self.inputs, [position for _, position in placeholders], len(widths))
        self.last_outputs, self._buffers = None, {}

    # -- the contract: Values in, Values out -----------------------------------------------------
    def forward(self, *arrays):
        """fn's outputs for every sample (row) of the arrays: an array, or a tuple of arrays."""
        self.theta[:] = read_numbers(self.parameters)  # the Values' numbers may have changed since
        return self.run(*arrays)

    def backward(self, *arrays) -> float:
        """Mean of the first output over the batch; its gradient is added to every captured leaf."""
        self.theta[:] = read_numbers(self.parameters)
        mean = self.step(*arrays)
        grads = _numpy().array(read_grads(self.parameters)) + self.theta_grad
        write_grads(self.parameters, grads)  # leaves accumulate, as in the eager engine
        return mean

    def run(self, *arrays):
        """forward() on theta as it is, reading no Value (theta is kept current by whoever updates it)."""
        values, n = self._replay(arrays)
        outputs = tuple(self._per_sample(out, values, n) for out in self.outputs)
        return outputs[0] if self.single else outputs

    # -- the fast path: arrays in, arrays out ----------------------------------------------------
    def step(self, *arrays, checked: bool = False) -> float:
        """Replay on theta as it is and fill ``theta_grad`` with the mean gradient; no Value is read
        or written. Returns the mean of the first output. ``checked=True`` says the arrays are float
        arrays of the traced shapes, all finite, already checked by the caller (fit checks its data
        once, not every step)."""
        np = _numpy()
        with np.errstate(all="ignore"):  # every number is checked below, with the engine's own errors
            values, n = self._replay(arrays, checked)
            self.last_outputs = tuple(self._per_sample(out, values, n) for out in self.outputs)
            grads = self._buffers[n][1]
            for careful in (False, True):
                self._seed(grads, n)
                for step in reversed(self.steps):
                    step.backward(values, grads, self.fixed_grads, careful)
                if _all_finite(grads):
                    self.fixed_part.backward(self.fixed_values, self.fixed_grads)
                    if _all_finite(self.fixed_grads):
                        return float(self.last_outputs[0].mean())
        raise OverflowError("a gradient overflowed during the traced backward pass; the function is too steep "
                            "here: lower the learning rate or rescale the inputs.")

    def _seed(self, grads, n: int) -> None:
        """d mean/d output = 1/n for every sample (or 1 for an output that does not vary)."""
        grads.fill(0.0)
        self.fixed_grads.fill(0.0)
        first = self.outputs[0]
        if id(first) in self.rows:
            grads[self.rows[id(first)]] = 1.0 / n
        else:
            self.fixed_grads[self.fixed_index[id(first)]] = 1.0

    def _replay(self, arrays, checked: bool = False):
        np = _numpy()
        arrays, n = (arrays, len(arrays[0])) if checked else self._checked(arrays)
        self.fixed_part.forward(self.fixed_values)
        if n not in self._buffers:  # made once per batch size
            self._buffers[n] = (np.empty((len(self.rows), n)), np.empty((len(self.rows), n)))
        values = self._buffers[n][0]
        for array, rows in zip(arrays, self.placements):
            if isinstance(rows, slice):  # the argument's placeholders are consecutive rows: one copy
                values[rows] = array.T if array.ndim == 2 else array
            else:
                for row, column in zip(rows, array.T if array.ndim == 2 else [array]):
                    if row is not None:
                        values[row] = column
        with np.errstate(all="ignore"):
            for step in self.steps:
                step.forward(values, self.fixed_values)
            finite = _all_finite(values)
        if not finite:
            for step in self.steps:
                step.check(values)  # the first group with a non-finite output raises the eager error
        return values, n

    def _checked(self, arrays) -> tuple[list, int]:
        """The arrays as float arrays of the traced shapes, all finite, and the number of samples."""
        np = _numpy()
        if len(arrays) != len(self.widths):
            raise TypeError(f"this trace takes {len(self.widths)} arrays (one per traced argument); got {len(arrays)}.")
        arrays = [np.asarray(array, dtype=float) for array in arrays]
        n = len(arrays[0]) if arrays and arrays[0].ndim else 0
        for position, (array, width) in enumerate(zip(arrays, self.widths)):
            shape = (n,) if width is None else (n, width)
            if array.shape != shape or n == 0:
                raise ValueError(f"argument {position}: expected an array of shape (n, ...) = {shape} with n >= 1 "
                                 f"samples, like the example it was traced with; got {array.shape}.")
            with np.errstate(all="ignore"):
                finite = _all_finite(array)
            if not finite:
                raise ValueError(f"argument {position} holds NaN or inf; a Value is always finite.")
        return arrays, n

    def _per_sample(self, out, values, n):
        np = _numpy()
        if id(out) in self.rows:
            return values[self.rows[id(out)]].copy()
        return np.full(n, self.fixed_values[self.fixed_index[id(out)]])

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


def _varying(order: list, placeholders: list) -> set:
    """The ids of the placeholders and of every node that depends on one."""
    varying = {id(leaf) for leaf, _ in placeholders}
    for node in order:
        if node.parents and any(id(parent) in varying for parent in node.parents):
            varying.add(id(node))
    return varying


def _sole_readers(groups: list, seeded_row: int | None):
    """A test: is every row (or fixed slot) at this source read by that source alone? Then its kernel may
    write the gradient there (out=) instead of adding to it, which saves a temporary and a pass."""
    rows, slots = Counter(), Counter()
    for group in groups:
        for kind, index in group.sources:
            if kind == "shared":
                rows[int(index[0])] += 1
            elif kind == "rows":
                rows.update(_indices(index))
            elif kind == "fixed":
                slots.update(_indices(index))
    # The fixed part's reads do not count: its backward runs after every kernel's and only adds.
    if seeded_row is not None:
        rows[seeded_row] += 1

    def sole(kind: str, index) -> bool:
        counts = rows if kind in ("rows", "shared") else slots
        chosen = [int(index[0])] if kind == "shared" else _indices(index)
        return all(counts[i] == 1 for i in chosen)

    return sole


def _indices(index) -> list:
    return list(range(index.start, index.stop)) if isinstance(index, slice) else [int(i) for i in index.ravel()]


def _placements(rows: list, positions: list, count: int) -> list:
    """Per traced argument, where its placeholders' rows are: one slice when they are consecutive
    (a copy of the whole argument at once), else the rows one by one (None: fn ignores that one)."""
    placements = []
    for position in range(count):
        mine = [row for row, at in zip(rows, positions) if at == position]
        consecutive = bool(mine) and all(row is not None for row in mine) and mine == list(
            range(mine[0], mine[0] + len(mine)))
        placements.append(slice(mine[0], mine[0] + len(mine)) if mine and consecutive else mine)
    return placements


def _parameter_order(leaves: list, parameters: list | None) -> list:
    """The captured leaves that need a gradient: those of ``parameters`` first, in its order (all of
    them, used or not, so theta lines up with an optimizer's list), then the rest in graph order."""
    given = list(parameters) if parameters is not None else []
    seen = {id(parameter) for parameter in given}
    return given + [leaf for leaf in leaves if leaf.requires_grad and id(leaf) not in seen]


def _all_finite(array) -> bool:
    """A sum is cheaper than isfinite(...).all(); only when it is not finite look closer (it may overflow).
    Called inside np.errstate(all="ignore"): inf - inf in the sum is nan by design here."""
    return math.isfinite(array.sum()) or bool(_numpy().isfinite(array).all())


def _numpy():
    import numpy

    return numpy
