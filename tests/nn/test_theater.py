"""theater(): the page of a training run. Its record equals what fit did (weights, History) and what
the engine computes (the full-data gradient at each epoch's weights); in headless Chromium, what the page
shows for epoch k (the boundary, the weights, a point's chain rule, a weight's gradient and step, a
neuron's Value graph) equals the engine's numbers for epoch k's weights, to 1e-9. The page computes them
with chainrule's engine written into it from the Python rules: its own scripts hold no calculus."""
import json
import math
import os
import re
from importlib import resources

import numpy as np
import pytest

from autograd import Value, explore, to_javascript
from autograd.sight.steps import format_number
from nn import MLP, SGD, Adam, Layer, LogisticRegression, Module, Neuron, StepLR, fit, make_blobs, make_moons, theater
from nn.evaluation import predict
from nn.losses import LOSSES
from nn.theater_page import MOST_RESOLUTION
from nn.theater_page.bridge import neuron_graph
from nn.theater_page.network import describe, forward, loss_entry
from nn.theater_page.page import SCRIPTS, slope_formula
from tests.support.browser import open_page

CLOSE = 1e-9
# da/dz of each activation, from math (independent of the rules): what the page's "da/dz" must show.
SLOPES = {"tanh": lambda z: 1.0 - math.tanh(z) ** 2, "sigmoid": lambda z: 0.25 / math.cosh(z / 2) ** 2,
          "relu": lambda z: 1.0 if z > 0 else 0.0}


def _close(shown: float, truth: float) -> bool:
    return abs(shown - truth) <= CLOSE * max(1.0, abs(truth))


def _page_json(path, element_id: str):
    text = path.read_text(encoding="utf-8")
    match = re.search(f'<script type="application/json" id="{element_id}">(.*?)</script>', text, re.S)
    return json.loads(match.group(1))


def _moons_run(path, epochs=6, **arguments):
    X, y = make_moons(60, noise=0.1, seed=0)
    model = MLP(2, [5, 4, 1], seed=0)
    arguments.setdefault("optimizer", Adam(model.parameters(), lr=0.05))
    history = theater(model, X, y, path, epochs=epochs, batch_size=20, seed=0, progress=False, **arguments)
    return model, X, y, history


@pytest.fixture(scope="module")
def moons_page(tmp_path_factory):
    path = tmp_path_factory.mktemp("theater") / "moons.html"
    model, X, y, history = _moons_run(path)
    return path, model, X, y, history, _page_json(path, "theater-data")


def _full_gradient(model, X, y, loss_name: str, parameters: dict) -> tuple[float, dict]:
    """The truth for "the gradient at epoch k": the plain engine, one graph over all of X, backward()."""
    model.load_state_dict(parameters)
    entry = LOSSES[loss_name]
    outputs = [model(row) for row in X]
    outputs = [out if entry.outputs_per_sample == "row" else (out[0] if isinstance(out, list) else out)
               for out in outputs]
    loss = entry.function(outputs, entry.eager_targets(y))
    model.zero_grad()
    loss.backward()
    return loss.data, {name: parameter.grad for name, parameter in model.named_parameters()}


def _layers(model) -> list:
    if isinstance(model, MLP):
        return [layer.neurons for layer in model.layers]
    return [model.neurons] if isinstance(model, Layer) else [[model]]


def _engine_pass(model, parameters: dict, x, target, loss_name: str) -> dict:
    """One point through the engine with epoch k's weights, neuron by neuron (Neuron.weighted_sum and
    Neuron.activate, as Neuron.forward runs them), then backward() from the point's own loss."""
    model.load_state_dict(parameters)
    inputs, zs, activations = [Value(float(v)) for v in x], [], []
    for neurons in _layers(model):
        z = [neuron.weighted_sum(inputs) for neuron in neurons]
        a = [neuron.activate(total) for neuron, total in zip(neurons, z)]
        zs.append(z)
        activations.append(a)
        inputs = a
    entry = LOSSES[loss_name]
    loss = entry.function(inputs, int(target)) if entry.outputs_per_sample == "row" else entry.function(inputs[0],
                                                                                                      float(target))
    model.zero_grad()
    loss.backward()
    return {"loss": loss.data, "z": zs, "a": activations, "inputs": [float(v) for v in x],
            "grads": {name: parameter.grad for name, parameter in model.named_parameters()}}


# -- the record --------------------------------------------------------------------------------------------

