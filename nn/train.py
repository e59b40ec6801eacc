"""fit(): the training loop (predict, loss, backward, step, repeat), recorded in a History.

Everything is checked before the first step: the data, the settings, the schedule and the callback,
that the loss fits what the model outputs and its targets fit the loss (agreement.py), that a loss
function of one's own returns a Value, and that the optimizer holds the model's parameters; the
checked settings travel as one record, a Run. The step (compiled or eager: steps.py decides) trains its
Weights; for the whole run the numbers stay where that step computes with them, and user code
(the schedule, on_epoch) sees them in the Values (weights.py). Every pass runs under a guard
(divergence.py) that turns an overflow or runaway growth into a DivergedError and restores the weights
(on any other error too, which then goes on as it was raised).

Imports: autograd, numpy, agreement, arguments, data, divergence, evaluation, history, losses, module, optim,
outputs, progress, shapes, steps, weights.
"""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any, Protocol

import numpy as np

from autograd.arguments import check_count, check_flag

from .agreement import check_loss_value, choose_loss, chosen_loss_refused
from .arguments import make_rng
from .data import batches
from .divergence import DivergedError, Guard
from .evaluation import checked_labels, checked_samples
from .history import History
from .losses import LossEntry
from .module import Module
from .optim import SGD, Optimizer
from .outputs import CLASS_READERS, ClassReader, Labels, as_list, count_correct
from .progress import ProgressBar
from .shapes import Array
from .steps import Loss, Step, check_targets, make_step
from .weights import Weights

__all__ = ["DivergedError", "History", "fit"]


class Schedule(Protocol):
    """A learning-rate schedule (StepLR, LinearLR): stepped once per epoch."""

    def step(self) -> float: ...


EpochCallback = Callable[[int, History], Any]


@dataclass(frozen=True)
class Run:
    """One call of fit, checked: what it trains on, and how."""

    X: Array
    y: Labels
    validation: tuple[Array, Labels] | None
    optimizer: Optimizer
    epochs: int
    batch_size: int | None  # None: the whole data set in one step
    shuffle: bool  # mini-batches in a fresh random order each epoch (False: in the data's order)
    rng: np.random.Generator  # the order of the mini-batches
    schedule: Schedule | None
    on_epoch: EpochCallback | None
    read_class: ClassReader | None = None  # how accuracy reads an output as a class (once the loss is chosen)


def fit(model: Module, X: Any, y: Any, loss: str | Callable[..., Any] | None = None,
        optimizer: Optimizer | None = None, epochs: int = 100, batch_size: int | None = None, seed: int | None = None,
        progress: bool | None = None, schedule: Schedule | None = None, on_epoch: EpochCallback | None = None,
        trace: bool | None = None, validation: tuple[Any, Any] | None = None, shuffle: bool = True) -> History:
    """Train ``model`` on samples ``X`` (n, features) with targets ``y`` (n,).

    Each epoch goes through the data in batches (batch_size=None: all of it at once;
    1: one sample per step, i.e. SGD; k: mini-batches, reshuffled every epoch with
    ``seed``, or taken in the data's order with ``shuffle=False``): predict, compute the loss,
    backward(), optimizer.step().
    loss: None picks the one that fits ``model.output_kind`` (bce for a probability,
    bce_with_logits for a logit, cross_entropy for class logits); a name ("bce",
    "bce_with_logits", "mse", "hinge", "cross_entropy") must fit it too; or a callable
    ``loss(outputs, targets) -> Value`` (called once on the first sample before any step, to see that it
    returns one). Accuracy reads outputs as the model's kind says
    (None for mse and a callable). optimizer: default SGD(model.parameters(), lr=0.1).
    validation=(X_val, y_val): loss and accuracy on it after every epoch, without gradients.
    schedule: an LR schedule stepped once per epoch; on_epoch(epoch, history): a callback.
    progress: a bar on a terminal (None: only if stderr is one; False: never).
    trace: replay one recorded sample graph over each batch with numpy, the same numbers
    much faster (None: whenever the model and loss can be traced; True: always; False: never).
    A number overflowing raises DivergedError, with the weights (and the optimizer's state) back at
    the start of the epoch with the lowest loss, so fit can simply run again: see divergence.py. So does
    runaway growth: an epoch that ends with a weight or its loss beyond 1e100, where no sane run goes.
    Any other error (a bug in one's own loss, say) is raised as it is, after the same restore.
    """
    X = checked_samples(X, "fit")
    y = checked_labels(y, X, "fit")
    _check_settings(epochs, batch_size, progress, trace)
    check_flag("shuffle", shuffle)
    optimizer = _checked_optimizer(optimizer, model)
    _check_callbacks(schedule, on_epoch, optimizer)
    run = Run(X, y, _checked_validation(validation, X.shape[1]), optimizer, epochs, batch_size, shuffle,
              make_rng(seed, None), schedule, on_epoch)
    history = History()
    step, read_class = _prepare(model, run, loss, trace, history)
    run = replace(run, read_class=read_class)
    guard, bar = Guard(model, run.optimizer, step.weights), ProgressBar(epochs, progress)
    try:
        with step.weights.training():  # on every way out (a DivergedError included) the Values are current
            for epoch in range(1, epochs + 1):
                _run_epoch(run, step, guard, history, epoch, bar)
    finally:
        bar.close()
    return history


