"""The backprop lesson against a derivation by hand: p = sigmoid(z) = 0.72, L = -ln p = 0.3285,
dL/dz = p - y, dL/dw = (p - y) x, one gradient step redone with math, and central differences."""
import json
import math
import re
import shutil

import pytest

from demos import backprop

P, Y, LR = 0.72, 1.0, 0.5
X1, X2, W1, W2 = 2.0, -1.0, 0.5, 0.3
B = math.log(P / (1 - P)) - (W1 * X1 + W2 * X2)  # the bias that makes sigmoid(z) = 0.72
# By hand: L = -ln sigmoid(z) with z = w1*x1 + w2*x2 + b, so dL/dz = p - y, dL/dw = (p - y) x, dL/dx = (p - y) w.
HAND = {"z": P - Y, "p": -1 / P, "b": P - Y, "w1": (P - Y) * X1, "w2": (P - Y) * X2,
        "x1": (P - Y) * W1, "x2": (P - Y) * W2}
OLD = {"w1": W1, "w2": W2, "b": B}
NEW = {name: OLD[name] - LR * HAND[name] for name in OLD}  # w_new = w - lr * dL/dw
NEW_LOSS = -math.log(1 / (1 + math.exp(-(NEW["w1"] * X1 + NEW["w2"] * X2 + NEW["b"]))))
TANH_LOCAL = 1 - math.tanh(2.0 * -3.0 + 6.88) ** 2  # the lesson neuron: tanh'(n) at n = 0.88


@pytest.fixture(scope="module")
def lesson(run_fast_lesson):
    """Run the fast lesson once for this module: (its result, what it printed, its folder)."""
    return run_fast_lesson(backprop)


def test_forward_pass_is_sigmoid_then_minus_log(lesson):
    """Truth by hand: z = ln(0.72 / 0.28), p = 0.72, L = -ln 0.72 = 0.3285; d out/d w1 = tanh'(0.88) * 2."""
    result, printed, _ = lesson
    p = result["p"]
    assert math.isclose(p.parents[0].data, math.log(P / (1 - P)), rel_tol=1e-12)  # z
    assert math.isclose(p.data, P, rel_tol=1e-12)
    assert math.isclose(result["loss"].data, -math.log(P), rel_tol=1e-12) and abs(result["loss"].data - 0.3285) < 5e-5
    assert abs(float(re.search(r"p = sigmoid\(z\) = ([\d.]+)", printed)[1]) - P) < 5e-5
    assert abs(float(re.search(r"L = -ln p = ([\d.]+)", printed)[1]) + math.log(P)) < 5e-5
    assert math.isclose(result["path_product"], TANH_LOCAL * 2.0, rel_tol=1e-12)
    factor, product = re.search(r"= ([\d.]+) \* 1 \* 1 \* 2 = ([\d.]+)", printed).groups()
    assert abs(float(factor) - TANH_LOCAL) < 5e-5 and abs(float(product) - 2 * TANH_LOCAL) < 5e-5


def test_chain_rule_steps_equal_the_hand_derived_gradients(lesson):
    """Truth by hand (dL/dz = p - y = -0.28, dL/dw = (p - y) x, ...) and central differences of L."""
    result, printed, _ = lesson
    totals = {name: float(value) for name, value in re.findall(r"so dL/d(\w+) = (-?[\d.]+)", printed)}
    assert set(HAND) <= set(totals)
    for name, grad in HAND.items():
        assert totals[name] == round(grad, 4), name
    assert math.isclose(result["p"].grad, HAND["p"], rel_tol=1e-9)
    assert math.isclose(result["p"].parents[0].grad, HAND["z"], rel_tol=1e-9)
    for name in ("w1", "w2", "b"):
        assert math.isclose(result["grads"][name], HAND[name], rel_tol=1e-9)
    assert result["gradcheck"]
    rows = {row.label: row for row in result["gradcheck"]}
    for name in ("x1", "x2", "w1", "w2", "b"):
        assert math.isclose(rows[name].numerical, HAND[name], rel_tol=1e-6)


def test_one_gradient_step_lowers_the_loss(lesson):
    """Truth by hand: w_new = w - 0.5 dL/dw, then -ln sigmoid(z) at the new weights is below -ln 0.72."""
    result, printed, _ = lesson
    assert NEW["w1"] > W1 and NEW["w2"] < W2 and -math.log(P) > NEW_LOSS  # negative gradient -> up; positive -> down
    for name, new in NEW.items():
        assert math.isclose(result["leaves"][name].data, new, rel_tol=1e-12), name
    assert math.isclose(result["new_loss"], NEW_LOSS, rel_tol=1e-12)
    steps = re.findall(r"(\w+): grad ([+-][\d.]+) .*: (-?[\d.]+) -> (-?[\d.]+)", printed)
    assert [name for name, *_ in steps] == list(NEW)
    for name, grad, old, new in steps:
        assert abs(float(grad) - HAND[name]) < 5e-5 and abs(float(old) - OLD[name]) < 5e-5
        assert abs(float(new) - NEW[name]) < 5e-5, name
    before, after = re.search(r"the loss falls from (\d+\.\d+) to (\d+\.\d+)", printed).groups()
    assert abs(float(before) + math.log(P)) < 5e-5 and abs(float(after) - NEW_LOSS) < 5e-5


def test_writes_the_picture_and_the_step_through_page(lesson):
    """The page's gradients against the hand-derived ones; 11 steps, one per edge of L's graph."""
    result, _, folder = lesson
    if shutil.which("dot"):
        assert "<svg" in (folder / "backprop.svg").read_text()
        assert (folder / "backprop.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        assert "digraph" in (folder / "backprop.dot").read_text()
    page = (folder / "backprop.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="steps">(.*?)</script>', page, re.S).group(1))
    grads = {node["name"]: node["grad"] for node in data["nodes"]}
    for name, grad in HAND.items():
        assert math.isclose(grads[name], grad, rel_tol=1e-9), name
    assert len(data["steps"]) == 11  # one per edge: neg, log, sigmoid, +, + (2 each), * (2 each)
    assert folder / "backprop.html" in result["files"]


def test_without_graphviz_it_writes_the_dot_source_and_keeps_going(tmp_path, capsys, monkeypatch):
    """Without Graphviz: one warning, the .dot source, and still the hand-computed step (loss 0.3285 -> NEW_LOSS)."""
    which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kw: None if name == "dot" else which(name, *args, **kw))
    result = backprop.main(["--fast", "--out", str(tmp_path)])
    errors = capsys.readouterr().err
    assert "digraph" in (tmp_path / "backprop.dot").read_text()
    assert not (tmp_path / "backprop.svg").exists() and not (tmp_path / "backprop.png").exists()
    assert "Graphviz's 'dot' program was not found" in errors and errors.count("\n") == 1
    assert (tmp_path / "backprop.html").is_file()
    assert math.isclose(result["new_loss"], NEW_LOSS, rel_tol=1e-12)
