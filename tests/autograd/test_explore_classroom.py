"""explore's page in a classroom (issue 20, item 6), in headless Chromium at 1280x800: every wire carries its
value above and its gradient below (CS231n's way) with the Values' own numbers, the graph fills its panel,
no label renders under 14 px, and the step colours stay apart under a deuteranopia simulation of a screenshot."""
import itertools

import numpy as np
import pytest

from autograd import Value, linear
from autograd.graph import topological_order
from autograd.sight.page import explore
from autograd.sight.steps import format_number
from demos.neuron import INPUTS, neuron
from tests.support.browser import open_page

pytestmark = pytest.mark.slow  # every test here drives headless Chromium
WINDOW = (1280, 800)


def _lecture_neuron() -> Value:
    """micrograd's lecture neuron (demos/neuron.py, the README's example): tanh(x1*w1 + x2*w2 + b)."""
    return neuron(**{name: Value(number, label=name) for name, number in INPUTS.items()})


def _tanh_by_exp() -> Value:
    """The lecture's second form of it, o = (e - 1) / (e + 1) with e = exp(2n): e is used twice, 2 and 1 are
    constants."""
    x1, x2, w1, w2, b = (Value(number, label=name) for name, number in INPUTS.items())
    n = x1 * w1 + x2 * w2 + b
    n.label = "n"
    e = (2 * n).exp()
    e.label = "e"
    out = (e - 1) / (e + 1)
    out.label = "out"
    return out


def _wide_neuron() -> Value:
    """A neuron with 16 inputs, as nn.Neuron(16) builds it: one linear node over 33 leaves, then tanh."""
    x = [Value(0.1 * i - 0.5, label=f"x{i + 1}") for i in range(16)]
    w = [Value(0.3 - 0.04 * i, label=f"w{i + 1}") for i in range(16)]
    out = linear(x, w, Value(0.1, label="b")).tanh()
    out.label = "out"
    return out


GRAPHS = {"lecture neuron": _lecture_neuron, "tanh by exp": _tanh_by_exp, "16-input neuron": _wide_neuron}


class Page:
    """explore's page for a graph, in Chromium at 1280x800 (``scale`` device pixels per CSS pixel)."""

    def __init__(self, root: Value, tmp_path, scale: float = 1.0):
        self.context = open_page(explore(root, tmp_path / "page.html"), tmp_path / "chromium", size=WINDOW)
        self.browser = self.context.__enter__()
        self.browser.send("Emulation.setDeviceMetricsOverride", width=WINDOW[0], height=WINDOW[1],
                          deviceScaleFactor=scale, mobile=False)
        self.browser.wait_for(f"innerWidth === {WINDOW[0]} && innerHeight === {WINDOW[1]}")
        self.settle()

    def settle(self):  # two frames: the resize handler has fitted the graph and the page is drawn
        self.browser.evaluate("new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)))")

    def go(self, keys: list[str], step: int | None = None):
        """Press the keys, then wait for step ``step`` (None: the last, every gradient shown)."""
        for key in keys:
            self.browser.press(key)
        self.browser.wait_for("document.body.classList.contains('done')" if step is None else
                              f"document.getElementById('counter').textContent.startsWith('step {step} /')")
        self.settle()

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        errors = self.browser.exceptions()
        self.context.__exit__(*exc_info)
        assert errors == [], errors


# -- CS231n's way: the value above each wire, the gradient below it ---------------------------------------------

WIRES = """[...document.querySelectorAll('#graph .node')].map(node => {
  const i = +node.id.slice(5), box = e => (r => [r.left, r.top, r.right, r.bottom])(e.getBoundingClientRect());
  const paths = [...document.querySelectorAll(`.edge[data-parent="${i}"] path`), ...node.querySelectorAll('.wire')];
  const wire = paths.flatMap(p => { const m = p.getScreenCTM(), n = p.getTotalLength();
    return Array.from({length: Math.ceil(n) + 1}, (_, k) => (q => [q.x, q.y])(
      p.getPointAtLength(Math.min(n, k)).matrixTransform(m))); });
  return {i, data: node.querySelector('.data').textContent, grad: node.querySelector('.grad').textContent,
          above: box(node.querySelector('.data')), below: box(node.querySelector('.grad')), wire};
})"""


