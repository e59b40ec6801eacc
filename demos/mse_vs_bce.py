# %% [markdown]
# # Why BCE, not MSE, for logistic regression
#
# Logistic regression predicts `p = sigmoid(z)` from a logit z. Scored by mean squared error, a prediction
# that is confidently wrong (p near 0 for a true 1) gets almost no push on z, so it learns slowest exactly
# where it is worst. Scored by binary cross-entropy, the same mistake gets a push near the largest there is.
#
# In this lesson you will measure both pushes with `backward()` at one confidently wrong logit, find where
# MSE's push goes with the chain rule, work out BCE's yourself, see both over every z, and train the same
# model both ways from a confidently wrong start.

# %%
"""Lesson: why logistic regression is trained with BCE and not with MSE.

With p = sigmoid(z), MSE's gradient dL/dz = 2 (p - y) p (1 - p) vanishes when a
prediction is confidently wrong, while BCE's dL/dz = p - y stays near -1. Computes
both at z = -6 with backward(), plots them over z, then trains the same model both
ways from a confidently wrong start. Run: python -m demos.mse_vs_bce
"""
import math

import numpy as np

from autograd import Value
from demos.common import pyplot, save_figure
from nn import SGD, LogisticRegression, bce, fit, make_blobs, mse

Z = -6.0  # one sample with y = 1 and this logit: p = sigmoid(-6) = 0.0025, confident and wrong
BAD_START = {"w.0": -3.0, "w.1": -3.0, "b": 0.0}  # points of class 1 get p near 0, class 0 near 1
LR, LOSSES = 0.5, ("mse", "bce")
COLORS = {"mse": "#e0a030", "bce": "#1d5fd0"}


# %% [markdown]
# ## One confidently wrong prediction
#
# One sample whose label is y = 1, and a logit z = -6: the model says p = sigmoid(-6) = 0.0025, nearly
# certain it is a 0. `loss_and_gradient` builds the loss from a Value z under either loss and lets
# `backward()` find dL/dz, the push that gradient descent will give z.

# %%
def loss_and_gradient(name: str, z: float, y: float = 1.0) -> tuple[float, float]:
    """The loss of p = sigmoid(z) against y under MSE or BCE, and dL/dz from backward()."""
    logit = Value(z, label="z")
    loss = (mse if name == "mse" else bce)(logit.sigmoid(), y)
    loss.backward()
    return loss.data, logit.grad


# %% tags=["active-ipynb"]
# for name in LOSSES:
#     loss, grad = loss_and_gradient(name, Z)
#     print(f"{name.upper()}: loss {loss:.4f}, dL/dz = {grad:+.6f}")

# %% [markdown]
# BCE calls the mistake bad (loss 6) and pushes z hard; MSE calls it bad too (loss near its largest, 1)
# but barely pushes: about 200 times less.
#
# ## Where MSE's push goes
#
# The chain rule through p: `dL/dz = dL/dp * dp/dz`. For MSE, `L = (p - y)**2` gives `dL/dp = 2 (p - y)`,
# and the sigmoid's own slope is `dp/dz = p (1 - p)`. At p = 0.0025 that slope is 0.0025: the sigmoid is
# flat out there, and its flatness multiplies whatever the loss asks for.

# %% tags=["active-ipynb"]
# p = 1 / (1 + math.exp(-Z))  # sigmoid(z)
# print(f"p = {p:.6f}; dL/dp = 2 (p - y) = {2 * (p - 1):+.4f}; dp/dz = p (1 - p) = {p * (1 - p):.6f}")
# print(f"by hand: dL/dz = {2 * (p - 1) * p * (1 - p):+.6f}; backward() said {loss_and_gradient('mse', Z)[1]:+.6f}")

