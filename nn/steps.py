"""How a model runs over a batch, chosen in one place: compiled when it can be, else eager.

Compiled: one sample's graph (model and loss) is recorded once with autograd.trace and replayed
over the whole batch with numpy; the same numbers, far faster. Eager: the plain engine, one graph
for the whole batch. A model that branches in Python on its numbers cannot be recorded
(TracingError), and a loss function of one's own runs eagerly. fit, predict and the theater all
get their step from ``make_step``, so they run a model the same way.

Every step answers the same calls: ``train(X, y)`` (the batch's mean loss and outputs, with the
gradients added to its weights), ``evaluate(X, y)`` (the same, no gradients), ``predict(X)``
(the outputs alone) and ``gradient(X, y)`` (the mean loss and its gradient, every Value left as it
was). ``weights`` is the Weights it trains (nn/weights.py).

Imports: autograd, numpy, losses, outputs, shapes, weights.
"""
from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from autograd import TracingError, Value, trace
from autograd.codegen import CodegenError
from autograd.nodes import read_grads, write_grads

from .losses import ROW, LossEntry
from .outputs import Labels, as_list, outputs_array
from .shapes import Array, Output, Sample
from .weights import Weights

Model = Callable[[Sample], Output]
LossFunction = Callable[..., Value]  # (outputs, targets) -> the batch's mean loss


@dataclass(frozen=True)
class Loss:
    """The loss a step computes: the loss table's entry (None for a function of one's own) and the function."""

    entry: LossEntry | None
    function: LossFunction


class Step(Protocol):
    """What fit, predict and the theater ask of a step (EagerStep and CompiledStep answer)."""

    compiled: bool
    weights: Weights

    def train(self, X: Array, y: Labels) -> tuple[float, Array]: ...
    def evaluate(self, X: Array, y: Labels) -> tuple[float, Array]: ...
    def predict(self, X: Array) -> Array: ...
    def gradient(self, X: Array, y: Labels) -> tuple[float, Array]: ...


def make_step(model: Model, parameters: Sequence[Value], X: Array, y: Labels | None = None, loss: Loss | None = None,
              compiled: bool | None = None) -> Step:
    """A compiled step when asked for (``compiled=True``) or possible (None), else an eager one.

    ``parameters`` (an optimizer's) orders its Weights; ``X`` and ``y`` give the example the graph is
    recorded from. ``loss`` None: a step that only predicts. A loss function of one's own runs eagerly."""
    custom = loss is not None and loss.entry is None
    if compiled is False or (custom and compiled is None):
        return EagerStep(model, parameters, loss)
    if custom:
        raise ValueError("fit(trace=True) needs a named loss; a custom loss function runs eagerly (trace=False).")
    try:
        return CompiledStep(model, parameters, X, y, loss)
    except (TracingError, CodegenError):  # Python control flow on a number, or a rule the code writer refuses
        if compiled:
            raise
        return EagerStep(model, parameters, loss)


class EagerStep:
    """The plain engine: one graph for the whole batch, computed on the Values."""

    compiled = False

    def __init__(self, model: Model, parameters: Sequence[Value], loss: Loss | None) -> None:
        self.model, self.loss, self.weights = model, loss, Weights(parameters)

    def train(self, X: Array, y: Labels) -> tuple[float, Array]:
        loss, outputs = self._loss(X, y)
        loss.backward()
        return loss.data, outputs

    def evaluate(self, X: Array, y: Labels) -> tuple[float, Array]:
        loss, outputs = self._loss(X, y)
        return loss.data, outputs

    def predict(self, X: Array) -> Array:
        return outputs_array([self.model(row) for row in X])

    def gradient(self, X: Array, y: Labels) -> tuple[float, Array]:
        values = self.weights.values
        saved = read_grads(values)
        try:
            self.weights.zero_grad()
            loss, _ = self.train(X, y)
            return loss, self.weights.gradients().copy()
        finally:
            write_grads(values, saved)

    def _loss(self, X: Array, y: Labels) -> tuple[Value, Array]:
        assert self.loss is not None, "a step made without a loss only predicts"
        outputs = [self.model(row) for row in X]
        entry = self.loss.entry  # a custom loss function gets float targets
        targets = entry.eager_targets(y) if entry is not None else [float(t) for t in y]
        return self.loss.function(outputs, targets), outputs_array(outputs)


