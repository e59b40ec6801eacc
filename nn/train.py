"""fit(): the training loop (predict, loss, backward, step, repeat), recorded in a History.

Everything is checked before the first step: the data, the settings, that the loss fits what the
model outputs (agreement.py) and that the optimizer holds the model's parameters. Every pass runs
under a guard (divergence.py) that turns an overflow into a DivergedError and restores the weights.

Imports: autograd, agreement, arguments, data, divergence, evaluation, history, losses, optim, outputs, progress, steps.
"""
import time

from autograd.arguments import check_count, check_flag

from .agreement import choose_loss
from .arguments import make_rng
from .data import batches
from .divergence import DivergedError, Guard
from .evaluation import as_list, checked_labels, checked_samples
from .history import History
from .losses import LossEntry
from .optim import SGD, Optimizer
from .outputs import CLASS_READERS, count_correct
from .progress import ProgressBar
from .steps import check_targets, make_step

__all__ = ["DivergedError", "History", "fit"]


def fit(model, X, y, loss=None, optimizer: Optimizer | None = None, epochs: int = 100, batch_size: int | None = None,
        seed: int | None = None, progress: bool | None = None, schedule=None, on_epoch=None,
        trace: bool | None = None, validation: tuple | None = None) -> History:
    """Train ``model`` on samples ``X`` (n, features) with targets ``y`` (n,).

    Each epoch goes through the data in batches (batch_size=None: all of it at once;
    1: one sample per step, i.e. SGD; k: mini-batches, reshuffled every epoch with
    ``seed``): predict, compute the loss, backward(), optimizer.step().
    loss: None picks the one that fits ``model.output_kind`` (bce for a probability,
    bce_with_logits for a logit, cross_entropy for class logits); a name ("bce",
    "bce_with_logits", "mse", "hinge", "cross_entropy") must fit it too; or a callable
    ``loss(outputs, targets) -> Value``. Accuracy reads outputs as the model's kind says
    (None for mse and a callable). optimizer: default SGD(model.parameters(), lr=0.1).
    validation=(X_val, y_val): loss and accuracy on it after every epoch, without gradients.
    schedule: an LR schedule stepped once per epoch; on_epoch(epoch, history): a callback.
    progress: a bar on a terminal (None: only if stderr is one; False: never).
    trace: replay one recorded sample graph over each batch with numpy, the same numbers
    much faster (None: whenever the model and loss can be traced; True: always; False: never).
    A number overflowing raises DivergedError, with the weights (and the optimizer's state) back at
    the start of the epoch with the lowest loss, so fit can simply run again: see divergence.py.
    """
    X = checked_samples(X, "fit")
    y = checked_labels(y, X, "fit")
    _check_settings(epochs, batch_size, progress, trace)
    validation = _checked_validation(validation, X.shape[1])
    optimizer = _checked_optimizer(optimizer, model)
    guard, history = Guard(model, optimizer), History()
    step, read_class = _prepare(model, X, y, loss, validation, trace, guard, history, optimizer.params)
    rng, bar = make_rng(seed, None), ProgressBar(epochs, progress)
    step.bind(optimizer)  # a traced step trains on one parameter vector; the Values are synced below
    try:
        for epoch in range(1, epochs + 1):
            guard.start_epoch(epoch, history.loss)
            started = time.perf_counter()
            _record(history.loss, history.accuracy, guard.run(
                "a training step", history, _epoch, step, X, y, read_class, optimizer, batch_size, rng))
            history.seconds.append(time.perf_counter() - started)
            if validation:
                _record(history.val_loss, history.val_accuracy,
                        guard.run("the validation pass", history, _evaluate, step, *validation, read_class))
            if schedule is not None or on_epoch is not None:
                step.sync()  # user code may look at the model: its Values must be current
            if schedule is not None:
                schedule.step()
            bar.update(epoch, history.loss[-1], history.accuracy[-1])
            if on_epoch is not None:
                on_epoch(epoch, history)
            if schedule is not None or on_epoch is not None:
                step.reload()  # and whatever user code changed in them is trained from here on
    finally:
        step.unbind()  # the Values <- the vector, on every way out (a DivergedError included)
        bar.close()
    return history


def _prepare(model, X, y, loss, validation: tuple, use_trace, guard: Guard, history: History, parameters: list):
    """The step (eager or traced) and how accuracy reads a class, once the loss is known to fit the
    model and every target to fit the loss; the model's first passes run under the guard too."""
    width = guard.run("the first forward pass", history, lambda: len(as_list(model(X[0]))))
    entry, loss_function = choose_loss(model, loss, width)
    for labels in (y, *validation[1:]):
        if entry is not None:
            check_targets(entry, labels, width)
    step = guard.run("the first traced pass", history, make_step, model, entry, loss_function, X, y, use_trace,
                     parameters)
    return step, _class_reader(model, entry)


def _epoch(step, X, y, read_class, optimizer, batch_size, rng) -> tuple[float, float | None]:
    """One pass over the data, a step per batch; returns (mean loss, accuracy or None)."""
    total_loss, correct = 0.0, 0
    whole = [(X, y)] if batch_size is None else None  # full batch: the data as it is, no copy an epoch
    for X_batch, y_batch in whole or batches(X, y, batch_size, shuffle=True, rng=rng):
        optimizer.zero_grad()
        batch_loss, outputs = step(X_batch, y_batch)
        optimizer.step()
        total_loss += batch_loss * len(X_batch)
        correct += count_correct(read_class, outputs, y_batch) if read_class is not None else 0
    return total_loss / len(X), (correct / len(X) if read_class is not None else None)


def _evaluate(step, X, y, read_class) -> tuple[float, float | None]:
    """Loss and accuracy on the validation data, with the weights as they are now."""
    loss, outputs = step.evaluate(X, y)
    return loss, (count_correct(read_class, outputs, y) / len(y) if read_class is not None else None)


def _record(losses: list, accuracies: list, result: tuple) -> None:
    losses.append(result[0])
    accuracies.append(result[1])


def _class_reader(model, entry: LossEntry | None):
    """How accuracy reads an output as a class: as the model's kind says, else as the loss does;
    None (no accuracy) for a regression loss and for a custom loss function."""
    if entry is None or entry.read_class is None:
        return None
    return CLASS_READERS.get(getattr(model, "output_kind", None), entry.read_class)


def _checked_validation(validation, features: int) -> tuple:
    """() without validation data, else (X_val, y_val) checked as X and y are."""
    if validation is None:
        return ()
    if not isinstance(validation, (tuple, list)) or len(validation) != 2:
        raise TypeError(f"validation must be a pair (X_val, y_val); got {type(validation).__name__}.")
    X_val = checked_samples(validation[0], "fit's validation")
    if X_val.shape[1] != features:
        raise ValueError(f"validation X has {X_val.shape[1]} features per sample, X has {features}.")
    return X_val, checked_labels(validation[1], X_val, "fit's validation", "y_val")


def _checked_optimizer(optimizer, model) -> Optimizer:
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


def _check_settings(epochs, batch_size, progress, trace) -> None:
    check_count("epochs", epochs, 1, "one pass over the data at least")
    if batch_size is not None:
        check_count("batch_size", batch_size, 1, "or None for the whole data set at once")
    for name, flag in (("progress", progress), ("trace", trace)):
        if flag is not None:
            check_flag(name, flag)

