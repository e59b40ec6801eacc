"""The theater in a classroom (issue 20, item 6), in headless Chromium: no minimum width and nothing cut off at
1366x650, 400x800 or 150 % zoom, a layout that follows the window, presentation mode, numbers without exponents,
long sums collapsed, the step each optimizer really takes, keys only for what is there, a one-feature run's curve,
axes and shapes on the plane, the nearest weight under the pointer, and the step-through overlay (Escape, its
columns, its root in view). Numbers are checked against nn's own (its optimizers' state, its predictions)."""
import json
import math
import re
from pathlib import Path

import numpy as np
import pytest

from nn import MLP, SGD, Adam, make_blobs, make_moons, theater
from nn.evaluation import predict
from tests.support.browser import open_page

pytestmark = pytest.mark.slow  # every test here drives headless Chromium
CLOSE = 1e-9
# 150 % zoom of a 1366 x 650 window: the page is laid out for 911 x 433 CSS pixels, drawn at 1.5 device pixels each
ZOOMED = (round(1366 / 1.5), round(650 / 1.5), 1.5)


def _close(shown: float, truth: float) -> bool:
    return abs(shown - truth) <= CLOSE * max(1.0, abs(truth))


def _page_json(path):
    text = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="theater-data">(.*?)</script>', text, re.S)[1])


class Page:
    """A theater page in Chromium at a window size (and a zoom: device pixels per CSS pixel)."""

    def __init__(self, path, tmp_path, size=(1366, 650, 1.0)):
        self.context = open_page(path, tmp_path / "chromium", size=size[:2])
        self.browser = self.context.__enter__()
        self.resize(size)
        self.browser.wait_for("document.body.classList.contains('ready')")

    def resize(self, size):
        width, height, scale = size
        self.browser.send("Emulation.setDeviceMetricsOverride", width=width, height=height, deviceScaleFactor=scale,
                          mobile=False)
        self.browser.wait_for(f"innerWidth === {width} && innerHeight === {height}")
        self.settle()

    def settle(self):  # two frames: resize observers have run and drawn
        self.browser.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")

    def __enter__(self):
        return self.browser

    def __exit__(self, *exc_info):
        errors = self.browser.exceptions()
        self.context.__exit__(*exc_info)
        assert errors == [], errors


def _moons_page(path, hidden=(16, 16), epochs=30, **arguments):
    X, y = make_moons(200, noise=0.1, seed=0)
    model = MLP(2, [*hidden, 1], seed=0)
    arguments.setdefault("optimizer", Adam(model.parameters(), lr=0.02))
    arguments.setdefault("batch_size", 20)
    theater(model, X, y, path, epochs=epochs, seed=0, progress=False, **arguments)
    return model, X, y


@pytest.fixture(scope="module")
def lesson(tmp_path_factory):
    """The moons lesson of the docs: 2 -> 16 -> 16 -> 1, Adam on mini-batches of 20, 30 epochs."""
    path = tmp_path_factory.mktemp("lesson") / "moons.html"
    model, X, y = _moons_page(path)
    return path, model, X, y, _page_json(path)


# -- what the page must never do: cut something off -----------------------------------------------------------

CUT_OFF = (Path(__file__).parent / "cut_off.js").read_text(encoding="utf-8")

BOXES = ("Object.fromEntries(['network-card', 'plane-card', 'curves-card', 'inspector', 'controls', 'loss-curve', "
         "'accuracy-curve', 'boundary'].map(id => [id, (r => [r.left, r.top, r.width, r.height])"
         "(document.getElementById(id).getBoundingClientRect())]))")


@pytest.mark.parametrize("size, columns", [((1366, 650, 1.0), 3), ((1920, 1080, 1.0), 3), ((1280, 600, 1.0), 3),
                                           (ZOOMED, 2), ((400, 800, 1.0), 1)])
