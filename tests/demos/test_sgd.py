"""The SGD lesson: updates per epoch are ceil(n / batch_size), losses are numpy's full-data BCE at the
recorded weights, the first full-batch step is numpy's, the minimum is a Newton solve written here."""
import math

import numpy as np
import pytest

from demos import sgd

METHODS = {"full batch": None, "mini-batches of 32": 32, "one sample at a time": 1}


@pytest.fixture(scope="module")
def lesson(run_fast_lesson):
    """Run the fast lesson once for this module: (its result, what it printed, its folder)."""
    return run_fast_lesson(sgd)


def with_ones(X):
    return np.column_stack([X, np.ones(len(X))])  # the last column carries the bias b


def mean_bce(X, y, weights):
    z = with_ones(X) @ weights
    return float(np.mean(np.logaddexp(0, z) - y * z))


def test_update_counts_are_ceil_n_over_batch_size(lesson, numbers_in):
    """Truth: one epoch of batch size k is ceil(n / k) updates (full batch: 1), in the result and the table."""
    result, printed, _ = lesson
    n, epochs = len(result["data"][0]), result["epochs"]
    for name, batch_size in METHODS.items():
        per_epoch = math.ceil(n / (batch_size or n))
        run = result["runs"][name]
        assert (run["updates_per_epoch"], run["updates"]) == (per_epoch, epochs * per_epoch)
        row = next(line for line in printed.splitlines() if line.startswith(name))
        assert numbers_in(row.removeprefix(name))[:2] == [per_epoch, epochs * per_epoch]
    assert result["runs"]["mini-batches of 32"]["updates_per_epoch"] == 10  # ceil(300 / 32), by hand


def test_losses_are_numpys_bce_and_the_first_step_is_exact(lesson):
    """Truth: numpy's mean BCE at every recorded weight vector; w1 = w0 - lr (1/n) X^T (sigmoid(X w0) - y)."""
    result = lesson[0]
    X, y = result["data"]
    for run in result["runs"].values():
        assert len(run["loss"]) == len(run["seconds"]) == run["updates"] + 1
        np.testing.assert_allclose(run["loss"], [mean_bce(X, y, w) for w in run["weights"]], atol=1e-12)
        assert np.all(np.diff(run["seconds"]) >= 0) and run["seconds"][-1] > 0
    full = result["runs"]["full batch"]["weights"]
    A, start = with_ones(X), np.array(sgd.START)
    np.testing.assert_allclose(full[0], start)
    step = start - sgd.LEARNING_RATE * A.T @ (1 / (1 + np.exp(-A @ start)) - y) / len(y)
    np.testing.assert_allclose(full[1], step, atol=1e-12)


def test_the_minimum_is_newtons_and_small_batches_get_closer(lesson):
    """Truth: the minimum from a Newton solve written here; properties: nobody beats it, smaller batches are noisier."""
    result = lesson[0]
    X, y = result["data"]
    A, v = with_ones(X), np.zeros(3)
    for _ in range(50):
        p = 1 / (1 + np.exp(-A @ v))
        v -= np.linalg.solve(A.T @ (A * (p * (1 - p))[:, None]), A.T @ (p - y))
    assert abs(result["minimum"] - mean_bce(X, y, v)) < 1e-12
    runs = result["runs"]
    for run in runs.values():
        assert run["loss"].min() >= result["minimum"] - 1e-9 and run["loss"][-1] < run["loss"][0]
    full, mini, single = (runs[name] for name in METHODS)
    assert mini["loss"][-1] < 1.01 * result["minimum"] < full["loss"][-1]  # same passes, more updates
    assert full["largest_rise"] == 0.0 < mini["largest_rise"] < single["largest_rise"]  # the noise
    assert (lesson[2] / "sgd.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
