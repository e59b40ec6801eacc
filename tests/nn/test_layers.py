"""Models and the Module base: parameter counts and names, outputs checked by hand,
seeded initialisation, state_dict round trips, and clear errors."""
import math

import numpy as np
import pytest

from autograd import Value
from nn.layers import MLP, Layer, LogisticRegression, Neuron


def test_mlp_parameter_count_and_order():
    model = MLP(2, [16, 16, 1], seed=0)
    names = [name for name, _ in model.named_parameters()]
    assert len(model.parameters()) == 337 == (2 * 16 + 16) + (16 * 16 + 16) + (16 + 1)
    assert names[:3] == ["layers.0.neurons.0.w.0", "layers.0.neurons.0.w.1", "layers.0.neurons.0.b"]
    assert names[-1] == "layers.2.neurons.0.b" and "layers.1.neurons.3.w.15" in names
    assert len(set(names)) == len(names)
    assert [p.label for p in model.parameters()] == names  # parameters carry their names into drawings


def test_neuron_computes_activation_of_weighted_sum():
    neuron = Neuron(3, activation="tanh", seed=1)
    w = [p.data for p in neuron.w]
    neuron.b.data = 0.25
    x = [0.5, -1.0, 2.0]
    expected = math.tanh(sum(wi * xi for wi, xi in zip(w, x)) + 0.25)
    assert neuron(x).data == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize("activation, function", [
    ("relu", lambda s: max(s, 0.0)), ("sigmoid", lambda s: 1 / (1 + math.exp(-s))), ("linear", lambda s: s),
])
def test_activations(activation, function):
    neuron = Neuron(2, activation=activation, seed=3)
    s = neuron.w[0].data * 0.3 + neuron.w[1].data * -0.7 + neuron.b.data
    assert neuron([0.3, -0.7]).data == pytest.approx(function(s), rel=1e-14)


def test_logistic_regression_is_a_sigmoid_of_its_logit():
    model = LogisticRegression(2, seed=0)
    x = [1.5, -0.5]
    assert model(x).data == pytest.approx(1 / (1 + math.exp(-model.logit(x).data)), rel=1e-15)
    assert len(model.parameters()) == 3


def test_layer_and_mlp_return_the_value_of_one_output_else_a_list():
    assert isinstance(Layer(2, 1, seed=0)([1.0, 2.0]), Value)  # as micrograd's: see test_micrograd_bridge.py
    assert isinstance(MLP(2, [3, 1], seed=0)([1.0, 2.0]), Value)
    out = MLP(2, [4, 3], seed=0)(np.array([0.1, 0.2]))
    assert isinstance(out, list) and len(out) == 3 and all(isinstance(v, Value) for v in out)


def test_mlp_backward_matches_numerical_gradient_of_the_model_itself():
    model = MLP(2, [4, 1], seed=5)
    x = [0.7, -0.3]
    model.zero_grad()
    model(x).backward()
    eps = 1e-6
    for parameter in model.parameters():
        original = parameter.data
        parameter.data = original + eps
        up = model(x).data
        parameter.data = original - eps
        down = model(x).data
        parameter.data = original
        assert parameter.grad == pytest.approx((up - down) / (2 * eps), rel=1e-5, abs=1e-8)


def test_seeded_initialisation_is_reproducible_and_seed_dependent():
    first = MLP(2, [5, 1], seed=7).state_dict()
    assert first == MLP(2, [5, 1], seed=7).state_dict()
    assert first != MLP(2, [5, 1], seed=8).state_dict()
    rng_a, rng_b = np.random.default_rng(3), np.random.default_rng(3)
    assert MLP(2, [5, 1], rng=rng_a).state_dict() == MLP(2, [5, 1], rng=rng_b).state_dict()


def test_initial_weights_follow_the_documented_bounds():
    for activation, scale in (("tanh", 3.0), ("relu", 6.0)):
        layer = Layer(50, 40, activation, seed=0)
        weights = np.array([p.data for p in layer.parameters() if p.label.split(".")[-2] == "w"])
        bound = math.sqrt(scale / 50)
        assert np.abs(weights).max() <= bound and np.abs(weights).max() > 0.95 * bound
        assert np.var(weights) == pytest.approx(bound ** 2 / 3, rel=0.1)  # variance of U(-a, a) is a^2/3
    assert all(n.b.data == 0.0 for n in Layer(5, 4, seed=0).neurons)


