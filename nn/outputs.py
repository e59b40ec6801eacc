"""What a model's output is (a probability, a logit, a score, a row of class logits) and how
to read a class from it. Models name their kind with ``output_kind``; losses, fit and accuracy
read it from here, so they all agree on what an output means.

Imports: autograd, numpy, shapes.
"""
from collections.abc import Callable, Sequence
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import NDArray

from autograd import Value

from .shapes import Array, Output

PROBABILITY = "probability"    # p(class 1), in [0, 1]: a sigmoid output
LOGIT = "logit"                # z, any real number, with p = sigmoid(z): one linear output
SCORE = "score"                # any real number: a regression output, or a margin read by its sign (tanh, relu)
CLASS_LOGITS = "class_logits"  # a row of k real numbers, one per class (softmax gives the probabilities)
SCORES = "scores"              # a row of several outputs that are not class logits (sigmoid, tanh or relu)
OUTPUTS = (PROBABILITY, LOGIT, SCORE, CLASS_LOGITS, SCORES)
SINGLE = (PROBABILITY, LOGIT, SCORE)  # the kinds with one output per sample

# Labels or targets, one per sample: numbers of any kind (bool, int or float), as fit's checks accept them.
Labels: TypeAlias = NDArray[np.bool_ | np.integer[Any] | np.floating[Any]]
# How accuracy reads a class from outputs ((n,) numbers or (n, k) rows): a bool per sample, or a class index.
Classes: TypeAlias = NDArray[np.bool_] | NDArray[np.intp]
ClassReader: TypeAlias = Callable[[Array], Classes]

DESCRIPTIONS = {
    PROBABILITY: "a probability, from a sigmoid",
    LOGIT: "a logit, from one linear output",
    SCORE: "a score, from tanh or relu",
    CLASS_LOGITS: "class logits, one linear output per class",
    SCORES: "several sigmoid, tanh or relu outputs, not class logits",
}


def describe(kind: str | None) -> str:
    """A few words for error messages: what outputs of this kind are."""
    unknown = "an unknown kind of output (output_kind is None)"
    return unknown if kind is None else DESCRIPTIONS.get(kind, unknown)


def probability_class(probabilities: Array) -> NDArray[np.bool_]:
    return probabilities >= 0.5


def sign_class(values: Array) -> NDArray[np.bool_]:
    return values >= 0.0  # a logit z >= 0 is p >= 0.5; a hinge score's sign is its class


def largest_class(rows: Array) -> NDArray[np.intp]:
    classes: NDArray[np.intp] = np.argmax(rows, axis=1)
    return classes


# How accuracy reads each kind; a score (or scores) is no class until a loss says how to read it.
CLASS_READERS: dict[str, ClassReader] = {PROBABILITY: probability_class, LOGIT: sign_class,
                                         CLASS_LOGITS: largest_class}


def count_correct(read_class: ClassReader, outputs: Array, labels: Labels) -> int:
    """How many outputs, read as classes, match their labels. A single output's label means
    class 1 when it is above one half (1 of 0/1, +1 of -1/+1); a row's label is a class index."""
    classes = labels.astype(int) if outputs.ndim == 2 else labels > 0.5
    return int((read_class(outputs) == classes).sum())


def as_list(output: Output) -> list[Value]:
    """One sample's output (a Value, or a list of Values as a Layer or MLP of several outputs returns) as a list."""
    if isinstance(output, Value):
        return [output]
    return list(output) if isinstance(output, (list, tuple)) else [output]


def outputs_array(outputs: Sequence[Output]) -> Array:
    """Outputs of the model, one per sample (a Value or a list of Values), as (n,) or (n, k) numbers."""
    rows = [[value.data for value in as_list(output)] for output in outputs]
    return np.array(rows) if len(rows[0]) > 1 else np.array([row[0] for row in rows])
