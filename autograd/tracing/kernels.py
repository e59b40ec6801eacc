"""Fast kernels for the commonest groups of a replay, computing with code written from the rules.

- Layer (layer.py): a layer's weighted sums as one matrix product, when the rule's own code is a weighted sum.
- Elementwise: any rule of one or two inputs over blocks of rows, shared rows or fixed numbers: its forward
  and local derivatives run as the code the writer produced from the rule (codegen), into buffers made once.
- Reduction: one sum or maximum over a block of consecutive rows as one numpy reduction, when the rule's code
  is that sum or maximum; its local derivatives come from the rule's code, row by row.

No derivative is written here: every slope is computed by code written from a rule, and the structure
(which rows, which products, buffers) is all this module adds. Anything a kernel does not recognise stays
a Group (replay.py), which runs the same written code.

Imports: codegen.buffered, codegen.python, tracing.base, tracing.fused (for types only), tracing.layer,
tracing.patterns, tracing.replay, numpy (when a trace is compiled).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

from ..codegen.buffered import buffered_lines
from ..codegen.python import CompiledRule, compiled
from .base import Kernel, as_block
from .layer import Layer
from .patterns import is_maximum, is_sum
from .replay import Group

if TYPE_CHECKING:
    from .fused import Names
    from .replay import Array, SoleReader, Source, Step


def compile_group(group: Group, first_varying: int, fixed_values: Array, fixed_grads: Array,
                  sole: SoleReader) -> Step:
    """The fastest kernel that computes ``group`` exactly, or the group itself. ``sole(kind, index)``
    says whether a source is read by nothing else, so its gradient may be written rather than added."""
    members, arity = group.out.stop - group.out.start, len(group.sources)
    group.sources = [as_block(kind, index, members) for kind, index in group.sources]
    layer = Layer.recognise(group, first_varying, fixed_values, fixed_grads, sole)
    if layer is not None:
        return layer
    if members == 1 and arity >= 2 and (is_sum(group.rule, arity) or is_maximum(group.rule, arity)):
        block = _consecutive([index for _, index in group.sources if isinstance(index, slice)], arity)
        if block is not None:
            return Reduction(group, block, fixed_values)
    if arity <= 2 and all(kind != "rows" or isinstance(index, slice) for kind, index in group.sources):
        return Elementwise(group, fixed_values, [_sole(kind, index, sole) for kind, index in group.sources])
    return group


def _sole(kind: str, index: Any, sole: SoleReader) -> bool:
    return kind == "rows" and isinstance(index, slice) and sole("rows", index)


class Elementwise(Kernel):
    """A rule of one or two inputs over a group's (nodes, samples) block: each side a block of rows, one shared
    row, fixed numbers or constants. The rule's written code computes into buffers made once per batch size;
    a side's gradient is written straight into its rows when nothing else reads them (``sole``)."""

    def __init__(self, group: Group, fixed_values: Array, sole: list[bool]) -> None:
        super().__init__(group, fixed_values)
        self.code: CompiledRule = compiled(group.rule, len(group.sources))
        self.sides, self.sole = group.sources, sole
        self.fixed_sides = [i for i, (kind, _) in enumerate(self.sides) if kind == "fixed"]  # read afresh each step
        self.plans: dict[int, _Plan] = {}  # batch size -> views and buffers, made once

    def _plan(self, values: Array) -> _Plan:
        """The views into the trace's values matrix (the same array for every step of one batch size) and the
        buffers the written code fills; made on the first step of a batch size."""
        plan = self.plans.get(values.shape[1])
        if plan is None or plan.values is not values:
            plan = self.plans[values.shape[1]] = _Plan(self, values)
        for i in self.fixed_sides:  # parameters change between steps: gathered again
            plan.operands[i] = self.fixed_values[self.sides[i][1]][:, None]
        return plan

    def forward(self, values: Array, fixed: Array) -> None:
        plan = self._plan(values)
        (result,) = self.code.forward_into(*plan.operands, plan.results, plan.forward_scratch)
        if result is not plan.out:  # the rule gave an input (or a constant) as it is
            plan.out[...] = result

    def backward(self, values: Array, grads: Array, fixed_grads: Array, careful: bool = False) -> None:
        if careful:
            self.careful_backward(values, grads, fixed_grads)
            return
        plan = self._plan(values)
        if plan.grads is not grads:
            plan.see_grads(self, grads)
        upstream = plan.upstream
        local = self.code.local_into(*plan.operands, plan.out, plan.local_results, plan.local_scratch)
        for side, slope, written, buffer in zip(self.sides, local, plan.written, plan.contributions):
            kind, index = side
            if kind == "constant" or (type(slope) is float and slope == 0.0):
                continue
            target = written if written is not None else buffer
            if type(slope) is float and slope == 1.0:
                if written is not None:
                    written[...] = upstream
                    continue
                target = upstream
            else:
                np.multiply(upstream, slope, out=target)
            if written is None:
                _add(kind, index, target, grads, fixed_grads)


    # -- written out, for a fused replay (fused.py): the same calls as forward and backward, by name ---------------
    def emit_forward(self, names: Names, values: Array, grads: Array, fixed_values: Array,
                     fixed_grads: Array) -> list[str]:
        plan = self._plan(values)
        lines, operands = self._operand_lines(names, plan)
        body, (result,) = buffered_lines(self.code.forward_listing, operands, [names(plan.out)],
                                         [names(buffer) for buffer in plan.forward_scratch])
        out = names(plan.out)
        return [*lines, *body, *([] if result == out else [f"np.copyto({out}, {result})"])]

    def emit_backward(self, names: Names, values: Array, grads: Array, fixed_values: Array,
                      fixed_grads: Array) -> list[str]:
        plan = self._plan(values)
        plan.see_grads(self, grads)
        lines, operands = self._operand_lines(names, plan)
        body, slopes = buffered_lines(self.code.local_listing, [*operands, names(plan.out)],
                                      [names(buffer) for buffer in plan.local_results],
                                      [names(buffer) for buffer in plan.local_scratch])
        lines += body
        upstream = names(plan.upstream)
        for (kind, index), slope, written, buffer in zip(self.sides, slopes, plan.written, plan.contributions):
            if kind == "constant" or slope in ("0.0", "-0.0"):
                continue
            if written is not None:
                into = names(written)
                lines.append(f"np.copyto({into}, {upstream})" if slope == "1.0"
                             else f"np.multiply({upstream}, {slope}, out={into})")
                continue
            target = upstream if slope == "1.0" else names(buffer)
            if slope != "1.0":
                lines.append(f"np.multiply({upstream}, {slope}, out={target})")
            lines.append(_add_line(kind, index, target, names, grads, fixed_grads))
        return lines

    def _operand_lines(self, names: Names, plan: _Plan) -> tuple[list[str], list[str]]:
        """Each side's name; a fixed side is gathered afresh by a line of its own (parameters change)."""
        lines, operands = [], []
        for i, (kind, index) in enumerate(self.sides):
            if kind == "fixed":
                name = names.fresh()
                lines.append(f"{name} = {names(self.fixed_values)}[{names(index)}][:, None]")
                operands.append(name)
            else:
                operands.append(names(plan.operands[i]))
        return lines, operands


