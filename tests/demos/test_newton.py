"""The Newton lesson: its Hessian is X^T diag(p(1-p)) X / n, its optimum has zero gradient, gradient descent
reaches the same weights in many more steps, and lr just under 2/L converges where just over does not;
every truth is computed here in numpy."""
import re

import numpy as np
import pytest

from demos import newton

TOLERANCE = 1e-8  # the lesson's stated stopping rule, |g| < 1e-8, restated as the thing under test


@pytest.fixture(scope="module")
def lesson(run_fast_lesson):
    """Run the fast lesson once for this module: (its result, what it printed, its folder)."""
    return run_fast_lesson(newton)


def with_ones(X):
    return np.column_stack([X, np.ones(len(X))])  # the last column carries the bias b


def gradient(X, y, w):
    A = with_ones(X)
    return A.T @ (1 / (1 + np.exp(-A @ w)) - y) / len(y)


def hessian(X, y, w):
    A = with_ones(X)
    p = 1 / (1 + np.exp(-A @ w))
    return A.T @ (A * (p * (1 - p))[:, None]) / len(y)


def mean_bce(X, y, w):
    z = with_ones(X) @ w
    return float(np.mean(np.logaddexp(0, z) - y * z))


def descend_numpy(gradient_at, lr, steps):
    """w <- w - lr g from 0 for ``steps`` steps, or until |g| < TOLERANCE: the weights and |g| at each point."""
    path = [np.zeros(3)]
    norms = [np.linalg.norm(gradient_at(path[-1]))]
    while norms[-1] >= TOLERANCE and len(path) <= steps:
        path.append(path[-1] - lr * gradient_at(path[-1]))
        norms.append(np.linalg.norm(gradient_at(path[-1])))
    return np.array(path), np.array(norms)


def test_hessian_is_the_closed_form(lesson):
    """Truth: X^T diag(p(1-p)) X / n in numpy, at the start (p = 0.5 everywhere) and at the optimum."""
    result = lesson[0]
    X, y = result["data"]
    np.testing.assert_allclose(result["hessian_start"], with_ones(X).T @ with_ones(X) / (4 * len(y)), atol=1e-12)
    np.testing.assert_allclose(result["hessian_optimum"], hessian(X, y, result["newton"]["path"][-1]), atol=1e-12)


