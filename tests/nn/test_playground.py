"""The live page (nn.playground, and nn.theater's page training on): in headless Chromium, from the same start, the
page's weights after 100 steps equal nn.fit's to 1e-9 (full batches and mini-batches in order; SGD, momentum,
Adam, weight decay); its records are recording.py's; state()["model"] is the file nn.save writes, which nn.load
reads and which predicts what the page draws; its data sets and first weights are nn's kinds; bad settings are
refused with the checker's words, in Python and in the page; the same settings write the same bytes."""
import json
import math
import re

import numpy as np
import pytest

import nn
from nn import MLP, SGD, Adam, fit, make_moons, playground, theater
from nn.evaluation import predict
from tests.support.browser import open_page

CLOSE = 1e-9
RECORD_KEYS = ["epoch", "parameters", "grad", "loss_at_weights", "lr", "next_lr", "loss", "accuracy", "val_loss",
               "val_accuracy", "optimizer", "batch_steps"]
OPTIMIZER_KEYS = ["kind", "lr", "momentum", "betas", "eps", "weight_decay", "steps", "state"]


def _page_json(path) -> dict:
    text = path.read_text(encoding="utf-8")
    return json.loads(re.search(r'<script type="application/json" id="theater-data">(.*?)</script>', text, re.S)[1])


def _close_maps(ours: dict, theirs: dict, tolerance: float = CLOSE) -> bool:
    return ours.keys() == theirs.keys() and all(
        abs(ours[name] - value) <= tolerance * max(1.0, abs(value)) for name, value in theirs.items())


def _optimizer(kind: str, model, lr: float, momentum: float, weight_decay: float):
    if kind == "adam":
        return Adam(model.parameters(), lr=lr, weight_decay=weight_decay)
    return SGD(model.parameters(), lr=lr, momentum=momentum, weight_decay=weight_decay)


# -- Python: the settings, the bytes, the records --------------------------------------------------------------

def test_playground_writes_the_same_bytes_for_the_same_settings_and_embeds_them(tmp_path):
    first = playground(tmp_path / "a.html", dataset="xor", layers=[3, 5], batch_size=10, seed=4)
    second = playground(tmp_path / "b.html", dataset="xor", layers=(3, 5), batch_size=10, seed=4)
    assert first.read_bytes() == second.read_bytes()
    assert first.read_bytes() != playground(tmp_path / "c.html", dataset="xor", layers=[3, 5], seed=5).read_bytes()
    live = _page_json(first)["live"]
    assert live["settings"] == {"dataset": "xor", "points": 200, "noise": 0.1, "test_fraction": 0.0, "layers": [3, 5],
                                "activation": "tanh", "optimizer": "sgd", "lr": 0.1, "momentum": 0.0,
                                "weight_decay": 0.0, "batch_size": 10, "shuffle": True, "seed": 4,
                                "loss": "bce_with_logits", "betas": [0.9, 0.999], "eps": 1e-8}
    assert list(live["losses"]) == ["bce_with_logits", "mse", "hinge"]  # what fit accepts for a logit
    assert live["activations"] == list(nn.layers.ACTIVATIONS)
    assert _page_json(first)["epochs"] == []  # no Python run: the page starts itself


