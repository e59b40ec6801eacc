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



# ---- plot() in a script and in a notebook (issue 21, item 22) --------------------------------------

def _small_history() -> History:
    X, y = make_moons(40, seed=0)
    return fit(MLP(2, [4, 1], seed=0), X, y, epochs=3, progress=False)


def test_plot_gives_pyplot_the_figure_so_plt_show_shows_it(monkeypatch):
    """Before: a bare matplotlib Figure that pyplot never heard of, so plt.show() in a script showed nothing."""
    pytest.importorskip("matplotlib")
    import matplotlib

    matplotlib.use("Agg")  # headless; any backend would do
    import matplotlib.pyplot as plt

    history = _small_history()
    figure = history.plot()
    try:
        assert figure.number in plt.get_fignums() and plt.gcf() is figure
        shown = []
        monkeypatch.setattr(figure.canvas.manager, "show", lambda *args, **kwargs: shown.append(figure))
        plt.show()  # asks the manager of every figure pyplot knows to show it (a window, with a GUI backend)
        assert shown == [figure]
    finally:
        plt.close(figure)


def test_the_jupyter_display_leaves_pyplot_alone():
    """History's own display draws a picture for its HTML only: no figure left behind for pyplot to show again."""
    pytest.importorskip("matplotlib")
    import matplotlib.pyplot as plt

    open_before = plt.get_fignums()
    assert "<img" in _small_history()._repr_html_()
    assert plt.get_fignums() == open_before


@pytest.mark.slow
def test_in_a_notebook_plot_shows_the_curves_once(tmp_path):
    """Jupyter's inline backend shows every pyplot figure of a cell at its end: the figure returned as the
    cell's value must not show a second time."""
    pytest.importorskip("matplotlib")
    from tests.support.notebooks import execute, notebook_from_cells, outputs

    notebook = execute(notebook_from_cells([
        "from nn import MLP, fit, make_moons\nX, y = make_moons(40, seed=0)\n"
        "history = fit(MLP(2, [4, 1], seed=0), X, y, epochs=3, progress=False)",
        "history.plot()", "figure = history.plot()", "history"]), cwd=tmp_path)
    shown = outputs(notebook)
    pictures = [[output for output in cell if "image/png" in output.get("data", {})] for cell in shown]
    assert [len(cell) for cell in pictures] == [0, 1, 1, 0]
    assert "<img" in shown[3][0]["data"]["text/html"] and len(shown[3]) == 1


# ---- what accuracy measures (issue 21, item 21) ---------------------------------------------------

def test_training_accuracy_is_counted_during_the_epoch_and_validation_on_the_training_data_gives_the_end():
    """history.accuracy counts each batch's outputs as that batch is trained (as the loss is): with mini-batches
    it lags the weights the epoch ends with. validation=(X, y) measures at those end weights."""
    from nn import Adam, accuracy

    X, y = make_moons(200, noise=0.1, seed=0)
    model = MLP(2, [16, 16, 1], seed=0)
    at_the_end = []
    history = fit(model, X, y, optimizer=Adam(model.parameters(), lr=0.02), epochs=6, batch_size=20, seed=0,
                  progress=False, validation=(X, y),
                  on_epoch=lambda epoch, h: at_the_end.append(accuracy(model, X, y)))
    assert history.val_accuracy == at_the_end  # the independent reading: accuracy() at each epoch's end weights
    assert history.accuracy != at_the_end  # counted along the way: not the same numbers
    documented = " ".join((History.__doc__ or "").split())
    assert "during the epoch" in documented and "validation=(X, y)" in documented