def test_newton_reaches_zero_gradient_in_a_handful_of_steps(lesson, numbers_in):
    """Truth: numpy's gradient X^T (sigmoid(Xw) - y) / n at every printed step, and Newton's steps in numpy."""
    result, printed, folder = lesson
    X, y = result["data"]
    run = result["newton"]
    assert run["steps"] <= 10 and np.linalg.norm(gradient(X, y, run["path"][-1])) < TOLERANCE
    w = np.zeros(3)
    for step, (lesson_w, loss, norm) in enumerate(zip(run["path"], run["losses"], run["norms"])):
        np.testing.assert_allclose(lesson_w, w, atol=1e-10)
        assert abs(loss - mean_bce(X, y, w)) < 1e-12 and abs(norm - np.linalg.norm(gradient(X, y, w))) < 1e-12
        row = numbers_in(re.search(rf"^ +{step} .*$", printed, re.M)[0])
        np.testing.assert_allclose(row, [step, mean_bce(X, y, w), np.linalg.norm(gradient(X, y, w)), *w],
                                   rtol=1e-2, atol=1e-5)  # printed to 9 decimals, 3 digits, 5 decimals
        w = w - np.linalg.solve(hessian(X, y, w), gradient(X, y, w))
    assert (folder / "newton.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_gradient_descent_takes_many_more_steps_to_the_same_weights(lesson, numbers_in):
    """Truth: gradient descent with lr = 1 / (numpy's largest eigenvalue of H at 0) run here in numpy."""
    result, printed, _ = lesson
    X, y = result["data"]
    lr = 1 / np.linalg.eigvalsh(with_ones(X).T @ with_ones(X) / (4 * len(y))).max()
    path, _ = descend_numpy(lambda w: gradient(X, y, w), lr, 5000)
    run = result["descent"]
    assert abs(result["lr"] - lr) < 1e-12 and abs(run["steps"] - (len(path) - 1)) <= 1  # ties at the threshold
    np.testing.assert_allclose(run["path"][:len(path)], path[:len(run["path"])], atol=1e-9)
    assert run["steps"] >= 100 and np.linalg.norm(gradient(X, y, run["path"][-1])) < TOLERANCE
    np.testing.assert_allclose(run["path"][-1], result["newton"]["path"][-1], atol=1e-6)
    assert abs(result["gap"] - np.abs(run["path"][-1] - result["newton"]["path"][-1]).max()) < 1e-15
    counts = numbers_in(re.search(r"^Steps to .*$", printed, re.M)[0])
    assert counts[-1] == run["steps"] and counts[1] == result["newton"]["steps"]


def test_largest_eigenvalues(lesson):
    """Truth: np.linalg.eigvalsh of the numpy Hessian, at the start (L0) and at the optimum (L*)."""
    result = lesson[0]
    X, y = result["data"]
    assert abs(result["L0"] - np.linalg.eigvalsh(hessian(X, y, np.zeros(3))).max()) < 1e-12
    assert abs(result["L_star"] - np.linalg.eigvalsh(hessian(X, y, result["newton"]["path"][-1])).max()) < 1e-12
    assert result["L_star"] < result["L0"]  # p(1 - p) < 1/4 away from the start


def test_on_the_quadratic_model_under_the_bound_converges_and_over_it_diverges(lesson):
    """Truth: w <- w - lr (g0 + H0 w) in numpy, with g0 and H0 the numpy gradient and Hessian at 0."""
    result = lesson[0]
    X, y = result["data"]
    g0, H0 = gradient(X, y, np.zeros(3)), hessian(X, y, np.zeros(3))
    L0 = np.linalg.eigvalsh(H0).max()
    under, over = (result["quadratic"][factor] for factor in (0.9, 1.1))
    for factor, run in ((0.9, under), (1.1, over)):
        _, norms = descend_numpy(lambda w: g0 + H0 @ w, factor * 2 / L0, len(run["norms"]) - 1)
        np.testing.assert_allclose(run["norms"], norms, rtol=1e-6)
    assert under["converged"] and under["norms"][-1] < TOLERANCE
    assert not over["converged"] and over["norms"][-1] > 1e6 * over["norms"][0]


def test_on_bce_the_curvature_at_the_bottom_decides(lesson):
    """Truth: gradient descent in numpy at 1.1 x 2/L0 and 0.9 x 2/L* converges; at 1.1 x 2/L* it ends in
    a two-point bounce with |g| far from 0 (w_k = w_k-2, w_k != w_k-1)."""
    result = lesson[0]
    X, y = result["data"]
    L_star = np.linalg.eigvalsh(hessian(X, y, result["newton"]["path"][-1])).max()
    L0 = np.linalg.eigvalsh(hessian(X, y, np.zeros(3))).max()
    runs = ((1.1 * 2 / L0, result["beyond"]), (0.9 * 2 / L_star, result["local"][0.9]),
            (1.1 * 2 / L_star, result["local"][1.1]))
    for lr, run in runs:
        path, norms = descend_numpy(lambda w: gradient(X, y, w), lr, len(run["norms"]) - 1)
        np.testing.assert_allclose(run["path"], path, atol=1e-6)
    before, last, now = path[-3:]  # the 1.1 x 2/L* run, the last of the three
    assert norms[-1] > 1e-2 and np.abs(now - before).max() < 1e-9 and np.abs(now - last).max() > 0.1
    assert result["beyond"]["converged"] and result["local"][0.9]["converged"] and not result["local"][1.1]["converged"]
