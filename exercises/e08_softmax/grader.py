"""Grades exercise 8: the probabilities against nn.softmax, the gradient against the engine's backward
through nn.cross_entropy and central differences; a slip such as a missing term or no shift is named, and the
formulas come only with --reveal or the last hint."""
import math
from collections.abc import Callable
from functools import partial

from hypothesis import strategies as st

from autograd import Value, numerical_grad
from nn import cross_entropy, softmax

from ..answers import as_numbers
from ..catalog import heading_of
from ..grading import DERIVATIVE, AnswerError, Grader, Verdict, call, show, show_inputs, slip_of

Slip = Callable[[list[float], int], list[list[float]]]  # (logits, target) -> [probabilities, gradient]


def shifted(logits: list[float]) -> list[float]:
    """e^(z - max z): softmax's numerators, every exponent <= 0."""
    return [math.exp(z - max(logits)) for z in logits]


def probabilities(logits: list[float]) -> list[float]:
    exps = shifted(logits)
    return [e / sum(exps) for e in exps]


def slipped(p: Callable[[list[float]], list[float]], gradient: Callable[[list[float], int], list[float]]) -> Slip:
    """A slip's answer: probabilities ``p(logits)``, and ``gradient(p, target)`` from them."""
    return lambda logits, target: [p(logits), gradient(p(logits), target)]


# The common slips, each as the (probabilities, gradient) a learner making it returns, with what the verdict says
# of it (what was written, not the formula). tests/exercises/test_exercise_feedback.py checks each is told apart
# at every slip point. (Softmax without the shift by the largest logit gives the right numbers here; it overflows
# at the large logits further down EDGES, and the verdict says so.)
SLIPS: dict[str, Slip] = {
    "Your gradient is nonzero only at the target: every other class gets a gradient too (raising a wrong logit "
    "raises the loss).": slipped(probabilities, lambda p, t: [p[t] - 1.0 if k == t else 0.0 for k in range(len(p))]),
    "That is p alone: the target's component is missing a term.": slipped(probabilities, lambda p, t: list(p)),
    "That is onehot - p: the sign is flipped.":
        slipped(probabilities, lambda p, t: [(k == t) - p_k for k, p_k in enumerate(p)]),
    "That is dL/dp, the gradient with respect to the probabilities: the step back through softmax to the logits "
    "is missing.": slipped(probabilities, lambda p, t: [-1.0 / p[t] if k == t and p[t] else 0.0 if k != t else math.nan
                                                        for k in range(len(p))]),
    "Your probabilities are not divided by their sum: they must add up to 1.":
        slipped(shifted, lambda p, t: [p_k - (k == t) for k, p_k in enumerate(p)]),
}
# (logits, target): first, points where every slip differs from the answer: two classes (softmax([z, 0]) =
# sigmoid(z)), three classes, a tie, four; then huge logits, where e^z overflows or underflows without the shift.
SLIP_POINTS = [([2.0, 0.0], 0), ([1.0, 2.0, 0.5], 1), ([0.0, 0.0, 0.0], 2), ([3.0, -1.0, 0.5, 2.0], 3)]
EDGES = [*SLIP_POINTS, ([1000.0, 0.0, -1000.0], 2), ([-800.0, -801.0], 0)]
WHERE_P = "p[{k}] is the forward: softmax's probability for class {k}, which the loss L = -ln p[target] reads."
WHERE_G = "dL/dz[{k}] is the gradient at logit {k}, two steps back from the loss: L = -ln p[target] → p → z[{k}]."
LOGITS = st.lists(st.floats(-6.0, 6.0, allow_nan=False, allow_subnormal=False), min_size=2, max_size=5)
POINTS = LOGITS.flatmap(lambda row: st.tuples(st.just(row), st.integers(0, len(row) - 1)))
OVERFLOW = ("e^z overflows for a large logit (or every e^z underflows to 0 for very negative ones): subtract the "
            "largest logit from every logit first (softmax does not change, since the factor e^-max cancels).")


