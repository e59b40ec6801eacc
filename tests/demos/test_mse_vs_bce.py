"""The MSE-vs-BCE lesson: at z = -6 the two gradients are their formulas 2 (p - y) p (1 - p) and p - y,
the first full-batch step from the confidently wrong start is redone in numpy, and only BCE learns from there."""
import math

import numpy as np
import pytest

from demos import mse_vs_bce
from nn import make_blobs

P = 1 / (1 + math.exp(6.0))  # sigmoid(-6), the lesson's confidently wrong prediction for y = 1
HAND = {"mse": ((P - 1) ** 2, 2 * (P - 1) * P * (1 - P)), "bce": (-math.log(P), P - 1)}  # (loss, dL/dz)


@pytest.fixture(scope="module")
def lesson(run_fast_lesson):
    """Run the fast lesson once for this module: (its result, what it printed, its folder)."""
    return run_fast_lesson(mse_vs_bce)


def test_gradients_at_z_minus_6_are_their_formulas(lesson, numbers_in):
    """Truth: p = sigmoid(-6); MSE (p - 1)**2 with dL/dz = 2 (p - 1) p (1 - p); BCE -ln p with dL/dz = p - 1."""
    result, printed, _ = lesson
    assert math.isclose(result["p"], P, rel_tol=1e-12)
    for name, (loss, grad) in HAND.items():
        assert math.isclose(result["gradients"][name][0], loss, rel_tol=1e-9)
        assert math.isclose(result["gradients"][name][1], grad, rel_tol=1e-9)
        line = next(line for line in printed.splitlines() if line.startswith(f"  {name.upper()} "))
        shown = numbers_in(line.split("(closed form")[0])  # what the engine gave, not the formula beside it
        assert any(abs(n - loss) < 5e-5 for n in shown) and any(abs(n - grad) < 5e-7 for n in shown), line
    assert abs(HAND["mse"][1]) < abs(HAND["bce"][1]) / 100
    ratio = next(numbers_in(line)[0] for line in printed.splitlines() if line.startswith("BCE pushes z"))
    assert ratio == round(1 / (2 * P * (1 - P)))  # (p - 1) / (2 (p - 1) p (1 - p))


def test_first_step_from_the_wrong_start_is_numpys(lesson):
    """Truth: numpy's BCE at w = (-3, -3), b = 0, and one full-batch step v - 0.5 X^T g / n per loss."""
    runs = lesson[0]["runs"]
    X, y = make_blobs(60, centers=[[-1.5, -1], [1.5, 1]], std=1.0, seed=0)  # the fast lesson's data
    A, v = np.column_stack([X, np.ones(len(X))]), np.array([-3.0, -3.0, 0.0])

    def bce(v):
        z = A @ v
        return np.mean(np.logaddexp(0, z) - y * z)

    p = 1 / (1 + np.exp(-A @ v))
    per_sample = {"mse": 2 * (p - y) * p * (1 - p), "bce": p - y}  # dL/dz of each sample, by hand
    for loss, g in per_sample.items():
        record = runs["wrong", loss]
        assert math.isclose(record["bce"][0], bce(v), rel_tol=1e-9)
        assert record["accuracy"][0] == np.mean((p >= 0.5) == y) < 0.1  # confidently wrong, for both
        assert math.isclose(record["bce"][1], bce(v - mse_vs_bce.LR * A.T @ g / len(y)), rel_tol=1e-9)


def test_bce_recovers_from_a_confidently_wrong_start_and_mse_does_not(lesson):
    """Properties: BCE-trained reaches 90% and a low BCE; MSE-trained stays wrong; from small weights both learn."""
    result, _, folder = lesson
    runs = result["runs"]
    assert runs["wrong", "bce"]["accuracy"][-1] >= 0.9 and runs["wrong", "bce"]["bce"][-1] < 0.3
    assert runs["wrong", "mse"]["accuracy"][-1] < 0.1 and runs["wrong", "mse"]["bce"][-1] > 5
    assert result["reached_90_percent"]["wrong"]["mse"].startswith("not in")
    assert all(runs["default", loss]["accuracy"][-1] >= 0.9 for loss in ("mse", "bce"))  # the honest part
    for name in ("mse_vs_bce_gradients.png", "mse_vs_bce_training.png"):
        assert (folder / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
