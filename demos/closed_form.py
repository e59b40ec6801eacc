# %% [markdown]
# # Closed form against iterative search
#
# Linear regression with mean squared error has a formula for its best weights, the normal equation:
# one step of linear algebra. Logistic regression has none: setting its gradient to zero leaves the
# weights inside a sigmoid, so they must be searched for, by gradient descent or Newton's method.
#
# In this lesson you will solve a line fit in one step and walk to the same point by gradient descent,
# see the formula fail for logistic regression, watch two searches meet instead, and then write the step
# that connects the two worlds: Newton's.

# %%
"""Lesson: linear regression has a closed-form solution; logistic regression does not.

Linear regression: the normal equation (numpy) jumps to the best weights in one step, and
gradient descent on Values (mse) walks to the same point. Logistic regression: setting the
gradient to zero leaves w inside a sigmoid, so there is no formula to rearrange; Newton's
method and gradient descent both search iteratively and meet. Run: python -m demos.closed_form
"""
import numpy as np

from demos.common import pyplot, save_figure
from nn import SGD, LogisticRegression, Neuron, bce_with_logits, make_blobs, mse

LINE, LOGISTIC = (60, 300), (200, 300)  # (points, gradient-descent steps) of each part (--fast: (30, 200), (100, 200))


# %% [markdown]
# ## A line through noisy points
#
# Points around the line `y = 1.5 x - 1`, with noise. The model is `y = w x + b`, and the loss the mean
# squared error. With a column of ones beside x (it carries b), the predictions are `X1 @ (w, b)`.

# %%
def line_data(n_samples: int) -> tuple[np.ndarray, np.ndarray]:
    """n points (x, y) around y = 1.5 x - 1 with noise of spread 0.4; X has one column, x."""
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 3, n_samples)
    return x[:, None], 1.5 * x - 1.0 + rng.normal(0, 0.4, n_samples)


def with_ones(X: np.ndarray) -> np.ndarray:
    """X with a column of ones after it: the bias b's input."""
    return np.column_stack([X, np.ones(len(X))])


# %% [markdown]
# ## The formula: the normal equation
#
# The gradient of the mean squared error, `(2/n) X1^T (X1 v - y)`, is *linear* in the weights v = (w, b).
# Setting it to zero is a linear system, `(X1^T X1) v = X1^T y`, and numpy solves it in one step.

# %% tags=["active-ipynb"]
# X, y = line_data(LINE[0])
# closed = np.linalg.solve(with_ones(X).T @ with_ones(X), with_ones(X).T @ y)  # the normal equation
# print(f"normal equation: w = {closed[0]:+.8f}  b = {closed[1]:+.8f}   (the data came from w = 1.5, b = -1)")

# %% [markdown]
# ## The search: gradient descent on Values
#
# The same fit by many small steps: a linear `Neuron` (`w x + b`, no squashing), the loss from `mse`,
# `backward()` for the gradient, an `SGD` step, repeated. `descend` works for any model and loss; it
# records the weights after every step and the length of the gradient, which is 0 at the bottom.

# %%
def descend(predict, parameters, X, y, loss_function, lr: float, steps: int, start) -> tuple[np.ndarray, list]:
    """Gradient descent on Values from ``start`` (w..., b); returns the weight path and |gradient| per step."""
    for parameter, number in zip(parameters, start):
        parameter.data = float(number)
    optimizer, path, gradient_norms = SGD(parameters, lr=lr), [list(start)], []
    for _ in range(steps):
        loss = loss_function([predict(x) for x in X], [float(target) for target in y])
        optimizer.zero_grad()
        loss.backward()
        gradient_norms.append(sum(p.grad ** 2 for p in parameters) ** 0.5)
        optimizer.step()
        path.append([p.data for p in parameters])
    return np.array(path), gradient_norms


def fit_line(X: np.ndarray, y: np.ndarray, steps: int) -> np.ndarray:
    """Gradient descent (lr 0.2) for y = w x + b from (w, b) = (-2, 3): the path of (w, b)."""
    neuron = Neuron(1, activation="linear", seed=0)
    return descend(neuron, neuron.parameters(), X, y, mse, 0.2, steps, [-2.0, 3.0])[0]


# %% tags=["active-ipynb"]
# path = fit_line(X, y, LINE[1])
# print(f"gradient descent, {LINE[1]} steps: w = {path[-1][0]:+.8f}  b = {path[-1][1]:+.8f}")
# print(f"difference from the formula: {np.abs(path[-1] - closed).max():.1e}, the same point by many small steps")

