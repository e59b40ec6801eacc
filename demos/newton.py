# %% [markdown]
# # Newton's method: the curvature finds the bottom
#
# Gradient descent only knows the slope: it steps by `lr * g` whether the bottom is near or far. Newton's
# method, `w <- w - H^-1 g`, also uses the curvature, the Hessian H of second derivatives (from
# `autograd.hessian`, the chain rule run on its own steps): it jumps to the bottom of the bowl that fits
# the loss where it stands. H also tells gradient descent how far it may step: `lr < 2/L`, L its largest
# eigenvalue. You will take a loss's gradient and Hessian, write a Newton step, race Newton against
# gradient descent, and push gradient descent just past `2/L`.

# %%
"""Lesson: Newton's method, w <- w - H^-1 g, uses the curvature to reach the bottom in a handful of steps.

Logistic regression's mean BCE with Values, g from backward(), H from autograd.hessian; Newton against
gradient descent; gradient descent is stable for lr < 2/L (L: H's largest eigenvalue). Run: python -m demos.newton
"""
from functools import partial

import numpy as np

from autograd import Value, hessian, linear
from demos.common import pyplot, save_figure
from nn import make_blobs

CENTERS = [[-1.0, 0.0], [1.0, 0.5]]  # std 1 clouds that overlap: no line separates them, so the best w is finite
TOLERANCE = 1e-8  # every run stops once the gradient norm |g| is below this
FACTORS = (0.9, 1.1)  # learning rates just under and just over the bound 2/L
FULL, FAST = {"n_samples": 200, "max_steps": 400}, {"n_samples": 100, "max_steps": 200}  # FAST: the tests' run


# %% [markdown]
# ## The loss, written with Values
#
# Two overlapping clouds of points labelled 0 and 1, and logistic regression's weights `(w0, w1, b)`. The
# loss, the mean binary cross-entropy, is built from Values: backward() differentiates it, hessian() twice.

# %%
def mean_bce(X, y):
    """The function (w0, w1, b) -> mean BCE over the data, as a Value.

    A point's loss is -ln p if y = 1 and -ln(1 - p) if y = 0, with p = sigmoid(z), z = w0 x0 + w1 x1 + b.
    As 1 - p = sigmoid(-z), each point costs -ln sigmoid(+-z): no 1 - p rounding to 0, and sigmoid
    never overflows (the same number as softplus(z) - y z, the form bce_with_logits uses).
    """
    points, signs = X.tolist(), [1.0 if label == 1 else -1.0 for label in y]
    return lambda w0, w1, b: -sum((sign * linear(x, [w0, w1], b)).sigmoid().log()
                                  for x, sign in zip(points, signs)) / len(points)


# %% [markdown]
# ## The slope and the curvature
#
# g comes from one backward() pass; H, 3 x 3, is every gradient component differentiated by every weight.
# For logistic regression H is `X^T diag(p(1-p)) X / n` (X with a column of ones for b): each point adds its
# curvature `p(1 - p)`, largest (1/4) where the model is unsure, p = 0.5. `descend` is both methods' loop.

# %%
def loss_and_gradient(loss, weights) -> tuple[float, np.ndarray]:
    """The loss at ``weights`` and its gradient g, from one backward() through the Values."""
    leaves = [Value(float(w)) for w in weights]
    out = loss(*leaves)
    out.backward()
    return out.data, np.array([leaf.grad for leaf in leaves])


def descend(evaluate, step, start, max_steps: int) -> dict:
    """w <- w - step(w, g) from ``start`` until |g| < TOLERANCE or after max_steps: the path, losses and |g|."""
    path, losses, norms = [np.asarray(start, dtype=float)], [], []
    while True:
        loss, g = evaluate(path[-1])
        losses.append(loss)
        norms.append(float(np.linalg.norm(g)))
        if norms[-1] < TOLERANCE or len(path) > max_steps:
            return {"path": np.array(path), "losses": losses, "norms": norms, "steps": len(path) - 1,
                    "converged": norms[-1] < TOLERANCE}
        path.append(path[-1] - step(path[-1], g))


