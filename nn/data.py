"""Toy 2-D classification data sets (moons, circles, blobs, XOR, spirals) and the helpers that
feed them to a model (train_test_split, batches). No global random state.

Imports: autograd (its argument checker), numpy, arguments, shapes.
"""
import math
import numbers
from collections.abc import Iterator, Sequence
from typing import Any, TypeAlias

import numpy as np
from numpy.typing import ArrayLike, NDArray

from autograd.arguments import check_count, check_number

from .arguments import make_rng
from .shapes import Array

Dataset: TypeAlias = tuple[Array, NDArray[np.int64]]  # X: (n, 2) float64, y: (n,) int64 class labels
# What train_test_split and batches give back: the caller's X and y as arrays, rows picked, dtypes kept.
Rows: TypeAlias = NDArray[Any]
SPIRAL_TURNS = 1.0  # how far each spiral arm winds from the centre (r = 0) to its tip (r = 1)


def make_moons(n_samples: int = 100, noise: float = 0.1, seed: int | None = None, *,
               rng: np.random.Generator | None = None) -> Dataset:
    """Two interleaving half circles, one per class: the classic set no straight line separates.

    Class 0 lies on the upper unit half circle (cos t, sin t), class 1 on the lower one moved
    right and up, (1 - cos t, 0.5 - sin t), with t uniform in [0, pi]. Gaussian noise of
    standard deviation ``noise`` is then added to every coordinate. Class 0 gets the extra
    sample when ``n_samples`` is odd. Returns ``(X, y)``, shuffled so the classes are mixed.
    """
    generator = make_rng(seed, rng)
    counts = _split_evenly(check_count("n_samples", n_samples, 2, "one sample per class"), 2)
    noise = _check_std("noise", noise)
    upper_t, lower_t = (generator.uniform(0.0, math.pi, size=count) for count in counts)
    upper = np.column_stack([np.cos(upper_t), np.sin(upper_t)])
    lower = np.column_stack([1.0 - np.cos(lower_t), 0.5 - np.sin(lower_t)])
    return _finish([upper, lower], [0, 1], noise, generator)


def make_circles(n_samples: int = 100, noise: float = 0.05, factor: float = 0.5, seed: int | None = None, *,
                 rng: np.random.Generator | None = None) -> Dataset:
    """A unit circle (class 0) around a smaller circle of radius ``factor`` (class 1), both at (0, 0).

    Angles are uniform in [0, 2 pi); Gaussian noise of standard deviation ``noise`` is added.
    A linear model fails here, but one feature x0**2 + x1**2 (or a hidden layer) separates them.
    """
    generator = make_rng(seed, rng)
    counts = _split_evenly(check_count("n_samples", n_samples, 2, "one sample per class"), 2)
    noise = _check_std("noise", noise)
    if isinstance(factor, bool) or not isinstance(factor, numbers.Real):
        raise TypeError(f"factor must be a number between 0 and 1, got {factor!r} ({type(factor).__name__}). "
                        "Try factor=0.5.")
    if not 0.0 < factor < 1.0:
        raise ValueError(f"factor is the inner radius as a fraction of the outer (radius 1), so it must lie strictly "
                         f"between 0 and 1; got factor={factor!r}. Try factor=0.5.")
    outer, inner = (_unit_circle(generator, count) for count in counts)
    return _finish([outer, float(factor) * inner], [0, 1], noise, generator)


def make_blobs(n_samples: int = 100, centers: int | Sequence[Sequence[float]] | Array = 2, std: float = 1.0,
               seed: int | None = None, center_box: tuple[float, float] = (-5.0, 5.0), *,
               rng: np.random.Generator | None = None) -> Dataset:
    """Round Gaussian clouds of standard deviation ``std``, one per centre; the label is the blob's index.

    ``centers`` is either a count k (the centres are then drawn uniformly from the square
    ``center_box`` x ``center_box``, using the same seed) or an array-like of shape (k, 2).
    Samples are split as evenly as possible, earlier blobs getting the extra ones.
    """
    generator = make_rng(seed, rng)
    blob_centers = _blob_centers(centers, center_box, generator)
    k = len(blob_centers)
    counts = _split_evenly(check_count("n_samples", n_samples, k, f"one sample per blob, and there are {k}"), k)
    std = _check_std("std", std)
    parts = [np.tile(center, (count, 1)) for center, count in zip(blob_centers, counts)]
    return _finish(parts, list(range(k)), std, generator)


