"""The grading core: repeatable verdicts, the three statuses, answers of the wrong kind, and the graders'
own expected values checked against independent calculations (closed forms, numpy's Newton)."""
import itertools
import math

import numpy as np
import pytest

from autograd import Value, hessian
from exercises import check
from exercises.e09_training_loop.grader import dataset, optimum
from exercises.e10_newton_step.bowls import BOWLS
from exercises.grading import DERIVATIVE, AnswerError, Grader, Tolerance, show, show_pair
from exercises.graphs import EDGE_RECIPES
from exercises.toolkit import local_grads


def test_a_grader_accepts_rounding_as_correct_and_states_the_tolerance_it_allowed():
    grader = Grader(DERIVATIVE)
    grader.compare("f'(x)", "at x = 1", 0.1 + 0.2, 0.3)
    assert grader.verdict("Exercise 0").status == "correct"
    grader.compare("f'(x)", "at x = 2", 1.0 + 1e-7, 1.0)
    verdict = grader.verdict("Exercise 0")
    assert verdict.status == "correct within tolerance" and "1e-07" in str(verdict) and "at x = 2" in str(verdict)
    with pytest.raises(AnswerError, match=r"your f'\(x\) at x = 3 is 1.01; expected 1.\n  why"):
        grader.compare("f'(x)", "at x = 3", 1.01, 1.0, "  why")


def test_numbers_are_shown_exactly_and_a_pair_never_prints_the_same():
    assert (show(0.5), show(2.0), show(0.1 + 0.2)) == ("0.5", "2", "0.30000000000000004")
    assert show_pair(1.00001, 1.00002) == ("1.00001", "1.00002")
    assert str(Tolerance(1e-3, 0.0)) == "|yours - expected| ≤ 0.001"


def test_an_answer_that_changes_between_calls_cannot_be_graded_and_is_told_why():
    calls = itertools.count()
    verdict = check(1, lambda x: 1.0 - math.tanh(x) ** 2 + (1.0 if next(calls) == 30 else 0.0))
    assert not verdict and "different answers for the same input" in str(verdict)


@pytest.mark.parametrize(("answer", "says"), [
    (lambda x: None, "returned None; it must return a number (is a return statement missing?)"),
    (lambda x: Value(1.0 - math.tanh(x) ** 2), "returned a Value"),
    (lambda x: "0.78", "returned str '0.78'"),
    (lambda x: math.inf, "a gradient here is a finite number"),
    (lambda x: 1 / 0, "raised ZeroDivisionError"),
])
def test_answers_of_the_wrong_kind_are_wrong_with_a_sentence_saying_what_came_back(answer, says):
    assert says in str(check(1, answer))


def test_a_dict_of_gradients_must_have_every_key():
    assert "returned no 'w1', 'x2', 'w2', 'b'" in str(check(2, lambda *inputs: {"x1": 1.0}))


def test_local_grads_for_the_learner_match_the_rules_and_skip_constants():
    a = Value(3.0)
    b = a * a
    c = 2.0 * b
    assert local_grads(a) == () and local_grads(b) == (3.0, 3.0) and local_grads(c) == (None, 2.0)
    with pytest.raises(TypeError, match="takes a Value"):
        local_grads(3.0)


def test_the_edge_graphs_reuse_nodes_and_describe_themselves():
    first = EDGE_RECIPES[0]
    nodes = first.build()
    assert first.describe() == "a = 1; n1 = a + a; L = n1 + n1" and nodes[-1].data == 4.0
    assert nodes[-1].parents == (nodes[1], nodes[1])


@pytest.mark.parametrize("bowl", BOWLS, ids=lambda bowl: bowl.text[:24])
def test_the_newton_bowls_closed_forms_agree_with_the_engine(bowl):
    for point in ([0.3, -0.7, 0.2], [0.0, 0.0, 0.0], [-1.2, 1.1, 0.5]):
        point = point[: len(bowl.names)]
        leaves = [Value(x) for x in point]
        bowl.f(*leaves).backward()
        assert [leaf.grad for leaf in leaves] == pytest.approx(bowl.gradient(point), rel=1e-12, abs=1e-12)
        assert np.allclose(hessian(bowl.f)(*point), bowl.hessian(point), rtol=1e-12, atol=1e-12)


def test_the_training_loops_optimum_agrees_with_newtons_method_in_numpy():
    for name in ("A", "B"):
        X, y = dataset(name)
        X1, v = np.column_stack([X, np.ones(len(X))]), np.zeros(3)
        for _ in range(30):
            p = 1.0 / (1.0 + np.exp(-X1 @ v))
            v -= np.linalg.solve((X1 * (p * (1 - p))[:, None]).T @ X1, X1.T @ (p - y))
        assert np.allclose(optimum(name)[0], v, rtol=0, atol=1e-10)
