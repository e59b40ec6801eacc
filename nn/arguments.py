"""Argument checks shared across nn: seeded random generators and whole-number counts.

Imports numpy only.
"""
import numbers

import numpy as np


def make_rng(seed, rng) -> np.random.Generator:
    """One numpy Generator from ``seed`` (fixed results) or ``rng`` (a stream the caller keeps)."""
    if seed is not None and rng is not None:
        raise ValueError(f"got both seed={seed!r} and rng={rng!r}; pass only one: seed= for a repeatable result, "
                         "or rng= to keep drawing from your own numpy Generator.")
    if rng is not None:
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy Generator, got {type(rng).__name__}. "
                            "Make one with numpy.random.default_rng(seed), or pass seed= instead.")
        return rng
    if seed is not None and (isinstance(seed, bool) or not isinstance(seed, numbers.Integral)):
        raise TypeError(f"seed must be None or an int, got {seed!r} ({type(seed).__name__}). "
                        "Pass a whole number such as seed=0, or a numpy Generator as rng=.")
    if seed is not None and seed < 0:
        raise ValueError(f"seed must be a non-negative int, got {seed}. Pass seed=0 or any positive int.")
    return np.random.default_rng(seed)


def check_count(name: str, value, minimum: int, reason: str) -> int:
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an int, got {value!r} ({type(value).__name__}). Pass a whole number, "
                        f"such as {name}={max(minimum, 10)}.")
    if value < minimum:
        raise ValueError(f"{name} must be an int >= {minimum} ({reason}), got {name}={value}. "
                         f"Pass {name}={minimum} or more.")
    return int(value)
