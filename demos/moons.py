# %% [markdown]
# # An MLP learns the two moons
#
# The main lesson (`make demo`): a network of two hidden layers learns to separate two interleaved
# half-moons, which no straight line can. You will look at the data, build the network and read its
# (so far random) answer, see where the chain rule starts when the loss is binary cross-entropy on a
# logit, and write that first gradient yourself. Then the network trains, and you watch the decision
# boundary curl between the moons. At the end the trained model is saved as JSON, and two pages open
# the training in a browser: the theater of this run, and a playground that trains from scratch.

# %%
"""Lesson (the main one): an MLP learns the two moons.

A 2-16-16-1 tanh network, trained with binary cross-entropy on its logits and Adam in
mini-batches, separates two interleaved half-moons. Writes the loss/accuracy curves,
the decision boundary (PNG), the trained model (JSON), the training theater (HTML: the
whole run to replay epoch by epoch, the chain rule one click away, training on live) and a
playground page (HTML: the same page with no Python run). Run: python -m demos.moons
"""
import numpy as np

from autograd import trace
from demos.common import pyplot, save_figure
from nn import MLP, Adam, make_moons, playground, save, theater

SIZES = [16, 16, 1]  # 2 inputs -> 16 -> 16 -> 1 logit
BATCH_SIZE = 20
LEARNING_RATE = 0.02

# %% [markdown]
# ## The data
#
# `make_moons` draws points along two interleaved half-circles, with a little noise: `X` holds one row
# `(x, y)` per point, and the label `y` says which moon it belongs to, class 0 or class 1. The moons hook
# into each other, so any straight line leaves part of one moon on the wrong side: the network has to
# learn a curve.

# %% tags=["active-ipynb"]
# from pathlib import Path
#
# folder = Path("out")  # the pictures, the model and the pages go here
# folder.mkdir(exist_ok=True)
# X, y = make_moons(200, noise=0.1, seed=0)
# print(f"X: {X.shape[0]} points of {X.shape[1]} coordinates; labels: {np.bincount(y)[0]} of class 0, "
#       f"{np.bincount(y)[1]} of class 1")
# for point, label in zip(X[:3], y[:3]):
#     print(f"  point ({point[0]:+.3f}, {point[1]:+.3f}) -> class {label}")

# %% [markdown]
# ## The network, and how to read its answer
#
# `MLP(2, [16, 16, 1])` takes the 2 coordinates through two hidden layers of 16 tanh neurons to one
# output neuron without an activation: its output is a single `Value`, the **logit** `z`, any real number.
# The probability of class 1 is `p = sigmoid(z)`, so the model says class 1 where `z >= 0` (where
# `p >= 0.5`). Its 337 weights start random (seeded): its probabilities stay near 0.5, and its boundary
# is a gentle wave that gets the far ends of the moons right, as a straight line would, but not the
# points where the moons hook into each other.

# %%
def accuracy(model, X: np.ndarray, y: np.ndarray) -> float:
    """The share of points on the right side: class 1 where the logit is >= 0."""
    return float(np.mean([(model(row).data >= 0) == label for row, label in zip(X, y)]))


# %% tags=["active-ipynb"]
# model = MLP(2, SIZES, seed=0)
# print(model)
# z = model(X[0])
# print(f"first point, class {y[0]}: logit z = {z.data:+.4f}, p = sigmoid(z) = {z.sigmoid().data:.4f}")
# print(f"accuracy before training: {accuracy(model, X, y):.1%}")

# %% [markdown]
# The untrained network's answer over the whole plane: each place coloured by its probability of class 1
# (red towards class 1, blue towards class 0, pale near 0.5), the black line where `p = 0.5`. `trace`
# records the network's graph once and replays it over every point of a grid at once, so the picture
# costs one pass, not 14,400.

