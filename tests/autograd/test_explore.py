"""explore(): the self-contained backprop page, checked as text and clicked through in a real
headless Chromium, driven over the DevTools protocol on a pipe (no driver, no port, no extra package)."""
import base64
import fcntl
import html
import json
import os
import re
import select
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from autograd import Value, explain
from autograd.sight.steps import format_number as _number
from autograd.sight.page import explore
from autograd.sight.layout import layout
from autograd.graph import topological_order
from demos.neuron import INPUTS, neuron


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
    for control in ('<button id="next"', '<button id="prev"', '<button id="reset"', 'id="counter"', 'id="current-step"', 'id="log"'):
        assert control in page
    assert [p.name for p in tmp_path.iterdir()] == ["page.html"], "no temporary file is left behind"


def test_one_svg_node_per_value_and_one_edge_per_input(tmp_path):
    out, _ = _neuron()
    page = explore(out, tmp_path / "page.html").read_text()
    order = topological_order(out)
    assert len(re.findall(r'<g id="node-\d+"', page)) == len(order) == 10
    assert len(re.findall(r'<g id="edge-\d+"', page)) == sum(len(node.parents) for node in order) == 9
    assert ">x1*w1 + x2*w2<" in page and ">tanh<" in page and "0.7064" in page  # label, op, forward value


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
            assert x + width <= other_x or other_x + other_width <= x or abs(y - other_y) >= 74, "boxes overlap"


def test_embedded_steps_are_explains_steps_with_the_same_numbers(tmp_path):
    out, leaves = _neuron()
    data = _page_data(explore(out, tmp_path / "page.html").read_text())
    steps = list(explain(out))
    assert len(data["steps"]) == len(steps) == 9
    names = [node["name"] for node in data["nodes"]]
    for shown, step in zip(data["steps"], steps):
        assert (shown["upstream"], shown["local"], shown["contribution"], shown["total"]) == (
            step.upstream, step.local, step.contribution, step.total)  # exactly: floats survive JSON
        assert (shown["last"], tuple(shown["names"]), shown["formula"], shown["text"]) == (step.last, step.names, step.formula, str(step))
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
    assert data["steps"] == [] and data["nodes"] == [{"name": "L", "grad": 1.0, "grad_text": "1.0000", "complete_at": 0}]
    x = Value(3.0)
    data = _page_data(explore((x * x).tanh(), tmp_path / "plain.html").read_text())
    assert [node["name"] for node in data["nodes"]] == ["n0", "n1", "L"]
    with pytest.raises(TypeError, match="takes the Value"):
        explore(3.0, tmp_path / "number.html")


# -- the page, clicked through in a real browser -------------------------------------------------

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic", "--disable-extensions", "--no-default-browser-check",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--window-size=1400,800", "--remote-debugging-pipe")


