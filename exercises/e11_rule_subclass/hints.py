"""The hint ladder of exercise 11."""
HINTS = (
    "forward: a / (1.0 + m.exp(-a)). Product rule for the derivative: (a * s)' = s + a * s' with "
    "s = sigmoid(a) and s' = s * (1 - s).",
    "So df/da = s + a * s * (1 - s) = s + out * (1 - s), since out = a * s. Compute s = 1.0 / (1.0 + m.exp(-a)) "
    "inside local_grads too.",
    "local_grads must return a tuple, even for one input: return (s + out * (1.0 - s),). The trailing comma "
    "makes it a tuple.",
)