def test_the_page_trains_exactly_as_fit_does_and_records_every_epoch(tmp_path):
    X, y = make_moons(60, noise=0.1, seed=0)
    model, seen = MLP(2, [5, 4, 1], seed=0), []
    history = theater(model, X, y, tmp_path / "page.html", optimizer=Adam(model.parameters(), lr=0.05), epochs=6,
                      batch_size=20, seed=0, progress=False,
                      on_epoch=lambda epoch, h: seen.append((epoch, model.state_dict())))
    plain = MLP(2, [5, 4, 1], seed=0)
    expected = fit(plain, X, y, optimizer=Adam(plain.parameters(), lr=0.05), epochs=6, batch_size=20, seed=0,
                   progress=False)
    assert history.loss == expected.loss and history.accuracy == expected.accuracy  # the page changes nothing
    assert model.state_dict() == plain.state_dict()
    data = _page_json(tmp_path / "page.html", "theater-data")
    assert [record["epoch"] for record in data["epochs"]] == list(range(7))
    assert [record["loss"] for record in data["epochs"]] == [None, *history.loss]
    assert [record["accuracy"] for record in data["epochs"]] == [None, *history.accuracy]
    assert [epoch for epoch, _ in seen] == list(range(1, 7))  # the user's own callback still runs
    assert [state for _, state in seen] == [record["parameters"] for record in data["epochs"][1:]]
    assert data["epochs"][0]["parameters"] == MLP(2, [5, 4, 1], seed=0).state_dict()


def test_each_epochs_gradient_is_the_engines_full_data_gradient_at_its_weights(moons_page):
    _, model, X, y, _, data = moons_page
    for record in data["epochs"]:
        loss, grads = _full_gradient(model, X, y, "bce_with_logits", record["parameters"])
        assert _close(record["loss_at_weights"], loss)
        assert all(_close(record["grad"][name], grad) for name, grad in grads.items())
        assert list(record["grad"]) == list(record["parameters"]) == list(grads)  # every parameter, by dotted name


def test_full_batch_sgd_takes_exactly_the_step_the_page_writes_out_and_records_each_lr(tmp_path):
    X, y = make_moons(40, noise=0.1, seed=1)
    model = MLP(2, [3, 1], seed=1)
    optimizer = SGD(model.parameters(), lr=0.5)
    theater(model, X, y, tmp_path / "sgd.html", optimizer=optimizer, schedule=StepLR(optimizer, 2, gamma=0.5),
            epochs=5, progress=False)
    data = _page_json(tmp_path / "sgd.html", "theater-data")
    assert data["training"]["plain_gradient_descent"] is True
    assert [record["lr"] for record in data["epochs"]] == [None, 0.5, 0.5, 0.25, 0.25, 0.125]
    assert [record["next_lr"] for record in data["epochs"]] == [0.5, 0.5, 0.25, 0.25, 0.125, 0.125]
    for now, after in zip(data["epochs"], data["epochs"][1:]):
        for name, w in now["parameters"].items():  # w(k+1) = w(k) - lr(k+1) * grad(k)
            assert _close(after["parameters"][name], w - after["lr"] * now["grad"][name])


def test_the_page_is_one_offline_file_under_4_mb_for_the_moons_lesson(tmp_path):
    X, y = make_moons(200, noise=0.1, seed=0)
    model = MLP(2, [16, 16, 1], seed=0)
    theater(model, X, y, tmp_path / "moons.html", optimizer=Adam(model.parameters(), lr=0.02), epochs=40,
            batch_size=20, seed=0, progress=False)
    page = (tmp_path / "moons.html").read_text(encoding="utf-8")
    assert len(page.encode()) < 4_000_000  # 3 MB before each record kept the optimizer's state (Adam: m and v)
    assert not re.search(r"https?:|ftp:|//[\w.-]+\.\w|<link|@import|\bsrc\s*=|\bfetch\(|XMLHttpRequest|WebSocket", page)
    assert set(re.findall(r"url\(([^)]*)\)", page)) <= {"#arrow", "#arrow-back"}  # explore's own SVG markers
    assert page.count("<html") == 1  # explore's pages are inside as JSON text, not markup


@pytest.mark.parametrize("make, words, error", [
    (lambda: (Module(), {}), "theater draws MLP", TypeError),
    (lambda: (MLP(2, [2, 1], seed=0), {"loss": lambda outputs, targets: outputs[0]}), "not a function", ValueError),
])
def test_what_the_page_cannot_draw_is_refused_before_training(tmp_path, make, words, error):
    model, arguments = make()
    X, y = make_moons(10, seed=0)
    with pytest.raises(error, match=words):
        theater(model, X, y, tmp_path / "page.html", epochs=1, progress=False, **arguments)
    assert not (tmp_path / "page.html").exists()