# %% [markdown]
# ## Logistic regression: the formula has nothing to solve
#
# Two overlapping clouds, labels 0 and 1, and `p = sigmoid(w . x + b)` scored by BCE. Its gradient is
#
# `(1/n) sum_i (sigmoid(w . x_i + b) - y_i) x_i = 0`
#
# with the weights inside a sigmoid inside a sum: no algebra isolates them. Borrowing linear regression's
# formula (fit the labels 0 and 1 as if they were numbers on a line) gives weights, but not the answer:
# the gradient of BCE there is far from 0.

# %%
def bce_gradient(X1: np.ndarray, y: np.ndarray, v: np.ndarray) -> np.ndarray:
    """(1/n) sum_i (sigmoid(v . x_i) - y_i) x_i, in numpy (the last column of X1 is the bias's 1)."""
    return X1.T @ (1 / (1 + np.exp(-X1 @ v)) - y) / len(y)


def _bce(X1, y, v) -> float:
    """Mean BCE at v, as softplus(z) - y z: stable for any weights."""
    z = X1 @ v
    return float(np.mean(np.logaddexp(0, z) - y * z))


# %% tags=["active-ipynb"]
# X2, labels = make_blobs(LOGISTIC[0], centers=[[-1.0, 0.0], [1.0, 0.5]], std=1.0, seed=3)
# borrowed = np.linalg.lstsq(with_ones(X2), labels, rcond=None)[0]
# borrowed_norm = float(np.linalg.norm(bce_gradient(with_ones(X2), labels, borrowed)))
# print(f"the borrowed formula: (w0, w1, b) = {np.round(borrowed, 4)}, where |gradient of BCE| = {borrowed_norm:.3f}")

# %% [markdown]
# ## Newton's method: a normal equation, solved again and again
#
# Newton's method steps to the bottom of the quadratic bowl that fits the loss where it stands:
# `v -= H^-1 g`, with g the gradient and H the matrix of second derivatives. For BCE, H is `X1^T X1`
# weighted by `p (1 - p)`: a weighted normal equation. The weights change with v, so it is solved again
# at every step, and the gradient shrinks very fast (each iteration roughly squares the error).

# %%
def newton_logistic(X1: np.ndarray, y: np.ndarray, iterations: int) -> tuple[np.ndarray, list]:
    """Newton's method for BCE: each step solves a weighted normal equation H d = gradient."""
    v, gradient_norms = np.zeros(X1.shape[1]), []
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-X1 @ v))
        gradient_norms.append(float(np.linalg.norm(bce_gradient(X1, y, v))))
        v = v - np.linalg.solve((X1 * (p * (1 - p))[:, None]).T @ X1 / len(y), bce_gradient(X1, y, v))
    return v, gradient_norms


def fit_logistic(X: np.ndarray, y: np.ndarray, steps: int) -> tuple[np.ndarray, list]:
    """Gradient descent (lr 2) on BCE for LogisticRegression(2) from zeros: the path and |gradient| per step."""
    model = LogisticRegression(2, seed=0)
    return descend(model.logit, model.parameters(), X, y, bce_with_logits, 2.0, steps, [0.0, 0.0, 0.0])


# %% tags=["active-ipynb"]
# optimum, newton_norms = newton_logistic(with_ones(X2), labels, 8)
# print("|gradient| per Newton iteration: " + "  ".join(f"{norm:.0e}" for norm in newton_norms))
# logistic_path, gd_norms = fit_logistic(X2, labels, LOGISTIC[1])
# print(f"{'Newton, 8 iterations:':<30} (w0, w1, b) = {np.round(optimum, 6)}\n"
#       f"{f'gradient descent, {LOGISTIC[1]} steps:':<30} (w0, w1, b) = {np.round(logistic_path[-1], 6)}")

# %% [markdown]
# Two searches, one bottom of the convex bowl, and no formula in sight.
#
# ## The pictures
#
# Left, the two lines of linear regression, on top of each other. Middle, the MSE bowl over (w, b) and
# gradient descent's path to the formula's point. Right, logistic regression's |gradient| per iteration:
# Newton's plunges, gradient descent's falls steadily, and at the borrowed formula's point (dashed) it is far from 0.