def _prepare(model: Module, run: Run, loss: Any, use_trace: bool | None,
             history: History) -> tuple[Step, ClassReader | None]:
    """The step (compiled or eager) and how accuracy reads a class, once the loss is known to fit the
    model and every target to fit the loss; the model's first passes run under a guard too."""
    guard = Guard(model, run.optimizer, Weights(run.optimizer.params))
    with guard.watch("the first forward pass", history):
        output = model(run.X[0])
    width = len(as_list(output))
    entry, loss_function = choose_loss(model, loss, width)
    if entry is None:  # one's own function: called once, as a step calls it, to see that it returns a Value
        with guard.watch("the loss function's first call", history):
            returned = loss_function([output], [float(run.y[0])])
        check_loss_value(loss_function, returned)
    else:
        _check_all_targets(run, model, entry, width, chosen=loss is None)
    with guard.watch("the first traced pass", history):
        step = make_step(model, run.optimizer.params, run.X, run.y, Loss(entry, loss_function), compiled=use_trace)
    return step, _class_reader(model, entry)


def _run_epoch(run: Run, step: Step, guard: Guard, history: History, epoch: int, bar: ProgressBar) -> None:
    """One epoch: the training steps, the validation pass, then the user's code (schedule, on_epoch)."""
    guard.start_epoch(epoch, history.loss)
    started = time.perf_counter()
    with guard.watch("a training step", history):
        loss, accuracy = _train_epoch(run, step)
        guard.check_growth(loss)
    history.loss.append(loss)
    history.accuracy.append(accuracy)
    history.seconds.append(time.perf_counter() - started)
    if run.validation is not None:
        with guard.watch("the validation pass", history):
            val_loss, val_accuracy = _evaluate(run, step, *run.validation)
        history.val_loss.append(val_loss)
        history.val_accuracy.append(val_accuracy)
    bar.update(epoch, loss, accuracy)
    if run.schedule is not None or run.on_epoch is not None:
        with step.weights.shown():  # the user's code sees, and may change, the current weights in the Values
            if run.schedule is not None:
                run.schedule.step()
            if run.on_epoch is not None:
                run.on_epoch(epoch, history)


def _train_epoch(run: Run, step: Step) -> tuple[float, float | None]:
    """One pass over the data, a step per batch; returns (mean loss, accuracy or None)."""
    total_loss, correct = 0.0, 0
    if run.batch_size is None:  # full batch: the data as it is, no copy an epoch
        parts: Iterable[tuple[Array, Labels]] = [(run.X, run.y)]
    else:
        parts = batches(run.X, run.y, run.batch_size, shuffle=run.shuffle, rng=run.rng)
    for X_batch, y_batch in parts:
        step.weights.zero_grad()
        batch_loss, outputs = step.train(X_batch, y_batch)
        run.optimizer.update(step.weights)
        total_loss += batch_loss * len(X_batch)
        correct += count_correct(run.read_class, outputs, y_batch) if run.read_class is not None else 0
    return total_loss / len(run.X), (correct / len(run.X) if run.read_class is not None else None)


def _evaluate(run: Run, step: Step, X: Array, y: Labels) -> tuple[float, float | None]:
    """Loss and accuracy on the validation data, with the weights as they are now."""
    loss, outputs = step.evaluate(X, y)
    return loss, (count_correct(run.read_class, outputs, y) / len(y) if run.read_class is not None else None)


