"""The gradient-descent lesson: the gradient's sign gives the direction, and w_new = w - lr * grad reaches w = 3."""
import math

from demos import gradient_descent


def test_gradient_descent_lesson_reaches_the_minimum_from_both_sides(tmp_path, capsys):
    result = gradient_descent.main(["--fast", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    lr = gradient_descent.LEARNING_RATE
    for start, rows in result["runs"].items():
        for row in rows:
            w = row["w"]
            assert math.isclose(row["loss"], (w - 3) ** 2) and math.isclose(row["grad"], 2 * (w - 3))  # by hand
            assert math.isclose(row["w_new"], w - lr * 2 * (w - 3))  # the update rule
            assert f"{row['w']:>9.4f} {row['loss']:>10.6f} {row['grad']:>9.4f}" in printed
        losses = [row["loss"] for row in rows]
        assert all(later < earlier for earlier, later in zip(losses, losses[1:]))  # the loss falls at every step
        assert abs(result["final"][start] - 3.0) < 0.02  # the known optimum of (w - 3)**2
    left, right = sorted(result["runs"])
    assert left < 3 < right and result["final"][left] > left and result["final"][right] < right
    assert "dL/dw = -6 (negative)" in printed and "increase w: move right" in printed
    assert "dL/dw = +4 (positive)" in printed and "decrease w: move left" in printed
    assert "the goal is not to increase or decrease weights, only to reduce the loss" in printed
    assert (tmp_path / "gradient_descent.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
