"""Exercise 9: a full training loop for logistic regression (predict, loss, gradient, update, repeat) that
must reach the convex optimum, which the grader finds by Newton's method."""
TITLE = "a training loop that reaches the optimum"
GOAL = "write train_logistic_regression(X, y): gradient descent on BCE down to the bottom of the bowl"
ANSWER = "train_logistic_regression"
