"""The shared inputs of the moons workloads: data sets and initial weights, made once by the runner.

Every backend loads the same file, so they all start from the very same numbers.
Imports numpy, and nn's make_moons when making the data.
"""
from pathlib import Path

import numpy as np

LAYER_SIZES = (2, 16, 16, 1)  # micrograd's demo model: 2 inputs, two ReLU layers of 16, one linear output
SIZES = {"small": (100, 0), "large": (10_000, 1)}  # name -> (number of points, make_moons seed)
WEIGHT_SEED = 0


def parameter_count(sizes=LAYER_SIZES) -> int:
    """Weights plus one bias per neuron: 337 for 2-16-16-1."""
    return sum((n_in + 1) * n_out for n_in, n_out in zip(sizes, sizes[1:]))


def initial_weights(seed: int = WEIGHT_SEED, sizes=LAYER_SIZES) -> np.ndarray:
    """All parameters as one flat vector in the shared order: layer by layer, neuron by neuron,
    weights then bias. Weights uniform in [-1, 1] and biases 0, as micrograd initialises them."""
    rng, parts = np.random.default_rng(seed), []
    for n_in, n_out in zip(sizes, sizes[1:]):
        rows = np.hstack([rng.uniform(-1.0, 1.0, size=(n_out, n_in)), np.zeros((n_out, 1))])
        parts.append(rows.ravel())
    return np.concatenate(parts)


def moons(n_points: int, seed: int, noise: float = 0.1) -> tuple[np.ndarray, np.ndarray]:
    """Two-moons points with labels -1/+1 (what the hinge loss reads)."""
    from nn import make_moons  # here, so a micrograd worker loading the file never imports chainrule

    X, y = make_moons(n_points, noise=noise, seed=seed)
    return X, 2.0 * y - 1.0


def write(directory: Path, sizes: dict = SIZES) -> Path:
    """Save the weights and every data set into ``directory/fixtures.npz``; returns its path."""
    arrays = {"weights": initial_weights()}
    for name, (n_points, seed) in sizes.items():
        arrays[f"X_{name}"], arrays[f"y_{name}"] = moons(n_points, seed)
    path = Path(directory) / "fixtures.npz"
    np.savez(path, **arrays)
    return path


def load(path: str | Path, size: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(weights, X, y) for the data set named ``size``."""
    with np.load(path) as arrays:
        return arrays["weights"], arrays[f"X_{size}"], arrays[f"y_{size}"]
