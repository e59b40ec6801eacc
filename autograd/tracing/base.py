"""What every kernel shares with the replay Group it stands in for: the group itself, whose careful backward
and checks explain a failure with the eager engine's words; and how a group's sources are read as blocks.

Imports: tracing.replay, numpy (when a trace is compiled).
"""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from .replay import Group, first_row

if TYPE_CHECKING:
    from .replay import Array, Index, Kind, Source


class Kernel:
    """A Step (replay.py) as the Group is: forward, backward, check; ``careful_backward`` is the Group's."""

    def __init__(self, group: Group, fixed_values: Array) -> None:
        self.group, self.rule, self.out, self.fixed_values = group, group.rule, group.out, fixed_values

    def check(self, values: Array) -> None:
        self.group.inputs = self.group.operands(values, self.fixed_values)
        self.group.check(values)

    def careful_backward(self, values: Array, grads: Array, fixed_grads: Array) -> None:
        self.group.inputs = self.group.operands(values, self.fixed_values)
        self.group.backward(values, grads, fixed_grads, careful=True)


def as_block(kind: Kind, index: Index | slice, members: int) -> Source:
    """One row read by a group of one node is a block of rows too (rows k:k+1): one kernel serves both."""
    if kind == "shared" and members == 1:
        return "rows", slice(first_row(index), first_row(index) + 1)
    if kind == "rows" and not isinstance(index, slice):
        return "rows", run(index)
    return kind, index


def run(rows: Index) -> slice | Index:
    """Consecutive rows as a slice (a view); anything else stays an index array."""
    if len(rows) and (np.diff(rows) == 1).all():
        return slice(int(rows[0]), int(rows[-1]) + 1)
    return rows
