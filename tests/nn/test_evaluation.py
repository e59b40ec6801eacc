"""predict and accuracy (issue 10, section 4): the model's outputs as numpy arrays, replayed through
a trace when the model can be traced, and the share of right classes read the way its output says."""
import numpy as np
import pytest

from nn import MLP, LogisticRegression, Module, Neuron, accuracy, fit, make_blobs, make_moons, predict


def _eager(model, X) -> np.ndarray:
    return np.array([[v.data for v in (out if isinstance(out, list) else [out])] for out in map(model, X)])


class _Branchy(MLP):
    """Python control flow on a number: it cannot be traced, so predict runs it sample by sample."""

    def forward(self, x):
        out = super().forward(x)
        return out if out.data > 0 else out * 2


@pytest.mark.parametrize("build, shape", [
    (lambda: LogisticRegression(2, seed=0), (25,)),
    (lambda: Neuron(2, activation="linear", seed=0), (25,)),
    (lambda: MLP(2, [5, 1], seed=0), (25,)),
    (lambda: MLP(2, [5, 3], seed=0), (25, 3)),
    (lambda: _Branchy(2, [5, 1], seed=0), (25,)),
])
def test_predict_gives_the_models_own_outputs_as_an_array(build, shape):
    X, _ = make_moons(25, seed=0)
    model = build()
    outputs = predict(model, X)
    assert outputs.shape == shape
    assert outputs == pytest.approx(_eager(model, X).reshape(shape), rel=1e-12, abs=1e-15)


def test_predict_gives_probabilities_for_a_probability_model():
    X, _ = make_moons(25, seed=0)
    model = LogisticRegression(2, seed=3)
    logits = np.array([model.logit(row).data for row in X])
    assert predict(model, X) == pytest.approx(1 / (1 + np.exp(-logits)), rel=1e-12)


def test_predict_replays_a_trace_when_it_can(monkeypatch):
    calls = []
    model = MLP(2, [3, 1], seed=0)
    original = MLP.forward
    monkeypatch.setattr(MLP, "forward", lambda self, x: calls.append(1) or original(self, x))
    predict(model, np.zeros((50, 2)))
    assert len(calls) == 1  # one traced sample, replayed over all 50


@pytest.mark.parametrize("build, centers, read", [
    (lambda: LogisticRegression(2, seed=0), 2, lambda out: out >= 0.5),
    (lambda: MLP(2, [4, 1], output_activation="sigmoid", seed=1), 2, lambda out: out >= 0.5),
    (lambda: MLP(2, [4, 1], seed=2), 2, lambda out: out >= 0),
    (lambda: MLP(2, [4, 3], seed=3), 3, lambda out: out.argmax(axis=1)),
])
def test_accuracy_reads_the_outputs_the_way_the_model_says(build, centers, read):
    X, y = make_blobs(45, centers=centers, seed=4)
    model = build()
    fit(model, X, y, epochs=3, progress=False)
    outputs = _eager(model, X)
    expected = float(np.mean(read(outputs[:, 0] if centers == 2 else outputs) == y))
    share = accuracy(model, X, y)
    assert isinstance(share, float) and share == expected


def test_accuracy_reads_minus_one_plus_one_labels_too():
    X, y = make_blobs(40, centers=2, seed=4)
    model = MLP(2, [4, 1], seed=2)
    assert accuracy(model, X, 2 * y - 1) == accuracy(model, X, y)


def test_accuracy_after_fit_matches_the_issues_logistic_regression():
    X, y = make_blobs(200, centers=[[-1, 0], [1, 0.5]], seed=3)
    model = LogisticRegression(2, seed=0)
    history = fit(model, X, y, progress=False)
    assert accuracy(model, X, y) == pytest.approx(0.85) and history.accuracy[-1] == pytest.approx(0.85)


class _Unlabelled(Module):
    def __init__(self):
        self.net = MLP(2, [3, 1], seed=0)

    def forward(self, x):
        return self.net(x)


@pytest.mark.parametrize("build, words", [
    (lambda: MLP(2, [4, 1], output_activation="tanh", seed=0), ["a score", "not classes", "predict(model, X)"]),
    (lambda: MLP(2, [4, 2], output_activation="relu", seed=0), ["not class logits"]),
    (lambda: _Unlabelled(), ["output_kind is None", "predict(model, X)"]),
])
def test_accuracy_refuses_outputs_that_are_not_classes(build, words):
    X, y = make_moons(20, seed=0)
    with pytest.raises(ValueError) as info:
        accuracy(build(), X, y)
    assert all(word in str(info.value) for word in words), str(info.value)


@pytest.mark.parametrize("call, error, words", [
    (lambda m, X, y: accuracy(m, X, np.where(y == 1, "yes", "no")), TypeError, ["y as numbers", "'no'"]),
    (lambda m, X, y: accuracy(m, X, y * 2), ValueError, ["class labels 0/1 or -1/+1", "2"]),
    (lambda m, X, y: accuracy(m, X, y[:5]), ValueError, ["shape (20,)", "(5,)"]),
    (lambda m, X, y: predict(m, X[0]), ValueError, ["shape (n, features)"]),
    (lambda m, X, y: predict(m, [["a", "b"]]), TypeError, ["array of numbers"]),
    (lambda m, X, y: predict(m, np.full((2, 2), np.inf)), ValueError, ["NaN or inf"]),
])
def test_bad_data_for_predict_and_accuracy_is_a_clear_error(call, error, words):
    X, y = make_moons(20, seed=0)
    with pytest.raises(error) as info:
        call(MLP(2, [3, 1], seed=0), X, y)
    assert all(word in str(info.value) for word in words), str(info.value)
