"""nn.to_torch and nn.from_torch (issue 22, item 6): the torch twin of every model gives the same outputs and, after
backward of a loss over a batch, the same gradients (1e-12); torch_names says where each parameter went and the
round trip keeps every weight; unsupported models, layers and rules are refused saying what to do. torch is
optional: without it (simulated) both say how to install it, and `import nn` never imports it. The tests that need
torch are marked `torch` and skipped when it is not installed (`make test-torch`)."""
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from autograd.maths import PRIMITIVES
from autograd.maths.floats import FLOAT_MATH
from autograd.ops import RULES
from nn import MLP, Layer, LogisticRegression, Module, Neuron, from_torch, to_torch
from nn.outputs import as_list
from nn.torch_bridge import torch_names
from tests.support.imports import block_import
from tests.support.rules import PythonBranch, Softsign

ROOT = Path(__file__).resolve().parents[2]


SOFTSIGN = Softsign()
MODELS = {
    "neuron-tanh": lambda: Neuron(3, seed=1),
    "neuron-relu": lambda: Neuron(3, "relu", seed=2),
    "neuron-linear": lambda: Neuron(3, "linear", seed=3),
    "logistic-regression": lambda: LogisticRegression(3, seed=4),
    "layer-sigmoid": lambda: Layer(3, 4, "sigmoid", seed=5),
    "layer-one-output": lambda: Layer(3, 1, seed=6),
    "mlp-one-output": lambda: MLP(3, [4, 4, 1], seed=7),
    "mlp-relu-sigmoid": lambda: MLP(3, [5, 3], activation="relu", output_activation="sigmoid", seed=8),
    "mlp-linear-hidden": lambda: MLP(3, [4, 2], activation="linear", output_activation="tanh", seed=9),
    "mlp-user-rule": lambda: MLP(3, [4, 2], activation=SOFTSIGN, output_activation=SOFTSIGN, seed=10),
    "mlp-built-in-rules": lambda: MLP(3, [4, 1], activation=RULES["softplus"], output_activation=RULES["leaky_relu"],
                                      seed=11),
}
X = np.random.default_rng(0).normal(scale=1.5, size=(6, 3))  # a batch, with inputs on both sides of relu's kink


@pytest.fixture
def torch():
    return pytest.importorskip("torch", reason="the torch twin needs PyTorch: make test-torch")


def outputs(model: Module) -> np.ndarray:
    """chainrule's outputs for the batch X, one row per sample: the truth the torch module must give."""
    return np.array([[value.data for value in as_list(model(row))] for row in X])


# -- the same numbers --------------------------------------------------------------------------------------------
@pytest.mark.torch
@pytest.mark.parametrize("name", MODELS)
def test_the_torch_twin_gives_the_same_outputs(torch, name):
    model = MODELS[name]()
    twin = to_torch(model)
    got = twin(torch.tensor(X)).detach().numpy()
    assert got.dtype == np.float64 and all(p.dtype == torch.float64 for p in twin.parameters())
    np.testing.assert_allclose(got, outputs(model), rtol=1e-12, atol=1e-15)


@pytest.mark.torch
@pytest.mark.parametrize("name", MODELS)
def test_the_same_gradients_after_backward_of_a_loss_over_the_batch(torch, name):
    model, targets = MODELS[name](), np.linspace(-1, 1, 6)
    twin = to_torch(model)
    squares = [(value - target) ** 2 for row, target in zip(X, targets) for value in as_list(model(row))]
    (sum(squares) / len(X)).backward()
    ((twin(torch.tensor(X)) - torch.tensor(targets)[:, None]) ** 2).sum().div(len(X)).backward()
    grads = {key: tensor.grad.numpy() for key, tensor in twin.named_parameters()}
    for name_, parameter in model.named_parameters():
        key, where = torch_names(model)[name_]
        np.testing.assert_allclose(grads[key][where], parameter.grad, rtol=1e-12, atol=1e-14, err_msg=name_)


@pytest.mark.torch
@pytest.mark.parametrize("name", MODELS)
def test_torch_names_map_every_parameter_to_one_place_of_the_state_dict(torch, name):
    model = MODELS[name]()
    state = to_torch(model).state_dict()
    places = torch_names(model)
    assert list(places) == [name_ for name_, _ in model.named_parameters()]
    assert len(set(places.values())) == len(places) == sum(tensor.numel() for tensor in state.values())
    for name_, parameter in model.named_parameters():
        key, where = places[name_]
        assert state[key][where].item() == parameter.data


