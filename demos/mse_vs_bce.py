# %% [markdown]
# # Why BCE, not MSE, for logistic regression
#
# With `p = sigmoid(z)`, mean squared error's gradient `dL/dz = 2 (p - y) p (1 - p)` vanishes when a
# prediction is confidently wrong (p near 0 for a true 1), while binary cross-entropy's `dL/dz = p - y`
# stays near -1. So only BCE learns quickly from a bad start.

# %%
"""Lesson: why logistic regression is trained with BCE and not with MSE.

With p = sigmoid(z), MSE's gradient dL/dz = 2 (p - y) p (1 - p) vanishes when a
prediction is confidently wrong, while BCE's dL/dz = p - y stays near -1. Computes
both at z = -6 with backward(), plots them over z, then trains the same model both
ways from a confidently wrong start. Run: python -m demos.mse_vs_bce
"""
import numpy as np

from autograd import Value
from demos.common import lesson_arguments, pyplot, save_figure
from nn import SGD, LogisticRegression, bce, fit, make_blobs, mse

Z = -6.0  # one sample with y = 1 and this logit: p = sigmoid(-6) = 0.0025, confident and wrong
BAD_START = {"w.0": -3.0, "w.1": -3.0, "b": 0.0}  # points of class 1 get p near 0, class 0 near 1
LR, LOSSES = 0.5, ("mse", "bce")
COLORS = {"mse": "#e0a030", "bce": "#1d5fd0"}


# %% [markdown]
# ## Both losses at one logit, with backward()

# %%
def loss_and_gradient(name: str, z: float, y: float = 1.0) -> tuple[float, float]:
    """The loss of p = sigmoid(z) against y under MSE or BCE, and dL/dz from backward()."""
    logit = Value(z, label="z")
    loss = (mse if name == "mse" else bce)(logit.sigmoid(), y)
    loss.backward()
    return loss.data, logit.grad


# %% [markdown]
# ## Training the same model both ways

# %%
def train(loss: str, X, y, epochs: int, start: dict | None) -> dict:
    """Full-batch SGD on LogisticRegression(2, seed=0): its BCE and accuracy at the start and after each epoch."""
    model = LogisticRegression(2, seed=0)
    for name, parameter in model.named_parameters():
        parameter.data = (start or {}).get(name, parameter.data)
    record = {"bce": [], "accuracy": []}

    def measure(epoch=None, history=None) -> None:  # the same yardstick for both models: BCE and accuracy
        probs = [model(row) for row in X]
        record["bce"].append(bce(probs, y).data)
        record["accuracy"].append(float(np.mean([(p.data >= 0.5) == label for p, label in zip(probs, y)])))

    measure()
    fit(model, X, y, loss=loss, optimizer=SGD(model.parameters(), lr=LR), epochs=epochs, progress=False,
        on_epoch=measure)
    return record


def first_epoch(accuracy: list[float], level: float = 0.9) -> str:
    """'epoch N' for the first epoch whose accuracy is at least ``level``, else 'not in N epochs'."""
    return next((f"epoch {epoch}" for epoch, value in enumerate(accuracy) if value >= level),
                f"not in {len(accuracy) - 1} epochs")


# %% [markdown]
# ## The gradients, then the training runs

# %%
def main(argv: list[str] | None = None) -> dict:
    arguments = lesson_arguments(__doc__, argv)
    gradients = _gradients_at_z()
    n_samples, epochs = (60, 25) if arguments.fast else (100, 60)
    runs, reached = _training(n_samples, epochs)
    print("Honestly: from the default small weights MSE does fine, only a little slower. Its failure is the one\n"
          "logistic regression fears most: confident wrong predictions, where its gradient nearly vanishes.")
    return {**gradients, "runs": runs, "reached_90_percent": reached, "files": _plot(runs, arguments.out)}


def _gradients_at_z() -> dict:
    """dL/dz at z = Z under both losses, printed next to their closed forms."""
    p = Value(Z).sigmoid().data
    closed = {"mse": 2 * (p - 1) * p * (1 - p), "bce": p - 1}
    at_z = {name: loss_and_gradient(name, Z) for name in LOSSES}
    print(f"One sample, y = 1, logit z = {Z:g}: p = sigmoid(z) = {p:.6f}, confident and wrong.")
    for name, formula, closed_form in (("mse", "(p - y)^2", "2 (p - y) p (1 - p)"), ("bce", "-ln p", "p - y")):
        loss, grad = at_z[name]
        print(f"  {name.upper()} {formula:<10} loss {loss:.4f}   dL/dz = {grad:+.6f}   "
              f"(closed form {closed_form} = {closed[name]:+.6f})")
    print(f"BCE pushes z {at_z['bce'][1] / at_z['mse'][1]:.0f}x harder. MSE's extra factor p (1 - p) = "
          f"{p * (1 - p):.4f} is the sigmoid's slope:\nit vanishes when the prediction is confident, right or wrong, "
          "so the worst mistakes learn slowest.\n")
    return {"p": p, "gradients": at_z, "closed_forms": closed}