def test_no_minimum_width_the_columns_stack_and_nothing_is_cut_off(lesson, tmp_path, size, columns):
    with Page(lesson[0], tmp_path, size) as browser:
        browser.evaluate("theater.go(12); theater.chooseNeuron(0, 3)")
        assert browser.evaluate(CUT_OFF) == []
        boxes = browser.evaluate(BOXES)
        lefts = {round(boxes[card][0]) for card in ("network-card", "plane-card", "inspector")}
        assert len(lefts) == columns  # side by side, or stacked
        if columns == 1:
            tops = [boxes[card][1] for card in ("network-card", "plane-card", "curves-card", "inspector")]
            assert tops == sorted(tops)
        if size[:2] == (1366, 650):  # the charts of a 1366 x 768 laptop's window: tall enough to read
            assert boxes["loss-curve"][3] >= 120 and boxes["accuracy-curve"][3] >= 120
            assert boxes["boundary"][2] == boxes["boundary"][3] >= 180  # the plane, square
        for chart in ("loss-curve", "accuracy-curve"):  # tick labels apart from each other
            ticks = browser.evaluate(f"[...document.querySelectorAll('#{chart} .tick')].map(t => (r => [r.left, r.top, "
                                     "r.right, r.bottom])(t.getBoundingClientRect()))")
            for i, a in enumerate(ticks):
                assert all(min(a[2], b[2]) <= max(a[0], b[0]) or min(a[3], b[3]) <= max(a[1], b[1])
                           for b in ticks[i + 1:])


def _chart(browser, chart: str) -> dict:
    """A chart's drawing: its size (to the fraction of a pixel), viewBox and the polylines' points."""
    return browser.evaluate(f"(s => ({{size: (r => [r.width, r.height])(s.getBoundingClientRect()), "
                            "box: s.getAttribute('viewBox'), "
                            "lines: [...s.querySelectorAll('polyline.curve')].map(p => p.getAttribute('points'))}))"
                            f"(document.getElementById('{chart}'))")


def test_everything_lays_out_again_when_the_window_changes(lesson, tmp_path):
    path, _, _, _, data = lesson
    page = Page(path, tmp_path, (1280, 600, 1.0))
    with page as browser:
        before = browser.evaluate("(s => [s.clientWidth, s.clientHeight, +s.querySelector('.unit.neuron rect.frame')"
                                  ".getAttribute('width')])(document.getElementById('diagram'))")
        page.resize((1920, 1080, 1.0))
        for chart in ("loss-curve", "accuracy-curve"):
            drawn = _chart(browser, chart)
            assert [float(v) for v in drawn["box"].split()] == [0, 0, *drawn["size"]]  # drawn for its new size
            points = np.array([[float(v) for v in pair.split(",")] for pair in drawn["lines"][0].split()])
            values = [record[chart.split("-")[0]] for record in data["epochs"][1:]]
            # upright: the largest value highest (smallest y), the smallest lowest
            assert points[np.argmax(values), 1] == points[:, 1].min()
            assert points[np.argmin(values), 1] == points[:, 1].max()
        after = browser.evaluate("(s => [s.clientWidth, s.clientHeight, +s.querySelector('.unit.neuron rect.frame')"
                                 ".getAttribute('width'), s.getAttribute('viewBox')])"
                                 "(document.getElementById('diagram'))")
        assert after[1] > before[1] and after[2] > before[2]  # a taller diagram, larger neurons
        assert after[3] == f"0 0 {after[0]} {after[1]}"
        inside = browser.evaluate("(s => (b => [...s.querySelectorAll('.unit')].every(u => (r => r.left >= b.left && "
                                  "r.right <= b.right && r.top >= b.top && r.bottom <= b.bottom)"
                                  "(u.getBoundingClientRect())))"
                                  "(s.getBoundingClientRect()))(document.getElementById('diagram'))")
        assert inside
        assert browser.evaluate(CUT_OFF) == []
        page.resize((400, 800, 1.0))
        assert browser.evaluate(CUT_OFF) == []
        assert browser.evaluate("(c => c.getBoundingClientRect().width)(document.getElementById('boundary'))") > 250


# -- presentation mode ----------------------------------------------------------------------------------------

SMALLEST_TEXT = """(() => {
  const small = [], walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const e = node.parentElement;
    if (!node.nodeValue.trim() || e.closest('script, style, title, option, #explore-overlay, #code-overlay')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    if (!range.getClientRects().length || getComputedStyle(e).visibility === 'hidden') continue;
    const svg = e.closest('svg'), scale = svg && e.closest('text') ? e.closest('text').getScreenCTM().a : 1;
    const size = parseFloat(getComputedStyle(e).fontSize) * scale;
    if (size < 15.99) small.push([node.nodeValue.trim().slice(0, 40), size]);
  }
  return small;
})()"""

