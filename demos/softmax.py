# %% [markdown]
# # Sigmoid and softmax: what sums to one
#
# For two classes, `softmax([z, 0])` is `[sigmoid(z), 1 - sigmoid(z)]`. For more, softmax turns one
# sample's logits into probabilities that are positive and sum to one, and the gradient of
# cross-entropy is simply `p - onehot`. Then an MLP learns three interleaved spirals.

# %%
"""Lesson: sigmoid vs softmax, and a 3-class network trained with cross-entropy.

For two classes softmax([z, 0]) is [sigmoid(z), 1 - sigmoid(z)]. For more classes softmax
turns one input's logits into probabilities that are positive and sum to one, and the
gradient of cross-entropy is p - onehot. Then an MLP learns three spirals and its decision
regions are drawn. Run: python -m demos.softmax
"""
import numpy as np

from autograd import Value
from demos.common import lesson_arguments, pyplot, save_figure
from nn import MLP, Adam, LinearLR, cross_entropy, fit, make_spirals, softmax

CLASS_COLORS = ("#1d5fd0", "#c8322f", "#2e9d4a")


# %% [markdown]
# ## Softmax of two logits is the sigmoid

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


# %% [markdown]
# ## Three classes, and cross-entropy's gradient

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
    print(f"every p > 0, sum of p = {total:.12f}; loss = -ln p[{target}] = {loss.data:.6f}; "
          "the gradient is p - onehot: push the true class up, the others down.\n")
    return {"logits": list(logits), "probs": [p.data for p in probs], "grads": [v.grad for v in z], "loss": loss.data}


# %% [markdown]
# ## A 3-class network
#
# The class probabilities of each point, for the decision regions.

# %%
def predict(model, X) -> np.ndarray:
    """Each row's class probabilities (softmax of the model's logits), shape (n, classes)."""
    return np.array([[p.data for p in softmax(model(row))] for row in X])


def main(argv: list[str] | None = None) -> dict:
    arguments = lesson_arguments(__doc__, argv)
    n_samples, epochs, batch_size, lr, grid = (150, 30, 10, 0.1, 15) if arguments.fast else (240, 50, 12, 0.05, 40)
    largest = two_classes()
    example = three_classes()
    X, y = make_spirals(n_samples, n_classes=3, noise=0.05, seed=0)
    model = MLP(2, [16, 3], activation="relu", seed=0)
    print(f"Three spirals, {n_samples} points; {model},\ntrained with softmax cross-entropy "
          f"(Adam, lr {lr} decaying linearly to {lr / 10:g} so the last steps settle).")
    optimizer = Adam(model.parameters(), lr=lr)
    history = fit(model, X, y, loss="cross_entropy", optimizer=optimizer, epochs=epochs, batch_size=batch_size,
                  seed=0, schedule=LinearLR(optimizer, start_factor=1.0, end_factor=0.1, total_iters=epochs))
    probabilities = predict(model, X)
    accuracy = float(np.mean(probabilities.argmax(axis=1) == y))
    print(f"loss {history.loss[0]:.3f} -> {history.loss[-1]:.3f} in {epochs} epochs; "
          f"training accuracy {accuracy:.1%} (chance: 33%)")
    print("\nWhat sums to one? The probabilities over the classes for ONE input (a row), not a class over inputs:")
    print(f"{'input':>16} {'p(0)':>7} {'p(1)':>7} {'p(2)':>7} {'row sum':>9}")
    for row, p in zip(X[:4], probabilities[:4]):
        print(f"{f'({row[0]:+.2f}, {row[1]:+.2f})':>16} {p[0]:>7.3f} {p[1]:>7.3f} {p[2]:>7.3f} {p.sum():>9.6f}")
    column = probabilities[:4].sum(axis=0)
    print(f"{'column sums':>16} {column[0]:>7.3f} {column[1]:>7.3f} {column[2]:>7.3f}   (no reason to be 1)")
    files = _plot(model, X, y, example, accuracy, arguments.out, grid)
    return {"largest_difference": largest, "example": example, "accuracy": accuracy, "history": history,
            "probabilities": probabilities, "data": (X, y), "files": files}


# %% [markdown]
# ## The pictures

# %%
def _plot(model, X, y, example, accuracy, folder, grid: int) -> list:
    plt = pyplot()
    if plt is None:
        return []
    figure, (curves, bars, regions) = plt.subplots(1, 3, figsize=(16, 4.8), gridspec_kw={"wspace": 0.28})
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
    xs = np.linspace(X[:, 0].min() - 0.2, X[:, 0].max() + 0.2, grid)
    ys = np.linspace(X[:, 1].min() - 0.2, X[:, 1].max() + 0.2, grid)
    winner = np.array([[np.argmax([z.data for z in model([a, b])]) for a in xs] for b in ys])
    regions.contourf(xs, ys, winner, levels=[-0.5, 0.5, 1.5, 2.5], colors=CLASS_COLORS, alpha=0.25)
    for k, color in enumerate(CLASS_COLORS):
        regions.scatter(*X[y == k].T, color=color, s=16, edgecolors="white", linewidths=0.5, label=f"class {k}")
    regions.set(xlabel="x0", ylabel="x1",
                title=f"decision regions: argmax of the softmax\n(training accuracy {accuracy:.1%})", aspect="equal")
    regions.legend(loc="upper left", bbox_to_anchor=(1.01, 1), fontsize=8)
    return [save_figure(figure, folder, "softmax.png")]


# %% [markdown]
# ## Run the lesson
#
# Look for: softmax([z, 0]) equal to sigmoid(z); probabilities summing to 1; the gradient p - onehot;
# and the three decision regions around the spirals.

# %%
if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Add a constant to all three logits: do the probabilities change? Why not?
