# %% [markdown]
# # Sigmoid and softmax: what sums to one
#
# A classifier's last layer gives one number per class, a *logit*: any real number, larger for the
# classes it believes in. Softmax turns one input's logits into probabilities, `p_k = e^z_k / sum_j e^z_j`:
# each positive, together summing to one. For two classes it is the sigmoid you already know, and the
# gradient of its loss, cross-entropy, is as simple as a gradient gets: `p - onehot`.
#
# In this lesson you will see softmax become the sigmoid, take three logits through softmax and
# cross-entropy with Values, write the probabilities and the gradient yourself, and then train a
# network that tells three interleaved spirals apart.

# %%
"""Lesson: sigmoid vs softmax, and a 3-class network trained with cross-entropy.

For two classes softmax([z, 0]) is [sigmoid(z), 1 - sigmoid(z)]. For more classes softmax
turns one input's logits into probabilities that are positive and sum to one, and the
gradient of cross-entropy is p - onehot. Then an MLP learns three spirals and its decision
regions are drawn. Run: python -m demos.softmax
"""
import math

import numpy as np

from autograd import Value
from demos.common import pyplot, save_figure
from nn import MLP, Adam, LinearLR, cross_entropy, fit, make_spirals, softmax

CLASS_COLORS = ("#1d5fd0", "#c8322f", "#2e9d4a")
FULL = {"n_samples": 240, "epochs": 50, "batch_size": 12, "lr": 0.05, "grid": 40}
FAST = {"n_samples": 150, "epochs": 30, "batch_size": 10, "lr": 0.1, "grid": 15}  # --fast: the tests' quick run


# %% [markdown]
# ## Softmax of two logits is the sigmoid
#
# With two logits `[z, 0]`, softmax's first probability is `e^z / (e^z + e^0)`. Divide above and below
# by `e^z` and it is `1 / (1 + e^-z)`: the sigmoid. So a sigmoid is a softmax whose second logit is pinned
# at 0, and logistic regression is the two-class case of what follows. The table computes both sides
# with Values:

# %%
def two_classes() -> float:
    """Print softmax([z, 0]) next to sigmoid(z); return the largest difference."""
    print("Two classes: softmax([z, 0]) = e^z / (e^z + e^0) = 1 / (1 + e^-z) = sigmoid(z).")
    print(f"{'z':>6} {'softmax[0]':>12} {'sigmoid(z)':>12} {'softmax[1]':>12} {'1 - sigmoid':>12}")
    largest = 0.0
    for z in (-4.0, -1.0, 0.0, 0.5, 3.0):
        pair, sigmoid = softmax([Value(z), Value(0.0)]), Value(z).sigmoid()
        largest = max(largest, abs(pair[0].data - sigmoid.data), abs(pair[1].data - (1 - sigmoid.data)))
        print(f"{z:>6.1f} {pair[0].data:>12.8f} {sigmoid.data:>12.8f} {pair[1].data:>12.8f} {1 - sigmoid.data:>12.8f}")
    print(f"largest difference {largest:.1e}: a sigmoid is a softmax whose second logit is pinned at 0.\n")
    return largest


# %% tags=["active-ipynb"]
# largest = two_classes()

# %% [markdown]
# ## Three classes, and cross-entropy's gradient
#
# With three logits `z = [2, 1, -1]` and the true class 0, softmax gives three probabilities, and the
# loss is cross-entropy, `L = -ln p[target]`: small when the true class gets most of the probability.
# Written out, `L = -z_target + ln sum_j e^z_j`. Its derivative by `z_k` is `p_k` (from the log-sum)
# minus 1 for the target alone (from `-z_target`): the gradient is `p - onehot`. `backward()` finds the
# same, one node at a time. Read it as a push: the true class's logit goes up, every other goes down, each
# by as much probability as it wrongly holds.

# %%
def three_classes(logits=(2.0, 1.0, -1.0), target: int = 0) -> dict:
    """Softmax of three logits with Values, then cross-entropy's gradient, compared with p - onehot."""
    z = [Value(number, label=f"z{k}") for k, number in enumerate(logits)]
    probs = softmax(z)
    loss = cross_entropy(z, target)
    loss.backward()
    onehot = [1.0 if k == target else 0.0 for k in range(len(z))]
    print(f"Three classes, logits z = {list(logits)}, true class {target}: p_k = e^z_k / sum_j e^z_j")
    print(f"{'class':>6} {'z':>6} {'p':>10} {'onehot':>7} {'dL/dz':>10} {'p - onehot':>11}")
    for k, (value, p) in enumerate(zip(z, probs)):
        print(f"{k:>6} {value.data:>6.1f} {p.data:>10.6f} {onehot[k]:>7.0f} {value.grad:>10.6f} "
              f"{p.data - onehot[k]:>11.6f}")
    total = sum(p.data for p in probs)
    by_hand = math.log(sum(math.exp(number) for number in logits)) - logits[target]  # ln sum e^z - z_target
    print(f"every p > 0, sum of p = {total:.12f}; loss = -ln p[{target}] = {loss.data:.6f} "
          f"(= ln sum_j e^z_j - z_{target} = {by_hand:.6f});\n"
          "the gradient is p - onehot: push the true class up, the others down.\n")
    return {"logits": list(logits), "probs": [p.data for p in probs], "grads": [v.grad for v in z], "loss": loss.data}


