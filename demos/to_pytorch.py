# %% [markdown]
# # The road to PyTorch: one network, trained twice
#
# Everything you did with scalar `Value`s carries over to PyTorch: the same network, the same loss, the
# same chain rule, the same update. What changes is the size of the numbers a node holds: in PyTorch a
# node is a whole tensor (a matrix of weights, a batch of samples), so a training step is a few dozen
# operations instead of thousands.
#
# This lesson builds an MLP in chainrule, copies it into PyTorch with `nn.to_torch`, and trains both
# copies side by side on the same moons, full batch, with plain gradient descent. Epoch by epoch the two
# losses agree to about 1e-16: the same computation, done twice. A third copy in float32 shows what
# PyTorch's default precision costs. At the end, `nn.from_torch` brings the trained weights back.
#
# PyTorch is optional. Without it, the first cell says how to install it, the cells that need it skip
# their PyTorch part, and the chainrule side (your turn included) still runs.

# %%
"""Lesson: the road to PyTorch. The same MLP trained in chainrule and in PyTorch, side by side.

nn.to_torch copies a chainrule MLP into a torch.nn.Sequential (float64, the same weights); both are trained
full batch with the same gradient descent on the same moons, and their losses are printed epoch by epoch
beside a float32 copy's and drawn (out/to_pytorch.png); nn.from_torch brings the trained weights back. Needs
PyTorch (pip install torch); without it, says how to install it. Run: python -m demos.to_pytorch
"""
from demos.common import pyplot, save_figure
from nn import MLP, bce_with_logits, from_torch, make_moons, to_torch
from nn.torch_bridge import torch_names
from nn.torch_rules import import_torch

LEARNING_RATE = 0.5
SIZES = [8, 8, 1]  # 2 inputs -> 8 -> 8 -> 1 logit


def torch_if_installed():
    """The torch module, or None after printing how to install it."""
    try:
        return import_torch("This lesson")
    except ModuleNotFoundError as error:
        print(error)
        return None


# %% [markdown]
# ## PyTorch, the data, the model
#
# First, is PyTorch installed here? Then the data (100 points of the two moons) and a chainrule MLP with
# two hidden layers of 8 tanh neurons and one logit out.

# %% tags=["active-ipynb"]
# torch = torch_if_installed()
# print(f"PyTorch {torch.__version__} is here." if torch is not None else
#       "The cells that need PyTorch skip their PyTorch part; the chainrule ones (your turn too) run.")
#
# X, y = make_moons(100, noise=0.1, seed=0)
# model = MLP(2, SIZES, seed=0)
# print(f"{len(X)} moons; the chainrule model: {model}")

# %% [markdown]
# ## One model, two homes
#
# `to_torch(model)` writes the MLP as PyTorch would: a `torch.nn.Sequential` of `Linear` layers with a
# `Tanh` between them. A chainrule `Layer` of 8 neurons becomes one `Linear(2, 8)`: its `weight` is an
# 8 x 2 matrix whose row `j` is neuron `j`'s weights, its `bias` a vector of the 8 biases. So the
# parameter chainrule calls `layers.0.neurons.3.w.1` is entry `[3, 1]` of the tensor PyTorch calls
# `0.weight` (`torch_names(model)` lists them all). Both are stored as float64, so they hold exactly the
# same numbers.

# %%
def show_the_twin(model, net) -> None:
    print(net)
    names = torch_names(model)
    for name in ("layers.0.neurons.3.w.1", "layers.0.neurons.3.b", "layers.2.neurons.0.w.7"):
        key, index = names[name]
        print(f"chainrule {name:<24} = torch {key}[{', '.join(map(str, index))}]")


# %% tags=["active-ipynb"]
# if torch is not None:
#     net = to_torch(model)
#     show_the_twin(model, net)
#     print(f"\nthe same number: {model.layers[0].neurons[3].w[1].data!r} and {net[0].weight[3, 1].item()!r}")

# %% [markdown]
# ## A step in chainrule: one sample at a time
#
# The loop you know: every sample goes through the network on its own, each neuron's weighted sum and
# each tanh a node of the graph (about 35 nodes per sample here), the loss averages the samples, `backward`
# fills every parameter's `grad`, and the update moves each number against its gradient.

# %%
def chainrule_step(model, X, y) -> float:
    """One full-batch gradient step; returns the loss before it."""
    loss = bce_with_logits([model(row) for row in X], [float(label) for label in y])
    model.zero_grad()
    loss.backward()
    for parameter in model.parameters():
        parameter.data -= LEARNING_RATE * parameter.grad
    return loss.data