# %%
def plot_both(line_data, closed, path, newton_norms, gd_norms, borrowed_norm, folder) -> list:
    """The line two ways, the path in the MSE bowl, and |gradient of BCE| per iteration of both searches."""
    plt = pyplot()
    if plt is None:
        return []
    X, y = line_data
    figure, (fit_axis, bowl, search) = plt.subplots(1, 3, figsize=(15, 4.6), gridspec_kw={"wspace": 0.3})
    fit_axis.scatter(X[:, 0], y, s=18, color="#1d5fd0", label="data")
    xs = np.array([0.0, 3.0])
    fit_axis.plot(xs, closed[0] * xs + closed[1], color="black", linewidth=4, alpha=0.35, label="normal equation")
    fit_axis.plot(xs, path[-1][0] * xs + path[-1][1], "--", color="#c8322f", label="gradient descent (Values)")
    fit_axis.set(xlabel="x", ylabel="y", title="linear regression: two routes, one line")
    fit_axis.legend()
    w, b = np.meshgrid(np.linspace(-2.5, 3.0, 120), np.linspace(-3.0, 3.5, 120))
    loss = np.mean((w[..., None] * X[:, 0] + b[..., None] - y) ** 2, axis=-1)
    levels = loss.min() + (np.quantile(loss, 0.8) - loss.min()) * np.linspace(0.1, 1, 12) ** 2
    bowl.contour(w, b, loss, levels=levels, colors="grey", linewidths=0.7)
    bowl.plot(path[:, 0], path[:, 1], ".-", color="#c8322f", markersize=3, linewidth=1,
              label=f"gradient descent, {len(path) - 1} steps (lr 0.2)")
    bowl.annotate("start", path[0], xytext=(0, 8), textcoords="offset points", ha="center")
    bowl.plot(*closed, "*", color="gold", markeredgecolor="black", markersize=16, label="normal equation: one step")
    bowl.set(xlabel="slope w", ylabel="intercept b", title="the MSE bowl: the steps end at the closed form")
    bowl.legend(loc="lower left", fontsize=8)
    search.semilogy(newton_norms, "o-", color="black", label="Newton (numpy)")
    search.semilogy(gd_norms, color="#c8322f", label="gradient descent (Values)")
    search.axhline(borrowed_norm, color="#1d5fd0", linestyle="--",
                   label="linear regression's formula, borrowed")
    search.set(xlabel="iteration (Newton) or step (gradient descent)", ylabel="|gradient of BCE| (log scale)",
               title="logistic regression: no formula, only search")
    search.grid(alpha=0.3)
    search.set_ylim(1e-24, 10)  # room under the curves for the legend
    search.legend(loc="lower left", bbox_to_anchor=(0.07, 0.01), fontsize=9)
    return [save_figure(figure, folder, "closed_form.png")]


# %% tags=["active-ipynb"]
# from pathlib import Path
#
# files = plot_both((X, y), closed, path, newton_norms, gd_norms, borrowed_norm, Path("out"))

# %% [markdown]
# ## Your turn: a Newton step, for any function
#
# `newton_logistic` above knows one loss. Write the step for any function: `newton_step(f, point)` returns
# `point - H^-1 g`, with g the gradient of f at the point (from `backward()`) and H its matrix of second
# derivatives (from `autograd.hessian`); `np.linalg.solve(H, g)` gives `H^-1 g` without inverting H.
# Replace the `raise` line and run the cell: `check` grades your function right here (run it as it is
# first: it says the answer is not written yet).

# %% tags=["active-ipynb"]
# from collections.abc import Callable
#
# from autograd import Value, hessian
# from exercises import check
#
#
# def newton_step(f: Callable[..., Value], point: list[float]) -> list[float]:
#     """The point after one Newton step on f from ``point``."""
#     leaves = [Value(x) for x in point]
#     f(*leaves).backward()
#     gradient = [leaf.grad for leaf in leaves]
#     H = hessian(f)(*point)
#     raise NotImplementedError(f"your turn: return point - H⁻¹ g, with g = {gradient} and H = {H}")
#
#
# print(check(10, newton_step))

# %% [markdown]
# Once it passes, point it at the line's loss, a quadratic in (w, b), from gradient descent's start:
#
# `newton_step(lambda w, b: mse([w * x + b for x in X[:, 0].tolist()], y.tolist()), [-2.0, 3.0])`
#
# One step lands on the normal equation's `closed`, to the last digits: on a quadratic the bowl Newton
# fits *is* the loss, so the closed form is Newton's method finishing in one step. On BCE the bowl moves
# with the weights, and it takes the iterations above.