@pytest.mark.parametrize("arguments, error, words", [
    ({"dataset": "iris"}, ValueError, ["dataset", "'moons'", "'iris'"]),
    ({"dataset": 3}, TypeError, ["dataset", "int"]),
    ({"points": 3}, ValueError, ["points", ">= 4", "points=3"]),
    ({"points": 5000}, ValueError, ["points", "at most 1000", "5000"]),
    ({"points": 200.0}, TypeError, ["points", "whole number", "200.0"]),
    ({"noise": -0.1}, ValueError, ["noise", "[0, 2]", "-0.1"]),
    ({"test_fraction": 1.0}, ValueError, ["test_fraction", "[0, 0.9]"]),
    ({"layers": []}, ValueError, ["layers", "1 to 6 hidden layers", "[]"]),
    ({"layers": [4] * 7}, ValueError, ["1 to 6 hidden layers", "(7)"]),
    ({"layers": [4, 17]}, ValueError, ["layers[1]", "at most 16", "17"]),
    ({"layers": [4, 0]}, ValueError, ["layers[1]", ">= 1"]),
    ({"layers": 4}, TypeError, ["layers", "list", "layers=[4, 4]"]),
    ({"activation": "gelu"}, ValueError, ["activation", "'tanh'", "'gelu'"]),
    ({"optimizer": "rmsprop"}, ValueError, ["optimizer", "'sgd'", "'adam'", "'rmsprop'"]),
    ({"lr": 0}, ValueError, ["lr", "(0, 10]", "lr=0.1"]),
    ({"lr": "fast"}, TypeError, ["lr", "number", "'fast'"]),
    ({"momentum": 1.0}, ValueError, ["momentum", "[0, 1)"]),
    ({"optimizer": "adam", "momentum": 0.9}, ValueError, ["momentum", "SGD's", "Adam", "optimizer='sgd'"]),
    ({"weight_decay": -1e-3}, ValueError, ["weight_decay", "[0, 1]"]),
    ({"batch_size": 0}, ValueError, ["batch_size", ">= 1", "None"]),
    ({"shuffle": "yes"}, TypeError, ["shuffle", "True or False", "'yes'"]),
    ({"seed": -1}, ValueError, ["seed", ">= 0"]),
    ({"seed": 2 ** 32}, ValueError, ["seed", "at most 4294967295"]),
])
def test_playground_refuses_bad_settings_saying_what_was_given_and_the_fix(tmp_path, arguments, error, words):
    with pytest.raises(error) as info:
        playground(tmp_path / "page.html", **arguments)
    assert all(word in str(info.value) for word in words), str(info.value)
    assert not (tmp_path / "page.html").exists()


@pytest.mark.parametrize("kind, momentum, weight_decay", [("sgd", 0.0, 0.0), ("sgd", 0.9, 0.01), ("adam", 0.0, 0.01)])
def test_each_record_keeps_the_optimizers_state_for_the_next_step_and_its_step_count(tmp_path, kind, momentum,
                                                                                      weight_decay):
    X, y = make_moons(50, noise=0.1, seed=0)
    model, twin, states = MLP(2, [3, 1], seed=0), MLP(2, [3, 1], seed=0), [None]
    names = [name for name, _ in twin.named_parameters()]
    optimizer = _optimizer(kind, twin, 0.05, momentum, weight_decay)
    fit(twin, X, y, optimizer=optimizer, epochs=3, batch_size=20, seed=1, progress=False,  # the truth: fit's own
        on_epoch=lambda epoch, history: states.append(optimizer.state_dict()))
    theater(model, X, y, tmp_path / "page.html", optimizer=_optimizer(kind, model, 0.05, momentum, weight_decay),
            epochs=3, batch_size=20, seed=1, progress=False)
    records = _page_json(tmp_path / "page.html")["epochs"]
    for epoch, (record, state) in enumerate(zip(records, states)):
        assert list(record) == RECORD_KEYS and list(record["optimizer"]) == OPTIMIZER_KEYS
        saved = record["optimizer"]
        assert (saved["kind"], saved["lr"], saved["weight_decay"]) == (kind, 0.05, weight_decay)
        assert saved["steps"] == 3 * epoch and record["batch_steps"] == (3 if epoch else 0)  # 50 points, 20 a batch
        buffers = {"adam": ["mean", "square"], "sgd": ["velocity"] if momentum else []}[kind]
        assert list(saved["state"]) == buffers
        for buffer in buffers:
            truth = np.zeros(len(names)) if state is None else state[buffer]
            assert saved["state"][buffer] == dict(zip(names, truth.tolist()))


# -- the page in a browser ---------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    folder = tmp_path_factory.mktemp("playground")
    with open_page(playground(folder / "page.html", layers=[8, 8]), folder / "chromium", size=(1366, 768)) as page:
        page.send("Network.enable")
        page.wait_for("document.body.classList.contains('ready')")
        yield page
        _no_errors_and_no_network(page)


