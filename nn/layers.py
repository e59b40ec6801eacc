"""Neuron, Layer, MLP and LogisticRegression: the models, built from Values.

Initialisation is seeded (``seed=`` or a numpy ``rng=``), never global. Each model calls
the one below it (an MLP its layers, a layer its neurons), so a subclass's own ``forward``
takes effect wherever it is used, as in PyTorch. Each model says what its output is
(``output_kind``: a probability, a logit, class logits; see nn.outputs).

Imports: autograd, numpy (random numbers), arguments, module, outputs, shapes.
"""
import math

import numpy as np

from autograd import Value, linear
from autograd.arguments import check_choice, check_count

from .arguments import make_rng
from .module import ConfigValue, Module
from .outputs import CLASS_LOGITS, LOGIT, PROBABILITY, SCORE, SCORES
from .shapes import Sample

ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
NEURON_OUTPUTS = {"sigmoid": PROBABILITY, "linear": LOGIT, "tanh": SCORE, "relu": SCORE}


class Neuron(Module):
    """out = activation(w . x + b) for one sample x of ``n_inputs`` numbers.

    Weights start uniform in [-a, a] with a = sqrt(3 / n_inputs) (variance 1/n_inputs,
    so w . x keeps the scale of x), or a = sqrt(6 / n_inputs) before relu (which
    zeroes half of its inputs); the bias starts at 0.
    """

    def __init__(self, n_inputs: int, activation: str = "tanh", seed: int | None = None,
                 rng: np.random.Generator | None = None) -> None:
        self.n_inputs = check_count("n_inputs", n_inputs, 1, "a model needs at least one")
        self.activation = check_choice("activation", activation, ACTIVATIONS)
        rng = make_rng(seed, rng)
        bound = math.sqrt((6.0 if activation == "relu" else 3.0) / n_inputs)
        self.w = [Value(float(number)) for number in rng.uniform(-bound, bound, size=n_inputs)]
        self.b = Value(0.0)
        self.label_parameters()

    def forward(self, x: Sample) -> Value:
        return self.activate(self.weighted_sum(as_values(x, self.n_inputs, self)))

    def weighted_sum(self, x: list[Value]) -> Value:
        """w . x + b as one graph node (autograd.linear), for inputs checked by as_values."""
        return linear(x, self.w, self.b)

    def activate(self, total: Value) -> Value:
        return total if self.activation == "linear" else getattr(total, self.activation)()

    @property
    def output_kind(self) -> str:
        """What the output is: a probability after a sigmoid, a logit when linear, a score after tanh or relu."""
        return NEURON_OUTPUTS[self.activation]

    def config(self) -> dict[str, ConfigValue]:
        return {"n_inputs": self.n_inputs, "activation": self.activation}

    def __repr__(self) -> str:
        return f"Neuron({self.n_inputs}, activation={self.activation!r})"


class LogisticRegression(Neuron):
    """p(y = 1 | x) = sigmoid(w . x + b): the seeds' central model, one sigmoid neuron.

    ``model(x)`` is the probability (output_kind "probability": fit trains it with ``bce``);
    ``model.logit(x)`` is w . x + b before the sigmoid (for ``bce_with_logits``).
    """

    def __init__(self, n_inputs: int, seed: int | None = None, rng: np.random.Generator | None = None) -> None:
        super().__init__(n_inputs, activation="sigmoid", seed=seed, rng=rng)

    def logit(self, x: Sample) -> Value:
        return self.weighted_sum(as_values(x, self.n_inputs, self))

    def config(self) -> dict[str, ConfigValue]:
        return {"n_inputs": self.n_inputs}

    def __repr__(self) -> str:
        return f"LogisticRegression({self.n_inputs})"