# %% tags=["active-py"]
def linear_part(n_samples: int, steps: int) -> dict:
    """Fit y = w x + b twice: the normal equation in numpy, and gradient descent on Values."""
    X, y = line_data(n_samples)
    closed = np.linalg.solve(with_ones(X).T @ with_ones(X), with_ones(X).T @ y)  # (X^T X) w = X^T y
    path = fit_line(X, y, steps)
    print(f"Linear regression on {n_samples} points, y = w x + b + noise. The gradient of the mean squared error,\n"
          "(2/n) X^T (X w - y), is linear in w: setting it to 0 is solved in one step, w = (X^T X)^-1 X^T y.")
    print(f"  normal equation (numpy, one step):    w = {closed[0]:+.8f}  b = {closed[1]:+.8f}")
    print(f"  gradient descent (Values, {steps} steps): w = {path[-1][0]:+.8f}  b = {path[-1][1]:+.8f}")
    print(f"  difference {np.abs(path[-1] - closed).max():.1e}: the same point, by one formula or by many small steps.")
    return {"linear_closed_form": closed, "linear_gd": path[-1], "linear_path": path, "linear_data": (X, y)}


def logistic_part(n_samples: int, steps: int) -> dict:
    """Logistic regression: the borrowed formula misses; Newton and gradient descent search and meet."""
    X, y = make_blobs(n_samples, centers=[[-1.0, 0.0], [1.0, 0.5]], std=1.0, seed=3)
    X1 = with_ones(X)
    print("\nLogistic regression on two overlapping clouds. The gradient of BCE is\n"
          "  (1/n) sum_i (sigmoid(w . x_i + b) - y_i) x_i = 0\n"
          "with w inside a sigmoid inside a sum: no algebra isolates w, so there is no formula.")
    borrowed = np.linalg.lstsq(X1, y, rcond=None)[0]
    borrowed_norm = float(np.linalg.norm(bce_gradient(X1, y, borrowed)))
    print(f"  Borrowing linear regression's formula gives (w0, w1, b) = {np.round(borrowed, 4)}: there "
          f"|BCE gradient| = {borrowed_norm:.3f}, not 0,\n  and BCE = {_bce(X1, y, borrowed):.4f}.")
    optimum, newton_norms = newton_logistic(X1, y, 8)
    print("  Newton's method (numpy) re-solves a normal equation weighted by p(1 - p), which moves with w:")
    print("    " + "  ".join(f"{norm:.0e}" for norm in newton_norms) + "   (|gradient| per iteration)")
    path, gd_norms = fit_logistic(X, y, steps)
    print(f"  Newton, 8 iterations:               (w0, w1, b) = {np.round(optimum, 6)}\n"
          f"  gradient descent, {steps} steps (Values): (w0, w1, b) = {np.round(path[-1], 6)}\n"
          f"  difference {np.abs(path[-1] - optimum).max():.1e}, BCE = {_bce(X1, y, optimum):.4f}: "
          "two searches, one bottom of the convex bowl.")
    return {"logistic_newton": optimum, "logistic_gd": path[-1], "borrowed": borrowed,
            "borrowed_gradient_norm": borrowed_norm, "newton_norms": newton_norms, "gd_norms": gd_norms,
            "logistic_data": (X, y)}


def main(argv: list[str] | None = None) -> dict:
    """The story above as one printed run: linear regression two ways, logistic regression's two searches."""
    from demos.common import lesson_arguments  # the script's alone: a notebook has no command line

    arguments = lesson_arguments(__doc__, argv)
    result = linear_part(*((30, 200) if arguments.fast else LINE))
    result.update(logistic_part(*((100, 200) if arguments.fast else LOGISTIC)))
    result["files"] = plot_both(result["linear_data"], result["linear_closed_form"], result["linear_path"],
                                result["newton_norms"], result["gd_norms"], result["borrowed_gradient_norm"],
                                arguments.out)
    return result


if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Fewer gradient-descent steps in `fit_line`: how close does it get to the normal equation's answer?
# - A learning rate of 0.3 in `fit_line`: the walk zigzags ever wider. Along its steepest direction this bowl
#   curves by 7.8, and gradient descent settles only for lr < 2 / 7.8 = 0.26. Newton's step needs no lr.
# - The same exercise from a terminal: `python -m exercises start 10`, then `python -m exercises check 10`.
