# %% [markdown]
# # Binary cross-entropy: confident mistakes cost the most
#
# For a true label y (0 or 1) and a predicted probability p, binary cross-entropy is
# `L = -[y ln p + (1 - y) ln(1 - p)]`. Only one term survives: `-ln p` when y = 1, `-ln(1 - p)` when
# y = 0. This lesson computes a table of four cases with `nn.bce` on Values, reads each row's
# gradient dL/dp from `backward()`, and plots both curves.

# %%
"""Lesson: binary cross-entropy, the loss that punishes confident mistakes hardest.

L = -[y ln p + (1 - y) ln(1 - p)] for a true label y (0 or 1) and a predicted
probability p. Computes a table of four cases with nn.bce on Values, each row's
gradient dL/dp with backward(), and plots both curves. Run: python -m demos.bce
"""
from autograd import Value
from demos.common import lesson_arguments, pyplot, save_figure
from nn import bce

SEED_TABLE = [(1, 0.9), (1, 0.1), (0, 0.1), (0, 0.9)]  # (true label, predicted p): sure and right, sure and wrong
LADDER = [0.9, 0.6, 0.4, 0.1, 0.01, 0.001]  # y = 1: from right and sure to wrong and sure
FORWARD_PASS = 0.72  # the backprop lesson's network predicts 0.72 when the truth is 1
LABELS = {(1, 0.9): ((0.97, 0.6), ""), (1, 0.1): ((0.17, 2.6), ""), (0, 0.1): ((0.03, 0.6), ""),  # (y, p):
          (0, 0.9): ((0.83, 2.6), ""), (1, 0.01): ((0.07, 4.4), "confident and wrong\n"),  # where its text
          (1, FORWARD_PASS): ((0.5, 1.75), "the backprop lesson's\nforward pass")}  # goes on the plot, and a note


# %% [markdown]
# ## One prediction's loss and gradient
#
# A Value for p, `nn.bce` for the loss, `backward()` for dL/dp: the engine does the calculus.

# %%
def loss_and_gradient(y: int, p: float) -> tuple[float, float]:
    """BCE of one prediction and dL/dp, both from the engine: nn.bce, then backward()."""
    prediction = Value(p, label="p")
    loss = bce(prediction, y)
    loss.backward()
    return loss.data, prediction.grad


# %% [markdown]
# ## The table, the ladder and one forward pass
#
# The seed table (right and wrong predictions for both labels); a ladder from right-and-sure to
# wrong-and-sure; and the p = 0.72 of the backpropagation lesson.

# %%
def main(argv: list[str] | None = None) -> dict:
    arguments = lesson_arguments(__doc__, argv)
    print("Binary cross-entropy: L = -[y ln p + (1 - y) ln(1 - p)]")
    print("When y = 1 only -ln p is left; when y = 0 only -ln(1 - p).\n")
    print(f"{'true y':>6} {'predicted p':>11}   {'loss L':<20} {'dL/dp':>8}")
    table = []
    for y, p in SEED_TABLE:
        loss, grad = loss_and_gradient(y, p)
        kept = p if y == 1 else 1 - p  # the probability given to the true class
        verdict = "small loss (good)" if loss < 1 else "large loss (bad)"
        print(f"{y:>6} {p:>11}   -ln({kept:.1f}) = {loss:.6f}  {grad:>8.3f}   {verdict}")
        table.append({"y": y, "p": p, "loss": loss, "grad": grad})
    print("(to 6 digits: -ln 0.1 = 2.302585..., -ln 0.9 = 0.105361...)")
    print("dL/dp < 0: raising p lowers the loss; > 0: lowering p does. The wrong rows get a")
    ratio = abs(table[1]["grad"] / table[0]["grad"])
    print(f"gradient {ratio:.0f}x as large as the right ones: a big mistake, a big correction.\n")

    print("Confident and wrong is punished hardest (true y = 1):")
    ladder = {p: loss_and_gradient(1, p) for p in LADDER}
    for p, (loss, grad) in ladder.items():
        print(f"  p = {p:<6} loss {loss:7.3f}   dL/dp {grad:9.2f}")
    (unsure, unsure_grad), (sure, sure_grad) = ladder[0.4], ladder[0.01]
    print(f"p = 0.01 costs {sure:.3f}, {sure / unsure:.1f}x the {unsure:.3f} of an unsure p = 0.4, "
          f"and pushes {sure_grad / unsure_grad:.0f}x as hard.\n")

    loss, grad = loss_and_gradient(1, FORWARD_PASS)
    print(f"The backprop lesson's forward pass: the network predicts p = {FORWARD_PASS} when the truth is 1:")
    print(f"  loss = -ln {FORWARD_PASS} = {loss:.4f} (about {loss:.2f}: not perfect), dL/dp = {grad:.3f},")
    print("  negative, so gradient descent will raise p towards 1.")
    files = _plot(table, arguments.out, points=100 if arguments.fast else 400)
    return {"table": table, "ladder": ladder, "forward_pass": {"p": FORWARD_PASS, "loss": loss, "grad": grad},
            "files": files}


# %% [markdown]
# ## The pictures
#
# The loss against p for both labels, and dL/dp on a symmetric log scale (matplotlib).

# %%
def _plot(table: list[dict], folder, points: int) -> list:
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
        where, note = LABELS[y, p]
        color = "#c8322f" if y == 1 else "#1d5fd0"
        losses.plot(p, loss, "o", color=color)
        grad = loss_and_gradient(y, p)[1]
        slopes.plot(p, grad, "o", color=color)
        slopes.annotate(f"{grad:.3g}", (p, grad), textcoords="offset points", xytext=(7, -12 if y else 4), fontsize=8)
        losses.annotate(f"{note}y={y}, p={p}\nL={loss:.3f}", (p, loss), xytext=where, fontsize=8,
                        ha="left" if where[0] < 0.4 else "right" if where[0] > 0.6 else "center",
                        arrowprops={"arrowstyle": "-", "color": "gray", "linewidth": 0.7})
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


# %% [markdown]
# ## Run the lesson
#
# Look for: -ln 0.9 = 0.105 against -ln 0.1 = 2.303; a wrong prediction's gradient 9x as large as a
# right one's; and how fast the loss climbs as p approaches 0 for a true 1.

# %%
if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - `loss_and_gradient(1, 1e-9)`: how large can one sample's loss get? (nn.bce clamps p away from 0.)
# - Why is dL/dp negative for y = 1 at every p?
