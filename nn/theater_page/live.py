"""What the page trains on once it is open (the ``live`` part of its JSON): the settings its controls start
from (a theater run's own, or nn.playground's keywords), the choices they offer (the activations nn's models
take, the losses that fit the model's output, the data sets) and their limits, and the model as nn.save
names it (class and config), so that the page's state() writes a file nn.load reads. A model whose activation
is a rule of one's own offers that rule too, by its name, and says how the page's Python code names it.

Imports: autograd, agreement, io, layers, losses, module, optim, outputs, theater_page.network, theater_page.page.
"""
from collections.abc import Mapping, Sequence
from typing import Any, TypedDict

from autograd.arguments import check_choice, check_count, check_flag, check_number
from autograd.ops import RULES

from ..agreement import choose_loss
from ..io import CLASSES
from ..layers import ACTIVATIONS, MLP, Layer, LogisticRegression, Neuron, activation_rule
from ..losses import LOSSES
from ..module import ConfigValue, Module
from ..optim import Adam, Optimizer
from ..outputs import CLASS_READERS, largest_class, probability_class, sign_class
from .network import activation_rules
from .page import MOST_LAYERS, WIDEST_LAYER, slope_formula

DATASETS = ("moons", "circles", "xor", "spirals", "blobs")  # nn.data's generators, written again in datasets.js
OPTIMIZERS = ("sgd", "adam")
MOST_POINTS, MOST_NOISE, MOST_TEST, MOST_LR, LARGEST_SEED = 1000, 2.0, 0.9, 10.0, 2 ** 32 - 1
# Each limit as [low, high]: what the page's controls offer and its set() accepts, as nn.playground checks them.
# (lr's low end and momentum's high end are open: lr > 0, momentum < 1.)
LIMITS: dict[str, tuple[float, float]] = {
    "points": (4, MOST_POINTS), "noise": (0.0, MOST_NOISE), "test_fraction": (0.0, MOST_TEST),
    "layers": (1, MOST_LAYERS), "width": (1, WIDEST_LAYER), "lr": (0.0, MOST_LR), "momentum": (0.0, 1.0),
    "weight_decay": (0.0, 1.0), "batch_size": (1, MOST_POINTS), "seed": (0, LARGEST_SEED)}
READERS = {probability_class: "half", sign_class: "sign", largest_class: "largest"}  # how accuracy reads a class


# nn.save's class and config: the page adds format, version and the parameters ("class" is a keyword).
ModelFile = TypedDict("ModelFile", {"class": str, "config": dict[str, ConfigValue]})


class RuleCode(TypedDict):
    code: str  # the Python expression of the rule: softsign (as the user's script names it), RULES["softplus"]
    note: str  # a line above the code that says where it comes from


class Live(TypedDict):
    settings: dict[str, Any]  # nn.playground's keywords, plus loss, betas and eps
    model_file: ModelFile
    output_activation: str | None  # the output layer's, kept when the page changes the hidden layers
    losses: dict[str, str | None]  # the losses that fit the model's output -> how accuracy reads a class
    activations: list[str]  # nn's names, then the model's own rules' (a user's softsign)
    rule_code: dict[str, RuleCode]  # how the page's Python code writes each activation that is a rule, not a name
    datasets: list[str]
    formulas: dict[str, str]  # every activation's da/dz, in the page's names
    limits: dict[str, list[float]]
    resolution: int


def check_settings(dataset: object, points: object, noise: object, test_fraction: object, layers: object,
                   activation: object, optimizer: object, lr: object, momentum: object, weight_decay: object,
                   batch_size: object, shuffle: object, seed: object) -> dict[str, Any]:
    """nn.playground's keywords, each checked by autograd's argument checker, as the page's settings (an
    activation that is a rule by its name)."""
    settings: dict[str, Any] = {
        "dataset": check_choice("dataset", dataset, DATASETS),
        "points": _count("points", points, LIMITS["points"], "a classification needs two points per class"),
        "noise": check_number("noise", noise, 0.0, MOST_NOISE, example=0.1),
        "test_fraction": check_number("test_fraction", test_fraction, 0.0, MOST_TEST, example=0.2),
        "layers": _layers(layers),
        "activation": activation_rule("activation", activation)[0],
        "optimizer": check_choice("optimizer", optimizer, OPTIMIZERS),
        "lr": check_number("lr", lr, 0.0, MOST_LR, low_open=True, example=0.1),
        "momentum": check_number("momentum", momentum, 0.0, 1.0, high_open=True, example=0.9),
        "weight_decay": check_number("weight_decay", weight_decay, 0.0, 1.0, example=0.001),
        "batch_size": None if batch_size is None else _count("batch_size", batch_size, LIMITS["batch_size"],
                                                             "or None for the whole data set at once"),
        "shuffle": check_flag("shuffle", shuffle),
        "seed": _count("seed", seed, LIMITS["seed"], "the page's random numbers start from it"),
    }
    if settings["optimizer"] == "adam" and settings["momentum"]:
        raise ValueError(f"momentum={momentum!r} is SGD's setting; Adam keeps its own running mean of the gradient "
                         "(betas=(0.9, 0.999)). Pass optimizer='sgd' with momentum, or leave momentum at 0.0.")
    return settings


def _count(name: str, value: object, limits: Sequence[float], reason: str) -> int:
    count = check_count(name, value, int(limits[0]), reason)
    if count > limits[1]:
        raise ValueError(f"{name} must be at most {int(limits[1])} (the page trains in the browser, on every "
                         f"frame); got {name}={count}. Pass {name}={int(limits[1])} or fewer.")
    return count


