"""The bridge from a neuron to its Values: one neuron's graph for one point, and explore's page of it.

Seen from one neuron, the rest of the network acts on the loss only through g = dL/da, the
gradient arriving at its output a for that point. So the graph L = g * a, with
a = activation(x0 w0 + ... + b) and g a constant, has exactly the neuron's gradients of the full
backward pass: its step-through is that neuron's part of the chain rule, Value by Value.

The page cannot run Python, so for each layer the theater writes explore's page once, for a
neuron of that layer with placeholder numbers (as wide as any number gets, so every box fits),
and the page's script puts in the numbers of the chosen neuron, point and epoch.

Imports: autograd, theater_page.network (the Network type).
"""
import tempfile
from collections.abc import Mapping
from pathlib import Path

from autograd import Rule, Value, explore, linear
from autograd.ops import RULES

from .network import Network

WIDEST = 1.2345e-05  # prints as 1.2345e-05, as wide as a number in explore's boxes gets but for huge ones


def neuron_graph(inputs: list[float], weights: list[float], bias: float, activation: str | Rule, upstream: float,
                 input_name: str = "x") -> Value:
    """L = g * a for one neuron: inputs x0.. (or h0.., the previous layer's activations), weights w0..,
    bias b, z = the weighted sum, a = activation(z) (z itself when linear; the activation a name of
    nn's or a rule, a user's own included), g = dL/da a constant."""
    xs = [Value(value, label=f"{input_name}{i}") for i, value in enumerate(inputs)]
    ws = [Value(value, label=f"w{i}") for i, value in enumerate(weights)]
    z = linear(xs, ws, Value(bias, label="b"))
    z.label = "z"
    a = z
    if activation != "linear":
        a = (RULES[activation] if isinstance(activation, str) else activation)(z)
        a.label = "a"
    root = a * upstream
    root.parents[1].label = "g"  # the constant: named, so no number shows up in the names
    root.label = "L"
    return root


def explore_templates(network: Network, rules: Mapping[str, Rule] = RULES) -> list[str]:
    """For each layer, explore's page of one of its neurons with placeholder numbers: what the page's
    script fills in (a layer's neurons all have the same graph; only the numbers differ). ``rules``: the
    activations' rules by name (network.activation_rules, for a user's own)."""
    templates = []
    with tempfile.TemporaryDirectory(prefix="theater-") as folder:
        for index, layer in enumerate(network["layers"]):
            k = len(layer["neurons"][0]["w"])
            name = layer["activation"]
            activation = name if name == "linear" else rules[name]  # RULES' "linear" is the weighted sum's
            root = neuron_graph([-WIDEST] * k, [-WIDEST] * k, WIDEST, activation, -WIDEST, "x" if index == 0 else "h")
            page = explore(root, Path(folder) / f"layer{index}.html", title="One neuron", max_nodes=2 * k + 6)
            templates.append(page.read_text(encoding="utf-8"))
    return templates
