"""explore(): the self-contained backprop page, checked as text and clicked through in a real
headless Chromium (driven by tests/support/browser.py)."""
import html
import json
import os
import re
import struct

import pytest

from autograd import Rule, Value, explain, linear
from autograd.graph import topological_order
from autograd.sight.layout import NODE_HEIGHT, layout
from autograd.sight.page import explore
from autograd.sight.steps import format_number as _number
from demos.neuron import INPUTS, neuron
from tests.support.browser import live_processes, open_page


def _neuron():
    """The lesson neuron of demos/neuron.py: out = tanh(x1*w1 + x2*w2 + b)."""
    leaves = {name: Value(number, label=name) for name, number in INPUTS.items()}
    return neuron(**leaves), list(leaves.values())


def _page_data(page: str) -> dict:
    match = re.search(r'<script type="application/json" id="steps">(.*?)</script>', page, re.S)
    return json.loads(match.group(1))


# -- the file, read as text ----------------------------------------------------------------------

def test_page_is_one_self_contained_file_with_the_controls(tmp_path):
    out, _ = _neuron()
    path = explore(out, tmp_path / "page.html")
    assert path == (tmp_path / "page.html").resolve() and path.is_file()
    page = path.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and "<svg" in page and "<style>" in page
    for external in ("http://", "https://", "src=", "<link", "@import", "//cdn"):
        assert external not in page, f"the page refers to something outside itself: {external}"
    assert all(url.startswith("#") for url in re.findall(r"url\(([^)]*)\)", page)), "only in-page url(#...) references"
    buttons = ('<button id="next"', '<button id="prev"', '<button id="reset"')
    for control in (*buttons, 'id="counter"', 'id="current-step"', 'id="log"'):
        assert control in page
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"], "no temporary file is left behind"


def test_one_svg_node_per_value_and_one_edge_per_input(tmp_path):
    out, _ = _neuron()
    page = explore(out, tmp_path / "page.html").read_text()
    order = topological_order(out)
    assert len(re.findall(r'<g id="node-\d+"', page)) == len(order) == 10
    assert len(re.findall(r'<g id="edge-\d+"', page)) == sum(len(node.parents) for node in order) == 9
    assert ">x1*w1 + x2*w2<" in page and ">tanh<" in page and "0.7064" in page  # label, op, forward value


def _badges(page: str) -> list[str]:
    """The op badges of the page's nodes, in topological order."""
    return [html.unescape(text) for text in re.findall(r'<g class="op">.*?>([^<]*)</text></g>', page)]


def test_each_badge_shows_the_op_as_its_rule_says_a_textbook_prints_it(tmp_path):
    a, b = Value(1.5, label="a"), Value(-0.8, label="b")
    root = (a * b - a / b + (-a)).tanh()
    assert _badges(explore(root, tmp_path / "page.html").read_text()) == ["×", "÷", "−", "−x", "+", "tanh"]


class _Twice(Rule):
    """f(a) = 2a, a user's op: its badge is its sign, else its symbol, else its name."""

    formulas = ("d/da = 2",)

    def forward(self, m, a):
        return 2.0 * a

    def local_grads(self, m, a, out):
        return (2.0,)


@pytest.mark.parametrize("notation, badge", [
    ({"name": "twice"}, "twice"),
    ({"name": "twice", "symbol": "2*"}, "2*"),
    ({"name": "twice", "symbol": "2*", "sign": "2\u00b7"}, "2\u00b7"),
    ({"name": "<b>twice</b>"}, "<b>twice</b>"),  # text, never markup
])
def test_a_users_rule_gets_its_own_badge(notation, badge, tmp_path):
    rule = type("Twice", (_Twice,), notation)()
    page = explore(rule(Value(0.5, label="x")), tmp_path / "page.html").read_text()
    assert _badges(page) == [badge]


