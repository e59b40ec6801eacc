"""Optimizers (SGD, Adam) and learning-rate schedules (StepLR, LinearLR).

An optimizer turns gradients into weight changes; at its core w -= lr * grad.
Updates run on numpy vectors, one per optimizer. Imports numpy and autograd.
"""
import math
import numbers

import numpy as np

from autograd import Value


class Optimizer:
    """Holds the parameters; ``step()`` updates them from their grads, ``zero_grad()`` resets them."""

    def __init__(self, params, lr: float) -> None:
        self.params = list(params)
        if not self.params or not all(isinstance(p, Value) for p in self.params):
            raise TypeError("an optimizer needs a non-empty list of Values, e.g. SGD(model.parameters(), lr=0.1).")
        self.lr = _checked("lr", lr, low=0.0, open_low=True)
        self.steps = 0

    def zero_grad(self) -> None:
        for parameter in self.params:
            parameter.grad = 0.0

    def step(self) -> None:
        """Update every parameter at once (as numpy vectors): new = old - change."""
        self.steps += 1
        count = len(self.params)
        weights = np.fromiter((parameter.data for parameter in self.params), float, count)
        grads = np.fromiter((parameter.grad for parameter in self.params), float, count)
        with np.errstate(over="ignore", invalid="ignore"):  # checked just below, with a clearer message
            new = weights - self._change(grads, weights)
        if not np.isfinite(new).all():
            index = int(np.flatnonzero(~np.isfinite(new))[0])
            parameter = self.params[index]
            raise OverflowError(
                f"{type(self).__name__} step {self.steps}: parameter {parameter.label or index!r} would become "
                f"{new[index]} (grad {grads[index]:.3g}). Training diverged: try a smaller learning rate than {self.lr:g}."
            )
        for parameter, number in zip(self.params, new.tolist()):
            parameter.data = number

    def _change(self, grads: np.ndarray, weights: np.ndarray) -> np.ndarray:
        """How much each weight moves down this step (subclasses: SGD, Adam)."""
        raise NotImplementedError


class SGD(Optimizer):
    """Stochastic gradient descent, with PyTorch's momentum and weight decay.

    g = grad + weight_decay * w;  b = momentum * b + g;  w -= lr * b.
    With the defaults this is plain gradient descent: w_new = w_old - lr * grad.
    """

    def __init__(self, params, lr: float, momentum: float = 0.0, weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        self.momentum = _checked("momentum", momentum, low=0.0, high=1.0)
        self.weight_decay = _checked("weight_decay", weight_decay, low=0.0)
        self.velocity = np.zeros(len(self.params))

    def _change(self, grads: np.ndarray, weights: np.ndarray) -> np.ndarray:
        if self.weight_decay:
            grads = grads + self.weight_decay * weights
        self.velocity = self.momentum * self.velocity + grads
        return self.lr * self.velocity


class Adam(Optimizer):
    """Adam: steps scaled per parameter by running averages of grad and grad**2.

    m = b1 m + (1 - b1) g;  v = b2 v + (1 - b2) g**2;  both divided by (1 - b**t) to
    undo their start at zero;  w -= lr * m_hat / (sqrt(v_hat) + eps).
    weight_decay adds weight_decay * w to g first (as PyTorch's Adam does).
    """

    def __init__(self, params, lr: float = 1e-3, betas: tuple = (0.9, 0.999), eps: float = 1e-8,
                 weight_decay: float = 0.0) -> None:
        super().__init__(params, lr)
        if not isinstance(betas, (tuple, list)) or len(betas) != 2:
            raise ValueError(f"betas must be a pair (beta1, beta2), e.g. (0.9, 0.999); got {betas!r}.")
        self.betas = tuple(_checked(f"betas[{i}]", beta, low=0.0, high=1.0) for i, beta in enumerate(betas))
        self.eps = _checked("eps", eps, low=0.0, open_low=True)
        self.weight_decay = _checked("weight_decay", weight_decay, low=0.0)
        self.mean = np.zeros(len(self.params))
        self.square = np.zeros(len(self.params))

    def _change(self, grads: np.ndarray, weights: np.ndarray) -> np.ndarray:
        beta1, beta2 = self.betas
        if self.weight_decay:
            grads = grads + self.weight_decay * weights
        self.mean = beta1 * self.mean + (1 - beta1) * grads
        self.square = beta2 * self.square + (1 - beta2) * grads * grads
        mean_hat = self.mean / (1 - beta1 ** self.steps)
        square_hat = self.square / (1 - beta2 ** self.steps)
        return self.lr * mean_hat / (np.sqrt(square_hat) + self.eps)


class StepLR:
    """Multiply the learning rate by ``gamma`` every ``step_size`` calls of ``step()`` (once per epoch)."""

    def __init__(self, optimizer: Optimizer, step_size: int, gamma: float = 0.1) -> None:
        if not isinstance(step_size, int) or step_size < 1:
            raise ValueError(f"step_size must be a whole number >= 1; got {step_size!r}.")
        self.optimizer, self.base_lr, self.epoch = optimizer, optimizer.lr, 0
        self.step_size, self.gamma = step_size, _checked("gamma", gamma, low=0.0, open_low=True)

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
        if not isinstance(total_iters, int) or total_iters < 1:
            raise ValueError(f"total_iters must be a whole number >= 1; got {total_iters!r}.")
        self.start = _checked("start_factor", start_factor, low=0.0, high=1.0, open_low=True, closed_high=True)
        self.end = _checked("end_factor", end_factor, low=0.0, high=1.0, closed_high=True)
        self.optimizer, self.base_lr, self.total, self.epoch = optimizer, optimizer.lr, total_iters, 0
        optimizer.lr = self.base_lr * self.start

    def step(self) -> float:
        self.epoch += 1
        progress = min(self.epoch, self.total) / self.total
        self.optimizer.lr = self.base_lr * (self.start + (self.end - self.start) * progress)
        return self.optimizer.lr


def _checked(name: str, number, low: float, high: float = math.inf, open_low: bool = False,
             closed_high: bool = False) -> float:
    """``number`` as a float, if it is finite and within the range; else a ValueError saying which range."""
    in_range = (
        isinstance(number, numbers.Real) and not isinstance(number, bool) and math.isfinite(number)
        and (number > low if open_low else number >= low)
        and (number <= high if closed_high else number < high)
    )
    if not in_range:
        interval = f"{'(' if open_low else '['}{low:g}, {high:g}{']' if closed_high else ')'}"
        raise ValueError(f"{name} must be a finite number in {interval}; got {number!r}.")
    return float(number)
