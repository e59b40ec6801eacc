"""The topological-order lesson: the naive recursive backward gets reused nodes wrong, chainrule's
is right (dc/da = 4 for b = a + a; c = b + b), and a deep chain breaks only the recursive walk."""
import sys

from autograd import Value
from demos import topological_order as lesson


def _run(tmp_path, capsys) -> tuple[dict, str]:
    result = lesson.main(["--fast", "--out", str(tmp_path)])
    return result, capsys.readouterr().out


def test_naive_backward_is_wrong_on_reuse_and_chainrule_is_right(tmp_path, capsys):
    result, printed = _run(tmp_path, capsys)
    reuse, diamond = result["reuse"], result["diamond"]
    assert reuse["chainrule"] == 4.0 and reuse["by_hand"] == 4.0  # c = 4a
    assert reuse["naive"] == 6.0  # b pushes 1, then its full 2: the first 1 reaches a twice (2 * (1 + 2))
    assert "b = a + a; c = b + b:  naive 6, chainrule 4, by hand 4" in printed
    assert "b pushes 2 x 1 into a: a.grad = 6" in printed
    assert reuse["order"] == ["a", "b", "c"] and "topological_order: a, b, c" in printed
    a = 1.0
    assert diamond["chainrule"] == 36 * a + 6  # d = (3a + 1) * 6a = 18a**2 + 6a
    # naive: b gets 6 via b+1 and pushes 3 * 6 = 18; then 8 more via 2b, and it pushes its whole 14 again: 18 + 42
    assert diamond["naive"] == 60.0
    order = diamond["order"]
    assert order.index("b") < order.index("b+1") < order.index("d") and order.index("2b") < order.index("d")


def test_naive_backward_agrees_when_nothing_is_reused():
    x, w = Value(2.0, label="x"), Value(-3.0, label="w")
    y = x * w + x * 5.0  # x is reused, but only as a leaf: its gradient is never pushed on
    y.label = "y"
    lesson.naive_backward(y)
    assert (x.grad, w.grad) == (-3.0 + 5.0, 2.0)


def test_deep_chain_breaks_the_recursive_walk_but_not_backward(tmp_path, capsys):
    result, printed = _run(tmp_path, capsys)
    deep = result["deep"]
    assert deep["n_ops"] > sys.getrecursionlimit()
    assert deep["error"].startswith("RecursionError") and "RecursionError: maximum recursion depth" in printed
    assert deep["grad"] == deep["n_ops"] + 1  # y = x + x + ... + x, n_ops + 1 times
    assert f"Python allows {sys.getrecursionlimit():,} nested calls" in printed
    assert f"dy/dx = {deep['n_ops'] + 1}" in printed


def test_recursive_order_is_a_topological_order_on_a_shallow_graph():
    a = Value(1.0, label="a")
    b = a * 3.0
    c = (b + 1.0) * (b * 2.0)
    order = lesson.recursive_order(c)
    position = {id(node): i for i, node in enumerate(order)}
    assert len(position) == len(order) and order[-1] is c
    assert all(position[id(parent)] < position[id(node)] for node in order for parent in node.parents)
