"""The closed-form lesson: gradient descent on Values lands on numpy's least-squares solution, and on
the logistic optimum found by a Newton solve written here, where the borrowed linear formula does not."""
import re

import numpy as np
import pytest

from demos import closed_form


def with_ones(X):
    return np.column_stack([X, np.ones(len(X))])  # the last column carries the bias b


def bce_gradient(X, y, v):
    A = with_ones(X)
    return A.T @ (1 / (1 + np.exp(-A @ v)) - y) / len(y)


def newton_optimum(X, y):
    """(w0, w1, b) minimising mean BCE by Newton's method, written here rather than taken from the lesson."""
    A, v = with_ones(X), np.zeros(X.shape[1] + 1)
    for _ in range(30):
        p = 1 / (1 + np.exp(-A @ v))
        v = v - np.linalg.solve(A.T @ (A * (p * (1 - p))[:, None]), A.T @ (p - y))
    return v


@pytest.fixture(scope="module")
def lesson(run_fast_lesson):
    """Run the fast lesson once for this module: (its result, what it printed, its folder)."""
    return run_fast_lesson(closed_form)


def test_gradient_descent_meets_numpys_least_squares(lesson):
    """Truth: np.linalg.lstsq on the lesson's points, for the normal equation, the walk and the printed line."""
    result, printed, folder = lesson
    X, y = result["linear_data"]
    least_squares = np.linalg.lstsq(with_ones(X), y, rcond=None)[0]
    np.testing.assert_allclose(result["linear_closed_form"], least_squares, atol=1e-10)
    np.testing.assert_allclose(result["linear_gd"], least_squares, atol=1e-5)
    assert np.abs(result["linear_path"][0] - least_squares).max() > 1.0  # it really walked there
    w, b = re.search(r"normal equation .*: +w = (\S+) +b = (\S+)", printed).groups()
    np.testing.assert_allclose([float(w), float(b)], least_squares, rtol=0, atol=1e-8)
    assert (folder / "closed_form.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_logistic_search_meets_newton_and_the_borrowed_formula_misses(lesson):
    """Truth: a Newton solve in numpy written here (gradient 0 there), and lstsq for the borrowed formula."""
    result = lesson[0]
    X, y = result["logistic_data"]
    optimum = newton_optimum(X, y)
    assert np.linalg.norm(bce_gradient(X, y, optimum)) < 1e-12
    np.testing.assert_allclose(result["logistic_newton"], optimum, atol=1e-10)
    np.testing.assert_allclose(result["logistic_gd"], optimum, atol=1e-5)
    assert result["newton_norms"][-1] < 1e-10 and result["gd_norms"][-1] < 1e-5  # both stopped at the bottom
    borrowed = np.linalg.lstsq(with_ones(X), y, rcond=None)[0]
    np.testing.assert_allclose(result["borrowed"], borrowed, atol=1e-10)
    norm = np.linalg.norm(bce_gradient(X, y, borrowed))
    assert norm > 0.1 and abs(norm - result["borrowed_gradient_norm"]) < 1e-12