def _add_line(kind: str, index: Any, contribution: str, names: Names, grads: Array, fixed_grads: Array) -> str:
    """_add as one written line."""
    if isinstance(index, slice):
        rows = names(grads[index])
        return f"np.add({rows}, {contribution}, out={rows})"
    if kind == "shared":
        row = names(grads[index[0]])
        return f"np.add({row}, np.add.reduce({contribution}, axis=0), out={row})"
    return f"np.add.at({names(fixed_grads)}, {names(index)}, np.add.reduce({contribution}, axis=1))"


class _Plan:
    """An Elementwise kernel's views into one batch size's matrices, and its buffers."""

    def __init__(self, kernel: Elementwise, values: Array) -> None:
        self.values, self.out = values, values[kernel.out]
        self.operands = [_operand(values, kernel.fixed_values, side) for side in kernel.sides]
        self.results = [self.out]
        made, floats = _buffers(self.out.shape), ["float"] * len(kernel.sides)
        self.forward_scratch, self.local_scratch = made(kernel.code.forward_scratch), made(kernel.code.local_scratch)
        self.local_results, self.contributions = made(floats), made(floats)
        self.grads: Array | None = None

    def see_grads(self, kernel: Elementwise, grads: Array) -> None:
        """The views into the gradients matrix: the output's upstream, and each side's rows when its gradient
        is written straight there (nothing else reads them); None where it is added from a buffer."""
        self.grads, self.upstream = grads, grads[kernel.out]
        self.written = [grads[index] if sole else None for (_, index), sole in zip(kernel.sides, kernel.sole)]


