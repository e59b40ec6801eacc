"""The training step written by hand in numpy: the limit for this kind of model, and every ratio's base.

Forward: one matrix product per layer; backward: their transposes; then p -= lr * grad in place.
Hinge problems: ReLU hidden layers, loss = mean(relu(1 - y score)) + ALPHA * sum(p * p).
Cross-entropy problems: tanh hidden layers, loss = mean(logsumexp(z) - z[label]) over the samples.
Imports numpy and the shared weights' layout (fixtures).
"""
import numpy as np

from .fixtures import flatten, layers
from .problems import ALPHA


class NumpyStep:
    def __init__(self, problem, weights: np.ndarray, X: np.ndarray, y: np.ndarray) -> None:
        self.problem, self.initial, self.X = problem, weights, X
        if problem.loss == "hinge":
            self.y = y
        else:  # one-hot rows: softmax - one_hot is d loss / d logits (times n)
            self.one_hot = np.eye(problem.sizes[-1])[y.astype(int)]
        self.reset()

    def reset(self) -> None:
        self.layers = layers(self.initial, self.problem.sizes)

    def weights(self) -> np.ndarray:
        return flatten(self.layers)

    def step(self, lr: float) -> float:
        inputs, h = [], self.X  # inputs[i]: what layer i saw, shape (n, n_in)
        for i, (W, b) in enumerate(self.layers):
            inputs.append(h)
            h = h @ W.T + b
            if i < len(self.layers) - 1:
                h = np.maximum(h, 0.0) if self.problem.loss == "hinge" else np.tanh(h)
        loss, upstream = self._hinge(h) if self.problem.loss == "hinge" else self._cross_entropy(h)
        decay = 2 * ALPHA if self.problem.loss == "hinge" else 0.0  # d (ALPHA p * p) / d p
        grads = []
        for i in reversed(range(len(self.layers))):
            W, b = self.layers[i]
            grads.append((upstream.T @ inputs[i] + decay * W, upstream.sum(axis=0) + decay * b))
            if i > 0:  # through layer i's weights, then the activation that made its input
                upstream = upstream @ W
                if self.problem.loss == "hinge":
                    upstream *= inputs[i] > 0.0  # relu(z) > 0 iff z > 0
                else:
                    upstream *= 1.0 - inputs[i] * inputs[i]  # tanh' = 1 - tanh**2
        for (W, b), (dW, db) in zip(self.layers, reversed(grads)):
            W -= lr * dW
            b -= lr * db
        return float(loss)

    def _hinge(self, scores: np.ndarray) -> tuple[float, np.ndarray]:
        """The loss and d loss / d scores, shape (n, 1)."""
        margins = 1.0 - self.y * scores[:, 0]
        penalty = sum(np.dot(W.ravel(), W.ravel()) + np.dot(b, b) for W, b in self.layers)
        loss = np.maximum(margins, 0.0).mean() + ALPHA * penalty
        return loss, np.where(margins > 0.0, -self.y / len(self.y), 0.0)[:, None]

    def _cross_entropy(self, logits: np.ndarray) -> tuple[float, np.ndarray]:
        """The mean loss and d loss / d logits, shape (n, classes); the row maximum is subtracted first,
        so no exponential overflows."""
        shifted = logits - logits.max(axis=1, keepdims=True)
        exps = np.exp(shifted)
        totals = exps.sum(axis=1, keepdims=True)
        loss = np.mean(np.log(totals[:, 0]) - (shifted * self.one_hot).sum(axis=1))
        return loss, (exps / totals - self.one_hot) / len(logits)
