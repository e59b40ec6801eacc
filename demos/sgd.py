# %% [markdown]
# # Full batch, mini-batch, one sample at a time
#
# The same data, model (logistic regression), start and learning rate; only the batch size changes.
# A full batch makes one careful update per pass over the data; single samples make many noisy ones.
# Which reaches a low loss first depends on whether you count updates or seconds.
#
# In this lesson you will find the floor the loss can reach, cut the data into batches, train three
# times with three batch sizes, measure each run on all the data, weigh updates against seconds, and
# then write the update that every one of those steps makes.

# %%
"""Lesson: full-batch, mini-batch and single-sample (stochastic) gradient descent, measured.

The same data, model (logistic regression), start and learning rate; only the batch
size changes. Counts the updates per pass over the data, times them, and plots the
loss over all the data against updates and against seconds. Run: python -m demos.sgd
"""
import time

import numpy as np

from demos.common import pyplot, save_figure
from nn import SGD, LogisticRegression, batches, bce_with_logits, make_blobs

METHODS = (("full batch", None), ("mini-batches of 32", 32), ("one sample at a time", 1))
COLORS = ("black", "#1d5fd0", "#c8322f")
LEARNING_RATE = 0.5
START = (-2.0, 2.0, 1.0)  # (w0, w1, b): a poor start, the same for every method
SAMPLES, EPOCHS = 1000, 20  # the lesson's size (--fast: 300 points, 6 epochs)


# %% [markdown]
# ## The data, and the floor
#
# Two overlapping clouds of points, labels 0 and 1. Every method will be judged by the same yardstick: the
# mean BCE over *all* the data, whatever part of it a step saw. Newton's method in numpy finds the lowest
# value that loss can take, the floor all three methods aim at.

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


# %% tags=["active-ipynb"]
# X, y = make_blobs(SAMPLES, centers=[[-1.0, 0.0], [1.0, 0.5]], std=1.0, seed=3)
# best = minimum_loss(X, y)
# print(f"{len(X)} points; the loss at the start {full_data_loss(X, y, np.array([START]))[0]:.4f}, "
#       f"its minimum {best:.4f}")

# %% [markdown]
# ## Batches
#
# An epoch is one pass over the data. `batches` cuts it into batches of a given size, shuffled each epoch
# (shuffling keeps a batch from always holding the same points), and each batch makes one update: predict
# its points, take its mean loss, `backward()`, `step()`. A batch of all n points is plain gradient descent;
# a batch of one point is stochastic gradient descent in its original sense.

# %% tags=["active-ipynb"]
# sizes = [len(X_batch) for X_batch, _ in batches(X, y, 32, shuffle=True, rng=np.random.default_rng(0))]
# print(f"batches of 32: {len(sizes)} updates per epoch, sizes {sizes[:3]} ... {sizes[-2:]} (the last one is smaller)")

# %% [markdown]
# ## The training loop, instrumented
#
# The loop `fit` runs, with the weights and the clock kept after every update; the loss over all the data
# is computed afterwards from the kept weights, in numpy, so measuring never slows the training down.

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


