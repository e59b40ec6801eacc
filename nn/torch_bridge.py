"""The road to PyTorch: to_torch(model) is the same network as a torch.nn.Sequential in float64, with the same
weights; from_torch(module) reads such a Sequential back as an MLP.

A Layer becomes one ``Linear`` (row j of its weight is neuron j's w, bias[j] its b; a Neuron or LogisticRegression
is a Linear of one output), followed by its activation: torch's own Tanh, ReLU or Sigmoid, none for "linear", and
for any other rule (a user's own included) a RuleActivation, which runs the rule's forward and local derivatives on
whole tensors (the rule stays the one copy of its derivative). torch_names(model) says where each parameter went:
``layers.1.neurons.3.w.0`` is ``state_dict()["2.weight"][3, 0]`` of the torch module.

torch is optional (``pip install torch``): it is imported inside these functions, never by ``import nn``; without
it they raise ModuleNotFoundError saying how to install it (torch_rules.import_torch).

Imports: autograd, layers, module, torch_rules.
"""
from typing import Any

from autograd import Rule

from .layers import MLP, Activation, Layer, Neuron, same_rule
from .module import Module
from .torch_rules import check_on_tensors, import_torch, rule_activation_class

# chainrule's activation name -> the torch.nn module of the same function (other rules: RuleActivation)
TORCH_ACTIVATIONS = {"tanh": "Tanh", "relu": "ReLU", "sigmoid": "Sigmoid"}
SUPPORTED = "Linear layers and the activations Tanh, ReLU, Sigmoid, Identity (and to_torch's RuleActivation)"


def to_torch(model: Module) -> Any:
    """``model`` (a Neuron, LogisticRegression, Layer or MLP) as a torch.nn.Sequential in float64 with the same
    weights: for a batch X of shape (n, n_inputs) it returns (n, n_outputs), row i what ``model(X[i])`` gives.
    torch's random numbers are left alone (the Linear layers skip their initialisation)."""
    torch = import_torch("nn.to_torch")
    modules: list[Any] = []
    for neurons in _dense_layers(model):
        linear = torch.nn.utils.skip_init(torch.nn.Linear, neurons[0].n_inputs, len(neurons), dtype=torch.float64)
        with torch.no_grad():
            linear.weight.copy_(torch.tensor([[w.data for w in neuron.w] for neuron in neurons], dtype=torch.float64))
            linear.bias.copy_(torch.tensor([neuron.b.data for neuron in neurons], dtype=torch.float64))
        modules.append(linear)
        if neurons[0].activation != "linear":
            modules.append(_torch_activation(torch, neurons[0]))
    return torch.nn.Sequential(*modules)


def torch_names(model: Module) -> dict[str, tuple[str, tuple[int, ...]]]:
    """Where each parameter of ``model`` sits in to_torch(model): its dotted name -> (the torch state_dict key,
    the index in that tensor), e.g. ``"layers.0.neurons.3.w.1" -> ("0.weight", (3, 1))``. Needs no torch."""
    names = {id(parameter): name for name, parameter in model.named_parameters()}
    found: dict[str, tuple[str, tuple[int, ...]]] = {}
    layers = _dense_layers(model)
    for position, neurons in zip(_positions([neurons[0].activation for neurons in layers]), layers):
        for row, neuron in enumerate(neurons):
            for column, weight in enumerate(neuron.w):
                found[names[id(weight)]] = (f"{position}.weight", (row, column))
            found[names[id(neuron.b)]] = (f"{position}.bias", (row,))
    return found


def _positions(activations: list[Activation]) -> list[int]:
    """Each Linear's index in the Sequential: an activation module takes the place after its Linear, "linear" none."""
    positions = [0]
    for activation in activations[:-1]:
        positions.append(positions[-1] + (1 if activation == "linear" else 2))
    return positions


def from_torch(module: Any) -> MLP:
    """A torch.nn.Sequential of Linear layers, each followed by at most one activation (Tanh, ReLU, Sigmoid,
    Identity, or to_torch's RuleActivation), as an MLP with the same weights (copied as Python floats). Its hidden
    layers share one activation, as an MLP's do; the last layer's is its output_activation."""
    torch = import_torch("nn.from_torch")
    layers = _torch_layers(torch, module)
    hidden = [activation for _, activation in layers[:-1]]
    if any(not _same_activation(activation, hidden[0]) for activation in hidden):
        shown = ", ".join(_activation_name(activation) for activation in hidden)
        raise ValueError(f"from_torch: the hidden layers have different activations ({shown}); an MLP's hidden "
                         "layers share one (activation=), and only the last may differ (output_activation=). Give "
                         "every hidden Linear the same activation.")
    last = layers[-1][1]
    model = MLP(layers[0][0].in_features, [linear.out_features for linear, _ in layers],
                activation=hidden[0] if hidden else "tanh", output_activation=None if last == "linear" else last)
    positions = _positions([activation for _, activation in layers])
    tensors = {f"{position}.{kind}": _floats(torch, getattr(linear, kind))
               for position, (linear, _) in zip(positions, layers) for kind in ("weight", "bias")}
    model.load_state_dict({name: _at(tensors[key], where) for name, (key, where) in torch_names(model).items()})
    return model


def _at(nested: Any, where: tuple[int, ...]) -> float:
    for index in where:
        nested = nested[index]
    return float(nested)


def _floats(torch: Any, tensor: Any) -> Any:
    """A parameter's numbers as nested lists of Python floats (any device, any real dtype)."""
    if not tensor.is_floating_point():
        raise TypeError(f"from_torch: a Linear's parameters must be real floating-point numbers; got {tensor.dtype}.")
    return tensor.detach().to(device="cpu", dtype=torch.float64).tolist()


