"""The theater's view of a model: its layers of neurons, each with the dotted names of its weights
and bias and its activation, and the forward pass the page computes, written out in floats.

The page redoes this forward (and its chain rule) in JavaScript from the recorded weights, so
only models whose forward it knows are drawn: MLP, Layer, Neuron and LogisticRegression. A
subclass that computes something else is caught by comparing outputs on the data itself.

Imports: autograd, agreement, layers, losses, module, outputs, shapes, steps.
"""
import math
from collections.abc import Callable, Mapping, Sequence
from typing import TypedDict

from autograd.arguments import check_number

from ..agreement import choose_loss
from ..layers import MLP, Layer, Neuron
from ..losses import LossEntry, LossFunction
from ..module import Module
from ..outputs import Labels, as_list
from ..shapes import Array
from ..steps import check_targets

AGREEMENT = 1e-9  # how closely the model's outputs must match the page's formulas


class NeuronNames(TypedDict):
    """One neuron's parameters, by their dotted names."""

    w: list[str]
    b: str


class LayerView(TypedDict):
    activation: str
    neurons: list[NeuronNames]


# The model as the page draws it, a JSON document ("class" is a Python keyword, hence this form).
Network = TypedDict("Network", {"class": str, "description": str, "inputs": int, "output_kind": str,
                                "layers": list[LayerView]})


def describe(model: Module) -> Network:
    """{"layers": [{"activation", "neurons": [{"w": [names], "b": name}]}], "inputs", ...}: the model
    as the page draws it, every parameter by its dotted name (as in model.state_dict())."""
    if isinstance(model, MLP):
        layers = [layer.neurons for layer in model.layers]
    elif isinstance(model, Layer):
        layers = [model.neurons]
    elif isinstance(model, Neuron):
        layers = [[model]]
    else:
        raise TypeError(f"theater draws MLP, Layer, Neuron and LogisticRegression models, whose forward pass its page "
                        f"redoes neuron by neuron; got {type(model).__name__}.")
    names = {id(parameter): name for name, parameter in model.named_parameters()}
    return {
        "class": type(model).__name__,
        "description": repr(model),
        "inputs": layers[0][0].n_inputs,
        "output_kind": model.output_kind,
        "layers": [{"activation": neurons[0].activation,
                    "neurons": [{"w": [names[id(w)] for w in neuron.w], "b": names[id(neuron.b)]}
                                for neuron in neurons]}
                   for neurons in layers],
    }


def sigmoid(z: float) -> float:
    """The engine's stable sigmoid (autograd.ops.Sigmoid): e = exp(-|z|) never overflows."""
    e = math.exp(-abs(z))
    s = 1.0 / (1.0 + e)
    return s if z >= 0.0 else e * s


ACTIVATE: dict[str, Callable[[float], float]] = {
    "tanh": math.tanh,
    "relu": lambda z: 0.0 if z <= 0.0 else z,  # max(0.0, z) as the engine takes it: never -0.0
    "sigmoid": sigmoid,
    "linear": lambda z: z,
}


def forward(network: Network, parameters: Mapping[str, float],
            x: Sequence[float] | Array) -> list[list[tuple[float, float]]]:
    """(z, a) of every neuron, layer by layer, for one sample: z = x1 w1 + ... + xk wk + b summed left
    to right, as autograd.linear sums it, and a = activation(z)."""
    layers: list[list[tuple[float, float]]] = []
    inputs = [float(value) for value in x]
    for layer in network["layers"]:
        activate, values = ACTIVATE[layer["activation"]], []
        for neuron in layer["neurons"]:
            total = inputs[0] * parameters[neuron["w"][0]]
            for value, name in zip(inputs[1:], neuron["w"][1:]):
                total = total + value * parameters[name]
            z = total + parameters[neuron["b"]]
            values.append((z, activate(z)))
        layers.append(values)
        inputs = [a for _, a in values]
    return layers


def check_agreement(model: Module, network: Network, X: Array) -> None:
    """Refuse a model whose outputs are not the page's formulas (a subclass with its own forward)."""
    parameters = model.state_dict()
    for row in X[:3]:
        ours = [a for _, a in forward(network, parameters, row)[-1]]
        theirs = [check_number("the model's output", value.data) for value in as_list(model(row))]
        if len(ours) != len(theirs) or any(abs(a - b) > AGREEMENT * max(1.0, abs(b)) for a, b in zip(ours, theirs)):
            raise ValueError(f"{type(model).__name__} computes {theirs} for {list(row)}, but a {network['class']} with "
                             f"its weights computes {ours}: theater draws the standard forward pass only, and this "
                             "model changes it. Train it with fit, or give it the standard forward.")


def loss_entry(model: Module, loss: str | LossFunction | None, X: Array, y: Labels) -> LossEntry:
    """The loss fit will use (the loss table's entry), with the targets checked as fit checks them:
    before the first pass of the recorder, which uses them. A loss function of one's own is refused."""
    width = len(as_list(model(X[0])))
    entry, _ = choose_loss(model, loss, width)
    if entry is None:
        raise ValueError("theater writes out the chain rule of the losses it knows (bce, bce_with_logits, mse, hinge, "
                         "cross_entropy); pass one by name as loss=, not a function.")
    check_targets(entry, y, width)
    return entry
