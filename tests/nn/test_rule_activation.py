"""A user's own activation Rule in nn's models and in the training page: the forward is the hand formula and the
gradients central differences; fit trains the same weights eagerly and compiled (and falls back, or says why, for
a rule the code writer refuses); save/load round-trips with load(activations=[rule]) and says what to pass without
it; bad activations are refused saying what was given; and in headless Chromium the page's forward and its
training equal Python's."""
import json
import math
import re

import numpy as np
import pytest

import nn
from autograd import Rule, Value, gradcheck
from autograd.codegen import CodegenError
from autograd.ops import RULES
from nn import MLP, SGD, Layer, Neuron, fit, load, make_moons, playground, save, theater
from nn.losses import LOSSES
from nn.steps import Loss, make_step
from tests.support.browser import open_page
from tests.support.rules import PythonBranch, Softsign


class Hypot(Rule):
    name = "my_hypot"
    arity = 2

    def forward(self, m, a, b):
        return m.hypot(a, b)

    def local_grads(self, m, a, b, out):
        return (a / out, b / out)


class OtherTanh(Rule):
    name = "tanh"

    def forward(self, m, a):
        return m.tanh(a)

    def local_grads(self, m, a, out):
        return (1.0 - out * out,)


class OtherSoftsign(Softsign):
    def forward(self, m, a):
        return 2.0 * a / (1.0 + m.abs(a))


softsign = Softsign()


def _softsign(z):
    return z / (1.0 + abs(z))


def _numpy_forward(model: MLP, parameters: dict[str, float], x) -> float:
    """The MLP's one output by hand: softsign hidden layers, a linear output, from the named weights."""
    a = np.asarray(x, dtype=float)
    for index, layer in enumerate(model.layers):
        W = np.array([[parameters[f"layers.{index}.neurons.{j}.w.{i}"] for i in range(len(a))]
                      for j in range(len(layer.neurons))])
        b = np.array([parameters[f"layers.{index}.neurons.{j}.b"] for j in range(len(layer.neurons))])
        z = W @ a + b
        a = z if index == len(model.layers) - 1 else z / (1.0 + np.abs(z))
    return float(a[0])


# -- (a) the forward and the gradients ----------------------------------------------------------------------------

def test_a_neuron_with_a_users_rule_computes_the_hand_formula_as_one_node_of_that_rule():
    neuron = Neuron(3, activation=softsign, seed=0)
    x = [0.5, -1.2, 2.0]
    z = sum(w.data * xi for w, xi in zip(neuron.w, x)) + neuron.b.data
    out = neuron(x)
    assert out.data == pytest.approx(_softsign(z), rel=1e-15)
    assert out.op == "softsign" and neuron.activation == "softsign" and neuron.activation_rule is softsign
    assert neuron.output_kind == "score" and neuron.config() == {"n_inputs": 3, "activation": "softsign"}
    bound = math.sqrt(3.0 / 3)  # initialised as for tanh
    assert all(-bound <= w.data <= bound for w in neuron.w)
    assert [w.data for w in neuron.w] == [w.data for w in Neuron(3, activation="tanh", seed=0).w]


def test_an_mlps_output_and_every_gradient_equal_the_hand_formula_and_its_central_differences():
    model = MLP(2, [3, 2, 1], activation=softsign, seed=4)
    parameters, x = model.state_dict(), [0.7, -0.4]
    out = model(x)
    assert out.data == pytest.approx(_numpy_forward(model, parameters, x), rel=1e-14)
    out.backward()
    eps = 1e-6
    for name, parameter in model.named_parameters():
        up, down = dict(parameters), dict(parameters)
        up[name] += eps
        down[name] -= eps
        numerical = (_numpy_forward(model, up, x) - _numpy_forward(model, down, x)) / (2 * eps)
        assert parameter.grad == pytest.approx(numerical, rel=1e-6, abs=1e-9), name
    inputs = [Value(0.7), Value(-0.4)]
    assert gradcheck(lambda a, b: model([a, b]), inputs)