LECTURE_PANELS = ("diagram", "boundary", "loss-curve", "accuracy-curve", "weight-body", "chain-body", "play", "present")


def test_presentation_mode_by_button_and_key_has_large_text_and_the_lecture_panels(lesson, tmp_path):
    with Page(lesson[0], tmp_path, (1920, 1080, 1.0)) as browser:
        browser.evaluate("theater.go(20); theater.chooseNeuron(0, 2)")
        assert browser.evaluate(SMALLEST_TEXT) != []  # the everyday page has small print
        browser.click("#present")
        browser.wait_for("document.body.classList.contains('presenting')")
        assert browser.evaluate("document.getElementById('present').getAttribute('aria-pressed')") == "true"
        assert browser.evaluate(SMALLEST_TEXT) == []
        for panel in LECTURE_PANELS:  # on screen, with some size
            box = browser.evaluate(f"(r => [r.left, r.right, r.width, r.height])"
                                   f"(document.getElementById('{panel}').getBoundingClientRect())")
            assert box[2] > 10 and box[3] > 10 and box[0] >= 0 and box[1] <= 1920, panel
        if browser.evaluate("!!document.getElementById('set-lr')"):  # change the learning rate mid-lecture
            assert browser.evaluate("document.getElementById('set-lr').getClientRects().length") > 0
        hidden = browser.evaluate("['#network-card h2 .key', '.table-head', 'table.neurons'].map(s => "
                                  "[...document.querySelectorAll(s)].every(e => !e.getClientRects().length))")
        assert hidden == [True, True, True]  # the fine print and the long table are left out
        ticks = browser.evaluate("[...document.querySelectorAll('#loss-curve .tick')].map(t => "
                                 "parseFloat(getComputedStyle(t).fontSize))")
        assert ticks and min(ticks) >= 16  # the charts were drawn again with the larger labels
        assert browser.evaluate(CUT_OFF) == []
        browser.press("p")  # the key leaves it
        browser.wait_for("!document.body.classList.contains('presenting')")
        browser.evaluate("document.getElementById('point-number').focus()")
        browser.press("p")  # but not while typing in a field
        assert not browser.evaluate("document.body.classList.contains('presenting')")
        browser.evaluate("document.activeElement.blur()")
        browser.press("p")
        browser.wait_for("document.body.classList.contains('presenting')")


# -- numbers --------------------------------------------------------------------------------------------------

def _panel_number(x: float, decimals: int = 4) -> str:
    """Fixed decimals, never an exponent; "≈ 0" for what rounds to zero but is not zero (Python's own rounding)."""
    text = f"{x + 0.0:.{decimals}f}"
    return "\u2248 0" if x != 0 and float(text) == 0 else text


def test_the_panels_print_fixed_decimals_never_an_exponent(lesson, tmp_path):
    numbers = [0.0, -0.0, 1e-5, -9.0118e-05, 4.9e-5, 5.1e-5, 0.00015, 0.03125, -1.23456789, 123456.789, 1e22,
               -2.5e307, 5e-324, 0.5, 2.5e-4]
    numbers += (10.0 ** np.random.default_rng(3).uniform(-9, 9, 200)
                * np.sign(np.random.default_rng(4).normal(size=200))
                ).tolist()
    with Page(lesson[0], tmp_path, (1366, 900, 1.0)) as browser:
        shown = browser.evaluate(f"{json.dumps(numbers)}.map(x => [Theater.fixed(x), Theater.fixed(x, 8)])")
        assert shown == [[_panel_number(x), _panel_number(x, 8)] for x in numbers]
        texts = []
        for k, neuron in ((30, (0, 5)), (29, (1, 7)), (3, (2, 0))):  # late epochs: gradients of 1e-4 and less
            browser.evaluate(f"theater.go({k}); theater.chooseNeuron({neuron[0]}, {neuron[1]})")
            texts.append(text := browser.evaluate("document.getElementById('inspector').innerText"))
            assert not re.search(r"\d[eE][-+]?\d", text), text
            numbers = browser.evaluate("[...document.querySelectorAll('#inspector .num')].map(e => "
                                       "[e.dataset.key || '', Number(e.dataset.value), e.textContent])")
            assert numbers
            for key, value, printed in numbers:
                assert printed == _panel_number(value, 8 if key in ("adam-v", "adam-v-hat") else 4), key
        assert any("\u2248 0" in text for text in texts)  # and what rounds to zero says so