def measure(run: dict, X, y, best: float, epochs: int) -> dict:
    """Add the full-data loss after every update, the noise, and when the loss first came within 1% of the minimum."""
    run["loss"] = full_data_loss(X, y, run["weights"])
    run["updates_per_epoch"] = run["updates"] // epochs
    second_half = run["loss"][len(run["loss"]) // 2:]
    run["largest_rise"] = float(max(0.0, np.diff(second_half).max()))  # noise: a step that made things worse
    close = np.flatnonzero(run["loss"] <= 1.01 * best)
    run["seconds_to_1_percent"] = float(run["seconds"][close[0]]) if len(close) else None
    return run


def compare_methods(X, y, best: float, epochs: int) -> dict:
    """Train once per batch size in METHODS, measure each run, and print one row per method."""
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
    return runs


# %% [markdown]
# ## Three batch sizes, measured
#
# Same start, same learning rate, the same number of epochs. Read the table by columns: how many updates
# each method made, how long one update took, how close each ended to the floor, its largest rise (a
# step that made the loss over all the data *worse*: noise) and when it first came within 1% of the floor.
# The seconds are measured on this machine, so they change a little from run to run.

# %% tags=["active-ipynb"]
# runs = compare_methods(X, y, best, EPOCHS)

# %% [markdown]
# Every sample goes through the graph once per epoch whatever the batch size, so an epoch costs the same
# order of time for all three (one sample at a time pays a little overhead per update; this scalar engine
# gains nothing from big batches). But the full batch turns that
# epoch into one update, mini-batches into 32, single samples into 1000: the small batches get near the
# floor in a fraction of the time. The price is noise: a batch is only part of the data, so some steps
# raise the loss, and the small-batch runs jitter around the bottom instead of settling. Mini-batches sit
# between: most of the speed, little of the noise. On a very large data set the balance tips further: a
# full-batch step costs time in proportion to n, a mini-batch step the same whatever n is.
#
# ## The pictures
#
# Distance above the floor, on log scales, against updates (left) and against wall time (right).

# %%
def plot_runs(runs: dict, best: float, folder) -> list:
    """The loss above the minimum against updates and against seconds, one line per batch size."""
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


# %% tags=["active-ipynb"]
# from pathlib import Path
#
# files = plot_runs(runs, best, Path("out"))

# %% [markdown]
# ## Your turn: the update itself
#
# Every one of those 20,660 updates was `optimizer.step()`: after `backward()` each parameter holds its
# gradient, and the step moves it against the gradient. Write `sgd_step(parameters, lr)`: change every
# parameter's `.data` in place, as `step()` does, and leave `.grad` alone. Replace the `raise` line and run
# the cell: `check` grades your function right here (run it as it is first: it says the answer is not
# written yet).

# %% tags=["active-ipynb"]
# from autograd import Value
# from exercises import check
#
#
# def sgd_step(parameters: list[Value], lr: float) -> None:
#     """Update every parameter in place: p.data becomes p.data - lr * p.grad."""
#     for parameter in parameters:
#         raise NotImplementedError(f"your turn: update {parameter.label or 'this parameter'}'s .data with lr = {lr}")
#
#
# print(check(7, sgd_step))

# %% tags=["active-py"]
def main(argv: list[str] | None = None) -> dict:
    """The story above as one printed run: the floor, the three runs measured, what they cost, the pictures."""
    from demos.common import lesson_arguments  # the script's alone: a notebook has no command line

    arguments = lesson_arguments(__doc__, argv)
    n_samples, epochs = (300, 6) if arguments.fast else (SAMPLES, EPOCHS)
    X, y = make_blobs(n_samples, centers=[[-1.0, 0.0], [1.0, 0.5]], std=1.0, seed=3)
    best = minimum_loss(X, y)
    print(f"{n_samples} points, logistic regression from the same start, lr = {LEARNING_RATE}, {epochs} passes "
          "over the data (epochs).\nOnly the batch size differs. Loss = mean BCE over all the data; "
          f"its minimum (Newton, numpy) is {best:.4f}.\n")
    runs = compare_methods(X, y, best, epochs)
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
    files = plot_runs(runs, best, arguments.out)
    return {"runs": runs, "minimum": best, "epochs": epochs, "data": (X, y), "files": files}


if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Add a batch size of 8 to `METHODS`.
# - Lower `LEARNING_RATE`: which method suffers most?
# - Once `sgd_step` passes, put it in `train` in place of `optimizer.step()`: `sgd_step(model.parameters(),
#   LEARNING_RATE)`. The table should not change (the seconds aside).
# - The same exercise from a terminal: `python -m exercises start 7`, then `python -m exercises check 7`.
