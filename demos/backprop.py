# %% [markdown]
# # Backpropagation: which weights caused the error?
#
# How a network learns, in one pass: **forward** (predict), **loss** (how wrong),
# **backward** (which weights caused it, by the chain rule), **update** (nudge them), **repeat**.
#
# First the chain rule is seen on the lesson neuron as a product of local derivatives along a path.
# Then a sigmoid neuron predicts p = 0.72 where the truth is 1; its loss is -ln 0.72 = 0.33.
# Backpropagation spreads that error back to every weight, and one step of gradient descent lowers it.
# Then it is your turn: the gradient at z, by hand.

# %%
"""Lesson: backpropagation, how a network learns: forward, loss, backward, update, repeat.

On the lesson neuron the chain rule is a product of local derivatives along a path.
Then a sigmoid neuron predicts p = 0.72 where the truth is 1 (BCE loss 0.33): its graph
is drawn (out/backprop.svg, .png), every chain-rule step is printed and checked against
numerical gradients, a step-through page is written (out/backprop.html), and one
gradient-descent step lowers the loss. Run: python -m demos.backprop
"""
import math

from autograd import Value, explain, explore, gradcheck, render
from demos.common import show_picture
from demos.neuron import INPUTS, neuron
from nn import bce

TRUTH = 1.0
PREDICTION = 0.72  # the example: the network says 0.72, the answer is 1
EXAMPLE = {"x1": 2.0, "x2": -1.0, "w1": 0.5, "w2": 0.3}  # b is chosen so that p = PREDICTION
LEARNING_RATE = 0.5


# %% [markdown]
# ## The model and its loss
#
# `predict` is logistic regression's neuron, `p = sigmoid(w1*x1 + w2*x2 + b)`. With the truth y = 1,
# binary cross-entropy `-[y ln p + (1 - y) ln(1 - p)]` is just `-ln p`.

# %%
def predict(x1: Value, x2: Value, w1: Value, w2: Value, b: Value) -> Value:
    """p = sigmoid(w1*x1 + w2*x2 + b): logistic regression's neuron, every step labelled."""
    x1w1, x2w2 = x1 * w1, x2 * w2
    x1w1.label, x2w2.label = "x1*w1", "x2*w2"
    weighted = x1w1 + x2w2
    weighted.label = "x1*w1 + x2*w2"
    z = weighted + b
    z.label = "z"
    p = z.sigmoid()
    p.label = "p"
    return p


def bce_for_truth_1(p: Value) -> Value:
    """Binary cross-entropy when the truth is y = 1: L = -[y ln p + (1-y) ln(1-p)] = -ln p."""
    log_p = p.log()
    log_p.label = "ln p"
    loss = -log_p
    loss.label = "L"
    return loss


def loss_of(x1: Value, x2: Value, w1: Value, w2: Value, b: Value) -> Value:
    """The whole forward pass, prediction then loss (gradcheck calls it on fresh Values)."""
    return bce_for_truth_1(predict(x1, x2, w1, w2, b))


# %% [markdown]
# ## The chain rule along a path
#
# The derivative of the output with respect to a weight is the product of the local derivatives on
# the path between them: `d out/d w1 = d out/d n * d n/d(...) * ... * d(x1*w1)/d w1`.

# %%
def chain_along_a_path() -> float:
    """The lesson neuron: d out/d w1 as the product of the local derivatives on its path."""
    leaves = {name: Value(number, label=name) for name, number in INPUTS.items()}
    out = neuron(**leaves)
    out.backward()
    tanh_local, x1 = 1 - out.data ** 2, leaves["x1"].data  # tanh' = 1 - tanh**2; d(x1*w1)/dw1 = x1
    product = tanh_local * 1.0 * 1.0 * x1
    print("The chain rule on the lesson neuron, out = tanh(n), n = x1*w1 + x2*w2 + b:")
    print("  d out/d w1 = d out/dn * dn/d(x1*w1 + x2*w2) * d(x1*w1 + x2*w2)/d(x1*w1) * d(x1*w1)/d w1")
    print(f"             = {tanh_local:.4f} * 1 * 1 * {x1:g} = {product:.4f}   "
          f"(backward() gives {leaves['w1'].grad:.4f}): one local derivative per edge, multiplied\n")
    return product


