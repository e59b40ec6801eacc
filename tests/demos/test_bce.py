"""The BCE lesson prints the seed notes' table, each row's gradient, and the confident-and-wrong penalty."""
import math
import sys

from demos import bce

PNG = b"\x89PNG\r\n\x1a\n"


def test_bce_lesson_prints_the_seed_table_with_gradients(tmp_path, capsys):
    result = bce.main(["--fast", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    for y, p in [(1, 0.9), (1, 0.1), (0, 0.1), (0, 0.9)]:
        kept = p if y == 1 else 1 - p  # the probability the model gives to the true class
        loss, grad = -math.log(kept), (-1 / p if y == 1 else 1 / (1 - p))  # BCE and dL/dp by hand
        row = next(line for line in printed.splitlines() if line.split()[:2] == [str(y), str(p)])
        assert f"-ln({kept:.1f}) = {loss:.6f}" in row and f"{grad:.3f}" in row, row
    assert f"{-math.log(0.9):.6f}".startswith("0.105") and "0.105" in printed and "2.302" in printed  # the notes' numbers
    for row in result["table"]:
        assert math.isclose(row["grad"], -1 / row["p"] if row["y"] == 1 else 1 / (1 - row["p"]), rel_tol=1e-9)


def test_bce_lesson_shows_confident_and_wrong_costs_most(tmp_path, capsys):
    result = bce.main(["--fast", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    (sure_wrong, sure_grad), (unsure, unsure_grad) = result["ladder"][0.01], result["ladder"][0.4]
    assert math.isclose(sure_wrong, -math.log(0.01)) and math.isclose(unsure, -math.log(0.4))
    assert sure_wrong > 5 * unsure - 0.1 and sure_grad / unsure_grad > 39  # -100 vs -2.5
    assert "Confident and wrong is punished hardest" in printed
    assert f"p = 0.01 costs {-math.log(0.01):.3f}" in printed
    losses = [result["ladder"][p][0] for p in bce.LADDER]
    assert losses == sorted(losses)  # the more confidently wrong, the larger the loss
    forward = result["forward_pass"]
    assert round(forward["loss"], 2) == 0.33 and math.isclose(forward["loss"], -math.log(0.72))
    assert f"-ln 0.72 = {-math.log(0.72):.4f} (about 0.33" in printed and forward["grad"] < 0
    assert (tmp_path / "bce.png").read_bytes()[:8] == PNG


def test_bce_lesson_prints_everything_without_matplotlib(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails, as when it is absent
    result = bce.main(["--fast", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    assert result["files"] == [] and not (tmp_path / "bce.png").exists()
    assert "no matplotlib" in printed and "2.302585" in printed
