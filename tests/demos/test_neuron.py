"""The neuron lesson, out = tanh(x1*w1 + x2*w2 + b), against its gradients worked out by hand:
n = 2*(-3) + 0*1 + 6.88 = 0.88, d out/dn = 1 - tanh(n)**2, d out/dw1 = that times x1, and so on."""
import math

import pytest

from demos import neuron

X1, X2, W1, W2, B = 2.0, 0.0, -3.0, 1.0, 6.88
N = X1 * W1 + X2 * W2 + B
LOCAL = 1 - math.tanh(N) ** 2  # d tanh(n)/dn
HAND = {"x1": W1 * LOCAL, "x2": W2 * LOCAL, "w1": X1 * LOCAL, "w2": X2 * LOCAL, "b": LOCAL}


def out(x1, x2, w1, w2, b):
    return math.tanh(x1 * w1 + x2 * w2 + b)


@pytest.fixture(scope="module")
def lesson(run_fast_lesson):
    """Run the fast lesson once for this module: (its result, what it printed, its folder)."""
    return run_fast_lesson(neuron)


def test_forward_values_and_gradients_are_the_hand_derived_ones(lesson, numbers_in):
    """Truth by hand: n = 0.88, out = tanh(0.88), d out/dx1 = w1 tanh'(n), d out/dw1 = x1 tanh'(n), ..."""
    result, printed, folder = lesson
    assert math.isclose(N, 0.88, rel_tol=1e-12) and math.isclose(result["out"].data, math.tanh(N), rel_tol=1e-12)
    for name, grad in HAND.items():
        assert math.isclose(result["leaves"][name].grad, grad, rel_tol=1e-12, abs_tol=1e-15), name
    rows = {line.split()[0]: line.split() for line in printed.splitlines() if line.split()[1:2] in (["leaf"], ["+"])}
    for name, grad in HAND.items():
        assert float(rows[name][3]) == round(grad, 4), rows[name]
    assert float(rows["n"][2]) == round(N, 4) and float(rows["n"][3]) == round(LOCAL, 4)
    out_row = next(line for line in printed.splitlines() if line.startswith("out "))
    assert float(out_row.split()[2]) == round(math.tanh(N), 4)
    nudge = next(numbers_in(line)[-1] for line in printed.splitlines() if "nudging w1 up by 0.001" in line)
    assert abs(nudge - 0.001 * HAND["w1"]) < 5e-7  # a gradient read as a rate
    assert list(folder.iterdir()) == []  # the lesson writes no file


def test_gradients_match_central_differences_taken_here(lesson):
    """Truth: (f(v + h) - f(v - h)) / 2h of math.tanh(x1*w1 + x2*w2 + b), for each input, computed here."""
    result = lesson[0]
    inputs, h = {"x1": X1, "x2": X2, "w1": W1, "w2": W2, "b": B}, 1e-6
    report = {row.label: row for row in result["gradcheck"]}
    assert result["gradcheck"] and list(report) == list(neuron.INPUTS)
    for name in inputs:
        up, down = dict(inputs, **{name: inputs[name] + h}), dict(inputs, **{name: inputs[name] - h})
        numerical = (out(**up) - out(**down)) / (2 * h)
        assert math.isclose(result["leaves"][name].grad, numerical, rel_tol=1e-6, abs_tol=1e-9), name
        assert math.isclose(report[name].numerical, numerical, rel_tol=1e-6, abs_tol=1e-9), name
