"""Optimizers (SGD, Adam) and learning-rate schedules (StepLR, LinearLR).

An optimizer turns gradients into weight changes; at its core w -= lr * grad.
Updates run on numpy vectors, through a Weights (weights.py): read from the Values and written
back, or, in fit with a compiled step, updated in place in the vector that step computes with.
Settings are checked by autograd's argument checker: a TypeError for a non-number, a ValueError
for a number out of range; lr is checked again whenever it is set. Steps are all or nothing.

Imports: autograd, numpy, module, shapes, weights.
"""
import math
from collections.abc import Iterable

import numpy as np

from autograd import Value
from autograd.arguments import check_count, check_number

from .module import Module
from .shapes import Array
from .weights import Weights

OptimizerState = dict[str, int | Array]  # "steps": the step count; one state vector per name in ``buffers``


class StepOverflowError(OverflowError):
    """A step would have made a number non-finite; nothing was changed. ``index``: the parameter's position;
    ``quantity``: what overflowed ("value", "momentum", "mean gradient", "squared gradient")."""

    def __init__(self, message: str, index: int, quantity: str) -> None:
        super().__init__(message)
        self.index, self.quantity = index, quantity


STATE_WORDS = {"velocity": "momentum", "mean": "mean gradient", "square": "squared gradient"}


class Optimizer:
    """Holds the parameters; ``step()`` updates them from their grads, ``zero_grad()`` resets them.

    A step is all or nothing: if any new weight or any of the optimizer's own numbers (momentum,
    Adam's moments) would not be finite, it raises StepOverflowError and changes none of them.
    ``update(weights)`` is the same step on a Weights (nn/weights.py): fit trains that way, on the
    vector a compiled step computes with.
    """

    buffers: tuple[str, ...] = ()  # the names of the per-parameter state vectors (subclasses)

    def __init__(self, params: Iterable[Value], lr: float) -> None:
        self.params = _checked_parameters(params, type(self).__name__)
        self.lr = lr
        self.steps = 0
        self._values = Weights(self.params)  # the parameters as they are in their Values (step, zero_grad)

    @property
    def lr(self) -> float:
        """The learning rate; setting it (a schedule does) is checked as the constructor checks it."""
        return self._lr

    @lr.setter
    def lr(self, value: float) -> None:
        self._lr = check_number("lr", value, 0.0, low_open=True, example=0.1)

    def zero_grad(self) -> None:
        """Every parameter's grad to 0 (leaves accumulate across backward calls)."""
        self._values.zero_grad()

    def step(self) -> None:
        """Update every parameter from its grad: new = old - change (the Values are read and written)."""
        self.update(self._values)

    def update(self, weights: Weights) -> None:
        """One step on ``weights`` (this optimizer's parameters, in its order), wherever their numbers are
        current: new = old - change, computed on numpy vectors."""
        if weights.values is not self.params and weights.values != self.params:
            raise ValueError(f"{type(self).__name__}.update needs the weights of its own parameters, in its order "
                             f"(Weights(optimizer.params)); got {len(weights.values)} other Values.")
        numbers, grads = weights.numbers(), weights.gradients()
        with np.errstate(over="ignore", invalid="ignore"):  # checked just below, with a clearer message
            change, state = self._change(grads, numbers, self.steps + 1)
            new = numbers - change
            self._check_finite(new, state, grads)
        self.steps += 1
        for name, vector in state.items():
            setattr(self, name, vector)
        weights.assign(new, checked=True)  # _check_finite found every number finite

    def _check_finite(self, new: Array, state: dict[str, Array], grads: Array) -> None:
        for name, vector in (*state.items(), ("value", new)):  # a sum is the cheaper test; inf in it is fine
            if not (math.isfinite(vector.sum()) or np.isfinite(vector).all()):
                what = STATE_WORDS.get(name, name)
                index = int(np.flatnonzero(~np.isfinite(vector))[0])
                label = self.params[index].label or f"#{index}"
                raise StepOverflowError(
                    f"{type(self).__name__} step {self.steps + 1}: the {what} of parameter {label!r} would be "
                    f"{vector[index]} (grad {grads[index]:.3g}); nothing was changed. Training diverged: try a "
                    f"smaller learning rate than {self.lr:g}.", index, what)

    def _change(self, grads: Array, weights: Array, step: int) -> tuple[Array, dict[str, Array]]:
        """How much each weight moves down this step, and the new state vectors (subclasses: SGD, Adam)."""
        raise NotImplementedError

    def state_dict(self) -> OptimizerState:
        """The optimizer's own state: its step count and a copy of each state vector (not lr)."""
        return {"steps": self.steps, **{name: getattr(self, name).copy() for name in self.buffers}}

    def load_state_dict(self, state: OptimizerState) -> None:
        """Put back a state from state_dict() (fit does, when training diverges)."""
        steps = state["steps"]
        if not isinstance(steps, int):
            raise TypeError(f"state['steps'] must be the step count (an int); got {type(steps).__name__}.")
        self.steps = steps
        for name in self.buffers:
            setattr(self, name, np.array(state[name], dtype=float))


