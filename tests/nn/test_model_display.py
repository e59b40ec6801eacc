"""How nn's objects show themselves in Jupyter (issue 13): History as its summary line above its curves,
every Module as a readable line and a table of its parts."""
import base64
import re
import sys

import pytest

from autograd import Value
from nn import MLP, History, Module, Neuron, fit, make_moons


def test_history_shows_its_summary_above_its_curves_as_a_png():
    pytest.importorskip("matplotlib")
    X, y = make_moons(40, seed=0)
    history = fit(MLP(2, [4, 1], seed=0), X, y, epochs=3, progress=False)
    html = history._repr_html_()
    summary = re.search(r"<code>(.*?)</code>", html).group(1).replace("&gt;", ">")
    assert summary == repr(history) and summary.startswith("History(3 epochs")
    picture = base64.b64decode(re.search(r'src="data:image/png;base64,([^"]+)"', html).group(1))
    assert picture[:8] == b"\x89PNG\r\n\x1a\n" and len(picture) > 5000


def test_history_without_matplotlib_or_epochs_shows_the_summary_alone(monkeypatch):
    assert History()._repr_html_() is None  # Jupyter falls back to repr: History(0 epochs)
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    assert History(loss=[1.0], accuracy=[0.5], seconds=[0.1])._repr_html_() is None


def test_a_model_lists_its_layers_with_their_parameter_counts():
    model = MLP(2, [16, 16, 1], seed=0)
    rows = re.findall(r"<tr><td><code>(.*?)</code></td><td>(.*?)</td><td>(\d+) parameters</td></tr>",
                      model._repr_html_())
    assert [(name, int(count)) for name, _, count in rows] == [("layers.0", 2 * 16 + 16), ("layers.1", 16 * 16 + 16),
                                                              ("layers.2", 16 + 1)]  # 337 in all, as by hand


def test_a_neuron_lists_its_parameters_with_their_numbers_and_gradients():
    neuron = Neuron(2, seed=0)
    neuron([1.0, 2.0]).backward()
    rows = re.findall(r"<tr><td><code>(.*?)</code></td><td>parameter</td><td>data (\S+), grad (\S+)</td></tr>",
                      neuron._repr_html_())
    assert [name for name, _, _ in rows] == ["w.0", "w.1", "b"]
    for name, data, grad in rows:
        parameter = dict(neuron.named_parameters())[name]
        assert (float(data), float(grad)) == (float(f"{parameter.data:.4g}"), float(f"{parameter.grad:.4g}"))


def test_a_model_of_your_own_gets_a_readable_repr_and_table():
    class Scaled(Module):
        def __init__(self):
            self.inner = MLP(2, [3, 1], seed=0)
            self.scale = Value(2.0)

        def forward(self, x):
            return self.inner(x) * self.scale

    model = Scaled()
    assert repr(model) == "Scaled(14 parameters)"  # 2*3 + 3 + 3 + 1 + the scale
    html = model._repr_html_()
    assert "<code>inner</code>" in html and "13 parameters" in html and "<code>scale</code>" in html


def test_a_large_model_of_your_own_is_shown_in_part():
    class Wide(Module):
        def __init__(self):
            self.weights = [Value(float(i)) for i in range(30)]

    assert "... and 10 more" in Wide()._repr_html_()