# %% [markdown]
# ## Your turn: BCE's push
#
# BCE is `L = -[y ln p + (1 - y) ln(1 - p)]`, with the same `dp/dz = p (1 - p)`. Write `bce_gradient(z, y)`:
# dL/dz as a plain number, for a label y of 0 or 1 (`math` is imported above). Work out `dL/dp`, multiply
# by `dp/dz` and simplify on paper first: something cancels, and what is left explains the -0.9975 above.
# Replace the `raise` line and run the cell: `check` grades your function right here (run it as it is
# first: it says the answer is not written yet).

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
# ## The push over every z
#
# The sigmoid's slope cancels out of BCE's gradient: `dL/dz = p - y`, the error itself, close to -1 for any
# confident mistake. Left, each loss for a true 1 as z runs from -8 to 8: MSE flattens into a plateau on the
# wrong side; BCE keeps climbing, about -z. Right, their slopes: MSE's push is strongest at z = -0.7 (where
# p = 1/3) and dies away for worse mistakes; BCE's only grows towards -1.

# %%
def plot_gradients(folder) -> list:
    """The loss and dL/dz of one sample with y = 1 over z, under both losses."""
    plt = pyplot()
    if plt is None:
        return []
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
    return [save_figure(figure, folder, "mse_vs_bce_gradients.png")]

# %% tags=["active-ipynb"]
# from pathlib import Path
#
# files = plot_gradients(Path("out"))

# %% [markdown]
# ## Training the same model both ways
#
# One `LogisticRegression(2, seed=0)` on two blobs, full-batch `SGD` with lr 0.5, trained by `fit` with
# `loss="mse"` or `loss="bce"`; nothing else differs. Both are measured after every epoch by the same
# yardstick, BCE and accuracy over all the points. The 'wrong' start sets the weights to (-3, -3): every
# point gets a confident prediction, and almost all of them are wrong.

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


def compare_training(n_samples: int, epochs: int) -> tuple[dict, dict]:
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

# %% tags=["active-ipynb"]
# runs, reached = compare_training(100, 60)

# %% [markdown]
# From the wrong start BCE recovers within ten epochs; MSE is still wrong on 95% of the points after
# sixty. From the default small weights, where no prediction is confident, both learn, MSE a little
# slower: its failure is the one that matters, the confident mistake. The pictures: solid lines from the
# wrong start, dotted from the default one.

# %%
def plot_training(runs: dict, folder) -> list:
    """BCE and accuracy per epoch of the four runs (two losses, two starts)."""
    plt = pyplot()
    if plt is None:
        return []
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
    return [save_figure(figure, folder, "mse_vs_bce_training.png")]

# %% tags=["active-ipynb"]
# files = plot_training(runs, Path("out"))

# %% tags=["active-py"]
def gradients_at_z() -> dict:
    """dL/dz at z = Z under both losses, printed next to their closed forms."""
    p = 1 / (1 + math.exp(-Z))  # sigmoid(z)
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


def main(argv: list[str] | None = None) -> dict:
    """The story above as one printed run: both gradients at z = -6, then the training runs, then the pictures."""
    from demos.common import lesson_arguments  # the script's alone: a notebook has no command line

    arguments = lesson_arguments(__doc__, argv)
    gradients = gradients_at_z()
    n_samples, epochs = (60, 25) if arguments.fast else (100, 60)
    runs, reached = compare_training(n_samples, epochs)
    print("Honestly: from the default small weights MSE does fine, only a little slower. Its failure is the one\n"
          "logistic regression fears most: confident wrong predictions, where its gradient nearly vanishes.")
    files = plot_gradients(arguments.out) + plot_training(runs, arguments.out)
    return {**gradients, "runs": runs, "reached_90_percent": reached, "files": files}


if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Use `Z = -2`: how different are the two gradients when the mistake is mild?
# - Set `LR = 5`: from the wrong start MSE now climbs off its plateau, after about twenty epochs. A bigger
#   step makes up for a tiny gradient; what does it cost where the gradient is not tiny?
# - The same exercise from a terminal: `python -m exercises start 6`, then `python -m exercises check 6`.