def _point_pass(model, parameters, x, target):
    """One point through nn's model with these weights, backward from its bce_with_logits loss: dL/dz and w."""
    from autograd import Value
    from nn.losses import LOSSES
    model.load_state_dict(parameters)
    inputs, zs = [Value(float(v)) for v in x], []
    for layer in model.layers:
        z = [neuron.weighted_sum(inputs) for neuron in layer.neurons]
        zs.append(z)
        inputs = [neuron.activate(total) for neuron, total in zip(layer.neurons, z)]
    loss = LOSSES["bce_with_logits"].function(inputs[0], float(target))
    model.zero_grad()
    loss.backward()
    return zs, inputs


def test_a_long_sum_shows_its_largest_terms_and_opens_on_click(lesson, tmp_path):
    path, model, X, y, data = lesson
    with Page(path, tmp_path, (1366, 900, 1.0)) as browser:
        browser.evaluate("theater.go(8); theater.choosePoint(17); theater.chooseNeuron(0, 4)")
        zs, _ = _point_pass(model, data["epochs"][8]["parameters"], X[17], y[17])
        terms = [zs[1][k].grad * model.layers[1].neurons[k].w[4].data for k in range(16)]
        assert browser.evaluate("document.querySelector('.sum-toggle').textContent") == "\u03a3 of 16 terms"
        largest = sorted(range(16), key=lambda k: -abs(terms[k]))[:3]
        shown = browser.evaluate("[...document.querySelectorAll('.sum-largest .term')].map(t => [t.dataset.key, "
                                 "Number(t.dataset.value)])")
        assert [key for key, _ in shown] == [f"term:{k}" for k in largest]
        assert all(_close(value, terms[k]) for (_, value), k in zip(shown, largest))
        assert browser.evaluate("document.querySelector('.sum-all').getClientRects().length") == 0  # collapsed
        browser.click(".sum-toggle")
        browser.wait_for("document.querySelector('.sum-all').getClientRects().length > 0")
        every = browser.evaluate("[...document.querySelectorAll('.sum-all .term')].map(t => Number(t.dataset.value))")
        assert len(every) == 16 and all(_close(a, b) for a, b in zip(every, terms))
        dA = browser.evaluate("Number(document.querySelector('[data-key=\"detail-da\"]').dataset.value)")
        assert math.isclose(sum(terms), dA, rel_tol=1e-9, abs_tol=1e-12)
        browser.evaluate("theater.go(9)")  # open it stays, epoch after epoch, until clicked shut
        assert browser.evaluate("document.querySelector('.sum-all').getClientRects().length") > 0
        browser.click(".sum-toggle")
        browser.wait_for("document.querySelector('.sum-all').getClientRects().length === 0")


# -- the step the optimizer takes -----------------------------------------------------------------------------

OPTIMIZERS = {
    "plain SGD": lambda params: SGD(params, lr=0.3),
    "SGD with momentum and weight decay": lambda params: SGD(params, lr=0.1, momentum=0.9, weight_decay=0.01),
    "Adam with weight decay": lambda params: Adam(params, lr=0.05, weight_decay=0.001),
}


def _run_with_states(path, make_optimizer, batch_size=None, epochs=5):
    """A theater run, with nn's optimizer state captured independently before every epoch (the truth)."""
    X, y = make_moons(60, noise=0.1, seed=2)
    model = MLP(2, [4, 3, 1], seed=1)
    optimizer = make_optimizer(model.parameters())
    states = [optimizer.state_dict()]
    theater(model, X, y, path, optimizer=optimizer, epochs=epochs, batch_size=batch_size, seed=0, progress=False,
            on_epoch=lambda epoch, history: states.append(optimizer.state_dict()))
    return model, optimizer, states, _page_json(path)


