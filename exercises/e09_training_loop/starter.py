"""Exercise 9: a full training loop for logistic regression.
Check it:  python -m exercises check 9      Stuck?  python -m exercises check 9 --hint
"""
# The five steps: 1 predict p = sigmoid(w . x + b), 2 measure the loss with BCE, 3 compute
# the gradient (backward), 4 update w_new = w_old - lr * grad, 5 repeat. For logistic regression BCE is
# convex (one bowl, one bottom), so gradient descent can reach the very best weights. The grader finds
# them by Newton's method and accepts yours within 0.001 of them (within 1e-6 counts as exact).
# X holds one row of two features per point, y the labels 0 or 1. Return the trained model.

from nn import SGD, LogisticRegression, bce
from nn.shapes import Array  # the numpy array type nn uses for X and y


def train_logistic_regression(X: Array, y: Array) -> LogisticRegression:
    """A LogisticRegression(2) trained by full-batch gradient descent on BCE until it reaches the optimum."""
    model = LogisticRegression(2, seed=0)
    optimizer = SGD(model.parameters(), lr=1.0)
    for _step in range(10):  # 5. repeat: are 10 steps enough? When do you stop?
        probs = [model(x) for x in X]  # 1. predict
        loss = bce(probs, y)  # 2. loss
        raise NotImplementedError(f"3. gradient and 4. update, with the {type(optimizer).__name__} optimizer "
                                  f"(the loss is {loss.data:.4f} now)")
    return model