def _no_errors_and_no_network(page):
    errors = page.exceptions()
    assert errors == [], errors
    requests = [event["params"]["request"]["url"] for event in page.events
                if event.get("method") == "Network.requestWillBeSent"]
    assert all(url.startswith(("file:", "data:", "blob:", "about:")) for url in requests), requests


def _set(page, **settings):
    return page.evaluate(f"chainrule.set({json.dumps(settings)})")


AGREEMENT = {  # optimizer, lr, momentum, weight decay, batch size (None: the whole data set), loss
    "full-batch SGD": ("sgd", 0.3, 0.0, 0.0, None, "bce_with_logits"),
    "full-batch SGD, momentum, weight decay": ("sgd", 0.1, 0.9, 0.01, None, "bce_with_logits"),
    "mini-batch SGD in order": ("sgd", 0.1, 0.0, 0.0, 20, "bce_with_logits"),
    "mini-batch SGD, momentum": ("sgd", 0.05, 0.8, 0.0, 40, "hinge"),
    "mini-batch Adam, weight decay": ("adam", 0.01, 0.0, 0.003, 20, "bce_with_logits"),
    "full-batch Adam, mse": ("adam", 0.02, 0.0, 0.0, None, "mse"),
}


@pytest.mark.slow  # drives headless Chromium: in make test, not make quick
@pytest.mark.parametrize("case", AGREEMENT)
def test_from_the_same_start_the_pages_weights_after_100_steps_equal_fits(browser, tmp_path, case):
    kind, lr, momentum, weight_decay, batch_size, loss = AGREEMENT[case]
    _set(browser, dataset="moons", points=250, noise=0.2, layers=[8, 8], optimizer=kind, lr=lr, momentum=momentum,
         weight_decay=weight_decay, batch_size=batch_size, shuffle=False, loss=loss, test_fraction=0.2)
    start = MLP(2, [8, 8, 1], seed=3)  # Python's first weights, loaded into the page
    nn.save(start, tmp_path / "start.json")
    _set(browser, model=json.loads((tmp_path / "start.json").read_text()))
    state = browser.evaluate("chainrule.state()")
    assert state["steps"] == 0 and state["model"]["parameters"] == start.state_dict()
    browser.evaluate("chainrule.step(100)")
    after = browser.evaluate("chainrule.state()")
    X, y, test = np.array(state["data"]["X"]), np.array(state["data"]["y"]), state["data"]["test"]
    assert len(X) == 200 and len(test["X"]) == 50 and after["steps"] == 100
    model = nn.load(tmp_path / "start.json")
    epochs = 100 if batch_size is None else 100 * batch_size // len(X)  # 200 points: 10 or 5 batches an epoch
    history = fit(model, X, y, loss=loss, optimizer=_optimizer(kind, model, lr, momentum, weight_decay),
                  epochs=epochs, batch_size=batch_size, shuffle=False, progress=False,
                  validation=(np.array(test["X"]), np.array(test["y"])))
    assert _close_maps(after["model"]["parameters"], model.state_dict())
    for name in ("loss", "accuracy", "val_loss", "val_accuracy"):
        ours, theirs = after["history"][name], getattr(history, name)
        assert len(ours) == epochs
        assert all((a is None and b is None) or abs(a - b) <= CLOSE for a, b in zip(ours, theirs))


