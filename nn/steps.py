"""One training step, eager or traced: predict a batch, compute the loss, backward().

Both kinds return the batch's mean loss and the model's outputs as numbers, so fit()
and its accuracy do not care which ran; ``evaluate`` does the same without gradients.
The traced step replays one recorded sample graph over the whole batch with numpy
(autograd.trace). What a loss needs (its targets, one output or a row per sample) comes
from its entry in the loss table.

Imports: autograd, numpy, evaluation, losses.
"""
import numpy as np

from autograd import TracingError, Value, trace

from .evaluation import as_list, outputs_array
from .losses import ROW, LossEntry


def make_step(model, entry: LossEntry | None, loss_function, X: np.ndarray, y: np.ndarray, use_trace: bool | None):
    """A traced step when asked for (True) or possible (None), else an eager one.

    ``entry`` is None for a custom loss function: it runs eagerly."""
    if use_trace is False or (entry is None and use_trace is None):
        return EagerStep(model, entry, loss_function)
    if entry is None:
        raise ValueError("fit(trace=True) needs a named loss; a custom loss function runs eagerly (trace=False).")
    try:
        return TracedStep(model, entry, X, y)
    except TracingError:
        if use_trace:
            raise
        return EagerStep(model, entry, loss_function)


class EagerStep:
    """The plain engine: one graph for the whole batch."""

    traced = False

    def __init__(self, model, entry: LossEntry | None, loss_function) -> None:
        self.model, self.entry, self.loss_function = model, entry, loss_function

    def __call__(self, X_batch: np.ndarray, y_batch: np.ndarray) -> tuple[float, np.ndarray]:
        loss, outputs = self._loss(X_batch, y_batch)
        loss.backward()
        return loss.data, outputs

    def evaluate(self, X: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
        """The mean loss and the outputs, with no backward: no gradient changes."""
        loss, outputs = self._loss(X, y)
        return loss.data, outputs

    def _loss(self, X: np.ndarray, y: np.ndarray) -> tuple[Value, np.ndarray]:
        outputs = [self.model(row) for row in X]
        # a custom loss function gets float targets
        targets = self.entry.eager_targets(y) if self.entry is not None else [float(t) for t in y]
        return self.loss_function(outputs, targets), outputs_array(outputs)


class TracedStep:
    """One sample's graph, recorded once, replayed over each batch: the same numbers, far faster."""

    traced = True

    def __init__(self, model, entry: LossEntry, X: np.ndarray, y: np.ndarray) -> None:
        self.model, self.entry = model, entry
        self.takes_row = entry.outputs_per_sample == ROW
        self.width = len(as_list(model(X[0])))
        self.trace = trace(self._per_sample, X[0], self._targets(y[:1])[0])

    def _per_sample(self, x, target):
        outputs = as_list(self.model(x))
        if self.takes_row:
            return (self.entry.function(outputs, target), *outputs)
        return self.entry.function(outputs[0], target), outputs[0]

    def _targets(self, y: np.ndarray) -> np.ndarray:
        return self.entry.encode_targets(y, self.width)

    def __call__(self, X_batch: np.ndarray, y_batch: np.ndarray) -> tuple[float, np.ndarray]:
        mean = self.trace.backward(X_batch, self._targets(y_batch))
        return mean, self._outputs(self.trace.last_outputs[1:])

    def evaluate(self, X: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
        """The mean loss and the outputs, replayed forward only: no gradient changes."""
        losses, *outputs = self.trace.forward(X, self._targets(y))
        return float(np.mean(losses)), self._outputs(outputs)

    def _outputs(self, outputs: list) -> np.ndarray:
        outputs = np.stack(outputs, axis=1) if self.takes_row else outputs[0]
        self.entry.check_outputs(outputs)  # as the eager loss checks its predictions (bce: in [0, 1])
        return outputs


def check_targets(entry: LossEntry, y: np.ndarray, width: int) -> None:
    """Run the eager loss on dummy predictions: it refuses bad targets with its own message
    (fit does this for every target, before any step, traced or not)."""
    dummy = [[Value(0.0)] * width] * len(y) if entry.outputs_per_sample == ROW else [Value(0.0)] * len(y)
    entry.function(dummy, entry.eager_targets(y))
