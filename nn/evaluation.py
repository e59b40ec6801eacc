"""predict and accuracy: a trained model's outputs for many samples as numpy arrays, and the share
it classifies right, read the way its ``output_kind`` says. Also the checks of X and y that fit shares.

Imports: numpy, module, outputs, shapes, steps.
"""
from typing import Any

import numpy as np
from numpy.typing import NDArray

from .module import Module
from .outputs import CLASS_LOGITS, CLASS_READERS, Labels, count_correct, describe
from .shapes import Array
from .steps import make_step


def predict(model: Module, X: Any) -> Array:
    """The model's outputs for every row of X, as they are (probabilities for a probability model):
    shape (n,) for one output per sample, (n, k) for k outputs (class logits).

    One sample's graph is compiled and replayed over all rows with numpy; a model that cannot be
    (Python control flow on its numbers) runs sample by sample instead: steps.make_step chooses."""
    X = checked_samples(X, "predict")
    return make_step(model, model.parameters(), X).predict(X)


def accuracy(model: Module, X: Any, y: Any) -> float:
    """The share of samples whose output, read as a class, is their label: p >= 0.5 for a probability,
    z >= 0 for a logit (labels 0/1 or -1/+1), the largest logit for class logits (labels 0..k-1).
    A model whose outputs are no classes (a score, or an unknown kind) is refused."""
    kind, name = getattr(model, "output_kind", None), type(model).__name__
    if kind is None or kind not in CLASS_READERS:
        unknown = "it does not say what its outputs are (output_kind is None)" if kind is None else (
            f"it outputs {describe(kind)}, which are not classes")
        raise ValueError(f"accuracy cannot read {name}'s outputs as classes: {unknown}. Compare predict(model, X) "
                         "with y yourself, or use a model with a sigmoid, linear or class-logit output.")
    X = checked_samples(X, "accuracy")
    labels = checked_labels(y, X, "accuracy")
    outputs = predict(model, X)
    _check_classes(labels, outputs.shape[1] if kind == CLASS_LOGITS and outputs.ndim == 2 else None)
    return count_correct(CLASS_READERS[kind], outputs, labels) / len(labels)


def checked_samples(X: Any, who: str) -> Array:
    """X as an (n, features) float array of finite numbers, n >= 1."""
    try:
        samples: Array = np.asarray(X, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{who} needs X as an (n, features) array of numbers.") from None
    if samples.ndim != 2 or len(samples) == 0:
        raise ValueError(f"{who} needs X of shape (n, features) with n >= 1; got {samples.shape}.")
    if not np.isfinite(samples).all():
        rows = np.flatnonzero(~np.isfinite(samples).all(axis=1))[:5].tolist()
        raise ValueError(f"X holds NaN or inf at rows {rows}.")
    return samples


def checked_labels(labels: Any, X: Array, who: str, name: str = "y") -> Labels:
    """y as one finite number per row of X (class labels or regression targets); text labels are refused."""
    y: NDArray[Any] = np.asarray(labels)
    if y.dtype.kind not in "biuf":
        kind = {"U": "text", "S": "bytes", "O": "object", "c": "complex"}.get(y.dtype.kind, y.dtype.name)
        shown = ", ".join(repr(label) for label in list(dict.fromkeys(y.ravel().tolist()))[:3])
        raise TypeError(f"{who} needs {name} as numbers (class labels 0/1, or 0..k-1 for class logits); got "
                        f"{kind} labels such as {shown}. Number the classes first, e.g. "
                        f"names, {name} = numpy.unique({name}, return_inverse=True).")
    if y.ndim != 1 or len(y) != len(X):
        raise ValueError(f"{who} needs {name} of shape ({len(X)},), one target per row of X {X.shape}; got {y.shape}.")
    if not np.isfinite(y).all():
        raise ValueError(f"{name} holds NaN or inf at {np.flatnonzero(~np.isfinite(y))[:5].tolist()}.")
    return y


def _check_classes(labels: Labels, classes: int | None) -> None:
    """Labels that name classes: 0..k-1 for k class logits, 0/1 or -1/+1 for one output."""
    found = set(np.unique(labels).tolist())
    if classes is not None and found <= set(range(classes)):
        return
    if classes is None and (found <= {0, 1} or found <= {-1, 1}):
        return
    expected = f"0..{classes - 1}" if classes is not None else "0/1 or -1/+1"
    raise ValueError(f"accuracy needs class labels {expected}; got the values {sorted(found)[:6]}.")
