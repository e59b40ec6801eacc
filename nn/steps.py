"""One training step, eager or traced: predict a batch, compute the loss, backward().

Both kinds return the batch's mean loss and the model's outputs as numbers, so fit()
and its accuracy do not care which ran. The traced step replays one recorded sample
graph over the whole batch with numpy (autograd.trace). Imports numpy, autograd, nn.losses.
"""
import numpy as np

from autograd import Value, trace
from autograd import TracingError

from .losses import bce, bce_with_logits, cross_entropy, hinge, mse

LOSSES = {"bce": bce, "bce_with_logits": bce_with_logits, "mse": mse, "hinge": hinge, "cross_entropy": cross_entropy}


def make_step(model, loss_name: str | None, loss_function, X: np.ndarray, y: np.ndarray, use_trace: bool | None):
    """A traced step when asked for (True) or possible (None), else an eager one."""
    if use_trace is False or (loss_name is None and use_trace is None):
        return EagerStep(model, loss_name, loss_function)
    if loss_name is None:
        raise ValueError("fit(trace=True) needs a named loss; a custom loss function runs eagerly (trace=False).")
    try:
        return TracedStep(model, loss_name, X, y)
    except TracingError:
        if use_trace:
            raise
        return EagerStep(model, loss_name, loss_function)


class EagerStep:
    """The plain engine: one graph for the whole batch."""

    traced = False

    def __init__(self, model, loss_name: str | None, loss_function) -> None:
        self.model, self.loss_name, self.loss_function = model, loss_name, loss_function

    def __call__(self, X_batch: np.ndarray, y_batch: np.ndarray) -> tuple[float, np.ndarray]:
        outputs = [self.model(row) for row in X_batch]
        targets = [int(t) for t in y_batch] if self.loss_name == "cross_entropy" else [float(t) for t in y_batch]
        loss = self.loss_function(outputs, targets)
        loss.backward()
        return loss.data, _scores(outputs)


class TracedStep:
    """One sample's graph, recorded once, replayed over each batch: the same numbers, far faster."""

    traced = True

    def __init__(self, model, loss_name: str, X: np.ndarray, y: np.ndarray) -> None:
        self.model, self.loss_name = model, loss_name
        self.width = len(_as_list(model(X[0])))
        _check_targets(loss_name, y, self.width)  # once, for every target, as the eager loss would
        self.zero_one = loss_name == "hinge" and bool((y == 0).any())  # hinge reads 0/1 labels as -1/+1
        self.trace = trace(self._per_sample, X[0], self._targets(y[:1])[0])

    def _per_sample(self, x, target):
        outputs = _as_list(self.model(x))
        if self.loss_name == "cross_entropy":
            return (cross_entropy(outputs, target), *outputs)
        return LOSSES[self.loss_name](outputs[0], target), outputs[0]

    def _targets(self, y: np.ndarray) -> np.ndarray:
        if self.loss_name == "cross_entropy":
            return np.eye(self.width)[y.astype(int)]  # one-hot rows: a traced target must be numbers
        targets = y.astype(float)
        return 2 * targets - 1 if self.zero_one else targets

    def __call__(self, X_batch: np.ndarray, y_batch: np.ndarray) -> tuple[float, np.ndarray]:
        mean = self.trace.backward(X_batch, self._targets(y_batch))
        outputs = self.trace.last_outputs[1:]
        return mean, (np.stack(outputs, axis=1) if self.loss_name == "cross_entropy" else outputs[0])


def _check_targets(loss_name: str, y: np.ndarray, width: int) -> None:
    """Run the eager loss on dummy predictions: it refuses bad targets with its own message."""
    if loss_name == "cross_entropy":
        cross_entropy([[Value(0.0)] * width] * len(y), [int(t) for t in y])
    else:
        LOSSES[loss_name]([Value(0.0)] * len(y), [float(t) for t in y])


def _as_list(output) -> list:
    return output if isinstance(output, list) else [output]


def _scores(outputs: list) -> np.ndarray:
    rows = [[value.data for value in _as_list(output)] for output in outputs]
    return np.array(rows) if len(rows[0]) > 1 else np.array([row[0] for row in rows])
