"""Exercise 6: the BCE gradient.
Check it:  python -m exercises check 6      Stuck?  python -m exercises check 6 --hint
"""
# Logistic regression predicts p = sigmoid(z) from a logit z, and binary cross-entropy scores it
# against the label y (0 or 1):  L = -[y ln p + (1 - y) ln(1 - p)].
# Write dL/dz. Chain dL/dp with dp/dz on paper first: most of it cancels, leaving something short
# that also stays exact for a confident z = 40 (where p rounds to 1.0 and 1 - p to 0).


def bce_gradient(z: float, y: float) -> float:
    """dL/dz for L = BCE(sigmoid(z), y), a plain number."""
    raise NotImplementedError("return dL/dz; work it out on paper from dL/dp and dp/dz first")