@pytest.mark.parametrize("kind", OPTIMIZERS)
def test_the_weight_panel_shows_the_step_the_optimizer_really_takes(tmp_path, kind):
    model, optimizer, states, data = _run_with_states(tmp_path / "page.html", OPTIMIZERS[kind])
    names = [name for name, _ in model.named_parameters()]
    with Page(tmp_path / "page.html", tmp_path, (1366, 900, 1.0)) as browser:
        for k, name in ((0, "layers.0.neurons.1.w.0"), (2, "layers.1.neurons.2.w.3"), (4, "layers.2.neurons.0.b")):
            browser.evaluate(f"theater.go({k}); theater.state.chosen = {json.dumps(name)}; theater.render()")
            shown = browser.evaluate("Object.fromEntries([...document.querySelectorAll('#weight-body [data-key]')]"
                                     ".map(e => [e.dataset.key, Number(e.dataset.value)]))")
            record, state, i = data["epochs"][k], states[k], names.index(name)
            w, grad = record["parameters"][name], record["grad"][name]
            g = grad + optimizer.weight_decay * w
            if kind == "Adam with weight decay":
                (b1, b2), t = optimizer.betas, state["steps"] + 1
                m, v = b1 * state["mean"][i] + (1 - b1) * g, b2 * state["square"][i] + (1 - b2) * g * g
                assert _close(shown["adam-m"], m) and _close(shown["adam-v"], v)
                assert _close(shown["adam-m-hat"], m / (1 - b1 ** t)) and _close(shown["adam-v-hat"], v / (1 - b2 ** t))
            elif optimizer.momentum:
                assert _close(shown["velocity"], optimizer.momentum * state["velocity"][i] + g)
            assert "adam-m" in shown if kind.startswith("Adam") else "adam-m" not in shown
            assert ("velocity" in shown) == (kind == "SGD with momentum and weight decay")
            assert shown["lr"] == optimizer.lr and _close(shown["w"], w)
            # a full batch: one step per epoch, the one the panel writes out
            assert _close(shown["step-w"], data["epochs"][k + 1]["parameters"][name])
            assert shown.get("w_new") is None or _close(shown["w_new"], w - optimizer.lr * grad)  # plain GD, to compare
        browser.evaluate("theater.go(5)")  # the last epoch: nothing about a next step
        text = browser.evaluate("document.getElementById('weight-body').innerText")
        assert "step" not in text and browser.evaluate("document.querySelector('#weight-body .update')") is None


def test_with_mini_batches_the_panel_says_how_many_steps_the_epoch_took(tmp_path):
    model, _, states, data = _run_with_states(tmp_path / "page.html", lambda p: Adam(p, lr=0.05),
                                                      batch_size=16)
    with Page(tmp_path / "page.html", tmp_path, (1366, 900, 1.0)) as browser:
        browser.evaluate("theater.go(2); theater.state.chosen = 'layers.0.neurons.0.w.1'; theater.render()")
        text = browser.evaluate("document.getElementById('weight-body').innerText")
        assert "Adam's step 9," in text and "4 steps on mini-batches of 16" in text  # 60 points: 4 batches an epoch
        m = browser.evaluate("Number(document.querySelector('[data-key=\"adam-m\"]').dataset.value)")
        i = [name for name, _ in model.named_parameters()].index("layers.0.neurons.0.w.1")
        assert _close(m, 0.9 * states[2]["mean"][i] + 0.1 * data["epochs"][2]["grad"]["layers.0.neurons.0.w.1"])


# -- keys, charts and pictures that say what is there ---------------------------------------------------------

def test_the_validation_legend_shows_only_with_validation_data(tmp_path):
    X, y = make_moons(80, noise=0.1, seed=0)
    for name, arguments in (("plain", {}), ("checked", {"validation": make_moons(30, noise=0.1, seed=9)})):
        model = MLP(2, [4, 1], seed=0)
        theater(model, X, y, tmp_path / f"{name}.html", epochs=4, progress=False,
                optimizer=SGD(model.parameters(), 0.3), **arguments)
        with Page(tmp_path / f"{name}.html", tmp_path / name, (1366, 650, 1.0)) as browser:
            legend = browser.evaluate("[...document.querySelectorAll('#loss-curve .legend')].map(t => t.textContent)")
            rings = browser.evaluate("document.getElementById('validation-key').getClientRects().length > 0")
            dashed = browser.evaluate("document.querySelectorAll('#loss-curve polyline.validation').length")
            assert (legend, rings, dashed) == ((["training", "validation"], True, 1) if arguments else ([], False, 0))