def test_layout_runs_left_to_right_without_overlaps():
    a, b = Value(1.5, label="a"), Value(-0.8, label="b")
    c = a * b
    root = ((c + a) * c + a.exp()).tanh()  # reuse: a feeds three nodes in different columns
    order = topological_order(root)
    boxes = layout(order)
    index = {id(node): i for i, node in enumerate(order)}
    for i, node in enumerate(order):
        for parent in node.parents:
            x, _, width = boxes[index[id(parent)]]
            assert x + width < boxes[i][0], "every edge points right, from an input to its user"
    for i, (x, y, width) in enumerate(boxes):
        for other_x, other_y, other_width in boxes[i + 1:]:
            assert x + width <= other_x or other_x + other_width <= x or abs(y - other_y) >= NODE_HEIGHT, (
                "boxes overlap")


def test_the_graph_is_whole_pixels_so_fitting_it_never_shrinks_a_label(tmp_path):
    """Regression: a viewBox 1133.4 wide was drawn 1133 px wide (the page rounds down), so 14 px labels
    rendered at 13.995 px (tests/autograd/test_explore_classroom.py measures them in Chromium)."""
    x = [Value(0.1 * i - 0.5, label=f"x{i + 1}") for i in range(16)]
    w = [Value(0.3 - 0.04 * i, label=f"w{i + 1}") for i in range(16)]
    for root in (_neuron()[0], linear(x, w, Value(0.1, label="b")).tanh()):
        page = explore(root, tmp_path / "page.html").read_text()
        view, width, height = re.search(r'<svg id="graph" viewBox="0 0 ([^"]*)" width="([^"]*)" height="([^"]*)"',
                                        page).groups()
        assert view.split() == [width, height] and width.isdigit() and height.isdigit()


def test_embedded_steps_are_explains_steps_with_the_same_numbers(tmp_path):
    out, leaves = _neuron()
    data = _page_data(explore(out, tmp_path / "page.html").read_text())
    steps = list(explain(out))
    assert len(data["steps"]) == len(steps) == 9
    names = [node["name"] for node in data["nodes"]]
    for shown, step in zip(data["steps"], steps):
        assert (shown["upstream"], shown["local"], shown["contribution"], shown["total"]) == (
            step.upstream, step.local, step.contribution, step.total)  # exactly: floats survive JSON
        assert (shown["last"], tuple(shown["names"]), shown["formula"], shown["text"]) == (
            step.last, step.names, step.formula, str(step))
        assert (names[shown["node"]], names[shown["parent"]]) == step.names[1:]
    out.backward()
    final = {node["name"]: node["grad"] for node in data["nodes"]}
    assert [final[leaf.label] for leaf in leaves] == [leaf.grad for leaf in leaves]
    assert data["seed"]["text"] == str(explain(out)).splitlines()[0]


def test_a_value_used_twice_gets_two_edges_and_a_step_on_each(tmp_path):
    a = Value(3.0, label="a")
    root = a * a
    page = explore(root, tmp_path / "page.html").read_text()
    data = _page_data(page)
    assert [step["edge"] for step in data["steps"]] == [0, 1]
    assert data["nodes"][0]["grad"] == 6.0 and data["nodes"][0]["complete_at"] == 2


def test_labels_are_text_never_markup_or_script(tmp_path):
    evil = '</script><script>alert(1)</script><img src=x onerror="alert(2)">&amp;'
    x = Value(2.0, label=evil)
    root = x * 3.0
    root.label = "{{svg}}"  # looks like a template placeholder: must stay text too
    page = explore(root, tmp_path / "page.html", title="<b>title</b>").read_text()
    assert page.count("<script") == 2 and "<img" not in page and "alert(1)</script>" not in page
    assert html.escape(evil) in page and "&lt;b&gt;title&lt;/b&gt;" in page
    assert page.count("<svg") == 1 and ">{{svg}}<" in page
    data = _page_data(page)
    assert data["nodes"][0]["name"] == f"({evil})" and "</" not in page.split('id="steps">')[1].split("</script>")[0]


