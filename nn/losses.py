"""Losses: how wrong a batch of predictions is, as one Value (the mean over the batch), and
LOSSES, the one table that tells training what each loss expects and how to read its outputs.

Binary losses take one prediction per sample: a list of Values, one per sample as a
one-output model returns them (one-element lists are taken too). Targets are numbers or,
when traced, Values. The formulas never branch on a target, so they can be traced.

Imports: autograd, numpy, outputs, shapes.
"""
import math
import numbers
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeAlias

import numpy as np

from autograd import Value
from autograd.arguments import check_number
from autograd.ops import MAX_OF, SUM
from autograd.tracing import TracedValue

from .outputs import (
    CLASS_LOGITS,
    LOGIT,
    OUTPUTS,
    PROBABILITY,
    SCORE,
    ClassReader,
    Labels,
    count_correct,
    largest_class,
    probability_class,
    sign_class,
)
from .shapes import Array

__all__ = [  # the output kinds are defined in outputs.py and named here too, beside the table that uses them
    "CLASS_LOGITS", "LOGIT", "LOSSES", "ONE", "OUTPUTS", "PROBABILITY", "ROW", "SCORE", "LossEntry", "bce",
    "bce_with_logits", "cross_entropy", "hinge", "mse", "not_a_probability", "softmax",
]

# What a loss takes: one prediction (a Value), one per sample (a Value, as a one-output model returns it, or a
# one-element list), or rows of class logits (cross_entropy); and the targets: numbers or, when traced, Values (for
# cross_entropy class indices or rows of class probabilities), one or one per prediction, or a numpy array.
Predictions: TypeAlias = Value | Sequence[Value | Sequence[Value]]
Target: TypeAlias = float | Value
Targets: TypeAlias = Target | Sequence[Target | Sequence[Target]] | Labels
LossFunction: TypeAlias = Callable[[Predictions, Targets], Value]


def bce(probs: Predictions, targets: Targets, eps: float = 1e-12) -> Value:
    """Binary cross-entropy of probabilities: mean of -[y ln p + (1 - y) ln(1 - p)].

    p is clamped to [eps, 1 - eps] first, so p = 0 with y = 1 costs -ln(1e-12) = 27.6
    instead of log(0); the price is zero gradient for p beyond the clamp, which is
    one reason to prefer ``bce_with_logits`` on the logit z where p = sigmoid(z).
    A prediction outside [0, 1] is no probability (a logit, most likely) and is refused.
    """
    values, numbers_or_values = _pairs(probs, targets, "bce", low=0.0, high=1.0)
    for index, p in enumerate(values):
        if not isinstance(p, TracedValue) and not 0.0 <= p.data <= 1.0:  # a traced step checks its outputs
            raise not_a_probability("bce", index, p.data)
    terms = []
    for p, y in zip(values, numbers_or_values):
        p = p.clamp(eps, 1.0 - eps)
        terms.append(-(y * p.log() + (1 - y) * (1 - p).log()))
    return _mean(terms)


def bce_with_logits(logits: Predictions, targets: Targets) -> Value:
    """BCE computed from logits z (p = sigmoid(z)), stably: softplus(z) - y z.

    softplus(z) - y z = max(z, 0) - z y + ln(1 + e^-|z|), finite for every z
    (z = +-1000 included), and its gradient is exactly sigmoid(z) - y.
    """
    values, numbers_or_values = _pairs(logits, targets, "bce_with_logits", low=0.0, high=1.0)
    return _mean([z.softplus() - z * y for z, y in zip(values, numbers_or_values)])


def not_a_probability(loss: str, index: int, value: float) -> ValueError:
    return ValueError(f"{loss} takes probabilities in [0, 1], but prediction {index} is {float(value)!r}: not a "
                      "probability (a logit?). Use bce_with_logits on logits, or give the model a sigmoid output "
                      "(output_activation='sigmoid').")


def mse(predictions: Predictions, targets: Targets) -> Value:
    """Mean squared error: mean of (prediction - target)**2."""
    values, numbers_or_values = _pairs(predictions, targets, "mse")
    return _mean([(p - y) * (p - y) for p, y in zip(values, numbers_or_values)])


