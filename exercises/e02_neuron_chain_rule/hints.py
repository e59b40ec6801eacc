"""The hint ladder of exercise 2."""
HINTS = (
    "Start at the end: d out/d n = tanh'(n) = 1 - out**2. Every other gradient is that number times "
    "the local derivatives on the way down to the input.",
    "A + passes its upstream gradient unchanged to both inputs: d out/d b = d out/d s = d out/d x1w1 = 1 - out**2.",
    "A * hands each input the other one: d x1w1/d w1 = x1 and d x1w1/d x1 = w1. So d out/d w1 = (1 - out**2) * x1.",
    "g = 1 - out * out; return {'x1': g * w1, 'w1': g * x1, 'x2': g * w2, 'w2': g * x2, 'b': g}",
)