@pytest.mark.slow
def test_state_is_the_file_nn_save_writes_and_predicts_what_the_page_draws(browser, tmp_path):
    _set(browser, dataset="circles", layers=[5, 3], activation="relu", optimizer="adam", lr=0.03, batch_size=10,
         shuffle=True, seed=7, loss="bce_with_logits")
    browser.evaluate("chainrule.step(57)")  # mid-epoch: 20 batches an epoch
    browser.wait_for("theater.shown.epoch === theater.data.epochs.length - 1")
    (tmp_path / "model.json").write_text(browser.evaluate("chainrule.modelText()"), encoding="utf-8")
    model = nn.load(tmp_path / "model.json")
    assert browser.evaluate("chainrule.state()")["model"] == json.loads((tmp_path / "model.json").read_text())
    nn.save(model, tmp_path / "again.json")  # byte for byte what nn.save writes
    assert (tmp_path / "again.json").read_bytes() == (tmp_path / "model.json").read_bytes()
    downloaded = browser.evaluate(  # the button's Blob, caught before the browser would save it
        "(() => { const made = []; const make = URL.createObjectURL, click = HTMLAnchorElement.prototype.click; "
        "URL.createObjectURL = blob => { made.push(blob); return make(blob); }; "
        "HTMLAnchorElement.prototype.click = function () { made.push(this.download); }; "
        "try { document.getElementById('download-model').click(); } "
        "finally { URL.createObjectURL = make; HTMLAnchorElement.prototype.click = click; } "
        "return made[0].text().then(text => [text, made[1]]); })()")
    assert downloaded == [(tmp_path / "model.json").read_text(encoding="utf-8"), "model.json"]
    browser.evaluate("theater.go(theater.data.epochs.length - 1)")
    browser.evaluate("chainrule.step(3)")  # the epoch's end: the page draws the weights the file holds
    browser.wait_for("theater.shown.epoch === 3 && theater.shown.boundary.epoch === 3")
    model = nn.load(_saved(browser, tmp_path / "end.json"))
    truth = predict(model, np.array(browser.evaluate("theater.gridPoints()")))
    shown = np.array(browser.evaluate("Array.from(theater.shown.boundary.outputs[0])"))
    assert np.all(np.abs(shown - truth) <= CLOSE * np.maximum(1.0, np.abs(truth)))


def _saved(browser, path):
    path.write_text(browser.evaluate("chainrule.modelText()"), encoding="utf-8")
    return path


@pytest.mark.slow
def test_python_floats_are_written_as_python_writes_them(browser):
    numbers = [0.0, -0.0, 1.0, -2.5, 0.1, 1e-4, 9.999e-5, 1e-5, 1.5e-7, 1e16, 9999999999999998.0, 1e22, 5e-324,
               1.7976931348623157e308, 123456.789, -0.000123, 2.0 ** -30]
    numbers += np.random.default_rng(0).normal(0, 3, 100).tolist()
    numbers += (10.0 ** np.random.default_rng(1).uniform(-12, 20, 100)).tolist()
    assert browser.evaluate(f"{json.dumps(numbers)}.map(Theater.pythonFloat)") == [repr(x) for x in numbers]


@pytest.mark.slow
def test_a_theater_page_trains_on_from_its_last_epoch_as_fit_goes_on(tmp_path):
    X, y = make_moons(60, noise=0.1, seed=0)
    validation = make_moons(20, noise=0.1, seed=1)

    def run(epochs: int, path):
        model = MLP(2, [5, 4, 1], seed=0)
        theater(model, X, y, path, optimizer=Adam(model.parameters(), lr=0.05, weight_decay=0.001), epochs=epochs,
                batch_size=25, shuffle=False, progress=False, validation=validation)
        return _page_json(path)["epochs"]

    whole = run(6, tmp_path / "six.html")
    run(3, tmp_path / "three.html")
    with open_page(tmp_path / "three.html", tmp_path / "chromium") as page:
        page.wait_for("document.body.classList.contains('ready')")
        assert page.evaluate("chainrule.state().settings")["dataset"] == "run"
        page.evaluate("chainrule.epoch(3)")
        records = page.evaluate("JSON.parse(JSON.stringify(theater.data.epochs))")
        _no_errors_and_no_network(page)
    assert len(records) == 7
    for ours, theirs in zip(records[4:], whole[4:]):  # 3 epochs on in the page = epochs 4 to 6 of the longer run
        assert list(ours) == RECORD_KEYS and list(ours["optimizer"]) == OPTIMIZER_KEYS
        for key in ("parameters", "grad"):
            assert _close_maps(ours[key], theirs[key]), key
        for key in ("loss_at_weights", "loss", "accuracy", "val_loss", "val_accuracy", "lr", "next_lr"):
            assert abs(ours[key] - theirs[key]) <= CLOSE, key
        assert (ours["epoch"], ours["batch_steps"]) == (theirs["epoch"], theirs["batch_steps"]) == (theirs["epoch"], 3)
        for key, value in theirs["optimizer"].items():
            if key == "state":
                assert all(_close_maps(ours["optimizer"]["state"][name], vector) for name, vector in value.items())
            else:
                assert ours["optimizer"][key] == value, key


