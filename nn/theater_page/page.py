"""The theater's file: the page's HTML, CSS and JavaScript (assets/, package data) with the run's data
as JSON, written with the project's one file writer. Deterministic: the same run, the same bytes.

What the page embeds: the model's layers (parameters by dotted name), the data, and per epoch the
parameters, the full-data gradient, the loss at those weights, the learning rates and fit's
History numbers; and chainrule's engine, written by autograd.to_javascript() from the Python rules,
before the page's own scripts. What it computes itself, from those, in float64 with that engine:
the model's output and every neuron's activation over the plane, and any point's forward and
backward pass (its graph, then backward()). The page's scripts hold no derivative of their own.
(A later version could train in the page: the engine's backward on every point would append
records of the same shape to ``epochs``, and every view would follow.)

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

from autograd import to_javascript
from autograd.files import write_text
from autograd.ops import RULES

from ..losses import ROW, LossEntry
from ..module import Module
from ..optim import SGD, Optimizer
from ..outputs import Labels
from ..shapes import Array
from .bridge import explore_templates
from .network import Network

SCRIPTS = ("numbers.js", "network.js", "bridge.js", "pictures.js", "diagram.js", "panels.js",
           "datasets.js", "trainer.js", "main.js", "classroom.js")
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
    training: Training
    data: Data
    plane: Plane | None
    epochs: Sequence[Epoch]


def write_page(path: str | os.PathLike[str], model: Module, network: Network, X: Array, y: Labels,
               epochs: Sequence[Epoch], settings: Settings, diverged: int | None = None) -> Path:
    """Render the page and write it atomically; returns the path written."""
    data = page_data(model, network, X, y, epochs, settings, diverged)
    parts = {
        "title": html.escape(data["title"]),
        "subtitle": html.escape(data["subtitle"]),
        "css": _asset("theater.css"),
        "data": script_json(data),
        "templates": script_json(explore_templates(network)),
        "script": "\n".join([engine_script(network, settings["entry"]), *(_asset(name) for name in SCRIPTS)]),
    }
    # One pass, so a placeholder-like text inside the data is never substituted.
    return write_text(path, re.sub(r"\{\{(\w+)\}\}", lambda match: parts[match.group(1)], _asset("theater.html")))


def page_data(model: Module, network: Network, X: Array, y: Labels, epochs: Sequence[Epoch], settings: Settings,
              diverged: int | None = None) -> PageData:
    """Everything the page shows, as JSON-ready numbers and names."""
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
        "formulas": {layer["activation"]: slope_formula(layer["activation"]) for layer in network["layers"]
                     if layer["activation"] != "linear"},
        "training": training,
        "data": {"X": X.tolist(), "y": y.tolist(),
                 "validation": None if validation is None else {"X": np.asarray(validation[0], float).tolist(),
                                                                "y": np.asarray(validation[1]).tolist()}},
        "plane": _plane(X, settings["resolution"]) if X.shape[1] == 2 else None,
        "epochs": epochs,
    }


def engine_script(network: Network, entry: LossEntry) -> str:
    """chainrule's engine for the page: every built-in rule, the n-ary ones written for exactly the input counts
    this model needs (a neuron of k inputs is linear over 2k + 1; cross_entropy takes the largest of, and sums,
    one number per class): a layer of any width works, and the page carries no variant it never calls."""
    fan_ins = {2 * len(layer["neurons"][0]["w"]) + 1 for layer in network["layers"]}
    classes = len(network["layers"][-1]["neurons"])
    per_class = [classes] if entry.outputs_per_sample == ROW and classes > 1 else []
    return to_javascript(arities={"linear": sorted(fan_ins), "sum": per_class, "max_of": per_class})


def slope_formula(activation: str) -> str:
    """The activation rule's own local derivative as text, in the page's names: the rule's input ``a`` is the
    neuron's z and its ``out`` the neuron's a, so tanh's "d/da = 1 - out**2" reads "da/dz = 1 - a**2"."""
    derivative = RULES[activation].formulas[0].split(" = ", 1)[1]
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
