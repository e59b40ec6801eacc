"""Neuron, Layer, MLP and LogisticRegression: the models, built from Values.

Initialisation is seeded (``seed=`` or a numpy ``rng=``), never global. Each model calls
the one below it (an MLP its layers, a layer its neurons), so a subclass's own ``forward``
takes effect wherever it is used, as in PyTorch. Each model says what its output is
(``output_kind``: a probability, a logit, class logits; see nn.outputs). An activation is one of
ACTIVATIONS by name, or a rule of one input (an autograd.Rule, a user's own included: see activation_rule).

Imports: autograd, numpy (random numbers), arguments, module, outputs, shapes.
"""
import math

import numpy as np

from autograd import Rule, Value, linear
from autograd.arguments import check_count
from autograd.ops import RULES

from .arguments import make_rng
from .module import ConfigValue, Module
from .outputs import CLASS_LOGITS, LOGIT, PROBABILITY, SCORE, SCORES, as_list
from .shapes import Output, Sample

ACTIVATIONS = ("tanh", "relu", "sigmoid", "linear")
NEURON_OUTPUTS = {"sigmoid": PROBABILITY, "linear": LOGIT, "tanh": SCORE, "relu": SCORE}  # any other rule: SCORE
Activation = str | Rule  # what a model's activation= takes


def activation_rule(argument: str, activation: object) -> tuple[str, Rule | None]:
    """An activation as (its name, its rule): one of ACTIVATIONS by name (no rule for "linear"), or a rule of
    one input: a built-in rule object, or a user's own whose name no built-in rule has. Models, their files
    and the training page know an activation by that name (config() saves it; nn.load(activations=) reads it)."""
    choices = f"{argument} must be one of {', '.join(map(repr, ACTIVATIONS))} or a Rule of one input"
    if isinstance(activation, str):
        if activation not in ACTIVATIONS:
            raise ValueError(f"{choices}; got {activation!r}. For a rule of your own, pass the rule itself "
                             f"({argument}=my_rule, an instance of your autograd.Rule subclass), not its name.")
        return activation, None if activation == "linear" else RULES[activation]
    if not isinstance(activation, Rule):
        raise TypeError(f"{choices} (an instance of your autograd.Rule subclass, e.g. Softsign()); got "
                        f"{type(activation).__name__} {activation!r}.")
    if not isinstance(activation.name, str) or not activation.name:
        raise TypeError(f"{argument}: {type(activation).__name__} needs a name (name = \"...\" in the class): "
                        "a model file and the training page know an activation by it.")
    if activation.arity != 1:
        inputs = "any number of inputs" if activation.arity == 0 else f"{activation.arity} inputs"
        raise ValueError(f"{argument}: rule {activation.name!r} takes {inputs} (arity = {activation.arity}); an "
                         "activation takes one, the neuron's weighted sum z. Pass a Rule with arity = 1.")
    built_in = RULES.get(activation.name)
    if built_in is not None and not same_rule(built_in, activation):
        raise ValueError(f"{argument}: your rule {type(activation).__name__} is named {activation.name!r}, as the "
                         f"built-in rule {type(built_in).__name__} is; a model file and the training page know an "
                         f"activation by its name, so give yours its own (e.g. name = \"my_{activation.name}\").")
    return activation.name, activation if built_in is None else built_in  # Tanh() is autograd's tanh


def same_rule(first: Rule, second: Rule) -> bool:
    """The same op: one object, or two of one class with the same settings (Softsign() and Softsign())."""
    return first is second or (type(first) is type(second) and
                               all(getattr(first, name) == getattr(second, name) for name in first.settings))


