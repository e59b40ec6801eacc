"""Exercise 2: the chain rule through one neuron, by hand: every input's gradient of tanh(x1 w1 + x2 w2 + b)."""
TITLE = "the chain rule through a neuron"
GOAL = "write neuron_gradients(...): each input's gradient of tanh(x1 w1 + x2 w2 + b), by hand"
ANSWER = "neuron_gradients"
