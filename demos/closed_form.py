# %% [markdown]
# # Closed form against iterative search
#
# Linear regression with mean squared error has a formula for its best weights, the normal equation:
# one step of linear algebra. Logistic regression has none: setting its gradient to zero leaves the
# weights inside a sigmoid, so they must be searched for, by gradient descent or Newton's method.

# %%
"""Lesson: linear regression has a closed-form solution; logistic regression does not.

Linear regression: the normal equation (numpy) jumps to the best weights in one step, and
gradient descent on Values (mse) walks to the same point. Logistic regression: setting the
gradient to zero leaves w inside a sigmoid, so there is no formula to rearrange; Newton's
method and gradient descent both search iteratively and meet. Run: python -m demos.closed_form
"""
import numpy as np

from demos.common import lesson_arguments, pyplot, save_figure
from nn import SGD, LogisticRegression, Neuron, bce_with_logits, make_blobs, mse

# %% [markdown]
# ## Gradient descent on Values, for any model and loss

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


# %% [markdown]
# ## Newton's method for logistic regression
#
# Each step solves a weighted normal equation, `H d = gradient`.

# %%
def bce_gradient(X1: np.ndarray, y: np.ndarray, v: np.ndarray) -> np.ndarray:
    """(1/n) sum_i (sigmoid(v . x_i) - y_i) x_i, in numpy (the last column of X1 is the bias's 1)."""
    return X1.T @ (1 / (1 + np.exp(-X1 @ v)) - y) / len(y)


def newton_logistic(X1: np.ndarray, y: np.ndarray, iterations: int) -> tuple[np.ndarray, list]:
    """Newton's method for BCE: each step solves a weighted normal equation H d = gradient."""
    v, gradient_norms = np.zeros(X1.shape[1]), []
    for _ in range(iterations):
        p = 1 / (1 + np.exp(-X1 @ v))
        gradient_norms.append(float(np.linalg.norm(bce_gradient(X1, y, v))))
        v = v - np.linalg.solve((X1 * (p * (1 - p))[:, None]).T @ X1 / len(y), bce_gradient(X1, y, v))
    return v, gradient_norms


# %% [markdown]
# ## Linear regression: the formula and the search agree

# %%
def linear_part(n_samples: int, steps: int) -> dict:
    """Fit y = w x + b twice: the normal equation in numpy, and gradient descent on Values."""
    rng = np.random.default_rng(0)
    x = rng.uniform(0, 3, n_samples)
    X, y = x[:, None], 1.5 * x - 1.0 + rng.normal(0, 0.4, n_samples)
    X1 = np.column_stack([X, np.ones(n_samples)])                 # a column of ones carries the bias b
    closed = np.linalg.solve(X1.T @ X1, X1.T @ y)                 # the normal equation: (X^T X) w = X^T y
    neuron = Neuron(1, activation="linear", seed=0)
    path, _ = descend(neuron, neuron.parameters(), X, y, mse, 0.2, steps, [-2.0, 3.0])
    print(f"Linear regression on {n_samples} points, y = w x + b + noise. The gradient of the mean squared error,\n"
          "(2/n) X^T (X w - y), is linear in w: setting it to 0 is solved in one step, w = (X^T X)^-1 X^T y.")
    print(f"  normal equation (numpy, one step):    w = {closed[0]:+.8f}  b = {closed[1]:+.8f}")
    print(f"  gradient descent (Values, {steps} steps): w = {path[-1][0]:+.8f}  b = {path[-1][1]:+.8f}")
    print(f"  difference {np.abs(path[-1] - closed).max():.1e}: the same point, by one formula or by many small steps.")
    return {"linear_closed_form": closed, "linear_gd": path[-1], "linear_path": path, "linear_data": (X, y)}


# %% [markdown]
# ## Logistic regression: no formula, two searches that meet

# %%
def logistic_part(n_samples: int, steps: int) -> dict:
    """Logistic regression: the borrowed formula misses; Newton and gradient descent search and meet."""
    X, y = make_blobs(n_samples, centers=[[-1.0, 0.0], [1.0, 0.5]], std=1.0, seed=3)
    X1 = np.column_stack([X, np.ones(len(X))])
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
    model = LogisticRegression(2, seed=0)
    path, gd_norms = descend(model.logit, model.parameters(), X, y, bce_with_logits, 2.0, steps, [0.0, 0.0, 0.0])
    print(f"  Newton, 8 iterations:               (w0, w1, b) = {np.round(optimum, 6)}\n"
          f"  gradient descent, {steps} steps (Values): (w0, w1, b) = {np.round(path[-1], 6)}\n"
          f"  difference {np.abs(path[-1] - optimum).max():.1e}, BCE = {_bce(X1, y, optimum):.4f}: "
          "two searches, one bottom of the convex bowl.")
    return {"logistic_newton": optimum, "logistic_gd": path[-1], "borrowed": borrowed,
            "borrowed_gradient_norm": borrowed_norm, "newton_norms": newton_norms, "gd_norms": gd_norms,
            "logistic_data": (X, y)}


def main(argv: list[str] | None = None) -> dict:
    arguments = lesson_arguments(__doc__, argv)
    result = linear_part(*((30, 200) if arguments.fast else (60, 300)))
    result.update(logistic_part(*((100, 200) if arguments.fast else (200, 300))))
    result["files"] = _plot(result, arguments.out)
    return result


# %% [markdown]
# ## The pictures

# %%
def _plot(result: dict, folder) -> list:
    plt = pyplot()
    if plt is None:
        return []
    (X, y), closed, path = result["linear_data"], result["linear_closed_form"], result["linear_path"]
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
    search.semilogy(result["newton_norms"], "o-", color="black", label="Newton (numpy)")
    search.semilogy(result["gd_norms"], color="#c8322f", label="gradient descent (Values)")
    search.axhline(result["borrowed_gradient_norm"], color="#1d5fd0", linestyle="--",
                   label="linear regression's formula, borrowed")
    search.set(xlabel="iteration (Newton) or step (gradient descent)", ylabel="|gradient of BCE| (log scale)",
               title="logistic regression: no formula, only search")
    search.grid(alpha=0.3)
    search.set_ylim(1e-24, 10)  # room under the curves for the legend
    search.legend(loc="lower left", bbox_to_anchor=(0.07, 0.01), fontsize=9)
    return [save_figure(figure, folder, "closed_form.png")]


def _bce(X1, y, v) -> float:
    z = X1 @ v
    return float(np.mean(np.logaddexp(0, z) - y * z))


# %% [markdown]
# ## Run the lesson
#
# Look for: the normal equation and gradient descent giving the same line; the borrowed linear formula
# missing for logistic regression; Newton and gradient descent meeting there.

# %%
if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Fewer gradient-descent steps: how close does it get to the normal equation's answer?