def _layers(layers: object) -> list[int]:
    if not isinstance(layers, (list, tuple)):
        raise TypeError(f"layers must be a list of hidden-layer widths, e.g. layers=[4, 4]; got "
                        f"{type(layers).__name__} {layers!r}.")
    if not 1 <= len(layers) <= MOST_LAYERS:
        raise ValueError(f"layers must list 1 to {MOST_LAYERS} hidden layers, e.g. layers=[4, 4]; got {list(layers)!r} "
                         f"({len(layers)}). The output layer is added by the page.")
    return [_count(f"layers[{index}]", width, LIMITS["width"], "a layer needs at least one neuron")
            for index, width in enumerate(layers)]


def playground_live(settings: dict[str, Any], model: MLP, resolution: int) -> Live:
    """The live part of nn.playground's page: its checked keywords, and a model of their shape."""
    losses = loss_choices(model, 1)
    return _live({**settings, "loss": next(iter(losses)), "betas": [0.9, 0.999], "eps": 1e-8}, model, losses,
                 resolution)


def theater_live(model: Module, X_count: int, epochs: Sequence[Mapping[str, Any]], optimizer: Optimizer,
                 fit_arguments: Mapping[str, Any], loss: str, width: int, resolution: int) -> Live:
    """The live part of a theater page: the run's own data, model and settings, to train on from its last
    epoch (its lr the next epoch's, its optimizer's state the last record's)."""
    last = epochs[-1]
    adam = type(optimizer) is Adam
    hidden = [len(layer.neurons) for layer in model.layers[:-1]] if isinstance(model, MLP) else []
    activation = model.activation if isinstance(model, MLP) else "tanh"
    settings = {"dataset": "run", "points": X_count, "noise": 0.1, "test_fraction": 0.0, "layers": hidden,
                "activation": activation, "optimizer": "adam" if adam else "sgd", "lr": last["next_lr"],
                "momentum": 0.0 if adam else float(getattr(optimizer, "momentum", 0.0)),
                "weight_decay": float(getattr(optimizer, "weight_decay", 0.0)),
                "batch_size": fit_arguments.get("batch_size"), "shuffle": fit_arguments.get("shuffle", True),
                "seed": fit_arguments.get("seed") or 0, "loss": loss,
                "betas": list(getattr(optimizer, "betas", (0.9, 0.999))), "eps": getattr(optimizer, "eps", 1e-8)}
    return _live(settings, model, loss_choices(model, width), resolution)


def _live(settings: dict[str, Any], model: Module, losses: dict[str, str | None], resolution: int) -> Live:
    rules = {**{name: RULES[name] for name in ACTIVATIONS if name != "linear"}, **activation_rules(model)}
    return {"settings": settings, "model_file": model_file(model), "output_activation": _output_activation(model),
            "losses": losses, "activations": [*ACTIVATIONS, *(name for name in rules if name not in ACTIVATIONS)],
            "rule_code": {name: rule_code(name) for name in rules if name not in ACTIVATIONS},
            "datasets": list(DATASETS), "formulas": {name: slope_formula(rule) for name, rule in rules.items()},
            "limits": {name: list(limits) for name, limits in LIMITS.items()}, "resolution": resolution}


def rule_code(name: str) -> RuleCode:
    """How Python code names the activation rule ``name``: a built-in one from autograd.ops.RULES, a user's own
    by its name, as their script presumably calls it (it is their code: the page cannot write it)."""
    if name in RULES:
        return {"code": f"RULES[{name!r}]", "note": f"from autograd.ops import RULES  # {name}: a built-in rule"}
    return {"code": name, "note": f"# {name}: your own Rule (an instance of your autograd.Rule subclass), as in your "
                                  "script: define it before this code"}


def loss_choices(model: Module, width: int) -> dict[str, str | None]:
    """The losses fit accepts for this model's output, the default first, each with how accuracy reads a class
    with it (as fit reads one: the model's kind first, else the loss's way; None: no accuracy, e.g. mse)."""
    try:
        default: str | None = choose_loss(model, None, width)[0].name  # type: ignore[union-attr]  # a named entry
    except ValueError:  # a score: no loss is its default
        default = None
    choices: dict[str, str | None] = {}
    for name in sorted(LOSSES, key=lambda name: name != default):
        try:
            entry, _ = choose_loss(model, name, width)
        except ValueError:
            continue
        assert entry is not None, "a loss named from the table has its entry"
        kind = getattr(model, "output_kind", None) or ""
        reader = None if entry.read_class is None else CLASS_READERS.get(kind, entry.read_class)
        choices[name] = None if reader is None else READERS[reader]
    return choices


def model_file(model: Module) -> ModelFile:
    """The class and config nn.save writes; for a subclass, those of the nn class it is (the page redoes the
    standard forward pass only, which network.check_agreement made sure of)."""
    if isinstance(model, LogisticRegression):
        return {"class": "LogisticRegression", "config": LogisticRegression.config(model)}
    if isinstance(model, MLP):
        return {"class": "MLP", "config": MLP.config(model)}
    if isinstance(model, Layer):
        return {"class": "Layer", "config": Layer.config(model)}
    if isinstance(model, Neuron):
        return {"class": "Neuron", "config": Neuron.config(model)}
    raise TypeError(f"the page knows {', '.join(CLASSES)}; got {type(model).__name__}.")


def _output_activation(model: Module) -> str | None:
    if isinstance(model, MLP):
        return model.output_activation
    last = model.neurons[0] if isinstance(model, Layer) else model
    activation = str(getattr(last, "activation", "linear"))
    return None if activation == "linear" else activation
