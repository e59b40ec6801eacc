"""fit(): the training loop (predict, loss, backward, step, repeat) and its History.

Imports: autograd, numpy, arguments, data, losses, module, optim, progress, steps.
"""
import time
from dataclasses import dataclass, field

import numpy as np

from autograd.arguments import check_count, check_flag

from .arguments import make_rng
from .data import batches
from .losses import LOSSES, LossEntry
from .module import Module
from .optim import SGD, Optimizer
from .progress import ProgressBar
from .steps import make_step


@dataclass
class History:
    """What happened in each epoch: mean loss, accuracy and seconds taken.

    accuracy is None for every epoch when it is undefined: for a regression loss (mse)
    and for a custom loss function."""

    loss: list = field(default_factory=list)
    accuracy: list = field(default_factory=list)
    seconds: list = field(default_factory=list)

    @property
    def epochs(self) -> int:
        return len(self.loss)

    @property
    def total_seconds(self) -> float:
        return sum(self.seconds)

    def __repr__(self) -> str:
        if not self.loss:
            return "History(0 epochs)"
        accuracy = ""
        if self.accuracy[-1] is not None:  # None for every epoch of mse or a custom loss
            accuracy = f", accuracy {self.accuracy[0]:.1%} -> {self.accuracy[-1]:.1%}"
        return (f"History({self.epochs} epochs: loss {self.loss[0]:.4g} -> {self.loss[-1]:.4g}{accuracy}, "
                f"{self.total_seconds:.2f} s)")


class DivergedError(ArithmeticError):
    """Training stopped because a number overflowed; ``history`` holds the epochs before it."""

    def __init__(self, message: str, epoch: int, history: History) -> None:
        super().__init__(message)
        self.epoch, self.history = epoch, history


def fit(model: Module, X, y, loss="bce_with_logits", optimizer: Optimizer | None = None, epochs: int = 100,
        batch_size: int | None = None, seed: int | None = None, progress: bool | None = None,
        schedule=None, on_epoch=None, trace: bool | None = None) -> History:
    """Train ``model`` on samples ``X`` (n, features) with targets ``y`` (n,).

    Each epoch goes through the data in batches (batch_size=None: all of it at once;
    1: one sample per step, i.e. SGD; k: mini-batches, reshuffled every epoch with
    ``seed``): predict, compute the loss, backward(), optimizer.step().
    loss: "bce_with_logits" (default), "bce", "mse", "hinge", "cross_entropy", or
    a callable ``loss(outputs, targets) -> Value``; accuracy reads the outputs as that loss
    does, and is None for mse and a callable. optimizer: default SGD(lr=0.1).
    schedule: an LR schedule stepped once per epoch; on_epoch(epoch, history): a callback.
    progress: a bar on a terminal (None: only if stderr is one; False: never).
    trace: replay one recorded sample graph over each batch with numpy, the same numbers
    much faster (None: whenever the model and loss can be traced; True: always; False: never).
    """
    X, y = _checked_data(X, y)
    entry, loss_function = _loss(loss)
    _check_settings(epochs, batch_size, progress, trace)
    rng = make_rng(seed, None)
    optimizer = optimizer if optimizer is not None else SGD(model.parameters(), lr=0.1)
    step = make_step(model, entry, loss_function, X, y, trace)
    history, bar = History(), ProgressBar(epochs, progress)
    try:
        for epoch in range(1, epochs + 1):
            started = time.perf_counter()
            epoch_loss, accuracy = _epoch(step, X, y, entry, optimizer, batch_size, rng, epoch, history)
            history.loss.append(epoch_loss)
            history.accuracy.append(accuracy)
            history.seconds.append(time.perf_counter() - started)
            if schedule is not None:
                schedule.step()
            bar.update(epoch, epoch_loss, accuracy)
            if on_epoch is not None:
                on_epoch(epoch, history)
    finally:
        bar.close()
    return history


def _epoch(step, X, y, entry, optimizer, batch_size, rng, epoch, history):
    """One pass over the data; returns (mean loss, accuracy or None)."""
    reads_classes = entry is not None and entry.read_class is not None
    total_loss, correct = 0.0, 0
    try:
        for X_batch, y_batch in batches(X, y, batch_size or len(X), shuffle=batch_size is not None, rng=rng):
            optimizer.zero_grad()
            batch_loss, scores = step(X_batch, y_batch)
            optimizer.step()
            total_loss += batch_loss * len(X_batch)
            correct += entry.count_correct(scores, y_batch) if reads_classes else 0
    except ArithmeticError as error:
        last = f" (mean loss in epoch {epoch - 1}: {history.loss[-1]:.4g})" if history.loss else ""
        raise DivergedError(
            f"training diverged in epoch {epoch}{last}: {error} "
            f"Try a smaller learning rate (lr={optimizer.lr:g} now, e.g. lr={optimizer.lr / 10:g}).",
            epoch, history,
        ) from error
    return total_loss / len(X), (correct / len(X) if reads_classes else None)


def _loss(loss) -> tuple[LossEntry | None, object]:
    """The loss table's entry and the function to call; a custom function has no entry."""
    if callable(loss):
        return None, loss
    if not isinstance(loss, str):
        raise TypeError(f"loss must be the name of a loss ({', '.join(LOSSES)}) or a function "
                        f"loss(outputs, targets) -> Value; got {type(loss).__name__} {loss!r}.")
    if loss not in LOSSES:
        raise ValueError(f"unknown loss {loss!r}; choose one of {', '.join(LOSSES)}, or pass a function "
                         "loss(outputs, targets) -> Value.")
    return LOSSES[loss], LOSSES[loss].function


def _checked_data(X, y) -> tuple[np.ndarray, np.ndarray]:
    try:
        X, y = np.asarray(X, dtype=float), np.asarray(y)
    except (TypeError, ValueError):
        raise TypeError("fit needs X as an (n, features) array of numbers and y as n targets.") from None
    if X.ndim != 2 or y.ndim != 1 or len(X) != len(y) or len(X) == 0:
        raise ValueError(f"fit needs X of shape (n, features) and y of shape (n,); got {X.shape} and {y.shape}.")
    if not np.isfinite(X).all():
        raise ValueError(f"X holds NaN or inf at rows {np.flatnonzero(~np.isfinite(X).all(axis=1))[:5].tolist()}.")
    return X, y


def _check_settings(epochs, batch_size, progress, trace) -> None:
    check_count("epochs", epochs, 1, "one pass over the data at least")
    if batch_size is not None:
        check_count("batch_size", batch_size, 1, "or None for the whole data set at once")
    for name, flag in (("progress", progress), ("trace", trace)):
        if flag is not None:
            check_flag(name, flag)