def test_a_one_feature_regression_shows_its_curve_and_no_accuracy(tmp_path):
    X = np.linspace(-2, 2, 30).reshape(-1, 1)
    y = np.sin(1.5 * X[:, 0])
    model = MLP(1, [6, 1], seed=0)
    theater(model, X, y, tmp_path / "page.html", loss="mse", optimizer=Adam(model.parameters(), lr=0.05), epochs=20,
            progress=False)
    data = _page_json(tmp_path / "page.html")
    with Page(tmp_path / "page.html", tmp_path, (1366, 650, 1.0)) as browser:
        browser.evaluate("theater.go(12); theater.choosePoint(7)")
        assert browser.evaluate("document.getElementById('accuracy-curve').getClientRects().length") == 0
        heading = browser.evaluate("document.querySelector('#curves-card h2').firstChild.nodeValue")
        assert heading.strip() == "Loss"
        curve = json.loads(browser.evaluate("document.querySelector('#fit .fit-line').dataset.values"))
        model.load_state_dict(data["epochs"][12]["parameters"])
        truth = predict(model, np.array([[x] for x, _ in curve]))
        assert np.allclose([v for _, v in curve], truth, rtol=CLOSE, atol=CLOSE)
        assert curve[0][0] < X.min() and curve[-1][0] > X.max()
        marks = browser.evaluate("[...document.querySelectorAll('#fit .fit-point')].map(e => e.id)")
        assert len(marks) == 30 and marks[-1] == "fit-point-7"  # the chosen point, drawn last: on top
        assert browser.evaluate(CUT_OFF) == []


def test_the_plane_has_axes_classes_by_shape_and_the_chosen_point_on_top(tmp_path):
    X, y = make_blobs(60, centers=3, seed=2)
    model = MLP(2, [5, 3], seed=0)
    theater(model, X, y, tmp_path / "page.html", epochs=3, progress=False, optimizer=SGD(model.parameters(), 0.2))
    plane = _page_json(tmp_path / "page.html")["plane"]
    with Page(tmp_path / "page.html", tmp_path, (1366, 650, 1.0)) as browser:
        box = browser.evaluate("(r => [r.left, r.top, r.width])"
                               "(document.getElementById('boundary').getBoundingClientRect())")
        ticks = browser.evaluate("[...document.querySelectorAll('.axes text.tick')].map(t => [Number(t.textContent), "
                                 "(r => [r.left + r.width / 2, r.top + r.height / 2])(t.getBoundingClientRect())])")
        across = [(v, at) for v, (at, middle) in ticks if middle > box[1] + box[2]]
        up = [(v, middle) for v, (at, middle) in ticks if at < box[0]]
        assert len(across) >= 3 and len(up) >= 3
        for v, at in across:  # each tick where its number is on the plane
            assert plane["x"][0] <= v <= plane["x"][1]
            assert abs(at - (box[0] + (v - plane["x"][0]) / (plane["x"][1] - plane["x"][0]) * box[2])) < 1.5
        for v, middle in up:
            assert abs(middle - (box[1] + (plane["y"][1] - v) / (plane["y"][1] - plane["y"][0]) * box[2])) < 2.5
        shapes = browser.evaluate("[...document.querySelectorAll('#points .point')].map(e => [Number(e.id.slice(6)), "
                                  "e.tagName, e.tagName === 'polygon' ? e.points.length : 0])")
        corners = {int(y[i]): (tag, count) for i, tag, count in shapes}
        assert corners == {0: ("circle", 0), 1: ("polygon", 4), 2: ("polygon", 3)}
        for i in (4, 31):
            browser.evaluate(f"theater.choosePoint({i})")
            browser.wait_for(f"document.getElementById('points').lastElementChild.id === 'point-{i}'")


