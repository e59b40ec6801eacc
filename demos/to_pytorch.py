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
# losses agree to about 1e-15: the same computation, done twice. A third copy in float32 shows what
# PyTorch's default precision costs. At the end, `nn.from_torch` brings the trained weights back.
#
# PyTorch is optional: without it, the lesson says how to install it.

# %%
"""Lesson: the road to PyTorch. The same MLP trained in chainrule and in PyTorch, side by side.

nn.to_torch copies a chainrule MLP into a torch.nn.Sequential (float64, the same weights); both are trained
full batch with the same gradient descent on the same moons, and their losses are printed epoch by epoch
beside a float32 copy's; nn.from_torch brings the trained weights back. Needs PyTorch (pip install torch);
without it, says how to install it. Run: python -m demos.to_pytorch
"""
from demos.common import lesson_arguments
from nn import MLP, bce_with_logits, from_torch, make_moons, to_torch
from nn.torch_bridge import torch_names
from nn.torch_rules import import_torch

LEARNING_RATE = 0.5
SIZES = [8, 8, 1]  # 2 inputs -> 8 -> 8 -> 1 logit


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


# %% [markdown]
# ## A step in chainrule: one sample at a time
#
# The loop you know: every sample goes through the network on its own, each neuron's weighted sum and
# each tanh a node of the graph (about 35 nodes per sample here), the loss averages the samples, `backward` fills every
# parameter's `grad`, and the update moves each number against its gradient.

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


# %% [markdown]
# ## Back again
#
# `from_torch(net)` reads the trained `Sequential` back into an `MLP`: `Linear` by `Linear`, with the
# activations it finds (Tanh, ReLU, Sigmoid, Identity). Its weights are the ones chainrule's own training
# reached, up to rounding.

# %%
def main(argv: list[str] | None = None) -> dict:
    arguments = lesson_arguments(__doc__, argv)
    try:
        torch = import_torch("This lesson")
    except ModuleNotFoundError as error:
        print(error)
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
    back = from_torch(net)
    drift = max(abs(a.data - b.data) for a, b in zip(back.parameters(), model.parameters()))
    print(f"from_torch(net): {back}; its weights differ from chainrule's trained ones by at most {drift:.1e}")
    return {"torch": True, "rows": rows, "model": model, "net": net, "back": back, "data": (X, y)}


# %% [markdown]
# ## Run the lesson
#
# Look for: the `Sequential` and where chainrule's names went; two loss columns equal to every printed
# digit while the loss falls; a float32 column off by about 1e-8; the weights brought back by `from_torch`.

# %%
if __name__ == "__main__":
    main()

# %% [markdown]
# ## Try it
#
# - Replace the update in `torch_step` by `torch.optim.SGD(net.parameters(), lr=LEARNING_RATE)` and its
#   `step()`: the losses stay the same.
# - Remove `with torch.no_grad():` and read PyTorch's error.
# - Time both steps with `time.perf_counter()` for 1,000 samples: the batch at once is why PyTorch exists.
