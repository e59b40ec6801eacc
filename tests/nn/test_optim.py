"""Optimizers and schedules against updates computed by hand."""
import math

import pytest

from autograd import Value
from nn.optim import SGD, Adam, LinearLR, StepLR


def _params(*numbers_and_grads):
    params = []
    for data, grad in numbers_and_grads:
        p = Value(data)
        p.grad = grad
        params.append(p)
    return params


def test_one_plain_sgd_step_is_w_minus_lr_times_grad():
    w, b = _params((0.5, 2.0), (-1.0, -0.25))
    SGD([w, b], lr=0.1).step()
    assert (w.data, b.data) == (0.5 - 0.1 * 2.0, -1.0 - 0.1 * -0.25)


def test_sgd_follows_the_gradient_downhill():
    # L = (w - 3)^2 at w = 0: dL/dw = -6 < 0, so w must increase
    w = Value(0.0)
    ((w - 3) * (w - 3)).backward()
    SGD([w], lr=0.1).step()
    assert w.data == pytest.approx(0.6)


def test_two_momentum_steps_by_hand():
    (w,) = _params((1.0, 0.5))
    optimizer = SGD([w], lr=0.1, momentum=0.9)
    optimizer.step()  # b1 = g = 0.5;  w = 1 - 0.1 * 0.5 = 0.95
    assert w.data == pytest.approx(0.95, rel=1e-15)
    w.grad = 0.2
    optimizer.step()  # b2 = 0.9 * 0.5 + 0.2 = 0.65;  w = 0.95 - 0.065 = 0.885
    assert w.data == pytest.approx(0.885, rel=1e-15)


def test_weight_decay_adds_to_the_gradient():
    (w,) = _params((2.0, 1.0))
    SGD([w], lr=0.5, weight_decay=0.1).step()  # g = 1 + 0.1 * 2 = 1.2
    assert w.data == pytest.approx(2.0 - 0.5 * 1.2, rel=1e-15)


def test_one_adam_step_matches_its_formula():
    (w,) = _params((0.3, -0.8))
    Adam([w], lr=0.01, betas=(0.9, 0.999), eps=1e-8).step()
    m, v = 0.1 * -0.8, 0.001 * 0.64
    m_hat, v_hat = m / (1 - 0.9), v / (1 - 0.999)
    assert w.data == pytest.approx(0.3 - 0.01 * m_hat / (math.sqrt(v_hat) + 1e-8), rel=1e-14)
    # bias correction makes the first step about lr * sign(grad)
    assert w.data == pytest.approx(0.31, rel=1e-6)


def test_two_adam_steps_with_weight_decay():
    (w,) = _params((1.0, 0.5))
    optimizer = Adam([w], lr=0.1, betas=(0.8, 0.9), eps=1e-8, weight_decay=0.01)
    expected, m, v = 1.0, 0.0, 0.0
    for t, grad in ((1, 0.5), (2, -0.3)):
        w.grad = grad
        optimizer.step()
        g = grad + 0.01 * expected
        m, v = 0.8 * m + 0.2 * g, 0.9 * v + 0.1 * g * g
        expected -= 0.1 * (m / (1 - 0.8 ** t)) / (math.sqrt(v / (1 - 0.9 ** t)) + 1e-8)
        assert w.data == pytest.approx(expected, rel=1e-14)


def test_zero_grad_resets_the_parameters_grads():
    params = _params((1.0, 3.0), (2.0, -1.0))
    SGD(params, lr=0.1).zero_grad()
    assert [p.grad for p in params] == [0.0, 0.0]


def test_step_lr():
    optimizer = SGD(_params((1.0, 0.0)), lr=1.0)
    schedule = StepLR(optimizer, step_size=2, gamma=0.5)
    assert [schedule.step() for _ in range(5)] == [1.0, 0.5, 0.5, 0.25, 0.25]


def test_linear_lr_decays_then_holds():
    optimizer = SGD(_params((1.0, 0.0)), lr=0.8)
    schedule = LinearLR(optimizer, start_factor=1.0, end_factor=0.25, total_iters=3)
    assert optimizer.lr == 0.8
    assert [schedule.step() for _ in range(5)] == pytest.approx([0.6, 0.4, 0.2, 0.2, 0.2])