# %% [markdown]
# ## Your turn: the update
#
# The last two lines of `chainrule_step` are the update every optimizer's `step()` makes. Write it yourself:
# `sgd_step(parameters, lr)` moves every parameter (a `Value` whose `.grad` a backward filled) one step
# downhill, in place. PyTorch's version is in the next section; yours works on chainrule's Values, with or
# without PyTorch. Replace the `raise` line, run the cell, and `check` grades your function right here (run
# it as it is first: it says the answer is not written yet).

# %% tags=["active-ipynb"]
# from autograd import Value
# from exercises import check
#
#
# def sgd_step(parameters: list[Value], lr: float) -> None:
#     """Update every parameter in place: p.data becomes p.data - lr * p.grad."""
#     for parameter in parameters:
#         raise NotImplementedError(f"your turn: update {parameter.label or 'this parameter'}'s .data with lr = {lr}")
#
#
# print(check(7, sgd_step))

# %% [markdown]
# ## The same step in PyTorch: what changes when the numbers become tensors
#
# - **A batch at once.** `X` is one tensor of shape (n, 2) and `net(X)` computes all n outputs, shape
#   (n, 1), with one matrix product per layer: `X @ weight.T + bias`. No loop over samples.
# - **Autograd on tensors.** The graph records tensor operations: about ten nodes for the whole batch,
#   where chainrule records thousands of scalar ones. `loss.backward()` applies the same chain rule, each
#   local derivative now a matrix (the gradient of `X @ W.T` with respect to `W` is `grad.T @ X`).
# - **`.grad` on parameters.** Each parameter tensor gets a `.grad` of its own shape: `0.weight.grad` is
#   8 x 2, the 16 numbers chainrule keeps in 16 `Value.grad`s. They accumulate, as `Value.grad` does,
#   until `zero_grad()`.
# - **`torch.no_grad()` for the update.** The update is not part of the model: without `no_grad`,
#   PyTorch would record `parameter -= ...` in the graph (and refuses to, in place on a leaf). chainrule's
#   `parameter.data -= ...` is outside the graph for the same reason.
# - **dtype.** chainrule's numbers are Python floats, float64. PyTorch's default is float32 (about 7
#   digits instead of 16): faster, and plenty for training, but its losses differ from the float64 ones
#   from the 8th digit on. `to_torch` gives float64, `.float()` the float32 copy.

# %%
def torch_step(torch, net, X, y) -> float:
    """The same step on tensors; returns the loss before it."""
    logits = net(X).squeeze(1)  # (n, 1) -> (n,): one logit per sample
    loss = torch.nn.functional.binary_cross_entropy_with_logits(logits, y)
    net.zero_grad()
    loss.backward()
    with torch.no_grad():
        for parameter in net.parameters():
            parameter -= LEARNING_RATE * parameter.grad
    return loss.item()


# %% [markdown]
# One step each, from the same weights: the same loss before it, and the same gradient for every weight
# (here 16 digits of the one chainrule calls `layers.0.neurons.3.w.1` and PyTorch `0.weight[3, 1]`).

# %% tags=["active-ipynb"]
# loss = chainrule_step(model, X, y)
# print(f"chainrule  loss {loss:.16f}   gradient {model.layers[0].neurons[3].w[1].grad:+.16f}")
# if torch is not None:
#     X64, y64 = torch.tensor(X, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
#     loss = torch_step(torch, net, X64, y64)
#     print(f"PyTorch    loss {loss:.16f}   gradient {net[0].weight.grad[3, 1].item():+.16f}")
#     print(f"net(X) has shape {tuple(net(X64).shape)}: every sample's logit from one call")

# %% [markdown]
# ## Epoch by epoch
#
# The three copies start from the same weights and see the same data, so the same losses should come out,
# epoch after epoch: float64 to rounding (about 1e-16), float32 to its own precision (about 1e-8 here).

# %%
def train_side_by_side(torch, X, y, epochs: int) -> tuple:
    """Train the chainrule MLP and its float64 and float32 twins; returns them and the rows
    (epoch, chainrule loss, PyTorch float64 loss, PyTorch float32 loss)."""
    model = MLP(2, SIZES, seed=0)
    net, net32 = to_torch(model), to_torch(model).float()
    X64, y64 = torch.tensor(X, dtype=torch.float64), torch.tensor(y, dtype=torch.float64)
    rows = []
    for epoch in range(1, epochs + 1):
        rows.append((epoch, chainrule_step(model, X, y), torch_step(torch, net, X64, y64),
                     torch_step(torch, net32, X64.float(), y64.float())))
    return model, net, rows


def print_table(rows) -> None:
    print(f"\n{'epoch':>5} {'chainrule':>20} {'PyTorch float64':>20} {'difference':>11} {'float32 diff.':>13}")
    for epoch, ours, theirs, single in rows:
        print(f"{epoch:>5} {ours:>20.16f} {theirs:>20.16f} {theirs - ours:>11.1e} {single - ours:>13.1e}")