def test_zero_grad_train_eval():
    model = MLP(2, [3, 1], seed=0)
    model([1.0, 1.0]).backward()
    assert any(p.grad != 0 for p in model.parameters())
    model.zero_grad()
    assert all(p.grad == 0 for p in model.parameters())
    assert model.eval() is model and not model.training and not model.layers[1].neurons[0].training
    assert model.train() is model and model.layers[0].training


def test_state_dict_round_trip():
    source, target = MLP(2, [4, 2], seed=1), MLP(2, [4, 2], seed=2)
    target.load_state_dict(source.state_dict())
    assert target.state_dict() == source.state_dict()
    assert [v.data for v in target([0.3, 0.9])] == [v.data for v in source([0.3, 0.9])]


@pytest.mark.parametrize("change, error, words", [
    (lambda sd: sd.pop("layers.0.neurons.0.b"), ValueError, ["missing", "layers.0.neurons.0.b"]),
    (lambda sd: sd.update({"layers.9.w": 1.0}), ValueError, ["unexpected", "layers.9.w"]),
    (lambda sd: sd.update({"layers.1.neurons.0.b": float("nan")}), ValueError, ["finite", "unchanged"]),
    (lambda sd: sd.update({"layers.1.neurons.0.b": "0.5"}), TypeError, ["number", "str", "unchanged"]),
    # issue 10: an int beyond the float range made float() raise a raw OverflowError
    (lambda sd: sd.update({"layers.1.neurons.0.b": 10**400}), ValueError, ["fits a float", "10**400", "unchanged"]),
    (lambda sd: sd.update({"layers.1.neurons.0.b": -(10**5000)}), ValueError, ["10**5000", "unchanged"]),
])
def test_a_bad_state_dict_is_refused_and_changes_nothing(change, error, words):
    model = MLP(2, [4, 1], seed=1)
    before = model.state_dict()
    state = {name: value + 1.0 for name, value in before.items()}
    change(state)
    with pytest.raises(error) as info:
        model.load_state_dict(state)
    assert all(word in str(info.value) for word in words), str(info.value)
    assert model.state_dict() == before


def test_non_strict_loading_takes_the_matching_names():
    model = MLP(2, [2, 1], seed=0)
    model.load_state_dict({"layers.1.neurons.0.b": 0.5, "other": 1.0}, strict=False)
    assert model.layers[1].neurons[0].b.data == 0.5


def test_reprs_are_readable():
    assert repr(MLP(2, [16, 16, 1])) == ("MLP(2 -> 16 -> 16 -> 1, activation='tanh', output_activation=None; "
                                         "337 parameters)")
    assert repr(Layer(3, 2, "relu")) == "Layer(3 -> 2, activation='relu')"
    assert repr(LogisticRegression(4)) == "LogisticRegression(4)"


@pytest.mark.parametrize("build, error, words", [
    (lambda: MLP(2, [16, 1])([1.0]), ValueError, ["expects 2 inputs", "got 1"]),
    (lambda: MLP(2, [16, 1])(np.zeros((3, 2))), ValueError, ["one sample at a time", "(3, 2)"]),
    (lambda: Neuron(2)("ab"), TypeError, ["list or numpy row"]),
    (lambda: Neuron(2)([1.0, None]), TypeError, ["NoneType"]),
    (lambda: Neuron(0), ValueError, ["n_inputs", ">= 1"]),
    (lambda: Neuron(2.5), TypeError, ["n_inputs", "int"]),
    (lambda: Layer(2, 0), ValueError, ["n_outputs"]),
    (lambda: MLP(2, 16), TypeError, ["list of layer widths"]),
    (lambda: MLP(2, []), ValueError, ["at least one layer"]),
    (lambda: MLP(2, [4, 0]), ValueError, ["sizes[1]", ">= 1"]),
    (lambda: MLP(2, [4.0]), TypeError, ["sizes[0]", "int"]),
    (lambda: MLP(2, [4, 1], activation="gelu"), ValueError, ["activation must be one of", "'relu'", "'gelu'"]),
    (lambda: MLP(2, [4, 1], seed=1, rng=np.random.default_rng(1)), ValueError, ["only one", "seed=", "rng="]),
    (lambda: Neuron(2, rng=42), TypeError, ["numpy Generator"]),
])
def test_bad_arguments_are_clear_errors(build, error, words):
    with pytest.raises(error) as info:
        build()
    assert all(word in str(info.value) for word in words), str(info.value)