class Chromium:
    """Headless Chromium speaking the DevTools protocol over fds 3 (commands in) and 4 (replies out),
    as NUL-separated JSON. Every wait has a deadline; close() always ends the process."""

    def __init__(self, binary: str, profile: Path, log: Path) -> None:
        commands, replies = os.pipe(), os.pipe()
        # The browser's ends move above fd 10 first, so the dup2s onto 3 and 4 cannot clobber each other.
        child_in, child_out = (fcntl.fcntl(fd, fcntl.F_DUPFD_CLOEXEC, 10) for fd in (commands[0], replies[1]))
        for fd in (commands[0], replies[1]):
            os.close(fd)
        self._write, self._read, self._buffer, self._next_id, self.events = commands[1], replies[0], b"", 0, []
        with open(log, "wb") as log_file:
            self.process = subprocess.Popen(
                [binary, *FLAGS, f"--user-data-dir={profile}", "about:blank"], stdin=subprocess.DEVNULL,
                stdout=log_file, stderr=log_file, close_fds=False, start_new_session=True,
                preexec_fn=lambda: (os.dup2(child_in, 3), os.dup2(child_out, 4)))
        os.close(child_in)
        os.close(child_out)
        self.session = None

    def send(self, method: str, timeout: float = 15.0, **params) -> dict:
        self._next_id += 1
        message = {"id": self._next_id, "method": method, "params": params}
        if self.session and not method.startswith(("Target.", "Browser.")):
            message["sessionId"] = self.session
        os.write(self._write, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + timeout
        while True:
            reply = self._receive(deadline, method)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method} failed: {reply['error']}")
                return reply.get("result", {})
            self.events.append(reply)

    def _receive(self, deadline: float, method: str) -> dict:
        while b"\0" not in self._buffer:
            remaining = deadline - time.monotonic()
            if remaining <= 0 or not select.select([self._read], [], [], remaining)[0]:
                raise TimeoutError(f"Chromium did not answer {method} in time")
            chunk = os.read(self._read, 1 << 20)
            if not chunk:
                raise RuntimeError(f"Chromium closed the pipe during {method} (exit code {self.process.poll()})")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        return json.loads(message)

    def open(self, url: str) -> None:
        target = self.send("Target.createTarget", url="about:blank")["targetId"]
        self.session = self.send("Target.attachToTarget", targetId=target, flatten=True)["sessionId"]
        self.send("Runtime.enable")
        self.send("Emulation.setDeviceMetricsOverride", width=1400, height=800, deviceScaleFactor=1, mobile=False)
        self.send("Page.navigate", url=url)
        self.wait_for(f"document.readyState === 'complete' && location.href === {json.dumps(url)}")

    def evaluate(self, expression: str):
        result = self.send("Runtime.evaluate", expression=expression, returnByValue=True)
        if "exceptionDetails" in result:
            raise RuntimeError(f"{expression!r} raised {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = 10.0):
        deadline = time.monotonic() + timeout
        while not (value := self.evaluate(expression)):
            if time.monotonic() > deadline:
                raise TimeoutError(f"timed out waiting for {expression}")
            time.sleep(0.02)
        return value

    def click(self, selector: str) -> None:
        """A real mouse click in the middle of the element, as a person would make it."""
        x, y = self.evaluate(f"(r => [r.x + r.width / 2, r.y + r.height / 2])(document.querySelector({json.dumps(selector)}).getBoundingClientRect())")
        for kind in ("mousePressed", "mouseReleased"):
            self.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)

    def press(self, key: str, code: int) -> None:
        for kind in ("keyDown", "keyUp"):
            self.send("Input.dispatchKeyEvent", type=kind, key=key, code=key, windowsVirtualKeyCode=code)

    def screenshot(self, path: Path) -> None:
        path.write_bytes(base64.b64decode(self.send("Page.captureScreenshot", format="png")["data"]))

    def close(self) -> None:
        try:
            self.send("Browser.close", timeout=3)
        except Exception:
            pass  # it is killed below either way
        finally:
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
            try:  # the browser and any helper process it left: its own process group, started above
                os.killpg(self.process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.process.wait(timeout=5)
            os.close(self._write)
            os.close(self._read)


def _browser_binary() -> str | None:
    return next((path for name in BROWSERS if (path := shutil.which(name))), None)


@pytest.fixture
def browser(tmp_path):
    binary = _browser_binary()
    if binary is None:
        pytest.skip("no Chromium found (looked for chromium, chromium-browser, google-chrome); "
                    "install Debian's: apt-get install chromium (.ci/run does)")
    chromium = Chromium(binary, tmp_path / "profile", tmp_path / "chromium.log")
    try:
        yield chromium
    finally:
        chromium.close()


def _shown(browser, i: int) -> str:
    return browser.evaluate(f"document.querySelector('#node-{i} .grad .number').textContent")


def _counter(browser) -> str:
    return browser.evaluate("document.getElementById('counter').textContent")


def test_clicking_through_the_page_shows_backwards_gradients(browser, tmp_path):
    out, leaves = _neuron()
    path = explore(out, tmp_path / "neuron.html")
    steps = list(explain(out))
    out.backward()
    order = topological_order(out)
    browser.open(path.as_uri())
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
    final_table = browser.evaluate("[...document.querySelectorAll('#final tbody tr')].map(r => r.innerText.split('\\t'))")
    assert final_table == [[leaf.label, _number(leaf.data), _number(leaf.grad)] for leaf in order if not leaf.parents]

    browser.press("ArrowLeft", 37)  # Previous by keyboard: the last step is undone
    browser.wait_for("document.getElementById('counter').textContent === 'step 8 / 9'")
    w1 = order.index(leaves[2])
    assert _shown(browser, w1) == "?" and browser.evaluate("document.querySelector('.edge.current').id") == "edge-0"
    browser.click("#prev")
    browser.wait_for("document.getElementById('counter').textContent === 'step 7 / 9'")
    assert browser.evaluate("document.getElementById('current-step').textContent") == str(steps[6])

    browser.click("#reset")
    browser.wait_for("document.getElementById('counter').textContent === 'step 0 / 9'")
    assert [_shown(browser, i) for i in range(len(order))] == ["?"] * 9 + ["1.0000"]
    assert browser.evaluate("[document.getElementById('prev').disabled, document.querySelectorAll('.edge.current').length]") == [True, 0]
    errors = [event for event in browser.events if event.get("method") == "Runtime.exceptionThrown"]
    assert errors == [], errors


def test_labels_render_as_text_in_the_browser(browser, tmp_path):
    x = Value(2.0, label="<b>x</b> & y")
    root = x * x
    root.label = "<script>window.pwned = 1</script>"
    browser.open(explore(root, tmp_path / "labels.html").as_uri())
    assert browser.evaluate("document.querySelector('#node-0 .name').textContent") == "<b>x</b> & y"
    assert browser.evaluate("[typeof window.pwned, document.querySelectorAll('svg b').length]") == ["undefined", 0]
    browser.press("End", 35)
    browser.wait_for("document.body.classList.contains('done')")
    assert _shown(browser, 0) == "4.0000"
