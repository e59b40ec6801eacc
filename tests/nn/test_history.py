"""History.plot() (issue 10, section 4): the loss and accuracy curves, validation ones too, drawn
with matplotlib from the History's own numbers; without matplotlib, an ImportError saying how to get it."""
import sys

import pytest

from nn import MLP, History, fit, make_blobs, make_moons


def _lines(axis) -> dict:
    return {line.get_label(): (list(line.get_xdata()), list(line.get_ydata())) for line in axis.get_lines()}


def test_plot_draws_the_loss_and_accuracy_curves_with_their_validation_twins(tmp_path):
    pytest.importorskip("matplotlib")
    X, y = make_moons(60, seed=0)
    history = fit(MLP(2, [4, 1], seed=0), X, y, epochs=4, progress=False, validation=make_moons(20, seed=1))
    figure = history.plot()
    loss_axis, accuracy_axis = figure.axes
    epochs = [1, 2, 3, 4]
    assert _lines(loss_axis) == {"training loss": (epochs, history.loss), "validation loss": (epochs, history.val_loss)}
    assert _lines(accuracy_axis) == {"training accuracy": (epochs, history.accuracy),
                                     "validation accuracy": (epochs, history.val_accuracy)}
    path = tmp_path / "curves.png"
    figure.savefig(path)
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and path.stat().st_size > 1000


def test_plot_without_accuracy_or_validation_draws_the_loss_alone():
    pytest.importorskip("matplotlib")
    X, y = make_blobs(30, centers=[[-1, 0], [1, 1]], seed=5)
    history = fit(MLP(2, [4, 1], seed=0), X, y, loss="mse", epochs=3, progress=False)
    (axis,) = history.plot().axes
    assert _lines(axis) == {"training loss": ([1, 2, 3], history.loss)}


def test_plot_without_matplotlib_says_how_to_install_it(monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now raises ImportError
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    with pytest.raises(ImportError, match=r"pip install 'chainrule\[plot\]'"):
        History(loss=[1.0], accuracy=[0.5], seconds=[0.1]).plot()