@pytest.mark.slow
def test_the_pages_data_sets_have_nn_datas_shapes_and_noise(browser):
    made = browser.evaluate("Object.fromEntries(Theater.DATASETS.map(name => [name, Theater.makeData("
                            "{dataset: name, points: 401, noise: 0, test_fraction: 0, seed: 3})]))")
    assert sorted(made) == sorted(nn.theater_page.live.DATASETS)
    for name, data in made.items():
        X, y = np.array(data["X"]), np.array(data["y"])
        assert X.shape == (401, 2) and np.sum(y == 0) == 201 and np.sum(y == 1) == 200, name  # class 0: the extra
        assert 0 < np.mean(y[:200]) < 1 and data["validation"] is None, name  # shuffled
    zero, one = (np.array(made["moons"]["X"])[np.array(made["moons"]["y"]) == k] for k in (0, 1))
    assert np.allclose(np.hypot(*zero.T), 1) and np.all(zero[:, 1] >= -1e-12)  # (cos t, sin t), t in [0, pi]
    assert np.allclose(np.hypot(1 - one[:, 0], 0.5 - one[:, 1]), 1) and np.all(one[:, 1] <= 0.5 + 1e-12)
    X, y = np.array(made["circles"]["X"]), np.array(made["circles"]["y"])
    assert np.allclose(np.hypot(*X.T), np.where(y == 0, 1.0, 0.5))  # make_circles' factor 0.5
    X, y = np.array(made["xor"]["X"]), np.array(made["xor"]["y"])
    assert np.all(y == ((X[:, 0] > 0) != (X[:, 1] > 0))) and np.all((np.abs(X) > 0) & (np.abs(X) <= 1))
    X, y = np.array(made["spirals"]["X"]), np.array(made["spirals"]["y"])
    radius = np.hypot(*X.T)
    turn = np.angle(np.exp(1j * (np.arctan2(X[:, 1], X[:, 0]) - 2 * np.pi * (y / 2 + radius))))
    assert np.all(radius < 1) and np.allclose(turn, 0, atol=1e-9)  # a = 2 pi (k / 2 + r)
    X, y = np.array(made["blobs"]["X"]), np.array(made["blobs"]["y"])
    assert all(len(np.unique(X[y == k], axis=0)) == 1 for k in (0, 1)) and np.all(np.abs(X) <= 5)
    noisy = browser.evaluate("Theater.makeData({dataset: 'blobs', points: 2000, noise: 0.3, test_fraction: 0.25, "
                             "seed: 3})")
    X, y = np.array(noisy["X"] + noisy["validation"]["X"]), np.array(noisy["y"] + noisy["validation"]["y"])
    centres = np.array([X[y == k].mean(axis=0) for k in (0, 1)])
    spread = (X - centres[y]).std(axis=0)
    assert np.allclose(spread, 0.3, rtol=0.08) and len(noisy["validation"]["X"]) == 500  # round(0.25 n) held out
    assert np.allclose(centres, np.array(made["blobs"]["X"])[[list(made["blobs"]["y"]).index(k) for k in (0, 1)]],
                       atol=0.05)  # the same seed, the same centres


