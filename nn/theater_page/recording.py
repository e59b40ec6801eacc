"""What the theater keeps of each epoch: the weights, the full-data gradient at those weights, the
learning rates, and fit's History numbers; one record per epoch, epoch 0 being the start.

"The gradient at epoch k" is d(mean training loss over all of X)/dw at epoch k's weights (those
after k epochs), computed here with one extra backward pass of the engine over the whole
training set. It is the gradient the next full-batch gradient-descent step uses:
w(k+1) = w(k) - lr(k+1) * grad(k), exactly what fit does with plain SGD and batch_size=None;
with mini-batches, momentum or Adam, the next epoch's weights differ, and the page says so.
Every chain rule the page shows for one point at epoch k averages over the points to this.

Each record also keeps the optimizer as the next step will find it (``optimizer``: its kind, settings,
step count and state vectors by dotted name; None for an optimizer the page does not know) and how many
steps the epoch took (``batch_steps``), so the page can show the step really taken and train on.

Imports: numpy, history, losses, module, optim, shapes, steps.
"""
from __future__ import annotations

import math
from typing import Any

import numpy as np

from ..history import History
from ..losses import LossEntry
from ..module import Module
from ..optim import SGD, Adam, Optimizer
from ..shapes import Array
from ..steps import Loss, make_step


class Recorder:
    """Records one epoch per call: ``record(epoch, history)``, fit's on_epoch callback, after ``start()``."""

    def __init__(self, model: Module, entry: LossEntry, X: Array, y: Array, optimizer: Optimizer) -> None:
        self.model, self.optimizer, self.X, self.y = model, optimizer, X, y
        self.epochs: list[dict[str, Any]] = []
        self.names = {id(parameter): name for name, parameter in model.named_parameters()}
        self.steps_before = optimizer.steps  # the optimizer's step count at the last record
        # the full-data gradient, computed as fit computes a batch's (compiled when the model allows it)
        self.step = make_step(model, model.parameters(), X, y, Loss(entry, entry.function))

    def start(self) -> None:
        """Epoch 0: the weights before training."""
        self.epochs.append(self._snapshot(0))

    def record(self, epoch: int, history: History) -> None:
        """After epoch ``epoch``: fit shows the current weights in the Values while it calls back, and has
        stepped the schedule already, so optimizer.lr is what the next epoch will use."""
        snapshot = self._snapshot(epoch)
        snapshot["lr"] = self.epochs[-1]["next_lr"]  # the lr this epoch's steps used
        for name in ("loss", "accuracy", "val_loss", "val_accuracy"):
            series = getattr(history, name)
            snapshot[name] = series[epoch - 1] if len(series) >= epoch else None
        self.epochs.append(snapshot)

    def _snapshot(self, epoch: int) -> dict[str, Any]:
        loss, grads = self._full_gradient()
        parameters = self.model.state_dict()
        steps, self.steps_before = self.optimizer.steps - self.steps_before, self.optimizer.steps
        return {"epoch": epoch, "parameters": parameters, "grad": dict(zip(parameters, grads.tolist())),
                "loss_at_weights": loss, "lr": None, "next_lr": self.optimizer.lr,
                "loss": None, "accuracy": None, "val_loss": None, "val_accuracy": None,
                "optimizer": optimizer_state(self.optimizer, self.names), "batch_steps": steps}

    def _full_gradient(self) -> tuple[float, Array]:
        """The mean loss over all of X and its gradient, as one batch of fit would compute them; no Value
        changes (fit may read the grads after this callback)."""
        loss, grads = self.step.gradient(self.X, self.y)
        if not (math.isfinite(loss) and np.isfinite(grads).all()):
            raise OverflowError(f"the full-data gradient at these weights is not finite (loss {loss}); training "
                                "has diverged: lower the learning rate.")
        return loss, grads


def optimizer_state(optimizer: Optimizer, names: dict[int, str]) -> dict[str, Any] | None:
    """What the next step will use: {"kind": "sgd" | "adam", "lr", "momentum", "betas", "eps", "weight_decay",
    "steps", "state"}, the state vectors by the dotted names in ``names`` (parameter id -> name): velocity for
    SGD with momentum, mean and square for Adam, none for plain SGD. None for another optimizer."""
    buffers: tuple[str, ...]
    if type(optimizer) is Adam:  # a subclass may step otherwise: the page would not know how
        kind, buffers = "adam", ("mean", "square")
        settings: dict[str, Any] = {"momentum": None, "betas": list(optimizer.betas), "eps": optimizer.eps}
    elif type(optimizer) is SGD:
        kind, buffers = "sgd", ("velocity",) if optimizer.momentum else ()
        settings = {"momentum": optimizer.momentum, "betas": None, "eps": None}
    else:
        return None
    order = [names.get(id(parameter)) for parameter in optimizer.params]
    state = {buffer: {name: number for name, number in zip(order, getattr(optimizer, buffer).tolist())
                      if name is not None} for buffer in buffers}  # an optimizer may hold more than the model
    return {"kind": kind, "lr": optimizer.lr, **settings, "weight_decay": optimizer.weight_decay,
            "steps": optimizer.steps, "state": state}
