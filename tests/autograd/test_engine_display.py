"""How the engine's objects show themselves in Jupyter (issue 13): Explanation, GradcheckReport and Trace
as readable text and as HTML tables; draw() without Graphviz's dot as an install hint, not a traceback."""
import math
import re

import pytest

from autograd import Value, draw, explain, gradcheck, trace
from tests.support.notebooks import execute, notebook_from_cells, outputs


def _neuron():
    x, w, b = Value(2.0, label="x"), Value(-3.0, label="w"), Value(6.88, label="b")
    out = (x * w + b).tanh()
    out.label = "out"
    return out, (x, w, b)


def _cells(html: str) -> list[list[str]]:
    return [re.findall(r"<td[^>]*>(.*?)</td>", row) for row in re.findall(r"<tr>(.*?)</tr>", html)]


def test_an_explanation_shows_its_text_and_a_table_with_a_row_per_step():
    out, (x, w, b) = _neuron()
    explanation = explain(out)
    assert repr(explanation) == str(explanation)  # a notebook's plain view is the printed explanation
    rows = [row for row in _cells(explanation._repr_html_()) if row]
    assert len(rows) == len(explanation)
    out.backward()
    finals = {row[1].split(" += ")[0]: row[4] for row in rows if row[4].startswith("<b>")}  # complete gradients
    for leaf in (x, w, b):  # truth: backward()'s gradients, and tanh' = 1 - tanh**2 by hand for one of them
        assert finals[f"dout/d{leaf.label}"] == f"<b>{leaf.grad:.4f}</b>"
    assert math.isclose(b.grad, 1 - math.tanh(2 * -3 + 6.88) ** 2, rel_tol=1e-12)


def test_a_long_explanation_is_shown_in_part_and_says_how_to_see_all():
    x = Value(0.5, label="x")
    y = x
    for _ in range(300):
        y = y * 1.001
    explanation = explain(y)
    assert len(explanation) == 300
    assert repr(explanation).endswith("... and 100 more steps: print(explanation) shows them all")
    assert "100 more steps" in explanation._repr_html_() and len(str(explanation).splitlines()) == 601


def test_a_gradcheck_report_shows_its_table_and_verdict():
    out, leaves = _neuron()
    report = gradcheck(lambda x, w, b: (x * w + b).tanh(), list(leaves))
    assert repr(report) == str(report)  # not the dataclass's field dump
    rows = [row for row in _cells(report._repr_html_()) if row]
    assert [row[0] for row in rows] == ["x", "w", "b"] and all(row[5] == "yes" for row in rows)
    out.backward()
    assert [float(row[1]) for row in rows] == [float(f"{leaf.grad:.8g}") for leaf in leaves]
    assert "All gradients match" in report._repr_html_()


def test_a_failing_gradcheck_report_says_mismatch_and_names_the_input():
    report = gradcheck(lambda x: x.relu(), [Value(0.0, label="x")])  # on relu's kink
    html = report._repr_html_()
    assert not report and "<b>MISMATCH</b>" in html and "<b>NO</b>" in html and "input &#x27;x&#x27;" in html


def test_a_trace_says_what_it_recorded_and_compiled():
    np = pytest.importorskip("numpy")
    weights = [Value(0.5), Value(-1.0)]
    traced = trace(lambda a, t: (a[0] * weights[0] + a[1] * weights[1] - t) ** 2, np.zeros(2), 0.0)
    assert repr(traced).startswith("Trace(2 arguments -> 1 output per sample; 2 parameters, ")
    assert re.search(r"<th>parameters \(theta\)</th><td>2</td>", traced._repr_html_())


def test_draw_without_dot_shows_the_install_hint_and_keeps_the_source(monkeypatch, tmp_path):
    pytest.importorskip("graphviz")
    out, _ = _neuron()
    graph = draw(out)
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no dot to be found
    bundle = graph._repr_mimebundle_()
    assert list(bundle) == ["text/plain"] and "apt-get install graphviz" in bundle["text/plain"]
    assert graph.source.startswith("digraph chainrule {")
    assert "image/svg+xml" not in out._repr_mimebundle_()  # a Value shows its text alone then


@pytest.mark.slow
def test_in_a_kernel_without_dot_draw_shows_the_hint_and_no_traceback(tmp_path):
    pytest.importorskip("graphviz")
    cells = ["from autograd import Value, draw\nout = (Value(2.0, label='x') * 3).tanh()\ndraw(out)",
             "print(draw(out).source.splitlines()[0])", "out"]
    shown = outputs(execute(notebook_from_cells(cells), cwd=tmp_path, env={"PATH": str(tmp_path)}))
    (hint,) = shown[0]
    assert hint.output_type == "execute_result" and list(hint.data) == ["text/plain"]
    assert hint.data["text/plain"].startswith("Graphviz's 'dot' program was not found")
    assert shown[1][0].text == "digraph chainrule {\n"
    assert list(shown[2][0].data) == ["text/plain"] and shown[2][0].data["text/plain"].startswith("Value(data=")
