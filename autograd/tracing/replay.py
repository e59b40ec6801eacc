"""The batched replay behind trace(): groups of same-depth, same-rule nodes run as one numpy call.

Values live in one matrix, a row per node and a column per sample; each group's rows
are contiguous, so reads and writes are slices. Backward finds the matrix products
hidden in the rules: a layer's weight gradients, for instance, come out of one `@`.
Uses only the nodes' own rules, as the code writer writes them out for numpy (codegen).

Imports: codegen.python, rule, value (both for types only), numpy (when a replay is planned).
"""
from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple, Protocol, TypeAlias

from ..codegen.python import compiled

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from ..rule import Number, Rule
    from ..value import Value

    Array: TypeAlias = NDArray[np.float64]  # the values matrix (nodes, samples), a block of it, the fixed vector
    Index: TypeAlias = NDArray[np.intp]  # rows of the matrix or slots of the fixed vector, one per group member
    # Where a group's input position reads: one row for all members ("shared"), a row each ("rows"),
    # fixed floats ("fixed"), or constants ("constant"); at an Index, or at a slice for a block of rows.
    Kind: TypeAlias = Literal["shared", "rows", "fixed", "constant"]
    Source: TypeAlias = tuple[Kind, "Index | slice"]
    # sole(kind, index): is every row or slot at this source read by it alone (the trace decides; a kernel
    # then writes that gradient instead of adding it)
    SoleReader: TypeAlias = Callable[[Kind, "Index | slice"], bool]


def plan(order: list[Value], varying: set[int], first_rows: list[Value],
         fixed_index: dict[int, int]) -> tuple[dict[int, int], list[Group]]:
    """Rows for the varying nodes (``first_rows`` first, then group by group) and the Groups."""
    depth: dict[int, int] = {}
    batches: defaultdict[tuple[int, int, tuple[str, ...]], list[Value]] = defaultdict(list)
    for node in order:
        if id(node) in varying and node.parents:
            depth[id(node)] = 1 + max((depth.get(id(parent), 0) for parent in node.parents), default=0)
            kinds = tuple("varying" if id(parent) in varying else "fixed" if parent.requires_grad else "constant"
                          for parent in node.parents)
            batches[(depth[id(node)], id(node.rule), kinds)].append(node)
    rows = {id(node): i for i, node in enumerate(first_rows)}
    ordered = [members for _, members in sorted(batches.items(), key=lambda item: item[0][0])]
    for members in ordered:
        rows.update({id(node): len(rows) + i for i, node in enumerate(members)})
    return rows, [Group(members, rows, fixed_index) for members in ordered]


class Step(Protocol):
    """What a trace runs, group by group: a Group, or a kernel (kernels.py) standing in for one."""

    def forward(self, values: Array, fixed: Array) -> None:
        """The group's outputs, written into their rows of ``values`` (fixed: the fixed vector)."""

    def backward(self, values: Array, grads: Array, fixed_grads: Array, careful: bool = False) -> None:
        """upstream * local added (or written) into the inputs' rows of ``grads`` and slots of ``fixed_grads``;
        ``careful``: as the eager engine, pushing nothing through a zero upstream, failing on infinite slopes."""

    def check(self, values: Array) -> None:
        """Raise the eager engine's error for the first sample whose output is not finite."""


class Batch(NamedTuple):
    """Input positions of one kind ("fixed" or "shared") whose gradients are pushed together."""

    kind: Kind
    positions: list[int]
    at: Index  # per position, where it reads: its fixed slots (positions, members), or its shared row
    unique: bool  # no slot or row repeats: += adds them all (else np.add.at)


