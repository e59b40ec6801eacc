"""One training step, eager or traced: predict a batch, compute the loss, backward().

Both kinds return the batch's mean loss and the model's outputs as numbers, so fit()
and its accuracy do not care which ran. The traced step replays one recorded sample
graph over the whole batch with numpy (autograd.trace). What a loss needs (its targets,
one output or a row per sample) comes from its entry in the loss table.

Imports: autograd, numpy, losses.
"""
import numpy as np

from autograd import TracingError, Value, trace

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
        outputs = [self.model(row) for row in X_batch]
        # a custom loss function gets float targets
        targets = self.entry.eager_targets(y_batch) if self.entry is not None else [float(t) for t in y_batch]
        loss = self.loss_function(outputs, targets)
        loss.backward()
        return loss.data, _scores(outputs)


class TracedStep:
    """One sample's graph, recorded once, replayed over each batch: the same numbers, far faster."""

    traced = True

    def __init__(self, model, entry: LossEntry, X: np.ndarray, y: np.ndarray) -> None:
        self.model, self.entry = model, entry
        self.takes_row = entry.outputs_per_sample == ROW
        self.width = len(_as_list(model(X[0])))
        _check_targets(entry, y, self.width)  # once, for every target, as the eager loss would
        self.trace = trace(self._per_sample, X[0], self._targets(y[:1])[0])

    def _per_sample(self, x, target):
        outputs = _as_list(self.model(x))
        if self.takes_row:
            return (self.entry.function(outputs, target), *outputs)
        return self.entry.function(outputs[0], target), outputs[0]

    def _targets(self, y: np.ndarray) -> np.ndarray:
        return self.entry.encode_targets(y, self.width)

    def __call__(self, X_batch: np.ndarray, y_batch: np.ndarray) -> tuple[float, np.ndarray]:
        mean = self.trace.backward(X_batch, self._targets(y_batch))
        outputs = self.trace.last_outputs[1:]
        return mean, (np.stack(outputs, axis=1) if self.takes_row else outputs[0])


def _check_targets(entry: LossEntry, y: np.ndarray, width: int) -> None:
    """Run the eager loss on dummy predictions: it refuses bad targets with its own message."""
    dummy = [[Value(0.0)] * width] * len(y) if entry.outputs_per_sample == ROW else [Value(0.0)] * len(y)
    entry.function(dummy, entry.eager_targets(y))


def _as_list(output) -> list:
    return output if isinstance(output, list) else [output]


def _scores(outputs: list) -> np.ndarray:
    rows = [[value.data for value in _as_list(output)] for output in outputs]
    return np.array(rows) if len(rows[0]) > 1 else np.array([row[0] for row in rows])
