"""The learning-rate lesson: too small is slow, a good rate converges, too large diverges and is reported."""
from demos import learning_rate
from nn import DivergedError


def _line(printed: str, start: str) -> str:
    return next(line for line in printed.splitlines() if line.startswith(start))


def test_learning_rate_lesson_gives_each_rate_its_verdict(tmp_path, capsys):
    result = learning_rate.main(["--fast", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    # On (w - 3)**2 from w = 0 each step multiplies w - 3 by (1 - 2 lr): the loss after n steps is 9 (1 - 2 lr)**(2n).
    after = {lr: 9 * (1 - 2 * lr) ** (2 * 30) for lr in (0.01, 0.3, 1.1)}
    assert after[0.01] > 2 and after[0.3] < 1e-20 and after[1.1] > 1e5
    assert _line(printed, "lr=0.01: too small").startswith(f"lr=0.01: too small - loss still {after[0.01]:.3g} after 30 steps")
    assert _line(printed, "lr=0.3: converged")
    assert f"to {after[1.1]:.4g} in 30 steps (it grew at every step)" in _line(printed, "lr=1.1: diverging")
    weights, _ = result["bowl"][0.3]
    assert abs(weights[-1] - 3.0) < 1e-9  # the good rate lands on the known minimum


def test_learning_rate_lesson_reports_a_diverging_fit_without_crashing(tmp_path, capsys):
    result = learning_rate.main(["--fast", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    too_small, good, too_large = (result["network"][lr] for lr in learning_rate.NETWORK_RATES)
    assert good[1] is None and good[0][-1] < good[0][0] / 10  # the good rate learns
    assert too_small[1] is None and too_small[0][-1] > 3 * good[0][-1]  # the small one is still far behind
    assert isinstance(too_large[1], DivergedError)
    assert _line(printed, "lr=1: diverging").endswith(f"(then DivergedError in epoch {too_large[1].epoch})")
    assert "reported as diverging, not crashed: training diverged in epoch" in printed
    assert _line(printed, "lr=0.002: too small") and _line(printed, "lr=0.05: converged")
    assert (tmp_path / "learning_rate.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
