# %% [markdown]
# # Logistic regression, trained by hand
#
# Training's five steps as one explicit loop: (1) predict `p = sigmoid(w . x + b)`,
# (2) measure the loss with binary cross-entropy, (3) compute the gradient with `backward()`,
# (4) update `w -= lr * grad`, (5) repeat. BCE is convex for logistic regression, so there is one best
# line: gradient descent from two random starts and Newton's method all reach it.
#
# In this lesson you will take the first four steps once and check them against numpy, repeat them until
# the loss stops falling, meet the same weights from a second start and from Newton's method, see why BCE
# is the negative log-likelihood, and then write the whole loop yourself.

# %%
"""Lesson: logistic regression trained by hand, training's five steps as one explicit loop.

1 predict p = sigmoid(w . x + b), 2 loss (BCE), 3 gradient (backward), 4 update
w -= lr * grad, 5 repeat. Two overlapping clouds have one best line: gradient descent
from two random starts and Newton's method (numpy) all reach it, and BCE equals the
negative log-likelihood. Run: python -m demos.logistic_regression
"""
import math

import numpy as np

from demos.common import pyplot, save_figure
from nn import SGD, LogisticRegression, bce, make_blobs

CENTERS = [[-1.0, 0.0], [1.0, 0.5]]  # std 1 clouds 2 apart overlap: no line separates them, so the best w is finite
SAMPLES, STEPS = 200, 300  # the lesson's size (--fast: 100 points, 200 steps)
LEARNING_RATE = 2.0
PRINTED_STEPS = (1, 2, 3, 10, 50, 100)

# %% [markdown]
# ## The data: two clouds that overlap
#
# Class 0 is a cloud around (-1, 0), class 1 a cloud around (1, 0.5), each of spread 1: they overlap, so
# no line separates them, and that makes one line the *best*. Were the classes separable, every line
# between them could be made more confident by scaling its weights up: the loss would fall forever.

# %% tags=["active-ipynb"]
# X, y = make_blobs(SAMPLES, centers=CENTERS, std=1.0, seed=3)
# print(f"X: {len(X)} rows (x0, x1); y: {int(y.sum())} labels 1 and {int(len(y) - y.sum())} labels 0")
# print(f"the first three points, as (x0, x1, y):\n{np.column_stack([X[:3], y[:3]])}")

# %% [markdown]
# ## Steps 1 to 4, once
#
# `LogisticRegression(2)` from `nn` holds three Values: the weights `w.0`, `w.1` and the bias `b`. Set them
# to a random start, predict every point (1), score the predictions with `bce` (2), and `backward()` (3)
# fills each parameter's `grad` with dL/d(parameter). For BCE on a sigmoid that gradient has a short form,
# `(1/n) sum_i (p_i - y_i) (x_i0, x_i1, 1)`: each prediction's error, weighted by its input. numpy
# computes it independently, as a check:

# %% tags=["active-ipynb"]
# starts = np.random.default_rng(7).uniform(-4, 4, size=(2, 3))  # two random starts (w0, w1, b): A and B
# model = LogisticRegression(2, seed=0)
# for parameter, number in zip(model.parameters(), starts[0]):
#     parameter.data = float(number)
# probs = [model(x) for x in X]  # 1. predict
# loss = bce(probs, y)  # 2. loss
# loss.backward()  # 3. gradient
# by_numpy = np.column_stack([X, np.ones(len(X))]).T @ (np.array([p.data for p in probs]) - y) / len(y)
# print(f"start A: loss {loss.data:.4f}")
# for (name, parameter), expected in zip(model.named_parameters(), by_numpy):
#     print(f"  {name:<3} = {parameter.data:+.4f}   dL/d{name} = {parameter.grad:+.6f}   (numpy: {expected:+.6f})")

# %% [markdown]
# Step 4 moves every parameter against its gradient, `lr` times as far: `w -= lr * grad`. That is all an
# optimizer's `step()` does. A positive gradient means the loss rises with the parameter, so it goes down.

# %% tags=["active-ipynb"]
# SGD(model.parameters(), lr=LEARNING_RATE).step()  # 4. update
# print(f"after one step: loss {bce([model(x) for x in X], y).data:.4f} (was {loss.data:.4f})")

# %% [markdown]
# ## Step 5: repeat
#
# The five steps in one loop, with `zero_grad()` before each `backward()`: a parameter's `grad`
# accumulates over backward calls, so without it every step would add the previous gradients in.

