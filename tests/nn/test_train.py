"""fit(): it learns (against an independent optimum and a real dataset), records a
History, stops clearly on divergence, and stays silent off a terminal."""
import io

import numpy as np
import pytest

from nn import MLP, SGD, Adam, LogisticRegression, StepLR, bce, fit, make_blobs, make_moons
from nn.train import DivergedError


def _newton_logistic_optimum(X: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Minimise mean BCE of sigmoid(Xw + b) by Newton's method in numpy: the independent truth."""
    A = np.hstack([X, np.ones((len(X), 1))])
    w = np.zeros(A.shape[1])
    for _ in range(50):
        p = 1 / (1 + np.exp(-A @ w))
        gradient = A.T @ (p - y) / len(y)
        hessian = (A * (p * (1 - p))[:, None]).T @ A / len(y)
        w -= np.linalg.solve(hessian, gradient)
    p = 1 / (1 + np.exp(-A @ w))
    return w, float(-np.mean(y * np.log(p) + (1 - y) * np.log(1 - p)))


def _overlapping_blobs():
    return make_blobs(120, centers=[[-1.0, 0.0], [1.0, 0.5]], std=1.0, seed=3)  # overlap: a finite optimum


def test_logistic_regression_with_bce_and_plain_gradient_descent_reaches_newtons_optimum():
    X, y = _overlapping_blobs()
    weights, best_loss = _newton_logistic_optimum(X, y.astype(float))
    model = LogisticRegression(2, seed=0)
    history = fit(model, X, y, loss="bce", optimizer=SGD(model.parameters(), lr=1.0), epochs=300, progress=False)
    final = bce([model(row) for row in X], list(y)).data
    assert final - best_loss < 1e-3 and final >= best_loss - 1e-12  # nothing beats the optimum
    assert history.loss[-1] < history.loss[0]
    assert [p.data for p in model.parameters()] == pytest.approx(weights, abs=0.05)


def test_mlp_learns_the_two_moons():
    X, y = make_moons(200, noise=0.1, seed=0)
    model = MLP(2, [16, 16, 1], seed=0)
    history = fit(model, X, y, optimizer=Adam(model.parameters(), lr=0.02), epochs=15, batch_size=20, seed=0,
                  progress=False)
    predicted = np.array([model(row).data >= 0 for row in X])  # logits: class 1 where z >= 0
    assert (predicted == y).mean() >= 0.97
    assert history.loss[-1] < 0.5 * history.loss[0]


def test_softmax_classifier_with_cross_entropy():
    X, y = make_blobs(90, centers=[[-3, 0], [3, 0], [0, 4]], std=0.7, seed=1)
    model = MLP(2, [8, 3], seed=1)
    history = fit(model, X, y, loss="cross_entropy", optimizer=Adam(model.parameters(), lr=0.05), epochs=20,
                  progress=False)
    assert history.accuracy[-1] >= 0.95


@pytest.mark.parametrize("loss, targets", [
    ("mse", "zero_one"), ("hinge", "plus_minus"), ("bce_with_logits", "zero_one"),
])
def test_every_named_loss_trains(loss, targets):
    X, y = make_blobs(60, centers=[[-2, -2], [2, 2]], std=0.5, seed=2)
    y = 2 * y - 1 if targets == "plus_minus" else y
    model = MLP(2, [4, 1], seed=0)
    history = fit(model, X, y, loss=loss, optimizer=SGD(model.parameters(), lr=0.1), epochs=30, progress=False)
    assert history.loss[-1] < history.loss[0]
    assert history.accuracy[-1] == (None if loss == "mse" else 1.0)  # mse is a regression loss: no classes


def test_history_records_every_epoch():
    X, y = make_blobs(20, seed=0)
    model = LogisticRegression(2, seed=0)
    seen = []
    history = fit(model, X, y, loss="bce", epochs=4, progress=False, on_epoch=lambda epoch, h: seen.append(epoch))
    assert history.epochs == 4 and len(history.accuracy) == len(history.seconds) == 4
    assert seen == [1, 2, 3, 4] and history.total_seconds > 0
    assert "4 epochs" in repr(history)


def test_full_batch_loss_is_the_loss_before_each_step():
    X, y = make_blobs(30, seed=4)
    model = LogisticRegression(2, seed=0)
    before = bce([model(row) for row in X], list(y)).data
    history = fit(model, X, y, loss="bce", epochs=1, progress=False)
    assert history.loss[0] == pytest.approx(before, rel=1e-12)


def test_a_callable_loss_is_accepted_and_has_no_accuracy():
    X, y = make_blobs(20, seed=0)
    model = LogisticRegression(2, seed=0)
    history = fit(model, X, y, loss=lambda outputs, targets: bce(outputs, targets), epochs=2, progress=False)
    assert history.accuracy == [None, None] and history.loss[1] < history.loss[0]


def test_schedule_is_stepped_once_per_epoch():
    X, y = make_blobs(20, seed=0)
    model = LogisticRegression(2, seed=0)
    optimizer = SGD(model.parameters(), lr=0.4)
    fit(model, X, y, loss="bce", optimizer=optimizer, epochs=3, schedule=StepLR(optimizer, 1, 0.5), progress=False)
    assert optimizer.lr == pytest.approx(0.05)


def test_mini_batches_are_reproducible_with_a_seed():
    X, y = make_moons(40, seed=0)
    runs = []
    for _ in range(2):
        model = MLP(2, [4, 1], seed=0)
        runs.append(fit(model, X, y, epochs=3, batch_size=7, seed=11, progress=False).loss)
    assert runs[0] == runs[1]


def test_divergence_stops_with_the_epoch_and_advice():
    X, y = make_blobs(40, centers=[[-2, -2], [2, 2]], seed=0)
    model = MLP(2, [8, 1], activation="relu", seed=0)
    with pytest.raises(DivergedError) as info:
        fit(model, X * 1e3, y, loss="mse", optimizer=SGD(model.parameters(), lr=10.0), epochs=50, progress=False)
    message = str(info.value)
    assert f"epoch {info.value.epoch}" in message and "smaller learning rate" in message
    assert info.value.history.epochs == info.value.epoch - 1


def test_progress_bar_is_silent_off_a_terminal_and_shown_when_forced(monkeypatch):
    X, y = make_blobs(20, seed=0)
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    fit(LogisticRegression(2, seed=0), X, y, loss="bce", epochs=3)
    assert stream.getvalue() == ""  # StringIO is not a terminal: CI logs stay clean
    fit(LogisticRegression(2, seed=0), X, y, loss="bce", epochs=3, progress=True)
    assert "epoch 3/3" in stream.getvalue() and "loss" in stream.getvalue()


@pytest.mark.parametrize("kwargs, error, words", [
    ({"loss": "cross-entropy"}, ValueError, ["unknown loss", "cross_entropy"]),
    ({"loss": 5}, TypeError, ["loss", "name", "function", "int"]),
    ({"epochs": 0}, ValueError, ["epochs"]),
    ({"epochs": 2.5}, TypeError, ["epochs", "whole number", "2.5"]),
    ({"epochs": True}, TypeError, ["epochs", "bool"]),
    ({"batch_size": 0}, ValueError, ["batch_size"]),
    ({"batch_size": 4.0}, TypeError, ["batch_size", "whole number", "4.0"]),
    ({"seed": 1.5}, TypeError, ["seed", "1.5"]),
    ({"seed": -1}, ValueError, ["seed", "-1"]),
    ({"progress": "yes"}, TypeError, ["progress", "True or False"]),
    ({"trace": 1}, TypeError, ["trace", "True or False"]),
    ({"shuffle": "no"}, TypeError, ["shuffle", "True or False", "'no'"]),
    ({"X": np.zeros(5)}, ValueError, ["shape (n, features)"]),
    ({"y": np.zeros(3)}, ValueError, ["(20, 2)", "(3,)"]),
    ({"X": np.full((20, 2), np.nan)}, ValueError, ["NaN"]),
])
def test_bad_arguments_are_clear_errors(kwargs, error, words):
    X, y = make_blobs(20, seed=0)
    arguments = {"X": X, "y": y, **kwargs}
    with pytest.raises(error) as info:
        fit(LogisticRegression(2, seed=0), arguments.pop("X"), arguments.pop("y"), **{"progress": False, **arguments})
    assert all(word in str(info.value) for word in words), str(info.value)


@pytest.mark.parametrize("loss, make_data", [
    ("bce_with_logits", lambda: make_moons(60, seed=3)),
    ("hinge", lambda: make_moons(60, seed=4)),
    ("mse", lambda: make_blobs(60, centers=[[-1, 0], [1, 1]], seed=5)),
    ("cross_entropy", lambda: make_blobs(60, centers=[[-2, 0], [2, 0], [0, 3]], seed=6)),
])
def test_fit_with_and_without_trace_gives_the_same_history(loss, make_data):
    X, y = make_data()
    histories, weights = [], []
    for use_trace in (False, True):
        model = MLP(2, [6, 3 if loss == "cross_entropy" else 1], seed=0)
        optimizer = Adam(model.parameters(), lr=0.05)
        histories.append(fit(model, X, y, loss=loss, optimizer=optimizer, epochs=6, batch_size=16, seed=1,
                             progress=False, trace=use_trace))
        weights.append([p.data for p in model.parameters()])
    eager, traced = histories
    assert traced.loss == pytest.approx(eager.loss, rel=1e-9, abs=1e-12)
    assert traced.accuracy == eager.accuracy
    assert weights[1] == pytest.approx(weights[0], rel=1e-9, abs=1e-12)


class _Branchy(MLP):
    """A model whose graph depends on the data: it cannot be traced."""

    def forward(self, x):
        out = super().forward(x)
        return out if out.data > 0 else out * 2


def test_an_untraceable_model_falls_back_to_eager_or_is_refused_when_trace_is_forced():
    from autograd import TracingError

    X, y = make_moons(20, seed=0)
    history = fit(_Branchy(2, [4, 1], seed=0), X, y, epochs=2, progress=False)
    assert history.epochs == 2
    with pytest.raises(TracingError, match="control flow"):
        fit(_Branchy(2, [4, 1], seed=0), X, y, epochs=2, progress=False, trace=True)


def test_trace_needs_a_named_loss():
    X, y = make_blobs(20, seed=0)
    with pytest.raises(ValueError, match="named loss"):
        fit(LogisticRegression(2, seed=0), X, y, loss=lambda o, t: bce(o, t), progress=False, trace=True)


def test_traced_fit_checks_targets_like_eager():
    X, y = make_blobs(20, seed=0)
    with pytest.raises(ValueError, match=r"bce target must be a finite number in \[0, 1\]"):
        fit(LogisticRegression(2, seed=0), X, y * 3, loss="bce", progress=False, trace=True)


def _initial_outputs(model, X) -> np.ndarray:
    rows = [[value.data for value in (output if isinstance(output, list) else [output])] for output in map(model, X)]
    return np.array(rows)


@pytest.mark.parametrize("use_trace", [False, True])
@pytest.mark.parametrize("loss, build, data, read", [
    ("bce", lambda: LogisticRegression(2, seed=0), lambda: make_blobs(40, seed=7), lambda out: out[:, 0] >= 0.5),
    ("bce_with_logits", lambda: MLP(2, [4, 1], seed=1), lambda: make_moons(40, seed=7), lambda out: out[:, 0] >= 0),
    ("hinge", lambda: MLP(2, [4, 1], seed=2), lambda: make_moons(40, seed=8), lambda out: out[:, 0] >= 0),
    ("cross_entropy", lambda: MLP(2, [4, 3], seed=3), lambda: make_blobs(45, centers=3, seed=9),
     lambda out: out.argmax(axis=1)),
])
def test_accuracy_reads_outputs_the_way_the_loss_does(loss, build, data, read, use_trace):
    X, y = data()
    model = build()
    expected = float(np.mean(read(_initial_outputs(model, X)) == y))  # one full batch: outputs before the step
    history = fit(model, X, y, loss=loss, epochs=1, progress=False, trace=use_trace)
    assert history.accuracy == [expected]


def test_hinge_reads_minus_one_plus_one_labels_as_classes():
    X, y = make_moons(40, seed=8)
    model = MLP(2, [4, 1], seed=2)
    expected = float(np.mean((_initial_outputs(model, X)[:, 0] >= 0) == (y == 1)))
    assert fit(model, X, 2 * y - 1, loss="hinge", epochs=1, progress=False).accuracy == [expected]


@pytest.mark.parametrize("use_trace", [False, True])
def test_mse_is_a_regression_loss_with_no_accuracy(use_trace):
    X, y = make_blobs(30, centers=[[-1, 0], [1, 1]], seed=5)
    history = fit(MLP(2, [4, 1], seed=0), X, y, loss="mse", epochs=3, progress=False, trace=use_trace)
    assert history.accuracy == [None, None, None]  # not the share of |error| < 0.5 it once reported
    assert "accuracy" not in repr(history) and "3 epochs" in repr(history)


def test_the_progress_bar_leaves_out_accuracy_for_mse(monkeypatch):
    X, y = make_blobs(20, seed=0)
    stream = io.StringIO()
    monkeypatch.setattr("sys.stderr", stream)
    fit(MLP(2, [3, 1], seed=0), X, y, loss="mse", epochs=2, progress=True)
    assert "epoch 2/2" in stream.getvalue() and "acc" not in stream.getvalue()


# ---- issue 10: the optimizer must hold the model's parameters; labels must be numbers ----------

def test_an_optimizer_built_for_another_model_is_refused():
    """Before: re-running the cell that made the model left the optimizer on the old one: nothing trained."""
    X, y = make_moons(20, seed=0)
    model = MLP(2, [3, 1], seed=0)
    optimizer = SGD(model.parameters(), lr=0.1)
    model = MLP(2, [3, 1], seed=0)  # the cell that made the model, run again
    before = model.state_dict()
    with pytest.raises(ValueError) as info:
        fit(model, X, y, optimizer=optimizer, progress=False)
    message = str(info.value)
    assert all(word in message for word in ["none of this model's parameters", "another model",
                                            "SGD(model.parameters()"]), message
    assert model.state_dict() == before


def test_an_optimizer_holding_only_some_parameters_is_refused_with_the_count():
    X, y = make_moons(20, seed=0)
    model = MLP(2, [3, 1], seed=0)  # 13 parameters
    with pytest.raises(ValueError) as info:
        fit(model, X, y, optimizer=Adam(model.parameters()[:4]), progress=False)
    assert all(word in str(info.value) for word in ["holds 4 of this model's 13", "9 (e.g. layers.0.neurons.1.w.1)",
                                                    "Adam(model.parameters()"]), str(info.value)


def test_an_optimizer_may_hold_more_than_the_model():
    X, y = make_moons(20, seed=0)
    model, extra = MLP(2, [3, 1], seed=0), MLP(2, [1], seed=1)
    assert fit(model, X, y, optimizer=SGD(model.parameters() + extra.parameters(), lr=0.1), epochs=2,
               progress=False).epochs == 2


def test_an_optimizer_that_is_not_one_is_a_type_error():
    X, y = make_moons(20, seed=0)
    with pytest.raises(TypeError, match="optimizer must be an nn optimizer"):
        fit(MLP(2, [3, 1], seed=0), X, y, optimizer=SGD, progress=False)


@pytest.mark.parametrize("labels, words", [
    (lambda y: np.where(y == 1, "b", "a"), ["y as numbers", "text labels such as 'b', 'a'", "numpy.unique"]),
    (lambda y: [str(label) for label in y], ["y as numbers", "text labels such as '1', '0'"]),
    (lambda y: np.array([None] * len(y)), ["y as numbers", "object labels such as None"]),
])
def test_text_labels_are_refused_with_how_to_number_them(labels, words):
    """Before: fit with y = ["a", "b", ...] ended in "could not convert string to float"."""
    X, y = make_moons(20, seed=0)
    with pytest.raises(TypeError) as info:
        fit(MLP(2, [3, 1], seed=0), X, labels(y), progress=False)
    assert all(word in str(info.value) for word in words), str(info.value)


def test_class_labels_with_a_fraction_are_refused_not_rounded_down():
    X, y = make_blobs(30, centers=3, seed=0)
    for use_trace in (False, True):
        with pytest.raises(ValueError, match=r"cross_entropy targets are class indices 0..k-1; got 0.5"):
            fit(MLP(2, [3, 3], seed=0), X, y + 0.5, progress=False, trace=use_trace)


def test_labels_holding_nan_are_refused():
    X, y = make_moons(20, seed=0)
    with pytest.raises(ValueError, match=r"y holds NaN or inf at \[3\]"):
        fit(MLP(2, [3, 1], seed=0), X, np.where(np.arange(20) == 3, np.nan, y), progress=False)


# ---- validation data (issue 10, section 4) ------------------------------------------------------

@pytest.mark.parametrize("use_trace", [False, True])
def test_validation_loss_and_accuracy_are_those_of_the_weights_after_each_epoch(use_trace):
    X, y = make_moons(60, seed=0)
    X_val, y_val = make_moons(30, seed=1)
    model = MLP(2, [6, 1], seed=0)
    expected = []

    def measure(epoch, history):  # the test's own reading: numpy on the eager outputs
        z = _initial_outputs(model, X_val)[:, 0]
        expected.append((np.mean(np.logaddexp(0, z) - y_val * z), np.mean((z >= 0) == y_val)))

    history = fit(model, X, y, optimizer=Adam(model.parameters(), lr=0.05), epochs=5, batch_size=16, seed=0,
                  progress=False, trace=use_trace, validation=(X_val, y_val), on_epoch=measure)
    assert history.val_loss == pytest.approx([loss for loss, _ in expected], rel=1e-9)
    assert history.val_accuracy == [accuracy for _, accuracy in expected]
    assert "validation loss" in repr(history)


def test_validation_does_not_touch_the_gradients_or_the_weights():
    X, y = make_moons(40, seed=0)
    runs = []
    for validation in (None, make_moons(30, seed=1)):
        model = MLP(2, [4, 1], seed=0)
        fit(model, X, y, epochs=3, progress=False, validation=validation)
        runs.append(model.state_dict())
    assert runs[0] == runs[1]


def test_validation_accuracy_is_none_for_mse():
    X, y = make_blobs(30, centers=[[-1, 0], [1, 1]], seed=5)
    history = fit(MLP(2, [4, 1], seed=0), X, y, loss="mse", epochs=2, progress=False, validation=(X[:10], y[:10]))
    assert history.val_accuracy == [None, None] and len(history.val_loss) == 2


@pytest.mark.parametrize("validation, error, words", [
    ((np.zeros((5, 3)), np.zeros(5)), ValueError, ["validation X has 3 features", "X has 2"]),
    ((np.zeros((5, 2)), np.zeros(4)), ValueError, ["y_val of shape (5,)", "(4,)"]),
    ((np.zeros((5, 2)), ["a"] * 5), TypeError, ["y_val as numbers", "text"]),
    ((np.zeros((5, 2)), np.full(5, 3)), ValueError, ["bce_with_logits target", "3"]),
    ((np.full((5, 2), np.nan), np.zeros(5)), ValueError, ["NaN"]),
    (np.zeros((5, 2)), TypeError, ["pair (X_val, y_val)"]),
])
def test_validation_data_is_checked_like_the_training_data_before_any_step(validation, error, words):
    X, y = make_moons(20, seed=0)
    model = MLP(2, [3, 1], seed=0)
    before = model.state_dict()
    with pytest.raises(error) as info:
        fit(model, X, y, progress=False, validation=validation)
    assert all(word in str(info.value) for word in words), str(info.value)
    assert model.state_dict() == before


# ---- shuffle (issue 20): mini-batches in the data's order ----------------------------------------

def _sgd_in_order_by_hand(X: np.ndarray, y: np.ndarray, w: np.ndarray, lr: float, batch_size: int,
                          epochs: int) -> np.ndarray:
    """Logistic regression by numpy: the mean BCE gradient (p - y) [x, 1] / n of each batch, batches in order."""
    A = np.hstack([X, np.ones((len(X), 1))])
    for _ in range(epochs):
        for start in range(0, len(X), batch_size):
            rows, targets = A[start:start + batch_size], y[start:start + batch_size]
            w = w - lr * rows.T @ (1 / (1 + np.exp(-rows @ w)) - targets) / len(rows)
    return w


@pytest.mark.parametrize("use_trace", [False, True])
def test_without_shuffle_the_mini_batches_are_taken_in_the_datas_order(use_trace):
    X, y = make_blobs(23, centers=[[-1.0, 0.0], [1.0, 0.5]], seed=3)
    model = LogisticRegression(2, seed=0)
    start = np.array([*(w.data for w in model.w), model.b.data])
    fit(model, X, y, loss="bce", optimizer=SGD(model.parameters(), lr=0.3), epochs=4, batch_size=5, shuffle=False,
        seed=7, progress=False, trace=use_trace)
    expected = _sgd_in_order_by_hand(X, y, start, 0.3, 5, 4)  # 5 batches an epoch, the last of 3 points
    assert np.allclose([*(w.data for w in model.w), model.b.data], expected, rtol=1e-12, atol=1e-14)


def test_without_shuffle_the_seed_changes_nothing_and_with_shuffle_it_does():
    X, y = make_moons(40, seed=0)

    def weights(seed: int, shuffle: bool) -> dict:
        model = MLP(2, [4, 1], seed=0)
        fit(model, X, y, epochs=3, batch_size=7, seed=seed, shuffle=shuffle, progress=False)
        return model.state_dict()

    assert weights(1, False) == weights(2, False)
    assert weights(1, True) != weights(2, True) and weights(1, True) != weights(1, False)
