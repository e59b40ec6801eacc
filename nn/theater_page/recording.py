"""What the theater keeps of each epoch: the weights, the full-data gradient at those weights, the
learning rates, and fit's History numbers; one record per epoch, epoch 0 being the start.

"The gradient at epoch k" is d(mean training loss over all of X)/dw at epoch k's weights (those
after k epochs), computed here with one extra backward pass of the engine over the whole
training set. It is the gradient the next full-batch gradient-descent step uses:
w(k+1) = w(k) - lr(k+1) * grad(k), exactly what fit does with plain SGD and batch_size=None;
with mini-batches, momentum or Adam, the next epoch's weights differ, and the page says so.
Every chain rule the page shows for one point at epoch k averages over the points to this.

Imports: autograd, evaluation, losses.
"""
import math

from autograd import TracingError, trace

from ..evaluation import as_list
from ..losses import ROW, LossEntry


class Recorder:
    """Records one epoch per call: ``record(epoch, history)``, fit's on_epoch callback, after ``start()``."""

    def __init__(self, model, entry: LossEntry, X, y, optimizer) -> None:
        self.model, self.entry, self.X, self.y, self.optimizer = model, entry, X, y, optimizer
        self.parameters = model.parameters()
        self.width = len(as_list(model(X[0])))  # outputs per sample
        self.epochs: list[dict] = []
        self.replay = self._trace()

    def start(self) -> None:
        """Epoch 0: the weights before training."""
        self.epochs.append(self._snapshot(0))

    def record(self, epoch: int, history) -> None:
        """After epoch ``epoch``: fit has brought the Values up to date, and stepped the schedule already,
        so optimizer.lr is what the next epoch will use."""
        snapshot = self._snapshot(epoch)
        snapshot["lr"] = self.epochs[-1]["next_lr"]  # the lr this epoch's steps used
        for name in ("loss", "accuracy", "val_loss", "val_accuracy"):
            series = getattr(history, name)
            snapshot[name] = series[epoch - 1] if len(series) >= epoch else None
        self.epochs.append(snapshot)

    def _snapshot(self, epoch: int) -> dict:
        loss, grads = self._full_gradient()
        parameters = self.model.state_dict()
        return {"epoch": epoch, "parameters": parameters, "grad": dict(zip(parameters, grads)),
                "loss_at_weights": loss, "lr": None, "next_lr": self.optimizer.lr,
                "loss": None, "accuracy": None, "val_loss": None, "val_accuracy": None}

    def _full_gradient(self) -> tuple[float, list[float]]:
        """The mean loss over all of X and its gradient, as one batch of fit would compute them; the
        Values' own grads are put back as they were (fit may read them after this callback)."""
        saved = [parameter.grad for parameter in self.parameters]
        for parameter in self.parameters:
            parameter.grad = 0.0
        try:
            if self.replay is not None:
                loss = self.replay.backward(self.X, self.entry.encode_targets(self.y, self.width))
            else:
                loss_value = self._eager_loss()
                loss_value.backward()
                loss = loss_value.data
            grads = [parameter.grad for parameter in self.parameters]
        finally:
            for parameter, grad in zip(self.parameters, saved):
                parameter.grad = grad
        if not all(math.isfinite(number) for number in (loss, *grads)):
            raise OverflowError(f"the full-data gradient at these weights is not finite (loss {loss}); training "
                                "has diverged: lower the learning rate.")
        return loss, grads

    def _trace(self):
        """One sample's loss graph, replayed over all of X (the engine's own numbers, as fit's traced step
        gets them); None when the model cannot be traced, and the plain engine runs instead."""
        targets = self.entry.encode_targets(self.y[:1], self.width)
        try:
            return trace(self._per_sample, self.X[0], targets[0], parameters=self.parameters)
        except TracingError:
            return None

    def _per_sample(self, x, target):
        outputs = as_list(self.model(x))
        return self.entry.function(outputs if self.entry.outputs_per_sample == ROW else outputs[0], target)

    def _eager_loss(self):
        outputs = [as_list(self.model(row)) for row in self.X]
        if self.entry.outputs_per_sample != ROW:
            outputs = [row[0] for row in outputs]
        return self.entry.function(outputs, self.entry.eager_targets(self.y))
