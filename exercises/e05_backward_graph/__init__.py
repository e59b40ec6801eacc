"""Exercise 5: backward for a whole small graph: a two-layer network and its squared error, every gradient by hand."""
TITLE = "backward for a whole small graph"
GOAL = "write network_gradients(...): dL/d every node of a two-layer net's squared error, by hand"
ANSWER = "network_gradients"