def test_output_activation_may_be_the_users_rule_and_a_layer_takes_one_too():
    model = MLP(2, [3, 1], activation="relu", output_activation=softsign, seed=1)
    assert model.output_activation == "softsign" and model.output_kind == "score"
    assert model.layers[0].neurons[0].activation == "relu" and model.layers[-1].neurons[0].activation_rule is softsign
    hidden = [neuron(np.array([0.3, 0.9])).data for neuron in model.layers[0].neurons]
    z = sum(w.data * h for w, h in zip(model.layers[1].neurons[0].w, hidden)) + model.layers[1].neurons[0].b.data
    assert model([0.3, 0.9]).data == pytest.approx(_softsign(z), rel=1e-15)
    layer = Layer(2, 3, activation=softsign, seed=0)
    assert layer.output_kind == "scores" and layer.config()["activation"] == "softsign"
    assert "activation='softsign'" in repr(layer) and "activation='softsign'" in repr(model.layers[-1])


def test_a_built_in_rule_object_is_its_name_and_another_built_in_rule_is_an_activation_by_name():
    assert MLP(2, [2, 1], activation=RULES["tanh"]).activation == "tanh"
    assert Neuron(2, activation=type(RULES["sigmoid"])()).output_kind == "probability"  # a twin of the built-in
    model = MLP(2, [2, 1], activation=RULES["softplus"], seed=0)
    assert model.activation == "softplus" and model.layers[0].neurons[0].activation_rule is RULES["softplus"]
    z = model.layers[0].neurons[0].weighted_sum([Value(0.2), Value(0.1)]).data
    assert model.layers[0].neurons[0]([0.2, 0.1]).data == pytest.approx(math.log1p(math.exp(z)), rel=1e-15)


# -- (b) fit: eager and compiled -----------------------------------------------------------------------------------

@pytest.mark.parametrize("batch_size", [None, 8])
def test_fit_trains_the_same_weights_eagerly_and_compiled(batch_size):
    X, y = make_moons(40, noise=0.1, seed=0)
    weights = {}
    for trace in (None, True, False):
        model = MLP(2, [4, 3, 1], activation=softsign, seed=2)
        fit(model, X, y, optimizer=SGD(model.parameters(), lr=0.3), epochs=15, batch_size=batch_size, trace=trace,
            seed=1, progress=False)
        weights[trace] = np.array([p.data for p in model.parameters()])
    assert np.abs(weights[None] - weights[False]).max() <= 1e-12
    assert np.abs(weights[True] - weights[False]).max() <= 1e-12
    model = MLP(2, [4, 1], activation=softsign, seed=2)
    entry = LOSSES["bce_with_logits"]
    step = make_step(model, model.parameters(), X, y, Loss(entry, entry.function))
    assert step.compiled  # the default (trace=None) did compile the user's rule, not fall back


def test_a_rule_the_code_writer_refuses_trains_eagerly_by_default_and_trace_true_says_why():
    X, y = make_moons(20, noise=0.1, seed=0)
    eager, default = (MLP(2, [3, 1], activation=PythonBranch(), seed=0) for _ in range(2))
    fit(eager, X, y, epochs=5, trace=False, progress=False)
    fit(default, X, y, epochs=5, progress=False)  # trace=None: falls back to the eager step
    assert [p.data for p in default.parameters()] == [p.data for p in eager.parameters()]
    with pytest.raises(CodegenError) as info:
        fit(MLP(2, [3, 1], activation=PythonBranch(), seed=0), X, y, epochs=1, trace=True, progress=False)
    assert "python_branch" in str(info.value) and "m.where" in str(info.value)


# -- (c) save and load ---------------------------------------------------------------------------------------------

def test_save_writes_the_rules_name_and_load_with_activations_gives_the_same_model(tmp_path):
    model = MLP(2, [3, 1], activation=softsign, output_activation="sigmoid", seed=5)
    path = save(model, tmp_path / "model.json")
    assert json.loads(path.read_text())["config"]["activation"] == "softsign"
    again = load(path, activations=[softsign])
    assert again.state_dict() == model.state_dict() and again.layers[0].neurons[0].activation_rule is softsign
    assert again([0.2, -1.0]).data == model([0.2, -1.0]).data
    assert load(path, activations=(Softsign(),)).activation == "softsign"  # another instance of the same rule
    neuron = Neuron(2, activation=softsign, seed=0)
    assert load(save(neuron, tmp_path / "neuron.json"), activations=[softsign]).activation_rule is softsign
    softplus = MLP(2, [2, 1], activation=RULES["softplus"], seed=0)  # a built-in rule is found by its name
    assert load(save(softplus, tmp_path / "softplus.json")).state_dict() == softplus.state_dict()