class Group:
    """One batch of nodes: an input position reads a matrix row for all of them ("shared"),
    distinct rows ("rows"), fixed floats ("fixed"), or constants ("constant": read like fixed floats,
    but given no gradient, as the eager engine gives none)."""

    def __init__(self, members: list[Value], rows: dict[int, int], fixed_index: dict[int, int]) -> None:
        import numpy as np

        rule = members[0].rule
        assert rule is not None, "a group's nodes have parents, so a rule"
        self.rule: Rule = rule
        start = rows[id(members[0])]
        self.out = slice(start, start + len(members))
        self.sources: list[Source] = []
        for position, parent in enumerate(members[0].parents):
            parents = [member.parents[position] for member in members]
            kind: Kind
            if id(parent) in rows:
                index = np.array([rows[id(p)] for p in parents])
                kind = "shared" if (index == index[0]).all() else "rows"
            else:
                kind = "fixed" if parent.requires_grad else "constant"
                index = np.array([fixed_index[id(p)] for p in parents])
            self.sources.append((kind, _as_slice(index) if kind == "rows" else index))
        self.batches = _batches(self.sources)
        self.row_positions = [p for p, (kind, _) in enumerate(self.sources) if kind == "rows"]
        self.inputs: list[Array] = []  # each input position's numbers, kept by forward for backward and check
        self.code = compiled(self.rule, len(self.sources))  # the rule written out as numpy code

    def operands(self, values: Array, fixed: Array) -> list[Array]:
        """Each input position's numbers, shaped to broadcast against the group's (nodes, samples) block."""
        return [values[first_row(index)][None, :] if kind == "shared" else values[index] if kind == "rows"
                else fixed[index][:, None] for kind, index in self.sources]

    def forward(self, values: Array, fixed: Array) -> None:
        self.inputs = self.operands(values, fixed)
        values[self.out] = self.code.forward(*self.inputs)

    def backward(self, values: Array, grads: Array, fixed_grads: Array, careful: bool = False) -> None:
        upstream = grads[self.out]
        local: Sequence[Number] = self.code.local_grads(*self.inputs, values[self.out])
        if careful:
            local = [derivative if kind == "constant" else _finite(upstream, derivative, self.rule)
                     for derivative, (kind, _) in zip(local, self.sources)]
        for batch in self.batches:  # every fixed position, then every shared one
            self._push(batch, local, upstream, grads, fixed_grads)
        for p in self.row_positions:  # distinct rows, one position at a time
            kind, index = self.sources[p]
            _push_one(kind, local[p], upstream, index, grads, fixed_grads)

    def _push(self, batch: Batch, local: Sequence[Number], upstream: Array, grads: Array, fixed_grads: Array) -> None:
        """One batch's positions: those whose local derivatives share a 2-D shape stack into one push."""
        import numpy as np

        by_shape: defaultdict[tuple[int, ...] | None, list[int]] = defaultdict(list)
        for j, p in enumerate(batch.positions):
            by_shape[getattr(local[p], "shape", None)].append(j)
        for shape, picks in by_shape.items():
            if shape is not None and len(shape) == 2 and len(picks) > 1:
                stacked = np.stack([local[batch.positions[j]] for j in picks])
                _push_batch(batch.kind, stacked, upstream, batch.at[picks], batch.unique, grads, fixed_grads)
                continue
            for j in picks:
                kind, index = self.sources[batch.positions[j]]
                _push_one(kind, local[batch.positions[j]], upstream, index, grads, fixed_grads)

    def check(self, values: Array) -> None:
        """Raise the eager engine's error for the first sample whose output is not finite."""
        import numpy as np

        outputs = values[self.out]
        if not np.isfinite(outputs).all():
            node, sample = np.argwhere(~np.isfinite(outputs))[0]
            operands = [np.broadcast_to(array, outputs.shape)[node, sample] for array in self.inputs]
            raise self.rule.failure(*[float(x) for x in operands])


def first_row(index: Index | slice) -> int:
    """The first row (or slot) a source reads: the one row of a "shared" source."""
    return index.start if isinstance(index, slice) else int(index[0])


def slots(index: Index | slice) -> Index:
    """A fixed or constant source's slots in the fixed vector (only rows of the matrix come as slices)."""
    assert not isinstance(index, slice), "a fixed source is an index array"
    return index


def _push_one(kind: Kind, derivative: Number, upstream: Array, index: Index | slice, grads: Array,
              fixed_grads: Array) -> None:
    """One input position: contribution = upstream * local, added where that input lives."""
    import numpy as np

    contribution = upstream if type(derivative) is float and derivative == 1.0 else upstream * derivative
    if isinstance(index, slice):  # a block of rows (only "rows" sources are slices)
        grads[index] += contribution
    elif kind == "fixed":
        np.add.at(fixed_grads, index, contribution.sum(axis=1))
    elif kind == "shared":
        grads[index[0]] += contribution.sum(axis=0)
    else:
        np.add.at(grads, index, contribution)


def _push_batch(kind: Kind, stacked: Array, upstream: Array, index: Index, unique: bool, grads: Array,
                fixed_grads: Array) -> None:
    """Several positions at once. Summing upstream * local over the samples (for fixed inputs)
    or over the group (for shared rows) is a matrix product when the local derivatives are
    constant along the other axis, as a layer's are."""
    import numpy as np

    nodes, samples = upstream.shape
    if kind == "fixed":  # sums[position, node] over samples
        if stacked.shape[1:] == (1, samples):
            rows = stacked[:, 0, :] @ upstream.T
        else:
            rows = np.broadcast_to((stacked * upstream).sum(axis=2), (len(stacked), nodes))
        target = fixed_grads
    else:  # shared: sums[position, sample] over the group's nodes
        if stacked.shape[1:] == (nodes, 1):
            rows = stacked[:, :, 0] @ upstream
        else:
            rows = np.broadcast_to((stacked * upstream).sum(axis=1), (len(stacked), samples))
        target = grads
    if unique:
        target[index] += rows
    else:
        np.add.at(target, index, rows)


def _batches(sources: list[Source]) -> list[Batch]:
    """Positions pushed together: all "fixed" ones, all "shared" ones ("rows" go one by one)."""
    import numpy as np

    batches = []
    for kind in ("fixed", "shared"):
        positions = [p for p, (k, _) in enumerate(sources) if k == kind]
        if positions:
            index = np.array([slots(sources[p][1]) if kind == "fixed" else first_row(sources[p][1]) for p in positions])
            batches.append(Batch(kind, positions, index, len(np.unique(index)) == index.size))
    return batches


def _as_slice(index: Index) -> Index | slice:
    """A run of consecutive rows as a slice (a view); anything else stays an index array."""
    if len(index) > 1 and (index[1:] - index[:-1] == 1).all():
        return slice(int(index[0]), int(index[-1]) + 1)
    return index


def _finite(upstream: Array, derivative: Number, rule: Rule) -> Array:
    """As the eager engine: a node with no gradient pushes nothing, even where its slope is infinite."""
    import numpy as np

    contribution = np.where(upstream != 0.0, upstream * derivative, 0.0)
    if not np.isfinite(contribution).all():
        raise ArithmeticError(f"backward through {rule.name} failed: its derivative is infinite or undefined "
                              "for some sample (as sqrt'(0) is). Keep its input away from that point.")
    return np.where(upstream != 0.0, derivative, 0.0)
