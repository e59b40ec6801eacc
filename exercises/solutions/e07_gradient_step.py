"""Reference solution of exercise 7: w_new = w_old - lr * grad, written into each parameter's .data."""
from autograd import Value


def sgd_step(parameters: list[Value], lr: float) -> None:
    for parameter in parameters:
        parameter.data -= lr * parameter.grad
