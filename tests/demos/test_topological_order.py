"""The topological-order lesson against derivatives by hand: b = a + a; c = b + b is c = 4a (the naive
recursive backward says 6), d = (3a + 1) * 6a has dd/da = 36a + 6 = 42 (naive: 60), and y = (n + 1) x."""
import re
import sys

import pytest

from autograd import Value
from demos import topological_order as lesson_module


@pytest.fixture(scope="module")
def lesson(run_fast_lesson):
    """Run the fast lesson once for this module: (its result, what it printed, its folder)."""
    return run_fast_lesson(lesson_module)


def test_naive_backward_is_wrong_on_reuse_and_chainrule_is_right(lesson, numbers_in):
    """Truth by hand: dc/da = 4 but the naive walk adds 1, 1, 2, 2 into a (6); dd/da = 42 but naive 18 + 42 = 60."""
    result, printed, _ = lesson
    reuse, diamond = result["reuse"], result["diamond"]
    assert (reuse["naive"], reuse["chainrule"]) == (6.0, 4.0)
    # naive: b pushes 1, then its full 2: the first 1 reaches a twice, so a gets 1 + 1 + 2 + 2
    pushes_into_a = [numbers_in(line)[-1] for line in printed.splitlines() if "into a:" in line]
    assert pushes_into_a == [1, 2, 4, 6]
    a = 1.0
    assert diamond["chainrule"] == 36 * a + 6  # d = (3a + 1) * 6a = 18a**2 + 6a
    # naive: b gets 6 via b+1 and pushes 3 * 6 = 18; then 8 more via 2b, and it pushes its whole 14 again: 18 + 42
    assert diamond["naive"] == 60.0
    summaries = [numbers_in(line)[-3:] for line in printed.splitlines() if ":  naive " in line]
    assert summaries == [[6, 4, 4], [60, 42, 42]]  # naive, chainrule, by hand
    assert reuse["order"] == ["a", "b", "c"]
    order = diamond["order"]
    assert order.index("b") < order.index("b+1") < order.index("d") and order.index("2b") < order.index("d")


def test_naive_backward_agrees_when_nothing_is_reused():
    """Truth by hand: y = x*w + 5x gives dy/dx = w + 5 = 2 and dy/dw = x = 2."""
    x, w = Value(2.0, label="x"), Value(-3.0, label="w")
    y = x * w + x * 5.0  # x is reused, but only as a leaf: its gradient is never pushed on
    y.label = "y"
    lesson_module.naive_backward(y)
    assert (x.grad, w.grad) == (-3.0 + 5.0, 2.0)


def test_deep_chain_breaks_the_recursive_walk_but_not_backward(lesson):
    """Truth: y = x + x + ... + x with n additions is (n + 1) x, so dy/dx = n + 1, deeper than the recursion limit."""
    result, printed, _ = lesson
    deep = result["deep"]
    assert deep["n_ops"] > sys.getrecursionlimit() and deep["error"].startswith("RecursionError")
    assert deep["grad"] == deep["n_ops"] + 1
    assert int(re.search(r"dy/dx = (\d+)", printed)[1]) == deep["n_ops"] + 1


def test_recursive_order_is_a_topological_order_on_a_shallow_graph():
    """Property: every node comes after its parents, each once, the root last."""
    a = Value(1.0, label="a")
    b = a * 3.0
    c = (b + 1.0) * (b * 2.0)
    order = lesson_module.recursive_order(c)
    position = {id(node): i for i, node in enumerate(order)}
    assert len(position) == len(order) and order[-1] is c
    assert all(position[id(parent)] < position[id(node)] for node in order for parent in node.parents)
