"""A tiny scalar autograd engine, small enough to read in one sitting: the bug hunts plant one mistake in a copy.

Value records how each number was computed and backward() applies the chain rule in reverse
topological order; Neuron and train() are the smallest model and training loop built on it.
"""
from __future__ import annotations

import math
import random


class Value:
    """A number that remembers the Values it was computed from, and d(itself)/d(each of them)."""

    def __init__(self, data: float, parents: tuple[Value, ...] = (), local_grads: tuple[float, ...] = (),
                 op: str = "") -> None:
        self.data = float(data)
        self.grad = 0.0
        self.parents = parents  # a tuple, so the inputs keep their order
        self.local_grads = local_grads  # local_grads[i] = d self / d parents[i], known from the forward pass
        self.op = op

    def __repr__(self) -> str:
        return f"Value(data={self.data:.6g}, grad={self.grad:.6g})"

    # The primitives: each computes f and its local derivatives side by side.
    def __add__(self, other: Value | float) -> Value:
        """f = a + b;  df/da = 1, df/db = 1."""
        other = as_value(other)
        return Value(self.data + other.data, (self, other), (1.0, 1.0), "+")

    def __mul__(self, other: Value | float) -> Value:
        """f = a * b;  df/da = b, df/db = a."""
        other = as_value(other)
        return Value(self.data * other.data, (self, other), (other.data, self.data), "*")

    def __pow__(self, exponent: float) -> Value:
        """f = a ** n for a plain number n;  df/da = n * a ** (n - 1)."""
        return Value(self.data**exponent, (self,), (exponent * self.data ** (exponent - 1),), f"**{exponent:g}")

    def exp(self) -> Value:
        """f = e ** a;  df/da = e ** a."""
        out = math.exp(self.data)
        return Value(out, (self,), (out,), "exp")

    def tanh(self) -> Value:
        """f = tanh(a);  df/da = 1 - tanh(a) ** 2."""
        t = math.tanh(self.data)
        return Value(t, (self,), (1 - t**2,), "tanh")

    def sigmoid(self) -> Value:
        """f = 1 / (1 + e ** -a);  df/da = f * (1 - f)."""
        # e ** -a overflows once a < -709, but e ** -|a| is always in (0, 1]: write f with it.
        z = math.exp(-abs(self.data))
        s = 1 / (1 + z) if self.data >= 0 else z / (1 + z)
        return Value(s, (self,), (s * (1 - s),), "sigmoid")

    # Composites: one line each, over the primitives.
    def __neg__(self) -> Value:
        return self * -1.0

    def __radd__(self, other: float) -> Value:
        return self + other

    def __sub__(self, other: Value | float) -> Value:
        return self + -as_value(other)

    def __rsub__(self, other: float) -> Value:
        return as_value(other) + -self

    def __rmul__(self, other: float) -> Value:
        return self * other

    def __truediv__(self, other: Value | float) -> Value:
        return self * as_value(other) ** -1

    def __rtruediv__(self, other: float) -> Value:
        return as_value(other) * self**-1

    def backward(self) -> None:
        """Set the grad of every Value this one was computed from to d self / d that Value.

        Leaves (inputs, parameters) add to their grad, as in PyTorch: zero them before another pass.
        """
        order = topological_order(self)
        for node in order:
            if node.parents:  # an intermediate's grad belongs to one pass: start it from zero
                node.grad = 0.0
        self.grad = 1.0
        # Reverse topological order: a node's grad is complete before it is passed on, because
        # every Value computed from it comes later in the order and has already pushed its share.
        for node in reversed(order):
            node.push()

    def push(self) -> None:
        """The chain rule at one node: each parent receives self.grad times the local derivative."""
        for parent, local in zip(self.parents, self.local_grads):
            parent.grad += local * self.grad  # +=: a parent used twice (x * x) collects from both uses


def as_value(x: Value | float) -> Value:
    """A Value as it is; a plain number as a new leaf."""
    return x if isinstance(x, Value) else Value(x)


def topological_order(root: Value) -> list[Value]:
    """Every Value root depends on, each after all of its parents (root last).

    An explicit stack instead of recursion, so a graph thousands of nodes deep works too.
    """
    order, visited = [], set()
    stack = [(root, False)]
    while stack:
        node, parents_done = stack.pop()
        if parents_done:
            order.append(node)
        elif id(node) not in visited:
            visited.add(id(node))
            stack.append((node, True))
            stack.extend((parent, False) for parent in node.parents)
    return order


class Neuron:
    """tanh(w · x + b): the smallest model with parameters to train."""

    def __init__(self, n_inputs: int, seed: int = 0) -> None:
        generator = random.Random(seed)
        self.weights = [Value(generator.uniform(-1.0, 1.0)) for _ in range(n_inputs)]
        self.bias = Value(0.0)

    def __call__(self, inputs: list[float]) -> Value:
        total = self.bias
        for weight, x in zip(self.weights, inputs):
            total = total + weight * x
        return total.tanh()

    def parameters(self) -> list[Value]:
        return [*self.weights, self.bias]

    def zero_grad(self) -> None:
        """Parameters are leaves, which add to their grad on every backward(): reset them between steps."""
        for parameter in self.parameters():
            parameter.grad = 0.0


def train(neuron: Neuron, samples: list[tuple[list[float], float]], steps: int, learning_rate: float) -> list[float]:
    """Gradient descent on the mean squared error over (inputs, target) samples; returns each step's loss."""
    losses = []
    for _ in range(steps):
        loss = sum(((neuron(inputs) - target) ** 2 for inputs, target in samples), Value(0.0)) / len(samples)
        neuron.zero_grad()
        loss.backward()
        for parameter in neuron.parameters():
            parameter.data -= learning_rate * parameter.grad
        losses.append(loss.data)
    return losses
