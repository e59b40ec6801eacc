"""The MSE-vs-BCE lesson: at z = -6 MSE's gradient nearly vanishes, and from a confidently wrong start only BCE learns."""
import math

from demos import mse_vs_bce


def test_mse_gradient_vanishes_where_bce_pushes(tmp_path, capsys):
    result = mse_vs_bce.main(["--fast", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    p = 1 / (1 + math.exp(6.0))  # sigmoid(-6)
    mse_grad, bce_grad = 2 * (p - 1) * p * (1 - p), p - 1  # dL/dz by hand, for y = 1
    assert math.isclose(result["gradients"]["mse"][1], mse_grad, rel_tol=1e-9)
    assert math.isclose(result["gradients"]["bce"][1], bce_grad, rel_tol=1e-9)
    assert abs(result["gradients"]["mse"][1]) < abs(result["gradients"]["bce"][1]) / 100
    assert f"dL/dz = {mse_grad:+.6f}" in printed and f"dL/dz = {bce_grad:+.6f}" in printed
    assert f"BCE pushes z {bce_grad / mse_grad:.0f}x harder" in printed


def test_bce_recovers_from_a_confidently_wrong_start_and_mse_does_not(tmp_path, capsys):
    result = mse_vs_bce.main(["--fast", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    runs = result["runs"]
    for loss in ("mse", "bce"):
        assert runs["wrong", loss]["accuracy"][0] < 0.1  # the start is confidently wrong, for both
    assert runs["wrong", "bce"]["accuracy"][-1] >= 0.9 and runs["wrong", "bce"]["bce"][-1] < 0.3
    assert runs["wrong", "mse"]["accuracy"][-1] < 0.1 and runs["wrong", "mse"]["bce"][-1] > 5
    assert result["reached_90_percent"]["wrong"]["mse"].startswith("not in")
    assert all(runs["default", loss]["accuracy"][-1] >= 0.9 for loss in ("mse", "bce"))  # the honest part
    assert "start 'wrong': 90% accuracy reached with MSE: not in" in printed
    for name in ("mse_vs_bce_gradients.png", "mse_vs_bce_training.png"):
        assert (tmp_path / name).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