# %% tags=["active-ipynb"]
# example = three_classes()

# %% [markdown]
# The same example as pictures: the sigmoid curve with softmax's points on it, and the three
# probabilities of the three logits.

# %%
def plot_probabilities(example: dict, folder) -> list:
    """Two panels: softmax([z, 0])[0] on the sigmoid curve, and one input's three probabilities."""
    plt = pyplot()
    if plt is None:
        return []
    figure, (curves, bars) = plt.subplots(1, 2, figsize=(11, 4.4), gridspec_kw={"wspace": 0.28})
    zs = np.linspace(-6, 6, 25)
    curves.plot(zs, 1 / (1 + np.exp(-zs)), color="black", linewidth=4, alpha=0.3, label="sigmoid(z)")
    curves.plot(zs, [softmax([Value(z), Value(0.0)])[0].data for z in zs], "o", color="#c8322f", markersize=4,
                label="softmax([z, 0])[0], with Values")
    curves.set(xlabel="logit z", ylabel="probability of class 0", title="two classes: softmax = sigmoid")
    curves.grid(alpha=0.3)
    curves.legend(loc="upper left")
    classes = range(len(example["probs"]))
    bars.bar(classes, example["probs"], color=CLASS_COLORS, alpha=0.8)
    for k, (z, p) in enumerate(zip(example["logits"], example["probs"])):
        bars.text(k, p + 0.02, f"z = {z:+.0f}\np = {p:.3f}", ha="center")
    bars.set(xticks=list(classes), xlabel="class", ylabel="softmax probability", ylim=(0, 1),
             title="one input's three logits -> three probabilities\n"
                   f"all > 0, and they sum to {sum(example['probs']):.3f}")
    return [save_figure(figure, folder, "softmax.png")]


# %% tags=["active-ipynb"]
# from pathlib import Path
#
# files = plot_probabilities(example, Path("out"))

# %% [markdown]
# ## Your turn: softmax and its gradient, by hand
#
# Write `softmax_cross_entropy(logits, target)` for plain numbers (`math` is imported above): return the
# probabilities and `dL/dz`, both as lists, one entry per class, for `L = -ln p[target]`. The table above is
# your check on paper: for `[2, 1, -1]` and target 0 your lists should read like its `p` and `dL/dz` columns.
# One trap: `math.exp(1000)` overflows, and the grader tries logits like `[1000, 0, -1000]`; softmax does not
# change when the same number is subtracted from every logit. Replace the `raise` line and run the cell:
# `check` grades your function right here (run it as it is first: it says the answer is not written yet).

# %% tags=["active-ipynb"]
# from exercises import check
#
#
# def softmax_cross_entropy(logits: list[float], target: int) -> tuple[list[float], list[float]]:
#     """(p, dL/dz) for L = -ln softmax(logits)[target], as two lists of floats."""
#     raise NotImplementedError(f"your turn: return (probabilities, gradient) for the logits {logits}")
#
#
# print(check(8, softmax_cross_entropy))

# %% [markdown]
# ## A network for three classes
#
# Three spirals wind around each other; no straight line separates any of them. An MLP with 16 ReLU units
# gives three logits per point, and `fit` trains it on softmax cross-entropy: for every point, the loss
# above, and its gradient `p - onehot` flows back through the network's weights.

# %%
def train_spirals(settings: dict) -> tuple:
    """Three spirals and an MLP(2, [16, 3]) trained on them with cross-entropy: (X, y, model, history).
    ``settings``: FULL or FAST (points, epochs, batch size, learning rate)."""
    n_samples, epochs, lr = settings["n_samples"], settings["epochs"], settings["lr"]
    X, y = make_spirals(n_samples, n_classes=3, noise=0.05, seed=0)
    model = MLP(2, [16, 3], activation="relu", seed=0)
    print(f"Three spirals, {n_samples} points; {model},\ntrained with softmax cross-entropy "
          f"(Adam, lr {lr} decaying linearly to {lr / 10:g} so the last steps settle).")
    optimizer = Adam(model.parameters(), lr=lr)
    schedule = LinearLR(optimizer, start_factor=1.0, end_factor=0.1, total_iters=epochs)
    history = fit(model, X, y, loss="cross_entropy", optimizer=optimizer, epochs=epochs,
                  batch_size=settings["batch_size"], seed=0, schedule=schedule)
    return X, y, model, history


