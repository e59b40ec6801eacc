"""Grades exercise 7: the learner's update of every parameter against nn.SGD's step on a copy and the
formula w_old - lr × grad, with the typical slips (uphill, no learning rate, nothing changed) named."""
from collections.abc import Callable

from hypothesis import strategies as st

from autograd import Value
from nn import SGD

from ..catalog import heading_of
from ..grading import Grader, Tolerance, Verdict, as_number, as_numbers, call, show, slip

TOLERANCE = Tolerance(1e-9, 1e-9)  # one subtraction: nothing to approximate
# (weights, grads, lr): the seed notes' both sides of a bowl (positive and negative gradient), then more.
EDGES = [([0.5], [2.0], 0.1), ([0.5], [-2.0], 0.1), ([1.0, -2.0, 0.5], [0.25, -1.0, 3.0], 0.5), ([3.0], [0.0], 1.0)]
NUMBERS = st.floats(-5.0, 5.0, allow_nan=False, allow_subnormal=False)
POINTS = st.integers(1, 4).flatmap(lambda n: st.tuples(st.lists(NUMBERS, min_size=n, max_size=n),
                                                       st.lists(NUMBERS, min_size=n, max_size=n),
                                                       st.floats(0.001, 1.0)))


def parameters(weights: list[float], grads: list[float]) -> list[Value]:
    """Parameters w1, w2, ... holding ``weights``, as after a backward that left ``grads``."""
    made = [Value(weight, label=f"w{i}") for i, weight in enumerate(weights, start=1)]
    for parameter, grad in zip(made, grads):
        parameter.grad = grad
    return made


def ask(answer: Callable[..., object], weights: list[float], grads: list[float], lr: float) -> list[float]:
    """The learner's side: every parameter's .data after their step."""
    yours = parameters(weights, grads)
    call(answer, f"sgd_step([{', '.join(show(w) for w in weights)}], lr={show(lr)})", yours, lr)
    return [as_number(mine.data, f"after sgd_step, {mine.label}.data") for mine in yours]


def grade(learner: Callable[..., object]) -> Verdict:
    """``learner(weights, grads, lr)`` gives the parameters after the learner's step (from ask)."""
    grader = Grader(TOLERANCE)

    def examine(weights: list[float], grads: list[float], lr: float) -> None:
        yours = as_numbers(learner(weights, grads, lr), len(weights), "sgd_step's parameters")
        engine = parameters(weights, grads)
        SGD(engine, lr=lr).step()
        for new, right, w, g in zip(yours, engine, weights, grads):
            slips = {"That is w_old + lr × grad: a step uphill, where the loss grows. Subtract.": w + lr * g,
                     "That is w_old - grad: the learning rate is missing.": w - g,
                     "That is w_old - lr: the gradient is missing.": w - lr,
                     "That is w_old unchanged: assign to parameter.data (a new Value or a local name changes "
                     "nothing in the model).": w}
            why = (f"  w_old - lr × grad = {show(w)} - {show(lr)} × {show(g)} = {right.data:.6g} "
                   "(nn.SGD's step gives the same).\n  " + slip(new, right.data, slips)).rstrip()
            grader.compare(f"new {right.label}", f"(w_old = {show(w)}, grad = {show(g)}, lr = {show(lr)})", new,
                           right.data, why)

    return grader.run(heading_of(__name__), examine, EDGES, POINTS, max_examples=100)
