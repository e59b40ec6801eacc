"""The softmax lesson: softmax([z, 0]) against 1 / (1 + e^-z) computed with math, three logits against
e^z / sum e^z and p - onehot in numpy, and probabilities that are positive and sum to one per input."""
import math

import numpy as np
import pytest

from demos import softmax


@pytest.fixture(scope="module")
def lesson(run_fast_lesson):
    """Run the fast lesson once for this module: (its result, what it printed, its folder)."""
    return run_fast_lesson(softmax)


def test_two_class_softmax_is_the_sigmoid(lesson, numbers_in):
    """Truth: sigmoid(z) = 1 / (1 + e^-z) with math, against each printed row of softmax([z, 0])."""
    result, printed, _ = lesson
    table = printed.split("1 - sigmoid\n")[1].split("\nlargest difference")[0].splitlines()
    rows = [numbers_in(line) for line in table]
    assert len(rows) >= 3 and all(len(row) == 5 for row in rows)
    for z, first, sigmoid, second, complement in rows:
        expected = 1 / (1 + math.exp(-z))
        assert abs(first - expected) < 5e-9 and abs(second - (1 - expected)) < 5e-9
        assert abs(sigmoid - expected) < 5e-9 and abs(complement - (1 - expected)) < 5e-9
    assert result["largest_difference"] < 1e-12


def test_three_class_probabilities_and_gradient_are_numpys(lesson):
    """Truth: p = e^z / sum e^z, dL/dz = p - onehot and L = -ln p[0], all in numpy."""
    example = lesson[0]["example"]
    logits = np.array(example["logits"])
    expected = np.exp(logits) / np.exp(logits).sum()
    np.testing.assert_allclose(example["probs"], expected, rtol=1e-12)
    assert min(example["probs"]) > 0 and abs(sum(example["probs"]) - 1) < 1e-12
    np.testing.assert_allclose(example["grads"], expected - np.eye(len(logits))[0], atol=1e-12)
    assert abs(example["loss"] - (-np.log(expected[0]))) < 1e-12


def test_network_rows_sum_to_one_and_it_learns(lesson, numbers_in):
    """Properties: each input's class probabilities sum to 1 (a class over inputs need not); loss halves."""
    result, printed, folder = lesson
    X, y = result["data"]
    probabilities = result["probabilities"]
    assert probabilities.shape == (len(X), 3) and (probabilities >= 0).all()
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-12)  # one input's classes sum to one
    assert not np.allclose(probabilities.sum(axis=0), 1.0)                   # a class over inputs does not
    row_sums = [numbers_in(line)[-1] for line in printed.splitlines() if line.strip().startswith("(")]
    assert len(row_sums) == 4 and all(abs(total - 1) < 5e-7 for total in row_sums)
    accuracy = float(np.mean(probabilities.argmax(axis=1) == y))
    assert result["accuracy"] == accuracy >= 0.8  # chance is 1/3
    history = result["history"]
    assert history.loss[-1] < 0.5 * history.loss[0]
    for picture in ("softmax.png", "softmax_regions.png"):  # the probabilities, then the decision regions
        assert (folder / picture).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