# ---- a subclass's own forward takes effect inside a Layer and an MLP, as in PyTorch ----------

class _LoudNeuron(Neuron):
    """Ten times the usual output."""

    def forward(self, x):
        return super().forward(x) * 10


class _ReversedLayer(Layer):
    """The usual outputs in reverse order."""

    def forward(self, x):
        return super().forward(x)[::-1]


def _replace(modules: list, index: int, replacement) -> None:
    """Put ``replacement``, given the old module's weights, in place of modules[index]."""
    replacement.load_state_dict(modules[index].state_dict())
    modules[index] = replacement


def _by_hand(model: MLP, x: list[float], hidden=lambda h: h) -> float:
    """MLP(2, [3, 1]) computed with numpy from its weights: tanh hidden layer, linear output."""
    (W1, b1), (W2, b2) = ((np.array([[w.data for w in n.w] for n in layer.neurons]),
                           np.array([n.b.data for n in layer.neurons])) for layer in model.layers)
    return float((W2 @ hidden(np.tanh(W1 @ np.array(x) + b1)) + b2)[0])


def test_a_neuron_subclass_forward_is_used_by_its_layer_and_mlp():
    model, x = MLP(2, [3, 1], seed=4), [0.4, -0.9]
    plain = model(x).data
    assert plain == pytest.approx(_by_hand(model, x), rel=1e-12)
    _replace(model.layers[0].neurons, 1, _LoudNeuron(2))
    assert model(x).data == pytest.approx(_by_hand(model, x, lambda h: h * [1, 10, 1]), rel=1e-12) != plain


def test_a_layer_subclass_forward_is_used_by_the_mlp():
    model, x = MLP(2, [3, 1], seed=4), [0.4, -0.9]
    plain = model(x).data
    _replace(model.layers, 0, _ReversedLayer(2, 3))
    assert model(x).data == pytest.approx(_by_hand(model, x, lambda h: h[::-1]), rel=1e-12) != plain


def test_the_gradient_flows_through_a_subclass_forward():
    model, x = MLP(2, [3, 1], seed=4), [0.4, -0.9]
    _replace(model.layers[0].neurons, 1, _LoudNeuron(2))
    model(x).backward()
    # out = ... + v1 * 10 tanh(s1) + ...:  d out / d b1 = 10 v1 (1 - tanh(s1)^2)
    neuron, v1 = model.layers[0].neurons[1], model.layers[1].neurons[0].w[1].data
    s1 = neuron.w[0].data * 0.4 + neuron.w[1].data * -0.9 + neuron.b.data
    assert neuron.b.grad == pytest.approx(10 * v1 * (1 - math.tanh(s1) ** 2), rel=1e-12)


def test_a_layer_checks_a_sample_once_and_hands_it_to_every_neuron():
    seen = []

    class Spy(Neuron):
        def forward(self, x):
            seen.append(x)
            return super().forward(x)

    layer = Layer(2, 2, seed=0)
    _replace(layer.neurons, 0, Spy(2))
    _replace(layer.neurons, 1, Spy(2))
    layer([1.0, 2.0])
    assert seen[0] is seen[1] and all(isinstance(v, Value) for v in seen[0])
    with pytest.raises(ValueError, match="expects 2 inputs"):  # what a user passes is still checked
        layer([1.0, 2.0, 3.0])
    with pytest.raises(TypeError, match="NoneType"):
        layer.neurons[0]([1.0, None])


def test_calling_the_layers_gives_exactly_the_numbers_of_the_inlined_forward():
    model, x = MLP(2, [16, 16, 1], seed=0), [0.3, -1.2]
    values = [Value(v) for v in x]
    for layer in model.layers:  # the forward MLP had before it called its layers
        values = [neuron.activate(neuron.weighted_sum(values)) for neuron in layer.neurons]
    assert model(x).data == values[0].data  # exactly, not approximately