class Neuron(Module):
    """out = activation(w . x + b) for one sample x of ``n_inputs`` numbers.

    Weights start uniform in [-a, a] with a = sqrt(3 / n_inputs) (variance 1/n_inputs,
    so w . x keeps the scale of x), or a = sqrt(6 / n_inputs) before relu (which
    zeroes half of its inputs); the bias starts at 0.
    """

    def __init__(self, n_inputs: int, activation: Activation = "tanh", seed: int | None = None,
                 rng: np.random.Generator | None = None) -> None:
        self.n_inputs = check_count("n_inputs", n_inputs, 1, "a model needs at least one")
        self.activation, self.activation_rule = activation_rule("activation", activation)  # e.g. "tanh", TANH
        rng = make_rng(seed, rng)
        bound = math.sqrt((6.0 if self.activation == "relu" else 3.0) / n_inputs)
        self.w = [Value(float(number)) for number in rng.uniform(-bound, bound, size=n_inputs)]
        self.b = Value(0.0)
        self.label_parameters()

    def forward(self, x: Sample) -> Value:
        return self.activate(self.weighted_sum(as_values(x, self.n_inputs, self)))

    def weighted_sum(self, x: list[Value]) -> Value:
        """w . x + b as one graph node (autograd.linear), for inputs checked by as_values."""
        return linear(x, self.w, self.b)

    def activate(self, total: Value) -> Value:
        if self.activation in ACTIVATIONS:  # Value's own methods: the fast path
            return total if self.activation == "linear" else getattr(total, self.activation)()
        assert self.activation_rule is not None, "only linear has no rule"
        return self.activation_rule(total)  # a rule's call: one graph node, as total.tanh() is

    @property
    def output_kind(self) -> str:
        """What the output is: a probability after a sigmoid, a logit when linear, a score after tanh, relu or
        any other rule (a user's own)."""
        return NEURON_OUTPUTS.get(self.activation, SCORE)

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
    """``n_outputs`` neurons that all see the same inputs; returns their Value when there is one neuron, else a
    list of Values (as micrograd's Layer does)."""

    def __init__(self, n_inputs: int, n_outputs: int, activation: Activation = "tanh", seed: int | None = None,
                 rng: np.random.Generator | None = None) -> None:
        check_count("n_outputs", n_outputs, 1, "a model needs at least one")
        rng = make_rng(seed, rng)
        self.neurons = [Neuron(n_inputs, activation, rng=rng) for _ in range(n_outputs)]
        self.label_parameters()

    def forward(self, x: Sample) -> Output:
        values = as_values(x, self.n_inputs, self)
        return one_or_list([neuron(values) for neuron in self.neurons])

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
    linear, i.e. logits). Each is a name or a Rule of one input (``activation`` and ``activation_rule``
    keep its name and rule). Returns a Value when the last layer has one neuron (``model(x) - 1.0`` works, as
    in micrograd), else a list of Values, one per output.
    """

    def __init__(self, n_inputs: int, sizes: list[int] | tuple[int, ...], activation: Activation = "tanh",
                 output_activation: Activation | None = None, seed: int | None = None,
                 rng: np.random.Generator | None = None) -> None:
        if not isinstance(sizes, (list, tuple)):
            raise TypeError(f"sizes must be a list of layer widths, e.g. [16, 16, 1]; got {sizes!r}.")
        if not sizes:
            raise ValueError("sizes must name at least one layer, e.g. [16, 16, 1]; got [].")
        for index, width in enumerate(sizes):
            check_count(f"sizes[{index}]", width, 1, "a layer needs at least one neuron")
        rng = make_rng(seed, rng)
        self.activation, self.activation_rule = activation_rule("activation", activation)
        last = _output_rule(output_activation, self.activation, self.activation_rule)
        widths = [n_inputs, *sizes]
        self.layers = [
            Layer(widths[i], widths[i + 1], activation if i < len(sizes) - 1 else last, rng=rng)
            for i in range(len(sizes))
        ]
        self.output_activation = None if output_activation is None else self.layers[-1].neurons[0].activation
        self.label_parameters()

    def forward(self, x: Sample) -> Output:
        values = as_values(x, self.layers[0].n_inputs, self)
        for layer in self.layers:
            values = as_list(layer(values))  # a one-neuron hidden layer's Value is the next layer's one input
        return one_or_list(values)

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


def one_or_list(values: list[Value]) -> Output:
    """A model's output: the Value itself when there is one, else the list (micrograd's convention)."""
    return values[0] if len(values) == 1 else values


def _output_rule(output_activation: object, hidden: str, hidden_rule: Rule | None) -> Activation:
    """MLP's output_activation, checked ("linear" for None), and refused when it is another rule of the name of
    the hidden layers' (a model file names each by its name only)."""
    if output_activation is None:
        return "linear"
    name, rule = activation_rule("output_activation", output_activation)
    if name == hidden and rule is not None and hidden_rule is not None and not same_rule(rule, hidden_rule):
        raise ValueError(f"activation and output_activation are two different rules named {name!r} "
                         f"({hidden_rule!r} and {rule!r}); a model file and the training page know an activation by "
                         "its name. Use one rule for both, or give one of them another name.")
    return rule if rule is not None else name


class CheckedSample(list[Value]):
    """A sample that as_values has already checked and turned into Values.

    A layer hands the same sample to each of its neurons; this mark lets each neuron's
    forward skip checking it again (which cost about a tenth of an MLP's forward pass).
    """


def as_values(x: Sample, n_inputs: int, model: Module) -> list[Value]:
    """One sample (a list or numpy row of numbers or Values) as a list of Values; a model of one input also
    takes a Value alone (what a one-output layer returns, so layers chain by hand as in micrograd)."""
    if type(x) is CheckedSample and len(x) == n_inputs:
        return x
    if isinstance(x, Value) and n_inputs == 1:
        return CheckedSample([x])
    if isinstance(x, np.ndarray) and x.ndim != 1:
        raise ValueError(f"{type(model).__name__} takes one sample at a time (a 1-D row); got an array of shape "
                         f"{x.shape}. For a batch: [model(row) for row in X].")
    if not isinstance(x, (list, tuple, np.ndarray)):
        raise TypeError(f"{type(model).__name__} takes a list or numpy row of {n_inputs} numbers; "
                        f"got {type(x).__name__}.")
    if len(x) != n_inputs:
        raise ValueError(f"{type(model).__name__} expects {n_inputs} inputs per sample; got {len(x)}: {list(x)[:6]}.")
    return CheckedSample(value if isinstance(value, Value) else Value(value) for value in x)
