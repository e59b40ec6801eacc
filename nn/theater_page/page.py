"""The theater's file: the page's HTML, CSS and JavaScript (assets/, package data) with the run's data
as JSON, written with the project's one file writer. Deterministic: the same run, the same bytes.

What the page embeds: the model's layers (parameters by dotted name), the data, and per epoch the
parameters, the full-data gradient, the loss at those weights, the learning rates, fit's History
numbers and the optimizer's state; the settings the page trains on from there (``live``: the run's
own, or nn.playground's); and chainrule's engine, written by autograd.to_javascript() from the Python
rules, before the page's own scripts. What it computes itself, in float64 with that engine: the model's
output and every neuron's activation over the plane, any point's forward and backward pass, and the
training it goes on with (trainer.js: each sample's graph, backward(), the optimizers' updates), which
appends records of the same shape to ``epochs``. The page's scripts hold no derivative of their own.

Imports: autograd, numpy, losses, module, optim, outputs, shapes, theater_page.bridge, theater_page.network.
"""
import html
import json
import os
import re
from collections.abc import Mapping, Sequence
from importlib import resources
from pathlib import Path
from typing import Any, TypeAlias, TypedDict

import numpy as np

from autograd import Rule, to_javascript
from autograd.files import write_text
from autograd.ops import RULES

from ..losses import ROW, LossEntry
from ..module import Module
from ..optim import SGD, Optimizer
from ..outputs import Labels
from ..shapes import Array
from .bridge import explore_templates
from .network import Network, activation_rules, own_rules

SCRIPTS = ("numbers.js", "network.js", "bridge.js", "pictures.js", "diagram.js", "panels.js", "datasets.js",
           "models.js", "optimizers.js", "trainer.js", "settings.js", "controls.js", "surface.js", "player.js",
           "main.js", "classroom.js")
# What the page's controls allow (nn.playground checks the same): hidden layers and their widths.
MOST_LAYERS, WIDEST_LAYER = 6, 16
MARGIN = 0.15  # the plane shows the data's square span and this much more on every side
# An epoch's record (theater_page.recording): what the page embeds as it is, numbers and name -> number maps.
Epoch: TypeAlias = Mapping[str, object]


class Settings(TypedDict):
    """What theater hands the page besides the model, the data and the epochs."""

    entry: LossEntry
    optimizer: Optimizer
    fit_arguments: dict[str, Any]  # fit's keyword arguments as the caller gave them: each of its own type
    title: str | None
    resolution: int


# -- the page's JSON document ---------------------------------------------------------------
class Training(TypedDict):
    optimizer: str
    settings: dict[str, float | list[float]]
    plain_gradient_descent: bool
    batch_size: int | None
    samples: int
    schedule: str | None
    loss: str
    diverged_at: int | None


class Points(TypedDict):
    X: list[list[float]]
    y: list[float]


class Data(Points):
    validation: Points | None


class Plane(TypedDict):
    x: list[float]
    y: list[float]
    resolution: int


class PageData(TypedDict):
    format: int
    title: str
    subtitle: str
    model: Network
    formulas: dict[str, str]  # activation -> its rule's local derivative, in the page's names
    training: Training | None
    data: Data | None  # None (with plane None and no epochs): the page makes its data and its start itself
    plane: Plane | None
    epochs: Sequence[Epoch]
    live: Mapping[str, object]  # what it trains on from there (theater_page.live)


def write_page(path: str | os.PathLike[str], model: Module, network: Network, X: Array, y: Labels,
               epochs: Sequence[Epoch], settings: Settings, live: Mapping[str, object],
               diverged: int | None = None) -> Path:
    """Render the page of a run and write it atomically; returns the path written."""
    data = page_data(model, network, X, y, epochs, settings, diverged)
    return write_document(path, {**data, "live": live}, network, settings["entry"], activation_rules(model))


def write_document(path: str | os.PathLike[str], data: PageData, network: Network, entry: LossEntry,
                   rules: Mapping[str, Rule]) -> Path:
    """Write the page of ``data``: ``network`` (the model it starts with) and ``entry`` (its loss) choose the
    explore pages and the engine's input counts it carries; ``rules`` (network.activation_rules) its
    activations' rules, a user's own written into the engine with the built-in ones."""
    parts = {
        "title": html.escape(data["title"]),
        "subtitle": html.escape(data["subtitle"]),
        "css": _asset("theater.css"),
        "data": script_json(data),
        "templates": script_json(explore_pages(network, rules)),
        "script": "\n".join([engine_script(network, entry, rules), *(_asset(name) for name in SCRIPTS)]),
    }
    # One pass, so a placeholder-like text inside the data is never substituted.
    return write_text(path, re.sub(r"\{\{(\w+)\}\}", lambda match: parts[match.group(1)], _asset("theater.html")))


def explore_pages(network: Network, rules: Mapping[str, Rule] = RULES) -> dict[str, str]:
    """explore's page of one neuron per kind of neuron the model has, by its kind (template_key): the page picks
    the one for the neuron it opens, and says so when a shape made in the page has none."""
    pages: dict[str, str] = {}
    for index, (layer, page) in enumerate(zip(network["layers"], explore_templates(network, {**RULES, **rules}))):
        pages.setdefault(template_key(index, len(layer["neurons"][0]["w"]), layer["activation"]), page)
    return pages