def hessian_matrix(loss, weights) -> np.ndarray:
    """H at ``weights`` as a numpy array, from autograd.hessian (the chain rule run on its own steps)."""
    return np.array(hessian(loss)(*weights))


def curvature_at_start(hessian_at, start, n_samples: int) -> tuple[np.ndarray, float]:
    """H at the start and its largest eigenvalue L0, printed with what they mean."""
    H0 = hessian_at(start)
    L0 = float(np.linalg.eigvalsh(H0).max())
    print(f"Logistic regression on {n_samples} points in two overlapping clouds, weights (w0, w1, b) from 0.\n"
          "Loss: the mean BCE built from Values; g from backward(); H = [d2 loss / dwi dwj] from hessian().\n"
          f"At the start every p = 0.5, and H =\n{np.array2string(H0, precision=4)}\n"
          f"Its largest eigenvalue, L0 = {L0:.4f}, is the most the bowl curves anywhere: H = X^T diag(p(1-p)) X / n"
          "\nand p(1 - p) is largest (1/4) at p = 0.5. So lr = 1/L0, the textbook safe step, for gradient descent.\n")
    return H0, L0


# %% tags=["active-ipynb"]
# X, y = make_blobs(FULL["n_samples"], centers=CENTERS, std=1.0, seed=3)
# loss, start = mean_bce(X, y), np.zeros(3)
# evaluate, hessian_at = partial(loss_and_gradient, loss), partial(hessian_matrix, loss)
# H0, L0 = curvature_at_start(hessian_at, start, len(y))
# value, g = evaluate(start)
# print(f"There the loss is ln 2 = {value:.6f}; g = {np.array2string(g, precision=4, suppress_small=True)}")

# %% [markdown]
# ## Your turn: one Newton step
#
# Near a point the loss is a bowl, its Taylor expansion `q(w + d) = f + g.d + d.H.d / 2`, whose gradient `g + H d`
# is zero at `d = -H^-1 g`. Write `newton_step(f, point)`, the point `x - H^-1 g`, for any `f` taking one Value per
# coordinate: g and H are computed for you; `np.linalg.solve(H, g)` gives `H^-1 g`. Replace the `raise` line and
# run the cell: `check` grades your function right here, on bowls where one step lands on the bottom.

# %% tags=["active-ipynb"]
# from collections.abc import Callable
#
# from exercises import check
#
#
# def newton_step(f: Callable[..., Value], point: list[float]) -> list[float]:
#     """The point after one Newton step on f from ``point``."""
#     leaves = [Value(x) for x in point]
#     f(*leaves).backward()
#     gradient = [leaf.grad for leaf in leaves]
#     H = hessian(f)(*point)
#     raise NotImplementedError(f"your turn: return point - H^-1 g, with g = {gradient} and H = {H}")
#
#
# print(check(10, newton_step))

# %% [markdown]
# ## Newton against gradient descent
#
# Both start at 0 and stop once `|g| < 1e-8`: Newton with the step you just wrote (solving `H d = g` at every
# point), gradient descent with `lr = 1/L0`. In the picture, left, both paths over the loss's contours: Newton
# strides to the bottom, gradient descent takes 118 short steps. Right, `|g|` on a log scale: near the bottom
# Newton's roughly squares at each step (3e-4, 8e-7, 5e-12), gradient descent's shrinks by a constant factor.

