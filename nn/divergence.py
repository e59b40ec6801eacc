"""When training diverges: fit's guard around every pass it makes. It keeps the weights and the
optimizer's own numbers from the start of each epoch, puts a good state back when a number
overflows, and raises DivergedError with a two-line message: where, which weight, and the fix.

What counts: an overflow of the engine (autograd) or of fit's own numbers (an optimizer's step), and
runaway growth: an epoch that ends with a weight or a loss beyond RUNAWAY, 1e100, where no sane run
goes (float64 reaches 1.8e308, so lr=1e150 can grow the weights for many epochs before anything
overflows). Any other error, in the user's loss for instance (an OverflowError of its own math.exp
too), is a bug, not a divergence: it propagates as it was raised, the user's line in its traceback,
after the same state is put back.

Which state: the start of the epoch with the lowest loss, the last one known to be good. (With
full-batch training an epoch's loss is that of the weights at its start; the start of the failing
epoch is one step further, never measured, and when training diverges step by step its weights
are already 1e100 or more, from which no learning rate recovers.) So after a DivergedError,
re-running fit with a smaller lr simply works.

Imports: history, module, optim, shapes, weights.
"""
from __future__ import annotations

import math
import sys
from types import TracebackType
from typing import TypeAlias

from .history import History
from .module import Module
from .optim import Optimizer, OptimizerState, StepOverflowError
from .shapes import Array
from .weights import Weights

Snapshot: TypeAlias = tuple[Array, OptimizerState]  # the weights' numbers and the optimizer's state_dict()

RUNAWAY = 1e100  # a weight or an epoch's loss beyond it has run away: learning keeps numbers near 1
RUNAWAY_TEXT = "1e100"
ENGINE = ("autograd", "nn")  # the packages whose overflows are a divergence (not the user's code)


class DivergedError(ArithmeticError):
    """Training stopped because a number overflowed or ran away (beyond RUNAWAY). ``epoch``: where;
    ``history``: the epochs before it; ``restored_epoch``: the weights are those of its start; ``error``: the
    engine's own, longer, report (a RunawayError for runaway growth)."""

    def __init__(self, message: str, epoch: int, history: History, restored_epoch: int,
                 error: BaseException) -> None:
        super().__init__(message)
        self.epoch, self.history, self.restored_epoch, self.error = epoch, history, restored_epoch, error


class RunawayError(ArithmeticError):
    """A weight or an epoch's loss beyond RUNAWAY: nothing overflowed yet, but training has run away."""


def is_divergence(error: BaseException) -> bool:
    """Whether ``error`` is the numbers leaving the float range: an ArithmeticError (a division by zero
    excepted) raised inside the engine or nn, never one raised by the user's own code."""
    if not isinstance(error, ArithmeticError) or isinstance(error, ZeroDivisionError):
        return False
    trace = error.__traceback__
    while trace is not None and trace.tb_next is not None:
        trace = trace.tb_next
    module = str(trace.tb_frame.f_globals.get("__name__", "")) if trace is not None else ""
    return module.split(".")[0] in ENGINE