def test_loading_a_users_activation_without_its_rule_names_it_and_the_fix(tmp_path):
    path = save(MLP(2, [3, 1], activation=softsign, seed=5), tmp_path / "model.json")
    with pytest.raises(ValueError) as info:
        load(path)
    message = str(info.value)
    assert "'softsign'" in message and "neither built in nor given" in message
    assert "load(..., activations=[your_rule])" in message and str(path) in message
    with pytest.raises(ValueError, match="'softsign' is neither built in nor given"):
        load(path, activations=[RULES["softplus"]])


@pytest.mark.parametrize("activations, error, words", [
    (softsign, TypeError, ["activations must be a list", "activations=[softsign]", "Softsign"]),
    ("softsign", TypeError, ["activations must be a list", "str"]),
    ([softsign, OtherSoftsign()], ValueError, ["two rules named 'softsign'"]),
    ([Hypot()], ValueError, ["activations[0]", "'my_hypot'", "2 inputs"]),
    ([3], TypeError, ["activations[0]", "Rule of one input", "int 3"]),
])
def test_load_refuses_bad_activations_saying_what_was_given(tmp_path, activations, error, words):
    path = save(MLP(2, [3, 1], activation=softsign, seed=5), tmp_path / "model.json")
    with pytest.raises(error) as info:
        load(path, activations=activations)
    assert all(word in str(info.value) for word in words), str(info.value)


# -- (d) bad activations -------------------------------------------------------------------------------------------

@pytest.mark.parametrize("build, error, words", [
    (lambda: MLP(2, [3, 1], activation=Hypot()), ValueError, ["activation", "'my_hypot'", "2 inputs", "arity = 1"]),
    (lambda: Neuron(2, activation=RULES["linear"]), ValueError, ["'linear'", "any number of inputs"]),
    (lambda: MLP(2, [3, 1], activation=3), TypeError, ["activation", "'tanh'", "Rule of one input", "int 3"]),
    (lambda: Neuron(2, activation=np.tanh), TypeError, ["Rule of one input", "ufunc"]),
    (lambda: MLP(2, [3, 1], activation="softsign"), ValueError, ["'softsign'", "pass the rule itself"]),
    (lambda: MLP(2, [3, 1], activation=OtherTanh()), ValueError, ["'tanh'", "built-in rule Tanh", "my_tanh"]),
    (lambda: MLP(2, [3, 1], output_activation=OtherTanh()), ValueError, ["output_activation", "built-in"]),
    (lambda: MLP(2, [3, 1], activation=softsign, output_activation=OtherSoftsign()), ValueError,
     ["two different rules named 'softsign'", "Use one rule for both"]),
    (lambda: Layer(2, 2, activation=type("Nameless", (Softsign,), {"name": ""})()), TypeError, ["Nameless", "name"]),
])
def test_bad_activations_are_refused_naming_what_was_given_and_what_would_do(build, error, words):
    with pytest.raises(error) as info:
        build()
    assert all(word in str(info.value) for word in words), str(info.value)


def test_the_same_rule_twice_in_one_mlp_is_fine():
    model = MLP(2, [3, 1], activation=softsign, output_activation=Softsign(), seed=0)
    assert model.output_activation == "softsign" and model.output_kind == "score"


# -- the page in Python ---------------------------------------------------------------------------------------------

def test_a_page_of_a_rule_the_code_writer_refuses_is_refused_before_training(tmp_path):
    X, y = make_moons(20, noise=0.1, seed=0)
    with pytest.raises(CodegenError) as info:
        theater(MLP(2, [3, 1], activation=PythonBranch(), seed=0), X, y, tmp_path / "page.html", epochs=1,
                progress=False)
    assert "training page" in str(info.value) and "python_branch" in str(info.value)
    assert not (tmp_path / "page.html").exists()