def _buffers(shape: tuple[int, ...]) -> Callable[[Sequence[str]], list[Array]]:
    return lambda kinds: [np.empty(shape, dtype=bool if kind == "bool" else float) for kind in kinds]


def _operand(values: Array, fixed_values: Array, side: Source) -> Array:
    """A side's numbers, shaped to broadcast against the group's (nodes, samples) block."""
    kind, index = side
    if isinstance(index, slice):
        return values[index]
    if kind == "shared":
        row: Array = values[index[0]]  # one row, (samples,): broadcasts over the group's nodes
        return row
    return fixed_values[index][:, None]


def _add(kind: str, index: Any, contribution: Array, grads: Array, fixed_grads: Array) -> None:
    """contribution (nodes, samples) added where the side lives: its rows, its shared row (summed over the
    group's nodes) or its fixed slots (summed over the samples)."""
    if isinstance(index, slice):
        grads[index] += contribution
    elif kind == "shared":
        grads[index[0]] += contribution.sum(axis=0)
    else:
        np.add.at(fixed_grads, index, contribution.sum(axis=1))


class Reduction(Kernel):
    """One sum or maximum over a block of consecutive rows (softmax's max and sum): one numpy reduction along
    the rows for the forward; the local derivatives from the rule's code, one row per input."""

    def __init__(self, group: Group, block: slice, fixed_values: Array) -> None:
        super().__init__(group, fixed_values)
        self.block, self.code = block, compiled(group.rule, len(group.sources))
        self.reduce = np.add.reduce if is_sum(group.rule, len(group.sources)) else np.maximum.reduce

    def forward(self, values: Array, fixed: Array) -> None:
        self.reduce(values[self.block], axis=0, keepdims=True, out=values[self.out])

    def backward(self, values: Array, grads: Array, fixed_grads: Array, careful: bool = False) -> None:
        if careful:
            self.careful_backward(values, grads, fixed_grads)
            return
        upstream = grads[self.out]
        rows = values[self.block]
        local = self.code.local_grads(*rows, values[self.out][0])
        if all(type(slope) is float and slope == 1.0 for slope in local):
            grads[self.block] += upstream
        else:
            grads[self.block] += np.stack(np.broadcast_arrays(*local)) * upstream


    def emit_forward(self, names: Names, values: Array, grads: Array, fixed_values: Array,
                     fixed_grads: Array) -> list[str]:
        return [f"{names(self.reduce)}({names(values[self.block])}, axis=0, keepdims=True, "
                f"out={names(values[self.out])})"]

    def emit_backward(self, names: Names, values: Array, grads: Array, fixed_values: Array,
                      fixed_grads: Array) -> list[str]:
        rows = ", ".join(names(row) for row in values[self.block])
        block, upstream = names(grads[self.block]), names(grads[self.out])
        if all(result == ("constant", 1.0) for result in self.code.local_listing.results):
            return [f"np.add({block}, {upstream}, out={block})"]  # every slope 1 (the rule's code says so)
        slopes = names.fresh()
        return [f"{slopes} = {names(self.code.local_grads)}({rows}, {names(values[self.out][0])})",
                f"np.add({block}, np.stack(np.broadcast_arrays(*{slopes})) * {upstream}, out={block})"]


def _consecutive(slices: list[slice], count: int) -> slice | None:
    """The one slice covering ``count`` single-row slices that follow each other, or None."""
    if len(slices) != count or any(s.stop - s.start != 1 for s in slices):
        return None
    starts = [s.start for s in slices]
    if starts != list(range(starts[0], starts[0] + count)):
        return None
    return slice(starts[0], starts[0] + count)
