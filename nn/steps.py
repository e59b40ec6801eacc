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


def make_step(model, entry: LossEntry | None, loss_function, X: np.ndarray, y: np.ndarray, use_trace: bool | None,
              parameters: list | None = None):
    """A traced step when asked for (True) or possible (None), else an eager one.

    ``entry`` is None for a custom loss function: it runs eagerly. ``parameters`` (the optimizer's)
    orders the traced step's parameter vector, so the optimizer can be bound to it."""
    if use_trace is False or (entry is None and use_trace is None):
        return EagerStep(model, entry, loss_function)
    if entry is None:
        raise ValueError("fit(trace=True) needs a named loss; a custom loss function runs eagerly (trace=False).")
    try:
        return TracedStep(model, entry, X, y, parameters)
    except TracingError:
        if use_trace:
            raise
        return EagerStep(model, entry, loss_function)


class EagerStep:
    """The plain engine: one graph for the whole batch."""

    traced = False

    def __init__(self, model, entry: LossEntry | None, loss_function) -> None:
        self.model, self.entry, self.loss_function = model, entry, loss_function

    def bind(self, optimizer) -> None:
        """Nothing to bind: the eager engine's numbers live in the Values."""

    def sync(self) -> None:
        """Nothing to do: the Values are always current."""

    def reload(self) -> None:
        """Nothing to do: the Values are always current."""

    def unbind(self) -> None:
        """Nothing to undo."""

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

    def __init__(self, model, entry: LossEntry, X: np.ndarray, y: np.ndarray, parameters: list | None = None) -> None:
        self.model, self.entry, self.optimizer = model, entry, None
        self._last_labels, self._last_targets = None, None
        self.takes_row = entry.outputs_per_sample == ROW
        self.width = len(as_list(model(X[0])))
        self.trace = trace(self._per_sample, X[0], self._targets(y[:1])[0], parameters=parameters)

    def bind(self, optimizer) -> None:
        """Train on the trace's one parameter vector: the optimizer updates it in place, and the Values
        are brought up to date only by sync() (fit calls it before user code can look: every callback,
        schedule step, divergence and the end). The trace must have been made with its parameters."""
        count = len(optimizer.params)
        assert self.trace.parameters[:count] == optimizer.params, "the trace was made with another order"
        self.trace.load_parameters()
        optimizer.bind(self.trace.theta[:count], self.trace.theta_grad[:count])
        self.optimizer = optimizer

    def sync(self) -> None:
        """The Values (numbers and grads) <- the parameter vector."""
        if self.optimizer is not None:
            self.trace.store_parameters()
            self.trace.store_gradients()

    def reload(self) -> None:
        """The parameter vector <- the Values (after user code may have changed them)."""
        if self.optimizer is not None:
            self.trace.load_parameters()

    def unbind(self) -> None:
        """sync(), then the optimizer goes back to reading and writing the Values."""
        if self.optimizer is not None:
            self.sync()
            self.optimizer.unbind()
            self.optimizer = None

    def _per_sample(self, x, target):
        outputs = as_list(self.model(x))
        if self.takes_row:
            return (self.entry.function(outputs, target), *outputs)
        return self.entry.function(outputs[0], target), outputs[0]

    def _targets(self, y: np.ndarray) -> np.ndarray:
        return self.entry.encode_targets(y, self.width)

    def _encoded(self, y: np.ndarray) -> np.ndarray:
        """_targets(y), remembered for the last batch: full-batch training hands over the same labels
        every epoch (fit never changes them)."""
        if self._last_labels is not y:
            self._last_labels, self._last_targets = y, np.asarray(self._targets(y), dtype=float)
        return self._last_targets

    def __call__(self, X_batch: np.ndarray, y_batch: np.ndarray) -> tuple[float, np.ndarray]:
        if self.optimizer is not None:  # bound: no Value is read or written; fit checked the data
            mean = self.trace.step(X_batch, self._encoded(y_batch), checked=True)
        else:
            mean = self.trace.backward(X_batch, self._targets(y_batch))
        return mean, self._outputs(self.trace.last_outputs[1:])

    def evaluate(self, X: np.ndarray, y: np.ndarray) -> tuple[float, np.ndarray]:
        """The mean loss and the outputs, replayed forward only: no gradient changes."""
        replay = self.trace.run if self.optimizer is not None else self.trace.forward
        losses, *outputs = replay(X, self._targets(y))
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
