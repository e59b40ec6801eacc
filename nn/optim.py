"""Optimizers (SGD, Adam) and learning-rate schedules (StepLR, LinearLR).

An optimizer turns gradients into weight changes; at its core w -= lr * grad.
Updates run on numpy vectors, one per optimizer. Settings are checked by autograd's
argument checker: a TypeError for a non-number, a ValueError for a number out of range.

Imports: autograd, numpy.
"""
import numpy as np

from autograd import Value
from autograd.arguments import check_count, check_number


class Optimizer:
    """Holds the parameters; ``step()`` updates them from their grads, ``zero_grad()`` resets them."""

    def __init__(self, params, lr: float) -> None:
        self.params = list(params)
        if not self.params or not all(isinstance(p, Value) for p in self.params):
            raise TypeError("an optimizer needs a non-empty list of Values, e.g. SGD(model.parameters(), lr=0.1).")
        self.lr = check_number("lr", lr, 0.0, low_open=True, example=0.1)
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
                f"{new[index]} (grad {grads[index]:.3g}). Training diverged: try a smaller learning rate "
                f"than {self.lr:g}."
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
        self.momentum = check_number("momentum", momentum, 0.0, 1.0, high_open=True, example=0.9)
        self.weight_decay = check_number("weight_decay", weight_decay, 0.0)
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
        self.end = check_number("end_factor", end_factor, 0.0, 1.0, example=0.01)
        self.optimizer, self.base_lr, self.epoch = optimizer, optimizer.lr, 0
        optimizer.lr = self.base_lr * self.start

    def step(self) -> float:
        self.epoch += 1
        progress = min(self.epoch, self.total) / self.total
        self.optimizer.lr = self.base_lr * (self.start + (self.end - self.start) * progress)
        return self.optimizer.lr