def hinge(scores: Predictions, targets: Targets) -> Value:
    """Hinge loss of scores s: mean of max(0, 1 - y s) with y in {-1, +1}.

    Targets may be given as -1/+1 or as 0/1 (then 0 means -1); mixing 0 and -1 is
    an error. Traced (Value) targets must already be -1/+1.
    """
    values, numbers_or_values = _pairs(scores, targets, "hinge", low=-1.0, high=1.0)
    numbers_given = {y for y in numbers_or_values if not isinstance(y, Value)}
    if not numbers_given <= {-1.0, 0.0, 1.0} or {-1.0, 0.0} <= numbers_given:
        raise ValueError(f"hinge targets must be all -1/+1 or all 0/1; got the values {sorted(numbers_given)}.")
    if 0.0 in numbers_given:
        numbers_or_values = [2 * y - 1 for y in numbers_or_values]
    return _mean([(1 - y * s).relu() for s, y in zip(values, numbers_or_values)])


def softmax(logits: Sequence[Value]) -> list[Value]:
    """Class probabilities e^z_k / sum_j e^z_j; they are positive and sum to one.

    The largest logit is subtracted first (the result is unchanged, since the
    factor e^-max cancels), so no exponential can overflow.
    """
    row = _logit_row(logits, "softmax")
    largest = _maximum(row)
    exps = [(z - largest).exp() for z in row]
    total = _sum(exps)
    return [e / total for e in exps]


def cross_entropy(logits: Predictions, targets: Targets) -> Value:
    """Softmax cross-entropy: -ln softmax(z)[target] = logsumexp(z) - z[target].

    One sample: a row of logits and a class index (or a row of class probabilities,
    e.g. one-hot). A batch: a list of rows and a list of targets; returns the mean.
    """
    if not isinstance(logits, Value) and logits and isinstance(logits[0], (list, tuple)):
        if not isinstance(targets, Collection):
            raise TypeError(f"cross_entropy of a batch needs one target per row; got {targets!r}.")
        if len(logits) != len(targets):
            raise ValueError(f"cross_entropy got {len(logits)} rows of logits but {len(targets)} targets.")
        return _mean([_cross_entropy_row(row, target) for row, target in zip(logits, targets)])
    return _cross_entropy_row(logits, targets)


def _cross_entropy_row(logits: object, target: object) -> Value:
    row = _logit_row(logits, "cross_entropy")
    largest = _maximum(row)
    log_sum_exp = largest + _sum([(z - largest).exp() for z in row]).log()
    if isinstance(target, numbers.Integral) and not isinstance(target, bool):
        if not 0 <= int(target) < len(row):
            raise ValueError(f"cross_entropy target {target} is not a class index in 0..{len(row) - 1}.")
        return log_sum_exp - row[int(target)]
    if isinstance(target, Collection) and len(target) == len(row):
        weights = list(target)  # class probabilities: numbers, or Values in a traced step
        return log_sum_exp * _sum(weights) - _sum([t * z for t, z in zip(weights, row)])
    raise TypeError(f"cross_entropy target must be a class index (int) or a row of {len(row)} class "
                    f"probabilities; got {target!r}.")


def _pairs(predictions: Predictions, targets: Targets, loss: str, low: float = -math.inf,
           high: float = math.inf) -> tuple[list[Value], list[Target]]:
    """Predictions as a flat list of Values and targets as floats (or Values), checked."""
    given_predictions, given_targets = _as_batch(predictions, targets, loss)
    values = [_single(p, loss) for p in given_predictions]
    numbers_or_values = [_target(y, loss, low, high) for y in given_targets]
    if len(values) != len(numbers_or_values) or not values:
        raise ValueError(f"{loss} got {len(values)} predictions and {len(numbers_or_values)} targets; "
                         "it needs one target per prediction, and at least one.")
    return values, numbers_or_values


def _as_batch(predictions: Predictions, targets: Targets, loss: str) -> tuple[Iterable[object], Iterable[object]]:
    """One prediction and its target as a batch of one; a batch of predictions needs a batch of targets."""
    if isinstance(predictions, Value):
        return [predictions], [targets]
    if isinstance(targets, (int, float, Value)):
        raise TypeError(f"{loss} got a list of predictions but a single target {targets!r}; "
                        "pass one target per prediction.")
    return predictions, targets


def _single(prediction: object, loss: str) -> Value:
    if isinstance(prediction, (list, tuple)) and len(prediction) == 1:
        prediction = prediction[0]  # a one-element list: one output, as a list
    if not isinstance(prediction, Value):
        raise TypeError(f"{loss} takes one Value per sample (e.g. [model(x) for x in X]); got {prediction!r}. "
                        "For several outputs per sample use cross_entropy.")
    return prediction


