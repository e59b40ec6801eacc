"""The hint ladder of exercise 8."""
HINTS = (
    "e^1000 overflows, but softmax does not change when the same number is subtracted from every logit "
    "(the factor e^-c cancels). Subtract the largest logit first: then every exponent is <= 0.",
    "L = -ln p_target = ln(sum_j e^(z_j)) - z_target. Differentiate with respect to z_k: the first term gives "
    "e^(z_k) / sum_j e^(z_j) = p_k; the second gives 1 when k is the target, else 0.",
    "So dL/dz_k = p_k - 1 for the target and p_k for every other class: p - onehot(target). Every class gets "
    "a gradient, not only the target.",
)
