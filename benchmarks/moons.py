"""The moons training step of micrograd's demo, once per backend, from shared weights and data.

The step: MLP 2-16-16-1 (ReLU hidden layers, linear output) on every point at once,
loss = mean(relu(1 - y * score)) + ALPHA * sum(p * p), backward, then p -= lr * grad.
Each backend offers ``step(lr) -> loss`` (the loss before the update) and ``reset()``
(back to the initial weights). Imports numpy; each backend imports its library lazily.
"""
import numpy as np

from .fixtures import LAYER_SIZES

ALPHA = 1e-4  # weight of the L2 penalty
BACKENDS = ("micrograd", "chainrule-eager", "chainrule-traced", "numpy")


def learning_rate(step: int) -> float:
    """The schedule of micrograd's demo: 1.0 down to 0.1 over 100 steps."""
    return 1.0 - 0.9 * step / 100


def make_backend(name: str, weights: np.ndarray, X: np.ndarray, y: np.ndarray):
    kinds = {"micrograd": MicrogradStep, "chainrule-eager": EagerStep,
             "chainrule-traced": TracedStep, "numpy": NumpyStep}
    if name not in kinds:
        raise ValueError(f"unknown moons backend {name!r}; choose one of {', '.join(kinds)}.")
    return kinds[name](weights, X, y)


class MicrogradStep:
    """micrograd 0.1.0 as its users write it: Values for everything, sum() for the sums."""

    def __init__(self, weights, X, y) -> None:
        from micrograd.nn import MLP  # its random initial weights are replaced by ours in reset()

        self.model = MLP(LAYER_SIZES[0], list(LAYER_SIZES[1:]))
        self.parameters = self.model.parameters()
        self.weights, self.rows, self.targets = weights.tolist(), X.tolist(), y.tolist()
        self.reset()

    def reset(self) -> None:
        for parameter, number in zip(self.parameters, self.weights):
            parameter.data = number

    def step(self, lr: float) -> float:
        self.model.zero_grad()
        scores = [self.model(row) for row in self.rows]  # one Value per point (a 1-wide Layer returns a scalar)
        margins = [(1 - target * score).relu() for score, target in zip(scores, self.targets)]
        loss = sum(margins) * (1.0 / len(margins)) + ALPHA * sum(p * p for p in self.parameters)
        loss.backward()
        for parameter in self.parameters:
            parameter.data -= lr * parameter.grad
        return loss.data


class EagerStep:
    """chainrule as its users write it: nn.MLP, nn.hinge, an L2 term as one linear node, nn.SGD."""

    def __init__(self, weights, X, y) -> None:
        from autograd import linear
        from nn import MLP, SGD, hinge

        self.linear, self.hinge = linear, hinge
        self.model = MLP(LAYER_SIZES[0], list(LAYER_SIZES[1:]), activation="relu", seed=0)
        self.parameters = self.model.parameters()
        self.optimizer = SGD(self.parameters, lr=1.0)
        self.weights, self.rows, self.targets = weights.tolist(), X.tolist(), y.tolist()
        self.reset()

    def reset(self) -> None:
        for parameter, number in zip(self.parameters, self.weights):
            parameter.data = number

    def penalty(self):
        """ALPHA * sum(p * p) as one node: linear(p, p, 0) is the dot product of p with itself."""
        return ALPHA * self.linear(self.parameters, self.parameters, 0.0)

    def step(self, lr: float) -> float:
        self.optimizer.zero_grad()
        self.optimizer.lr = lr
        scores = [self.model(row)[0] for row in self.rows]
        loss = self.hinge(scores, self.targets) + self.penalty()
        loss.backward()
        self.optimizer.step()
        return loss.data


class TracedStep(EagerStep):
    """chainrule with autograd.trace: one point's graph recorded once, replayed over all points.

    The per-point loss carries the whole penalty; its mean over the batch is the penalty once.
    """

    def __init__(self, weights, X, y) -> None:
        from autograd import trace

        super().__init__(weights, X, y)
        self.X, self.y = X, y
        self.trace = trace(self.per_point, X[0], y[0])

    def per_point(self, x, target):
        score = self.model(x)[0]
        return (1 - target * score).relu() + self.penalty()

    def step(self, lr: float) -> float:
        self.optimizer.zero_grad()
        self.optimizer.lr = lr
        loss = self.trace.backward(self.X, self.y)
        self.optimizer.step()
        return loss


class NumpyStep:
    """The same step written by hand in numpy: matrix products forward, their transposes backward."""

    def __init__(self, weights, X, y) -> None:
        self.weights, self.X, self.y = weights, X, y
        self.reset()

    def reset(self) -> None:
        """Unpack the flat vector (per neuron: weights, then bias) into (W, b) per layer."""
        self.layers, start = [], 0
        for n_in, n_out in zip(LAYER_SIZES, LAYER_SIZES[1:]):
            block = self.weights[start:start + n_out * (n_in + 1)].reshape(n_out, n_in + 1)
            self.layers.append((block[:, :n_in].copy(), block[:, n_in].copy()))
            start += block.size

    def step(self, lr: float) -> float:
        inputs, h = [], self.X  # inputs[i]: what layer i saw, shape (n, n_in)
        for i, (W, b) in enumerate(self.layers):
            inputs.append(h)
            h = h @ W.T + b
            if i < len(self.layers) - 1:
                h = np.maximum(h, 0.0)
        margins = 1.0 - self.y * h[:, 0]
        penalty = sum(np.dot(W.ravel(), W.ravel()) + np.dot(b, b) for W, b in self.layers)
        loss = np.maximum(margins, 0.0).mean() + ALPHA * penalty
        upstream = np.where(margins > 0.0, -self.y / len(self.y), 0.0)[:, None]  # d loss / d score, (n, 1)
        grads = []
        for i in reversed(range(len(self.layers))):
            W, b = self.layers[i]
            grads.append((upstream.T @ inputs[i] + 2 * ALPHA * W, upstream.sum(axis=0) + 2 * ALPHA * b))
            if i > 0:  # through layer i's weights, then the ReLU that made its input (relu(z) > 0 iff z > 0)
                upstream = (upstream @ W) * (inputs[i] > 0.0)
        for (W, b), (dW, db) in zip(self.layers, reversed(grads)):
            W -= lr * dW
            b -= lr * db
        return float(loss)
