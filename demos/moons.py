# %% [markdown]
# # An MLP learns the two moons
#
# The main lesson (`make demo`): a 2-16-16-1 tanh network, trained with binary cross-entropy on its
# logits and Adam in mini-batches, separates two interleaved half-moons that no straight line can.
# `fit` runs the training loop and shows its progress; the lesson draws the loss and accuracy per
# epoch and the decision boundary, and saves the trained model as JSON. It also writes two pages:
# the theater of this run (which trains on in the browser) and a playground that trains from scratch.

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
from demos.common import lesson_arguments, pyplot, save_figure
from nn import MLP, Adam, make_moons, playground, save, theater

# %% [markdown]
# ## Reading the model's answer
#
# Class 1 where the logit is at least 0 (where the probability is at least 0.5).

# %%
def accuracy(model, X: np.ndarray, y: np.ndarray) -> float:
    """The share of points on the right side: class 1 where the logit is >= 0."""
    return float(np.mean([(model(row).data >= 0) == label for row, label in zip(X, y)]))


# %% [markdown]
# ## Data, model, training
#
# `make_moons` makes the data, `MLP(2, [16, 16, 1])` the model; `theater` trains it with `fit` and Adam
# and writes the page that replays the run, epoch by epoch, and trains on from its last epoch.
# `playground` writes the same page with no Python run: it trains a small network from scratch in the
# browser, with plain SGD, so the update written on screen is the update made.

# %%
def main(argv: list[str] | None = None) -> dict:
    arguments = lesson_arguments(__doc__, argv)
    n_samples, epochs = (100, 12) if arguments.fast else (200, 40)
    X, y = make_moons(n_samples, noise=0.1, seed=0)
    model = MLP(2, [16, 16, 1], seed=0)
    print(f"Two moons: {n_samples} points; model {model}")
    page = arguments.out / "moons_theater.html"  # theater trains with fit and records every epoch
    history = theater(model, X, y, page, loss="bce_with_logits", optimizer=Adam(model.parameters(), lr=0.02),
                      epochs=epochs, batch_size=20, seed=0, title="Two moons: an MLP learns to separate them")
    final = accuracy(model, X, y)
    print(f"\nloss {history.loss[0]:.4f} -> {history.loss[-1]:.4f} in {epochs} epochs "
          f"({history.total_seconds:.1f} s, mini-batches of 20)")
    print(f"final training accuracy: {final:.1%}")
    path = save(model, arguments.out / "moons_model.json")
    print(f"wrote {path} (load it back with nn.load)")
    plots = _plot(model, X, y, history, arguments.out, grid=40 if arguments.fast else 120)
    print(f"wrote {page}: open it in a browser to watch the network learn, epoch by epoch, and train on")
    lab = playground(arguments.out / "moons_playground.html", dataset="moons", points=n_samples, noise=0.1)
    print(f"wrote {lab}: a playground that trains in the browser; change the data, the network, the learning rate")
    return {"accuracy": final, "history": history, "files": [path, *plots, page, lab]}


# %% [markdown]
# ## The pictures
#
# The curves, and the decision boundary: the plane coloured by the model's probability of class 1,
# computed over a whole grid at once with `trace`.

# %%
def _plot(model, X, y, history, folder, grid: int) -> list:
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
    _draw_boundary(boundary, model, X, y, grid)
    return [save_figure(figure, folder, "moons.png")]


def _draw_boundary(axis, model, X, y, grid: int) -> None:
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


# %% [markdown]
# ## Run the lesson
#
# Look for: one progress display while it trains, the loss falling as the accuracy rises, and a
# boundary that curls between the moons.

# %%
if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - `MLP(2, [4, 1])`: is a smaller network enough?
# - More noise in `make_moons(..., noise=0.3)`: what happens to the boundary?