def test_torch_names_need_no_torch_and_read_as_pytorch_would():
    model = MLP(2, [3, 1], seed=0)
    places = torch_names(model)
    assert places["layers.0.neurons.2.w.1"] == ("0.weight", (2, 1))  # row: the neuron, column: its input
    assert places["layers.0.neurons.2.b"] == ("0.bias", (2,))
    assert places["layers.1.neurons.0.w.2"] == ("2.weight", (0, 2))  # index 1 is the Tanh between
    assert torch_names(Neuron(2, "linear"))["b"] == ("0.bias", (0,))
    assert torch_names(MLP(2, [3, 1], activation="linear"))["layers.1.neurons.0.b"] == ("1.bias", (0,))


@pytest.mark.torch
@pytest.mark.parametrize("name", MODELS)
def test_the_round_trip_keeps_every_weight_and_the_activations(torch, name):
    model = MODELS[name]()
    back = from_torch(to_torch(model))
    assert isinstance(back, MLP)
    assert [p.data for p in back.parameters()] == [p.data for p in model.parameters()]  # exactly: float64 both ways
    np.testing.assert_array_equal(outputs(back), outputs(model))
    if isinstance(model, MLP):
        assert back.state_dict() == model.state_dict()
        assert (back.activation, back.output_activation) == (model.activation, model.output_activation)


@pytest.mark.torch
def test_a_user_rule_comes_back_as_the_same_rule(torch):
    twin = to_torch(MODELS["mlp-user-rule"]())
    assert type(twin[1]).__name__ == "RuleActivation" and twin[1].rule is SOFTSIGN
    assert "softsign" in repr(twin)
    back = from_torch(twin)
    assert back.layers[0].neurons[0].activation_rule is SOFTSIGN and back.output_activation == "softsign"


@pytest.mark.torch
def test_a_module_built_in_torch_comes_over_with_its_weights(torch):
    """float32, torch's own initialisation, an Identity: the MLP computes what the module computes in float64."""
    torch.manual_seed(0)
    module = torch.nn.Sequential(torch.nn.Linear(3, 5), torch.nn.ReLU(), torch.nn.Identity(),
                                 torch.nn.Linear(5, 5), torch.nn.ReLU(), torch.nn.Linear(5, 2), torch.nn.Sigmoid())
    model = from_torch(module)
    assert [len(layer.neurons) for layer in model.layers] == [5, 5, 2]
    assert (model.activation, model.output_activation) == ("relu", "sigmoid")
    expected = module.double()(torch.tensor(X)).detach().numpy()
    np.testing.assert_allclose(outputs(model), expected, rtol=1e-12, atol=1e-15)
    single = from_torch(torch.nn.Linear(3, 1))
    assert single.output_activation is None and len(single.parameters()) == 4


@pytest.mark.torch
def test_to_torch_leaves_torch_s_random_numbers_alone(torch):
    state = torch.get_rng_state()
    to_torch(MLP(3, [8, 8, 1], seed=0))
    assert torch.equal(state, torch.get_rng_state())


# -- what is refused, and how ----------------------------------------------------------------------------------
@pytest.mark.torch
@pytest.mark.parametrize(("layers", "kind", "message"), [
    (lambda nn: [nn.Linear(2, 3), nn.Dropout(0.5), nn.Linear(3, 1)], ValueError,
     r"layer 1 of the Sequential is Dropout\(p=0\.5.*Tanh, ReLU, Sigmoid, Identity.*Remove it or replace it"),
    (lambda nn: [nn.Linear(2, 3), nn.GELU()], ValueError, r"layer 1 of the Sequential is GELU"),
    (lambda nn: [nn.Tanh(), nn.Linear(2, 1)], ValueError, r"layer 0 \(Tanh\(\)\) comes first, before any Linear"),
    (lambda nn: [nn.Linear(2, 3), nn.Tanh(), nn.ReLU()], ValueError, r"layer 2 \(ReLU\(\)\) comes after another"),
    (lambda nn: [nn.Linear(2, 3, bias=False)], ValueError, r"layer 0, Linear\(.*bias=False\), has no bias.*bias=True"),
    (lambda nn: [nn.Linear(2, 3), nn.Linear(4, 1)], ValueError, r"takes 4 inputs, but the Linear before it gives 3"),
    (lambda nn: [nn.Linear(2, 3), nn.Tanh(), nn.Linear(3, 3), nn.ReLU(), nn.Linear(3, 1)], ValueError,
     r"hidden layers have different activations \(tanh, relu\).*same activation"),
    (lambda nn: [nn.ReLU()], ValueError, r"holds no Linear layer"),
])
def test_from_torch_refuses_what_an_mlp_cannot_be_naming_the_layer(torch, layers, kind, message):
    with pytest.raises(kind, match=message):
        from_torch(torch.nn.Sequential(*layers(torch.nn)))


