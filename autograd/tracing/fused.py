"""One batch size's replay as two written functions, forward and backward: every kernel's numpy calls inline,
the views and buffers they use bound by name, so a step costs its numpy calls and little else.

A kernel (kernels.py, layer.py) that can write itself out gives its lines; any other step is called as it
is (a line ``step_3.forward(values, fixed)``). The lines are the kernels' own, computed from the rules'
written code as before: fusing moves no calculus, it only drops the Python between the calls. The careful
backward (explaining a failure) still runs step by step.

Imports: tracing.replay (for types only), numpy (when a trace is compiled).
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np

if TYPE_CHECKING:
    from .replay import Array, Step


class Names:
    """Binds objects (views, buffers, steps, index arrays) to names for the written source."""

    def __init__(self) -> None:
        self.namespace: dict[str, Any] = {"np": np}
        self._by_id: dict[int, str] = {}

    def __call__(self, thing: object, stem: str = "v") -> str:
        name = self._by_id.get(id(thing))
        if name is None:
            name = self._by_id[id(thing)] = f"{stem}{len(self.namespace)}"
            self.namespace[name] = thing
        return name

    def fresh(self, stem: str = "t") -> str:
        name = f"{stem}{len(self.namespace)}"
        self.namespace[name] = None
        return name


class Fused:
    """forward() and backward() of one batch size (the values and gradient matrices are fixed objects)."""

    def __init__(self, steps: Sequence[Step], values: Array, grads: Array, fixed_values: Array,
                 fixed_grads: Array) -> None:
        names = Names()
        forward, backward = [], []
        for step in steps:
            forward += _lines(step, "emit_forward", names, values, grads, fixed_values, fixed_grads)
        for step in reversed(steps):
            backward += _lines(step, "emit_backward", names, values, grads, fixed_values, fixed_grads)
        self.source = _function("forward", forward) + "\n\n" + _function("backward", backward) + "\n"
        exec(compile(self.source, "<fused replay>", "exec"), names.namespace)
        self.forward: Callable[[], None] = names.namespace["forward"]
        self.backward: Callable[[], None] = names.namespace["backward"]


def _lines(step: Step, method: str, names: Names, values: Array, grads: Array, fixed_values: Array,
           fixed_grads: Array) -> list[str]:
    emit = getattr(step, method, None)
    if emit is not None:
        return list(emit(names, values, grads, fixed_values, fixed_grads))
    bound = names(step, "step")
    if method == "emit_forward":
        return [f"{bound}.forward({names(values)}, {names(fixed_values)})"]
    return [f"{bound}.backward({names(values)}, {names(grads)}, {names(fixed_grads)})"]


def _function(name: str, lines: list[str]) -> str:
    return "\n".join([f"def {name}():", *(f"    {line}" for line in lines or ["pass"])])
