"""When training diverges the learner can simply try again (issue 10, section 3): fit restores the
weights and the optimizer's state of the epoch start with the lowest loss, reports every pass it
makes as a DivergedError with a two-line message, and a second fit with a smaller lr learns."""
import math

import numpy as np
import pytest

from nn import MLP, SGD, Adam, DivergedError, Neuron, fit, make_blobs, make_moons, mse
from nn.divergence import rough


def _blobs():
    return make_blobs(40, centers=[[-2, 0], [2, 0]], seed=0)


def _states_after_each_epoch(model, optimizer):
    """An on_epoch callback recording (weights, optimizer state) after every epoch: the next one's start."""
    states = [(model.state_dict(), _plain(optimizer.state_dict()))]

    def record(epoch, history):
        states.append((model.state_dict(), _plain(optimizer.state_dict())))

    return states, record


def _plain(state: dict) -> dict:
    return {name: value.tolist() if hasattr(value, "tolist") else value for name, value in state.items()}


@pytest.mark.parametrize("use_trace", [False, True])
def test_the_message_fits_two_lines_and_names_the_epoch_the_loss_the_weight_and_the_fix(use_trace, monkeypatch):
    """Before: 690 to 870 characters, every input and weight of a layer, and no parameter named."""
    monkeypatch.setattr("nn.divergence.RUNAWAY", math.inf)  # this run's overflow, not its runaway growth before it
    X, y = _blobs()
    model = MLP(2, [8, 1], activation="relu", seed=0)
    optimizer = SGD(model.parameters(), lr=10.0)
    states, record = _states_after_each_epoch(model, optimizer)
    with pytest.raises(DivergedError) as info:
        fit(model, X, y, loss="mse", optimizer=optimizer, epochs=30, progress=False, trace=use_trace,
            on_epoch=record)
    error, message = info.value, str(info.value)
    # full batch: the failing epoch's one forward pass ran on the weights recorded after the epoch before it
    weights = states[error.epoch - 1][0]
    largest = max(weights, key=lambda name: abs(weights[name]))
    magnitude = f"~1e{int(np.floor(np.log10(abs(weights[largest]))))}"
    assert len(message) <= 240 and len(message.splitlines()) == 2, message
    assert f"epoch {error.epoch}" in message and f"loss before {error.history.loss[-1]:.3g}" in message
    assert f"largest weight {largest} {magnitude}" in message, message
    assert "smaller learning rate: lr=1 (now 10)" in message
    assert error.history.epochs == error.epoch - 1 and isinstance(error.error, OverflowError)


@pytest.mark.parametrize("use_trace", [False, True])
def test_the_weights_and_the_optimizer_go_back_to_the_epoch_start_with_the_lowest_loss(use_trace):
    """Before: the model kept weights of about 1e78 (here 1e207) and the optimizer its momentum."""
    X, y = _blobs()
    model = MLP(2, [8, 1], activation="relu", seed=0)
    optimizer = SGD(model.parameters(), lr=10.0, momentum=0.5)
    states, record = _states_after_each_epoch(model, optimizer)
    with pytest.raises(DivergedError) as info:
        fit(model, X, y, loss="mse", optimizer=optimizer, epochs=30, progress=False, trace=use_trace,
            on_epoch=record)
    losses = info.value.history.loss
    best = int(np.argmin(losses))  # epoch best + 1 started from states[best]
    assert info.value.restored_epoch == best + 1
    assert (model.state_dict(), _plain(optimizer.state_dict())) == states[best]
    assert f"start of epoch {best + 1} (lowest loss, {losses[best]:.3g})" in str(info.value)


@pytest.mark.parametrize("use_trace", [False, True])
def test_after_a_divergence_fitting_again_with_a_smaller_lr_just_works(use_trace):
    """Before: the second fit ended in a raw OverflowError from the first traced pass."""
    X, y = _blobs()
    model = MLP(2, [8, 1], activation="relu", seed=0)
    with pytest.raises(DivergedError):
        fit(model, X, y, loss="mse", optimizer=SGD(model.parameters(), lr=10.0), epochs=30, progress=False,
            trace=use_trace)
    history = fit(model, X, y, loss="mse", optimizer=SGD(model.parameters(), lr=0.05), epochs=30, progress=False,
                  trace=use_trace)
    assert history.loss[-1] < 0.1 * history.loss[0] and all(np.isfinite(history.loss))


