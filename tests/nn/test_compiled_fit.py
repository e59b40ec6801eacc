"""fit's compiled path: the traced step trains on one parameter vector that the optimizer updates in
place. It must give the eager engine's History to 1e-9, and no public path may see a stale Value."""
import numpy as np
import pytest

from nn import MLP, SGD, Adam, DivergedError, LogisticRegression, StepLR, fit, load, make_blobs, make_moons, save

X, Y = make_moons(60, noise=0.2, seed=1)


MODELS = {
    "mlp tanh, sgd momentum": (lambda: MLP(2, [8, 8, 1], seed=0),
                               lambda m: {"optimizer": SGD(m.parameters(), lr=0.2, momentum=0.9)}),
    "mlp relu, adam, batches": (lambda: MLP(2, [12, 1], activation="relu", seed=1),
                                lambda m: {"optimizer": Adam(m.parameters(), lr=0.02), "batch_size": 16}),
    "logistic regression": (lambda: LogisticRegression(2, seed=2),
                            lambda m: {"optimizer": SGD(m.parameters(), lr=0.5)}),
    "class logits": (lambda: MLP(2, [6, 2], seed=3), lambda m: {"optimizer": SGD(m.parameters(), lr=0.3)}),
}


@pytest.mark.parametrize("name", MODELS)
def test_the_compiled_path_gives_the_eager_history_and_weights(name):
    make_model, settings = MODELS[name]

    def run(trace):
        model = make_model()
        seen = []
        history = fit(model, X, Y, trace=trace, progress=False, seed=0, epochs=12,
                      on_epoch=lambda epoch, h: seen.append(model.state_dict()), **settings(model))
        return history, seen, model

    (eager, eager_seen, eager_model), (fast, fast_seen, fast_model) = run(False), run(True)
    assert fast.loss == pytest.approx(eager.loss, rel=1e-9, abs=1e-12)
    assert fast.accuracy == eager.accuracy
    for ours, theirs in zip(fast_seen, eager_seen):  # what every callback saw: the current weights
        assert list(ours.values()) == pytest.approx(list(theirs.values()), rel=1e-9, abs=1e-12)
    assert [p.grad for p in fast_model.parameters()] == pytest.approx(
        [p.grad for p in eager_model.parameters()], rel=1e-9, abs=1e-12)  # the last batch's gradient


def test_a_schedule_and_a_callback_see_current_values_and_their_changes_are_trained(tmp_path):
    model = MLP(2, [4, 1], seed=0)
    optimizer = SGD(model.parameters(), lr=0.1)
    schedule = StepLR(optimizer, step_size=1, gamma=0.5)
    first = model.parameters()[0]
    saved = []

    def on_epoch(epoch, history):
        saved.append((first.data, load(save(model, tmp_path / f"epoch{epoch}.json")).parameters()[0].data))
        if epoch == 2:
            first.data = 5.0  # a change made by user code is trained from here on, not overwritten

    fit(model, X, Y, optimizer=optimizer, schedule=schedule, on_epoch=on_epoch, epochs=3, progress=False, trace=True)
    assert all(live == on_disk for live, on_disk in saved)
    assert saved[0][0] != saved[1][0]  # the weights moved between epochs and the callback saw it
    assert abs(saved[2][0] - 5.0) < 1.0  # epoch 3 started from the 5.0 set in epoch 2's callback


def test_after_a_divergence_the_values_hold_the_restored_weights():
    X_blobs, y_blobs = make_blobs(40, centers=[[-2, 0], [2, 0]], seed=0)
    model = MLP(2, [8, 1], activation="relu", seed=0)
    start = model.state_dict()
    with pytest.raises(DivergedError) as info:
        fit(model, X_blobs * 1e3, y_blobs, loss="mse", optimizer=SGD(model.parameters(), lr=10.0), epochs=30,
            progress=False, trace=True)
    restored = model.state_dict()
    assert all(np.isfinite(list(restored.values())))
    if info.value.restored_epoch == 1:
        assert restored == start


def test_a_trace_keeps_its_contract_outside_fit():
    """Trace.backward reads the Values afresh at every call and adds the mean gradient to their grads."""
    from autograd import trace
    from nn import bce_with_logits

    model = MLP(2, [3, 1], seed=0)
    recorded = trace(lambda x, t: bce_with_logits(model(x), t), X[0], Y[0])
    first = recorded.backward(X, Y)
    model.parameters()[0].data += 0.5
    assert recorded.backward(X, Y) != first  # the changed weight was read
    model.zero_grad()
    recorded.backward(X, Y)
    once = [p.grad for p in model.parameters()]
    recorded.backward(X, Y)
    assert [p.grad for p in model.parameters()] == pytest.approx([2 * g for g in once], rel=1e-12)