def test_a_diverging_step_is_refused_with_advice():
    (w,) = _params((1e308, -1e308))
    with pytest.raises(OverflowError, match="smaller learning rate"):
        SGD([w], lr=10.0).step()
    assert w.data == 1e308


# ---- steps are all or nothing (issue 10, section 3) --------------------------------------

def _state(optimizer) -> dict:
    return {name: value.tolist() if hasattr(value, "tolist") else value
            for name, value in optimizer.state_dict().items()}


@pytest.mark.parametrize("build", [
    lambda params: SGD(params, lr=10.0, momentum=0.9),
    lambda params: Adam(params, lr=1e300),
])
def test_a_step_that_would_overflow_changes_neither_the_weights_nor_the_optimizer(build):
    """Before: momentum and Adam's moments (and the step count) were updated before the check."""
    w, v = _params((1.0, 0.5), (2.0, -0.25))
    optimizer = build([w, v])
    optimizer.step()  # a normal step first, so the state is not all zeros
    weights, state = (w.data, v.data), _state(optimizer)
    w.grad, v.grad = 0.5, 1e308  # v's move would leave the float range; w's alone would be fine
    with pytest.raises(OverflowError, match="nothing was changed"):
        optimizer.step()
    assert (w.data, v.data) == weights and _state(optimizer) == state and optimizer.steps == 1


def test_adams_squared_gradient_overflowing_is_an_error_not_a_frozen_weight():
    """Before: grad**2 = inf made the step lr * m / inf = 0, so the weight silently stopped moving."""
    (w,) = _params((1.0, 1e160))
    optimizer = Adam([w], lr=0.01)
    with pytest.raises(OverflowError) as info:
        optimizer.step()
    assert "squared gradient" in str(info.value) and "smaller learning rate" in str(info.value)
    assert w.data == 1.0 and optimizer.steps == 0 and optimizer.square.tolist() == [0.0]


def test_the_optimizers_state_goes_back_with_load_state_dict():
    (w,) = _params((1.0, 0.5))
    optimizer = Adam([w], lr=0.1)
    optimizer.step()
    saved = optimizer.state_dict()
    w.grad = -2.0
    optimizer.step()
    optimizer.load_state_dict(saved)
    assert _state(optimizer) == {"steps": 1, "mean": [pytest.approx(0.05)], "square": [pytest.approx(0.00025)]}


@pytest.mark.parametrize("lr, error, words", [
    (0.0, ValueError, ["lr", "> 0", "got 0"]),
    (-1.0, ValueError, ["lr", "-1"]),
    (math.inf, ValueError, ["lr", "inf"]),
    ("0.1", TypeError, ["lr", "number", "str"]),
    (None, TypeError, ["lr", "NoneType"]),
])
def test_lr_set_after_construction_is_checked_like_the_constructor_checks_it(lr, error, words):
    """Before: optimizer.lr = -1 was taken, and the next step went uphill."""
    optimizer = SGD(_params((1.0, 0.5)), lr=0.1)
    with pytest.raises(error) as info:
        optimizer.lr = lr
    assert all(word in str(info.value) for word in words), str(info.value)
    assert optimizer.lr == 0.1
    optimizer.lr = 0.25
    assert optimizer.lr == 0.25


@pytest.mark.parametrize("build, words", [
    (lambda model: SGD(model, lr=0.1), ["SGD", "not the model", "pass model.parameters()"]),
    (lambda model: Adam(model), ["Adam", "not the model", "pass model.parameters()"]),
    (lambda model: SGD(model.named_parameters(), lr=0.1), ["(name, Value) pairs", "model.parameters()"]),
    (lambda model: SGD(model.parameters()[0], lr=0.1), ["single Value", "[value]"]),
    (lambda model: SGD(3, lr=0.1), ["list of Values", "int"]),
])
def test_passing_the_model_instead_of_its_parameters_says_what_to_pass(build, words):
    """Before: SGD(model, lr=0.1) ended in "'MLP' object is not iterable"."""
    from nn import MLP

    with pytest.raises(TypeError) as info:
        build(MLP(2, [3, 1], seed=0))
    assert all(word in str(info.value) for word in words), str(info.value)


