"""Exercise 11: a whole rule. The learner writes swish, f(a) = a · sigmoid(a), as an autograd Rule subclass."""
TITLE = "your own op as a Rule"
GOAL = "write class Swish(Rule): forward f(a) = a * sigmoid(a) and its local derivative, through m"
ANSWER = "Swish"
