"""theater(): train with fit, record every epoch, and write the training page: one offline HTML file
where the decision boundary, each neuron, the weights, the curves and the chain rule for any point
can be watched epoch by epoch, and where training goes on live (playground(): the same page with no
Python run, training from the start in the browser).

The package is not called ``theater`` so that nn.theater stays the function (a module never hides
behind a name its package exports). network.py: the model as the page draws it; recording.py:
what is kept of each epoch; bridge.py: one neuron's Value graph for explore; live.py: the settings
the page trains on; page.py: the file; playground.py: nn.playground.

Imports: autograd, evaluation, module, optim, train, theater_page.live, theater_page.network, theater_page.page,
theater_page.playground, theater_page.recording.
"""
import os
from pathlib import Path
from typing import Any

from autograd.arguments import check_count
from autograd.files import writable_path

from ..evaluation import checked_labels, checked_samples
from ..module import Module
from ..optim import SGD
from ..train import History, fit
from .live import theater_live
from .network import check_agreement, describe, loss_entry
from .page import Settings, write_page
from .playground import playground
from .recording import Recorder

__all__ = ["playground", "theater"]
# The most cells a side of the pictures of the plane. The plane is drawn on a square about 300 pixels wide
# in a 1280x800 window; the page computes every neuron at each cell for every epoch it shows (at 400 the
# moons page takes 2 s longer to open than at 80); and past some size a browser refuses the arrays and
# canvases (resolution=10**6 ended in a RangeError).
MOST_RESOLUTION = 400


def theater(model: Module, X: Any, y: Any, path: str | os.PathLike[str], *, title: str | None = None,
            resolution: int = 80, **fit_arguments: Any) -> History:
    """Train ``model`` with ``fit(model, X, y, **fit_arguments)`` and write the page of its training
    to ``path``; returns fit's History.

    The page shows, for any epoch (0 is the start): for 2-feature data, the model's output over the
    plane with the training points and every neuron's activation over it (``resolution`` cells a
    side, computed by the page); the network with its weights, each weight's value, gradient and
    gradient-descent step; the loss and accuracy curves; and for a clicked point the chain rule
    neuron by neuron, down to any neuron's Value graph (explore). The data behind it is embedded
    as JSON (script id "theater-data"): per epoch the parameters by their dotted names, the
    full-data gradient, the learning rates, fit's loss and accuracy and the optimizer's state. The
    page trains on from the last epoch in the browser (Play, Step, Epoch), with controls for the data,
    the network's shape and the training settings; ``window.chainrule`` scripts it. If training
    diverges, the page of the epochs before it is written, then the DivergedError raised.
    ``path``, ``title``, ``resolution`` (2 to MOST_RESOLUTION) and the rest are checked before the first
    step: a path that cannot be written is refused as every writer of the project refuses it.
    """
    path = _checked_arguments(path, title, resolution, fit_arguments.get("on_epoch"))
    X = checked_samples(X, "theater")
    y = checked_labels(y, X, "theater")
    network = describe(model)
    check_agreement(model, network, X)
    entry = loss_entry(model, fit_arguments.get("loss"), X, y)
    optimizer = fit_arguments.pop("optimizer", None) or SGD(model.parameters(), lr=0.1)  # fit's own default
    recorder = Recorder(model, entry, X, y, optimizer)
    recorder.start()
    user_callback = fit_arguments.pop("on_epoch", None)

    def on_epoch(epoch: int, history: History) -> None:
        recorder.record(epoch, history)
        if user_callback is not None:
            user_callback(epoch, history)

    settings: Settings = {"entry": entry, "optimizer": optimizer, "fit_arguments": fit_arguments, "title": title,
                          "resolution": resolution}
    width = len(network["layers"][-1]["neurons"])

    def write(diverged: int | None = None) -> None:
        live = theater_live(model, len(X), recorder.epochs, optimizer, fit_arguments, entry.name, width, resolution)
        write_page(path, model, network, X, y, recorder.epochs, settings, live, diverged=diverged)

    try:
        history = fit(model, X, y, optimizer=optimizer, on_epoch=on_epoch, **fit_arguments)
    except ArithmeticError as error:  # fit's DivergedError, or an overflow in the recorder's own pass
        write(getattr(error, "epoch", len(recorder.epochs)))  # a DivergedError says which epoch
        raise
    write()
    return history


def _checked_arguments(path: object, title: object, resolution: object, on_epoch: object) -> Path:
    """What theater itself takes, refused before the first step (fit checks its own arguments then too):
    else a bad path or title was found only when the page was written, after all the training."""
    checked = writable_path(path)  # a folder, FIFO, write-protected file: as every writer refuses them
    if title is not None and not isinstance(title, str):
        raise TypeError(f"title must be a str or None (for the model's own description); got "
                        f"{type(title).__name__} {title!r}.")
    if check_count("resolution", resolution, 2, "cells per side of the pictures of the plane") > MOST_RESOLUTION:
        raise ValueError(f"resolution must be at most {MOST_RESOLUTION} cells per side: the page computes every "
                         f"neuron at resolution**2 points for each epoch it shows, and {MOST_RESOLUTION} cells are "
                         f"more than the plane's picture is wide on most screens; got resolution={resolution}. "
                         f"Pass resolution={MOST_RESOLUTION} or fewer (the default is 80).")
    if on_epoch is not None and not callable(on_epoch):
        raise TypeError("on_epoch must be a function on_epoch(epoch, history), called after every epoch; "
                        f"got {type(on_epoch).__name__} {on_epoch!r}.")
    return checked
