"""Weights, the one owner of the parameters' numbers: outside training() the Values are current; inside it
(for a Weights over a compiled step's vector) the vector is, and every way out hands the numbers back."""
import numpy as np
import pytest

from autograd import Value
from nn import SGD
from nn.weights import Weights


def _values():
    return [Value(1.0, label="a"), Value(-2.0, label="b"), Value(0.5, label="c")]


def _vector_weights(values):
    return Weights(values, np.zeros(len(values)), np.zeros(len(values)))


def test_outside_training_the_values_are_current_and_assign_writes_them():
    values = _values()
    weights = _vector_weights(values)
    values[0].data = 3.0
    values[1].grad = 7.0
    assert weights.numbers().tolist() == [3.0, -2.0, 0.5]
    assert weights.gradients().tolist() == [0.0, 7.0, 0.0]
    weights.assign(np.array([4.0, 5.0, 6.0]))
    assert [v.data for v in values] == [4.0, 5.0, 6.0]


def test_inside_training_the_vector_is_current_and_every_exit_hands_it_back():
    values = _values()
    weights = _vector_weights(values)
    with pytest.raises(KeyError), weights.training():
        assert weights.vector.tolist() == [1.0, -2.0, 0.5]  # loaded from the Values on the way in
        weights.assign(np.array([9.0, 8.0, 7.0]))
        weights.grads[:] = [0.1, 0.2, 0.3]
        assert [v.data for v in values] == [1.0, -2.0, 0.5]  # the Values are left behind meanwhile
        raise KeyError("any error")
    assert [v.data for v in values] == [9.0, 8.0, 7.0]
    assert [v.grad for v in values] == [0.1, 0.2, 0.3]  # as after one backward in the eager engine
    assert not weights.in_vector


def test_shown_puts_the_numbers_in_the_values_and_takes_back_what_user_code_changed():
    values = _values()
    weights = _vector_weights(values)
    with weights.training():
        weights.assign(np.array([9.0, 8.0, 7.0]))
        with weights.shown():
            assert [v.data for v in values] == [9.0, 8.0, 7.0]
            values[2].data = -1.0  # e.g. load_state_dict in a callback
        assert weights.numbers().tolist() == [9.0, 8.0, -1.0]
        weights.assign(np.array([0.0, 0.0, 0.0]))
    assert [v.data for v in values] == [0.0, 0.0, 0.0]


def test_a_weights_without_a_vector_keeps_the_values_current_even_in_training():
    values = _values()
    weights = Weights(values)
    with weights.training():
        weights.assign(np.array([9.0, 8.0, 7.0]))
        assert [v.data for v in values] == [9.0, 8.0, 7.0]  # the eager engine computes with them


def test_training_inside_training_is_refused():
    weights = _vector_weights(_values())
    with weights.training(), pytest.raises(RuntimeError, match="already being trained"), weights.training():
        pass


@pytest.mark.parametrize("in_training", [False, True])
def test_assigning_a_non_finite_number_changes_nothing(in_training):
    values = _values()
    weights = _vector_weights(values)
    with weights.training() if in_training else weights.shown():
        with pytest.raises(ValueError, match="parameter 1 to nan"):
            weights.assign(np.array([3.0, np.nan, 3.0]))
        assert weights.numbers().tolist() == [1.0, -2.0, 0.5]


def test_zero_grad_zeroes_where_the_gradients_are_current():
    values = _values()
    weights = _vector_weights(values)
    for value in values:
        value.grad = 1.0
    with weights.training():
        weights.zero_grad()
        assert weights.grads.tolist() == [0.0, 0.0, 0.0]
    assert [v.grad for v in values] == [0.0, 0.0, 0.0]


def test_an_optimizer_update_on_vector_weights_moves_the_vector_alone():
    values = _values()
    optimizer = SGD(values, lr=0.5)
    weights = Weights(optimizer.params, np.zeros(3), np.zeros(3))
    with weights.training():
        weights.grads[:] = [1.0, 2.0, 4.0]
        optimizer.update(weights)
        assert weights.vector.tolist() == [1.0 - 0.5, -2.0 - 1.0, 0.5 - 2.0]
        assert [v.data for v in values] == [1.0, -2.0, 0.5]
    assert [v.data for v in values] == [0.5, -3.0, -1.5]


def test_an_optimizer_refuses_the_weights_of_other_parameters():
    optimizer = SGD(_values(), lr=0.1)
    with pytest.raises(ValueError, match="weights of its own parameters"):
        optimizer.update(Weights(_values()))


def test_weights_need_one_number_per_parameter():
    with pytest.raises(ValueError, match="two vectors of 3 numbers"):
        Weights(_values(), np.zeros(2), np.zeros(3))
