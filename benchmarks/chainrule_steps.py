"""chainrule's three ways to take the training step, as its users write them.

EagerStep: nn.MLP, nn.hinge, the L2 term as one linear node, nn.SGD (hinge problems only).
TracedStep: one sample's loss recorded once with autograd.trace, then Trace.backward + nn.SGD.step
every step (the Values are read and written each step: Trace.backward's contract).
FitRun: whole nn.fit epochs (full batch, SGD), the compiled path training one parameter vector.
Imports numpy, autograd and nn (public names only).
"""
import numpy as np

from .problems import ALPHA


class ChainruleModel:
    """An nn.MLP of the problem's shape holding the shared initial weights; the three kinds build on it."""

    def __init__(self, problem, weights: np.ndarray) -> None:
        from nn import MLP

        self.problem = problem
        self.model = MLP(problem.sizes[0], list(problem.sizes[1:]), activation=problem.activation, seed=0)
        self.parameters = self.model.parameters()
        self.initial = weights.tolist()
        self.reset()

    def reset(self) -> None:
        for parameter, number in zip(self.parameters, self.initial):
            parameter.data = number

    def weights(self) -> np.ndarray:
        return np.array([parameter.data for parameter in self.parameters])

    def penalty(self):
        """ALPHA * sum(p * p) as one node: linear(p, p, 0) is the dot product of p with itself."""
        from autograd import linear

        return ALPHA * linear(self.parameters, self.parameters, 0.0)


class EagerStep(ChainruleModel):
    """The eager engine: one graph for the whole batch, built and differentiated every step."""

    def __init__(self, problem, weights: np.ndarray, X: np.ndarray, y: np.ndarray) -> None:
        from nn import SGD

        if problem.loss != "hinge":
            raise ValueError(f"the eager benchmark step is written for the hinge problems, not {problem.loss}.")
        super().__init__(problem, weights)
        self.optimizer = SGD(self.parameters, lr=problem.lr)
        self.rows, self.targets = X.tolist(), y.tolist()

    def step(self, lr: float) -> float:
        from nn import hinge

        self.optimizer.zero_grad()
        self.optimizer.lr = lr
        scores = [self.model(row) for row in self.rows]  # one Value per point (one output)
        loss = hinge(scores, self.targets) + self.penalty()
        loss.backward()
        self.optimizer.step()
        return loss.data


class TracedStep(ChainruleModel):
    """One sample's loss traced once, replayed over all samples; its mean over the batch is the loss
    (a hinge sample's loss carries the whole penalty, so the mean carries it once)."""

    def __init__(self, problem, weights: np.ndarray, X: np.ndarray, y: np.ndarray) -> None:
        from autograd import trace
        from nn import SGD

        super().__init__(problem, weights)
        self.optimizer = SGD(self.parameters, lr=problem.lr)
        self.X = X
        if problem.loss == "hinge":
            self.targets = y
            self.trace = trace(self.hinge_sample, X[0], y[0])
        else:  # a traced target is a row of numbers (one-hot), not an index that picks a logit
            self.targets = np.eye(problem.sizes[-1])[y.astype(int)]
            self.trace = trace(self.cross_entropy_sample, X[0], self.targets[0])

    def hinge_sample(self, x, target):
        score = self.model(x)
        return (1 - target * score).relu() + self.penalty()

    def cross_entropy_sample(self, x, one_hot):
        from nn import cross_entropy

        return cross_entropy(self.model(x), one_hot)

    def step(self, lr: float) -> float:
        self.optimizer.zero_grad()
        self.optimizer.lr = lr
        loss = self.trace.backward(self.X, self.targets)
        self.optimizer.step()
        return loss


class FitRun(ChainruleModel):
    """nn.fit on the whole batch with SGD; weight_decay = 2 ALPHA gives the hinge problems the gradient
    of their + ALPHA * sum(p * p) term (fit's reported loss leaves the penalty out)."""

    def __init__(self, problem, weights: np.ndarray, X: np.ndarray, y: np.ndarray) -> None:
        super().__init__(problem, weights)
        self.X = X
        self.labels = y if problem.loss == "hinge" else y.astype(int)

    def fit(self, epochs: int, schedule: bool = False):
        """fit() for ``epochs`` epochs from the weights as they are; returns its History. schedule=True
        decays lr as learning_rate() does (LinearLR to lr / 10 over 100 epochs); else lr stays."""
        from nn import SGD, LinearLR, fit

        decay = 2 * ALPHA if self.problem.loss == "hinge" else 0.0
        optimizer = SGD(self.parameters, lr=self.problem.lr, weight_decay=decay)
        decay_lr = LinearLR(optimizer, start_factor=1.0, end_factor=0.1, total_iters=100) if schedule else None
        return fit(self.model, self.X, self.labels, loss=self.problem.loss, optimizer=optimizer, epochs=epochs,
                   progress=False, schedule=decay_lr)