@pytest.mark.parametrize("graph", GRAPHS)
def test_every_wire_shows_its_value_above_and_its_gradient_below(graph, tmp_path):
    root = GRAPHS[graph]()
    with Page(root, tmp_path) as page:
        page.go(["End"])
        shown = page.browser.evaluate(WIRES)
    root.backward()  # the truth: the Values themselves, differentiated by the engine
    order = topological_order(root)
    assert len(shown) == len(order)
    for wire in shown:
        value = order[wire["i"]]
        gradient = f"{format_number(value.grad)} \u2713" if value.requires_grad else "constant"
        assert (wire["data"], wire["grad"]) == (format_number(value.data), gradient)
        if value.requires_grad:
            assert float(wire["grad"].split()[0]) == pytest.approx(value.grad, rel=5e-4, abs=5e-5)
        for text, side in (("above", 1), ("below", -1)):
            left, top, right, bottom = wire[text]
            under = [y for x, y in wire["wire"] if left <= x <= right]
            assert under, f"no wire runs along {wire[text]} for node {wire['i']} ({value.label or value.op})"
            if side == 1:  # the whole value sits above the wire, the whole gradient below it
                assert bottom <= min(under), (graph, wire["i"], "value", bottom, min(under))
            else:
                assert top >= max(under), (graph, wire["i"], "gradient", top, max(under))


# -- the graph fills its panel ------------------------------------------------------------------------------------

FILL = """(() => {
  const graph = document.getElementById('graph'), wrap = document.querySelector('.graph-wrap');
  const style = getComputedStyle(wrap), outer = wrap.getBoundingClientRect();
  const room = [outer.left + wrap.clientLeft + parseFloat(style.paddingLeft),
                outer.top + wrap.clientTop + parseFloat(style.paddingTop)];
  room.push(room[0] + wrap.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight),
            room[1] + wrap.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom));
  const parts = [...graph.querySelectorAll(':scope > .nodes, :scope > .edges')].map(g => g.getBoundingClientRect());
  const drawn = [Math.min(...parts.map(r => r.left)), Math.min(...parts.map(r => r.top)),
                 Math.max(...parts.map(r => r.right)), Math.max(...parts.map(r => r.bottom))];
  const seen = [Math.max(drawn[0], room[0]), Math.max(drawn[1], room[1]),
                Math.min(drawn[2], room[2]), Math.min(drawn[3], room[3])];
  const sideways = [document.documentElement, ...document.querySelectorAll('*')].filter(e =>
    e.scrollWidth > e.clientWidth + 1 && (e === document.documentElement ||
      ['auto', 'scroll'].includes(getComputedStyle(e).overflowX))).map(e => e.id || e.className || e.tagName);
  return {across: (seen[2] - seen[0]) / (room[2] - room[0]), down: (seen[3] - seen[1]) / (room[3] - room[1]),
          sideways, room: [room[2] - room[0], room[3] - room[1]], drawn: [drawn[2] - drawn[0], drawn[3] - drawn[1]]};
})()"""


@pytest.mark.parametrize("graph", ["lecture neuron", "16-input neuron"])
def test_the_graph_fills_its_panel_and_a_small_one_never_scrolls_sideways(graph, tmp_path):
    with Page(GRAPHS[graph](), tmp_path) as page:
        for keys, step in (([], 0), (["End"], None)):  # from the first step to the last
            page.go(keys, step)
            fill = page.browser.evaluate(FILL)
            # the drawing, as far as it is in view, spans >= 90 % of the panel across or down (whichever binds):
            # a graph scaled to fit leaves only its margins; one drawn at its own size would leave 15 % here
            assert max(fill["across"], fill["down"]) >= 0.9, fill
            if graph == "lecture neuron":
                assert fill["sideways"] == [], fill


# -- labels of at least 14 px --------------------------------------------------------------------------------------

LABELS = """[...document.querySelectorAll('#graph text, #graph tspan')].filter(t => t.textContent.trim() &&
    getComputedStyle(t).visibility === 'visible' && t.getBoundingClientRect().width > 0)
  .map(t => [t.closest('[id]').id + ' ' + t.getAttribute('class') + ' ' + t.textContent,
             parseFloat(getComputedStyle(t).fontSize) * t.getScreenCTM().a])"""


@pytest.mark.parametrize("graph", GRAPHS)
def test_every_label_in_the_graph_renders_at_14_px_or_more(graph, tmp_path):
    with Page(GRAPHS[graph](), tmp_path) as page:
        sizes = []
        for keys, step in (([], 0), (["ArrowRight"], 1), (["End"], None)):  # "?", the step badge, "✓"
            page.go(keys, step)
            sizes += page.browser.evaluate(LABELS)
    names = {name.split()[1] for name, _ in sizes}
    assert {"name", "data", "grad", "number"} <= names and "edge-label" in {name.split()[0] for name, _ in sizes}
    small = [(name, size) for name, size in sizes if size < 14]
    assert small == [], f"{len(small)} labels under 14 px, e.g. {small[:4]}"


# -- deuteranopia: the step colours stay apart --------------------------------------------------------------------

# Machado, Oliveira & Fernandes (2009), deuteranopia at severity 1.0, on linear RGB.
DEUTERANOPIA = np.array([[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413],
                         [-0.011820, 0.042940, 0.968881]])