class Guard:
    """Watches fit's passes (``with guard.watch(where, history):``); on a divergence (``is_divergence``)
    restores a saved state of ``weights`` and the optimizer and raises DivergedError instead; on any other
    error restores it too and lets the error go on."""

    def __init__(self, model: Module, optimizer: Optimizer, weights: Weights) -> None:
        self.optimizer, self.weights = optimizer, weights
        self.names = {id(parameter): name for name, parameter in model.named_parameters()}
        self.epoch, self.state = 1, self._snapshot()
        self.lowest, self.seen = math.inf, 0  # the lowest of the first ``seen`` losses
        self.best = (1, self.state)
        self.first_largest = self.largest()[1]

    def start_epoch(self, epoch: int, losses: list[float]) -> None:
        """Remember this epoch's starting state; keep the previous one if its epoch had the lowest loss."""
        if self._lowest(losses):
            self.best = (self.epoch, self.state)
        self.epoch, self.state = epoch, self._snapshot()

    def _lowest(self, losses: list[float]) -> bool:
        """Whether the current epoch has finished with the lowest loss so far (the running minimum is kept,
        so this costs the same in epoch 10,000 as in epoch 1)."""
        if len(losses) != self.epoch:
            return False
        if len(losses) > self.seen:
            self.lowest, self.seen = min([self.lowest, *losses[self.seen:-1]]), len(losses) - 1
        return losses[-1] <= self.lowest

    def check_growth(self, loss: float) -> None:
        """Raise RunawayError when the epoch just trained ends with a weight or its loss beyond RUNAWAY."""
        largest = float(abs(self.weights.numbers()).max())
        if largest <= RUNAWAY and loss <= RUNAWAY:
            return
        name, number = self.largest()
        weight, mean = f"largest weight {name} {rough(number)}", f"loss {rough(loss)}"
        first, then = (mean, weight) if loss > RUNAWAY else (weight, mean)
        raise RunawayError(f"runaway: {first} beyond {RUNAWAY_TEXT}, {then}")

    def _snapshot(self) -> Snapshot:
        return self.weights.numbers().copy(), self.optimizer.state_dict()

    def best_state(self, losses: list[float]) -> tuple[int, Snapshot]:
        """The epoch whose start to put back, and its state."""
        return (self.epoch, self.state) if self._lowest(losses) else self.best

    def _restore(self, losses: list[float]) -> int:
        """Put back the start of the epoch with the lowest loss (this one, if it failed after its training
        steps, in the validation pass); return that epoch."""
        epoch, (weights, optimizer_state) = self.best_state(losses)
        self.weights.assign(weights)
        self.optimizer.load_state_dict(optimizer_state)
        return epoch

    def restored(self, error: Exception, history: History) -> None:
        """After an error that is no divergence: the same state put back, said in a note on the error when
        any number had changed (the error itself, and its traceback, go on as they were)."""
        changed = bool((self.weights.numbers() != self.best_state(history.loss)[1][0]).any())
        epoch = self._restore(history.loss)
        if changed and sys.version_info >= (3, 11):
            error.add_note(f"fit put the weights back to the start of epoch {epoch}, the optimizer's state too "
                           "(as on a DivergedError).")

    def largest(self) -> tuple[str, float]:
        """The dotted name and number of the weight of largest size, as it is now."""
        numbers = self.weights.numbers()
        index = int(abs(numbers).argmax())
        return self._name(index), float(numbers[index])

    def _name(self, index: int) -> str:
        parameter = self.weights.values[index]
        return self.names.get(id(parameter), parameter.label or f"#{index}")

    def watch(self, where: str, history: History) -> Watch:
        """``with guard.watch(where, history):`` runs the block; an overflow in it is reported as a
        DivergedError in the current epoch, with the saved state put back."""
        return Watch(self, where, history)

    def diverged(self, error: ArithmeticError, where: str, history: History) -> DivergedError:
        """The DivergedError for ``error``, after the weights and the optimizer are put back."""
        what = self._what(error, where)
        restored = self._restore(history.loss)
        return DivergedError(self._message(history.loss, what, restored), self.epoch, history, restored, error)

    def _what(self, error: ArithmeticError, where: str) -> str:
        """What overflowed, read before the weights are put back."""
        if isinstance(error, RunawayError):
            return str(error)
        if isinstance(error, StepOverflowError):
            name, optimizer = self._name(error.index), type(self.optimizer).__name__
            grad = f"grad {rough(float(self.weights.gradients()[error.index]))}"
            if error.quantity != "value":  # e.g. Adam's squared gradient
                return f"{optimizer}'s {error.quantity} of {name} would overflow ({grad})"
            now = rough(float(self.weights.numbers()[error.index]))
            return f"{optimizer}'s step would overflow {name} (now {now}, {grad})"
        name, number = self.largest()
        return f"{type(error).__name__} in {where}, largest weight {name} {rough(number)}"

    def _message(self, losses: list[float], what: str, restored: int) -> str:
        before = f" (loss before {losses[-1]:.3g})" if losses else ""
        lowest = f" (lowest loss, {losses[restored - 1]:.3g})" if losses else ""
        lr, largest = self.optimizer.lr, abs(self.largest()[1])
        if largest > 1e3 * max(abs(self.first_largest), 1.0) or largest > 1e8:  # no learning rate helps from there
            advice = f" (already {rough(largest)}): rebuild the model and try lr={lr / 10:g}"
        else:
            advice = f". Try a smaller learning rate: lr={lr / 10:g}"
        return (f"training diverged in epoch {self.epoch}{before}: {what}.\n"
                f"Weights reset to the start of epoch {restored}{lowest}{advice} (now {lr:g}).")


class Watch:
    """The context manager of Guard.watch: a small class rather than @contextmanager, whose generator
    would cost more than the rest of a small epoch's bookkeeping."""

    def __init__(self, guard: Guard, where: str, history: History) -> None:
        self.guard, self.where, self.history = guard, where, history

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        if isinstance(error, ArithmeticError) and is_divergence(error):
            raise self.guard.diverged(error, self.where, self.history) from None
        if isinstance(error, Exception):  # a bug (the user's, most likely): it goes on, the weights put back
            self.guard.restored(error, self.history)


def rough(number: float) -> str:
    """A number's size at a glance: 0.37, -12.5, ~1e154, ~-1e78."""
    if abs(number) < 1e4:
        return f"{number:.3g}"
    return f"~{'-' if number < 0 else ''}1e{math.floor(math.log10(abs(number)))}"
