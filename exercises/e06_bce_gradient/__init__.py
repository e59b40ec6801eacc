"""Exercise 6: the BCE gradient. The learner shows, as code, that dL/dz = p - y for L = BCE(sigmoid(z), y)."""
TITLE = "the BCE gradient dL/dz = p - y"
GOAL = "write bce_gradient(z, y): dL/dz of L = -[y ln p + (1 - y) ln(1 - p)] with p = sigmoid(z)"
ANSWER = "bce_gradient"
