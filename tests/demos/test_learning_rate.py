"""The learning-rate lesson: on L(w) = (w - 3)**2 from w = 0 each step multiplies w - 3 by 1 - 2 lr, so after
k steps w = 3 - 3 (1 - 2 lr)**k and L = 9 (1 - 2 lr)**(2k); the network run is held to properties of training."""
import math

import pytest

from demos import learning_rate
from nn import DivergedError


def line_for(printed: str, lr: float) -> str:
    return next(line for line in printed.splitlines() if line.startswith(f"lr={lr:g}:"))


@pytest.fixture(scope="module")
def lesson(run_fast_lesson):
    """Run the fast lesson once for this module: (its result, what it printed, its folder)."""
    return run_fast_lesson(learning_rate)


def test_bowl_follows_the_closed_form_for_every_rate(lesson, numbers_in):
    """Truth: w_k = 3 - 3 (1 - 2 lr)**k, L_k = 9 (1 - 2 lr)**(2k); |1 - 2 lr| > 1 diverges."""
    result, printed, _ = lesson
    verdicts = []
    for lr, (weights, losses) in result["bowl"].items():
        factor = 1 - 2 * lr
        assert len(weights) == len(losses) == 31  # the start and 30 steps
        for k, (w, loss) in enumerate(zip(weights, losses)):
            assert math.isclose(w, 3 - 3 * factor ** k, rel_tol=1e-9, abs_tol=1e-12)
            assert math.isclose(loss, 9 * factor ** (2 * k), rel_tol=1e-9, abs_tol=1e-20)
        final = 9 * factor ** 60
        verdict = "diverging" if abs(factor) > 1 else "converged" if final <= 9e-6 else "too small"
        verdicts.append(verdict)
        line = line_for(printed, lr)
        assert line.startswith(f"lr={lr:g}: {verdict}"), line
        assert any(math.isclose(number, final, rel_tol=5e-3) for number in numbers_in(line)), line
    assert verdicts == ["too small", "converged", "diverging"]  # the three rates show the three cases


def test_network_run_reports_the_diverging_rate_without_crashing(lesson, numbers_in):
    """Properties: one start so one first loss; the good rate learns 10x; lr = 1 grows, then DivergedError."""
    result, printed, folder = lesson
    too_small, good, too_large = (result["network"][lr] for lr in learning_rate.NETWORK_RATES)
    assert too_small[0][0] == good[0][0] == too_large[0][0]  # the first epoch's loss is the shared start's
    assert good[1] is None and good[0][-1] < good[0][0] / 10  # the good rate learns
    assert too_small[1] is None and too_small[0][-1] > 3 * good[0][-1]  # the small one is still far behind
    assert isinstance(too_large[1], DivergedError) and too_large[0][-1] > 1e6 * too_large[0][0]
    assert too_large[1].epoch == len(too_large[0]) + 1  # it failed in the epoch after the last finished one
    assert numbers_in(line_for(printed, 1.0))[-1] == too_large[1].epoch
    for lr, verdict in zip(learning_rate.NETWORK_RATES, ("too small", "converged", "diverging")):
        assert line_for(printed, lr).startswith(f"lr={lr:g}: {verdict}")
    assert (folder / "learning_rate.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