class CompiledStep:
    """One sample's graph, recorded once, replayed over each batch on the Weights' vector."""

    compiled = True

    def __init__(self, model: Model, parameters: Sequence[Value], X: Array, y: Labels | None,
                 loss: Loss | None) -> None:
        self.model, self.entry = model, loss.entry if loss is not None else None
        self.width = len(as_list(model(X[0]))) if self.entry is not None else 0  # the targets' row width
        self.takes_row = self.entry is not None and self.entry.outputs_per_sample == ROW
        self._last_labels: Labels | None = None
        self._last_targets: Array | None = None
        examples = [X[0]] if self.entry is None or y is None else [X[0], self._targets(y[:1])[0]]
        self.trace = trace(self._per_sample, *examples, parameters=list(parameters))
        count = len(parameters)
        self.weights = Weights(parameters, self.trace.theta[:count], self.trace.theta_grad[:count])

    def train(self, X: Array, y: Labels) -> tuple[float, Array]:
        """Inside weights.training(): the data was checked once by fit, so no Value is read or written."""
        assert self.weights.in_vector, "a compiled step trains inside weights.training()"
        mean = self.trace.step(X, self._encoded(y), checked=True)
        return mean, self._outputs(self.trace.last_outputs[1:])

    def evaluate(self, X: Array, y: Labels) -> tuple[float, Array]:
        self.weights.numbers()  # the trace computes with the current numbers
        losses, *outputs = self.trace.run_all(X, self._targets(y))
        return float(np.mean(losses)), self._outputs(outputs)

    def predict(self, X: Array) -> Array:
        self.weights.numbers()
        if self.entry is None:
            outputs = list(self.trace.run_all(X))
        else:  # the loss is recorded too: it gets targets, and its output is left out
            outputs = list(self.trace.run_all(X, self._targets(np.zeros(len(X)))))[1:]
        return outputs[0] if len(outputs) == 1 else np.stack(outputs, axis=1)

    def gradient(self, X: Array, y: Labels) -> tuple[float, Array]:
        """The trace's own vectors are used and the Values left alone; outside weights.training() only."""
        assert not self.weights.in_vector, "gradient() would overwrite the gradients being trained"
        self.weights.numbers()
        mean = self.trace.step(X, self._targets(y))
        return mean, self.trace.theta_grad[:len(self.weights.values)].copy()

    def _per_sample(self, x: list[Value], *target: Value | list[Value]) -> tuple[Value, ...]:
        outputs = as_list(self.model(x))
        if self.entry is None:
            return tuple(outputs)
        loss = self.entry.function(outputs if self.takes_row else outputs[0], target[0])
        return (loss, *outputs)

    def _targets(self, y: Labels) -> Array:
        assert self.entry is not None
        return np.asarray(self.entry.encode_targets(y, self.width), dtype=float)

    def _encoded(self, y: Labels) -> Array:
        """_targets(y), remembered for the last batch: full-batch training hands over the same labels
        every epoch (fit never changes them)."""
        if self._last_labels is not y or self._last_targets is None:
            self._last_labels, self._last_targets = y, self._targets(y)
        return self._last_targets

    def _outputs(self, outputs: Sequence[Array]) -> Array:
        assert self.entry is not None
        stacked = np.stack(outputs, axis=1) if self.takes_row else outputs[0]
        self.entry.check_outputs(stacked)  # as the eager loss checks its predictions (bce: in [0, 1])
        return stacked


def check_targets(entry: LossEntry, y: Labels, width: int) -> None:
    """Run the eager loss on dummy predictions: it refuses bad targets with its own message
    (fit does this for every target, before any step, compiled or not)."""
    dummy = [[Value(0.0)] * width] * len(y) if entry.outputs_per_sample == ROW else [Value(0.0)] * len(y)
    entry.function(dummy, entry.eager_targets(y))