# %%
def draw_boundary(axis, model, X, y, grid: int) -> None:
    """Colour the plane by the model's probability of class 1, and draw the p = 0.5 line."""
    xs = np.linspace(X[:, 0].min() - 0.5, X[:, 0].max() + 0.5, grid)
    ys = np.linspace(X[:, 1].min() - 0.5, X[:, 1].max() + 0.5, grid)
    points = np.array([[a, b] for b in ys for a in xs])
    logit = trace(model, points[0])  # one graph, replayed over every grid point at once
    logits = logit.forward(points).reshape(grid, grid)
    probability = 1 / (1 + np.exp(-np.clip(logits, -50, 50)))
    axis.contourf(xs, ys, probability, levels=np.linspace(0, 1, 11), cmap="RdBu_r", alpha=0.35)
    axis.contour(xs, ys, probability, levels=[0.5], colors="black", linewidths=1.5)
    for label, color, marker in ((0, "#1d5fd0", "o"), (1, "#c8322f", "^")):
        points = X[y == label]
        axis.scatter(points[:, 0], points[:, 1], c=color, marker=marker, edgecolors="white", linewidths=0.6,
                     s=28, label=f"class {label}")
    axis.legend(loc="lower left", fontsize=8)
    axis.set_title("decision boundary (black: p = 0.5)")
    axis.set_aspect("equal")


# %% tags=["active-ipynb"]
# plt = pyplot()
# if plt is not None:
#     figure, axis = plt.subplots(figsize=(5.5, 4.4))
#     draw_boundary(axis, model, X, y, grid=120)
#     axis.set_title("before training: a random boundary")
#     save_figure(figure, folder, "moons_untrained.png")

# %% [markdown]
# ## The loss, and where backward starts
#
# Training lowers binary cross-entropy, `L = -[y ln p + (1 - y) ln(1 - p)]` with `p = sigmoid(z)`,
# averaged over the points. `bce_with_logits` computes it from the logit `z` itself, which stays exact
# where `p` rounds to 0 or 1. `loss.backward()` starts at the top: the first gradient it hands down is
# `dL/dz` at the network's output, and from there the chain rule carries it into all 337 weights.
# For the first point:

# %% tags=["active-ipynb"]
# from nn import bce_with_logits
#
# loss = bce_with_logits([z], [float(y[0])])
# loss.backward()
# print(f"z = {z.data:+.4f}, label {y[0]}: L = {loss.data:.4f}, dL/dz = z.grad = {z.grad:+.4f}")

# %% [markdown]
# ## Your turn: the gradient at the logit
#
# Write `bce_gradient(z, y)`: the number `dL/dz` that backward just put into `z.grad`, for any logit `z`
# and label `y` (0 or 1). Chain `dL/dp` with `dp/dz` on paper first: most of it cancels, and what is left
# must stay exact for a confident `z = 40`. Replace the `raise` line, run the cell, and `check` grades your
# function right here (run it as it is first: it says the answer is not written yet). Then compare your
# function at `z.data, y[0]` with `z.grad` above. (Add `import math` to the cell if your answer uses `math.exp`.)

# %% tags=["active-ipynb"]
# from exercises import check
#
#
# def bce_gradient(z: float, y: float) -> float:
#     """dL/dz for L = BCE(sigmoid(z), y), a plain number."""
#     raise NotImplementedError("your turn: return dL/dz; work it out on paper from dL/dp and dp/dz first")
#
#
# print(check(6, bce_gradient))

# %% [markdown]
# ## Training
#
# `theater` trains the model with `fit`: 40 epochs, each a pass over the 200 points in shuffled
# mini-batches of 20. Every mini-batch is one forward pass, one backward pass and one step of Adam
# (gradient descent that adapts each weight's step size). `fit` records the network's graph once and
# replays it over a whole mini-batch with numpy: the numbers `backward()` would give point by point, much
# faster. `theater` keeps every epoch, and writes the page that replays the run and trains on from its last
# epoch. Watch the progress line: the loss falls, the accuracy rises.

# %%
def train(model, X: np.ndarray, y: np.ndarray, page, epochs: int):
    """Train with fit (BCE on the logits, Adam, mini-batches) and write the theater page; returns the History."""
    return theater(model, X, y, page, loss="bce_with_logits", optimizer=Adam(model.parameters(), lr=LEARNING_RATE),
                   epochs=epochs, batch_size=BATCH_SIZE, seed=0, title="Two moons: an MLP learns to separate them")


