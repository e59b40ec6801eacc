"""Exercise 7: one gradient-descent update, w_new = w_old - lr * grad, on the parameters themselves."""
TITLE = "one gradient-descent update"
GOAL = "write sgd_step(parameters, lr): move every parameter one step downhill, in place"
ANSWER = "sgd_step"