# %%
def gradient_descent(X, y, start, steps: int, verbose: bool):
    """Train from ``start`` = (w0, w1, b); return the model, the loss per step and the weight path."""
    model = LogisticRegression(2, seed=0)
    for parameter, number in zip(model.parameters(), start):
        parameter.data = float(number)
    optimizer = SGD(model.parameters(), lr=LEARNING_RATE)
    losses, path = [], [list(start)]
    if verbose:
        print(" step     loss   weights (w0, w1, b)        gradient dL/d(w0, w1, b)")
    for step in range(1, steps + 1):                 # 5. repeat
        probs = [model(x) for x in X]                # 1. predict: p = sigmoid(w . x + b)
        loss = bce(probs, y)                         # 2. loss: mean of -[y ln p + (1 - y) ln(1 - p)]
        optimizer.zero_grad()
        loss.backward()                              # 3. gradient: dL/dw for every weight
        if verbose and step in PRINTED_STEPS:
            weights = ", ".join(f"{p.data:+.3f}" for p in model.parameters())
            grads = ", ".join(f"{p.grad:+.4f}" for p in model.parameters())
            print(f"{step:>5} {loss.data:>8.4f}   ({weights})   ({grads})")
        optimizer.step()                             # 4. update: w -= lr * grad
        losses.append(loss.data)
        path.append([p.data for p in model.parameters()])
    return model, losses, np.array(path)


# %% [markdown]
# From start A, with the loss and the gradient printed at a few steps: the loss falls fast at first, then
# slowly, and the gradients shrink towards 0 as the weights settle at the bottom of the bowl.

# %% tags=["active-ipynb"]
# model, losses_a, path_a = gradient_descent(X, y, starts[0], STEPS, verbose=True)
# print(f"loss {losses_a[0]:.4f} -> {losses_a[-1]:.4f} after {STEPS} steps")

# %% [markdown]
# ## A second start, and an answer key
#
# Is that the best line, or just where this start happened to stop? Two independent checks: gradient
# descent from start B, and Newton's method in numpy, which solves for the point where the gradient is
# zero (`v -= H^-1 grad`, with H the matrix of second derivatives). Because BCE is convex here (one bowl,
# one bottom), all three must end at the same weights.

# %%
def newton(X: np.ndarray, y: np.ndarray, iterations: int = 25) -> np.ndarray:
    """The minimum of BCE as (w0, w1, b), by Newton's method in numpy: v -= H^-1 grad."""
    X1, v = np.column_stack([X, np.ones(len(X))]), np.zeros(X.shape[1] + 1)
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-X1 @ v))
        hessian = (X1 * (p * (1 - p))[:, None]).T @ X1 / len(X)
        v -= np.linalg.solve(hessian, X1.T @ (p - y) / len(X))
    return v


def compare_ends(ends: dict[str, np.ndarray]) -> float:
    """Print where each method ended, and return the largest difference from the last one (Newton's)."""
    *searches, optimum = ends.values()
    for name, weights in ends.items():
        print(f"  {name:<16} w0 = {weights[0]:+.6f}  w1 = {weights[1]:+.6f}  b = {weights[2]:+.6f}")
    gap = max(np.abs(weights - optimum).max() for weights in searches)
    print(f"  largest difference from Newton's optimum: {gap:.1e}")
    return gap


# %% tags=["active-ipynb"]
# _, losses_b, path_b = gradient_descent(X, y, starts[1], STEPS, verbose=False)
# optimum = newton(X, y)
# gap = compare_ends({"GD from start A": path_a[-1], "GD from start B": path_b[-1], "Newton (numpy)": optimum})

# %% [markdown]
# ## BCE is the negative log-likelihood
#
# The model gives each label a probability: `p` for a 1, `1 - p` for a 0. The probability of all the
# observed labels together, the likelihood, is their product. Minus its logarithm, divided by n, is the
# mean BCE, exactly: minimising one maximises the other.

# %%
def bce_and_likelihood(model, X, y) -> tuple[float, float, float]:
    """Print and return BCE, the mean negative log-likelihood and the likelihood itself, for the trained model."""
    probs = [model(x) for x in X]
    bce_value = bce(probs, y).data
    likelihood = math.prod(p.data if label == 1 else 1 - p.data for p, label in zip(probs, y))
    nll = -math.log(likelihood) / len(X)
    print("\nWhy not call BCE the negative log-likelihood? It is one. The likelihood of the labels is\n"
          f"  product of p_i^y_i (1 - p_i)^(1 - y_i) = {likelihood:.4e}   (tiny: {len(X)} numbers below 1)\n"
          f"  -ln(likelihood) / n = {nll:.12f}\n  BCE                 = {bce_value:.12f}\n"
          "The name says where it comes from (cross-entropy between labels and predictions); the number is "
          "the same,\nso minimising BCE = maximising the likelihood. Programs sum logs instead, because the "
          "product underflows\nto 0.0 for a few thousand points.")
    return bce_value, nll, likelihood


