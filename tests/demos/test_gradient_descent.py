"""The gradient-descent lesson on L(w) = (w - 3)**2 against the math: dL/dw = 2 (w - 3), and since
w - lr * 2 (w - 3) - 3 = (1 - 2 lr)(w - 3), after k steps w = 3 + (1 - 2 lr)**k (start - 3)."""
import math

import pytest

from demos import gradient_descent

LR = gradient_descent.LEARNING_RATE


def after(start: float, k: int) -> float:
    """w after k updates from ``start``, in closed form."""
    return 3 + (1 - 2 * LR) ** k * (start - 3)


@pytest.fixture(scope="module")
def lesson(run_fast_lesson):
    """Run the fast lesson once for this module: (its result, what it printed, its folder)."""
    return run_fast_lesson(gradient_descent)


def test_every_step_follows_the_closed_form_to_the_minimum(lesson):
    """Truth: L = (w - 3)**2, dL/dw = 2 (w - 3), w_k = 3 + (1 - 2 lr)**k (start - 3), minimum at w = 3."""
    result, _, folder = lesson
    left, right = sorted(result["runs"])
    assert left < 3 < right  # one start on each side of the minimum
    for start, rows in result["runs"].items():
        for k, row in enumerate(rows):
            w = after(start, k)
            assert math.isclose(row["w"], w) and math.isclose(row["w_new"], after(start, k + 1))
            assert math.isclose(row["loss"], (w - 3) ** 2) and math.isclose(row["grad"], 2 * (w - 3))
            assert math.isclose(row["change"], LR * 2 * (w - 3))
        losses = [row["loss"] for row in rows]
        assert all(later < earlier for earlier, later in zip(losses, losses[1:]))  # the loss falls at every step
        assert math.isclose(result["final"][start], after(start, len(rows)))
        assert abs(result["final"][start] - 3.0) < 0.02
    assert result["final"][left] > left and result["final"][right] < right  # one weight went up, one down
    assert (folder / "gradient_descent.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_printed_numbers_follow_the_closed_form(lesson, numbers_in):
    """Truth: at w = 0, L = 9 and dL/dw = -6 (move right); at w = 5, L = 4 and +4 (move left); the tables' w_k."""
    printed = lesson[1]
    directions = [line for line in printed.splitlines() if line.startswith("  at w = ")]
    assert [numbers_in(line)[0] for line in directions] == [0, 5]
    for line in directions:
        w, loss, grad, nudge, nudged = numbers_in(line)
        assert (loss, grad, nudged) == pytest.approx(((w - 3) ** 2, 2 * (w - 3), (w + nudge - 3) ** 2), abs=5e-3)
        assert ("move right" if 2 * (w - 3) < 0 else "move left") in line
    for block in printed.split("\nstart w = ")[1:]:
        start, *table = block.split("\n\n")[0].splitlines()  # "-1", the header, one row per step
        start, rows = float(start), [numbers_in(line) for line in table[1:]]
        assert len(rows) == len(lesson[0]["runs"][start])
        for step, w, loss, grad, change, w_new in rows:
            w_old = after(start, int(step) - 1)
            expected = (w_old, (w_old - 3) ** 2, 2 * (w_old - 3), LR * 2 * (w_old - 3), after(start, int(step)))
            assert (w, loss, grad, change, w_new) == pytest.approx(expected, abs=1e-4)  # printed to 4 decimals
