"""The SGD lesson: update counts follow from the batch size, losses are the real full-data
BCE at the recorded weights, mini-batches beat the full batch per pass, single samples are noisiest."""
import math

import numpy as np
import pytest

from demos import sgd


@pytest.fixture(scope="module")
def lesson(run_fast_lesson):
    """Run the fast lesson once for this module: (its result, what it printed, its folder)."""
    return run_fast_lesson(sgd)


def mean_bce(X, y, weights):
    z = X @ weights[:2] + weights[2]
    return float(np.mean(np.logaddexp(0, z) - y * z))


def test_batch_sizes_compared_honestly(lesson):
    result, printed, folder = lesson
    X, y = result["data"]
    n, epochs = len(X), result["epochs"]
    runs = result["runs"]
    full, mini, single = runs["full batch"], runs["mini-batches of 32"], runs["one sample at a time"]
    assert [full["updates"], mini["updates"], single["updates"]] == [epochs, epochs * math.ceil(n / 32), epochs * n]
    for run in runs.values():
        assert len(run["loss"]) == len(run["seconds"]) == run["updates"] + 1
        assert abs(run["loss"][-1] - mean_bce(X, y, run["weights"][-1])) < 1e-12
        assert np.all(np.diff(run["seconds"]) >= 0) and run["seconds"][-1] > 0
        assert run["loss"].min() >= result["minimum"] - 1e-9  # nobody beats the minimum
        assert run["loss"][-1] < run["loss"][0]
    assert mini["loss"][-1] < 1.01 * result["minimum"] < full["loss"][-1]  # same passes, more updates
    assert full["largest_rise"] == 0.0 < mini["largest_rise"] < single["largest_rise"]  # the noise
    assert f"{'mini-batches of 32':<22}{mini['updates_per_epoch']:>14}{mini['updates']:>9}" in printed
    assert (folder / "sgd.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_minimum_is_newtons(lesson):
    result = lesson[0]
    X, y = result["data"]
    A, v = np.column_stack([X, np.ones(len(X))]), np.zeros(3)
    for _ in range(50):
        p = 1 / (1 + np.exp(-A @ v))
        v -= np.linalg.solve(A.T @ (A * (p * (1 - p))[:, None]), A.T @ (p - y))
    assert abs(result["minimum"] - mean_bce(X, y, v)) < 1e-12