def example_leaves() -> dict[str, Value]:
    """The inputs and weights of EXAMPLE, and the bias b that makes p = sigmoid(z) = PREDICTION."""
    leaves = {name: Value(number, label=name) for name, number in EXAMPLE.items()}
    weighted = EXAMPLE["w1"] * EXAMPLE["x1"] + EXAMPLE["w2"] * EXAMPLE["x2"]
    leaves["b"] = Value(math.log(PREDICTION / (1 - PREDICTION)) - weighted, label="b")  # sigmoid(z) = 0.72
    return leaves


# %% [markdown]
# ## The steps' helpers
#
# `descend` makes one gradient-descent step and runs the forward pass again; `write_pictures` draws the
# graph with Graphviz (`render`) and writes the step-through page with `explore`.

# %%
def descend(leaves: dict, grads: dict, loss: float, p: float) -> float:
    """One gradient-descent step on the weights, then the forward pass again: the new loss."""
    print(f"\n4. Optimization: w_new = w_old - lr * dL/dw with lr = {LEARNING_RATE:g} (x1, x2 are data: they stay).\n"
          "   The gradient's sign gives the direction, its size (times lr) the step:")
    for name, grad in grads.items():
        old = leaves[name].data
        leaves[name].data = old - LEARNING_RATE * grad
        why = "positive: lowering it lowers L, so it decreases" if grad > 0 else \
            "negative: raising it lowers L, so it increases"
        print(f"   {name:>2}: grad {grad:+.4f} ({why}): {old:.4f} -> {leaves[name].data:.4f}")
    new_p = predict(**leaves)
    new_loss = bce_for_truth_1(new_p)
    print(f"5. Repeat: the next forward pass predicts p = {new_p.data:.4f} (was {p:.4f}); "
          f"the loss falls from {loss:.4f} to {new_loss.data:.4f}.")
    return new_loss.data


def write_pictures(loss: Value, folder) -> list:
    """The graph as a picture (or .dot when Graphviz is missing) and the step-through page."""
    print()
    files = [render(loss, folder / "backprop.svg")]
    if files[0].suffix == ".svg":  # Graphviz is there: a PNG too, and the picture in a notebook
        files.append(render(loss, folder / "backprop.png"))
        show_picture(files[0])
    files.append(explore(loss, folder / "backprop.html", title="Backpropagation: L = -ln sigmoid(w1*x1 + w2*x2 + b)"))
    print(f"The graph, with each edge's local derivative: {', '.join(str(f) for f in files[:-1])}")
    print(f"Open {files[-1]} in a browser and press Next to walk the chain rule one edge at a time.")
    return files


# %% tags=["active-ipynb"]
# chain_along_a_path()

# %% [markdown]
# ## 1-2. Forward, then the loss
#
# The sigmoid neuron with weights `w1 = 0.5, w2 = 0.3` and a bias chosen so that it predicts
# `p = 0.72` for the input `(2, -1)`. The truth is 1, so the loss is `-ln 0.72`: not perfect.

# %% tags=["active-ipynb"]
# leaves = example_leaves()
# p = predict(**leaves)
# loss = bce_for_truth_1(p)
# print(f"p = {p.data:.4f}, L = -ln p = {loss.data:.4f} (nn.bce gives {bce([p], [TRUTH]).data:.4f})")

# %% [markdown]
# ## 3. Backward: which weights caused the error?
#
# `loss.backward()` runs the chain rule from L down to every leaf. `explain` shows each step: the
# gradient arriving at a node, times the local derivative of the edge, added into the parent. Look at
# z: the steps through `ln` and `sigmoid` add up to `dL/dz = p - y = -0.28`.

