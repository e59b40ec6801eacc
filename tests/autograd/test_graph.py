"""Engine semantics on toy graphs: reuse, diamonds, constants, repeated backward,
a million-op chain and a deterministic order. Expected values are derived by hand."""
import math

import pytest

from autograd import Value
from autograd.graph import topological_order


def test_a_plus_a_counts_both_uses():
    a = Value(3.0)
    (a + a).backward()
    assert a.grad == 2.0


def test_reuse_twice_over():
    # b = 2a, c = 2b = 4a: a naive recursive backward that visits b once per use gets this wrong
    a = Value(1.5)
    b = a + a
    c = b + b
    c.backward()
    assert (a.grad, b.grad, c.grad) == (4.0, 2.0, 1.0)


def test_diamond():
    # d = (2a) * (a + 3)  ->  dd/da = 2 (a + 3) + 2a = 4a + 6
    a = Value(2.0)
    d = (a * 2) * (a + 3)
    d.backward()
    assert d.data == 20.0 and a.grad == 14.0


def test_constants_take_part_without_changing_the_answer():
    x = Value(-1.25)
    y = 3 * x * x + 2 * x + 7  # dy/dx = 6x + 2
    y.backward()
    assert x.grad == 6 * -1.25 + 2


def test_a_neuron_by_hand():
    x1, x2, w1, w2, b = (Value(v) for v in (2.0, 0.0, -3.0, 1.0, 6.7))
    out = (x1 * w1 + x2 * w2 + b).tanh()
    out.backward()
    n = 2.0 * -3.0 + 6.7  # pre-activation 0.7
    local = 1 - math.tanh(n) ** 2
    assert out.data == pytest.approx(math.tanh(n), rel=1e-15)
    assert (w1.grad, w2.grad, x1.grad, b.grad) == pytest.approx((2.0 * local, 0.0, -3.0 * local, local), rel=1e-15)


def test_second_backward_accumulates_in_leaves_only():
    a = Value(1.0)
    b = a * 2
    c = b * 3
    c.backward()
    assert (a.grad, b.grad) == (6.0, 3.0)
    c.backward()
    assert a.grad == 12.0  # leaves accumulate, as in PyTorch (micrograd gives 18 here)
    assert b.grad == 3.0  # an intermediate holds this call's gradient
    assert c.grad == 1.0


def test_zeroing_a_leaf_starts_afresh():
    a = Value(4.0)
    c = a * a
    c.backward()
    a.grad = 0.0
    c.backward()
    assert a.grad == 8.0


def test_backward_of_a_leaf_accumulates():
    a = Value(1.0)
    a.backward()
    a.backward()
    assert a.grad == 2.0


def test_backward_from_an_inner_node_only_touches_what_it_depends_on():
    x, y = Value(2.0), Value(5.0)
    inner = x * x
    outer = inner + y
    inner.backward()
    assert (x.grad, y.grad) == (4.0, 0.0)
    outer.backward()
    assert (x.grad, y.grad) == (8.0, 1.0)


def test_parents_are_a_tuple_in_operand_order():
    a, b = Value(1.0), Value(2.0)
    assert (a - b).parents == (a, b)
    assert (b - a).parents == (b, a)
    flipped = 5 - a
    assert isinstance(flipped.parents, tuple) and flipped.parents[1] is a and flipped.parents[0].data == 5.0


def test_topological_order_lists_each_node_once_after_its_parents():
    a, b = Value(1.0), Value(2.0)
    shared = a * b
    out = (shared + a).tanh() * shared
    order = topological_order(out)
    assert len(order) == len({id(node) for node in order}) == 6
    position = {id(node): i for i, node in enumerate(order)}
    for node in order:
        assert all(position[id(parent)] < position[id(node)] for parent in node.parents)
    assert order[-1] is out


def test_topological_order_is_deterministic_and_follows_operand_order():
    a, b, c = Value(1.0, label="a"), Value(2.0, label="b"), Value(3.0, label="c")
    out = (a * b) + c
    first = [node.label or node.op for node in topological_order(out)]
    assert first == ["a", "b", "*", "c", "+"]
    assert first == [node.label or node.op for node in topological_order(out)]


@pytest.mark.slow
def test_a_chain_of_a_million_ops_runs_forward_and_backward():
    # micrograd's recursive sort fails near depth 1,000; ours is iterative.
    steps, factor = 1_000_000, 1.0000001
    x = Value(1.0)
    y = x
    for _ in range(steps):
        y = y * factor
    y.backward()
    # dy/dx = factor ** steps (~ e**0.1); rounding of a million products stays far below 1e-9
    assert x.grad == pytest.approx(factor ** steps, rel=1e-9)
    assert y.data == pytest.approx(factor ** steps, rel=1e-9)