@pytest.mark.parametrize("build, words", [
    (lambda p: SGD(p, lr=0), ["lr", "> 0", "got 0"]),
    (lambda p: SGD(p, lr=-0.1), ["lr"]),
    (lambda p: SGD(p, lr=math.nan), ["lr", "nan"]),
    (lambda p: SGD(p, lr=math.inf), ["lr"]),
    (lambda p: SGD(p, lr=0.1, momentum=1.0), ["momentum", "[0, 1)"]),
    (lambda p: SGD(p, lr=0.1, weight_decay=-1), ["weight_decay"]),
    (lambda p: Adam(p, betas=(0.9, 1.0)), ["betas[1]"]),
    (lambda p: Adam(p, betas=(0.9, 0.99, 0.999)), ["pair"]),
    (lambda p: Adam(p, eps=0.0), ["eps"]),
    (lambda p: StepLR(SGD(p, lr=0.1), step_size=0), ["step_size"]),
    (lambda p: LinearLR(SGD(p, lr=0.1), start_factor=0.0), ["start_factor"]),
])
def test_bad_hyper_parameters_are_value_errors(build, words):
    with pytest.raises(ValueError) as info:
        build(_params((1.0, 0.0)))
    assert all(word in str(info.value) for word in words), str(info.value)


def test_an_optimizer_needs_values():
    with pytest.raises(TypeError, match="parameters"):
        SGD([1.0, 2.0], lr=0.1)
    with pytest.raises(TypeError, match="non-empty"):
        SGD([], lr=0.1)


@pytest.mark.parametrize("build, words", [
    (lambda p: SGD(p, lr="0.1"), ["lr", "number", "str"]),
    (lambda p: SGD(p, lr=None), ["lr", "NoneType"]),
    (lambda p: SGD(p, lr=True), ["lr", "bool"]),
    (lambda p: SGD(p, lr=0.1, momentum="0.9"), ["momentum", "str"]),
    (lambda p: SGD(p, lr=0.1, weight_decay=[0.1]), ["weight_decay", "list"]),
    (lambda p: Adam(p, lr="0.01"), ["lr", "str"]),
    (lambda p: Adam(p, betas=0.9), ["betas", "pair", "float"]),
    (lambda p: Adam(p, betas=("0.9", 0.999)), ["betas[0]", "str"]),
    (lambda p: Adam(p, eps=None), ["eps", "NoneType"]),
    (lambda p: StepLR(SGD(p, lr=0.1), step_size=True), ["step_size", "bool"]),
    (lambda p: StepLR(SGD(p, lr=0.1), step_size=2.0), ["step_size", "whole number", "2.0"]),
    (lambda p: StepLR(SGD(p, lr=0.1), step_size=2, gamma="0.5"), ["gamma", "str"]),
    (lambda p: LinearLR(SGD(p, lr=0.1), total_iters=True), ["total_iters", "bool"]),
    (lambda p: LinearLR(SGD(p, lr=0.1), start_factor="1"), ["start_factor", "str"]),
])
def test_the_wrong_kind_of_setting_is_a_type_error(build, words):
    with pytest.raises(TypeError) as info:
        build(_params((1.0, 0.0)))
    assert all(word in str(info.value) for word in words), str(info.value)


@pytest.mark.parametrize("build, words", [
    (lambda p: StepLR(SGD(p, lr=0.1), step_size=2, gamma=0.0), ["gamma", "> 0"]),
    (lambda p: StepLR(SGD(p, lr=0.1), step_size=2, gamma=-0.5), ["gamma", "-0.5"]),
    (lambda p: LinearLR(SGD(p, lr=0.1), total_iters=0), ["total_iters", ">= 1"]),
    (lambda p: LinearLR(SGD(p, lr=0.1), end_factor=1.5), ["end_factor", "(0, 1]"]),
    (lambda p: LinearLR(SGD(p, lr=0.1), end_factor=0.0), ["end_factor", "(0, 1]"]),  # lr must stay > 0
    (lambda p: Adam(p, betas=(-0.1, 0.999)), ["betas[0]", "-0.1"]),
])
def test_a_number_out_of_range_is_a_value_error(build, words):
    with pytest.raises(ValueError) as info:
        build(_params((1.0, 0.0)))
    assert all(word in str(info.value) for word in words), str(info.value)
