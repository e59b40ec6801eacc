"""The hint ladder of exercise 6."""
HINTS = (
    "Two local derivatives: dL/dp = -y/p + (1 - y)/(1 - p), and dp/dz = p (1 - p) (sigmoid's own). "
    "Multiply them and simplify before writing any code.",
    "-y/p * p(1 - p) = -y(1 - p), and (1 - y)/(1 - p) * p(1 - p) = (1 - y) p. Their sum is p - y: the "
    "prediction minus the label, the error itself.",
    "Compute p = 1 / (1 + math.exp(-z)) for z >= 0 and math.exp(z) / (1 + math.exp(z)) for z < 0 (so exp never "
    "overflows), then return p - y.",
)