def test_a_model_that_changes_the_forward_pass_is_refused(tmp_path):
    class Doubled(MLP):
        def forward(self, x):
            return super().forward(x) * 2.0

    X, y = make_moons(10, seed=0)
    with pytest.raises(ValueError, match="changes it"):
        theater(Doubled(2, [3, 1], seed=0), X, y, tmp_path / "page.html", epochs=1, progress=False)


def _protected(folder):
    (folder / "page.html").write_text("old")
    (folder / "page.html").chmod(0o444)
    return folder / "page.html"


def _under_a_file(folder):
    (folder / "notes.txt").write_text("a file, not a folder")
    return folder / "notes.txt" / "page.html"


@pytest.mark.parametrize("path, arguments, error, words", [
    (lambda folder: folder, {}, ValueError, "is a folder, not a regular file"),
    (lambda folder: os.mkfifo(folder / "page.html") or folder / "page.html", {}, ValueError, "is a FIFO"),
    (_protected, {}, PermissionError, "is write-protected"),
    (_under_a_file, {}, NotADirectoryError, "is a file, not a folder"),
    (lambda folder: "", {}, ValueError, "the file path is empty"),
    (lambda folder: None, {}, TypeError, "a file path must be a str or a pathlib.Path"),
    (lambda folder: folder / "page.html", {"title": 5}, TypeError, "title must be a str or None"),
    (lambda folder: folder / "page.html", {"on_epoch": 5}, TypeError, "on_epoch must be a function"),
    (lambda folder: folder / "page.html", {"resolution": 10**6}, ValueError, "resolution must be at most 400"),
    (lambda folder: folder / "page.html", {"resolution": 2.5}, TypeError, "resolution must be a whole number"),
], ids=["folder", "fifo", "write-protected", "under a file", "empty", "None", "title", "on_epoch", "resolution",
        "resolution not an int"])
def test_the_path_and_every_argument_are_checked_before_the_first_step(tmp_path, path, arguments, error, words):
    """theater used to train 41 s, then find its path was a folder: weights changed, History lost (issue 21, item 5)."""
    X, y = make_moons(20, noise=0.1, seed=0)
    model = MLP(2, [3, 1], seed=0)
    before = model.state_dict()
    with pytest.raises(error, match=words):
        theater(model, X, y, path(tmp_path), epochs=2, progress=False, **arguments)
    assert model.state_dict() == before  # not one step taken


# -- the page's arithmetic is the engine's ---------------------------------------------------------------------

# What a page script would hold if it did calculus of its own; the engine inlined before them does it all.
CALCULUS = {
    "an elementary function of its own": r"Math\.(exp|expm1|log|log1p|log2|log10|tanh|sinh|cosh)\b",
    "a slope written from the output": r"\b1 - (\w+) ?\* ?\1\b|\b(\w+) ?\* ?\(1 - \2\)",
    "an activation, a loss or a slope of its own": r"function (sigmoid|softplus|softmax)\b|\bslope ?[:(]|\.slope\b",
    "gradients summed by hand (a chain-rule loop)": r"\.grad ?[-+*/]=|\bgrads?\[[^\]]*\] ?[-+*/]=|\+= ?d[A-Z]\w*\[",
    "a rule's derivatives read past the engine": r"\blocalGrads\b",
}


def _calculus(script: str) -> list[str]:
    """What of CALCULUS the code of ``script`` holds (comments left out: they may name what they use)."""
    code = re.sub(r"(?m)//.*$", "", script)
    return [what for what, pattern in CALCULUS.items() if re.search(pattern, code)]


def test_the_pages_own_scripts_hold_no_calculus_and_reach_the_engine_instead():
    """Every forward, local derivative and chain-rule step of the page comes from chainrule's engine."""
    assets = resources.files("nn.theater_page").joinpath("assets")
    scripts = {name: assets.joinpath(name).read_text(encoding="utf-8") for name in SCRIPTS}
    assert {name: found for name, script in scripts.items() if (found := _calculus(script))} == {}
    for name, uses in (("network.js", ("engine.apply", "backward()", "engine.localDerivatives")),
                       ("bridge.js", ("engine.apply", "engine.chainRule"))):
        assert all(use in scripts[name] for use in uses), name
    # the patterns do catch calculus: the hand-written versions the engine replaced
    assert _calculus("var s = 1 / (1 + Math.exp(-z)); slope: function (z, a) { return 1 - a * a; }") == [
        "an elementary function of its own", "a slope written from the output",
        "an activation, a loss or a slope of its own"]
    assert _calculus("grads[step.parent] += upstream * local; total += dZ[l][j] * w[i]") == [
        "gradients summed by hand (a chain-rule loop)"]


