"""The closed-form lesson: gradient descent on Values lands on the least-squares solution
computed here, and on the logistic optimum, where the borrowed linear formula does not."""
import numpy as np

from demos import closed_form


def bce_gradient(X, y, v):
    A = np.column_stack([X, np.ones(len(X))])
    return A.T @ (1 / (1 + np.exp(-A @ v)) - y) / len(y)


def test_gradient_descent_meets_the_normal_equation_and_newton(tmp_path, capsys):
    result = closed_form.main(["--fast", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    X, y = result["linear_data"]
    least_squares = np.linalg.lstsq(np.column_stack([X, np.ones(len(X))]), y, rcond=None)[0]
    np.testing.assert_allclose(result["linear_closed_form"], least_squares, atol=1e-10)
    np.testing.assert_allclose(result["linear_gd"], least_squares, atol=1e-5)
    path = result["linear_path"]
    assert np.abs(path[0] - least_squares).max() > 1.0  # it really walked there

    Xc, yc = result["logistic_data"]
    assert np.linalg.norm(bce_gradient(Xc, yc, result["logistic_gd"])) < 1e-5  # the bottom: gradient 0
    np.testing.assert_allclose(result["logistic_gd"], result["logistic_newton"], atol=1e-4)
    borrowed = np.linalg.norm(bce_gradient(Xc, yc, result["borrowed"]))
    assert borrowed > 0.1 and abs(borrowed - result["borrowed_gradient_norm"]) < 1e-12
    assert "(1/n) sum_i (sigmoid(w . x_i + b) - y_i) x_i = 0" in printed
    assert (tmp_path / "closed_form.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