@pytest.mark.slow
def test_the_pages_first_weights_are_drawn_as_nn_layers_draws_them_with_nn_names(browser):
    config = {"n_inputs": 2, "sizes": [400, 3, 1], "activation": "relu", "output_activation": None}
    network = browser.evaluate(f"Theater.describeModel({{class: 'MLP', config: {json.dumps(config)}}})")
    python = MLP(2, [400, 3, 1], activation="relu", seed=0)
    assert network["description"] == repr(python) and network["output_kind"] == python.output_kind
    names = browser.evaluate(f"Theater.parameterNames(Theater.describeModel({{class: 'MLP', config: "
                             f"{json.dumps(config)}}}))")
    assert names == list(python.state_dict())
    for activation in nn.layers.ACTIVATIONS:  # each output's kind, as nn.layers names it
        for width in (1, 3):
            file = {"n_inputs": 2, "sizes": [width], "activation": "tanh", "output_activation": activation}
            kind = browser.evaluate(f"Theater.describeModel({{class: 'MLP', config: {json.dumps(file)}}}).output_kind")
            assert kind == MLP(2, [width], output_activation=activation, seed=0).output_kind
    numbers = dict(zip(names, browser.evaluate(f"Array.from(Theater.initialWeights(Theater.describeModel("
                                               f"{{class: 'MLP', config: {json.dumps(config)}}}), 5))")))
    layers = {layer: [v for name, v in numbers.items() if name.startswith(f"layers.{layer}.") and ".w." in name]
              for layer in range(3)}
    bounds = {0: math.sqrt(6 / 2), 1: math.sqrt(6 / 400), 2: math.sqrt(3 / 3)}  # relu: 6 / n; the linear output: 3 / n
    assert all(value == 0.0 for name, value in numbers.items() if name.endswith(".b"))
    for layer, bound in bounds.items():
        assert all(abs(w) <= bound for w in layers[layer])
    middle = np.array(layers[1]) / bounds[1]  # 1200 draws, uniform in [-1, 1]: mean 0, standard deviation 1/sqrt(3)
    assert abs(middle.mean()) < 0.06 and abs(middle.std() - 1 / math.sqrt(3)) < 0.03 and middle.max() > 0.99


@pytest.mark.slow
@pytest.mark.parametrize("settings, words", [
    ({"lr": 0}, ["lr must be in (0, 10]", "lr=0.1", "got 0"]),
    ({"points": "200"}, ["points must be a whole number", "string \"200\""]),
    ({"layers": [4] * 7}, ["hidden layers", "[1, 6]", "got 7"]),
    ({"layers": [4, 20]}, ["layers[1]", "[1, 16]", "got 20"]),
    ({"activation": "gelu"}, ["activation must be one of", "\"tanh\"", "got \"gelu\""]),
    ({"loss": "cross_entropy"}, ["loss must be one of", "\"bce_with_logits\"", "\"cross_entropy\""]),
    ({"optimizer": "adam", "momentum": 0.9}, ["momentum is SGD's setting", "optimizer: \"sgd\""]),
    ({"shuffle": 1}, ["shuffle must be true or false", "got 1"]),
    ({"colour": "red"}, ["set() knows the settings", "dataset", "\"colour\""]),
    ({"model": {"format": "pickle"}}, ["nn.save", "chainrule-model"]),
    ({"model": {"format": "chainrule-model", "version": 1, "class": "MLP", "parameters": {},
                "config": {"n_inputs": 2, "sizes": [2, 1], "activation": "tanh", "output_activation": None}}},
     ["parameters do not match", "MLP(2 -> 2 -> 1", "0 given for 9"]),
    ({"model": {"format": "chainrule-model", "version": 1, "class": "MLP",
                "parameters": MLP(2, [2, 1], output_activation="sigmoid", seed=0).state_dict(),
                "config": {"n_inputs": 2, "sizes": [2, 1], "activation": "tanh", "output_activation": "sigmoid"}}},
     ["a logit output", "output_activation='sigmoid'", "nn.theater"]),
])
def test_the_page_refuses_bad_settings_and_changes_nothing(browser, settings, words):
    before = browser.evaluate("chainrule.state()")
    message = browser.evaluate(f"(() => {{ try {{ chainrule.set({json.dumps(settings)}); }} "
                               "catch (error) { return error.name + ': ' + error.message; } })()")
    assert message and all(word in message for word in words), message
    assert browser.evaluate("chainrule.state()") == before


def _choose(page, element_id: str, value: str) -> None:
    page.evaluate(f"(s => {{ s.value = {json.dumps(value)}; s.dispatchEvent(new Event('change')); }})"
                  f"(document.getElementById({json.dumps(element_id)}))")