class Layer(Module):
    """``n_outputs`` neurons that all see the same inputs; returns a list of Values."""

    def __init__(self, n_inputs: int, n_outputs: int, activation: str = "tanh", seed: int | None = None,
                 rng: np.random.Generator | None = None) -> None:
        check_count("n_outputs", n_outputs, 1, "a model needs at least one")
        rng = make_rng(seed, rng)
        self.neurons = [Neuron(n_inputs, activation, rng=rng) for _ in range(n_outputs)]
        self.label_parameters()

    def forward(self, x: Sample) -> list[Value]:
        values = as_values(x, self.n_inputs, self)
        return [neuron(values) for neuron in self.neurons]

    @property
    def n_inputs(self) -> int:
        return self.neurons[0].n_inputs

    @property
    def output_kind(self) -> str:
        """One neuron's kind; several linear neurons give class logits, several others scores."""
        if len(self.neurons) == 1:
            return self.neurons[0].output_kind
        return CLASS_LOGITS if self.neurons[0].activation == "linear" else SCORES

    def config(self) -> dict[str, ConfigValue]:
        return {"n_inputs": self.n_inputs, "n_outputs": len(self.neurons), "activation": self.neurons[0].activation}

    def __repr__(self) -> str:
        return f"Layer({self.n_inputs} -> {len(self.neurons)}, activation={self.neurons[0].activation!r})"


class MLP(Module):
    """A multi-layer perceptron: layers of sizes ``sizes``, each feeding the next.

    Hidden layers use ``activation``; the last uses ``output_activation`` (None:
    linear, i.e. logits). Always returns a list, one Value per output.
    """

    def __init__(self, n_inputs: int, sizes: list[int] | tuple[int, ...], activation: str = "tanh",
                 output_activation: str | None = None, seed: int | None = None,
                 rng: np.random.Generator | None = None) -> None:
        if not isinstance(sizes, (list, tuple)):
            raise TypeError(f"sizes must be a list of layer widths, e.g. [16, 16, 1]; got {sizes!r}.")
        if not sizes:
            raise ValueError("sizes must name at least one layer, e.g. [16, 16, 1]; got [].")
        for index, width in enumerate(sizes):
            check_count(f"sizes[{index}]", width, 1, "a layer needs at least one neuron")
        rng = make_rng(seed, rng)
        check_choice("activation", activation, ACTIVATIONS)
        last = check_choice("output_activation", "linear" if output_activation is None else output_activation,
                            ACTIVATIONS)
        widths = [n_inputs, *sizes]
        self.layers = [
            Layer(widths[i], widths[i + 1], activation if i < len(sizes) - 1 else last, rng=rng)
            for i in range(len(sizes))
        ]
        self.activation, self.output_activation = activation, output_activation
        self.label_parameters()

    def forward(self, x: Sample) -> list[Value]:
        values = as_values(x, self.layers[0].n_inputs, self)
        for layer in self.layers:
            values = layer(values)
        return values

    @property
    def output_kind(self) -> str:
        """The last layer's: a logit by default, a probability with one sigmoid output, class logits with
        several linear outputs (see nn.outputs)."""
        return self.layers[-1].output_kind

    def config(self) -> dict[str, ConfigValue]:
        return {
            "n_inputs": self.layers[0].n_inputs,
            "sizes": [len(layer.neurons) for layer in self.layers],
            "activation": self.activation,
            "output_activation": self.output_activation,
        }

    def __repr__(self) -> str:
        widths = [self.layers[0].n_inputs, *(len(layer.neurons) for layer in self.layers)]
        shape = " -> ".join(str(width) for width in widths)
        return (f"MLP({shape}, activation={self.activation!r}, output_activation={self.output_activation!r}; "
                f"{len(self.parameters())} parameters)")


class CheckedSample(list[Value]):
    """A sample that as_values has already checked and turned into Values.

    A layer hands the same sample to each of its neurons; this mark lets each neuron's
    forward skip checking it again (which cost about a tenth of an MLP's forward pass).
    """


def as_values(x: Sample, n_inputs: int, model: Module) -> list[Value]:
    """One sample (a list or numpy row of numbers or Values) as a list of Values."""
    if type(x) is CheckedSample and len(x) == n_inputs:
        return x
    if isinstance(x, np.ndarray) and x.ndim != 1:
        raise ValueError(f"{type(model).__name__} takes one sample at a time (a 1-D row); got an array of shape "
                         f"{x.shape}. For a batch: [model(row) for row in X].")
    if not isinstance(x, (list, tuple, np.ndarray)):
        raise TypeError(f"{type(model).__name__} takes a list or numpy row of {n_inputs} numbers; "
                        f"got {type(x).__name__}.")
    if len(x) != n_inputs:
        raise ValueError(f"{type(model).__name__} expects {n_inputs} inputs per sample; got {len(x)}: {list(x)[:6]}.")
    return CheckedSample(value if isinstance(value, Value) else Value(value) for value in x)