def test_a_step_that_would_overflow_is_named_by_the_parameter_and_nothing_moves():
    """Loss falling, then one step too far (lr raised after epoch 3): the step itself is refused."""
    X, y = _blobs()
    model = Neuron(2, activation="linear", seed=0)
    optimizer = SGD(model.parameters(), lr=0.0005)
    states, record = _states_after_each_epoch(model, optimizer)

    def raise_lr(epoch, history):
        record(epoch, history)
        if epoch == 3:
            optimizer.lr = 1e308  # a |grad| > 1.8 makes lr * grad leave the float range

    with pytest.raises(DivergedError) as info:
        fit(model, X * 10, y, loss="mse", optimizer=optimizer, epochs=10, progress=False, on_epoch=raise_lr)
    message, losses = str(info.value), info.value.history.loss
    assert info.value.epoch == 4 and losses == sorted(losses, reverse=True)  # it was still learning
    assert "SGD's step would overflow" in message and any(f"overflow {name} " in message for name in states[0][0])
    assert (model.state_dict(), _plain(optimizer.state_dict())) == states[2]  # the start of epoch 3, lowest loss


@pytest.mark.parametrize("use_trace", [False, True])
def test_the_first_pass_of_fit_reports_a_divergence_too(use_trace):
    """Before: weights that overflow the first (traced) pass gave a raw OverflowError."""
    X, y = _blobs()
    model = MLP(2, [8, 1], activation="relu", seed=0)
    model.load_state_dict(dict.fromkeys(model.state_dict(), 1e+200))
    before = model.state_dict()
    with pytest.raises(DivergedError) as info:
        fit(model, X, y, loss="mse", epochs=2, progress=False, trace=use_trace)
    assert "epoch 1" in str(info.value) and "rebuild the model" in str(info.value) and "~1e200" in str(info.value)
    assert model.state_dict() == before


@pytest.mark.parametrize("use_trace", [False, True])
def test_a_validation_pass_that_overflows_is_reported_and_restored(use_trace):
    X, y = _blobs()
    model = MLP(2, [8, 1], activation="relu", seed=0)
    before = model.state_dict()
    with pytest.raises(DivergedError) as info:
        fit(model, X, y, loss="mse", epochs=2, progress=False, trace=use_trace,
            validation=(np.full((3, 2), 1e308), [0, 1, 0]))
    assert "validation pass" in str(info.value) and info.value.epoch == 1
    assert model.state_dict() == before


def test_adams_overflowing_squared_gradient_stops_training_instead_of_freezing_a_weight():
    """A loss of about 1e301 is finite, its gradient of about 1e161 too, but not the gradient squared."""
    X, y = _blobs()
    model = Neuron(2, activation="linear", seed=0)
    model.load_state_dict({"w.0": 1e140, "w.1": 1e140, "b": 0.0})
    with pytest.raises(DivergedError) as info:
        fit(model, X * 1e10, y, loss="mse", optimizer=Adam(model.parameters()), epochs=2, progress=False)
    assert "Adam's squared gradient of w.0 would overflow (grad ~1e161)" in str(info.value)
    assert model.state_dict() == {"w.0": 1e140, "w.1": 1e140, "b": 0.0}


# ---- runaway growth (issue 21, item 17) ----------------------------------------------------------

@pytest.mark.parametrize("use_trace", [False, True])
def test_runaway_growth_that_never_overflows_is_a_divergence_too(use_trace):
    """Before: SGD(lr=1e150) for 50 epochs took the loss from 0.6 to ~1e149 and |w| to ~1e149, and fit
    returned as if it had trained."""
    from nn.divergence import RUNAWAY  # the bound (new with the fix)

    X, y = make_moons(200, seed=0)
    model = MLP(2, [8, 1], seed=0)
    before = model.state_dict()
    with pytest.raises(DivergedError) as info:
        fit(model, X, y, optimizer=SGD(model.parameters(), lr=1e150), epochs=50, progress=False, trace=use_trace)
    error, message = info.value, str(info.value)
    assert error.epoch == 1 and error.history.epochs == 0 and error.restored_epoch == 1  # the first step ran away
    assert model.state_dict() == before  # the start of epoch 1: the only good state there is
    assert len(message.splitlines()) == 2 and message.startswith("training diverged in epoch 1: "), message
    assert "beyond 1e100" in message and "Weights reset to the start of epoch 1" in message, message
    assert RUNAWAY == 1e100 and "1e100" in " ".join(fit.__doc__.split())  # the bound is stated where fit is taught


