# %% [markdown]
# # Full batch, mini-batch, one sample at a time
#
# The same data, model (logistic regression), start and learning rate; only the batch size changes.
# A full batch makes one careful update per pass over the data; single samples make many noisy ones.
# Which reaches a low loss first depends on whether you count updates or seconds.

# %%
"""Lesson: full-batch, mini-batch and single-sample (stochastic) gradient descent, measured.

The same data, model (logistic regression), start and learning rate; only the batch
size changes. Counts the updates per pass over the data, times them, and plots the
loss over all the data against updates and against seconds. Run: python -m demos.sgd
"""
import time

import numpy as np

from demos.common import lesson_arguments, pyplot, save_figure
from nn import SGD, LogisticRegression, batches, bce_with_logits, make_blobs

METHODS = (("full batch", None), ("mini-batches of 32", 32), ("one sample at a time", 1))
COLORS = ("black", "#1d5fd0", "#c8322f")
LEARNING_RATE = 0.5
START = (-2.0, 2.0, 1.0)  # (w0, w1, b): a poor start, the same for every method


# %% [markdown]
# ## The training loop, instrumented
#
# The loop `fit` runs (predict, loss, backward, step per batch), keeping the weights and the clock.

# %%
def train(X, y, batch_size: int | None, epochs: int) -> dict:
    """The loop fit() runs (predict, loss, backward, step per batch), keeping the weights and the clock
    after each update."""
    model = LogisticRegression(2, seed=0)
    for parameter, number in zip(model.parameters(), START):
        parameter.data = number
    optimizer, rng = SGD(model.parameters(), lr=LEARNING_RATE), np.random.default_rng(0)
    weights, seconds, begin = [list(START)], [0.0], time.perf_counter()
    for _ in range(epochs):
        for X_batch, y_batch in batches(X, y, batch_size or len(X), shuffle=batch_size is not None, rng=rng):
            loss = bce_with_logits([model.logit(row) for row in X_batch], [float(label) for label in y_batch])
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            weights.append([p.data for p in model.parameters()])
            seconds.append(time.perf_counter() - begin)
    return {"weights": np.array(weights), "seconds": np.array(seconds), "updates": optimizer.steps}


# %% [markdown]
# ## Measuring on all the data
#
# The loss over the whole data set after every update, and the lowest loss any weights reach.