def predict(model, X) -> np.ndarray:
    """Each row's class probabilities (softmax of the model's logits), shape (n, classes)."""
    return np.array([[p.data for p in softmax(model(row))] for row in X])


# %% tags=["active-ipynb"]
# X, y, model, history = train_spirals(FULL)
# probabilities = predict(model, X)
# accuracy = float(np.mean(probabilities.argmax(axis=1) == y))
# print(f"loss {history.loss[0]:.3f} -> {history.loss[-1]:.3f}; training accuracy {accuracy:.1%} (chance: 33%)")

# %% [markdown]
# ## What sums to one?
#
# The probabilities over the classes for *one* input: a row of the table. A class's probability over
# many inputs (a column) has no reason to sum to anything.

# %%
def sums_to_one(X, probabilities, rows: int = 4) -> None:
    """The first rows' class probabilities with their row sums (1), then the column sums (anything)."""
    print("What sums to one? The probabilities over the classes for ONE input (a row), not a class over inputs:")
    print(f"{'input':>16} {'p(0)':>7} {'p(1)':>7} {'p(2)':>7} {'row sum':>9}")
    for row, p in zip(X[:rows], probabilities[:rows]):
        print(f"{f'({row[0]:+.2f}, {row[1]:+.2f})':>16} {p[0]:>7.3f} {p[1]:>7.3f} {p[2]:>7.3f} {p.sum():>9.6f}")
    column = probabilities[:rows].sum(axis=0)
    print(f"{'column sums':>16} {column[0]:>7.3f} {column[1]:>7.3f} {column[2]:>7.3f}   (no reason to be 1)")


# %% tags=["active-ipynb"]
# sums_to_one(X, probabilities)

# %% [markdown]
# ## The decision regions
#
# Colour every point of the plane by the class with the largest logit (the argmax of the softmax): the
# network has carved the plane into three winding regions, one per spiral.

# %%
def plot_regions(model, X, y, accuracy: float, folder, grid: int) -> list:
    """The plane coloured by the model's predicted class, with the training points on it."""
    plt = pyplot()
    if plt is None:
        return []
    figure, regions = plt.subplots(figsize=(6.4, 5.2))
    xs = np.linspace(X[:, 0].min() - 0.2, X[:, 0].max() + 0.2, grid)
    ys = np.linspace(X[:, 1].min() - 0.2, X[:, 1].max() + 0.2, grid)
    winner = np.array([[np.argmax([z.data for z in model([a, b])]) for a in xs] for b in ys])
    regions.contourf(xs, ys, winner, levels=[-0.5, 0.5, 1.5, 2.5], colors=CLASS_COLORS, alpha=0.25)
    for k, color in enumerate(CLASS_COLORS):
        regions.scatter(*X[y == k].T, color=color, s=16, edgecolors="white", linewidths=0.5, label=f"class {k}")
    regions.set(xlabel="x0", ylabel="x1",
                title=f"decision regions: argmax of the softmax\n(training accuracy {accuracy:.1%})", aspect="equal")
    regions.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    return [save_figure(figure, folder, "softmax_regions.png")]


# %% tags=["active-ipynb"]
# files += plot_regions(model, X, y, accuracy, Path("out"), FULL["grid"])

# %% tags=["active-py"]
def main(argv: list[str] | None = None) -> dict:
    """The story above as one printed run: two classes, three classes, the spirals, the pictures."""
    from demos.common import lesson_arguments  # the script's alone: a notebook has no command line

    arguments = lesson_arguments(__doc__, argv)
    settings = FAST if arguments.fast else FULL
    largest = two_classes()
    example = three_classes()
    X, y, model, history = train_spirals(settings)
    probabilities = predict(model, X)
    accuracy = float(np.mean(probabilities.argmax(axis=1) == y))
    print(f"loss {history.loss[0]:.3f} -> {history.loss[-1]:.3f} in {settings['epochs']} epochs; "
          f"training accuracy {accuracy:.1%} (chance: 33%)\n")
    sums_to_one(X, probabilities)
    files = [*plot_probabilities(example, arguments.out),
             *plot_regions(model, X, y, accuracy, arguments.out, settings["grid"])]
    return {"largest_difference": largest, "example": example, "accuracy": accuracy, "history": history,
            "probabilities": probabilities, "data": (X, y), "files": files}


if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Add a constant to all three logits in `three_classes((12.0, 11.0, 9.0))`: do the probabilities
#   change? Why not? (It is the same fact that keeps your softmax from overflowing.)
# - Give the network fewer hidden units, `MLP(2, [4, 3])`: can it still wind around the spirals?
# - The same exercise from a terminal: `python -m exercises start 8`, then `python -m exercises check 8`.