def template_key(layer: int, inputs: int, activation: str) -> str:
    """"x2 tanh": a neuron of the first layer (inputs x) with 2 inputs; "h4 linear": a later one (inputs h)."""
    return f"{'x' if layer == 0 else 'h'}{inputs} {activation}"


def page_data(model: Module, network: Network, X: Array, y: Labels, epochs: Sequence[Epoch], settings: Settings,
              diverged: int | None = None) -> PageData:
    """Everything the page shows of a run, as JSON-ready numbers and names (``live`` left empty)."""
    arguments, optimizer = settings["fit_arguments"], settings["optimizer"]
    validation = arguments.get("validation")
    batch_size = arguments.get("batch_size")
    training: Training = {
        "optimizer": type(optimizer).__name__,
        "settings": {name: _plain(getattr(optimizer, name)) for name in ("momentum", "weight_decay", "betas", "eps")
                     if hasattr(optimizer, name)},
        "plain_gradient_descent": type(optimizer) is SGD and not optimizer.momentum and not optimizer.weight_decay
        and batch_size is None,
        "batch_size": batch_size, "samples": len(X), "schedule": _name(arguments.get("schedule")),
        "loss": settings["entry"].name, "diverged_at": diverged,
    }
    title = settings["title"] or f"Watch it learn: {network['description']}"
    return {
        "format": 1,
        "title": title,
        "subtitle": _subtitle(training, epochs[0]["next_lr"]),
        "model": network,
        "formulas": {name: slope_formula(rule) for name, rule in activation_rules(model).items()},
        "training": training,
        "data": {"X": X.tolist(), "y": y.tolist(),
                 "validation": None if validation is None else {"X": np.asarray(validation[0], float).tolist(),
                                                                "y": np.asarray(validation[1]).tolist()}},
        "plane": _plane(X, settings["resolution"]) if X.shape[1] == 2 else None,
        "epochs": epochs,
        "live": {},
    }


def engine_script(network: Network, entry: LossEntry, rules: Mapping[str, Rule] = RULES) -> str:
    """chainrule's engine for the page: every built-in rule and the user's own among ``rules`` (an activation's),
    the n-ary ones written for exactly the input counts this model and the page's controls need (a neuron of k
    inputs is linear over 2k + 1, and the controls make layers of 1 to WIDEST_LAYER neurons; cross_entropy takes
    the largest of, and sums, one number per class)."""
    fan_ins = {2 * len(layer["neurons"][0]["w"]) + 1 for layer in network["layers"]}
    fan_ins |= {2 * width + 1 for width in (network["inputs"], *range(1, WIDEST_LAYER + 1))}
    classes = len(network["layers"][-1]["neurons"])
    per_class = [classes] if entry.outputs_per_sample == ROW and classes > 1 else []
    return to_javascript(rules=[*RULES.values(), *own_rules(rules)],
                         arities={"linear": sorted(fan_ins), "sum": per_class, "max_of": per_class})


def slope_formula(activation: str | Rule) -> str:
    """The activation rule's own local derivative as text, in the page's names: the rule's input ``a`` is the
    neuron's z and its ``out`` the neuron's a, so tanh's "d/da = 1 - out**2" reads "da/dz = 1 - a**2".
    ``activation``: a built-in rule's name, or the rule (a user's own: its first formula, if it states one)."""
    rule = RULES[activation] if isinstance(activation, str) else activation
    if not rule.formulas or " = " not in rule.formulas[0]:
        return f"da/dz: {rule.name}'s local_grads (the rule states no formula)"
    derivative = rule.formulas[0].split(" = ", 1)[1]
    return "da/dz = " + re.sub(r"\b(a|out)\b", lambda word: {"a": "z", "out": "a"}[word.group(1)], derivative)


def _subtitle(training: Training, lr: object) -> str:
    """The page's line under the title; ``lr`` is the first epoch's learning rate (a float)."""
    batches = f"mini-batches of {training['batch_size']}" if training["batch_size"] else "the full batch"
    diverged = f"; training diverged in epoch {training['diverged_at']}" if training["diverged_at"] else ""
    return (f"{training['samples']} training points, loss {training['loss']}, {training['optimizer']} "
            f"(lr {lr:g}) on {batches}{diverged}")


def _plane(X: Array, resolution: int) -> Plane:
    """A square window around the data (so the pictures are not stretched) and its resolution."""
    low, high = X.min(axis=0), X.max(axis=0)
    centre, half = (low + high) / 2, max(high - low) / 2 * (1 + 2 * MARGIN) + 1e-9
    return {"x": [centre[0] - half, centre[0] + half], "y": [centre[1] - half, centre[1] + half],
            "resolution": resolution}


def _plain(value: float | tuple[float, ...]) -> float | list[float]:
    return list(value) if isinstance(value, tuple) else value


def _name(thing: object) -> str | None:
    return None if thing is None else type(thing).__name__


def _asset(name: str) -> str:
    """One of the page's files from the package (works from a wheel, a zip or the source tree)."""
    return resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8")


def script_json(data: object) -> str:
    """JSON safe inside <script>: no '<', '>' or '&' survives, so no text can close the block."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
