"""The BCE lesson against numbers worked out by hand: -ln 0.9 = 0.1054, -ln 0.1 = 2.3026,
dL/dp = -1/p when y = 1 and 1/(1 - p) when y = 0."""
import math
import sys

import pytest

from demos import bce

PNG = b"\x89PNG\r\n\x1a\n"
WORKED_OUT = {(1, 0.9): 0.1054, (1, 0.1): 2.3026, (0, 0.1): 0.1054, (0, 0.9): 2.3026}  # -ln(p of the true class)


def by_hand(y: int, p: float) -> tuple[float, float]:
    """L = -ln p (y = 1) or -ln(1 - p) (y = 0), and its derivative dL/dp."""
    return (-math.log(p), -1 / p) if y == 1 else (-math.log(1 - p), 1 / (1 - p))


@pytest.fixture(scope="module")
def lesson(run_fast_lesson):
    """Run the fast lesson once for this module: (its result, what it printed, its folder)."""
    return run_fast_lesson(bce)


def test_the_four_cases_are_minus_log_of_the_true_class(lesson, numbers_in):
    """Truth by hand: 0.1054 and 2.3026, L = -ln(p of the true class), dL/dp = -1/p or 1/(1 - p)."""
    result, printed, _ = lesson
    assert [(row["y"], row["p"]) for row in result["table"]] == list(WORKED_OUT)
    for row in result["table"]:
        loss, grad = by_hand(row["y"], row["p"])
        assert abs(row["loss"] - WORKED_OUT[row["y"], row["p"]]) < 5e-5
        assert math.isclose(row["loss"], loss, rel_tol=1e-9) and math.isclose(row["grad"], grad, rel_tol=1e-9)
        line = next(line for line in printed.splitlines() if numbers_in(line)[:2] == [row["y"], row["p"]])
        printed_loss, printed_grad = numbers_in(line)[-2:]
        assert abs(printed_loss - loss) < 5e-7 and abs(printed_grad - grad) < 5e-4, line


def test_confident_and_wrong_costs_most(lesson, numbers_in):
    """Truth by hand: -ln p and -1/p down the ladder; p = 0.01 pushes -100 / -2.5 = 40x as hard as p = 0.4."""
    result, printed, folder = lesson
    for p in bce.LADDER:
        loss, grad = result["ladder"][p]
        assert math.isclose(loss, -math.log(p), rel_tol=1e-9) and math.isclose(grad, -1 / p, rel_tol=1e-9)
    losses = [result["ladder"][p][0] for p in sorted(bce.LADDER, reverse=True)]
    assert losses == sorted(losses)  # the more confidently wrong, the larger the loss
    line = next(line for line in printed.splitlines() if line.startswith("p = 0.01 costs"))
    _, sure, times, unsure, _, push = numbers_in(line)
    assert abs(sure + math.log(0.01)) < 5e-4 and abs(unsure + math.log(0.4)) < 5e-4
    assert abs(times - math.log(0.01) / math.log(0.4)) < 0.05 and push == 40
    forward = result["forward_pass"]
    assert abs(forward["loss"] - 0.3285) < 5e-5 and math.isclose(forward["loss"], -math.log(0.72), rel_tol=1e-9)
    assert math.isclose(forward["grad"], -1 / 0.72, rel_tol=1e-9)  # negative: raising p lowers the loss
    assert (folder / "bce.png").read_bytes()[:8] == PNG


def test_bce_lesson_computes_the_table_without_matplotlib(tmp_path, capsys, monkeypatch):
    """Without matplotlib: no picture, but the same table, still -ln(p of the true class)."""
    monkeypatch.setitem(sys.modules, "matplotlib", None)  # import matplotlib now fails, as when it is absent
    result = bce.main(["--fast", "--out", str(tmp_path)])
    assert "no matplotlib" in capsys.readouterr().out
    assert result["files"] == [] and not (tmp_path / "bce.png").exists()
    for row in result["table"]:
        assert math.isclose(row["loss"], by_hand(row["y"], row["p"])[0], rel_tol=1e-9)
