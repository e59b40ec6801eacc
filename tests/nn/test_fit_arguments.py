"""fit checks everything it is given before the first step (issue 21, item 18): a callback that is no
function, a schedule that is no schedule (or steps another optimizer's lr), a loss function that returns
no Value. Before, each was found only in epoch 1, after the first step had changed the weights."""
import numpy as np
import pytest

from autograd import Value
from nn import MLP, SGD, StepLR, fit, make_moons, mse


def _moons():
    return make_moons(40, seed=0)


def _plain_float_loss(outputs, targets):
    return 0.5


def _leaf_loss(outputs, targets):
    return Value(0.5)  # a Value, but computed from nothing: backward would give every weight a gradient of 0


@pytest.mark.parametrize("arguments, error, words", [
    ({"on_epoch": 5}, TypeError, ["on_epoch", "function on_epoch(epoch, history)", "int 5"]),
    ({"schedule": "StepLR"}, TypeError, ["schedule", "StepLR(optimizer", "str 'StepLR'"]),
    ({"schedule": 0.1}, TypeError, ["schedule", "step()", "float 0.1"]),
    ({"loss": _plain_float_loss}, TypeError, ["_plain_float_loss", "returned float 0.5", "a Value"]),
    ({"loss": lambda outputs, targets: np.float64(1.0)}, TypeError, ["returned float64", "a Value"]),
    ({"loss": _leaf_loss}, ValueError, ["_leaf_loss", "does not depend on the outputs", "gradient"]),
])
@pytest.mark.parametrize("batch_size", [None, 8])
def test_a_bad_callback_schedule_or_loss_is_refused_before_the_first_step(arguments, error, words, batch_size):
    """Before: TypeError 'int' object is not callable / AttributeError 'str' object has no attribute 'step'
    after epoch 1 had changed the weights; a float loss an AttributeError about .backward."""
    X, y = _moons()
    model = MLP(2, [4, 1], seed=0)
    optimizer = SGD(model.parameters(), lr=0.5, momentum=0.9)
    before, optimizer_before = model.state_dict(), optimizer.state_dict()
    with pytest.raises(error) as info:
        fit(model, X, y, optimizer=optimizer, epochs=3, batch_size=batch_size, progress=False, **arguments)
    assert all(word in str(info.value) for word in words), str(info.value)
    assert model.state_dict() == before  # not one step was taken
    assert optimizer.state_dict()["steps"] == optimizer_before["steps"] == 0
    assert all(parameter.grad == 0.0 for parameter in model.parameters())


def test_a_schedule_of_another_optimizer_is_refused_before_the_first_step():
    """Before: the schedule silently changed the other optimizer's lr while fit's kept its own."""
    X, y = _moons()
    model = MLP(2, [4, 1], seed=0)
    before = model.state_dict()
    other = SGD(MLP(2, [4, 1], seed=1).parameters(), lr=0.1)
    with pytest.raises(ValueError) as info:
        fit(model, X, y, optimizer=SGD(model.parameters(), lr=0.1), schedule=StepLR(other, step_size=1),
            epochs=3, progress=False)
    assert "another optimizer" in str(info.value) and "StepLR(optimizer" in str(info.value), str(info.value)
    assert model.state_dict() == before


def test_good_callbacks_schedules_and_loss_functions_still_train():
    X, y = _moons()
    model = MLP(2, [4, 1], seed=0)
    optimizer = SGD(model.parameters(), lr=0.2)
    seen = []
    history = fit(model, X, y, loss=lambda outputs, targets: mse(outputs, targets), optimizer=optimizer,
                  schedule=StepLR(optimizer, step_size=1, gamma=0.5), on_epoch=lambda epoch, h: seen.append(epoch),
                  epochs=3, progress=False)
    assert seen == [1, 2, 3] and optimizer.lr == pytest.approx(0.2 * 0.5 ** 3) and history.epochs == 3