# -- (e) the page in a browser -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def page_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("rule_activation")
    X, y = make_moons(40, noise=0.1, seed=0)
    model = MLP(2, [4, 1], activation=softsign, seed=0)
    theater(model, X, y, folder / "page.html", epochs=3, shuffle=False, progress=False)
    with open_page(folder / "page.html", folder / "chromium", size=(1366, 768)) as page:
        page.wait_for("document.body.classList.contains('ready')")
        yield page, model, X, y, folder
        assert page.exceptions() == []


@pytest.mark.slow  # drives headless Chromium
def test_the_pages_forward_of_a_point_is_pythons(page_run):
    page, model, X, _, _ = page_run
    for row in X[:5]:
        ours = page.evaluate(f"theater.network.forward(theater.weightsAt(3), {json.dumps(row.tolist())}).a[1][0]")
        assert abs(ours - model(row).data) <= 1e-12


@pytest.mark.slow
def test_the_page_shows_the_rule_in_its_chain_rule_step_through_controls_and_python_code(page_run):
    page, *_ = page_run
    page.evaluate("theater.choosePoint(2); theater.chooseNeuron(0, 1); theater.openExplore()")
    assert "softsign: da/dz = 1/(1 + |z|)**2" in page.evaluate("document.getElementById('chain-body').textContent")
    explored = page.evaluate("theater.shown.explore")
    assert explored is not None and "softsign" in explored["html"]
    assert page.evaluate("Array.from(document.querySelectorAll('#set-activation option'), o => o.value)") == [
        "tanh", "relu", "sigmoid", "linear", "softsign"]
    code = page.evaluate("chainrule.pythonCode()")
    assert "activation=softsign" in code and "# softsign: your own Rule" in code and '"softsign"' not in code
    assert 'nn.load("model.json", activations=[softsign])' in code
    page.evaluate("document.getElementById('explore-close').click()")


@pytest.mark.slow
def test_the_pages_training_from_a_saved_start_equals_fits(page_run):
    page, _, X, y, folder = page_run
    start = MLP(2, [4, 1], activation=softsign, seed=7)
    save(start, folder / "start.json")
    page.evaluate(f"chainrule.set({{model: {(folder / 'start.json').read_text()}}})")
    page.evaluate("chainrule.step(20)")
    after = page.evaluate("chainrule.state()")
    model = load(folder / "start.json", activations=[softsign])
    fit(model, X, y, optimizer=SGD(model.parameters(), lr=0.1), epochs=20, shuffle=False, progress=False)
    assert after["steps"] == 20 and after["model"]["config"]["activation"] == "softsign"
    theirs = model.state_dict()
    assert after["model"]["parameters"].keys() == theirs.keys()
    assert all(abs(value - theirs[name]) <= 1e-9 for name, value in after["model"]["parameters"].items())
    page.evaluate("chainrule.set({activation: 'tanh'}); chainrule.set({activation: 'softsign'}); chainrule.step(3)")
    assert page.evaluate("chainrule.state().model.config.activation") == "softsign"


@pytest.mark.slow
def test_a_playground_of_a_users_rule_trains_and_its_state_loads_in_python(tmp_path):
    path = playground(tmp_path / "page.html", activation=softsign, layers=[3], seed=2)
    with open_page(path, tmp_path / "chromium", size=(1366, 768)) as page:
        page.wait_for("document.body.classList.contains('ready')")
        page.evaluate("chainrule.step(10)")
        state = page.evaluate("chainrule.state()")
        assert page.exceptions() == []
    (tmp_path / "model.json").write_text(json.dumps(state["model"]))
    model = load(tmp_path / "model.json", activations=[softsign])
    assert model.activation == "softsign" and model.state_dict() == state["model"]["parameters"]


def test_playground_takes_a_rule_and_offers_it_by_name(tmp_path):
    text = playground(tmp_path / "page.html", activation=softsign).read_text(encoding="utf-8")
    live = json.loads(re.search(r'id="theater-data">(.*?)</script>', text, re.S)[1])["live"]
    assert live["settings"]["activation"] == "softsign" and live["activations"][-1] == "softsign"
    assert live["formulas"]["softsign"] == "da/dz = 1/(1 + |z|)**2" and 'rules["softsign"]' in text
    with pytest.raises(ValueError, match="2 inputs"):
        playground(tmp_path / "bad.html", activation=Hypot())
    assert nn.layers.ACTIVATIONS == ("tanh", "relu", "sigmoid", "linear")
