# %% [markdown]
# # Binary cross-entropy: confident mistakes cost the most
#
# A classifier that answers "yes" or "no" predicts a probability p that the answer is yes (the label
# y = 1). Binary cross-entropy scores that prediction against the true label:
# `L = -[y ln p + (1 - y) ln(1 - p)]`. Only one term survives: `-ln p` when y = 1, `-ln(1 - p)` when
# y = 0. Either way, L is minus the log of the probability the model gave to the right answer.
#
# In this lesson you will compute the loss and its gradient dL/dp for right and wrong predictions, see
# how fast the loss climbs as a prediction becomes confidently wrong, plot both curves, and then work
# out the gradient a model actually trains with: dL/dz, one step further back.

# %%
"""Lesson: binary cross-entropy, the loss that punishes confident mistakes hardest.

L = -[y ln p + (1 - y) ln(1 - p)] for a true label y (0 or 1) and a predicted
probability p. Computes a table of four cases with nn.bce on Values, each row's
gradient dL/dp with backward(), and plots both curves. Run: python -m demos.bce
"""
from autograd import Value
from demos.common import pyplot, save_figure
from nn import bce

CASES = [(1, 0.9), (1, 0.1), (0, 0.1), (0, 0.9)]  # (true label, predicted p): sure and right, sure and wrong
LADDER = [0.9, 0.6, 0.4, 0.1, 0.01, 0.001]  # y = 1: from right and sure to wrong and sure
FORWARD_PASS = 0.72  # the backprop lesson's network predicts 0.72 when the truth is 1
LABELS = {(1, 0.9): ((0.97, 0.6), ""), (1, 0.1): ((0.17, 2.6), ""), (0, 0.1): ((0.03, 0.6), ""),  # (y, p):
          (0, 0.9): ((0.83, 2.6), ""), (1, 0.01): ((0.07, 4.4), "confident and wrong\n"),  # where its text
          (1, FORWARD_PASS): ((0.5, 1.75), "the backprop lesson's\nforward pass:\n")}  # goes on the plot, and a note


# %% [markdown]
# ## One prediction's loss and gradient
#
# Make p a `Value`, score it with `nn.bce`, and `backward()` gives dL/dp: the engine does the calculus.
# The sign of dL/dp says which way p should move: negative means raising p lowers the loss.

# %%
def loss_and_gradient(y: int, p: float) -> tuple[float, float]:
    """BCE of one prediction and dL/dp, both from the engine: nn.bce, then backward()."""
    prediction = Value(p, label="p")
    loss = bce(prediction, y)
    loss.backward()
    return loss.data, prediction.grad


# %% [markdown]
# A right and fairly sure prediction, p = 0.9 for a true 1: the loss is `-ln 0.9`, small, and the
# gradient `-1/p` is a gentle push upwards.

# %% tags=["active-ipynb"]
# import math
#
# loss, grad = loss_and_gradient(1, 0.9)
# print(f"L = {loss:.6f} (-ln 0.9 = {-math.log(0.9):.6f}), dL/dp = {grad:.4f} (-1/0.9 = {-1 / 0.9:.4f})")

# %% [markdown]
# ## Four cases: right and wrong, for both labels
#
# Sure and right costs little; sure and wrong costs a lot. For y = 1 the gradient is `-1/p`, for y = 0
# it is `1/(1 - p)`: the wrong predictions get a gradient 9 times as large as the right ones.