def _target(target: object, loss: str, low: float, high: float) -> Target:
    if isinstance(target, Value):
        return target
    return check_number(f"{loss} target", target, low, high)


def _logit_row(logits: object, loss: str) -> list[Value]:
    if isinstance(logits, Value):
        raise TypeError(f"{loss} takes a row of Values, one logit per class (two or more: a model with one output "
                        f"per class); got one Value, {logits!r}. A one-output model gives one Value per sample: "
                        "train it with bce_with_logits (two classes) or mse.")
    row = list(logits) if isinstance(logits, Sequence) else []
    values = [z for z in row if isinstance(z, Value)]
    if not row or len(values) != len(row):
        raise TypeError(f"{loss} takes a row of Values, one logit per class (e.g. model(x)); got {logits!r}.")
    return values


def _sum(values: Sequence[Value]) -> Value:
    """values[0] + values[1] + ... as one node (the same numbers as the chain of +, one reduction
    in a replay)."""
    return values[0] if len(values) == 1 else SUM(*values)


def _mean(values: list[Value]) -> Value:
    return _sum(values) * (1.0 / len(values))


def _maximum(values: Sequence[Value]) -> Value:
    """The largest of the values as one node (its slope is shared evenly by ties)."""
    return values[0] if len(values) == 1 else MAX_OF(*values)


# -- the loss table ---------------------------------------------------------------------
# How many outputs a loss takes per sample: one Value, or a row of class logits.
ONE, ROW = "one", "row"


@dataclass(frozen=True)
class LossEntry:
    """One row of LOSSES: a loss function and what training needs to know to use it."""

    name: str
    function: LossFunction
    expects: str  # the model output it is made for: one of OUTPUTS
    accepts: tuple[str, ...]  # every model output it may be given (fit refuses the others)
    outputs_per_sample: str  # ONE or ROW
    encode_targets: Callable[[Labels, int], Array]  # (labels, row width) -> a traced step's targets
    read_class: ClassReader | None  # outputs -> predicted classes; None: no accuracy

    def eager_targets(self, labels: Labels) -> list[float] | list[int]:
        """Targets as the loss function takes them: class indices for a row, else floats."""
        if self.outputs_per_sample != ROW:
            return [float(t) for t in labels]
        fractions = [t for t in labels if t != int(t)]
        if fractions:  # int() would silently round 0.5 down to class 0
            raise ValueError(f"{self.name} targets are class indices 0..k-1; got {float(fractions[0])!r}.")
        return [int(t) for t in labels]

    def count_correct(self, outputs: Array, labels: Labels) -> int:
        """How many outputs, read as classes the way this loss reads them, match their labels."""
        assert self.read_class is not None, f"{self.name} reads no classes"
        return count_correct(self.read_class, outputs, labels)

    def check_outputs(self, outputs: Array) -> None:
        """A traced step's outputs, checked as the eager loss checks its predictions."""
        if self.accepts == (PROBABILITY,):
            outside = np.flatnonzero((outputs < 0.0) | (outputs > 1.0))
            if outside.size:
                raise not_a_probability(self.name, int(outside[0]), float(outputs[outside[0]]))


def _as_floats(labels: Labels, width: int) -> Array:
    return labels.astype(float)


def _zero_as_minus_one(labels: Labels, width: int) -> Array:
    # hinge takes 0/1 or -1/+1 (never both); a traced target must already be -1/+1
    return np.where(labels == 0, -1.0, labels.astype(float))


def _one_hot(labels: Labels, width: int) -> Array:
    # a traced target must be numbers, not a class index that picks a logit
    rows: Array = np.eye(width)[labels.astype(int)]
    return rows


ANY_SINGLE = (PROBABILITY, LOGIT, SCORE)  # mse and hinge take any one real number per sample

LOSSES: dict[str, LossEntry] = {entry.name: entry for entry in (
    LossEntry("bce", bce, PROBABILITY, (PROBABILITY,), ONE, _as_floats, probability_class),
    LossEntry("bce_with_logits", bce_with_logits, LOGIT, (LOGIT, SCORE), ONE, _as_floats, sign_class),
    LossEntry("mse", mse, SCORE, ANY_SINGLE, ONE, _as_floats, None),  # a regression loss: no classes, no accuracy
    LossEntry("hinge", hinge, SCORE, ANY_SINGLE, ONE, _zero_as_minus_one, sign_class),
    LossEntry("cross_entropy", cross_entropy, CLASS_LOGITS, (CLASS_LOGITS,), ROW, _one_hot, largest_class),
)}
