"""Models and losses agree (issue 10, section 1): each model says what it outputs, fit picks the loss
that fits it, refuses one that does not (eager and traced alike, before any step), and reads accuracy
the way the model's output says."""
import numpy as np
import pytest

from autograd import Value
from nn import MLP, Layer, LogisticRegression, Module, Neuron, fit, make_blobs, make_moons, predict
from nn.outputs import CLASS_LOGITS, LOGIT, PROBABILITY, SCORE, SCORES


def _issue_blobs():
    return make_blobs(200, centers=[[-1, 0], [1, 0.5]], seed=3)


def _newton_accuracy(X: np.ndarray, y: np.ndarray) -> float:
    """The training accuracy of the BCE optimum of sigmoid(Xw + b), found by Newton's method in numpy."""
    A = np.hstack([X, np.ones((len(X), 1))])
    w = np.zeros(A.shape[1])
    for _ in range(30):
        p = 1 / (1 + np.exp(-A @ w))
        w -= np.linalg.solve((A * (p * (1 - p))[:, None]).T @ A, A.T @ (p - y))
    return float(np.mean((A @ w >= 0) == y))


def _outputs(model, X) -> np.ndarray:
    rows = [[v.data for v in (out if isinstance(out, list) else [out])] for out in map(model, X)]
    return np.array(rows)


@pytest.mark.parametrize("build, kind", [
    (lambda: LogisticRegression(2), PROBABILITY),
    (lambda: MLP(2, [4, 1], output_activation="sigmoid"), PROBABILITY),
    (lambda: MLP(2, [4, 1]), LOGIT),
    (lambda: MLP(2, [4, 3]), CLASS_LOGITS),
    (lambda: MLP(2, [4, 1], output_activation="tanh"), SCORE),
    (lambda: MLP(2, [4, 1], output_activation="relu"), SCORE),
    (lambda: MLP(2, [4, 3], output_activation="sigmoid"), SCORES),
    (lambda: Neuron(2, activation="linear"), LOGIT),
    (lambda: Layer(2, 3, activation="linear"), CLASS_LOGITS),
    (lambda: Module(), None),
])
def test_each_model_says_what_it_outputs(build, kind):
    model = build()
    assert model.output_kind == kind
    if kind is not None:
        with pytest.raises(AttributeError):
            model.output_kind = LOGIT  # read-only: it follows from the model's last layer


@pytest.mark.parametrize("use_trace", [False, True])
def test_the_issues_logistic_regression_learns_with_fits_default_loss(use_trace):
    """Before: the default bce_with_logits ran the sigmoid twice and the accuracy stayed at 50%."""
    X, y = _issue_blobs()
    model = LogisticRegression(2, seed=0)
    history = fit(model, X, y, progress=False, trace=use_trace)
    best = _newton_accuracy(X, y.astype(float))  # 0.85 on these blobs
    predicted = _outputs(model, X)[:, 0] >= 0.5
    assert best == pytest.approx(0.85)
    assert np.mean(predicted == y) == pytest.approx(best) and history.accuracy[-1] == pytest.approx(best)


def _bce(p, y):
    return -np.mean(y * np.log(p) + (1 - y) * np.log(1 - p))


def _bce_with_logits(z, y):
    return np.mean(np.logaddexp(0, z) - y * z)


def _cross_entropy(rows, y):
    return np.mean(np.log(np.exp(rows).sum(axis=1)) - rows[np.arange(len(y)), y])


@pytest.mark.parametrize("use_trace", [False, True])
@pytest.mark.parametrize("build, centers, numpy_loss", [
    (lambda: LogisticRegression(2, seed=0), 2, lambda out, y: _bce(out[:, 0], y)),
    (lambda: MLP(2, [4, 1], output_activation="sigmoid", seed=0), 2, lambda out, y: _bce(out[:, 0], y)),
    (lambda: MLP(2, [4, 1], seed=0), 2, lambda out, y: _bce_with_logits(out[:, 0], y)),
    (lambda: MLP(2, [4, 3], seed=0), 3, _cross_entropy),
])
def test_without_a_loss_fit_picks_the_one_that_fits_the_output(build, centers, numpy_loss, use_trace):
    X, y = make_blobs(30, centers=centers, seed=1)
    model = build()
    expected = numpy_loss(_outputs(model, X), y)  # full batch: the first loss is the loss before any step
    assert fit(model, X, y, epochs=1, progress=False, trace=use_trace).loss[0] == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("use_trace", [False, True])
@pytest.mark.parametrize("build, loss, words", [
    (lambda: LogisticRegression(2, seed=0), "bce_with_logits", ["sigmoid would run twice", "loss='bce'"]),
    (lambda: MLP(2, [4, 1], output_activation="sigmoid", seed=0), "bce_with_logits", ["twice", "loss='bce'"]),
    (lambda: MLP(2, [4, 1], seed=0), "bce", ["takes probabilities", "loss='bce_with_logits'"]),
    (lambda: MLP(2, [16, 2], seed=0), "bce_with_logits", ["one output per sample", "gives 2", "cross_entropy"]),
    (lambda: MLP(2, [16, 2], seed=0), "mse", ["one output per sample", "cross_entropy"]),
    (lambda: MLP(2, [16, 2], seed=0), "hinge", ["one output per sample", "cross_entropy"]),
    (lambda: MLP(2, [4, 1], seed=0), "cross_entropy", ["row of class logits", "loss='bce_with_logits'"]),
    (lambda: LogisticRegression(2, seed=0), "cross_entropy", ["row of class logits", "loss='bce'"]),
    (lambda: MLP(2, [4, 2], output_activation="sigmoid", seed=0), "cross_entropy", ["output_activation=None"]),
])
def test_a_loss_that_does_not_fit_the_model_is_refused_before_any_step(build, loss, words, use_trace):
    """Before: MLP(2, [16, 2]) with bce_with_logits trained only output 0 traced and raised a TypeError eagerly."""
    X, y = make_moons(20, seed=0)
    model = build()
    before = model.state_dict()
    with pytest.raises(ValueError) as info:
        fit(model, X, y, loss=loss, epochs=2, progress=False, trace=use_trace)
    assert all(word in str(info.value) for word in words), str(info.value)
    assert model.state_dict() == before