@pytest.mark.torch
def test_from_torch_refuses_a_module_that_is_not_a_sequential(torch):
    class Net(torch.nn.Module):
        def forward(self, x):
            return x

    with pytest.raises(TypeError, match=r"takes a torch.nn.Sequential of Linear layers.*got Net\. Rebuild it"):
        from_torch(Net())
    with pytest.raises(TypeError, match=r"got MLP"):
        from_torch(MLP(2, [1]))  # a chainrule model: nothing to bring back


@pytest.mark.torch
def test_to_torch_refuses_models_it_cannot_translate_faithfully(torch):
    class Shifted(MLP):
        def forward(self, x):
            return as_list(super().forward(x))[0] + 1.0

    class Mine(Module):
        pass

    with pytest.raises(TypeError, match=r"got Shifted, with its own forward.*Write the torch.nn.Module by hand"):
        to_torch(Shifted(2, [1]))
    with pytest.raises(TypeError, match=r"got Mine, a model of your own"):
        to_torch(Mine())
    with pytest.raises(TypeError, match=r"takes a chainrule model .*; got list"):
        to_torch([1.0, 2.0])
    assert isinstance(to_torch(type("Plain", (MLP,), {})(2, [1])), torch.nn.Sequential)  # a subclass keeping forward


@pytest.mark.torch
def test_a_rule_that_cannot_run_on_tensors_is_refused_with_the_fix(torch):
    model = MLP(2, [3, 1], activation=PythonBranch(), seed=0)
    assert model([1.0, -2.0]) is not None  # the eager engine runs it, one float at a time
    with pytest.raises(ValueError, match=r"rule 'python_branch' \(PythonBranch\) raises RuntimeError .* Write its "
                                         r"forward and local_grads with m \(m.where"):
        to_torch(model)


@pytest.mark.torch
@pytest.mark.parametrize("name", sorted(set(PRIMITIVES) - {"dot"}))
def test_the_tensor_namespace_computes_what_float_math_does(torch, name):
    from nn.torch_rules import tensor_math

    points = {1: [(0.3,), (-0.7,), (0.9,)], 2: [(0.3, 0.5), (1.5, -0.5), (2.0, 2.0)], 3: [(True, 0.3, 0.5)]}
    if name in ("arccosh",):
        points[1] = [(1.3,), (2.5,)]
    for point in points[PRIMITIVES[name]]:
        tensors = [torch.tensor([value], dtype=torch.bool if isinstance(value, bool) else torch.float64)
                   for value in point]
        got = getattr(tensor_math(), name)(*tensors)
        expected = float(getattr(FLOAT_MATH, name)(*point))
        assert float(got[0]) == pytest.approx(expected, rel=1e-14, abs=1e-300, nan_ok=True), point
    assert float(tensor_math().maximum(torch.tensor([-1.0], dtype=torch.float64), 0.0)[0]) == 0.0  # a plain number


# -- without torch --------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("function", [to_torch, from_torch])
def test_without_torch_both_say_how_to_install_it(monkeypatch, function):
    monkeypatch.setitem(sys.modules, "torch", None)  # `import torch` now fails as if it were not installed
    with pytest.raises(ModuleNotFoundError, match=rf"nn.{function.__name__} needs PyTorch, which is not installed"
                                                  r".*pip install torch.*make test-torch TORCH_INDEX=") as error:
        function(MLP(2, [1]))
    assert error.value.name == "torch"


def test_without_torch_a_failing_import_says_the_same(monkeypatch):
    block_import(monkeypatch, "torch")
    with pytest.raises(ModuleNotFoundError, match=r"pip install torch --index-url https://download.pytorch.org/"):
        to_torch(Neuron(2))


def test_torch_names_and_import_nn_need_no_torch():
    code = ("import sys; sys.modules['torch'] = None; import nn; from nn.torch_bridge import torch_names; "
            "names = torch_names(nn.MLP(2, [2, 1])); print(len(names), sys.modules['torch'])")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.split() == ["9", "None"], result.stderr
    plain = subprocess.run([sys.executable, "-c", "import sys, nn; print('torch' in sys.modules)"],
                           capture_output=True, text=True, cwd=ROOT, check=True)
    assert plain.stdout.strip() == "False"
