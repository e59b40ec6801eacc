"""The main lesson: the MLP learns the moons (fast mode); its accuracy and loss are recomputed here
by a numpy forward pass over the weights in the saved model file."""
import json
import math
import re

import numpy as np
import pytest

from demos import moons
from nn import make_moons


def numpy_logits(document: dict, X: np.ndarray) -> np.ndarray:
    """The saved MLP's logits, in numpy: tanh(h W^T + b) per hidden layer, the last layer linear."""
    widths, weights = [document["config"]["n_inputs"], *document["config"]["sizes"]], document["parameters"]
    h = X
    for layer, (n_in, n_out) in enumerate(zip(widths, widths[1:])):
        W = np.array([[weights[f"layers.{layer}.neurons.{j}.w.{i}"] for i in range(n_in)] for j in range(n_out)])
        b = np.array([weights[f"layers.{layer}.neurons.{j}.b"] for j in range(n_out)])
        h = h @ W.T + b
        h = np.tanh(h) if layer < len(widths) - 2 else h
    return h[:, 0]


@pytest.fixture(scope="module")
def lesson(run_fast_lesson):
    """Run the fast lesson once for this module: (its result, what it printed, its folder)."""
    return run_fast_lesson(moons)


def test_saved_model_scores_what_the_lesson_reports(lesson, numbers_in):
    """Truth: a numpy forward pass of the saved weights over the lesson's 100 moons (class 1 where logit >= 0)."""
    result, printed, folder = lesson
    document = json.loads((folder / "moons_model.json").read_text())
    assert document["class"] == "MLP" and document["config"]["sizes"] == [16, 16, 1]
    X, y = make_moons(100, noise=0.1, seed=0)  # the fast lesson's data
    logits = numpy_logits(document, X)
    accuracy = float(np.mean((logits >= 0) == y))
    assert result["accuracy"] == accuracy >= 0.9  # the fast run: 12 epochs on 100 points
    printed_accuracy = next(numbers_in(line)[0] for line in printed.splitlines() if "final training accuracy" in line)
    assert abs(printed_accuracy - 100 * accuracy) < 0.05
    bce = float(np.mean(np.logaddexp(0, logits) - y * logits))
    assert bce < 0.5 * math.log(2)  # well under the ln 2 of guessing p = 0.5 everywhere


def test_loss_falls_and_the_picture_is_written(lesson):
    """Property: the mean training loss falls by 40% over the run; the picture is a PNG."""
    result, _, folder = lesson
    history = result["history"]
    assert history.epochs == 12 and history.loss[-1] < 0.6 * history.loss[0]
    assert (folder / "moons.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_theater_page_is_written_next_to_the_picture_and_named(lesson):
    """The page holds the run the lesson reports: every epoch's weights, the last ones those of the saved model."""
    result, printed, folder = lesson
    page = folder / "moons_theater.html"
    assert page in result["files"] and f"wrote {page}" in printed
    text = page.read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="theater-data">(.*?)</script>', text, re.S)[1])
    saved = json.loads((folder / "moons_model.json").read_text())["parameters"]
    assert len(data["epochs"]) == 13 and data["epochs"][-1]["parameters"] == saved
    assert [record["loss"] for record in data["epochs"][1:]] == result["history"].loss