def test_the_page_inlines_the_engine_for_its_models_fan_ins_before_its_own_scripts(moons_page):
    path = moons_page[0]
    page = path.read_text(encoding="utf-8")
    # 2 -> 5 -> 4 -> 1 neurons: linear of 5, 11 and 9 inputs, and of every width the page's controls make (1 to 16)
    engine = to_javascript(arities={"linear": [5, 11, 9, *range(3, 34, 2)], "sum": [], "max_of": []})
    assert page.index(engine) < page.index("var Theater = window.Theater")
    assert _page_json(path, "theater-data")["formulas"] == {"tanh": "da/dz = 1 - a**2"}


@pytest.mark.parametrize("activation", SLOPES)
def test_the_slope_formula_the_page_shows_is_the_rules_and_true(activation):
    """slope_formula renames the rule's own text to the page's names; read as Python, it is da/dz."""
    text = slope_formula(activation)
    assert text.startswith("da/dz = ")
    for z in (-2.5, -0.3, 0.4, 3.0):
        a = {"tanh": math.tanh(z), "sigmoid": 1 / (1 + math.exp(-z)), "relu": max(z, 0.0)}[activation]
        assert math.isclose(eval(text[8:], {"__builtins__": {}}, {"a": a, "z": z}), SLOPES[activation](z),
                            rel_tol=1e-12, abs_tol=1e-15)


def test_the_python_check_computes_the_models_own_outputs_with_the_rules():
    X, _ = make_moons(5, seed=0)
    for model in (MLP(2, [3, 4, 2], activation="relu", output_activation="sigmoid", seed=1),
                  MLP(2, [3, 1], activation="sigmoid", seed=2), Layer(2, 3, activation="linear", seed=3),
                  Neuron(2, activation="tanh", seed=4)):
        network, parameters = describe(model), model.state_dict()
        for row in X:
            outputs = model(row)
            assert [a for _, a in forward(network, parameters, row)[-1]] == [
                value.data for value in (outputs if isinstance(outputs, list) else [outputs])]


# -- the page in a browser ---------------------------------------------------------------------------------

def _open(path, tmp_path):
    context = open_page(path, tmp_path / "chromium", size=(1280, 800))
    browser = context.__enter__()
    browser.send("Network.enable")
    browser.wait_for("document.body.classList.contains('ready')")
    return context, browser


def _no_errors_and_no_network(browser):
    errors = browser.exceptions()
    assert errors == [], errors
    requests = [event["params"]["request"]["url"] for event in browser.events
                if event.get("method") == "Network.requestWillBeSent"]
    assert all(url.startswith(("file:", "data:", "blob:", "about:")) for url in requests), requests


@pytest.mark.slow  # drives headless Chromium: in make test, not make quick
def test_scrubbing_to_an_epoch_shows_that_epochs_boundary_and_weights(moons_page, tmp_path):
    path, model, _, _, _, data = moons_page
    context, browser = _open(path, tmp_path)
    try:
        grid = np.array(browser.evaluate("theater.gridPoints()"))
        for k, how in ((0, "Home"), (1, "ArrowRight"), (4, "scrubber"), (3, "ArrowLeft"), (6, "End")):
            if how == "scrubber":
                browser.evaluate(f"(s => {{ s.value = {k}; s.dispatchEvent(new Event('input')); }})"
                                 "(document.getElementById('scrubber'))")
            else:
                browser.press(how)
            browser.wait_for(f"theater.shown.epoch === {k} && theater.shown.boundary.epoch === {k}")
            assert browser.evaluate("document.getElementById('epoch-label').textContent") == f"epoch {k} / 6"
            model.load_state_dict(data["epochs"][k]["parameters"])
            truth = predict(model, grid)
            shown = np.array(browser.evaluate("Array.from(theater.shown.boundary.outputs[0])"))
            assert np.all(np.abs(shown - truth) <= CLOSE * np.maximum(1.0, np.abs(truth)))
            colours = browser.evaluate(
                "(c => { const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data; "
                "return Array.from({length: c.width * c.height}, (_, i) => d[4 * i] - d[4 * i + 2]); })"
                "(document.getElementById('boundary'))")
            sure = np.abs(truth) > 2  # p beyond 0.88 either way: red above, blue below
            assert np.all(np.sign(np.array(colours)[sure]) == np.sign(truth[sure]))
            lines = browser.evaluate("[...document.querySelectorAll('#diagram .weight')].map(e => [e.dataset.name,"
                                     " Number(e.dataset.value), e.classList.contains('positive')])")
            assert len(lines) == 2 * 5 + 5 * 4 + 4
            for name, value, positive in lines:
                assert value == data["epochs"][k]["parameters"][name] and positive == (value >= 0)
        browser.click("#loss-curve .catcher")  # the middle of the curve: epoch 3 of 6
        browser.wait_for("theater.shown.epoch === 3 && document.getElementById('scrubber').value === '3'")
        browser.evaluate("(s => { s.value = '20'; s.dispatchEvent(new Event('change')); })"
                         "(document.getElementById('speed'))")
        browser.click("#play")  # plays on from epoch 3, and stops at the last one
        browser.wait_for("theater.shown.epoch === 6 && theater.state.timer === null", timeout=5)
        assert browser.evaluate("document.getElementById('play').textContent") == "\u25b6 Play"
        _no_errors_and_no_network(browser)
    finally:
        context.__exit__(None, None, None)