# %% tags=["active-ipynb"]
# history = train(model, X, y, folder / "moons_theater.html", epochs=40)
# print(f"loss {history.loss[0]:.4f} -> {history.loss[-1]:.4f}; training accuracy {accuracy(model, X, y):.1%}")

# %% [markdown]
# ## The pictures
#
# Left, the mean loss and the accuracy epoch by epoch; right, the trained network's boundary, drawn as
# before: it now curls between the moons.

# %%
def draw_training(model, X, y, history, folder, grid: int) -> list:
    """The curves and the decision boundary side by side, saved as folder/moons.png (none without matplotlib)."""
    plt = pyplot()
    if plt is None:
        return []
    figure, (curves, boundary) = plt.subplots(1, 2, figsize=(11, 4.4), gridspec_kw={"wspace": 0.25})
    epochs = range(1, history.epochs + 1)
    curves.plot(epochs, history.loss, color="#c8322f", label="mean loss (BCE)")
    curves.plot(epochs, history.accuracy, color="#1d5fd0", label="training accuracy")
    curves.set_ylim(0, 1.02)
    curves.set_xlabel("epoch")
    curves.grid(alpha=0.3)
    curves.legend(loc="center right")
    curves.set_title("learning: the loss falls, the accuracy rises")
    draw_boundary(boundary, model, X, y, grid)
    return [save_figure(figure, folder, "moons.png")]


# %% tags=["active-ipynb"]
# pictures = draw_training(model, X, y, history, folder, grid=120)

# %% [markdown]
# ## Keep it, and open it in a browser
#
# `save` writes the trained weights as JSON, and `nn.load` reads them back into the same network. The
# theater page written during training replays the run epoch by epoch (the chain rule one click away)
# and trains on live; `playground` writes the same page with no Python run, which trains a small
# network from scratch in the browser, with plain SGD, so the update written on screen is the update made.

# %% tags=["active-ipynb"]
# from nn import load
#
# path = save(model, folder / "moons_model.json")
# again = load(path)
# print(f"wrote {path}; loaded back, it scores {accuracy(again, X, y):.1%} again")
# lab = playground(folder / "moons_playground.html", dataset="moons", points=200, noise=0.1)
# print(f"open {folder / 'moons_theater.html'} and {lab} in a browser")

# %% tags=["active-py"]
def main(argv: list[str] | None = None) -> dict:
    """The story above as one printed run: data, training, pictures, the saved model and the two pages."""
    from demos.common import lesson_arguments  # the script's alone: a notebook has no command line

    arguments = lesson_arguments(__doc__, argv)
    n_samples, epochs = (100, 12) if arguments.fast else (200, 40)
    X, y = make_moons(n_samples, noise=0.1, seed=0)
    model = MLP(2, SIZES, seed=0)
    print(f"Two moons: {n_samples} points; model {model}")
    page = arguments.out / "moons_theater.html"  # theater trains with fit and records every epoch
    history = train(model, X, y, page, epochs)
    final = accuracy(model, X, y)
    print(f"\nloss {history.loss[0]:.4f} -> {history.loss[-1]:.4f} in {epochs} epochs "
          f"({history.total_seconds:.1f} s, mini-batches of {BATCH_SIZE})")
    print(f"final training accuracy: {final:.1%}")
    path = save(model, arguments.out / "moons_model.json")
    print(f"wrote {path} (load it back with nn.load)")
    plots = draw_training(model, X, y, history, arguments.out, grid=40 if arguments.fast else 120)
    print(f"wrote {page}: open it in a browser to watch the network learn, epoch by epoch, and train on")
    lab = playground(arguments.out / "moons_playground.html", dataset="moons", points=n_samples, noise=0.1)
    print(f"wrote {lab}: a playground that trains in the browser; change the data, the network, the learning rate")
    return {"accuracy": final, "history": history, "files": [path, *plots, page, lab]}


if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - `MLP(2, [4, 1])`: is a smaller network enough? Draw its boundary.
# - More noise in `make_moons(..., noise=0.3)`: what happens to the boundary, and to the accuracy?
# - The same exercise from a terminal: `python -m exercises start 6`, then `python -m exercises check 6`.
