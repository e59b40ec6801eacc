# %% [markdown]
# # The learning rate sets the step size
#
# Gradient descent steps against the gradient: `w_new = w_old - lr * dL/dw`. The gradient says which
# way; the learning rate lr says how far. Too small and gradient descent crawls; too large and every step
# overshoots the minimum further than the last, until the numbers overflow.
#
# This lesson runs three rates on the bowl `L(w) = (w - 3)**2`, where the whole story fits in one
# formula, then trains a small network with `nn.fit`, where a huge rate makes fit raise `DivergedError`
# (caught and reported, with the weights restored). Then it is your turn to pick a rate and a stopping
# rule for a training loop of your own.

# %%
"""Lesson: the learning rate sets the step size: too small is slow, too large diverges.

Gradient descent on the bowl L(w) = (w - 3)**2 with three learning rates, then a small
network trained with nn.fit, where a huge rate overflows and fit raises DivergedError
(caught and reported). Plots the loss curves. Run: python -m demos.learning_rate
"""
from autograd import Value
from demos.common import pyplot, save_figure
from nn import MLP, SGD, DivergedError, fit, make_blobs

MINIMUM, START, STEPS = 3.0, 0.0, 30
BOWL_RATES = (0.01, 0.3, 1.1)  # each step multiplies w - 3 by 1 - 2 lr: 0.98, 0.4, -1.2
NETWORK_RATES = (0.002, 0.05, 1.0)
NAMES, COLORS = ("too small", "good", "too large"), ("#e0a030", "#2a9d4b", "#c8322f")
CEILING = 1e8  # the network plot's top: a diverging loss climbs past it (log axes cannot show 1e280)


# %% [markdown]
# ## The bowl and gradient descent on it
#
# The gradient at w is `2 (w - 3)`, so one step takes w to `w - lr * 2 (w - 3)`, and its distance to the
# minimum becomes `(1 - 2 lr)(w - 3)`. Every step multiplies the distance by the same factor `1 - 2 lr`:
# below 1 in size it shrinks, above 1 it grows. Negative, the step jumps across the minimum.

# %%
def loss_and_gradient(w: float) -> tuple[float, float]:
    """L(w) = (w - 3)**2 built from Values, and dL/dw from backward()."""
    weight = Value(w)
    loss = (weight - MINIMUM) ** 2
    loss.backward()
    return loss.data, weight.grad


def descend(lr: float) -> tuple[list[float], list[float]]:
    """STEPS updates w_new = w - lr * dL/dw from START; the weights and losses before each, and after the last."""
    weights, losses = [START], [loss_and_gradient(START)[0]]
    for _ in range(STEPS):
        weights.append(weights[-1] - lr * loss_and_gradient(weights[-1])[1])
        losses.append(loss_and_gradient(weights[-1])[0])
    return weights, losses


# %% [markdown]
# ## Reading a run
#
# Did the loss grow (diverging), reach the target (converged), or stay above it (too small)?

# %%
def verdict(lr: float, losses: list[float], good_enough: float, count: str, diverged: str = "") -> str:
    """One line: diverging (the loss grew), converged (reached good_enough) or too small (still above it)."""
    if diverged or losses[-1] > losses[0]:
        grew = diverged or ("it grew at every step" if all(b > a for a, b in zip(losses, losses[1:])) else "")
        return f"lr={lr:g}: diverging - loss grew from {losses[0]:.4g} to {losses[-1]:.4g} in {count} ({grew})"
    if losses[-1] <= good_enough:
        return f"lr={lr:g}: converged - loss {losses[0]:.4g} -> {losses[-1]:.2g} after {count}"
    return f"lr={lr:g}: too small - loss still {losses[-1]:.3g} after {count} (from {losses[0]:.4g})"


# %% [markdown]
# ## Three rates on the bowl
#
# The same start, w = 0, so the same first gradient for every rate; only the step differs. With
# lr = 0.01 the factor is 0.98 (2% closer per step), with 0.3 it is 0.4, and with 1.1 it is -1.2: each
# step lands on the other side, 20% further away.