@pytest.mark.parametrize("build, words", [
    (lambda: MLP(2, [4, 1], output_activation="tanh", seed=0), ["cannot choose a loss", "score", "loss="]),
    (lambda: MLP(2, [4, 3], output_activation="relu", seed=0), ["cannot choose a loss", "loss="]),
])
def test_fit_asks_for_a_loss_when_the_output_is_no_probability_logit_or_class_logits(build, words):
    X, y = make_moons(20, seed=0)
    with pytest.raises(ValueError) as info:
        fit(build(), X, y, progress=False)
    assert all(word in str(info.value) for word in words), str(info.value)


@pytest.mark.parametrize("loss", ["mse", "hinge", "bce_with_logits"])
def test_single_real_output_losses_take_a_tanh_score(loss):
    X, y = make_moons(30, seed=0)
    history = fit(MLP(2, [4, 1], output_activation="tanh", seed=0), X, y, loss=loss, epochs=3, progress=False)
    assert history.loss[-1] < history.loss[0]


class _Wrapper(Module):
    """A user's own model: it does not say what it outputs."""

    def __init__(self, outputs: int = 1) -> None:
        self.net = MLP(2, [4, outputs], seed=0)

    def forward(self, x):
        return self.net(x)


def test_a_model_of_unknown_output_needs_a_loss_and_trains_with_one():
    X, y = make_moons(30, seed=0)
    with pytest.raises(ValueError, match=r"cannot choose a loss for _Wrapper.*output_kind is None"):
        fit(_Wrapper(), X, y, progress=False)
    assert fit(_Wrapper(), X, y, loss="bce_with_logits", epochs=2, progress=False).epochs == 2
    with pytest.raises(ValueError, match="gives 3"):  # its width is still checked
        fit(_Wrapper(3), X, y, loss="bce_with_logits", progress=False)


def test_a_custom_loss_function_is_not_checked():
    X, y = make_moons(20, seed=0)
    history = fit(LogisticRegression(2, seed=0), X, y, loss=lambda outputs, targets: Value(0.0) + outputs[0],
                  epochs=2, progress=False)
    assert history.accuracy == [None, None]


def test_a_declared_output_kind_must_be_one_of_the_kinds():
    class Declared(_Wrapper):
        output_kind = "logits"

    with pytest.raises(ValueError, match="output_kind must be one of"):
        fit(Declared(), *make_moons(20, seed=0), progress=False)


@pytest.mark.parametrize("use_trace", [False, True])
def test_hinge_on_a_probability_model_reads_its_accuracy_as_a_probability(use_trace):
    """Before: hinge read p by its sign, so every sample counted as class 1."""
    X, y = make_blobs(40, centers=[[-1, 0], [1, 0.5]], seed=3)
    model = LogisticRegression(2, seed=0)
    expected = float(np.mean((_outputs(model, X)[:, 0] >= 0.5) == y))
    assert fit(model, X, y, loss="hinge", epochs=1, progress=False, trace=use_trace).accuracy == [expected]
    assert expected != float(np.mean(y == 1))


# ---- when fit chose the loss (issue 21, item 20) -------------------------------------------------

@pytest.mark.parametrize("use_trace", [False, True])
@pytest.mark.parametrize("build, chosen, kind_words, fix", [
    (lambda: MLP(1, [8, 1], seed=0), "bce_with_logits", "outputs a logit", "loss='mse'"),
    (lambda: MLP(1, [8, 1], output_activation="sigmoid", seed=0), "bce", "outputs a probability", "loss='mse'"),
    (lambda: MLP(1, [8, 3], seed=0), "cross_entropy", "outputs class logits", "class indices"),
])
def test_when_fit_chose_the_loss_a_target_that_does_not_fit_names_the_choice_and_the_fix(
        build, chosen, kind_words, fix, use_trace):
    """Before: 'bce_with_logits target must be a finite number in [0, 1]; got -1.0.', blaming the user for a
    loss fit had picked."""
    X = np.linspace(-1.0, 1.0, 20)[:, None]
    model = build()
    before = model.state_dict()
    with pytest.raises(ValueError) as info:
        fit(model, X, 2 * X[:, 0] + 1, epochs=2, progress=False, trace=use_trace)
    message = str(info.value)
    assert f"fit chose loss={chosen!r}" in message and kind_words in message and fix in message, message
    assert "got -1.0" in message or "got -0.789" in message, message  # the loss's own words: the target named
    assert model.state_dict() == before


def test_the_regression_fit_suggests_works():
    X = np.linspace(-1.0, 1.0, 20)[:, None]
    model = MLP(1, [8, 1], seed=0)
    history = fit(model, X, 2 * X[:, 0] + 1, loss="mse", epochs=300, progress=False)
    fitted = predict(model, X)
    assert history.loss[-1] < 0.01 and np.abs(fitted - (2 * X[:, 0] + 1)).max() < 0.3
