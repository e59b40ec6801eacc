# %% [markdown]
# # Gradient descent: the sign gives the direction
#
# Training a model means finding weights with a low loss. Gradient descent does it one small step at a
# time: read the gradient (which way the loss rises), and step the other way. This lesson does it on the
# simplest loss there is, the bowl `L(w) = (w - 3)**2` of one weight w, lowest at w = 3.
#
# Its gradient `dL/dw = 2 (w - 3)` is positive right of the minimum and negative left of it. The update
# `w_new = w_old - lr * dL/dw` therefore always steps downhill, whichever side it starts from. You will
# read the gradient's sign, take the steps from both sides, watch them on a picture, and then write the
# update the way an optimizer does.

# %%
"""Lesson: gradient descent on a one-weight bowl, L(w) = (w - 3)**2.

The gradient's sign says which way is downhill; the update w_new = w_old - lr * grad
steps that way, from either side of the minimum at w = 3. Prints every step, and
plots the bowl with the steps and the loss per step. Run: python -m demos.gradient_descent
"""
from autograd import Value
from demos.common import pyplot, save_figure

MINIMUM = 3.0  # L(w) = (w - 3)**2 is lowest at w = 3, where dL/dw = 2 (w - 3) = 0
STARTS = (-1.0, 6.5)  # one start on each side of the minimum
LEARNING_RATE = 0.25


# %% [markdown]
# ## The bowl, built from Values
#
# The loss at w is a small graph, `(w - 3)**2`; `backward()` gives its gradient dL/dw.

# %%
def loss_and_gradient(w: float) -> tuple[float, float]:
    """L(w) = (w - 3)**2 built from Values, and dL/dw from backward()."""
    weight = Value(w, label="w")
    loss = (weight - MINIMUM) ** 2
    loss.backward()
    return loss.data, weight.grad


# %% [markdown]
# ## The gradient says which way is uphill
#
# At w = 0 the gradient is negative: a slightly larger w has less loss, so the way down is to the right.
# At w = 5 it is positive, and the way down is to the left. Nudging w by 0.1 confirms both.

# %%
def print_directions() -> None:
    """At w = 0 and w = 5: the loss, the gradient's sign, a nudge that confirms it, and the way down."""
    print("The bowl L(w) = (w - 3)**2. The gradient dL/dw says which way is uphill:\n")
    for w in (0.0, 5.0):
        loss, grad = loss_and_gradient(w)
        nudged, _ = loss_and_gradient(w + 0.1)
        sign, move = ("positive", "decrease w: move left") if grad > 0 else ("negative", "increase w: move right")
        print(f"  at w = {w:g}: L = {loss:g}, dL/dw = {grad:+g} ({sign}); w + 0.1 gives L = {nudged:.2f}, "
              f"{'more' if nudged > loss else 'less'} loss -> {move}")


# %% tags=["active-ipynb"]
# print_directions()

# %% [markdown]
# ## The update rule
#
# `w_new = w_old - lr * dL/dw`: minus, because the gradient points uphill; times the learning rate lr,
# because the gradient only gives a direction and a rough size, and a small step is safer than a big one.
# `descend` makes one row per step: the weight, the loss, the gradient, the change `lr * grad` and the
# new weight.

# %%
def descend(start: float, lr: float, steps: int) -> list[dict]:
    """Gradient descent from ``start``: one row per update w_new = w - lr * grad."""
    rows, w = [], start
    for step in range(1, steps + 1):
        loss, grad = loss_and_gradient(w)
        rows.append({"step": step, "w": w, "loss": loss, "grad": grad, "change": lr * grad, "w_new": w - lr * grad})
        w = rows[-1]["w_new"]
    return rows


def print_run(start: float, rows: list[dict]) -> None:
    """One run of descend as a table."""
    print(f"\nstart w = {start:g}\n{'step':>4} {'w':>9} {'L':>10} {'dL/dw':>9} {'lr*grad':>9} {'w_new':>9}")
    for row in rows:
        print(f"{row['step']:>4} {row['w']:>9.4f} {row['loss']:>10.6f} {row['grad']:>9.4f} "
              f"{row['change']:>9.4f} {row['w_new']:>9.4f}")


# %% [markdown]
# ## From both sides
#
# Two starts, one on each side of the minimum at w = 3, with the same learning rate. From the left the
# gradient is negative and `- lr * grad` raises w; from the right it lowers w.

# %% tags=["active-ipynb"]
# runs = {start: descend(start, LEARNING_RATE, 12) for start in STARTS}
# for start, rows in runs.items():
#     print_run(start, rows)

# %% [markdown]
# Each step multiplies the distance to the minimum by the same factor: `w - lr * 2 (w - 3) - 3` is
# `(1 - 2 lr)(w - 3)`, so with lr = 0.25 every step halves it, and the loss (its square) falls by 4.

# %%
def print_summary(runs: dict[float, list[dict]]) -> dict[float, float]:
    """Where each run ended, and why the distance to the minimum shrinks by 1 - 2 lr per step."""
    final = {start: rows[-1]["w_new"] for start, rows in runs.items()}
    print()
    for start, w in final.items():
        print(f"from w = {start:g}: w was {'raised' if w > start else 'lowered'} by {abs(w - start):.4f} to "
              f"{w:.4f}, loss {loss_and_gradient(start)[0]:g} -> {loss_and_gradient(w)[0]:.2g}")
    print(f"Both reach the minimum w = {MINIMUM:g}, where dL/dw = 2 (w - 3) = 0: each step multiplies the distance")
    print(f"w - 3 by 1 - 2 lr = {1 - 2 * LEARNING_RATE:g}, since lr * dL/dw = lr * 2 (w - 3). One weight went up, "
          "the other down:")
    print("the goal is not to increase or decrease weights, only to reduce the loss.")
    return final