def test_runaway_growth_of_the_loss_alone_is_a_divergence_and_restores_the_lowest_loss():
    """Weights of 1e60 stay below the bound, but their loss (about 1e120) is beyond it."""
    X, y = _blobs()
    model = Neuron(2, activation="linear", seed=0)
    optimizer = SGD(model.parameters(), lr=0.01)
    states, record = _states_after_each_epoch(model, optimizer)
    huge = {"w.0": 1e60, "w.1": -1e60, "b": 0.0}

    def push(epoch, history):
        record(epoch, history)
        if epoch == 2:
            model.load_state_dict(huge)

    with pytest.raises(DivergedError) as info:
        fit(model, X, y, loss="mse", optimizer=optimizer, epochs=5, progress=False, on_epoch=push)
    losses = info.value.history.loss
    expected = np.mean((X @ np.array([1e60, -1e60]) - y) ** 2)  # full batch: the loss at the epoch's start
    assert info.value.epoch == 3 and len(losses) == 2 and max(losses) < 10
    assert f"runaway: loss {rough(expected)} beyond 1e100" in str(info.value), str(info.value)
    assert model.state_dict() == states[int(np.argmin(losses))][0]


def test_a_large_but_sane_run_is_not_stopped():
    """Targets around 1e6 make an mse near 1e12: far below the bound, so fit just trains."""
    X, y = _blobs()
    history = fit(Neuron(2, activation="linear", seed=0), X, y * 1e6, loss="mse", epochs=3, progress=False)
    assert history.epochs == 3 and 1e10 < history.loss[0] < 1e13


# ---- errors that are no divergence (issue 21, item 19) --------------------------------------------

def test_a_bug_in_the_users_loss_is_raised_as_it_is_not_as_a_divergence():
    """Before: DivergedError 'ZeroDivisionError in a training step ... Try a smaller learning rate', raised
    `from None`, so the user's own line was nowhere in the traceback."""
    X, y = _blobs()
    model = MLP(2, [4, 1], seed=0)
    before = model.state_dict()
    with pytest.raises(ZeroDivisionError) as info:
        fit(model, X, y, loss=lambda outputs, targets: 1 / 0, epochs=3, progress=False)
    assert not isinstance(info.value, DivergedError)
    assert any(entry.name == "<lambda>" and "1 / 0" in str(entry.statement) for entry in info.traceback)
    assert model.state_dict() == before


def _breaks_in_epoch(epoch: int, batches: int, error: Exception):
    """The user's own mse, which raises ``error`` at the first batch of ``epoch`` (fit calls it once more, first,
    to check what it returns)."""
    calls = [0]

    def buggy_loss(outputs, targets):
        calls[0] += 1
        if calls[0] == 2 + (epoch - 1) * batches:
            raise error
        return mse(outputs, targets)

    return buggy_loss


@pytest.mark.parametrize("error", [KeyError("column"), OverflowError("math range error"),
                                   ZeroDivisionError("float division by zero")])
def test_a_users_error_mid_training_propagates_with_the_weights_restored(error):
    """Only the engine's overflow is a divergence: the user's own OverflowError (math.exp) is a bug like any
    other. The weights go back as on a divergence: to the start of the epoch with the lowest loss."""
    X, y = _blobs()
    model = MLP(2, [4, 1], seed=0)
    optimizer = SGD(model.parameters(), lr=0.1, momentum=0.5)
    states, record = _states_after_each_epoch(model, optimizer)
    losses = []
    with pytest.raises(type(error)) as info:
        fit(model, X, y, loss=_breaks_in_epoch(4, 4, error), optimizer=optimizer, epochs=6, batch_size=10,
            progress=False, on_epoch=lambda epoch, history: (record(epoch, history), losses.append(history.loss[-1])))
    assert info.value is error and not isinstance(info.value, DivergedError)
    assert any(entry.name == "buggy_loss" for entry in info.traceback)
    best = int(np.argmin(losses))  # epochs 1-3 ran, epoch 4 broke at its first batch
    assert len(losses) == 3 and (model.state_dict(), _plain(optimizer.state_dict())) == states[best]
    assert f"fit put the weights back to the start of epoch {best + 1}" in "\n".join(getattr(error, "__notes__", []))
