"""Typical wrong answers to the algorithm exercises (3, 4, 7, 9, 10) fail, and the message names the first
wrong quantity: the node, the edge or the weight, where, yours against the expected value, and the slip."""
import numpy as np
import pytest

from autograd import Value, hessian, topological_order
from exercises import check
from exercises.toolkit import local_grads
from nn import SGD, LogisticRegression, bce


def backward_with(accumulate):
    """The exercise-3 loop with its one line written by ``accumulate(parent, node, local)``."""
    def backward(root):
        order = topological_order(root)
        for node in order:
            node.grad = 0.0
        root.grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, local_grads(node)):
                if local is not None:
                    accumulate(parent, node, local)

    return backward


def test_assigning_instead_of_adding_loses_a_reused_nodes_first_contribution():
    def overwrite(parent, node, local):
        parent.grad = node.grad * local

    verdict = str(check(3, backward_with(overwrite)))
    # n1 = a * b = 3; n2 = n1 + a = 5; L = n2 * n1: dL/dn1 = n2 + n1 = 5 + 3 = 8, and = keeps only the last 3 × 1
    graph = "on the graph (a = 2; b = 1.5; n1 = a * b; n2 = n1 + a; L = n2 * n1)"
    assert f"your dL/dn1 {graph} is 3; expected 8." in verdict
    assert "the sum of upstream × local over its 2 uses = 1 × 5 + 3 × 1 = 8" in verdict
    assert "n1 is used 2 times (by L, n2)" in verdict  # where it sits: two uses
    assert "assigns each contribution (=): a node used twice keeps only the last one" in verdict
    assert "+= node.grad * local" not in verdict  # the line itself only with --reveal


def test_adding_the_local_derivative_without_the_upstream_is_wrong_on_a_square():
    def no_upstream(parent, node, local):
        parent.grad += local

    verdict = str(check(3, backward_with(no_upstream)))
    # on the same graph, n1's local derivatives are n2 = 5 (in L = n2 * n1) and 1 (in n2): 5 + 1 = 6 instead of 8
    graph = "on the graph (a = 2; b = 1.5; n1 = a * b; n2 = n1 + a; L = n2 * n1)"
    assert f"your dL/dn1 {graph} is 6; expected 8." in verdict
    assert "adds the local derivative alone: the gradient arriving from above is left out" in verdict


def recursive_order(root):
    order, seen = [], set()

    def visit(node):
        if node not in seen:
            seen.add(node)
            for parent in node.parents:
                visit(parent)
            order.append(node)

    visit(root)
    return order


def test_a_recursive_order_fails_on_the_chain_5000_deep_with_the_reason():
    verdict = str(check(4, recursive_order))
    assert "on a chain 5,000 deep" in verdict and "raised RecursionError" in verdict
    assert "your own stack" in verdict


def test_a_node_listed_before_its_parents_is_named_with_both_positions():
    def preorder(root):
        order, seen, stack = [], set(), [root]
        while stack:
            node = stack.pop()
            if node not in seen:
                seen.add(node)
                order.append(node)
                stack.extend(node.parents)
        return order

    verdict = str(check(4, preorder))
    assert "your order lists L at item 0, before its parent n1 (item 1)" in verdict


def test_a_walk_without_a_visited_set_lists_a_diamonds_node_twice():
    def unvisited(root):
        order, stack = [], [(root, False)]
        while stack:
            node, done = stack.pop()
            if done:
                order.append(node)
            else:
                stack.append((node, True))
                stack.extend((parent, False) for parent in node.parents)
        return order

    assert "your order lists a twice (items 0 and 1)" in str(check(4, unvisited))


def test_an_order_without_the_leaves_names_the_first_missing_node():
    def no_leaves(root):
        return [node for node in recursive_order(root) if node.parents]

    verdict = str(check(4, no_leaves))
    assert "on the graph (a = 1; n1 = a + a; L = n1 + n1), your order leaves out a (1 of 3 nodes missing)" in verdict
    assert "the leaves are left out" in verdict


def test_an_order_of_labels_instead_of_values_is_refused_with_what_to_list():
    verdict = str(check(4, lambda root: [node.label for node in recursive_order(root)]))
    assert "item 0 of your order is 'a', which is not a node of the graph" in verdict


def test_a_step_uphill_is_named():
    def uphill(parameters, lr):
        for parameter in parameters:
            parameter.data += lr * parameter.grad

    verdict = str(check(7, uphill))
    assert "your new w1 (w_old = 0.5, grad = 2, lr = 0.1) is 0.7; expected 0.3." in verdict and "uphill" in verdict


def test_a_step_without_the_learning_rate_is_named():
    def whole_gradient(parameters, lr):
        for parameter in parameters:
            parameter.data -= parameter.grad

    assert "the learning rate is missing" in str(check(7, whole_gradient))


def test_a_step_that_rebinds_a_name_changes_nothing_and_says_so():
    def rebinds(parameters, lr):
        for parameter in parameters:
            parameter = Value(parameter.data - lr * parameter.grad)

    assert "That is w_old unchanged" in str(check(7, rebinds))


def gradient_descent(steps: int, lr: float, zero_grad: bool = True):
    def train(X, y):
        model = LogisticRegression(2, seed=0)
        optimizer = SGD(model.parameters(), lr=lr)
        for _ in range(steps):
            loss = bce([model(x) for x in X], y)
            if zero_grad:
                optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        return model

    return train


def test_a_training_loop_with_too_few_steps_is_not_at_the_bottom_yet():
    verdict = str(check(9, gradient_descent(steps=100, lr=1.0)))
    assert "your w.0 on dataset B" in verdict and "Not at the bottom of the bowl yet" in verdict


def test_a_loop_near_the_optimum_is_correct_within_the_stated_tolerance():
    verdict = check(9, gradient_descent(steps=150, lr=2.0))
    assert verdict.status == "correct within tolerance" and "|yours - expected| ≤ 0.001;" in str(verdict)


def test_a_loop_that_never_zeroes_the_gradients_misses_the_optimum():
    assert not check(9, gradient_descent(steps=300, lr=0.5, zero_grad=False))


def newton_with(combine):
    def step(f, point):
        leaves = [Value(x) for x in point]
        f(*leaves).backward()
        g = np.array([leaf.grad for leaf in leaves])
        return list(np.array(point) - combine(np.array(hessian(f)(*point)), g))

    return step


def test_a_newton_step_with_the_hessian_not_inverted_is_named():
    verdict = str(check(10, newton_with(lambda H, g: H @ g)))
    # the quadratic's minimum is A⁻¹c; from 0, x - A g = A c = [4·1 + 1·2, ...] = 6 for x
    expected = np.linalg.solve([[4, 1, 0], [1, 3, 1], [0, 1, 2]], [1, 2, 3])[0]
    assert "your new x from x = 0, y = 0, z = 0 on the quadratic" in verdict
    assert f"is 6; expected {expected:.4g}." in verdict and "That is x - H g" in verdict


def test_a_newton_step_with_only_the_diagonal_is_named():
    assert "only H's diagonal" in str(check(10, newton_with(lambda H, g: g / np.diag(H))))


@pytest.mark.parametrize("number", [3, 4, 7, 9, 10])
def test_the_verdict_is_the_same_every_time(number):
    wrong = {3: backward_with(lambda parent, node, local: setattr(parent, "grad", node.grad * local)),
             4: recursive_order, 7: lambda parameters, lr: None, 9: gradient_descent(20, 1.0),
             10: newton_with(lambda H, g: g)}[number]
    assert str(check(number, wrong)) == str(check(number, wrong))
