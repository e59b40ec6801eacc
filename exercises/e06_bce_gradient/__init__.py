"""Exercise 6: the BCE gradient. The learner works out, as code, dL/dz for L = BCE(sigmoid(z), y): short enough
to stay exact for a confident z. (The title and goal do not give the result away: verdicts print the title.)"""
TITLE = "the BCE gradient at the logit"
GOAL = "write bce_gradient(z, y): dL/dz of L = -[y ln p + (1 - y) ln(1 - p)] with p = sigmoid(z)"
ANSWER = "bce_gradient"