# %% tags=["active-ipynb"]
# bce_value, nll, likelihood = bce_and_likelihood(model, X, y)

# %% [markdown]
# ## The pictures
#
# Left, the loss per step from both starts, down to Newton's minimum. Middle, the bowl: BCE over
# (w0, w1) with b at its best, and the two paths of the weights to its bottom. Right, the data and the
# line the model learned, `w . x + b = 0`, where p = 0.5: points on the red side get p > 0.5.

# %%
def plot_training(X, y, losses, paths, optimum, folder) -> list:
    """The loss per step, the paths in the bowl and the decision boundary, as one picture."""
    plt = pyplot()
    if plt is None:
        return []
    figure, (curve, bowl, boundary) = plt.subplots(1, 3, figsize=(15, 4.6), gridspec_kw={"wspace": 0.3})
    for name, loss, path, color in zip("AB", losses, paths, ("#c8322f", "#1d5fd0")):
        curve.plot(range(1, len(loss) + 1), loss, color=color, label=f"gradient descent from start {name}")
        bowl.plot(path[:, 0], path[:, 1], ".-", color=color, markersize=3, linewidth=1, label=f"path from start {name}")
    best = _bce_numpy(X, y, optimum)
    curve.axhline(best, color="black", linestyle="--", linewidth=1, label=f"Newton's minimum ({best:.4f})")
    curve.set(xscale="log", xlabel="step (log scale)", ylabel="mean BCE over the data",
              title="steps 1-5 repeated:\nthe loss goes down to the minimum")
    curve.legend()
    w0, w1 = np.meshgrid(np.linspace(-4.5, 4.5, 70), np.linspace(-4.5, 4.5, 70))
    z = w0[..., None] * X[:, 0] + w1[..., None] * X[:, 1] + optimum[2]
    grid = np.mean(np.logaddexp(0, z) - y * z, axis=-1)  # BCE at every (w0, w1) of the grid
    levels = best + (grid.max() - best) * np.linspace(0.03, 1, 12) ** 2
    bowl.contourf(w0, w1, grid, levels=[best, *levels], cmap="YlGnBu_r", alpha=0.3)
    bowl.clabel(bowl.contour(w0, w1, grid, levels=levels, colors="dimgrey", linewidths=0.7), fontsize=8, fmt="%.2f")
    for name, path in zip("AB", paths):
        bowl.annotate(f"start {name}", path[0][:2], xytext=(6, 6), textcoords="offset points", fontsize=9)
    bowl.plot(*optimum[:2], "*", color="gold", markeredgecolor="black", markersize=16, label="Newton's optimum")
    bowl.set(xlabel="w0", ylabel="w1", title=f"one bowl, one bottom\n(BCE contours in the slice b = {optimum[2]:.2f})")
    bowl.legend(loc="lower left", fontsize=8)
    _draw_boundary(boundary, X, y, paths[0][-1], optimum)
    return [save_figure(figure, folder, "logistic_regression.png")]


def _draw_boundary(axis, X, y, weights, optimum) -> None:
    """The data, shaded by the trained model's p, and the line w0 x0 + w1 x1 + b = 0 (where p = 0.5)."""
    x0, x1 = np.meshgrid(np.linspace(X[:, 0].min() - 0.3, X[:, 0].max() + 0.3, 100),
                         np.linspace(X[:, 1].min() - 0.3, X[:, 1].max() + 0.3, 100))
    probability = 1 / (1 + np.exp(-(weights[0] * x0 + weights[1] * x1 + weights[2])))
    axis.contourf(x0, x1, probability, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.3)
    for label, color, marker in ((0, "#1d5fd0", "o"), (1, "#c8322f", "^")):
        axis.scatter(*X[y == label].T, c=color, marker=marker, s=22, edgecolors="white", linewidths=0.5,
                     label=f"class {label}")
    for (w0, w1, b), style in ((weights, {"colors": "black", "linewidths": 4, "alpha": 0.35}),
                               (optimum, {"colors": "gold", "linewidths": 1.5, "linestyles": "--"})):
        axis.contour(x0, x1, w0 * x0 + w1 * x1 + b, levels=[0], **style)
    axis.plot([], [], color="black", linewidth=4, alpha=0.35, label="gradient descent: w . x + b = 0")
    axis.plot([], [], color="gold", linestyle="--", label="Newton: the same line")
    axis.set(xlabel="x0", ylabel="x1",
             title="the decision boundary w . x + b = 0 (p = 0.5)\nshading: the model's p(class 1)")
    axis.legend(loc="upper left", fontsize=8, framealpha=0.9)


