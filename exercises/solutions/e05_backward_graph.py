"""Reference solution of exercise 5: the chain rule from the loss down, one layer at a time."""
import math


def network_gradients(x: float, y: float, w1: float, b1: float, w2: float, b2: float) -> dict[str, float]:
    z1 = w1 * x + b1
    h = math.tanh(z1)
    out = w2 * h + b2
    d_out = 2.0 * (out - y)  # L = (out - y)**2
    d_h = d_out * w2  # out = w2 * h + b2
    d_z1 = d_h * (1.0 - h * h)  # h = tanh(z1)
    return {"out": d_out, "b2": d_out, "w2": d_out * h, "h": d_h, "z1": d_z1, "b1": d_z1, "w1": d_z1 * x,
            "x": d_z1 * w1}