def _check_all_targets(run: Run, model: Module, entry: LossEntry, width: int, chosen: bool) -> None:
    """Every target, the validation ones too, fits the loss; when fit chose it, a refusal says so."""
    for labels in (run.y, *(run.validation[1:] if run.validation else ())):
        try:
            check_targets(entry, labels, width)
        except ValueError as error:
            if not chosen:
                raise
            raise chosen_loss_refused(model, entry, error) from None


def _class_reader(model: Module, entry: LossEntry | None) -> ClassReader | None:
    """How accuracy reads an output as a class: as the model's kind says, else as the loss does;
    None (no accuracy) for a regression loss and for a custom loss function."""
    if entry is None or entry.read_class is None:
        return None
    return CLASS_READERS.get(getattr(model, "output_kind", None) or "", entry.read_class)


def _checked_validation(validation: tuple[Any, Any] | None, features: int) -> tuple[Array, Labels] | None:
    """None without validation data, else (X_val, y_val) checked as X and y are."""
    if validation is None:
        return None
    if not isinstance(validation, (tuple, list)) or len(validation) != 2:
        raise TypeError(f"validation must be a pair (X_val, y_val); got {type(validation).__name__}.")
    X_val = checked_samples(validation[0], "fit's validation")
    if X_val.shape[1] != features:
        raise ValueError(f"validation X has {X_val.shape[1]} features per sample, X has {features}.")
    return X_val, checked_labels(validation[1], X_val, "fit's validation", "y_val")


def _checked_optimizer(optimizer: Any, model: Module) -> Optimizer:
    """The optimizer (default SGD(lr=0.1)), refused unless it holds every parameter of the model."""
    own = model.parameters()
    if not own:
        raise ValueError(f"{type(model).__name__} has no parameters (Values stored on it) for fit to train.")
    if optimizer is None:
        return SGD(own, lr=0.1)
    if not isinstance(optimizer, Optimizer):
        raise TypeError(f"optimizer must be an nn optimizer, e.g. SGD(model.parameters(), lr=0.1); "
                        f"got {type(optimizer).__name__}.")
    held = {id(parameter) for parameter in optimizer.params}
    missing = [name for name, parameter in model.named_parameters() if id(parameter) not in held]
    build = f"build it from this model: optimizer={type(optimizer).__name__}(model.parameters(), ...)"
    if len(missing) == len(own):
        raise ValueError("the optimizer holds none of this model's parameters: it was built for another model "
                         f"(was the model made again after the optimizer, e.g. by re-running a cell?). Then {build}.")
    if missing:
        raise ValueError(f"the optimizer holds {len(own) - len(missing)} of this model's {len(own)} parameters; "
                         f"{len(missing)} (e.g. {missing[0]}) would never train. To train them all, {build}.")
    return optimizer


def _check_callbacks(schedule: object, on_epoch: object, optimizer: Optimizer) -> None:
    """The schedule and the callback run after every epoch: refused before the first, not after it."""
    if on_epoch is not None and not callable(on_epoch):
        raise TypeError("on_epoch must be a function on_epoch(epoch, history), called after every epoch; "
                        f"got {type(on_epoch).__name__} {on_epoch!r}.")
    if schedule is None:
        return
    if not callable(getattr(schedule, "step", None)):
        raise TypeError("schedule must be a learning-rate schedule (an object with a step() method), e.g. "
                        f"StepLR(optimizer, step_size=10); got {type(schedule).__name__} {schedule!r}.")
    if getattr(schedule, "optimizer", optimizer) is not optimizer:
        kind = type(schedule).__name__
        raise ValueError(f"the {kind} schedule was built for another optimizer than fit's, so fit's lr would never "
                         f"change. Build it from the optimizer given to fit: {kind}(optimizer, ...) with "
                         "fit(..., optimizer=optimizer).")


def _check_settings(epochs: object, batch_size: object, progress: object, trace: object) -> None:
    check_count("epochs", epochs, 1, "one pass over the data at least")
    if batch_size is not None:
        check_count("batch_size", batch_size, 1, "or None for the whole data set at once")
    for name, flag in (("progress", progress), ("trace", trace)):
        if flag is not None:
            check_flag(name, flag)