# %% tags=["active-ipynb"]
# final = print_summary(runs)

# %% [markdown]
# ## The pictures
#
# Left, the steps drawn on the bowl: big steps where the slope is steep, smaller ones near the bottom,
# where the gradient shrinks. Right, the loss per step on a log scale: a straight line, since every step
# divides it by the same 4.

# %%
def plot_steps(runs: dict, folder) -> list:
    """The runs' steps on the bowl and their losses per step; saved as folder/gradient_descent.png."""
    plt = pyplot()
    if plt is None:
        return []
    figure, (bowl, curves) = plt.subplots(1, 2, figsize=(12, 4.6), gridspec_kw={"wspace": 0.25})
    ws = [-2 + 10 * i / 200 for i in range(201)]
    bowl.plot(ws, [loss_and_gradient(w)[0] for w in ws], color="gray", label="L(w) = (w - 3)^2")
    for (start, rows), color in zip(runs.items(), ("#1d5fd0", "#c8322f")):
        _draw_run(bowl, start, rows, color)
        curves.plot([row["step"] for row in rows], [row["loss"] for row in rows], "o-", color=color,
                    label=f"start w = {start:g}")
    bowl.axvline(MINIMUM, color="black", linestyle=":", linewidth=1)
    bowl.text(MINIMUM, 7, "minimum\nw = 3", fontsize=9, ha="center", backgroundcolor="white")
    bowl.set(xlabel="weight w", ylabel="loss L", title="w_new = w_old - lr * dL/dw walks down the bowl", ylim=(-1, 26))
    curves.set_yscale("log")
    curves.set(xlabel="step", ylabel="loss L (log scale)", title="the loss falls at every step, from either side")
    bowl.legend(loc="upper center")
    curves.legend()
    for axis in (bowl, curves):
        axis.grid(alpha=0.3)
    return [save_figure(figure, folder, "gradient_descent.png")]


def _draw_run(bowl, start: float, rows: list[dict], color: str) -> None:
    """One run's steps as arrows on the bowl, its first gradient written beside the start."""
    last = rows[-1]["w_new"]
    points = [(row["w"], row["loss"]) for row in rows] + [(last, loss_and_gradient(last)[0])]
    bowl.plot(*zip(*points), "o", color=color, markersize=5, label=f"steps from w = {start:g}")
    for before, after in zip(points, points[1:]):
        bowl.annotate("", after, before, arrowprops={"arrowstyle": "->", "color": color, "linewidth": 1.2})
    first, right_side = rows[0], start > MINIMUM
    bowl.annotate(f"dL/dw = {first['grad']:+g}: move {'left' if right_side else 'right'}",
                  (first["w"], first["loss"]), textcoords="offset points", xytext=(-10 if right_side else 10, 0),
                  ha="right" if right_side else "left", va="center", color=color, fontsize=9)


# %% tags=["active-ipynb"]
# from pathlib import Path
#
# files = plot_steps(runs, Path("out"))

# %% [markdown]
# ## Your turn: the step an optimizer takes
#
# `descend` worked on a plain number w. In a network the weights are `Value`s, and after
# `loss.backward()` each one holds its own `.grad`. An optimizer's `step()` moves every one of them at
# once, changing the parameters themselves so that the model sees the new weights. Write
# `sgd_step(parameters, lr)`: update each parameter's `.data` in place by the rule above, and leave its
# `.grad` alone. Replace the `raise` line and run the cell: `check` grades your function right here
# (run it as it is first: it says the answer is not written yet).

# %% tags=["active-ipynb"]
# from exercises import check
#
#
# def sgd_step(parameters: list[Value], lr: float) -> None:
#     """Update every parameter in place: p.data becomes p.data - lr * p.grad."""
#     for parameter in parameters:
#         raise NotImplementedError(f"your turn: update {parameter.label or 'this parameter'}'s .data, lr = {lr}")
#
#
# print(check(7, sgd_step))

# %% tags=["active-py"]
def main(argv: list[str] | None = None) -> dict:
    """The story above as one printed run: the gradient's sign, the steps from both sides, the pictures."""
    from demos.common import lesson_arguments  # the script's alone: a notebook has no command line

    arguments = lesson_arguments(__doc__, argv)
    print_directions()
    steps = 8 if arguments.fast else 12
    print(f"\nThe update w_new = w_old - lr * dL/dw with lr = {LEARNING_RATE}, from both sides:")
    runs = {start: descend(start, LEARNING_RATE, steps) for start in STARTS}
    for start, rows in runs.items():
        print_run(start, rows)
    final = print_summary(runs)
    return {"runs": runs, "final": final, "files": plot_steps(runs, arguments.out)}


if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Set `LEARNING_RATE = 0.5`: one step lands exactly on the minimum. Why?
# - Set it to 1.05 and watch the steps overshoot further each time (the learning-rate lesson's topic).
# - The same exercise from a terminal: `python -m exercises start 7`, then `python -m exercises check 7`.