# %% tags=["active-ipynb"]
# loss.backward()
# explain(loss)

# %% [markdown]
# Checked against central differences, every weight's gradient:

# %% tags=["active-ipynb"]
# gradcheck(loss_of, list(leaves.values()))

# %% [markdown]
# The graph, each edge with its local derivative (and `out/backprop.html`, a page to step through the
# backward pass one edge at a time in a browser):

# %% tags=["active-ipynb"]
# from pathlib import Path
#
# files = write_pictures(loss, Path("out"))

# %% [markdown]
# ## 4-5. Update, and repeat
#
# Gradient descent moves every weight against its gradient: `w_new = w_old - lr * dL/dw`. The inputs
# x1 and x2 are data: they stay. The next forward pass predicts closer to 1, and the loss falls.

# %% tags=["active-ipynb"]
# new_loss = descend(leaves, {name: leaves[name].grad for name in ("w1", "w2", "b")}, loss.data, p.data)

# %% [markdown]
# ## Your turn: the gradient at z
#
# Above, backward found `dL/dz = -0.28` at z by multiplying the local derivatives of `ln` and `sigmoid`.
# Write `bce_gradient(z, y)`: `dL/dz` for `L = -[y ln p + (1 - y) ln(1 - p)]` with `p = sigmoid(z)`, as a
# plain number, for any label y (0 or 1); `math` is imported above. Chain `dL/dp` with `dp/dz` on
# paper first: most of it cancels. Replace the `raise` line and run the cell: `check` grades your
# function right here.

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
    """The story above as one printed run: (1) forward, (2) the loss, (3) backward, explained and checked,
    (4) an update and (5) a second forward pass."""
    from demos.common import lesson_arguments  # the script's alone: a notebook has no command line

    arguments = lesson_arguments(__doc__, argv)  # nothing here is slow: --fast is the same run
    path_product = chain_along_a_path()
    leaves = example_leaves()
    p = predict(**leaves)
    loss = bce_for_truth_1(p)
    print(f"1. Forward pass: z = w1*x1 + w2*x2 + b = {EXAMPLE['w1']:g}*{EXAMPLE['x1']:g} + {EXAMPLE['w2']:g}*"
          f"({EXAMPLE['x2']:g}) + {leaves['b'].data:.4f} = {p.parents[0].data:.4f}; p = sigmoid(z) = {p.data:.4f}")
    print(f"2. Loss: the truth is y = {TRUTH:g}, so L = -ln p = {loss.data:.4f} "
          f"(nn.bce gives {bce([p], [TRUTH]).data:.4f}): not perfect.")
    loss.backward()
    print("3. Backpropagation asks which weights caused this error. The chain rule, edge by edge:\n")
    print(explain(loss))
    print(f"\n   At z the steps add up to p - y = {p.data:.2f} - {TRUTH:g} = {p.data - TRUTH:.2f}. "
          "Checked against central differences:\n")
    report = gradcheck(loss_of, list(leaves.values()))
    print(report)
    files = write_pictures(loss, arguments.out)
    grads = {name: leaves[name].grad for name in ("w1", "w2", "b")}
    new_loss = descend(leaves, grads, loss.data, p.data)
    return {"loss": loss, "p": p, "leaves": leaves, "gradcheck": report, "grads": grads,
            "new_loss": new_loss, "path_product": path_product, "files": files}


if __name__ == "__main__":
    main()


# %% [markdown]
# ## Try it
#
# - Set `TRUTH = 0.0` (and adapt `bce_for_truth_1` to `-ln(1 - p)`): which way do the weights move now?
# - Raise `LEARNING_RATE` to 5: does the single step still lower the loss?
# - Open `out/backprop.html` in a browser and press Next to walk the backward pass.