def _dense_layers(model: Module) -> list[list[Neuron]]:
    """The model as dense layers, each a list of neurons sharing its inputs and its activation."""
    _check_known(model)
    if isinstance(model, Neuron):
        layers = [[model]]
    elif isinstance(model, Layer):
        layers = [model.neurons]
    else:
        assert isinstance(model, MLP), "_check_known lets only Neuron, Layer and MLP through"
        layers = [layer.neurons for layer in model.layers]
    for neurons in layers:
        if any(not _same_activation(_activation(n), _activation(neurons[0])) for n in neurons):
            raise ValueError(f"to_torch: the neurons of one layer must share an activation, as torch.nn's "
                             f"activation after a Linear is one for all its outputs; got "
                             f"{sorted({neuron.activation for neuron in neurons})}.")
    return layers


def _check_known(model: object) -> None:
    """Refuse what to_torch cannot translate faithfully: anything but the four models, and subclasses of them
    with a forward of their own (its torch twin would not compute what it computes)."""
    known = "a Neuron, LogisticRegression, Layer or MLP"
    if not isinstance(model, Module):
        raise TypeError(f"to_torch takes a chainrule model ({known}); got {type(model).__name__} {model!r:.60}.")
    for part in model.modules():
        base = next((cls for cls in (Neuron, Layer, MLP) if isinstance(part, cls)), None)
        own = [name for name in ("forward", "activate", "weighted_sum")
               if base is not None and getattr(type(part), name, None) is not getattr(base, name, None)]
        if base is None or own:
            what = f"with its own {', '.join(own)}" if own else "a model of your own"
            raise TypeError(f"to_torch knows {known} (subclasses too, if they keep their forward); got "
                            f"{type(part).__name__}, {what}, whose torch twin it cannot write. Write the "
                            "torch.nn.Module by hand, or build the model from those classes.")


def _torch_activation(torch: Any, neuron: Neuron) -> Any:
    """torch's module for the neuron's activation (tanh, relu, sigmoid), or a RuleActivation for any other rule."""
    if neuron.activation in TORCH_ACTIVATIONS:
        return getattr(torch.nn, TORCH_ACTIVATIONS[neuron.activation])()
    assert neuron.activation_rule is not None, "every activation but linear has a rule"
    check_on_tensors(neuron.activation_rule)
    return rule_activation_class()(neuron.activation_rule)


def _same_activation(first: Activation, second: Activation) -> bool:
    if isinstance(first, Rule) and isinstance(second, Rule):
        return same_rule(first, second)
    return first == second if isinstance(first, str) and isinstance(second, str) else False


def _activation(neuron: Neuron) -> Activation:
    return neuron.activation_rule or neuron.activation  # the rule; "linear" has none


def _activation_name(activation: Activation) -> str:
    return activation if isinstance(activation, str) else activation.name


def _torch_layers(torch: Any, module: Any) -> list[tuple[Any, Activation]]:
    """The Sequential as (Linear, its activation) pairs: "linear" when none follows it; Identity is skipped."""
    children = _children(torch, module)
    layers: list[tuple[Any, Activation]] = []
    for index, child in enumerate(children):
        activation = _activation_of(torch, child)
        if isinstance(child, torch.nn.Linear):
            _check_linear(child, index, layers)
            layers.append((child, "linear"))
        elif isinstance(child, torch.nn.Identity):
            continue
        elif activation is None:
            raise ValueError(f"from_torch: layer {index} of the Sequential is {child!r}, which chainrule has no twin "
                             f"of; it reads {SUPPORTED}. Remove it or replace it by one of those.")
        elif not layers or layers[-1][1] != "linear":
            where = "first, before any Linear" if not layers else f"after another activation ({layers[-1][1]!r})"
            raise ValueError(f"from_torch: layer {index} ({child!r}) comes {where}; a chainrule layer is a Linear "
                             "followed by at most one activation. Put a Linear before each activation.")
        else:
            layers[-1] = (layers[-1][0], activation)
    return layers


def _children(torch: Any, module: Any) -> list[Any]:
    if isinstance(module, torch.nn.Linear):
        return [module]  # one Linear: a Sequential of one
    if not isinstance(module, torch.nn.Sequential):
        raise TypeError(f"from_torch takes a torch.nn.Sequential of {SUPPORTED}, as to_torch makes; got "
                        f"{type(module).__name__}. Rebuild it as torch.nn.Sequential(torch.nn.Linear(...), ...).")
    if not any(isinstance(child, torch.nn.Linear) for child in module):
        raise ValueError(f"from_torch: the Sequential holds no Linear layer ({module!r:.80}); a model needs at least "
                         "one, e.g. torch.nn.Sequential(torch.nn.Linear(2, 1)).")
    return list(module)


def _check_linear(linear: Any, index: int, layers: list[tuple[Any, Activation]]) -> None:
    if linear.bias is None:
        raise ValueError(f"from_torch: layer {index}, {linear!r}, has no bias; every chainrule neuron has one. "
                         "Build it with bias=True (torch's default), with zeros if it should start at 0.")
    if layers and layers[-1][0].out_features != linear.in_features:
        raise ValueError(f"from_torch: layer {index}, {linear!r}, takes {linear.in_features} inputs, but the Linear "
                         f"before it gives {layers[-1][0].out_features}; each Linear must take what the last gives.")


def _activation_of(torch: Any, child: Any) -> Activation | None:
    """The chainrule activation of a torch module: a name for Tanh, ReLU, Sigmoid, the rule of a RuleActivation."""
    for name, torch_name in TORCH_ACTIVATIONS.items():
        if type(child) is getattr(torch.nn, torch_name):
            return name
    if type(child).__name__ == "RuleActivation" and isinstance(getattr(child, "rule", None), Rule):
        rule: Rule = child.rule
        return rule
    return None