SRGB_TO_XYZ = np.array([[0.4124564, 0.3575761, 0.1804375], [0.2126729, 0.7151522, 0.0721750],
                        [0.0193339, 0.1191920, 0.9503041]])
WHITE = np.array([0.95047, 1.0, 1.08883])  # D65
# CIE76 dE of 2.3 is one just-noticeable difference between large patches; the step colours are thin strokes
# and boxes seen across a classroom, so they must be apart by about ten of those: 20.
APART = 20.0

# Where each state's colour is drawn, as a point on the middle of its stroke (CSS px): a pending and an applied
# edge's wire just right of its box, the receiver's box (current step) and a complete box at the middle of their
# top side; and the gradient numbers of each sign, as the box of the text.
SAMPLES = """(() => {
  const at = (e, length) => (q => [q.x, q.y, 1, 1])(e.getPointAtLength(length).matrixTransform(e.getScreenCTM()));
  const top = e => (r => [r.left + r.width / 2, r.top, 1, 1])(e.getBoundingClientRect());
  const text = e => (r => [r.left + r.width / 2, r.top + r.height / 2, r.width / 2, r.height / 2])(
    e.getBoundingClientRect());
  const one = selector => document.querySelector(selector);
  return {pending: at(one('.edge:not(.applied):not(.current) path'), 8), applied: at(one('.edge.applied path'), 8),
          current: top(one('.node.receiver rect.box')),
          complete: top(one('.node.complete:not(.sender):not(.receiver) rect.box')),
          positive: text(one('.grad.complete.positive .number')),
          negative: text(one('.grad.complete.negative .number'))};
})()"""


def _linear(srgb: np.ndarray) -> np.ndarray:
    return np.where(srgb <= 0.04045, srgb / 12.92, ((srgb + 0.055) / 1.055) ** 2.4)


def _encode(linear_rgb: np.ndarray) -> np.ndarray:
    linear_rgb = np.clip(linear_rgb, 0.0, 1.0)
    return np.where(linear_rgb <= 0.0031308, 12.92 * linear_rgb, 1.055 * linear_rgb ** (1 / 2.4) - 0.055)


def _deuteranopia(image: np.ndarray) -> np.ndarray:
    """sRGB pixels in [0, 1] as a deuteranope sees them: decode, apply Machado's matrix, encode."""
    return _encode(_linear(image) @ DEUTERANOPIA.T)


def _lab(srgb: np.ndarray) -> np.ndarray:
    """CIE L*a*b* (D65) of sRGB colours in [0, 1]."""
    xyz = _linear(srgb) @ SRGB_TO_XYZ.T / WHITE
    f = np.where(xyz > (6 / 29) ** 3, np.cbrt(xyz), xyz / (3 * (6 / 29) ** 2) + 4 / 29)
    return np.stack([116 * f[..., 1] - 16, 500 * (f[..., 0] - f[..., 1]), 200 * (f[..., 1] - f[..., 2])], -1)


def _ink(image: np.ndarray, x: float, y: float, half_width: float, half_height: float, scale: float) -> np.ndarray:
    """The darkest pixel around (x, y): where the stroke or glyph covers a whole pixel, not blended with paper."""
    rows = slice(round((y - half_height) * scale), round((y + half_height) * scale) + 1)
    columns = slice(round((x - half_width) * scale), round((x + half_width) * scale) + 1)
    patch = image[rows, columns].reshape(-1, 3)
    return patch[np.argmin(patch.sum(axis=1))]


def test_the_step_colours_stay_apart_under_deuteranopia(tmp_path):
    image_reader = pytest.importorskip("matplotlib.image")
    root, scale = _lecture_neuron(), 2.0  # two device pixels per CSS pixel: every stroke covers whole pixels
    with Page(root, tmp_path, scale) as page:
        page.go(["ArrowRight"] * 8, 8)  # pending, applied and current edges, complete boxes, both signs
        page.browser.evaluate("document.getAnimations().forEach(a => a.pause())")
        places = page.browser.evaluate(SAMPLES)
        screenshot = page.browser.screenshot(tmp_path / "explore.png")
    image = image_reader.imread(screenshot)[..., :3].astype(float)
    assert image.shape == (WINDOW[1] * scale, WINDOW[0] * scale, 3)
    seen = _deuteranopia(image)
    image_reader.imsave(tmp_path / "deuteranopia.png", seen)
    colours = {state: _lab(_ink(seen, *place, scale)) for state, place in places.items()}
    distances = {(a, b): float(np.linalg.norm(colours[a] - colours[b])) for a, b in itertools.combinations(colours, 2)}
    close = {pair: round(distance, 1) for pair, distance in distances.items() if distance < APART}
    assert close == {}, f"step colours closer than dE {APART} under deuteranopia: {close} (all: {distances})"
