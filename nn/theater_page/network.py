"""The theater's view of a model: its layers of neurons, each with the dotted names of its weights
and bias and its activation, and the forward pass the page computes, rule by rule on floats.

The page rebuilds this forward (and runs backward through it) in chainrule's JavaScript engine
from the recorded weights, so only models whose forward it knows are drawn: MLP, Layer, Neuron and
LogisticRegression. A subclass that computes something else is caught by comparing outputs on the
data itself with the same rules' forwards (autograd.ops.RULES on FLOAT_MATH, the eager engine's floats). An
activation that is a user's own rule is known by its name, as every other; activation_rules gives the rules.

Imports: autograd, agreement, layers, losses, module, outputs, shapes, steps.
"""
from collections.abc import Mapping, Sequence
from typing import TypedDict

from autograd import Rule, to_javascript
from autograd.arguments import check_number
from autograd.codegen import CodegenError
from autograd.maths.floats import FLOAT_MATH
from autograd.ops import LINEAR, RULES

from ..agreement import choose_loss
from ..layers import MLP, Layer, Neuron
from ..losses import LossEntry, LossFunction
from ..module import Module
from ..outputs import Labels, as_list
from ..shapes import Array
from ..steps import check_targets

AGREEMENT = 1e-9  # how closely the model's outputs must match the rules' forward pass


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
    layers = _neurons(model)
    own_rules(activation_rules(model))  # refused now, not once the page is written after training
    names = {id(parameter): name for name, parameter in model.named_parameters()}
    kind = model.output_kind
    assert kind is not None, "nn's models say what they output"
    return {
        "class": type(model).__name__,
        "description": repr(model),
        "inputs": layers[0][0].n_inputs,
        "output_kind": kind,
        "layers": [{"activation": neurons[0].activation,
                    "neurons": [{"w": [names[id(w)] for w in neuron.w], "b": names[id(neuron.b)]}
                                for neuron in neurons]}
                   for neurons in layers],
    }


def _neurons(model: Module) -> list[list[Neuron]]:
    """The model's neurons, layer by layer."""
    if isinstance(model, MLP):
        return [layer.neurons for layer in model.layers]
    if isinstance(model, Layer):
        return [model.neurons]
    if isinstance(model, Neuron):
        return [[model]]
    raise TypeError(f"theater draws MLP, Layer, Neuron and LogisticRegression models, whose forward pass its page "
                    f"redoes neuron by neuron; got {type(model).__name__}.")


def activation_rules(model: Module) -> dict[str, Rule]:
    """The rule of each of the model's activations by its name ("tanh": autograd's, "softsign": a user's own);
    linear has none."""
    return {neurons[0].activation: neurons[0].activation_rule for neurons in _neurons(model)
            if neurons[0].activation_rule is not None}


def own_rules(rules: Mapping[str, Rule]) -> list[Rule]:
    """The rules among ``rules`` that are not built in (a user's own), each checked to be writable as the
    page's JavaScript (the page's engine is written from them, as from every built-in rule)."""
    own = [rule for name, rule in rules.items() if RULES.get(name) is not rule]
    try:
        to_javascript(rules=own)
    except CodegenError as error:
        raise CodegenError(f"the training page computes with JavaScript written from each rule, and your activation "
                           f"cannot be written out: {error}") from None
    return own


def forward(network: Network, parameters: Mapping[str, float], x: Sequence[float] | Array,
            rules: Mapping[str, Rule] = RULES) -> list[list[tuple[float, float]]]:
    """(z, a) of every neuron, layer by layer, for one sample, by the rules the page's engine is written from:
    z = linear(x..., w..., b) (autograd.linear's rule) and a = the activation's rule of z (z when linear),
    found by its name in ``rules`` (a user's own among them: activation_rules)."""
    layers: list[list[tuple[float, float]]] = []
    inputs = [float(value) for value in x]
    for layer in network["layers"]:
        activation, values = layer["activation"], []
        for neuron in layer["neurons"]:
            weights = [parameters[name] for name in neuron["w"]]
            z = LINEAR.forward(FLOAT_MATH, *inputs, *weights, parameters[neuron["b"]])
            values.append((z, z if activation == "linear" else rules[activation].forward(FLOAT_MATH, z)))
        layers.append(values)
        inputs = [a for _, a in values]
    return layers


def check_agreement(model: Module, network: Network, X: Array) -> None:
    """Refuse a model whose outputs are not the standard forward pass (a subclass with its own forward)."""
    parameters, rules = model.state_dict(), {**RULES, **activation_rules(model)}
    for row in X[:3]:
        ours = [a for _, a in forward(network, parameters, row, rules)[-1]]
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
