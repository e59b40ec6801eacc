"""Weights: the one owner of a model's trainable numbers, the parameter Values and the vector they
are trained in; and where those numbers are current, so nobody has to remember.

Two places can hold the numbers. The Values always can: the eager engine computes with them, and a
user, ``save`` and ``state_dict`` read them. A compiled step (autograd's trace) computes with a
float64 vector instead, one number per parameter, and an optimizer updates that vector in place:
copying it to and from the Values at every step would cost more than the step itself. So a
Weights made over such a vector says which place is current, and moves the numbers when that
changes:

    with weights.training():      # from here on the vector is current (the Values are left behind)
        ...compiled steps and optimizer updates on the vector...
        with weights.shown():     # user code: the Values show the current numbers; what it
            on_epoch(...)         # changes in them is trained from then on
    # on any way out (an error included), the Values hold the numbers and gradients again

Everything else (optimizers, fit's guard) reads and writes through ``numbers()``, ``gradients()``,
``assign()`` and ``zero_grad()``, which answer from the current place.

Imports: autograd, numpy, shapes.
"""
from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager

import numpy as np

from autograd import Value
from autograd.nodes import read_grads, read_numbers, write_grads, write_numbers

from .shapes import Array


class Weights:
    """The parameters ``values`` (in a fixed order, an optimizer's), with ``vector`` and ``grads``: their
    numbers and gradients as float64 vectors in that order. ``vector``/``grads`` given: a compiled step
    computes with them (the vector is current inside ``training()``); not given: the Values are always
    current and the vectors are only where ``numbers()`` and ``gradients()`` copy them to."""

    def __init__(self, values: Sequence[Value], vector: Array | None = None, grads: Array | None = None) -> None:
        self.values = values if isinstance(values, list) else list(values)  # an optimizer's own list: `is` holds
        size = len(self.values)
        self.trains_in_vector = vector is not None
        self.vector = vector if vector is not None else np.zeros(size)
        self.grads = grads if grads is not None else np.zeros(size)
        if self.vector.shape != (size,) or self.grads.shape != (size,):
            raise ValueError(f"Weights needs two vectors of {size} numbers (one per parameter); got shapes "
                             f"{self.vector.shape} and {self.grads.shape}.")
        self.in_vector = False  # True inside training(), for a Weights that trains in its vector

    # -- the numbers, from wherever they are current ------------------------------------------------
    def numbers(self) -> Array:
        """The current numbers, as ``vector`` (brought up to date from the Values when they are the current
        place). Read it, or copy it to keep it: write through assign()."""
        if not self.in_vector:
            self.vector[:] = read_numbers(self.values)
        return self.vector

    def gradients(self) -> Array:
        """The current gradients, as ``grads`` (from the Values' .grad when they are the current place)."""
        if not self.in_vector:
            self.grads[:] = read_grads(self.values)
        return self.grads

    def assign(self, numbers: Array, checked: bool = False) -> None:
        """Set every number at once, in the current place; all or nothing: a non-finite number is refused
        before any changes (``checked=True``: the caller has made sure they are all finite)."""
        if not checked and not np.isfinite(numbers).all():
            index = int(np.flatnonzero(~np.isfinite(numbers))[0])
            raise ValueError(f"cannot set parameter {index} to {numbers[index]}: a Value is always finite.")
        if self.in_vector:
            self.vector[:] = numbers
        else:
            write_numbers(self.values, np.asarray(numbers, dtype=float))

    def zero_grad(self) -> None:
        """Every gradient to 0, in the current place."""
        if self.in_vector:
            self.grads.fill(0.0)
        else:
            write_grads(self.values, [0.0] * len(self.values))

    # -- where they are current ---------------------------------------------------------------------
    @contextmanager
    def training(self) -> Iterator[Weights]:
        """For the block, the vector is current (for a Weights made over a compiled step's vector; for
        any other, the Values stay current). On every way out the Values get the numbers and gradients."""
        if self.in_vector:
            raise RuntimeError("these weights are already being trained (training() inside training()).")
        if not self.trains_in_vector:
            yield self
            return
        self._to_vector()
        try:
            yield self
        finally:
            self._to_values()

    @contextmanager
    def shown(self) -> Iterator[Weights]:
        """For the block, the Values are current (for user code: a callback, a schedule, save); afterwards
        the vector takes back whatever the block changed in them."""
        if not self.in_vector:
            yield self
            return
        self._to_values()
        try:
            yield self
        finally:
            self._to_vector()

    def _to_vector(self) -> None:
        self.vector[:] = read_numbers(self.values)
        self.grads[:] = read_grads(self.values)
        self.in_vector = True

    def _to_values(self) -> None:
        self.in_vector = False
        write_numbers(self.values, self.vector)
        write_grads(self.values, self.grads)  # as after zero_grad and one backward in the eager engine

    def __repr__(self) -> str:
        where = "the vector" if self.in_vector else "the Values"
        return f"Weights({len(self.values)} parameters, current in {where})"