def test_the_same_graph_gives_byte_identical_files(tmp_path):
    first = explore(_neuron()[0], tmp_path / "a.html").read_bytes()
    again = explore(_neuron()[0], tmp_path / "b.html").read_bytes()
    assert first == again
    assert explore(_neuron()[0], tmp_path / "a.html").read_bytes() == first  # overwriting works


def test_large_graphs_are_refused_with_a_pointer_to_explain(tmp_path):
    x = Value(0.5, label="x")
    y = x
    for _ in range(250):
        y = y * 1.001
    with pytest.raises(ValueError, match=r"has 501.*explain\(root\)"):
        explore(y, tmp_path / "big.html")
    with pytest.raises(ValueError, match="up to 5 Values"):
        explore(_neuron()[0], tmp_path / "small.html", max_nodes=5)
    assert list(tmp_path.iterdir()) == []
    assert explore(y, tmp_path / "big.html", max_nodes=600).is_file()


def test_a_failed_write_keeps_the_old_file_and_leaves_no_temporary(tmp_path, monkeypatch):
    path = tmp_path / "page.html"
    path.write_text("old")

    def broken_replace(source, destination):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", broken_replace)
    with pytest.raises(OSError, match="disk full"):
        explore(_neuron()[0], path)
    assert path.read_text() == "old" and [p.name for p in tmp_path.iterdir()] == ["page.html"]


def test_a_leaf_root_and_unlabelled_nodes(tmp_path):
    data = _page_data(explore(Value(2.0), tmp_path / "leaf.html").read_text())
    assert data["steps"] == []
    assert data["nodes"] == [{"name": "L", "grad": 1.0, "constant": False, "grad_text": "1.0000", "complete_at": 0}]
    x = Value(3.0)
    data = _page_data(explore((x * x).tanh(), tmp_path / "plain.html").read_text())
    assert [node["name"] for node in data["nodes"]] == ["#0", "#1", "L"]
    with pytest.raises(TypeError, match="takes the Value"):
        explore(3.0, tmp_path / "number.html")


# -- the page, clicked through in a real browser -------------------------------------------------

def _shown(browser, i: int) -> str:
    return browser.evaluate(f"document.querySelector('#node-{i} .grad .number').textContent")


def _counter(browser) -> str:
    return browser.evaluate("document.getElementById('counter').textContent")


