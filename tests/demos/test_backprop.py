"""The backprop lesson: the seed's forward pass (p = 0.72, y = 1, loss 0.33), gradients that
match the hand-derived dL/dz = p - y, its files, and a gradient-descent step that lowers the loss."""
import json
import math
import re
import shutil

from demos import backprop

P, Y = 0.72, 1.0
X1, X2, W1, W2 = 2.0, -1.0, 0.5, 0.3
LR = 0.5
# By hand: L = -ln sigmoid(z) with z = w1*x1 + w2*x2 + b, so dL/dz = p - y, dL/dw = (p - y) x, dL/dx = (p - y) w.
HAND = {"z": P - Y, "p": -1 / P, "b": P - Y, "w1": (P - Y) * X1, "w2": (P - Y) * X2,
        "x1": (P - Y) * W1, "x2": (P - Y) * W2}


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z))


def _run(tmp_path, capsys) -> tuple[dict, str, str]:
    result = backprop.main(["--fast", "--out", str(tmp_path)])
    captured = capsys.readouterr()
    return result, captured.out, captured.err


def test_forward_pass_and_loss_are_the_seeds_numbers(tmp_path, capsys):
    result, printed, _ = _run(tmp_path, capsys)
    assert math.isclose(result["p"].data, P, rel_tol=1e-12)
    assert math.isclose(result["loss"].data, -math.log(P), rel_tol=1e-12)
    assert "p = sigmoid(z) = 0.7200" in printed
    assert f"L = -ln p = {-math.log(P):.4f} (nn.bce gives {-math.log(P):.4f})" in printed
    assert round(-math.log(P), 2) == 0.33  # the seed's "loss ~ 0.33"
    tanh_local = 1 - math.tanh(2.0 * -3.0 + 6.88) ** 2  # the lesson neuron, d out/d w1 = tanh'(n) * x1
    assert math.isclose(result["path_product"], tanh_local * 2.0, rel_tol=1e-12)
    assert f"= {tanh_local:.4f} * 1 * 1 * 2 = {2 * tanh_local:.4f}" in printed


def test_printed_chain_rule_steps_equal_the_hand_derived_gradients(tmp_path, capsys):
    result, printed, _ = _run(tmp_path, capsys)
    totals = {name: float(value) for name, value in re.findall(r"so dL/d(\w+) = (-?[\d.]+)", printed)}
    assert set(HAND) <= set(totals)
    for name, grad in HAND.items():
        assert totals[name] == round(grad, 4), name
    for name in ("w1", "w2", "b"):
        assert math.isclose(result["grads"][name], HAND[name], rel_tol=1e-9)
    assert result["gradcheck"] and "all gradients match" in printed
    rows = {row.label: row for row in result["gradcheck"]}
    for name in ("x1", "x2", "w1", "w2", "b"):
        assert math.isclose(rows[name].numerical, HAND[name], rel_tol=1e-6)


def test_one_gradient_step_lowers_the_loss(tmp_path, capsys):
    result, printed, _ = _run(tmp_path, capsys)
    b = math.log(P / (1 - P)) - (W1 * X1 + W2 * X2)
    w1, w2, b = W1 - LR * HAND["w1"], W2 - LR * HAND["w2"], b - LR * HAND["b"]
    assert w1 > W1 and w2 < W2  # negative gradient -> increase; positive gradient -> decrease
    new_loss = -math.log(_sigmoid(w1 * X1 + w2 * X2 + b))
    assert math.isclose(result["new_loss"], new_loss, rel_tol=1e-12)
    assert new_loss < -math.log(P)
    assert f"the loss falls from {-math.log(P):.4f} to {new_loss:.4f}" in printed
    assert "w2: grad +0.2800 (positive: lowering it lowers L, so it decreases): 0.3000 -> 0.1600" in printed


def test_writes_the_picture_and_the_step_through_page(tmp_path, capsys):
    _, printed, _ = _run(tmp_path, capsys)
    if shutil.which("dot"):
        assert "<svg" in (tmp_path / "backprop.svg").read_text()
        assert (tmp_path / "backprop.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    else:
        assert "digraph" in (tmp_path / "backprop.dot").read_text()
    page = (tmp_path / "backprop.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="steps">(.*?)</script>', page, re.S).group(1))
    grads = {node["name"]: node["grad"] for node in data["nodes"]}
    for name, grad in HAND.items():
        assert math.isclose(grads[name], grad, rel_tol=1e-9), name
    assert len(data["steps"]) == 11  # one per edge: neg, log, sigmoid, +, + (2 each), * (2 each)
    assert f"Open {tmp_path / 'backprop.html'} in a browser" in printed


def test_without_graphviz_it_writes_the_dot_source_and_keeps_going(tmp_path, capsys, monkeypatch):
    which = shutil.which
    monkeypatch.setattr(shutil, "which", lambda name, *args, **kw: None if name == "dot" else which(name, *args, **kw))
    result, printed, errors = _run(tmp_path, capsys)
    assert "digraph" in (tmp_path / "backprop.dot").read_text()
    assert not (tmp_path / "backprop.svg").exists() and not (tmp_path / "backprop.png").exists()
    assert "Graphviz's 'dot' program was not found" in errors and errors.count("\n") == 1
    assert (tmp_path / "backprop.html").is_file() and result["new_loss"] < result["loss"].data
    assert "the loss falls from" in printed

