"""nn.playground(path, **settings): the training page with no Python run. The page makes its data and its
network's first weights itself, from ``seed``, and trains in the browser; every keyword is a setting its
controls (and window.chainrule.set) change live.

Imports: layers, losses, theater_page.live, theater_page.network, theater_page.page.
"""
import os
from collections.abc import Sequence
from pathlib import Path

from ..layers import MLP, Activation
from ..losses import LOSSES
from .live import check_settings, playground_live
from .network import activation_rules, describe
from .page import PageData, write_document

RESOLUTION = 80  # cells a side of the pictures of the plane, as theater's default


def playground(path: str | os.PathLike[str], dataset: str = "moons", points: int = 200, noise: float = 0.1,
               test_fraction: float = 0.0, layers: Sequence[int] = (4, 4), activation: Activation = "tanh",
               optimizer: str = "sgd", lr: float = 0.1, momentum: float = 0.0, weight_decay: float = 0.0,
               batch_size: int | None = None, shuffle: bool = True, seed: int = 0) -> Path:
    """Write the live training page to ``path`` and return the path; no training happens in Python.

    dataset: "moons", "circles", "xor", "spirals" or "blobs" (nn.data's generators, written again in the
    page with its own random numbers: the same shapes and noise, not numpy's numbers), ``points`` of them
    with Gaussian ``noise`` (blobs: their standard deviation), ``test_fraction`` held out as test data.
    The model: MLP(2, [*layers, 1], activation) (1 to 6 hidden layers of 1 to 16 neurons; the activation a name
    or a Rule of one input, a user's own written into the page's engine; a logit output,
    trained with bce_with_logits unless the page's loss control says otherwise), its weights drawn as
    nn.layers draws them. Training: optimizer "sgd" (with ``momentum`` and ``weight_decay`` as nn.SGD) or
    "adam" (nn.Adam's defaults, with ``weight_decay``), learning rate ``lr``, ``batch_size`` None for the
    whole data set per step, mini-batches in a fresh order each epoch with ``shuffle`` (else in order).
    ``seed`` starts the page's random numbers: the same settings, the same page, byte for byte.
    """
    settings = check_settings(dataset, points, noise, test_fraction, layers, activation, optimizer, lr, momentum,
                              weight_decay, batch_size, shuffle, seed)
    model = MLP(2, [*settings["layers"], 1], activation=activation, seed=0)  # the shape and names only
    network = describe(model)
    live = playground_live(settings, model, RESOLUTION)
    data: PageData = {"format": 1, "title": "chainrule playground: train a network in the page",
                      "subtitle": "", "model": network, "formulas": {}, "training": None, "data": None,
                      "plane": None, "epochs": [], "live": live}
    return write_document(path, data, network, LOSSES[live["settings"]["loss"]], activation_rules(model))
