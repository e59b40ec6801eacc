"""The logistic-regression lesson: both gradient-descent runs reach the optimum that an
independent Newton solve finds, the loss falls, and BCE equals the negative log-likelihood."""

import numpy as np
import pytest

from demos import logistic_regression

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def lesson(run_fast_lesson):
    """Run the fast lesson once for this module: (its result, what it printed, its folder)."""
    return run_fast_lesson(logistic_regression)


def newton_optimum(X, y):
    """(w0, w1, b) minimising mean BCE by Newton's method, written here rather than taken from the lesson."""
    A, v = np.column_stack([X, np.ones(len(X))]), np.zeros(3)
    for _ in range(50):
        p = 1 / (1 + np.exp(-A @ v))
        v = v - np.linalg.solve(A.T @ (A * (p * (1 - p))[:, None]), A.T @ (p - y))
    return v


def test_gradient_descent_reaches_newtons_optimum_from_both_starts(lesson):
    result, printed, folder = lesson
    X, y = result["data"]
    optimum = newton_optimum(X, y)
    assert np.abs(result["starts"][0] - result["starts"][1]).max() > 1.0  # genuinely different starts
    for weights in result["weights"]:
        np.testing.assert_allclose(weights, optimum, atol=1e-4)
    losses = result["losses"]
    assert losses[-1] < 0.5 * losses[0]
    assert all(later <= earlier + 1e-12 for earlier, later in zip(losses, losses[1:]))  # convex, small enough lr
    assert "GD from start A" in printed and "Newton (numpy)" in printed
    assert (folder / "logistic_regression.png").read_bytes()[:8] == PNG


def test_bce_is_the_mean_negative_log_likelihood(lesson):
    result, printed, _ = lesson
    X, y = result["data"]
    w0, w1, b = result["weights"][0]
    p = 1 / (1 + np.exp(-(w0 * X[:, 0] + w1 * X[:, 1] + b)))
    log_likelihood = np.sum(np.where(y == 1, np.log(p), np.log(1 - p)))
    assert abs(result["bce"] - (-log_likelihood / len(y))) < 1e-9
    assert abs(result["nll"] - result["bce"]) < 1e-12
    assert abs(np.log(result["likelihood"]) - log_likelihood) < 1e-9
    assert f"BCE                 = {result['bce']:.12f}" in printed
    assert f"-ln(likelihood) / n = {result['nll']:.12f}" in printed
