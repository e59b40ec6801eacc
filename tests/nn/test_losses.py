"""Losses: the seeds' BCE numbers, hand-derived values, numerical gradients of every
loss, stability at extreme inputs, clear errors for bad targets, and the loss table."""
import dataclasses
import math

import numpy as np
import pytest

from autograd import Value, gradcheck
from nn.losses import (
    CLASS_LOGITS,
    LOGIT,
    LOSSES,
    ONE,
    OUTPUTS,
    PROBABILITY,
    ROW,
    SCORE,
    bce,
    bce_with_logits,
    cross_entropy,
    hinge,
    mse,
    softmax,
)


@pytest.mark.parametrize("p, y, expected", [(0.9, 1, 0.105), (0.1, 1, 2.302), (0.1, 0, 0.105), (0.9, 0, 2.302)])
def test_bce_at_the_seed_notes_points(p, y, expected):
    # seed notes: -ln 0.9 = 0.105 (confident and right), -ln 0.1 = 2.302 (confident and wrong)
    assert bce(Value(p), y).data == pytest.approx(expected, abs=6e-4)
    assert bce(Value(p), y).data == pytest.approx(-math.log(0.9 if expected < 1 else 0.1), rel=1e-9)


def test_bce_is_the_mean_over_the_batch():
    probs = [Value(0.9), Value(0.2), Value(0.6)]
    expected = -(math.log(0.9) + math.log(0.8) + math.log(0.6)) / 3
    assert bce(probs, [1, 0, 1]).data == pytest.approx(expected, rel=1e-12)


def test_bce_never_takes_log_of_zero():
    loss = bce(Value(0.0), 1)
    assert loss.data == pytest.approx(-math.log(1e-12)) and math.isfinite(loss.data)
    assert bce(Value(1.0), 0).data == pytest.approx(-math.log(1e-12), rel=1e-4)
    assert bce(Value(1.0), 1).data < 1e-11


def test_bce_gradient_with_respect_to_the_probability():
    p = Value(0.3)
    bce(p, 1).backward()
    assert p.grad == pytest.approx(-1 / 0.3)  # d/dp -ln p = -1/p


@pytest.mark.parametrize("z", [-1000.0, -30.0, -2.0, 0.0, 0.5, 30.0, 1000.0])
@pytest.mark.parametrize("y", [0.0, 1.0])
def test_bce_with_logits_is_stable_and_its_gradient_is_sigmoid_minus_target(z, y):
    logit = Value(z)
    loss = bce_with_logits(logit, y)
    loss.backward()
    sigmoid = 1 / (1 + math.exp(-z)) if z > -700 else 0.0
    # reference by the textbook formula where it is representable: -[y ln s + (1-y) ln(1-s)]
    if abs(z) <= 10:  # beyond that, 1 - sigmoid(z) loses digits in the textbook formula itself
        expected = -(y * math.log(sigmoid) + (1 - y) * math.log(1 - sigmoid))
        assert loss.data == pytest.approx(expected, rel=1e-12)
    else:
        assert loss.data == pytest.approx(max(z, 0) - z * y + math.log1p(math.exp(-abs(z))), rel=1e-15)
    assert logit.grad == pytest.approx(sigmoid - y, abs=1e-15)


def test_bce_with_logits_agrees_with_bce_of_sigmoid():
    zs, ys = [0.3, -1.2, 2.5], [1, 0, 0]
    through_sigmoid = bce([Value(z).sigmoid() for z in zs], ys).data
    assert bce_with_logits([Value(z) for z in zs], ys).data == pytest.approx(through_sigmoid, rel=1e-12)


def test_mse_by_hand():
    assert mse([Value(1.0), Value(3.0)], [0.0, 1.0]).data == (1.0 + 4.0) / 2


@pytest.mark.parametrize("targets", [[1, -1, 1], [1, 0, 1]])
def test_hinge_accepts_plus_minus_one_and_zero_one(targets):
    scores = [Value(0.5), Value(0.5), Value(2.0)]
    # y s = 0.5, -0.5, 2 -> max(0, 1 - ys) = 0.5, 1.5, 0
    assert hinge(scores, targets).data == pytest.approx(2.0 / 3)


def test_hinge_refuses_mixed_labels():
    with pytest.raises(ValueError, match="all -1/\\+1 or all 0/1"):
        hinge([Value(0.0)] * 3, [0, -1, 1])


def test_softmax_sums_to_one_and_survives_huge_logits():
    probs = softmax([Value(1000.0), Value(999.0), Value(-1000.0)])
    assert sum(p.data for p in probs) == pytest.approx(1.0, rel=1e-15)
    assert probs[0].data == pytest.approx(1 / (1 + math.exp(-1)), rel=1e-12)
    small = softmax([Value(1.0), Value(2.0), Value(3.0)])
    total = sum(math.exp(k) for k in (1, 2, 3))
    assert [p.data for p in small] == pytest.approx([math.exp(k) / total for k in (1, 2, 3)], rel=1e-14)


