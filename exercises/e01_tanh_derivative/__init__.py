"""Exercise 1: a local derivative. The learner writes tanh'(x), the slope one tanh node hands to backward."""
TITLE = "a local derivative"
GOAL = "write tanh_derivative(x): the slope of tanh at x"
ANSWER = "tanh_derivative"
