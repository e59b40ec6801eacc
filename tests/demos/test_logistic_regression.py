"""The logistic-regression lesson: both gradient-descent runs reach the optimum that an independent
Newton solve finds, the first step's loss and gradient are numpy's, and BCE equals the negative log-likelihood."""
import re

import numpy as np
import pytest

from demos import logistic_regression

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def lesson(run_fast_lesson):
    """Run the fast lesson once for this module: (its result, what it printed, its folder)."""
    return run_fast_lesson(logistic_regression)


def with_ones(X):
    return np.column_stack([X, np.ones(len(X))])  # the last column carries the bias b


def mean_bce(X, y, v):
    z = with_ones(X) @ v
    return float(np.mean(np.logaddexp(0, z) - y * z))  # -[y ln p + (1 - y) ln(1 - p)] with p = sigmoid(z)


def newton_optimum(X, y):
    """(w0, w1, b) minimising mean BCE by Newton's method, written here rather than taken from the lesson."""
    A, v = with_ones(X), np.zeros(3)
    for _ in range(50):
        p = 1 / (1 + np.exp(-A @ v))
        v = v - np.linalg.solve(A.T @ (A * (p * (1 - p))[:, None]), A.T @ (p - y))
    return v


def test_gradient_descent_reaches_newtons_optimum_from_both_starts(lesson, numbers_in):
    """Truth: a Newton solve in numpy written here; the loss falls on a convex bowl."""
    result, printed, folder = lesson
    X, y = result["data"]
    optimum = newton_optimum(X, y)
    assert np.abs(result["starts"][0] - result["starts"][1]).max() > 1.0  # genuinely different starts
    for weights in (*result["weights"], result["newton"]):
        np.testing.assert_allclose(weights, optimum, atol=1e-4)
    for name in ("GD from start A", "GD from start B", "Newton (numpy)"):
        line = next(line for line in printed.splitlines() if line.strip().startswith(name))
        np.testing.assert_allclose(numbers_in(line)[-3:], optimum, atol=1e-4)
    losses = result["losses"]
    assert losses[-1] < 0.5 * losses[0] and abs(losses[-1] - mean_bce(X, y, optimum)) < 1e-9
    assert all(later <= earlier + 1e-12 for earlier, later in zip(losses, losses[1:]))  # convex, small enough lr
    assert (folder / "logistic_regression.png").read_bytes()[:8] == PNG


def test_first_step_has_numpys_loss_and_gradient(lesson, numbers_in):
    """Truth: at start A, mean BCE and its gradient (1/n) sum (sigmoid(w . x + b) - y) (x, 1) in numpy."""
    result, printed, _ = lesson
    X, y = result["data"]
    start = result["starts"][0]
    assert abs(result["losses"][0] - mean_bce(X, y, start)) < 1e-12
    A = with_ones(X)
    gradient = A.T @ (1 / (1 + np.exp(-A @ start)) - y) / len(y)
    step, loss, *weights_and_grads = numbers_in(re.search(r"^ +1 .*$", printed, re.M)[0])
    assert step == 1 and abs(loss - mean_bce(X, y, start)) < 1e-4
    np.testing.assert_allclose(weights_and_grads, [*start, *gradient], atol=1e-3)  # printed to 3-4 decimals


def test_bce_is_the_mean_negative_log_likelihood(lesson, numbers_in):
    """Truth: -(1/n) sum ln(p_i if y_i = 1 else 1 - p_i) in numpy, at the trained weights."""
    result, printed, _ = lesson
    X, y = result["data"]
    w0, w1, b = result["weights"][0]
    p = 1 / (1 + np.exp(-(w0 * X[:, 0] + w1 * X[:, 1] + b)))
    log_likelihood = np.sum(np.where(y == 1, np.log(p), np.log(1 - p)))
    for value in (result["bce"], result["nll"]):
        assert abs(value - (-log_likelihood / len(y))) < 1e-9
    assert abs(np.log(result["likelihood"]) - log_likelihood) < 1e-9
    for label in (r"-ln\(likelihood\) / n", "BCE"):
        printed_value = float(re.search(rf"^ +{label} += ([\d.]+)$", printed, re.M)[1])
        assert abs(printed_value - (-log_likelihood / len(y))) < 1e-11