def test_hovering_picks_the_weight_whose_line_is_nearest(lesson, tmp_path):
    with Page(lesson[0], tmp_path, (1366, 900, 1.0)) as browser:
        lines = browser.evaluate("[...document.querySelectorAll('#diagram .weight')].map(p => { const n = "
                                 "p.getTotalLength(), m = p.getScreenCTM(), out = []; "
                                 "for (let s = 0; s <= n; s += 0.5) {"
                                 " const q = p.getPointAtLength(s).matrixTransform(m); out.push([q.x, q.y]); } "
                                 "return [p.dataset.name, out]; })")
        names = [name for name, _ in lines]
        samples = [np.array(points) for _, points in lines]
        rng, checked = np.random.default_rng(5), 0
        low = np.min([s.min(axis=0) for s in samples], axis=0)
        high = np.max([s.max(axis=0) for s in samples], axis=0)
        for spot in rng.uniform(low, high, size=(400, 2)):
            distances = np.array([np.hypot(*(s - spot).T).min() for s in samples])
            order = np.argsort(distances)
            if distances[order[0]] > 8 or distances[order[1]] - distances[order[0]] < 0.6:
                continue  # nothing near, or two lines about as near: not a fair question
            if browser.evaluate(f"!!document.elementFromPoint({spot[0]}, {spot[1]}).closest('.unit')"):
                continue  # over a neuron: that is the neuron's
            browser.send("Input.dispatchMouseEvent", type="mouseMoved", x=float(spot[0]), y=float(spot[1]))
            browser.wait_for(f"document.querySelector('.weight-name').textContent === {json.dumps(names[order[0]])}")
            checked += 1
            if checked == 12:
                break
        assert checked == 12


# -- the step-through overlay ---------------------------------------------------------------------------------

def test_escape_closes_the_overlay_even_with_the_focus_inside_it(lesson, tmp_path):
    with Page(lesson[0], tmp_path, (1366, 650, 1.0)) as browser:
        browser.evaluate("theater.chooseNeuron(2, 0)")
        for focus in ("frame", "page"):
            browser.click("#explore-neuron")
            browser.wait_for("!document.getElementById('explore-overlay').hidden")
            browser.wait_for("(d => !!d && !!d.getElementById('next'))(document.getElementById('explore-frame')"
                             ".contentDocument)")
            if focus == "frame":  # a real click on the frame's Next button: the focus goes into the frame
                x, y = browser.evaluate("(f => (r => (b => "
                                        "[r.left + b.left + b.width / 2, r.top + b.top + b.height / 2])"
                                        "(f.contentDocument.getElementById('next').getBoundingClientRect()))"
                                        "(f.getBoundingClientRect()))(document.getElementById('explore-frame'))")
                for kind in ("mousePressed", "mouseReleased"):
                    browser.send("Input.dispatchMouseEvent", type=kind, x=x, y=y, button="left", clickCount=1)
                browser.wait_for("document.activeElement === document.getElementById('explore-frame')")
            browser.press("Escape")
            browser.wait_for("document.getElementById('explore-overlay').hidden")


def test_the_overlay_lays_a_wide_neurons_inputs_in_columns_with_the_root_in_view(lesson, tmp_path):
    with Page(lesson[0], tmp_path, (1366, 650, 1.0)) as browser:
        browser.evaluate("theater.chooseNeuron(1, 3)")  # 16 inputs: 33 leaves (h, w, b)
        browser.click("#explore-neuron")
        browser.wait_for("(d => !!d && !!d.getElementById('counter'))(document.getElementById('explore-frame')"
                         ".contentDocument)")
        browser.wait_for("(d => d.querySelector('.graph-wrap').scrollLeft > 0)(document.getElementById('explore-frame')"
                         ".contentDocument)")
        frame = "document.getElementById('explore-frame').contentDocument"
        columns = browser.evaluate(f"new Set([...{frame}.querySelectorAll('.node.leaf')].map(n => "
                                   "Math.round(n.getBoundingClientRect().left))).size")
        assert columns >= 3
        root, wrap = browser.evaluate(f"(d => [JSON.parse(d.getElementById('steps').textContent).root, 0]"
                                      ".map((_, k) => "
                                      "(r => [r.left, r.top, r.right, r.bottom])(k ? d.querySelector('.graph-wrap')"
                                      ".getBoundingClientRect() : "
                                      "d.getElementById('node-' + JSON.parse(d.getElementById("
                                      f"'steps').textContent).root).getBoundingClientRect())))({frame})")
        assert wrap[0] <= root[0] and root[2] <= wrap[2] and wrap[1] <= root[1] and root[3] <= wrap[3]