def test_cross_entropy_single_and_batch():
    logits = [Value(1.0), Value(2.0), Value(0.5)]
    log_sum_exp = math.log(sum(math.exp(z) for z in (1.0, 2.0, 0.5)))
    assert cross_entropy(logits, 1).data == pytest.approx(log_sum_exp - 2.0, rel=1e-14)
    assert cross_entropy(logits, [0.0, 1.0, 0.0]).data == pytest.approx(log_sum_exp - 2.0, rel=1e-14)
    batch = cross_entropy([logits, logits], [1, 2])
    assert batch.data == pytest.approx(log_sum_exp - (2.0 + 0.5) / 2, rel=1e-14)
    assert math.isfinite(cross_entropy([Value(1000.0), Value(-1000.0)], 1).data)


def test_cross_entropy_gradient_is_softmax_minus_one_hot():
    logits = [Value(0.2), Value(-0.4), Value(1.1)]
    cross_entropy(logits, 2).backward()
    probs = [p.data for p in softmax([Value(z.data) for z in logits])]
    assert [z.grad for z in logits] == pytest.approx([probs[0], probs[1], probs[2] - 1], abs=1e-15)


@pytest.mark.parametrize("loss, targets", [
    (lambda *v: bce([x.sigmoid() for x in v], [1, 0, 1]), None),
    (lambda *v: bce_with_logits(list(v), [1, 0, 1]), None),
    (lambda *v: mse(list(v), [0.5, -1.0, 2.0]), None),
    (lambda *v: hinge(list(v), [1, -1, -1]), None),
    (lambda *v: cross_entropy([list(v)], [1]), None),
    (lambda *v: softmax(list(v))[0] * 2 + softmax(list(v))[2], None),
])
def test_every_loss_passes_gradcheck(loss, targets):
    # points away from hinge's kink at y s = 1
    assert gradcheck(loss, [0.3, -1.7, 0.8])