# %%
def print_table() -> list[dict]:
    """The four CASES: each one's loss and dL/dp, printed as a table; returns its rows."""
    print("Binary cross-entropy: L = -[y ln p + (1 - y) ln(1 - p)]")
    print("When y = 1 only -ln p is left; when y = 0 only -ln(1 - p).\n")
    print(f"{'true y':>6} {'predicted p':>11}   {'loss L':<20} {'dL/dp':>8}")
    table = []
    for y, p in CASES:
        loss, grad = loss_and_gradient(y, p)
        kept = p if y == 1 else 1 - p  # the probability given to the true class
        verdict = "small loss (good)" if loss < 1 else "large loss (bad)"
        print(f"{y:>6} {p:>11}   -ln({kept:.1f}) = {loss:.6f}  {grad:>8.3f}   {verdict}")
        table.append({"y": y, "p": p, "loss": loss, "grad": grad})
    print("(to 6 digits: -ln 0.1 = 2.302585..., -ln 0.9 = 0.105361...)")
    print("dL/dp < 0: raising p lowers the loss; > 0: lowering p does. The wrong rows get a")
    ratio = abs(table[1]["grad"] / table[0]["grad"])
    print(f"gradient {ratio:.0f}x as large as the right ones: a big mistake, a big correction.\n")
    return table


# %% tags=["active-ipynb"]
# table = print_table()

# %% [markdown]
# ## Confident and wrong is punished hardest
#
# Keep the truth at y = 1 and walk p down a ladder from right-and-sure to wrong-and-sure. The loss
# `-ln p` has no ceiling: it grows without bound as p approaches 0, and the push `-1/p` grows faster.

# %%
def print_ladder() -> dict[float, tuple[float, float]]:
    """The loss and dL/dp of each p on the LADDER (y = 1), printed; returns {p: (loss, dL/dp)}."""
    print("Confident and wrong is punished hardest (true y = 1):")
    ladder = {p: loss_and_gradient(1, p) for p in LADDER}
    for p, (loss, grad) in ladder.items():
        print(f"  p = {p:<6} loss {loss:7.3f}   dL/dp {grad:9.2f}")
    (unsure, unsure_grad), (sure, sure_grad) = ladder[0.4], ladder[0.01]
    print(f"p = 0.01 costs {sure:.3f}, {sure / unsure:.1f}x the {unsure:.3f} of an unsure p = 0.4, "
          f"and pushes {sure_grad / unsure_grad:.0f}x as hard.\n")
    return ladder


# %% tags=["active-ipynb"]
# ladder = print_ladder()

# %% [markdown]
# ## The backprop lesson's prediction
#
# The network of the backpropagation lesson predicts p = 0.72 where the truth is 1. Not wrong, not
# perfect: its loss is about 0.33, and the negative gradient asks for a larger p.

# %%
def print_forward_pass() -> dict[str, float]:
    """The loss and dL/dp of the backprop lesson's p = 0.72 for a true 1, printed."""
    loss, grad = loss_and_gradient(1, FORWARD_PASS)
    print(f"The backprop lesson's forward pass: the network predicts p = {FORWARD_PASS} when the truth is 1:")
    print(f"  loss = -ln {FORWARD_PASS} = {loss:.4f} (about {loss:.2f}: not perfect), dL/dp = {grad:.3f},")
    print("  negative, so gradient descent will raise p towards 1.")
    return {"p": FORWARD_PASS, "loss": loss, "grad": grad}


# %% tags=["active-ipynb"]
# forward_pass = print_forward_pass()

# %% [markdown]
# ## The pictures
#
# Left, the loss against p for both labels: each curve is 0 where the prediction is sure and right,
# and shoots up at the wrong end. Right, dL/dp on a symmetric log scale (linear near 0, logarithmic
# beyond ±1), so that both the gentle pushes and the huge ones fit on one axis.