@pytest.mark.slow
def test_the_controls_change_the_training_at_once(browser):
    _set(browser, dataset="moons", points=200, noise=0.1, test_fraction=0.0, layers=[4, 4], activation="tanh",
         optimizer="sgd", lr=0.1, momentum=0.0, weight_decay=0.0, batch_size=None, shuffle=True, seed=0,
         loss="bce_with_logits")
    first = browser.evaluate("chainrule.state()")["model"]["parameters"]
    browser.evaluate("chainrule.step(3)")
    _choose(browser, "set-lr", "0.3")  # the next step's: the newest record says so, no epoch is lost
    assert browser.evaluate("[chainrule.state().settings.lr, theater.data.epochs.length, theater.data.epochs[3]"
                            ".next_lr, theater.data.epochs[3].optimizer.lr]") == [0.3, 4, 0.3, 0.3]
    _choose(browser, "set-optimizer", "momentum")
    assert browser.evaluate("[chainrule.state().settings.momentum, document.getElementById('momentum-control').hidden,"
                            " Object.keys(theater.data.epochs[3].optimizer.state)]") == [0.9, False, ["velocity"]]
    before = browser.evaluate("chainrule.state().model.parameters")
    _choose(browser, "set-dataset", "xor")  # new data, the same weights, epoch 0 again
    state = browser.evaluate("chainrule.state()")
    assert state["model"]["parameters"] == before and state["history"]["loss"] == [] and state["steps"] == 0
    assert browser.evaluate("theater.data.data.X") == state["data"]["X"] != first
    browser.click("#layer-editor [data-change='add']")
    browser.click("#layer-editor [data-change='wider'][data-layer='0']")
    assert browser.evaluate("chainrule.state().model.config.sizes") == [5, 4, 4, 1]
    assert browser.evaluate("document.querySelectorAll('#diagram .weight').length") == 2 * 5 + 5 * 4 + 4 * 4 + 4
    _choose(browser, "set-batch_size", "10")
    browser.click("#step")
    assert browser.evaluate("[chainrule.state().steps, theater.data.epochs.length, "
                            "document.getElementById('set-shuffle').disabled]") == [1, 1, False]
    assert "1 batch done" in browser.evaluate("document.getElementById('readout').textContent")
    browser.click("#epoch")  # the rest of the epoch: 20 batches of 10
    assert browser.evaluate("[chainrule.state().steps, theater.data.epochs.length]") == [20, 2]
    browser.click("#reset")
    assert browser.evaluate("[chainrule.state().steps, theater.data.epochs.length]") == [0, 1]
    reset = browser.evaluate("chainrule.state().model.parameters")
    _set(browser, seed=1)
    _set(browser, seed=0)  # the same seed, the same first weights and data
    assert browser.evaluate("chainrule.state().model.parameters") == reset


@pytest.mark.slow
def test_play_trains_on_at_the_newest_epoch_and_the_views_follow(browser):
    _set(browser, dataset="spirals", layers=[8, 8], batch_size=10, optimizer="adam", lr=0.01, momentum=0.0)
    browser.click("#play")
    browser.wait_for("theater.data.epochs.length > 8")
    browser.click("#play")
    assert browser.evaluate("theater.state.timer") is None
    browser.wait_for("theater.shown.epoch === theater.data.epochs.length - 1")
    assert browser.evaluate("document.getElementById('play').textContent") == "\u25b6 Play"
    last = browser.evaluate("theater.data.epochs.length - 1")
    browser.evaluate("theater.go(2)")
    browser.click("#play")  # from an earlier epoch Play replays up to the newest, then stops
    browser.wait_for(f"theater.shown.epoch === {last} && theater.state.timer === null", timeout=30)
    assert browser.evaluate("theater.data.epochs.length - 1") == last