# %%
def print_bowl() -> dict[float, tuple[list[float], list[float]]]:
    """The three BOWL_RATES from START: a verdict and the first weights of each; returns {lr: (weights, losses)}."""
    print(f"The bowl L(w) = (w - 3)**2 from w = {START:g}: the gradient there is {loss_and_gradient(START)[1]:g} "
          "for every learning rate;\nthe rate only decides how far to move (first step lr * 6: "
          + ", ".join(f"{6 * lr:g}" for lr in BOWL_RATES) + ").\n")
    bowl = {lr: descend(lr) for lr in BOWL_RATES}
    for lr, (weights, losses) in bowl.items():
        print(verdict(lr, losses, 1e-6 * losses[0], f"{STEPS} steps"))
        print(f"    w: {', '.join(f'{w:.3g}' for w in weights[:5])}, ... -> {weights[-1]:.4g}   (minimum at 3)")
    print("Each step multiplies w - 3 by 1 - 2 lr; once lr > 1 that factor is below -1, so every step jumps\n"
          "across the minimum and lands further away than it started.\n")
    return bowl


# %% tags=["active-ipynb"]
# bowl = print_bowl()

# %% [markdown]
# ## Three rates on a real network
#
# A network has thousands of weights and no formula for its best rate, but the same three behaviours
# show. An `MLP(2 -> 8 relu -> 1)` fits two blobs of points with the squared error. `fit` raises
# `DivergedError` when the numbers overflow, naming the epoch and putting the weights back where the
# loss was lowest; the lesson catches it and reports it as a verdict.

# %%
def train_network(X, y, lr: float, epochs: int) -> tuple[list[float], DivergedError | None]:
    """The mean loss of each finished epoch, and the DivergedError if fit raised one."""
    model = MLP(2, [8, 1], activation="relu", seed=0)
    try:
        return fit(model, X, y, loss="mse", optimizer=SGD(model.parameters(), lr=lr), epochs=epochs,
                   progress=False).loss, None
    except DivergedError as error:
        return error.history.loss, error


def print_network(n_samples: int, epochs: int) -> tuple[dict, dict]:
    """The NETWORK_RATES on two blobs, each with a verdict; returns ({lr: (losses, error)}, {lr: verdict})."""
    X, y = make_blobs(n_samples, centers=[[-2, 0], [2, 0]], std=1.0, seed=0)
    print(f"A real run: MLP(2 -> 8 relu -> 1) fitting {n_samples} points of two blobs with MSE, full-batch gradient "
          f"descent, {epochs} epochs:")
    network = {lr: train_network(X, y, lr, epochs) for lr in NETWORK_RATES}
    best = min(losses[-1] for losses, error in network.values() if error is None)
    verdicts = {lr: verdict(lr, losses, 2 * best, f"{len(losses)} epochs",
                            error and f"then DivergedError in epoch {error.epoch}")
                for lr, (losses, error) in network.items()}
    for lr, (_losses, error) in network.items():
        print(verdicts[lr])
        if error is not None:
            print("    reported as diverging, not crashed: " + str(error).replace("\n", "\n    "))
    print("(BCE with logistic regression would not blow up like this: its gradient (p - y) x is bounded,\n"
          "so a huge rate only overshoots. MSE on an unbounded output grows its gradient with the error.)")
    return network, verdicts


# %% tags=["active-ipynb"]
# network, verdicts = print_network(80, 40)

# %% [markdown]
# ## The pictures
#
# Left, the first steps on the bowl: creeping, converging, and zig-zagging outwards. Middle, the loss per
# step on a log scale: a falling line, a slowly falling one, a rising one. Right, the network's loss per
# epoch, the diverging run marked where it overflowed.