# %%
def newton_against_descent(evaluate, hessian_at, start, lr: float) -> dict:
    """Newton's method and gradient descent (step lr) from ``start``, both until |g| < TOLERANCE."""
    newton = descend(evaluate, lambda w, g: np.linalg.solve(hessian_at(w), g), start, max_steps=20)
    print(f"Newton's method, w <- w - H^-1 g (solve the 3x3 system H d = g), until |g| < {TOLERANCE:g}:")
    print(" step         loss        |g|        w0        w1         b")
    for step, (w, value, norm) in enumerate(zip(newton["path"], newton["losses"], newton["norms"])):
        print(f"{step:>5}  {value:.9f}  {norm:9.2e}  {w[0]:+.5f}  {w[1]:+.5f}  {w[2]:+.5f}")
    descent = descend(evaluate, lambda w, g: lr * g, start, max_steps=5000)
    gap = float(np.abs(descent["path"][-1] - newton["path"][-1]).max())
    print(f"\nSteps to |g| < {TOLERANCE:g}:  Newton {newton['steps']},  gradient descent (lr = 1/L0 = {lr:.3f}) "
          f"{descent['steps']}.\nBoth end at the same weights: largest difference {gap:.1e}. A Newton step costs "
          "more (the Hessian\nneeds one pass per weight, then a solve): cheap for 3 weights, out of reach for a "
          "million.\n")
    return {"newton": newton, "descent": descent, "lr": lr, "gap": gap}


def plot_paths(X, y, newton, descent, lr: float, folder) -> list:
    """Both paths over the loss's contours, and |g| step by step: newton.png."""
    plt = pyplot()
    if plt is None:
        return []
    figure, (bowl, norms) = plt.subplots(1, 2, figsize=(12, 4.8), gridspec_kw={"wspace": 0.25})
    optimum, paths = newton["path"][-1], np.vstack([newton["path"], descent["path"]])
    low, high = paths[:, :2].min(axis=0) - 0.6, paths[:, :2].max(axis=0) + 0.6
    w0, w1 = np.meshgrid(np.linspace(low[0], high[0], 80), np.linspace(low[1], high[1], 80))
    z = w0[..., None] * X[:, 0] + w1[..., None] * X[:, 1] + optimum[2]
    grid = np.mean(np.logaddexp(0, z) - y * z, axis=-1)  # BCE in numpy, softplus(z) - y z, at every grid point
    bowl.contour(w0, w1, grid, levels=grid.min() + (grid.max() - grid.min()) * np.linspace(0, 1, 14)[1:] ** 2,
                 colors="dimgrey", linewidths=0.7)
    bowl.plot(*descent["path"][:, :2].T, ".-", color="#1d5fd0", markersize=3, linewidth=1,
              label=f"gradient descent, lr = 1/L0 = {lr:.2f}: {descent['steps']} steps")
    bowl.plot(*newton["path"][:, :2].T, "o-", color="#c8322f", markersize=6, label=f"Newton: {newton['steps']} steps")
    bowl.plot(*optimum[:2], "*", color="gold", markeredgecolor="black", markersize=16, label="the optimum")
    bowl.set(xlabel="w0", ylabel="w1", title=f"both paths from 0, projected onto (w0, w1)\n(contours: BCE in the slice "
             f"b = {optimum[2]:.3f}, the optimum's bias)")
    bowl.legend(loc="lower right", fontsize=8)
    for run, style, name in ((newton, "o-", "Newton"), (descent, "-", "gradient descent, lr = 1/L0")):
        norms.plot(run["norms"], style, color="#c8322f" if run is newton else "#1d5fd0", markersize=5, label=name)
    norms.axhline(TOLERANCE, color="black", linestyle="--", linewidth=1, label=f"the stopping rule |g| < {TOLERANCE:g}")
    norms.set(xlabel="step", ylabel="gradient norm |g| (log scale)", yscale="log", title="near the bottom, "
              "Newton's |g| roughly squares each step;\ngradient descent's shrinks by a constant factor")
    norms.legend(fontsize=8)
    return [save_figure(figure, folder, "newton.png")]


# %% tags=["active-ipynb"]
# from pathlib import Path
#
# compared = newton_against_descent(evaluate, hessian_at, start, 1 / L0)
# files = plot_paths(X, y, compared["newton"], compared["descent"], compared["lr"], Path("out"))

