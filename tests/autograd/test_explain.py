"""explain(): the chain rule step by step, with the very numbers backward() produces."""
import math

import pytest

from autograd import Value, explain


def _neuron():
    x, w, b = Value(2.0, label="x"), Value(-3.0, label="w"), Value(6.88, label="b")
    xw = x * w
    xw.label = "xw"
    n = xw + b
    n.label = "n"
    out = n.tanh()
    out.label = "out"
    return out, (x, w, b, xw, n)


def test_steps_follow_backward_order_with_upstream_times_local():
    out, _ = _neuron()
    steps = list(explain(out))
    pairs = [(s.names[1], s.names[2]) for s in steps]
    assert pairs == [("out", "n"), ("n", "xw"), ("n", "b"), ("xw", "x"), ("xw", "w")]
    d_tanh = 1 - math.tanh(0.88) ** 2
    first = steps[0]
    assert (first.upstream, first.local) == (1.0, pytest.approx(d_tanh, rel=1e-15))
    assert steps[3].upstream == pytest.approx(d_tanh) and steps[3].local == -3.0  # d(xw)/dx = w
    assert all(s.contribution == s.upstream * s.local for s in steps)


def test_printed_line_reads_like_the_chain_rule():
    out, _ = _neuron()
    text = str(explain(out))
    assert "dout/dout = 1.0000" in text.splitlines()[0]
    assert "dout/dx += dout/dxw * dxw/dx = 0.5010 * -3.0000 = -1.5029" in text
    assert "(*: d/da = b)" in text and "(tanh: d/da = 1 - out**2)" in text
    assert "so dout/dw = 1.0019" in text


def _reuse_graph():
    a, b = Value(1.5, label="a"), Value(-0.8, label="b")
    c = a * b
    d = (c + a) * c + a.exp()  # a reaches d along four paths
    return d, [a, b]


def test_numbers_equal_backward_on_a_graph_with_reuse():
    root, leaves = _reuse_graph()
    explanation = explain(root)
    root.backward()
    for leaf in leaves:
        assert explanation.grad(leaf) == leaf.grad  # same order, same float operations: exactly equal
    totals = {}
    for step in explanation:
        if step.last:
            totals[id(step.parent)] = step.total
    assert [totals[id(leaf)] for leaf in leaves] == [leaf.grad for leaf in leaves]


def test_each_total_is_marked_after_the_last_contribution_only():
    root, (a, _) = _reuse_graph()
    steps_into_a = [s for s in explain(root) if s.parent is a]
    assert len(steps_into_a) == 3  # a feeds three nodes: exp(a), c + a and c = a * b
    assert [s.last for s in steps_into_a] == [False, False, True]
    assert steps_into_a[-1].total == pytest.approx(sum(s.contribution for s in steps_into_a))


def test_explain_changes_no_grad():
    root, leaves = _reuse_graph()
    explain(root)
    assert all(leaf.grad == 0.0 for leaf in leaves) and root.grad == 0.0


def test_unlabelled_nodes_get_short_ids_and_the_root_is_named_l():
    x = Value(3.0)
    y = (x * x).tanh()
    lines = str(explain(y)).splitlines()
    assert lines[0].startswith("dL/dL = 1.0000")
    assert lines[1].startswith("dL/dn1 += dL/dL * dL/dn1")
    assert any(line.startswith("dL/dn0 += dL/dn1 * dn1/dn0") for line in lines)


def test_a_leaf_root_has_no_steps_and_a_seed_scales_everything():
    assert len(explain(Value(2.0))) == 0
    x = Value(0.5, label="x")
    assert explain(x * 3, grad=2.0).grad(x) == 6.0


@pytest.mark.parametrize("root", [2.0, None, [Value(1.0)]])
def test_explain_takes_a_value_and_says_so(root):
    with pytest.raises(TypeError, match="explain takes the Value to differentiate"):
        explain(root)


def test_constants_are_named_by_their_value_and_get_no_step():
    x = Value(3.0, label="x")
    out = (x * 2.0 + 1.0).tanh()
    explanation = explain(out)
    assert [step.names[2] for step in explanation] == ["n4", "n2", "x"]  # never the 2 or the 1
    assert {explanation.names[id(node)] for node in out.parents[0].parents[0].parents} == {"x", "2"}