@pytest.mark.slow
def test_the_python_code_trains_the_same_settings_with_nn(browser, tmp_path, monkeypatch):
    settings = {"dataset": "spirals", "points": 120, "noise": 0.05, "test_fraction": 0.25, "layers": [6, 3],
                "activation": "relu", "optimizer": "sgd", "lr": 0.03, "momentum": 0.5, "weight_decay": 0.001,
                "batch_size": 10, "shuffle": True, "seed": 2}
    _set(browser, **settings, loss="hinge")
    browser.evaluate("chainrule.epoch(2)")
    code, state = browser.evaluate("chainrule.pythonCode()"), browser.evaluate("chainrule.state()")
    browser.click("#python-code")
    assert browser.evaluate("document.getElementById('code-text').textContent") == code
    browser.press("Escape")
    assert browser.evaluate("document.getElementById('code-overlay').hidden")
    monkeypatch.chdir(tmp_path)
    namespace: dict = {}
    exec(compile(code, "page.py", "exec"), namespace)  # the page's own code, run as a reader would
    model, optimizer, history = namespace["model"], namespace["optimizer"], namespace["history"]
    assert model.config() == state["model"]["config"] and history.epochs == 2
    assert (type(optimizer), optimizer.lr, optimizer.momentum, optimizer.weight_decay) == (SGD, 0.03, 0.5, 0.001)
    assert (len(namespace["X"]), len(namespace["X_test"])) == (90, 30)  # as the page splits 120 points
    assert _page_json(tmp_path / "playground.html")["live"]["settings"] == {
        **settings, "loss": "bce_with_logits", "betas": [0.9, 0.999], "eps": 1e-8}  # hinge: chosen in the page


@pytest.mark.slow
def test_a_neuron_of_a_shape_made_in_the_page_says_where_its_step_through_is(browser):
    _set(browser, dataset="moons", layers=[8, 8], activation="tanh", batch_size=None, loss="bce_with_logits")
    browser.evaluate("theater.choosePoint(4); theater.chooseNeuron(1, 2); theater.openExplore()")
    browser.wait_for("(d => d && d.getElementById('counter') !== null)(document.getElementById('explore-frame')"
                     ".contentDocument)")
    assert browser.evaluate("theater.shown.explore.layer") == 1  # the page was written for 8 x 8 tanh neurons
    browser.press("Escape")
    _set(browser, layers=[8, 5])
    browser.evaluate("theater.choosePoint(4); theater.chooseNeuron(2, 0); theater.openExplore()")
    assert browser.evaluate("theater.shown.explore") is None
    assert "5 inputs" in browser.evaluate("document.getElementById('explore-caption').textContent")
    browser.press("Escape")
    assert browser.evaluate("document.getElementById('explore-overlay').hidden")


@pytest.mark.slow
def test_when_training_diverges_the_page_goes_back_to_its_best_epoch_and_says_lower_the_learning_rate(browser):
    _set(browser, dataset="blobs", noise=1.0, layers=[8], activation="relu", optimizer="sgd", lr=0.01, momentum=0.0,
         weight_decay=0.0, batch_size=None, loss="mse")
    browser.evaluate("chainrule.step(20)")  # learning, then a learning rate far too large
    _set(browser, lr=5.0)
    message = browser.evaluate("(() => { try { chainrule.step(500); } catch (error) { return error.message; } })()")
    assert message and re.search(r"smaller learning rate|Lower the learning rate", message), message
    records = browser.evaluate("JSON.parse(JSON.stringify(theater.data.epochs))")
    state = browser.evaluate("chainrule.state()")
    losses = [record["loss"] for record in records[1:]]
    assert 20 <= state["steps"] < 520 and losses == state["history"]["loss"] and min(losses) == losses[-1]
    assert state["model"]["parameters"] == records[-1]["parameters"]  # the start of the epoch with the lowest loss
    shown = browser.evaluate("document.getElementById('message').textContent")
    assert shown.startswith(message) and f"back at epoch {len(records) - 1}" in shown
    _set(browser, lr=0.001)  # a smaller learning rate: training goes on from there
    browser.evaluate("chainrule.epoch(3)")
    assert browser.evaluate("chainrule.state().steps") == state["steps"] + 3
    assert all(math.isfinite(loss) for loss in browser.evaluate("chainrule.state().history.loss"))


def test_make_demo_writes_the_lessons_theater_and_a_playground_and_prints_their_paths(tmp_path, capsys):
    from demos import moons

    result = moons.main(["--fast", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    for name in ("moons_theater.html", "moons_playground.html"):
        assert tmp_path / name in result["files"] and f"wrote {tmp_path / name}" in printed
    assert _page_json(tmp_path / "moons_playground.html")["live"]["settings"]["points"] == 100  # the fast lesson's