@pytest.mark.slow  # drives headless Chromium: in make test, not make quick
def test_clicking_through_the_page_shows_backwards_gradients(tmp_path):
    out, leaves = _neuron()
    path = explore(out, tmp_path / "neuron.html")
    steps = list(explain(out))
    out.backward()
    order = topological_order(out)
    with open_page(path, tmp_path / "chromium") as browser:
        assert _counter(browser) == "step 0 / 9"
        assert [_shown(browser, i) for i in range(len(order))] == ["?"] * 9 + ["1.0000"]  # only the seed

        for clicks in range(1, len(steps) + 2):  # one spare click proves the button stops
            if browser.evaluate("document.getElementById('next').disabled"):
                break
            browser.click("#next")
            browser.wait_for(f"document.getElementById('counter').textContent.startsWith('step {clicks} /')")
        assert clicks == len(steps) + 1 and _counter(browser) == "step 9 / 9 \u00b7 done"
        assert browser.evaluate("document.getElementById('current-step').textContent") == str(steps[-1])
        assert browser.evaluate("document.querySelector('.edge.current').id") == "edge-1"  # w1 -> x1*w1, the last edge
        for i, node in enumerate(order):
            assert _shown(browser, i) == _number(node.grad)
            assert float(_shown(browser, i)) == pytest.approx(node.grad, abs=5e-5)
        assert browser.evaluate("document.querySelectorAll('.node.complete').length") == len(order)
        page_grads = browser.evaluate("JSON.parse(document.getElementById('steps').textContent).nodes.map(n => n.grad)")
        assert page_grads == [node.grad for node in order]  # the very numbers backward() computed
        final_table = browser.evaluate(
            "[...document.querySelectorAll('#final tbody tr')].map(r => r.innerText.split('\\t'))")
        leaves_shown = [[leaf.label, _number(leaf.data), _number(leaf.grad)] for leaf in order if not leaf.parents]
        assert final_table == leaves_shown

        browser.press("ArrowLeft")  # Previous by keyboard: the last step is undone
        browser.wait_for("document.getElementById('counter').textContent === 'step 8 / 9'")
        w1 = order.index(leaves[2])
        assert _shown(browser, w1) == "?" and browser.evaluate("document.querySelector('.edge.current').id") == "edge-0"
        browser.click("#prev")
        browser.wait_for("document.getElementById('counter').textContent === 'step 7 / 9'")
        assert browser.evaluate("document.getElementById('current-step').textContent") == str(steps[6])

        browser.click("#reset")
        browser.wait_for("document.getElementById('counter').textContent === 'step 0 / 9'")
        assert [_shown(browser, i) for i in range(len(order))] == ["?"] * 9 + ["1.0000"]
        prev_disabled = browser.evaluate("document.getElementById('prev').disabled")
        assert [prev_disabled, browser.evaluate("document.querySelectorAll('.edge.current').length")] == [True, 0]
        errors = browser.exceptions()
        assert errors == [], errors


@pytest.mark.slow  # drives headless Chromium: in make test, not make quick
def test_labels_render_as_text_in_the_browser(tmp_path):
    x = Value(2.0, label="<b>x</b> & y")
    root = x * x
    root.label = "<script>window.pwned = 1</script>"
    with open_page(explore(root, tmp_path / "labels.html"), tmp_path / "chromium") as browser:
        assert browser.evaluate("document.querySelector('#node-0 .name').textContent") == "<b>x</b> & y"
        assert browser.evaluate("[typeof window.pwned, document.querySelectorAll('svg b').length]") == ["undefined", 0]
        browser.press("End")
        browser.wait_for("document.body.classList.contains('done')")
        assert _shown(browser, 0) == "4.0000"


@pytest.mark.slow  # drives headless Chromium: in make test, not make quick
def test_the_browser_driver_screenshots_fails_clearly_and_leaves_no_process(tmp_path):
    with open_page(explore(Value(2.0) * 3.0, tmp_path / "page.html"), size=(640, 480)) as browser:
        png = browser.screenshot(tmp_path / "page.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n" and struct.unpack(">II", png[16:24]) == (640, 480)
        with pytest.raises(TimeoutError, match=r"waited 0.1 s for window.never; it still gives None"):
            browser.wait_for("window.never", timeout=0.1)
        with pytest.raises(LookupError, match="no element in the page matches '#missing'"):
            browser.click("#missing")
        with pytest.raises(RuntimeError, match="ReferenceError: undefinedName is not defined"):
            browser.evaluate("undefinedName + 1")
        process = browser.process
    assert process.returncode is not None and live_processes(process.pid) == []  # no helper outlives the browser


@pytest.mark.parametrize("label", ["#0", "#2", "L"])
def test_a_label_that_looks_made_up_never_shares_a_name_in_the_picture(label, tmp_path):
    """Regression (issue 21): a leaf labelled "#0" and the unlabelled node #0 both showed as #0 in the SVG."""
    a = Value(2.0, label=label)
    root = (a * 3.0).tanh() + a
    page = explore(root, tmp_path / "page.html").read_text()
    shown = re.findall(r'<text class="name" x="12" y="28">([^<]*)</text>', page)
    constant = "3"
    assert len(shown) == 5 and label in shown
    others = [name for name in shown if name != constant]
    assert len(set(others)) == len(others), others
