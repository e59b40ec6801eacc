"""The hint ladder of exercise 5."""
HINTS = (
    "Start at the top: L = (out - y)**2, so dL/d out = 2 * (out - y). Everything below is that number "
    "multiplied by local derivatives.",
    "out = w2 * h + b2: the + passes dL/d out to b2 unchanged; the * gives w2 the other factor (h) and h the "
    "other factor (w2). So dL/dw2 = dL/d out * h and dL/dh = dL/d out * w2.",
    "h = tanh(z1): dL/dz1 = dL/dh * (1 - h**2) (exercise 1). Then z1 = w1 * x + b1 works like the output layer: "
    "dL/db1 = dL/dz1, dL/dw1 = dL/dz1 * x, dL/dx = dL/dz1 * w1.",
)
