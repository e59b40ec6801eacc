"""Reference solution of exercise 6: dL/dz = p - y, with p = sigmoid(z) computed without overflow."""
import math


def bce_gradient(z: float, y: float) -> float:
    e = math.exp(-abs(z))  # at most 1: no overflow for any z
    p = 1.0 / (1.0 + e) if z >= 0 else e / (1.0 + e)
    return p - y
