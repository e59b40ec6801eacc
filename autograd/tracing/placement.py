"""Where each node of a recorded graph lives in a replay: the varying nodes (those that depend on an
input) get a row of the values matrix, everything else a slot of the fixed vector; the traced
arguments' rows; and which rows and slots are read by one source only (so their gradient may be
written rather than added).

Imports: value (for types only), tracing.replay (for types only), numpy (for types only).
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from ..value import Value
    from .replay import Group, Kind, SoleReader

# Per traced argument, where its placeholders' rows are: one slice when consecutive, else a row each
# (None where fn ignores that placeholder).
Placement: TypeAlias = "slice | list[int | None]"


def varying_nodes(order: Sequence[Value], placeholders: Sequence[tuple[Value, int]]) -> set[int]:
    """The ids of the placeholders and of every node that depends on one."""
    varying = {id(leaf) for leaf, _ in placeholders}
    for node in order:
        if node.parents and any(id(parent) in varying for parent in node.parents):
            varying.add(id(node))
    return varying


def parameter_order(leaves: Sequence[Value], parameters: Sequence[Value] | None) -> list[Value]:
    """The captured leaves that need a gradient: those of ``parameters`` first, in its order (all of
    them, used or not, so theta lines up with an optimizer's list), then the rest in graph order."""
    given = list(parameters) if parameters is not None else []
    seen = {id(parameter) for parameter in given}
    return given + [leaf for leaf in leaves if leaf.requires_grad and id(leaf) not in seen]


def placements(rows: Sequence[int | None], positions: Sequence[int], count: int) -> list[Placement]:
    """Per traced argument, where its placeholders' rows are: one slice when they are consecutive
    (a copy of the whole argument at once), else the rows one by one (None: fn ignores that one)."""
    found: list[Placement] = []
    for position in range(count):
        mine = [row for row, at in zip(rows, positions) if at == position]
        numbered = [row for row in mine if row is not None]
        consecutive = bool(mine) and len(numbered) == len(mine) and numbered == list(
            range(numbered[0], numbered[0] + len(numbered)))
        found.append(slice(numbered[0], numbered[0] + len(numbered)) if consecutive else mine)
    return found


def sole_readers(groups: Sequence[Group], seeded_row: int | None, seeded_slot: int | None) -> SoleReader:
    """A test: is every row (or fixed slot) at this source read by that source alone? Then its kernel may
    write the gradient there (out=) instead of adding to it, which saves a temporary and a pass. The row
    or slot the backward pass is seeded at (the first output's) counts as read: a write would lose the seed."""
    rows: Counter[int] = Counter()
    slots: Counter[int] = Counter()
    for group in groups:
        for kind, index in group.sources:
            if kind == "shared":
                rows[_first(index)] += 1
            elif kind == "rows":
                rows.update(_indices(index))
            elif kind == "fixed":
                slots.update(_indices(index))
    # The fixed part's reads do not count: its backward runs after every kernel's and only adds.
    if seeded_row is not None:
        rows[seeded_row] += 1
    if seeded_slot is not None:
        slots[seeded_slot] += 1

    def sole(kind: Kind, index: NDArray[np.intp] | slice) -> bool:
        counts = rows if kind in ("rows", "shared") else slots
        chosen = [_first(index)] if kind == "shared" else _indices(index)
        return all(counts[i] == 1 for i in chosen)

    return sole


def _first(index: NDArray[np.intp] | slice) -> int:
    return index.start if isinstance(index, slice) else int(index[0])


def _indices(index: NDArray[np.intp] | slice) -> list[int]:
    return list(range(index.start, index.stop)) if isinstance(index, slice) else [int(i) for i in index.ravel()]