def _training(n_samples: int, epochs: int) -> tuple[dict, dict]:
    """Both losses from both starts; prints the 'wrong' start epoch by epoch and when each reaches 90%."""
    X, y = make_blobs(n_samples, centers=[[-1.5, -1], [1.5, 1]], std=1.0, seed=0)
    print(f"Training: LogisticRegression(2, seed=0) on {n_samples} points of two blobs, SGD lr={LR}, "
          f"{epochs} full-batch epochs.\nSame model, data and optimizer; only the loss differs. "
          "Both are scored by BCE and accuracy.")
    runs = {(start, loss): train(loss, X, y, epochs, BAD_START if start == "wrong" else None)
            for start in ("wrong", "default") for loss in LOSSES}
    print("\nStart 'wrong' (confidently wrong), w = (-3, -3), b = 0: confidently wrong on most points")
    print(f"{'epoch':>5}  {'MSE-trained: BCE, accuracy':>27}  {'BCE-trained: BCE, accuracy':>27}")
    for epoch in sorted({0, 1, 2, 3, 5, 10, epochs // 2, epochs}):
        cells = [f"{runs['wrong', loss]['bce'][epoch]:>18.3f} {runs['wrong', loss]['accuracy'][epoch]:>7.0%}"
                 for loss in LOSSES]
        print(f"{epoch:>5}  {cells[0]}  {cells[1]}")
    reached = {}
    for start in ("wrong", "default"):
        reached[start] = {loss: first_epoch(runs[start, loss]["accuracy"]) for loss in LOSSES}
        print(f"start '{start}': 90% accuracy reached with MSE: {reached[start]['mse']}, with BCE: "
              f"{reached[start]['bce']}; final BCE {runs[start, 'mse']['bce'][-1]:.3f} (MSE-trained) vs "
              f"{runs[start, 'bce']['bce'][-1]:.3f} (BCE-trained)")
    return runs, reached


# %% [markdown]
# ## The pictures
#
# dL/dz under both losses over z, and accuracy per epoch from both starts.

# %%
def _plot(runs: dict, folder) -> list:
    plt = pyplot()
    if plt is None:
        return []
    return [_plot_gradients(plt, folder), _plot_training(plt, runs, folder)]


def _plot_gradients(plt, folder):
    zs = [-8 + 16 * i / 200 for i in range(201)]
    figure, (losses, slopes) = plt.subplots(1, 2, figsize=(12, 4.4), gridspec_kw={"wspace": 0.25})
    for name in LOSSES:
        curve = [loss_and_gradient(name, z) for z in zs]
        losses.plot(zs, [loss for loss, _ in curve], color=COLORS[name], label=f"{name.upper()} of p = sigmoid(z)")
        slopes.plot(zs, [grad for _, grad in curve], color=COLORS[name], label=f"{name.upper()}: dL/dz")
        grad = loss_and_gradient(name, Z)[1]
        slopes.plot(Z, grad, "o", color=COLORS[name])
        slopes.annotate(f"{name.upper()} at z = {Z:g}:\ndL/dz = {grad:.4f}", (Z, grad), color=COLORS[name],
                        xytext=(-7.8, -0.3 if name == "mse" else -0.75), fontsize=9,
                        arrowprops={"arrowstyle": "->", "color": COLORS[name]})
    losses.text(-7.8, 0.1, "MSE: a flat plateau,\nalmost no slope to follow", color=COLORS["mse"], fontsize=9)
    losses.text(-4.3, 5.5, "BCE: -ln p, about -z here:\na steady slope", color=COLORS["bce"], fontsize=9)
    losses.set(xlabel="logit z (true y = 1)", ylabel="loss", title="loss of one sample with y = 1")
    slopes.set(xlabel="logit z (true y = 1)", ylabel="dL/dz",
               title=f"the push on z: at z = {Z:g}, MSE's nearly vanishes")
    for axis in (losses, slopes):
        axis.grid(alpha=0.3)
        axis.legend(fontsize=8)
    return save_figure(figure, folder, "mse_vs_bce_gradients.png")


def _plot_training(plt, runs: dict, folder):
    figure, (scores, accuracy) = plt.subplots(1, 2, figsize=(12, 4.4), gridspec_kw={"wspace": 0.25})
    for (start, loss), record in runs.items():
        style = {"color": COLORS[loss], "linestyle": "-" if start == "wrong" else ":"}
        label = f"trained with {loss.upper()}, start '{start}'"
        scores.plot(record["bce"], label=label, **style)
        accuracy.plot(record["accuracy"], label=label, **style)
    scores.set(xlabel="epoch", ylabel="BCE of the model on all points",
               title="BCE of each model while it trains (lower is better)")
    accuracy.set(xlabel="epoch", ylabel="training accuracy", ylim=(0, 1.02), title="accuracy while it trains")
    figure.suptitle("LogisticRegression, same data, same SGD: only the training loss differs", y=1.0)
    for axis in (scores, accuracy):
        axis.grid(alpha=0.3)
        axis.legend(fontsize=8)
    return save_figure(figure, folder, "mse_vs_bce_training.png")


# %% [markdown]
# ## Run the lesson
#
# Look for: at z = -6, MSE's gradient -0.0049 against BCE's -0.998; and from the confidently wrong
# start, BCE reaching 90% accuracy long before MSE.

# %%
if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Use `Z = -2`: how different are the two gradients when the mistake is mild?