def make_xor(n_samples: int = 100, noise: float = 0.1, seed: int | None = None, *,
             rng: np.random.Generator | None = None) -> Dataset:
    """The XOR pattern: label 1 when x0 and x1 have different signs, 0 when they share one.

    Samples are spread evenly over the four quadrants of the square [-1, 1]^2 (uniform inside
    each quadrant, never exactly on an axis) and labelled by the quadrant rule
    ``(x0 > 0) xor (x1 > 0)``; then Gaussian noise of standard deviation ``noise`` is added,
    so with noise some points near the axes sit across from their quadrant's label.
    """
    generator = make_rng(seed, rng)
    counts = _split_evenly(check_count("n_samples", n_samples, 2, "one sample per class"), 4)
    noise = _check_std("noise", noise)
    # Quadrants in the order (+,+), (+,-), (-,-), (-,+): labels 0, 1, 0, 1, so class 0 gets any extra.
    signs = [(1.0, 1.0), (1.0, -1.0), (-1.0, -1.0), (-1.0, 1.0)]
    parts = [np.array(sign) * (1.0 - generator.random((count, 2))) for sign, count in zip(signs, counts)]
    return _finish(parts, [0, 1, 0, 1], noise, generator)


def make_spirals(n_samples: int = 100, n_classes: int = 2, noise: float = 0.1, seed: int | None = None, *,
                 rng: np.random.Generator | None = None) -> Dataset:
    """``n_classes`` interleaved spiral arms, one class each: hard for shallow models.

    Arm k holds the points r * (cos a, sin a) with r uniform in [0, 1] and
    a = 2 pi k / n_classes + 2 pi SPIRAL_TURNS r, so each arm is the previous one rotated
    by 2 pi / n_classes. Gaussian noise of standard deviation ``noise`` is added.
    """
    generator = make_rng(seed, rng)
    n_classes = check_count("n_classes", n_classes, 2, "a classification needs two classes")
    n_samples = check_count("n_samples", n_samples, n_classes, f"one sample per class, and there are {n_classes}")
    counts = _split_evenly(n_samples, n_classes)
    noise = _check_std("noise", noise)
    parts: list[Array] = []
    for k, count in enumerate(counts):
        radius = generator.random(count)
        angle = 2.0 * math.pi * (k / n_classes + SPIRAL_TURNS * radius)
        parts.append(radius[:, None] * np.column_stack([np.cos(angle), np.sin(angle)]))
    return _finish(parts, list(range(n_classes)), noise, generator)


def train_test_split(X: ArrayLike, y: ArrayLike, test_size: float = 0.25, seed: int | None = None, *,
                     rng: np.random.Generator | None = None) -> tuple[Rows, Rows, Rows, Rows]:
    """Shuffle the rows, then hold out ``test_size`` of them: returns X_train, X_test, y_train, y_test.

    ``test_size`` is a fraction in (0, 1) (the count is rounded to the nearest whole number,
    kept between 1 and n - 1) or a whole count in [1, n - 1]. Every row lands in exactly one part.
    """
    X, y = _check_xy(X, y)
    n_test = _test_count(test_size, len(X))
    order = make_rng(seed, rng).permutation(len(X))
    test, train = order[:n_test], order[n_test:]
    return X[train], X[test], y[train], y[test]


def batches(X: ArrayLike, y: ArrayLike, batch_size: int, shuffle: bool = True, seed: int | None = None, *,
            rng: np.random.Generator | None = None) -> Iterator[tuple[Rows, Rows]]:
    """Yield ``(X_batch, y_batch)`` pairs that cover every sample exactly once; the last may be smaller.

    With ``shuffle=False`` the rows keep their order. With a fixed ``seed`` every call yields the
    same order, so a training loop should pass ``seed=base_seed + epoch``, or one numpy Generator
    as ``rng=`` (it moves on at each call), to see a fresh order each epoch. The arguments are
    checked here, when ``batches`` is called, not later at the first batch.
    """
    X, y = _check_xy(X, y)
    batch_size = check_count("batch_size", batch_size, 1, "each batch holds at least one sample")
    generator = make_rng(seed, rng)
    order = generator.permutation(len(X)) if shuffle else np.arange(len(X))
    return _iterate_batches(X, y, order, batch_size)


def _iterate_batches(X: Rows, y: Rows, order: NDArray[np.int64], batch_size: int) -> Iterator[tuple[Rows, Rows]]:
    for start in range(0, len(order), batch_size):
        rows = order[start:start + batch_size]  # fancy indexing: each batch is a copy, safe to modify
        yield X[rows], y[rows]


def _check_std(name: str, value: float) -> float:
    """A standard deviation: a finite number >= 0 (0 gives the exact points)."""
    return check_number(name, value, 0.0, example=0.1)


