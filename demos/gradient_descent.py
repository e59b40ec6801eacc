# %% [markdown]
# # Gradient descent: the sign gives the direction
#
# On the bowl `L(w) = (w - 3)**2` the gradient `dL/dw = 2 (w - 3)` is positive right of the minimum and
# negative left of it. The update `w_new = w_old - lr * dL/dw` therefore always steps downhill,
# whichever side it starts from.

# %%
"""Lesson: gradient descent on a one-weight bowl, L(w) = (w - 3)**2.

The gradient's sign says which way is downhill; the update w_new = w_old - lr * grad
steps that way, from either side of the minimum at w = 3. Prints every step, and
plots the bowl with the steps and the loss per step. Run: python -m demos.gradient_descent
"""
from autograd import Value
from demos.common import lesson_arguments, pyplot, save_figure

MINIMUM = 3.0  # L(w) = (w - 3)**2 is lowest at w = 3, where dL/dw = 2 (w - 3) = 0
STARTS = (-1.0, 6.5)  # one start on each side of the minimum
LEARNING_RATE = 0.25


# %% [markdown]
# ## The bowl, built from Values
#
# The loss at w and its gradient, from `backward()`.

# %%
def loss_and_gradient(w: float) -> tuple[float, float]:
    """L(w) = (w - 3)**2 built from Values, and dL/dw from backward()."""
    weight = Value(w, label="w")
    loss = (weight - MINIMUM) ** 2
    loss.backward()
    return loss.data, weight.grad


# %% [markdown]
# ## The update rule
#
# One row per step: the weight, the loss, the gradient, the change `lr * grad` and the new weight.

# %%
def descend(start: float, lr: float, steps: int) -> list[dict]:
    """Gradient descent from ``start``: one row per update w_new = w - lr * grad."""
    rows, w = [], start
    for step in range(1, steps + 1):
        loss, grad = loss_and_gradient(w)
        rows.append({"step": step, "w": w, "loss": loss, "grad": grad, "change": lr * grad, "w_new": w - lr * grad})
        w = rows[-1]["w_new"]
    return rows


# %% [markdown]
# ## From both sides
#
# Two starts, one on each side of the minimum at w = 3, the same learning rate.

# %%
def main(argv: list[str] | None = None) -> dict:
    arguments = lesson_arguments(__doc__, argv)
    print("The bowl L(w) = (w - 3)**2. The gradient dL/dw says which way is uphill:\n")
    for w in (0.0, 5.0):
        loss, grad = loss_and_gradient(w)
        nudged, _ = loss_and_gradient(w + 0.1)
        sign, move = ("positive", "decrease w: move left") if grad > 0 else ("negative", "increase w: move right")
        print(f"  at w = {w:g}: L = {loss:g}, dL/dw = {grad:+g} ({sign}); w + 0.1 gives L = {nudged:.2f}, "
              f"{'more' if nudged > loss else 'less'} loss -> {move}")
    steps = 8 if arguments.fast else 12
    print(f"\nThe update w_new = w_old - lr * dL/dw with lr = {LEARNING_RATE}, from both sides:")
    runs = {}
    for start in STARTS:
        runs[start] = descend(start, LEARNING_RATE, steps)
        print(f"\nstart w = {start:g}\n{'step':>4} {'w':>9} {'L':>10} {'dL/dw':>9} {'lr*grad':>9} {'w_new':>9}")
        for row in runs[start]:
            print(f"{row['step']:>4} {row['w']:>9.4f} {row['loss']:>10.6f} {row['grad']:>9.4f} "
                  f"{row['change']:>9.4f} {row['w_new']:>9.4f}")
    final = {start: rows[-1]["w_new"] for start, rows in runs.items()}
    print()
    for start, w in final.items():
        print(f"from w = {start:g}: w was {'raised' if w > start else 'lowered'} by {abs(w - start):.4f} to "
              f"{w:.4f}, loss {loss_and_gradient(start)[0]:g} -> {loss_and_gradient(w)[0]:.2g}")
    print(f"Both reach the minimum w = {MINIMUM:g}, where dL/dw = 2 (w - 3) = 0: each step multiplies the distance")
    print(f"w - 3 by 1 - 2 lr = {1 - 2 * LEARNING_RATE:g}, since lr * dL/dw = lr * 2 (w - 3). One weight went up, "
          "the other down:")
    print("the goal is not to increase or decrease weights, only to reduce the loss.")
    return {"runs": runs, "final": final, "files": _plot(runs, arguments.out)}


# %% [markdown]
# ## The pictures
#
# The steps drawn on the bowl, and the loss per step on a log scale.

# %%
def _plot(runs: dict, folder) -> list:
    plt = pyplot()
    if plt is None:
        return []
    figure, (bowl, curves) = plt.subplots(1, 2, figsize=(12, 4.6), gridspec_kw={"wspace": 0.25})
    ws = [-2 + 10 * i / 200 for i in range(201)]
    bowl.plot(ws, [loss_and_gradient(w)[0] for w in ws], color="gray", label="L(w) = (w - 3)^2")
    for (start, rows), color in zip(runs.items(), ("#1d5fd0", "#c8322f")):
        last = rows[-1]["w_new"]
        points = [(row["w"], row["loss"]) for row in rows] + [(last, loss_and_gradient(last)[0])]
        bowl.plot(*zip(*points), "o", color=color, markersize=5, label=f"steps from w = {start:g}")
        for before, after in zip(points, points[1:]):
            bowl.annotate("", after, before, arrowprops={"arrowstyle": "->", "color": color, "linewidth": 1.2})
        first = rows[0]
        right_side = start > MINIMUM
        bowl.annotate(f"dL/dw = {first['grad']:+g}: move {'left' if right_side else 'right'}",
                      (first["w"], first["loss"]), textcoords="offset points", xytext=(-10 if right_side else 10, 0),
                      ha="right" if right_side else "left", va="center", color=color, fontsize=9)
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


# %% [markdown]
# ## Run the lesson
#
# Look for: one weight raised and the other lowered, both reaching w = 3; each step multiplies the
# distance to the minimum by 1 - 2 lr = 0.5.

# %%
if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Set `LEARNING_RATE = 0.5`: one step lands exactly on the minimum. Why?
# - Set it to 1.05 and watch the steps overshoot further each time (the next lesson's topic).