def _panel_number(x: float) -> str:
    """How the panels print a number: four decimals, never an exponent, "≈ 0" when it rounds to zero but is not."""
    return "\u2248 0" if x != 0 and float(f"{x:.4f}") == 0 else f"{x + 0.0:.4f}"


def _check_chain_rule(browser, model, data, X, y, k: int, point: int, loss_name: str):
    """What the chain-rule panel shows for ``point`` at epoch k, against backward() with epoch k's weights."""
    truth = _engine_pass(model, data["epochs"][k]["parameters"], X[point], y[point], loss_name)
    shown = browser.evaluate("Object.fromEntries([...document.querySelectorAll('#chain-body [data-key]')].map("
                             "e => [e.dataset.key, [Number(e.dataset.value), e.textContent]]))")
    assert _close(shown["loss"][0], truth["loss"])
    for layer, (zs, activations) in enumerate(zip(truth["z"], truth["a"])):
        for j, (z, a) in enumerate(zip(zs, activations)):
            at = f"{layer}:{j}"
            for key, value in ((f"z:{at}", z.data), (f"a:{at}", a.data), (f"dA:{at}", a.grad), (f"dZ:{at}", z.grad)):
                assert _close(shown[key][0], value), (key, shown[key], value)
                assert shown[key][1] == _panel_number(shown[key][0])  # fixed decimals in the panels (issue 20)
    layer, neuron = browser.evaluate("theater.state.neuron")
    activation = _layers(model)[layer][neuron].activation
    if activation != "linear":  # the chosen neuron's da/dz, the activation rule's, with the rule's own formula
        assert _close(shown["detail-slope"][0], SLOPES[activation](truth["z"][layer][neuron].data))
        assert data["formulas"][activation] in browser.evaluate("document.querySelector('.detail').textContent")
    grads = browser.evaluate("theater.shown.pass.grads")
    assert grads.keys() == truth["grads"].keys()
    assert all(_close(grads[name], grad) for name, grad in truth["grads"].items())
    for key, (value, _) in shown.items():
        if key.startswith("grad:"):  # the chosen neuron's weights, upstream * local
            assert _close(value, truth["grads"][key[5:]])
    return truth


@pytest.mark.slow  # drives headless Chromium: in make test, not make quick
def test_clicking_a_point_shows_the_chain_rule_that_backward_computes(moons_page, tmp_path):
    path, model, X, y, _, data = moons_page
    context, browser = _open(path, tmp_path)
    try:
        for k, point, neuron in ((2, 7, (0, 1)), (5, 31, (1, 3)), (0, 0, (2, 0))):
            browser.evaluate(f"theater.go({k})")
            browser.click(f"#point-{point}")
            browser.wait_for(f"theater.state.point === {point}")
            browser.click(f"#neuron-{neuron[0]}-{neuron[1]}")
            browser.wait_for(f"document.querySelector('.neuron-row.chosen[data-layer=\"{neuron[0]}\"]"
                             f"[data-neuron=\"{neuron[1]}\"]') !== null")
            assert browser.evaluate("document.querySelector('.point-head').textContent").startswith(f"point #{point}:")
            _check_chain_rule(browser, model, data, X, y, k, point, "bce_with_logits")
            p = 1 / (1 + math.exp(-_engine_pass(model, data["epochs"][k]["parameters"], X[point], y[point],
                                                "bce_with_logits")["z"][-1][0].data))
            output = browser.evaluate("document.querySelector('[data-key=\"output-grad\"]').dataset.value")
            assert _close(float(output), p - y[point])  # dL/dz = p - y at the output
        _no_errors_and_no_network(browser)
    finally:
        context.__exit__(None, None, None)


