"""The shared inputs of the training problems: data sets and initial weights, made once by the runner.

Every backend loads the same file, so they all start from the very same numbers. The weights are one
flat vector in the shared order (layer by layer, neuron by neuron, its weights then its bias: the
order of chainrule's and micrograd's parameters()); ``layers`` turns it into (W, b) pairs.
Imports numpy, and nn's make_moons when making the data.
"""
from pathlib import Path

import numpy as np

WEIGHT_SEED = 0


def parameter_count(sizes) -> int:
    """Weights plus one bias per neuron: 337 for 2-16-16-1."""
    return sum((n_in + 1) * n_out for n_in, n_out in zip(sizes, sizes[1:]))


def initial_weights(problem, seed: int = WEIGHT_SEED) -> np.ndarray:
    """All parameters as one flat vector in the shared order; biases start at 0 (see Problem.init)."""
    rng, parts = np.random.default_rng(seed), []
    last = len(problem.sizes) - 2
    for index, (n_in, n_out) in enumerate(zip(problem.sizes, problem.sizes[1:])):
        if problem.init == "micrograd":
            bound = 1.0
        else:  # chainrule's own rule: keeps w . x at the scale of x
            bound = np.sqrt((6.0 if problem.activation == "relu" and index < last else 3.0) / n_in)
        rows = np.hstack([rng.uniform(-bound, bound, size=(n_out, n_in)), np.zeros((n_out, 1))])
        parts.append(rows.ravel())
    return np.concatenate(parts)


def layers(weights: np.ndarray, sizes) -> list[tuple[np.ndarray, np.ndarray]]:
    """The flat vector as (W of shape (n_out, n_in), b of shape (n_out,)) per layer, copies."""
    pairs, start = [], 0
    for n_in, n_out in zip(sizes, sizes[1:]):
        block = weights[start:start + n_out * (n_in + 1)].reshape(n_out, n_in + 1)
        pairs.append((block[:, :n_in].copy(), block[:, n_in].copy()))
        start += block.size
    return pairs


def flatten(pairs) -> np.ndarray:
    """The inverse of ``layers``: (W, b) pairs back to one flat vector in the shared order."""
    return np.concatenate([np.hstack([np.asarray(W), np.asarray(b)[:, None]]).ravel() for W, b in pairs])


def data(problem) -> tuple[np.ndarray, np.ndarray]:
    """(X, y): two moons with labels -1/+1 for the hinge problems; for cross-entropy, standard normal
    samples with uniformly drawn class labels (random data: only the speed is measured)."""
    if problem.loss == "hinge":
        from nn import make_moons  # here, so a worker loading the file never imports chainrule

        X, labels = make_moons(problem.points, noise=0.1, seed=problem.data_seed)
        return X, 2.0 * labels - 1.0
    rng = np.random.default_rng(problem.data_seed)
    X = rng.standard_normal((problem.points, problem.sizes[0]))
    return X, rng.integers(0, problem.sizes[-1], size=problem.points).astype(float)


def write(directory: Path, problems: dict) -> Path:
    """Save every problem's weights and data into ``directory/fixtures.npz``; returns its path."""
    arrays = {}
    for name, problem in problems.items():
        arrays[f"weights_{name}"] = initial_weights(problem)
        arrays[f"X_{name}"], arrays[f"y_{name}"] = data(problem)
    path = Path(directory) / "fixtures.npz"
    np.savez(path, **arrays)
    return path


def load(path: str | Path, name: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(weights, X, y) of the problem named ``name``."""
    with np.load(path) as arrays:
        return arrays[f"weights_{name}"], arrays[f"X_{name}"], arrays[f"y_{name}"]