# %% tags=["active-ipynb"]
# if torch is not None:
#     model, net, rows = train_side_by_side(torch, X, y, epochs=25)
#     print_table(rows)

# %% [markdown]
# ## The picture
#
# Left, the three losses: one curve, since they agree far below what a line's width shows. Right, how far
# each PyTorch loss is from chainrule's, on a log scale: float64 differs by the last digit or not at all
# (drawn at the bottom, "0"), float32 by about 1e-8.

# %%
FLOOR = 1e-18  # where an exact 0 is drawn on the log scale


def draw_losses(rows, folder) -> list:
    """The losses per epoch and their differences from chainrule's, saved as folder/to_pytorch.png."""
    plt = pyplot()
    if plt is None:
        return []
    epochs, ours, theirs, single = map(list, zip(*rows))
    figure, (losses, gaps) = plt.subplots(1, 2, figsize=(11, 4), gridspec_kw={"wspace": 0.3})
    losses.plot(epochs, ours, color="#c8322f", linewidth=4, alpha=0.5, label="chainrule")
    losses.plot(epochs, theirs, color="black", linestyle="--", label="PyTorch float64")
    losses.plot(epochs, single, color="#1d5fd0", linestyle=":", label="PyTorch float32")
    losses.set(xlabel="epoch", ylabel="mean BCE loss", title="three copies, one loss curve")
    losses.legend()
    for other, color, name in ((theirs, "black", "float64"), (single, "#1d5fd0", "float32")):
        gaps.plot(epochs, [max(abs(a - b), FLOOR) for a, b in zip(other, ours)], "o-", color=color, label=name)
    gaps.set_yscale("log")
    gaps.set_ylim(FLOOR / 3, 1e-5)
    gaps.set_yticks([FLOOR, 1e-15, 1e-12, 1e-9, 1e-6], ["0", "1e-15", "1e-12", "1e-9", "1e-6"])
    gaps.set(xlabel="epoch", ylabel="|PyTorch loss - chainrule loss|", title="how far apart: rounding only")
    gaps.legend()
    return [save_figure(figure, folder, "to_pytorch.png")]


# %% tags=["active-ipynb"]
# from pathlib import Path
#
# if torch is not None:
#     pictures = draw_losses(rows, Path("out"))

# %% [markdown]
# ## Back again
#
# `from_torch(net)` reads the trained `Sequential` back into an `MLP`: `Linear` by `Linear`, with the
# activations it finds (Tanh, ReLU, Sigmoid, Identity). Its weights are the ones chainrule's own training
# reached, up to rounding.

# %%
def bring_back(net, model):
    """from_torch(net), and how far its weights are from the chainrule model's."""
    back = from_torch(net)
    drift = max(abs(a.data - b.data) for a, b in zip(back.parameters(), model.parameters()))
    print(f"from_torch(net): {back}; its weights differ from chainrule's trained ones by at most {drift:.1e}")
    return back


# %% tags=["active-ipynb"]
# if torch is not None:
#     back = bring_back(net, model)

# %% tags=["active-py"]
def main(argv: list[str] | None = None) -> dict:
    """The story above as one printed run: the twin, the table, the picture, the weights brought back."""
    from demos.common import lesson_arguments  # the script's alone: a notebook has no command line

    arguments = lesson_arguments(__doc__, argv)
    torch = torch_if_installed()
    if torch is None:
        return {"torch": False}
    n_samples, epochs = (40, 6) if arguments.fast else (100, 25)
    X, y = make_moons(n_samples, noise=0.1, seed=0)
    print(f"Two moons: {n_samples} points, full batch, gradient descent with learning rate {LEARNING_RATE}\n")
    model, net, rows = train_side_by_side(torch, X, y, epochs)
    show_the_twin(model, net)
    print_table(rows)
    largest = max(abs(theirs - ours) for _, ours, theirs, _ in rows)
    print(f"\nlargest difference between the float64 losses: {largest:.1e} (float32: "
          f"{max(abs(single - ours) for _, ours, _, single in rows):.1e})")
    back = bring_back(net, model)
    files = draw_losses(rows, arguments.out)
    return {"torch": True, "rows": rows, "model": model, "net": net, "back": back, "data": (X, y), "files": files}


if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Replace the update in `torch_step` by `torch.optim.SGD(net.parameters(), lr=LEARNING_RATE)` and its
#   `step()`: the losses stay the same.
# - Remove `with torch.no_grad():` and read PyTorch's error.
# - Time both steps with `time.perf_counter()` for 1,000 samples: the batch at once is why PyTorch exists.
# - The same exercise from a terminal: `python -m exercises start 7`, then `python -m exercises check 7`.