# %% [markdown]
# ## Just under and just over 2/L
#
# On a quadratic bowl each gradient-descent step multiplies the gradient's part along H's top eigenvector by
# `1 - lr L`: it shrinks while `lr < 2/L`, grows past it. First on the quadratic model at the start (curvature H0
# everywhere: the bound is exact), then on BCE, where the curvature at the bottom, where it must settle, decides.

# %%
def quadratic_model(evaluate, H: np.ndarray, start: np.ndarray):
    """w -> (q(w), its gradient g + H d) for q(w) = f + g.d + d.H.d / 2, d = w - start, f and g at the start:
    the second-order Taylor expansion there, whose curvature is H everywhere."""
    f, g = evaluate(start)
    return lambda w: (float(f + g @ (w - start) + (w - start) @ H @ (w - start) / 2), g + H @ (w - start))


def describe(name: str, lr: float, run: dict) -> str:
    """How a gradient-descent run ended, read from its |g| and, for a bounce, its last three points."""
    head, norms = f"  lr = {name} = {lr:.3f}: ", run["norms"]
    if run["converged"]:
        return head + f"converged, |g| {norms[0]:.1e} -> {norms[-1]:.1e} in {run['steps']} steps"
    if norms[-1] > norms[0]:
        return head + f"diverging, |g| {norms[0]:.1e} -> {norms[-1]:.1e} in {run['steps']} steps"
    closest, (before, last, now) = int(np.argmin(norms)), run["path"][-3:]
    return head + (f"never settles: it came to |g| = {norms[closest]:.0e} (step {closest}), was pushed out, and "
                   f"after {run['steps']} steps\n    bounces between two points {np.linalg.norm(now - last):.2f} apart "
                   f"(|w_k - w_k-2| = {np.linalg.norm(now - before):.0e}) with losses "
                   f"{min(run['losses'][-2:]):.4f} and {max(run['losses'][-2:]):.4f}, |g| {norms[-1]:.2f}")


def step_size_bound(evaluate, hessian_at, H0, optimum, start, max_steps) -> dict:
    """Gradient descent just under and over 2/L: on the quadratic model at the start, then on BCE itself."""
    L0, H_star = float(np.linalg.eigvalsh(H0).max()), hessian_at(optimum)
    L_star = float(np.linalg.eigvalsh(H_star).max())
    print(f"The bound lr < 2/L (the learning-rate lesson's bowl (w - 3)^2 has L = 2: lr < 1).\nAt the start "
          f"L0 = {L0:.4f}, 2/L0 = {2 / L0:.4f}. On the quadratic model there, q(w) = f(0) + g0.w + w.H0.w / 2\n"
          "(the second-order Taylor expansion: its curvature is H0 everywhere), the bound is exact:")
    model = quadratic_model(evaluate, H0, start)
    quadratic = {f: descend(model, lambda w, g, f=f: f * 2 / L0 * g, start, max_steps) for f in FACTORS}
    for factor, run in quadratic.items():
        print(describe(f"{factor} x 2/L0", factor * 2 / L0, run))
    print("  (each step multiplies the gradient's part along H0's top eigenvector by 1 - lr L0: "
          + ", ".join(f"{1 - 2 * f:+.1f} at {f}" for f in FACTORS) + ")\nOn BCE itself:")
    beyond = descend(evaluate, lambda w, g: FACTORS[1] * 2 / L0 * g, start, max_steps)
    print(describe(f"{FACTORS[1]} x 2/L0", FACTORS[1] * 2 / L0, beyond))
    if beyond["converged"]:
        print("  away from the start p(1 - p) < 1/4: the curvature only shrinks, so 2/L0 is safe but not sharp.")
    print(f"What decides whether gradient descent can settle at the bottom is the curvature there: at Newton's\n"
          f"optimum L* = {L_star:.4f}, 2/L* = {2 / L_star:.4f}.")
    local = {f: descend(evaluate, lambda w, g, f=f: f * 2 / L_star * g, start, max_steps) for f in FACTORS}
    for factor, run in local.items():
        print(describe(f"{factor} x 2/L*", factor * 2 / L_star, run))
    print("A step larger than 1/L0 is faster while it stays under 2/L*, but choosing it needs the curvature at\n"
          "the bottom: the Hessian, which Newton's method computes at every step.")
    return {"L0": L0, "hessian_optimum": H_star, "L_star": L_star, "quadratic": quadratic, "beyond": beyond,
            "local": local}