# %%
def full_data_loss(X, y, weights: np.ndarray) -> np.ndarray:
    """Mean BCE over all the data for every row (w0, w1, b) of ``weights``, in numpy (measured after training)."""
    losses = []
    for chunk in np.array_split(weights, max(1, len(weights) // 256)):
        z = chunk[:, :2] @ X.T + chunk[:, 2:]
        losses.append(np.mean(np.logaddexp(0, z) - y * z, axis=1))
    return np.concatenate(losses)


def minimum_loss(X, y) -> float:
    """The lowest BCE any weights reach, by Newton's method in numpy: the floor every method aims at."""
    X1, v = np.column_stack([X, np.ones(len(X))]), np.zeros(3)
    for _ in range(25):
        p = 1 / (1 + np.exp(-X1 @ v))
        v -= np.linalg.solve((X1 * (p * (1 - p))[:, None]).T @ X1, X1.T @ (p - y))
    return float(full_data_loss(X, y, v[None, :])[0])


def measure(run: dict, X, y, best: float, epochs: int) -> dict:
    """Add the full-data loss after every update, the noise, and when the loss first came within 1% of the minimum."""
    run["loss"] = full_data_loss(X, y, run["weights"])
    run["updates_per_epoch"] = run["updates"] // epochs
    second_half = run["loss"][len(run["loss"]) // 2:]
    run["largest_rise"] = float(max(0.0, np.diff(second_half).max()))  # noise: a step that made things worse
    close = np.flatnonzero(run["loss"] <= 1.01 * best)
    run["seconds_to_1_percent"] = float(run["seconds"][close[0]]) if len(close) else None
    return run


# %% [markdown]
# ## Three batch sizes

# %%
def main(argv: list[str] | None = None) -> dict:
    arguments = lesson_arguments(__doc__, argv)
    n_samples, epochs = (300, 6) if arguments.fast else (1000, 20)
    X, y = make_blobs(n_samples, centers=[[-1.0, 0.0], [1.0, 0.5]], std=1.0, seed=3)
    best = minimum_loss(X, y)
    print(f"{n_samples} points, logistic regression from the same start, lr = {LEARNING_RATE}, {epochs} passes "
          "over the data (epochs).\nOnly the batch size differs. Loss = mean BCE over all the data; "
          f"its minimum (Newton, numpy) is {best:.4f}.\n")
    print(f"{'method':<22}{'updates/epoch':>14}{'updates':>9}{'seconds':>9}{'per update':>12}"
          f"{'final loss':>12}{'largest rise':>14}{'first within 1%':>17}")
    runs = {}
    for name, batch_size in METHODS:
        run = measure(train(X, y, batch_size, epochs), X, y, best, epochs)
        reached = "not yet" if run["seconds_to_1_percent"] is None else f"{run['seconds_to_1_percent']:.3f} s"
        print(f"{name:<22}{run['updates_per_epoch']:>14}{run['updates']:>9}{run['seconds'][-1]:>9.2f}"
              f"{1000 * run['seconds'][-1] / run['updates']:>9.3f} ms{run['loss'][-1]:>12.4f}"
              f"{run['largest_rise']:>14.4f}{reached:>17}")
        runs[name] = run
    per_epoch = " / ".join(f"{run['seconds'][-1] / epochs:.3f}" for run in runs.values())
    per_sample = runs["full batch"]["seconds"][-1] / (epochs * n_samples)
    mini = runs["mini-batches of 32"]
    print(f"\nOne pass over the data took {per_epoch} s (full / mini / single): the same order, since every sample "
          "goes\nthrough the graph once (this scalar engine gains nothing from big batches). But the full batch turns "
          f"that pass\ninto 1 update, mini-batches into {mini['updates_per_epoch']}, single samples into {n_samples}: "
          "small batches reach the bottom in a\nfraction of the time. The price is noise: each step sees only part "
          "of the data, so some steps raise the\nloss (largest rise in the second half of training) and it jitters "
          "around the bottom instead of settling.\n"
          f"Very large databases: one full-batch step costs n x {1e6 * per_sample:.0f} us (measured per sample here), "
          f"about {1e7 * per_sample / 60:.0f} minutes\nfor 10 million rows, per step; a mini-batch step of 32 costs "
          f"{1000 * mini['seconds'][-1] / mini['updates']:.1f} ms whatever n is.")
    files = _plot(runs, best, arguments.out)
    return {"runs": runs, "minimum": best, "epochs": epochs, "data": (X, y), "files": files}


# %% [markdown]
# ## The pictures
#
# The loss against updates and against seconds.

# %%
def _plot(runs: dict, best: float, folder) -> list:
    plt = pyplot()
    if plt is None:
        return []
    figure, (by_updates, by_time) = plt.subplots(1, 2, figsize=(12, 4.6), gridspec_kw={"wspace": 0.25})
    for order, ((name, run), color) in enumerate(zip(runs.items(), COLORS)):
        per_epoch = run["updates_per_epoch"]
        label = f"{name} ({per_epoch} update{'s' if per_epoch > 1 else ''} per epoch)"
        above = run["loss"] - best  # how far above the bottom of the bowl; log scale shows the noise floors
        style = {"color": color, "linewidth": 0.8, "label": label, "zorder": 3 - order, "markersize": 3,
                 "marker": "o" if len(above) < 50 else None, "alpha": 0.8 if order else 1.0}
        by_updates.plot(np.arange(1, len(above) + 1), above, **style)
        by_time.plot(1000 * run["seconds"][1:], above[1:], **style)
    for axis, xlabel, title in ((by_updates, "number of updates (log scale)",
                                 "per update: the full batch takes the best steps"),
                                (by_time, "wall time in ms (measured; log scale)",
                                 "per second: small batches get there first,\n"
                                 "then jitter around the bottom")):
        axis.set(xscale="log", yscale="log", xlabel=xlabel, title=title,
                 ylabel=f"loss above the minimum {best:.4f} (log scale)")
        axis.grid(alpha=0.3)
    figure.legend(*by_updates.get_legend_handles_labels(), loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=3)
    return [save_figure(figure, folder, "sgd.png")]


# %% [markdown]
# ## Run the lesson
#
# Look for: the updates per epoch (1, a few, one per sample), the noise of small batches, and which
# method first comes within 1% of the minimum.

# %%
if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Add a batch size of 8 to `METHODS`.
# - Lower `LEARNING_RATE`: which method suffers most?