@pytest.mark.slow  # drives headless Chromium: in make test, not make quick
def test_hovering_a_weight_shows_its_value_gradient_and_step(moons_page, tmp_path):
    path, model, X, y, _, data = moons_page
    context, browser = _open(path, tmp_path)
    try:
        browser.evaluate("theater.go(3)")
        for name in ("layers.1.neurons.2.w.3", "layers.0.neurons.4.w.1", "layers.2.neurons.0.b"):
            spot = browser.evaluate(
                f"(h => {{ const n = h.getTotalLength ? h.getTotalLength() : 0; "
                "for (let t = 0.5; t < 1; t += 0.02) for (const s of [t, 1 - t]) { "
                "const p = h.getTotalLength ? h.getPointAtLength(s * n).matrixTransform(h.getScreenCTM()) : "
                "(r => ({x: r.x + r.width / 2, y: r.y + r.height / 2}))(h.getBoundingClientRect()); "
                "if (document.elementFromPoint(p.x, p.y) === h) return [p.x, p.y]; } return null; })"
                f"(document.querySelector('[data-name=\"{name}\"]:is(.hit, .bias)'))")
            assert spot is not None, name
            browser.send("Input.dispatchMouseEvent", type="mouseMoved", x=spot[0], y=spot[1])
            browser.wait_for(f"document.querySelector('.weight-name').textContent === '{name}'")
            shown = browser.evaluate("Object.fromEntries([...document.querySelectorAll('#weight-body [data-key]')].map("
                                     "e => [e.dataset.key, Number(e.dataset.value || e.textContent)]))")
            _, grads = _full_gradient(model, X, y, "bce_with_logits", data["epochs"][3]["parameters"])
            w, lr = data["epochs"][3]["parameters"][name], data["epochs"][3]["next_lr"]
            assert shown["w"] == w and _close(shown["grad"], grads[name]) and shown["lr"] == lr
            assert _close(shown["w_new"], w - lr * grads[name])
            assert shown["next-w"] == data["epochs"][4]["parameters"][name]
            point = browser.evaluate("theater.state.point")
            truth = _engine_pass(model, data["epochs"][3]["parameters"], X[point], y[point], "bce_with_logits")
            assert _close(shown["point-grad"], truth["grads"][name])  # the chosen point's own share
        browser.send("Input.dispatchMouseEvent", type="mouseMoved", x=5, y=5)
        browser.wait_for("document.querySelector('.weight-name').textContent === 'layers.2.neurons.0.w.0'")
        _no_errors_and_no_network(browser)
    finally:
        context.__exit__(None, None, None)


def _explore_data(html: str) -> dict:
    return json.loads(re.search(r'<script type="application/json" id="steps">(.*?)</script>', html, re.S).group(1))


def _check_explore(browser, model, data, X, y, k, point, layer, neuron, loss_name, tmp_path):
    """The page's step-through of one neuron equals explore() of that neuron's graph with the engine's numbers."""
    browser.evaluate(f"theater.go({k}); theater.choosePoint({point}); theater.chooseNeuron({layer}, {neuron})")
    browser.click("#explore-neuron")
    browser.wait_for("!document.getElementById('explore-overlay').hidden")
    browser.wait_for("(d => d && d.getElementById('counter') && "
                     "d.getElementById('counter').textContent.startsWith('step 0'))"
                     "(document.getElementById('explore-frame').contentDocument)")
    truth = _engine_pass(model, data["epochs"][k]["parameters"], X[point], y[point], loss_name)
    unit = _layers(model)[layer][neuron]
    inputs = truth["inputs"] if layer == 0 else [a.data for a in truth["a"][layer - 1]]
    root = neuron_graph(inputs, [w.data for w in unit.w], unit.b.data, unit.activation, truth["a"][layer][neuron].grad,
                        "x" if layer == 0 else "h")
    expected = _explore_data(explore(root, tmp_path / "neuron.html", max_nodes=1000).read_text(encoding="utf-8"))
    html = browser.evaluate("theater.shown.explore.html")
    shown = _explore_data(html)
    assert len(shown["steps"]) == len(expected["steps"])
    for ours, theirs in zip(shown["steps"], expected["steps"]):
        for key, value in theirs.items():
            if isinstance(value, float):
                assert _close(ours[key], value), key
            else:
                assert ours[key] == value, key
    for ours, theirs in zip(shown["nodes"], expected["nodes"]):
        assert ours.keys() == theirs.keys() and ours["name"] == theirs["name"] and _close(ours["grad"], theirs["grad"])
        assert (ours["grad_text"], ours["complete_at"], ours["constant"]) == (
            theirs["grad_text"], theirs["complete_at"], theirs["constant"])
    final = dict(re.findall(r'<tr><td>([^<]*)</td><td class="number">[^<]*</td><td class="number [a-z]+">([^<]*)</td>',
                            html))
    for i, w in enumerate(unit.w):  # the bridge's promise: the leaves' gradients are the full backward's
        assert final[f"w{i}"] == format_number(w.grad)
    browser.click("#explore-close")
    browser.wait_for("document.getElementById('explore-overlay').hidden")