@pytest.mark.parametrize("call, error, words", [
    (lambda: bce([Value(0.5)], [1, 0]), ValueError, ["1 predictions and 2 targets"]),
    (lambda: bce([Value(0.5)], [2]), ValueError, ["[0, 1]", "2"]),
    (lambda: bce([], []), ValueError, ["at least one"]),
    (lambda: mse([0.5], [1.0]), TypeError, ["one Value per sample"]),
    (lambda: bce_with_logits([[Value(1.0), Value(2.0)]], [1]), TypeError, ["cross_entropy"]),
    (lambda: cross_entropy([Value(1.0), Value(2.0)], 2), ValueError, ["class index in 0..1"]),
    (lambda: cross_entropy([Value(1.0), Value(2.0)], "a"), TypeError, ["class index"]),
    (lambda: cross_entropy([[Value(1.0)]], [0, 1]), ValueError, ["1 rows", "2 targets"]),
    (lambda: softmax([1.0, 2.0]), TypeError, ["row of Values"]),
    # regressions: a lone Value as cross_entropy's logits raised the truth-value error of `if logits`, and a
    # lone target for a list of predictions raised "'float' object is not iterable"
    (lambda: cross_entropy(Value(1.0), 0), TypeError, ["row of Values", "one logit per class"]),
    (lambda: bce([Value(0.5)], 1.0), TypeError, ["single target", "one target per prediction"]),
])
def test_bad_inputs_are_clear_errors(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert all(word in str(info.value) for word in words), str(info.value)


def test_mlp_style_one_element_lists_are_accepted():
    assert mse([[Value(2.0)], [Value(0.0)]], [1.0, 1.0]).data == 1.0


# ---- the loss table: what each loss expects and how training reads its targets and outputs ----

def test_the_table_names_every_loss_once_with_its_own_function():
    from nn import losses as module

    assert list(LOSSES) == ["bce", "bce_with_logits", "mse", "hinge", "cross_entropy"]
    for name, entry in LOSSES.items():
        assert entry.name == name and entry.function is getattr(module, name)
        assert entry.expects in OUTPUTS and entry.outputs_per_sample in (ONE, ROW)
    with pytest.raises(dataclasses.FrozenInstanceError):
        LOSSES["bce"].expects = LOGIT


@pytest.mark.parametrize("name, expects, per_sample", [
    ("bce", PROBABILITY, ONE), ("bce_with_logits", LOGIT, ONE), ("mse", SCORE, ONE), ("hinge", SCORE, ONE),
    ("cross_entropy", CLASS_LOGITS, ROW),
])
def test_which_model_output_each_loss_expects(name, expects, per_sample):
    assert (LOSSES[name].expects, LOSSES[name].outputs_per_sample) == (expects, per_sample)


@pytest.mark.parametrize("name, outputs, classes", [
    ("bce", [0.0, 0.4999, 0.5, 0.97], [0, 0, 1, 1]),  # a probability: class 1 from one half
    ("bce_with_logits", [-3.0, -1e-12, 0.0, 2.0], [0, 0, 1, 1]),  # a logit: class 1 from 0 (p = 1/2)
    ("hinge", [-3.0, -1e-12, 0.0, 2.0], [0, 0, 1, 1]),  # a score: its sign
])
def test_how_a_single_output_is_read_as_a_class(name, outputs, classes):
    assert LOSSES[name].read_class(np.array(outputs)).astype(int).tolist() == classes


def test_cross_entropy_reads_the_largest_logit_and_mse_reads_no_class():
    rows = np.array([[0.1, 2.0, -1.0], [3.0, 2.0, 2.5], [-1.0, -2.0, -0.5]])
    assert LOSSES["cross_entropy"].read_class(rows).tolist() == [1, 0, 2]
    assert LOSSES["mse"].read_class is None


@pytest.mark.parametrize("name, labels, targets", [
    ("bce", [0, 1, 1], [0.0, 1.0, 1.0]),
    ("mse", [2, -1], [2.0, -1.0]),
    ("hinge", [0, 1, 1], [-1.0, 1.0, 1.0]),  # 0/1 labels become -1/+1
    ("hinge", [-1, 1], [-1.0, 1.0]),  # -1/+1 labels stay
    ("cross_entropy", [2, 0], [[0.0, 0.0, 1.0], [1.0, 0.0, 0.0]]),  # one-hot rows
])
def test_target_encoding_for_the_traced_step(name, labels, targets):
    encoded = LOSSES[name].encode_targets(np.array(labels), 3)
    assert encoded.dtype == float and encoded.tolist() == targets


def test_the_encoded_targets_give_the_loss_of_the_labels():
    scores = [Value(0.3), Value(-0.8), Value(1.4)]
    labels = np.array([0, 1, 1])
    encoded = LOSSES["hinge"].encode_targets(labels, 1).tolist()
    assert hinge(scores, encoded).data == hinge(scores, labels.tolist()).data
    rows, classes = [[Value(0.2), Value(-1.0), Value(0.5)]] * 2, np.array([2, 0])
    one_hot = LOSSES["cross_entropy"].encode_targets(classes, 3).tolist()
    assert cross_entropy(rows, one_hot).data == pytest.approx(cross_entropy(rows, classes.tolist()).data, rel=1e-15)


def test_counting_correct_outputs_reads_labels_of_either_hinge_convention():
    scores = np.array([-2.0, 0.5, 1.0, -0.1])
    assert LOSSES["hinge"].count_correct(scores, np.array([-1, 1, -1, -1])) == 3
    assert LOSSES["hinge"].count_correct(scores, np.array([0, 1, 0, 0])) == 3
    assert LOSSES["bce"].count_correct(np.array([0.2, 0.6, 0.5]), np.array([0, 1, 0])) == 2
    assert LOSSES["cross_entropy"].count_correct(np.array([[1.0, 0.0], [0.0, 1.0]]), np.array([0, 0])) == 1


@pytest.mark.parametrize("call, error, words", [
    (lambda: bce([Value(0.5)], ["1"]), TypeError, ["bce target", "number", "str"]),
    (lambda: mse([Value(0.5)], [None]), TypeError, ["mse target", "NoneType"]),
    (lambda: bce([Value(0.5)], [True]), TypeError, ["bce target", "bool"]),
    (lambda: hinge([Value(0.5)], [2]), ValueError, ["hinge target", "[-1, 1]", "2"]),
])
def test_a_target_of_the_wrong_kind_is_a_type_error_and_out_of_range_a_value_error(call, error, words):
    with pytest.raises(error) as info:
        call()
    assert all(word in str(info.value) for word in words), str(info.value)


# ---- bce takes probabilities only (issue 10: bce([Value(3.0)], [0]) gave 27.6 with gradient 0) ----

@pytest.mark.parametrize("prediction", [3.0, -0.5, 1.0 + 1e-12])
def test_bce_refuses_a_prediction_that_is_not_a_probability(prediction):
    p = Value(prediction)
    with pytest.raises(ValueError) as info:
        bce([Value(0.5), p], [1, 0])
    message = str(info.value)
    assert all(word in message for word in ["prediction 1", repr(prediction), "not a probability",
                                            "bce_with_logits", "sigmoid"]), message


def test_bce_takes_the_ends_of_the_interval():
    assert bce([Value(0.0), Value(1.0)], [0, 1]).data == pytest.approx(-math.log(1 - 1e-12), abs=1e-15)


@pytest.mark.parametrize("use_trace", [False, True])
def test_fit_with_bce_refuses_logits_of_a_model_that_does_not_say_what_it_outputs(use_trace):
    from nn import MLP, Module, fit, make_moons

    class Unlabelled(Module):  # no output_kind: fit cannot know its output is a logit until it sees one
        def __init__(self):
            self.net = MLP(2, [4, 1], seed=0)

        def forward(self, x):
            return [self.net(x) * 10.0]  # a one-element list is taken too

    X, y = make_moons(20, seed=0)
    with pytest.raises(ValueError, match="not a probability"):
        fit(Unlabelled(), X, y, loss="bce", progress=False, trace=use_trace)
