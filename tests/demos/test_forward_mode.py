"""The forward-mode lesson: every derivative it prints against a formula differentiated by hand in this file,
central differences recomputed here, and the pass counts of forward and reverse mode (n and 1, 1 and m)."""
import math
import re

import pytest

from demos import forward_mode


@pytest.fixture(scope="module")
def lesson(run_fast_lesson):
    """Run the fast lesson once for this module: (its result, what it printed, its folder)."""
    return run_fast_lesson(forward_mode)


def f(x):
    return x * math.sin(x) + math.exp(-x ** 2)


def f_prime(x):
    return math.sin(x) + x * math.cos(x) - 2 * x * math.exp(-x ** 2)


def f_third(x):
    # f'' = 2 cos x - x sin x + (4x^2 - 2) exp(-x^2), once more:
    return -3 * math.sin(x) - x * math.cos(x) + (12 * x - 8 * x ** 3) * math.exp(-x ** 2)


def test_every_way_meets_the_derivative_worked_out_here(lesson):
    """Truth: f'(x) = sin x + x cos x - 2x exp(-x^2) and f''' written in this file."""
    result = lesson[0]
    x = forward_mode.POINT
    for point in (-2.0, -0.3, 0.0, 0.7, 1.9):
        assert abs(forward_mode.f_prime_by_hand(point) - f_prime(point)) < 1e-15
    assert result["symbolic"] == pytest.approx(f_prime(x), abs=1e-15)
    assert set(result["automatic"]) == {"backward()", "grad(f)", "jvp(f, [x], [1])", "Dual(x, 1)"}
    for value in result["automatic"].values():
        assert abs(value - f_prime(x)) < 1e-15
    assert abs(result["third"] - f_third(x)) < 1e-12


def test_central_difference_error_shrinks_then_grows(lesson):
    """Truth: (f(x + eps) - f(x - eps)) / 2 eps computed here, its error near eps^2 |f'''| / 6 for large eps."""
    result, printed, _ = lesson
    x, errors = forward_mode.POINT, result["errors"]
    eps_values = sorted(errors, reverse=True)  # 1e-1 down to 1e-13
    for eps in eps_values:
        here = abs((f(x + eps) - f(x - eps)) / (2 * eps) - f_prime(x))
        assert errors[eps] == pytest.approx(here, rel=1e-6, abs=1e-15)
        if 1e-4 <= eps <= 1e-2:  # truncation dominates there
            assert errors[eps] == pytest.approx(eps ** 2 * abs(f_third(x)) / 6, rel=0.05)
    best = min(errors, key=errors.get)
    assert result["best_eps"] == best and 1e-7 <= best <= 1e-4
    shrinking = [eps for eps in eps_values if eps >= best]
    assert all(errors[a] > errors[b] for a, b in zip(shrinking, shrinking[1:]))  # down to the best eps
    assert errors[eps_values[-1]] > 1e4 * errors[best] and errors[eps_values[0]] > 1e4 * errors[best]
    marked = re.search(r"^ +(\S+) .*<- best$", printed, re.M)[1]
    assert float(marked) == best


def test_forward_and_reverse_give_the_same_derivatives_in_n_and_1_passes(lesson):
    """Truth: d/dx_j sum x_i sin(x_i+1) = sin(x_j+1) + x_j-1 cos(x_j), and d/dt exp(-t) sin(kt)
    = exp(-t)(k cos kt - sin kt), both worked out here; passes n and 1, then 1 and m."""
    result, printed, folder = lesson
    gradient, jacobian = result["gradient"], result["jacobian"]
    xs, n = gradient["point"], len(gradient["point"])
    expected = [math.sin(xs[(j + 1) % n]) + xs[j - 1] * math.cos(xs[j]) for j in range(n)]
    for computed in (gradient["forward"], gradient["reverse"]):
        assert computed == pytest.approx(expected, abs=1e-14)
    t, m = jacobian["t"], len(jacobian["reverse"])
    expected = [math.exp(-t) * (k * math.cos(k * t) - math.sin(k * t)) for k in range(1, m + 1)]
    for computed in (jacobian["forward"], jacobian["reverse"]):
        assert computed == pytest.approx(expected, abs=1e-14)
    assert n >= 3 and m >= 3 and len(jacobian["forward"]) == m
    assert gradient["passes"] == {"forward": n, "reverse": 1}
    assert jacobian["passes"] == {"forward": 1, "reverse": m}
    assert re.search(rf"^  forward mode: {n} passes", printed, re.M)
    assert re.search(rf"^  reverse mode: {m} backward passes", printed, re.M)
    for picture in ("forward_mode.png", "forward_mode_passes.png"):  # the errors against eps, then the passes
        assert (folder / picture).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