def _split_evenly(n: int, k: int) -> list[int]:
    """n samples over k groups, sizes differing by at most one, the first groups taking the extras."""
    return [n // k + (i < n % k) for i in range(k)]


def _unit_circle(generator: np.random.Generator, count: int) -> Array:
    angle = generator.uniform(0.0, 2.0 * math.pi, size=count)
    return np.column_stack([np.cos(angle), np.sin(angle)])


def _finish(parts: list[Array], labels: list[int], noise: float, generator: np.random.Generator) -> Dataset:
    """Stack the classes' clean points, add the noise, and shuffle so the classes are mixed."""
    X = np.concatenate([np.asarray(part, dtype=np.float64).reshape(-1, 2) for part in parts])
    y = np.concatenate([np.full(len(part), label, dtype=np.int64) for part, label in zip(parts, labels)])
    X = X + generator.normal(0.0, noise, size=X.shape)
    order = generator.permutation(len(X))
    return X[order], y[order]


def _blob_centers(centers: int | Sequence[Sequence[float]] | Array, center_box: tuple[float, float],
                  generator: np.random.Generator) -> Array:
    if isinstance(centers, numbers.Integral) and not isinstance(centers, bool):
        count = check_count("centers", centers, 1, "a blob needs a centre")
        low, high = _check_box(center_box)
        return generator.uniform(low, high, size=(count, 2))
    array: Array | None
    try:
        array = np.asarray(centers, dtype=np.float64)
    except (TypeError, ValueError):  # a string, a ragged list, ...
        array = None
    if array is None or array.ndim == 0:
        raise TypeError(f"centers must be a count (int) or an array-like of shape (k, 2), got {centers!r} "
                        f"({type(centers).__name__}). Pass centers=3, or centers=[[0, 0], [3, 3]].")
    if array.ndim != 2 or array.shape[0] < 1 or array.shape[1] != 2 or not np.isfinite(array).all():
        raise ValueError(f"centers as an array must have shape (k, 2) with k >= 1 and finite entries, got shape "
                         f"{array.shape}. Pass one (x, y) pair per blob, e.g. centers=[[0, 0], [3, 3]].")
    return array


def _check_box(center_box: tuple[float, float]) -> tuple[float, float]:
    try:
        low, high = center_box
    except (TypeError, ValueError):
        raise TypeError(f"center_box must be two numbers (low, high), got {center_box!r}. "
                        "Pass center_box=(-5, 5), say.") from None
    low, high = check_number("center_box[0]", low), check_number("center_box[1]", high)
    if not low < high:
        raise ValueError(f"center_box must have low < high, got {center_box!r}. Pass center_box=(-5, 5), say.")
    return low, high


def _check_xy(X: ArrayLike, y: ArrayLike) -> tuple[Rows, Rows]:
    X, y = np.asarray(X), np.asarray(y)
    if X.ndim != 2:
        raise ValueError(f"X must be 2-D, one row per sample (n_samples, n_features), got shape {X.shape}. "
                         "For a single feature use X.reshape(-1, 1); for a single sample, X.reshape(1, -1).")
    if y.ndim == 0 or len(y) != len(X):
        raise ValueError(f"X and y must have the same length (one label per row of X), got {len(X)} rows in X "
                         f"and y of shape {y.shape}. Check that they come from the same data set.")
    if len(X) == 0:
        raise ValueError("X and y are empty (0 samples); there is nothing to split or batch. "
                         "Check how they were built.")
    return X, y


def _test_count(test_size: float, n: int) -> int:
    if isinstance(test_size, bool) or not isinstance(test_size, numbers.Real):
        raise TypeError(f"test_size must be a fraction in (0, 1) or an int count, got {test_size!r} "
                        f"({type(test_size).__name__}). Pass test_size=0.25, say.")
    if n < 2:
        raise ValueError(f"train_test_split needs at least 2 samples (one per part), got {n}. Use more data.")
    if isinstance(test_size, numbers.Integral):
        if not 1 <= int(test_size) <= n - 1:
            raise ValueError(f"test_size as a count must be between 1 and n - 1 = {n - 1} for {n} samples, "
                             f"got test_size={test_size}. Pass a count in that range, or a fraction such as 0.25.")
        return int(test_size)
    fraction = float(test_size)
    if not 0.0 < fraction < 1.0:  # also refuses NaN
        raise ValueError(f"test_size as a fraction must lie strictly between 0 and 1, got test_size={test_size!r}. "
                         "Pass a fraction such as 0.25, or an int count of test samples.")
    return min(max(math.floor(fraction * n + 0.5), 1), n - 1)