# %%
def plot_curves(table: list[dict], folder, points: int) -> list:
    """Both loss curves and their gradients, the table's cases marked; saved as folder/bce.png."""
    plt = pyplot()
    if plt is None:
        return []
    ps = [0.001 + 0.998 * i / (points - 1) for i in range(points)]
    figure, (losses, slopes) = plt.subplots(1, 2, figsize=(12, 4.6), gridspec_kw={"wspace": 0.28})
    for y, color, formula in ((1, "#c8322f", "-ln p"), (0, "#1d5fd0", "-ln(1 - p)")):
        curve = [loss_and_gradient(y, p) for p in ps]
        losses.plot(ps, [loss for loss, _ in curve], color=color, label=f"true y = {y}:  L = {formula}")
        slopes.plot(ps, [grad for _, grad in curve], color=color, label=f"true y = {y}")
    marked = [(row["y"], row["p"], row["loss"]) for row in table]
    marked += [(1, p, loss_and_gradient(1, p)[0]) for p in (0.01, FORWARD_PASS)]
    for y, p, loss in marked:
        _mark(losses, slopes, y, p, loss)
    losses.set(ylim=(0, 6), xlabel="predicted probability p", ylabel="loss L",
               title="BCE: confident and wrong costs the most")
    slopes.set_yscale("symlog", linthresh=1)
    slopes.axhline(0, color="gray", linewidth=0.8)
    slopes.set(xlabel="predicted probability p", ylabel="dL/dp (symmetric log scale)",
               title="the gradient: a big mistake gets a big push")
    slopes.text(0.55, 150, "dL/dp > 0: lowering p lowers the loss", ha="center", fontsize=9)
    slopes.text(0.55, -250, "dL/dp < 0: raising p lowers the loss", ha="center", fontsize=9)
    losses.legend(loc="upper center")
    slopes.legend(loc="center right")
    for axis in (losses, slopes):
        axis.grid(alpha=0.3)
    return [save_figure(figure, folder, "bce.png")]


def _mark(losses, slopes, y: int, p: float, loss: float) -> None:
    """One case marked on both plots, with its loss and gradient written beside it."""
    where, note = LABELS[y, p]
    color = "#c8322f" if y == 1 else "#1d5fd0"
    losses.plot(p, loss, "o", color=color)
    grad = loss_and_gradient(y, p)[1]
    slopes.plot(p, grad, "o", color=color)
    slopes.annotate(f"{grad:.3g}", (p, grad), textcoords="offset points", xytext=(7, -12 if y else 4), fontsize=8)
    losses.annotate(f"{note}y={y}, p={p}\nL={loss:.3f}", (p, loss), xytext=where, fontsize=8,
                    ha="left" if where[0] < 0.4 else "right" if where[0] > 0.6 else "center",
                    arrowprops={"arrowstyle": "-", "color": "gray", "linewidth": 0.7})


# %% tags=["active-ipynb"]
# from pathlib import Path
#
# files = plot_curves(table, Path("out"), points=400)

# %% [markdown]
# ## Your turn: the gradient a model trains with
#
# A model does not output p directly: logistic regression computes a logit z and then `p = sigmoid(z)`.
# Training needs dL/dz, one step further back than the dL/dp above. Write `bce_gradient(z, y)`: dL/dz
# for `L = -[y ln p + (1 - y) ln(1 - p)]` with `p = sigmoid(z)`, as a plain number, for a label y of
# 0 or 1. The chain rule says dL/dz = dL/dp · dp/dz: you have dL/dp from the table; dp/dz is sigmoid's
# own local derivative. Multiply them on paper first and simplify: most of it cancels, and the short
# result also stays exact for a very confident z = 40, where p rounds to 1.0. Replace the `raise` line
# and run the cell: `check` grades your function right here (run it as it is first: it says the answer
# is not written yet).

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

# %% tags=["active-py"]
def main(argv: list[str] | None = None) -> dict:
    """The story above as one printed run: the table, the ladder, the backprop lesson's p, the curves."""
    from demos.common import lesson_arguments  # the script's alone: a notebook has no command line

    arguments = lesson_arguments(__doc__, argv)
    table = print_table()
    ladder = print_ladder()
    forward_pass = print_forward_pass()
    files = plot_curves(table, arguments.out, points=100 if arguments.fast else 400)
    return {"table": table, "ladder": ladder, "forward_pass": forward_pass, "files": files}


if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - `loss_and_gradient(1, 1e-9)`: how large can one sample's loss get? (`nn.bce` clamps p away from 0.)
# - Why is dL/dp negative for y = 1 at every p, and positive for y = 0?
# - The same exercise from a terminal: `python -m exercises start 6`, then `python -m exercises check 6`.