def _bce_numpy(X, y, weights) -> float:
    """BCE at (w0, w1, b) in numpy, written as softplus(z) - y z so it is stable for any weights."""
    z = X @ np.asarray(weights[:2]) + weights[2]
    return float(np.mean(np.logaddexp(0, z) - y * z))


# %% tags=["active-ipynb"]
# from pathlib import Path
#
# files = plot_training(X, y, [losses_a, losses_b], [path_a, path_b], optimum, Path("out"))

# %% [markdown]
# ## Your turn: the whole loop
#
# Write `train_logistic_regression(X, y)`: a `LogisticRegression(2, seed=0)` trained by the five steps
# until it sits at the bottom of the bowl. `check` runs it on two sets of 40 points of its own and compares
# your weights with the optimum Newton's method finds there: each within 0.001 passes. Are 10 steps enough,
# and when do you stop? (At the bottom every gradient is 0.) Replace the `raise` line and run the cell; run
# it as it is first: it says the answer is not written yet.

# %% tags=["active-ipynb"]
# from exercises import check
# from nn.shapes import Array  # the numpy array type nn uses for X and y
#
#
# def train_logistic_regression(X: Array, y: Array) -> LogisticRegression:
#     """A LogisticRegression(2) trained by full-batch gradient descent on BCE until it reaches the optimum."""
#     model = LogisticRegression(2, seed=0)
#     optimizer = SGD(model.parameters(), lr=1.0)
#     for _step in range(10):  # 5. repeat: are 10 steps enough? When do you stop?
#         loss = bce([model(x) for x in X], y)  # 1. predict, 2. loss
#         raise NotImplementedError(f"your turn: 3. gradient and 4. update, with the {type(optimizer).__name__} "
#                                   f"optimizer (the loss is {loss.data:.4f} now)")
#     return model
#
#
# print(check(9, train_logistic_regression))

# %% tags=["active-py"]
def main(argv: list[str] | None = None) -> dict:
    """The story above as one printed run: gradient descent from two starts, Newton, the likelihood, the pictures."""
    from demos.common import lesson_arguments  # the script's alone: a notebook has no command line

    arguments = lesson_arguments(__doc__, argv)
    n_samples, steps = (100, 200) if arguments.fast else (SAMPLES, STEPS)
    X, y = make_blobs(n_samples, centers=CENTERS, std=1.0, seed=3)
    starts = np.random.default_rng(7).uniform(-4, 4, size=(2, 3))
    print(f"Logistic regression on {n_samples} points in two overlapping clouds; plain gradient descent, "
          f"lr = {LEARNING_RATE}.\n\nFrom start A = {np.round(starts[0], 2)} (w0, w1, b):")
    model, losses_a, path_a = gradient_descent(X, y, starts[0], steps, verbose=True)
    _, losses_b, path_b = gradient_descent(X, y, starts[1], steps, verbose=False)
    optimum = newton(X, y)
    print(f"\nloss {losses_a[0]:.4f} -> {losses_a[-1]:.4f} after {steps} steps. BCE is convex here (one bowl, "
          "one bottom), so every start ends in the same place:")
    compare_ends({"GD from start A": path_a[-1], "GD from start B": path_b[-1], "Newton (numpy)": optimum})
    bce_value, nll, likelihood = bce_and_likelihood(model, X, y)
    files = plot_training(X, y, [losses_a, losses_b], [path_a, path_b], optimum, arguments.out)
    return {"weights": [path_a[-1], path_b[-1]], "starts": starts, "newton": optimum, "losses": losses_a,
            "bce": bce_value, "nll": nll, "likelihood": likelihood, "data": (X, y), "files": files}


if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Change `LEARNING_RATE` to 0.2 or 8 and compare the number of steps needed.
# - Move the `CENTERS` apart until the clouds no longer overlap: why do the weights then keep growing?
# - The same exercise from a terminal: `python -m exercises start 9`, then `python -m exercises check 9`.