# %%
def plot_runs(bowl: dict, network: dict, folder) -> list:
    """The bowl's paths and losses, and the network's losses per epoch; saved as folder/learning_rate.png."""
    plt = pyplot()
    if plt is None:
        return []
    figure, (paths, curves, runs) = plt.subplots(1, 3, figsize=(16, 4.6), gridspec_kw={"wspace": 0.28})
    ws = [-4.5 + 15 * i / 200 for i in range(201)]
    paths.plot(ws, [loss_and_gradient(w)[0] for w in ws], color="gray")
    for (lr, (weights, losses)), color, name in zip(bowl.items(), COLORS, NAMES):
        paths.plot(weights[:5], losses[:5], "o-", color=color, markersize=4, label=f"lr = {lr:g} ({name})")
        curves.plot(range(len(losses)), losses, "o-", color=color, markersize=3, label=f"lr = {lr:g} ({name})")
    for (lr, (losses, error)), color, name in zip(network.items(), COLORS, NAMES):
        _draw_network_run(runs, lr, losses, error, color, name)
    lowest = min(min(losses) for losses, _ in network.values())
    paths.set(xlabel="weight w", ylabel="loss L", ylim=(-1, 45), title="the bowl: the first 4 steps from w = 0")
    curves.set(xlabel="step", ylabel="loss L (log scale)", yscale="log",
               title="L = (w - 3)^2: slow, converged, diverging")
    runs.set(xlabel="epoch", ylabel="mean MSE (log scale)", yscale="log", ylim=(0.5 * lowest, CEILING),
             title="a small network trained with nn.fit")
    for axis in (paths, curves, runs):
        axis.grid(alpha=0.3)
        axis.legend(fontsize=8)
    return [save_figure(figure, folder, "learning_rate.png")]


def _draw_network_run(runs, lr: float, losses: list[float], error, color: str, name: str) -> None:
    """One network run's loss per epoch; a diverged one marked where it overflowed."""
    note = f"DivergedError in epoch {error.epoch}" if error else f"final loss {losses[-1]:.3g}"
    runs.plot(range(1, len(losses) + 1), losses, "o-", color=color, markersize=3, label=f"lr = {lr:g} ({name}): {note}")
    if error:
        runs.plot(error.epoch, CEILING, "X", color=color, markersize=12, clip_on=False)
        runs.annotate(f"epoch {error.epoch}: overflow\n(epoch {len(losses)}: {losses[-1]:.1e})",
                      (error.epoch, CEILING), textcoords="offset points", xytext=(10, -40), color=color, fontsize=8)


# %% tags=["active-ipynb"]
# from pathlib import Path
#
# files = plot_runs(bowl, network, Path("out"))

# %% [markdown]
# ## Your turn: a rate and a stopping rule
#
# Logistic regression trained with BCE has a bowl for a loss, like `(w - 3)**2` but with three weights:
# one bottom, which gradient descent can reach. Write `train_logistic_regression(X, y)`, the whole
# loop: predict, measure the loss, `backward()`, update, repeat. The starter below takes 10 steps with
# lr = 1.0, and that leaves it halfway down: choose a rate that gets there in reasonable time, and
# decide when to stop (what is the gradient at the bottom of a bowl?). `check` finds the best weights
# by Newton's method and accepts yours within 0.001 of them. Complete the loop and run the cell: `check`
# grades your function right here (run it as it is first: it says the answer is not written yet).

# %% tags=["active-ipynb"]
# from exercises import check
# from nn import LogisticRegression, bce
# from nn.shapes import Array  # the numpy array type nn uses for X and y
#
#
# def train_logistic_regression(X: Array, y: Array) -> LogisticRegression:
#     """A LogisticRegression(2) trained by full-batch gradient descent on BCE until it reaches the optimum."""
#     model = LogisticRegression(2, seed=0)
#     optimizer = SGD(model.parameters(), lr=1.0)
#     for _step in range(10):  # repeat: are 10 steps enough? When do you stop?
#         probs = [model(x) for x in X]  # predict
#         loss = bce(probs, y)  # the loss
#         raise NotImplementedError(f"your turn: the gradient, then the update with {type(optimizer).__name__} "
#                                   f"(the loss is {loss.data:.4f} now)")
#     return model
#
#
# print(check(9, train_logistic_regression))

# %% tags=["active-py"]
def main(argv: list[str] | None = None) -> dict:
    """The story above as one printed run: three rates on the bowl, three on a network, the pictures."""
    from demos.common import lesson_arguments  # the script's alone: a notebook has no command line

    arguments = lesson_arguments(__doc__, argv)
    bowl = print_bowl()
    network, verdicts = print_network(*((40, 20) if arguments.fast else (80, 40)))
    files = plot_runs(bowl, network, arguments.out)
    return {"bowl": bowl, "network": network, "verdicts": verdicts, "files": files}


if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - On the bowl, the boundary is lr = 1 (`|1 - 2 lr| = 1`): try 0.99 and 1.01.
# - The Newton lesson (`demos/newton.py`) finds that bound, 2/L, for a real loss from its Hessian.
# - The same exercise from a terminal: `python -m exercises start 9`, then `python -m exercises check 9`.
