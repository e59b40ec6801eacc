"""The neuron lesson prints every node's value and gradient, and a passing gradcheck."""
import math

from demos import neuron


def test_neuron_lesson_prints_hand_derived_gradients(tmp_path, capsys):
    result = neuron.main(["--fast", "--out", str(tmp_path)])
    lines = capsys.readouterr().out.splitlines()
    rows = {line.split()[0]: line.split() for line in lines if " leaf " in line}
    local = 1 - math.tanh(2.0 * -3.0 + 6.88) ** 2  # d tanh(n)/dn at n = 0.88
    expected = {"x1": -3.0 * local, "x2": 1.0 * local, "w1": 2.0 * local, "w2": 0.0, "b": local}
    for name, grad in expected.items():
        assert float(rows[name][3]) == round(grad, 4), rows[name]
        assert math.isclose(result["leaves"][name].grad, grad, rel_tol=1e-12, abs_tol=1e-15), name
    out_row = next(line for line in lines if line.startswith("out "))
    assert float(out_row.split()[2]) == round(math.tanh(0.88), 4)
    assert math.isclose(result["out"].data, math.tanh(0.88), rel_tol=1e-12)
    assert any(line.startswith("all gradients match") for line in lines)
    report = result["gradcheck"]
    assert report and [row.label for row in report] == list(neuron.INPUTS)
    assert list(tmp_path.iterdir()) == []  # the lesson writes no file