def _checked_parameters(params: object, optimizer: str) -> list[Value]:
    example = f"e.g. {optimizer}(model.parameters(), lr=0.1)"
    if isinstance(params, Module):
        raise TypeError(f"{optimizer} takes the model's parameters, not the model: pass model.parameters(), {example}.")
    if isinstance(params, Value):
        raise TypeError(f"{optimizer} takes a list of Values; got a single Value: pass [value].")
    try:
        items = list(params)  # type: ignore[call-overload]  # anything iterable; a TypeError below says what
    except TypeError:
        raise TypeError(f"{optimizer} needs a list of Values, {example}; got {type(params).__name__}.") from None
    if items and all(isinstance(p, tuple) and len(p) == 2 and isinstance(p[1], Value) for p in items):
        raise TypeError(f"{optimizer} takes Values, not (name, Value) pairs: pass model.parameters(), {example}.")
    values = [p for p in items if isinstance(p, Value)]
    if not items or len(values) != len(items):
        raise TypeError(f"an optimizer needs a non-empty list of Values, {example}.")
    return values


class SGD(Optimizer):
    """Stochastic gradient descent, with PyTorch's momentum and weight decay.

    g = grad + weight_decay * w;  b = momentum * b + g;  w -= lr * b.
    With the defaults this is plain gradient descent: w_new = w_old - lr * grad.
    """

    buffers = ("velocity",)

    def __init__(self, params: Iterable[Value], lr: float, momentum: float = 0.0, weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        self.momentum = check_number("momentum", momentum, 0.0, 1.0, high_open=True, example=0.9)
        self.weight_decay = check_number("weight_decay", weight_decay, 0.0)
        self.velocity = np.zeros(len(self.params))

    def _change(self, grads: Array, weights: Array, step: int) -> tuple[Array, dict[str, Array]]:
        if self.weight_decay:
            grads = grads + self.weight_decay * weights
        if not self.momentum:  # plain gradient descent: no velocity to keep
            return self.lr * grads, {}
        velocity = self.momentum * self.velocity + grads
        return self.lr * velocity, {"velocity": velocity}


class Adam(Optimizer):
    """Adam: steps scaled per parameter by running averages of grad and grad**2.

    m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g**2;  both divided by (1 - b**t) to
    undo their start at zero;  w -= lr * m_hat / (sqrt(v_hat) + eps).
    weight_decay adds weight_decay * w to g first (as PyTorch's Adam does). A grad**2
    beyond the float range is an error (it would make the step 0 and freeze the weight).
    """

    buffers = ("mean", "square")

    def __init__(self, params: Iterable[Value], lr: float = 1e-3, betas: tuple[float, float] = (0.9, 0.999),
                 eps: float = 1e-8, weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        if not isinstance(betas, (tuple, list)):
            raise TypeError(f"betas must be a pair (beta1, beta2), e.g. (0.9, 0.999); got {type(betas).__name__} "
                            f"{betas!r}.")
        if len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), e.g. (0.9, 0.999); got {betas!r}.")
        self.betas = tuple(check_number(f"betas[{i}]", beta, 0.0, 1.0, high_open=True, example=default)
                           for i, (beta, default) in enumerate(zip(betas, (0.9, 0.999))))
        self.eps = check_number("eps", eps, 0.0, low_open=True, example=1e-8)
        self.weight_decay = check_number("weight_decay", weight_decay, 0.0)
        self.mean = np.zeros(len(self.params))
        self.square = np.zeros(len(self.params))

    def _change(self, grads: Array, weights: Array, step: int) -> tuple[Array, dict[str, Array]]:
        beta1, beta2 = self.betas
        if self.weight_decay:
            grads = grads + self.weight_decay * weights
        mean = beta1 * self.mean + (1 - beta1) * grads
        square = beta2 * self.square + (1 - beta2) * grads * grads
        mean_hat = mean / (1 - beta1 ** step)
        square_hat = square / (1 - beta2 ** step)
        change = self.lr * mean_hat / (np.sqrt(square_hat) + self.eps)
        return change, {"mean": mean, "square": square}


class StepLR:
    """Multiply the learning rate by ``gamma`` every ``step_size`` calls of ``step()`` (once per epoch)."""

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1) -> None:
        self.step_size = check_count("step_size", step_size, 1, "epochs between two changes")
        self.gamma = check_number("gamma", gamma, 0.0, low_open=True, example=0.1)
        self.optimizer, self.base_lr, self.epoch = optimizer, optimizer.lr, 0

    def step(self) -> float:
        self.epoch += 1
        self.optimizer.lr = self.base_lr * self.gamma ** (self.epoch // self.step_size)
        return self.optimizer.lr


class LinearLR:
    """Scale the learning rate linearly from ``start_factor`` to ``end_factor`` over ``total_iters`` steps.

    LinearLR(opt, start_factor=1.0, end_factor=0.01, total_iters=100) decays lr to 1% of
    its value in 100 epochs, then holds it there.
    """

    def __init__(self, optimizer: Optimizer, start_factor: float = 1.0 / 3, end_factor: float = 1.0,
                 total_iters: int = 5) -> None:
        self.total = check_count("total_iters", total_iters, 1, "epochs to go from start to end")
        self.start = check_number("start_factor", start_factor, 0.0, 1.0, low_open=True, example=1.0)
        self.end = check_number("end_factor", end_factor, 0.0, 1.0, low_open=True, example=0.01)  # lr stays > 0
        self.optimizer, self.base_lr, self.epoch = optimizer, optimizer.lr, 0
        optimizer.lr = self.base_lr * self.start

    def step(self) -> float:
        self.epoch += 1
        progress = min(self.epoch, self.total) / self.total
        self.optimizer.lr = self.base_lr * (self.start + (self.end - self.start) * progress)
        return self.optimizer.lr