def plot_bounds(bounds: dict, folder) -> list:
    """|g| step by step just under and over 2/L: on the quadratic model, then on BCE: newton_step_size.png."""
    plt = pyplot()
    if plt is None:
        return []
    figure, axes = plt.subplots(1, 2, figsize=(12, 4.4), gridspec_kw={"wspace": 0.25})
    under, over = "#2a9d4b", "#c8322f"
    L0, L_star = bounds["L0"], bounds["L_star"]
    runs = [[(f"{f} x 2/L0", f * 2 / L0, run, color, "-")
             for (f, run), color in zip(bounds["quadratic"].items(), (under, over))],
            [(f"{FACTORS[1]} x 2/L0", FACTORS[1] * 2 / L0, bounds["beyond"], "#1d5fd0", "--"),
             *((f"{f} x 2/L*", f * 2 / L_star, run, color, "-")
               for (f, run), color in zip(bounds["local"].items(), (under, over)))]]
    verdict = "safe but not sharp" if bounds["beyond"]["converged"] else "sharp"
    titles = ("the quadratic model at the start (curvature H0 everywhere):\nthe bound 2/L0 is exact",
              f"BCE itself: 2/L0 is {verdict};\nthe curvature at the bottom, L*, decides")
    for axis, lines, title in zip(axes, runs, titles):
        for name, lr, run, color, style in lines:
            axis.plot(run["norms"], style, color=color, label=f"lr = {name} = {lr:.2f}")
        axis.axhline(TOLERANCE, color="black", linestyle=":", linewidth=1, label=f"|g| = {TOLERANCE:g}")
        axis.set(xlabel="step", ylabel="gradient norm |g| (log scale)", yscale="log", title=title)
        axis.legend(fontsize=8)
    return [save_figure(figure, folder, "newton_step_size.png")]


# %% tags=["active-ipynb"]
# bounds = step_size_bound(evaluate, hessian_at, H0, compared["newton"]["path"][-1], start, FULL["max_steps"])
# files += plot_bounds(bounds, Path("out"))

# %% tags=["active-py"]
def main(argv: list[str] | None = None) -> dict:
    """The story above as one printed run: the curvature at the start, Newton against descent, the bound 2/L."""
    from demos.common import lesson_arguments  # the script's alone: a notebook has no command line

    arguments = lesson_arguments(__doc__, argv)
    settings = FAST if arguments.fast else FULL
    X, y = make_blobs(settings["n_samples"], centers=CENTERS, std=1.0, seed=3)
    loss, start = mean_bce(X, y), np.zeros(3)
    evaluate, hessian_at = partial(loss_and_gradient, loss), partial(hessian_matrix, loss)
    H0, L0 = curvature_at_start(hessian_at, start, len(y))
    compared = newton_against_descent(evaluate, hessian_at, start, 1 / L0)
    bounds = step_size_bound(evaluate, hessian_at, H0, compared["newton"]["path"][-1], start, settings["max_steps"])
    files = [*plot_paths(X, y, compared["newton"], compared["descent"], compared["lr"], arguments.out),
             *plot_bounds(bounds, arguments.out)]
    return {"data": (X, y), "start": start, "hessian_start": H0, **compared, **bounds, "files": files}


if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Once your `newton_step` passes: `newton_step(loss, [0.0, 0.0, 0.0])` lands on step 1 of Newton's table.
# - Start Newton far from the optimum, at `[5.0, -5.0, 3.0]`: does it still take only a few steps?
