"""Grades exercise 7: the learner's update of every parameter against nn.SGD's step on a copy, with the typical
slips (uphill, no learning rate, no gradient, nothing changed) named; the formula w_old - lr × grad only with
--reveal or the last hint."""
from collections.abc import Callable

from hypothesis import strategies as st

from autograd import Value
from nn import SGD

from ..answers import as_number, as_numbers
from ..catalog import heading_of
from ..grading import Grader, Tolerance, Verdict, call, show, slip_of

TOLERANCE = Tolerance(1e-9, 1e-9)  # one subtraction: nothing to approximate
# (weights, grads, lr): both sides of a bowl, as in the gradient_descent lesson (positive and negative
# gradient), then more.
# The common slips, each as the new weights a learner making it leaves, with what the verdict says of it (what was
# written). tests/exercises/test_exercise_feedback.py checks each is told apart at every slip point.
SLIPS: dict[str, Callable[[list[float], list[float], float], list[float]]] = {
    "That is w_old + lr × grad: a step uphill, where the loss grows.":
        lambda weights, grads, lr: [w + lr * g for w, g in zip(weights, grads)],
    "That is w_old - grad: the learning rate is missing.":
        lambda weights, grads, lr: [w - g for w, g in zip(weights, grads)],
    "That is w_old - lr: the gradient is missing.": lambda weights, grads, lr: [w - lr for w in weights],
    "That is w_old unchanged: assign to parameter.data (a new Value or a local name changes nothing in the model).":
        lambda weights, grads, lr: list(weights),
}
# First, points where every slip differs from the answer (a nonzero gradient, lr ≠ 1, grad ≠ 1): both sides
# of the gradient_descent lesson's bowl (positive and negative gradient), then more; then a zero gradient, lr = 1.
SLIP_POINTS = [([0.5], [2.0], 0.1), ([0.5], [-2.0], 0.1), ([1.0, -2.0, 0.5], [0.25, -1.0, 3.0], 0.5)]
EDGES = [*SLIP_POINTS, ([3.0], [0.0], 1.0)]
WHERE = "the new weight is step 4 of training, the update that follows backward: from w_old, its grad and lr."
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
        note = slip_of(yours, [right.data for right in engine], {text: wrong(weights, grads, lr)
                                                                  for text, wrong in SLIPS.items()})
        for new, right, w, g in zip(yours, engine, weights, grads):
            why = f"  nn.SGD's step gives {right.data:.6g}." + (f"\n  {note}" if note else "")
            formula = f"  w_new = w_old - lr × grad = {show(w)} - {show(lr)} × {show(g)} = {right.data:.6g}."
            grader.compare(f"new {right.label}", f"(w_old = {show(w)}, grad = {show(g)}, lr = {show(lr)})", new,
                           right.data, why, where=WHERE, formula=formula)

    return grader.run(heading_of(__name__), examine, EDGES, POINTS, max_examples=100)