def expected(logits: list[float], target: int) -> tuple[list[float], list[float]]:
    """The engine's probabilities and dL/dz."""
    row = [Value(z) for z in logits]
    cross_entropy(row, target).backward()
    return [p.data for p in softmax([Value(z) for z in logits])], [z.grad for z in row]


def ask(answer: Callable[..., object], logits: list[float], target: int) -> list[list[float]]:
    """The learner's side: [their probabilities, their gradient]."""
    what = f"softmax_cross_entropy([{', '.join(show(z) for z in logits)}], {target})"
    result = call(answer, what, list(logits), target, reasons={OverflowError: OVERFLOW, ZeroDivisionError: OVERFLOW})
    if not isinstance(result, (tuple, list)) or len(result) != 2:
        raise AnswerError(f"{what} returned {result!r}; return a pair (probabilities, gradient).")
    return [as_numbers(result[0], len(logits), f"{what}, its probabilities,"),
            as_numbers(result[1], len(logits), f"{what}, its gradient,")]


def grade(learner: Callable[..., object]) -> Verdict:
    """``learner(logits, target)`` gives the learner's [probabilities, gradient] (from ask)."""
    grader = Grader(DERIVATIVE)

    def examine(logits: list[float], target: int) -> None:
        pair = learner(logits, target)
        assert isinstance(pair, list) and len(pair) == 2, pair  # ask made it
        probabilities = as_numbers(pair[0], len(logits), "its probabilities")
        gradient = as_numbers(pair[1], len(logits), "its gradient")
        right_p, right_g = expected(logits, target)
        at = "at " + show_inputs(z=logits, target=target)
        note = partial(named_slip, logits, target, pair)
        for k, (mine, right) in enumerate(zip(probabilities, right_p)):
            grader.compare(f"p[{k}]", at, mine, right, partial(softmax_why, right, sum(probabilities), note),
                           where=WHERE_P.format(k=k), formula=f"  p[{k}] = e^(z[{k}] - max z) / sum_j e^(z[j] - max z) "
                                                              f"= {right:.6g} (the shift by max z changes nothing).")
        for k, (mine, right) in enumerate(zip(gradient, right_g)):
            onehot = 1.0 if k == target else 0.0
            grader.compare(f"dL/dz[{k}]", at, mine, right, partial(reason, logits, target, k, gradient, note),
                           where=WHERE_G.format(k=k), formula=f"  dL/dz[{k}] = p[{k}] - onehot[{k}] = "
                                                              f"{right_p[k]:.6g} - {show(onehot)} = {right:.6g}.")

    return grader.run(heading_of(__name__), examine, EDGES, POINTS, max_examples=120)


def softmax_why(right: float, total: float, note: Callable[[], str]) -> str:
    return f"  nn.softmax gives {right:.6g}; your probabilities add up to {total:.6g}." + note()


def named_slip(logits: list[float], target: int, pair: list[object]) -> str:
    """The slip the whole answer (probabilities and gradient) matches, as a line of its own; "" if none."""
    right = [*probabilities(logits), *expected(logits, target)[1]]
    answers = {text: [*wrong(logits, target)[0], *wrong(logits, target)[1]] for text, wrong in SLIPS.items()}
    flat = [float(number) for row in pair for number in row]  # type: ignore[attr-defined]  # lists, from ask
    note = slip_of(flat, right, answers)
    return f"\n  {note}" if note else ""


def reason(logits: list[float], target: int, k: int, gradient: list[float], note: Callable[[], str]) -> str:
    central = numerical_grad(lambda *row: cross_entropy(list(row), target), logits)[k]
    lines = [f"  the engine's backward through nn.cross_entropy gives {expected(logits, target)[1][k]:.6g}, and the "
             f"central difference gives {central:.6g}."]
    named = note()
    if named:
        lines.append(named[1:])
    elif k != target and math.isclose(gradient[k], 0.0, abs_tol=1e-12):
        lines.append(f"  Class {k} is not the target, but it still gets a gradient: raising any wrong logit raises "
                     "the loss.")
    return "\n".join(lines)