@pytest.mark.slow  # drives headless Chromium: in make test, not make quick
def test_a_neurons_value_graph_opens_as_explore_would_draw_it(moons_page, tmp_path):
    path, model, X, y, _, data = moons_page
    context, browser = _open(path, tmp_path)
    try:
        for k, point, layer, neuron in ((4, 12, 1, 2), (1, 3, 0, 4), (6, 40, 2, 0)):
            _check_explore(browser, model, data, X, y, k, point, layer, neuron, "bce_with_logits", tmp_path)
        frame_errors = browser.evaluate("document.getElementById('explore-frame').contentDocument.title")
        assert frame_errors.startswith("The output neuron for point #40")
        _no_errors_and_no_network(browser)
    finally:
        context.__exit__(None, None, None)


@pytest.mark.slow  # drives headless Chromium: in make test, not make quick
def test_the_pages_arithmetic_agrees_with_python(moons_page, tmp_path):
    """The page's own numbers: its mean of the points' chain rules is the embedded gradient of every
    epoch, and it prints numbers as format_number does (ties to even, tiny and huge ones)."""
    path, *_ = moons_page
    context, browser = _open(path, tmp_path)
    try:
        data = browser.evaluate("theater.data")
        for k, record in enumerate(data["epochs"]):
            mean = browser.evaluate(f"theater.network.meanGradient(theater.weightsAt({k}), theater.data.data.X, "
                                    "theater.data.data.y)")
            assert all(_close(mean[name], grad) for name, grad in record["grad"].items())
        numbers = [0.0, -0.0, 0.03125, -0.03125, 0.00015625, 123455.0, 123465.0, 99999.99995, 0.00099999995,
                   1e-300, -2.5e307, 1.5, 0.1 + 0.2, -1.234567, 5e-324, 2.0 ** -11, 12345.67895, 0.0010000]
        numbers += np.random.default_rng(0).normal(0, 10.0, 200).tolist()
        numbers += (10.0 ** np.random.default_rng(1).uniform(-8, 8, 200)).tolist()
        shown = browser.evaluate(f"{json.dumps(numbers)}.map(Theater.formatNumber)")
        assert shown == [format_number(x) for x in numbers]
        _no_errors_and_no_network(browser)
    finally:
        context.__exit__(None, None, None)


# -- other models, losses and data -------------------------------------------------------------------------

def _four_features():
    """Two classes in four dimensions: whether x0 + x1 - x2 + 0.5 x3 is positive."""
    X = np.random.default_rng(4).normal(size=(50, 4))
    return X, (X @ [1.0, 1.0, -1.0, 0.5] > 0).astype(int)


CASES = {
    "logistic regression, bce": (lambda: LogisticRegression(2, seed=0), lambda: make_moons(40, seed=0), {}),
    "relu MLP, sigmoid output, bce": (lambda: MLP(2, [4, 1], activation="relu", output_activation="sigmoid", seed=0),
                                      lambda: make_moons(40, seed=0), {}),
    "sigmoid MLP, mse": (lambda: MLP(2, [3, 1], activation="sigmoid", seed=0), lambda: make_moons(40, seed=0),
                         {"loss": "mse"}),
    "linear MLP, hinge": (lambda: MLP(2, [3, 1], activation="linear", seed=0), lambda: make_moons(40, seed=0),
                          {"loss": "hinge"}),
    "relu MLP, 3 classes": (lambda: MLP(2, [4, 3], activation="relu", seed=0),
                            lambda: make_blobs(60, centers=3, seed=2), {}),
    "tanh MLP, 4 inputs": (lambda: MLP(4, [3, 1], seed=0), _four_features,
                           {"validation": tuple(part[:10] for part in _four_features())}),
    "a Layer of 3 class logits": (lambda: Layer(2, 3, activation="linear", seed=0),
                                  lambda: make_blobs(60, centers=3, seed=2), {"loss": "cross_entropy"}),
    "one tanh Neuron, hinge": (lambda: Neuron(2, activation="tanh", seed=0), lambda: make_moons(40, seed=0),
                               {"loss": "hinge"}),
    "20 tanh neurons into one": (lambda: MLP(2, [20, 1], seed=0), lambda: make_moons(40, seed=0), {}),  # linear(41)
}


