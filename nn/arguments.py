"""Seeded random generators for nn: every random draw comes from ``seed=`` or a caller's ``rng=``.

Other settings are checked with autograd's argument checker (autograd.arguments).

Imports: autograd (its argument checker), numpy.
"""
import numpy as np

from autograd.arguments import check_count


def make_rng(seed: int | None, rng: np.random.Generator | None) -> np.random.Generator:
    """One numpy Generator from ``seed`` (fixed results) or ``rng`` (a stream the caller keeps)."""
    if seed is not None and rng is not None:
        raise ValueError(f"got both seed={seed!r} and rng={rng!r}; pass only one: seed= for a repeatable result, "
                         "or rng= to keep drawing from your own numpy Generator.")
    if rng is not None:
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy Generator, got {type(rng).__name__}. "
                            "Make one with numpy.random.default_rng(seed), or pass seed= instead.")
        return rng
    if seed is not None:
        seed = check_count("seed", seed, 0, "numpy seeds are non-negative; or pass a numpy Generator as rng=")
    return np.random.default_rng(seed)
