"""The libraries a user would pick instead, each taking the same step: micrograd 0.1.0 (scalar, as
its users write it), PyTorch eager (vectorised, float64, one thread) and jax.jit (the whole step
compiled once, float64). Each library is imported when its backend is made, never at import.
Imports numpy and the shared weights' layout (fixtures).
"""
import time

import numpy as np

from .fixtures import flatten, layers
from .problems import ALPHA


class MicrogradStep:
    """micrograd 0.1.0: Values for everything, sum() for the sums (hinge problems only)."""

    def __init__(self, problem, weights: np.ndarray, X: np.ndarray, y: np.ndarray) -> None:
        from micrograd.nn import MLP  # its random initial weights are replaced by ours in reset()

        if problem.loss != "hinge":
            raise ValueError("the micrograd step is written for the hinge problems only.")
        self.model = MLP(problem.sizes[0], list(problem.sizes[1:]))
        self.parameters = self.model.parameters()
        self.initial, self.rows, self.targets = weights.tolist(), X.tolist(), y.tolist()
        self.reset()

    def reset(self) -> None:
        for parameter, number in zip(self.parameters, self.initial):
            parameter.data = number

    def weights(self) -> np.ndarray:
        return np.array([parameter.data for parameter in self.parameters])

    def step(self, lr: float) -> float:
        self.model.zero_grad()
        scores = [self.model(row) for row in self.rows]  # one Value per point (a 1-wide Layer returns a scalar)
        margins = [(1 - target * score).relu() for score, target in zip(scores, self.targets)]
        loss = sum(margins) * (1.0 / len(margins)) + ALPHA * sum(p * p for p in self.parameters)
        loss.backward()
        for parameter in self.parameters:
            parameter.data -= lr * parameter.grad
        return loss.data


class TorchStep:
    """PyTorch eager as a user writes the step: tensors, matrix products, loss.backward(), then the
    update under torch.no_grad(). torch.set_num_threads(1): these matrices are too small to share."""

    def __init__(self, problem, weights: np.ndarray, X: np.ndarray, y: np.ndarray) -> None:
        import torch

        torch.set_num_threads(1)
        self.torch, self.problem, self.initial = torch, problem, weights
        self.X = torch.from_numpy(X)
        self.y = torch.from_numpy(y) if problem.loss == "hinge" else torch.from_numpy(y.astype(np.int64))
        self.reset()

    def reset(self) -> None:
        self.layers = [(self.torch.tensor(W, requires_grad=True), self.torch.tensor(b, requires_grad=True))
                       for W, b in layers(self.initial, self.problem.sizes)]
        self.parameters = [p for pair in self.layers for p in pair]

    def weights(self) -> np.ndarray:
        return flatten([(W.detach().numpy(), b.detach().numpy()) for W, b in self.layers])

    def step(self, lr: float) -> float:
        torch = self.torch
        h = self.X
        for i, (W, b) in enumerate(self.layers):
            h = h @ W.T + b
            if i < len(self.layers) - 1:
                h = torch.relu(h) if self.problem.loss == "hinge" else torch.tanh(h)
        if self.problem.loss == "hinge":
            loss = torch.relu(1 - self.y * h[:, 0]).mean() + ALPHA * sum((p * p).sum() for p in self.parameters)
        else:
            loss = torch.nn.functional.cross_entropy(h, self.y)
        loss.backward()
        with torch.no_grad():
            for p in self.parameters:
                p -= lr * p.grad
                p.grad = None
        return loss.item()


class JaxStep:
    """jax.jit of the whole step, a pure function (params, X, y, lr) -> (loss, new params); lr is an
    argument so the schedule never recompiles. Compiled by the first call (``compile_seconds``, not in
    the step); every step waits for its results (block_until_ready)."""

    def __init__(self, problem, weights: np.ndarray, X: np.ndarray, y: np.ndarray) -> None:
        import jax

        jax.config.update("jax_enable_x64", True)
        self.jax, self.problem, self.initial = jax, problem, weights
        self.X = jax.device_put(X)
        self.y = jax.device_put(y if problem.loss == "hinge" else y.astype(np.int64))
        self.jitted = jax.jit(make_jax_step(problem))
        self.reset()
        started = time.perf_counter()
        jax.block_until_ready(self.jitted(self.params, self.X, self.y, problem.lr))
        self.compile_seconds = time.perf_counter() - started

    def reset(self) -> None:
        self.params = [tuple(self.jax.device_put(array) for array in pair)
                       for pair in layers(self.initial, self.problem.sizes)]

    def weights(self) -> np.ndarray:
        return flatten([(np.asarray(W), np.asarray(b)) for W, b in self.params])

    def step(self, lr: float) -> float:
        loss, self.params = self.jax.block_until_ready(self.jitted(self.params, self.X, self.y, lr))
        return float(loss)


def make_jax_step(problem):
    """The step as a pure function of (params, X, y, lr): params is a list of (W, b) pairs."""
    import jax
    import jax.numpy as jnp

    def loss_of(params, X, y):
        h = X
        for i, (W, b) in enumerate(params):
            h = h @ W.T + b
            if i < len(params) - 1:
                h = jax.nn.relu(h) if problem.loss == "hinge" else jnp.tanh(h)
        if problem.loss == "hinge":
            penalty = sum(jnp.sum(W * W) + jnp.sum(b * b) for W, b in params)
            return jnp.mean(jax.nn.relu(1 - y * h[:, 0])) + ALPHA * penalty
        picked = jnp.take_along_axis(h, y[:, None], axis=1)[:, 0]
        return jnp.mean(jax.nn.logsumexp(h, axis=1) - picked)

    def step(params, X, y, lr):
        loss, grads = jax.value_and_grad(loss_of)(params, X, y)
        return loss, jax.tree.map(lambda p, g: p - lr * g, params, grads)

    return step