def test_the_browser_cases_cover_every_loss_the_theater_knows():
    """So each loss's chain rule in the page is checked against Python's eager backward (below)."""
    covered = set()
    for make_model, make_data, arguments in CASES.values():
        model, (X, y) = make_model(), make_data()
        covered.add(loss_entry(model, arguments.get("loss"), X, y).name)
    assert covered == set(LOSSES)


@pytest.mark.slow
@pytest.mark.parametrize("case", CASES)
def test_every_model_and_loss_shows_the_engines_chain_rule(case, tmp_path):
    make_model, make_data, arguments = CASES[case]
    model, (X, y) = make_model(), make_data()
    history = theater(model, X, y, tmp_path / "page.html", epochs=3, progress=False,
                      optimizer=SGD(model.parameters(), lr=0.3), **arguments)
    data = _page_json(tmp_path / "page.html", "theater-data")
    loss_name = data["training"]["loss"]
    assert len(data["epochs"]) == 4 and history.epochs == 3
    assert (data["plane"] is None) == (X.shape[1] != 2)
    context, browser = _open(tmp_path / "page.html", tmp_path)
    try:
        other = next(i for i in range(len(y)) if y[i] != y[5])  # a point of another class (hinge: 0 reads as -1)
        last = len(_layers(model)) - 1
        for k, point, (layer, neuron) in ((1, 5, (last, 0)), (3, other, (0, 0))):
            browser.evaluate(f"theater.go({k}); theater.choosePoint({point}); theater.chooseNeuron({layer}, {neuron})")
            _check_chain_rule(browser, model, data, X, y, k, point, loss_name)  # the page's dL/dw = Python's
            mean = browser.evaluate(f"theater.network.meanGradient(theater.weightsAt({k}), theater.data.data.X, "
                                    "theater.data.data.y)")
            assert all(_close(mean[name], grad) for name, grad in data["epochs"][k]["grad"].items())
        if data["plane"] is not None:
            model.load_state_dict(data["epochs"][2]["parameters"])
            browser.evaluate("theater.go(2)")
            truth = predict(model, np.array(browser.evaluate("theater.gridPoints()")))
            shown = np.array(browser.evaluate("theater.shown.boundary.outputs.map(o => Array.from(o))")).T
            assert np.all(np.abs(shown.reshape(truth.shape) - truth) <= CLOSE * np.maximum(1.0, np.abs(truth)))
        layers = _layers(model)
        _check_explore(browser, model, data, X, y, 2, 9, len(layers) - 1, 0, loss_name, tmp_path)
        _check_explore(browser, model, data, X, y, 2, 9, 0, len(layers[0]) - 1, loss_name, tmp_path)
        if layers[0][0].activation == "relu":  # a neuron switched off: its steps stop at a, as backward's do
            point, neuron = next((i, j) for i in range(len(X)) for j in range(len(layers[0]))
                                 if _engine_pass(model, data["epochs"][2]["parameters"], X[i], y[i],
                                                 loss_name)["z"][0][j].data < 0)
            _check_explore(browser, model, data, X, y, 2, point, 0, neuron, loss_name, tmp_path)
        _no_errors_and_no_network(browser)
    finally:
        context.__exit__(None, None, None)


@pytest.mark.slow  # drives headless Chromium: in make test, not make quick
def test_the_page_draws_the_plane_at_the_most_resolution_theater_accepts(tmp_path):
    """resolution=10**6 was accepted and the page died with a RangeError (issue 21, item 5): the bound is one
    the page draws."""
    X, y = make_moons(40, noise=0.1, seed=0)
    model = MLP(2, [5, 1], seed=0)
    theater(model, X, y, tmp_path / "page.html", epochs=2, progress=False, resolution=MOST_RESOLUTION)
    context, browser = _open(tmp_path / "page.html", tmp_path)
    try:
        assert browser.evaluate("document.getElementById('boundary').width") == MOST_RESOLUTION
        _no_errors_and_no_network(browser)
    finally:
        context.__exit__(None, None, None)


def test_when_training_diverges_the_page_of_the_epochs_before_is_written_and_the_error_raised(tmp_path):
    X, y = make_blobs(40, centers=[[-1.0, 0.0], [1.0, 0.5]], seed=3)
    model = MLP(2, [8, 1], activation="relu", seed=0)  # relu and mse with lr 10: the weights grow without bound
    with pytest.raises(ArithmeticError, match=r"lower|smaller"):
        theater(model, X, y, tmp_path / "page.html", loss="mse", optimizer=SGD(model.parameters(), lr=10.0),
                epochs=30, progress=False)
    data = _page_json(tmp_path / "page.html", "theater-data")
    assert data["training"]["diverged_at"] >= 1 and len(data["epochs"]) >= 1
    assert "diverged in epoch" in data["subtitle"]
