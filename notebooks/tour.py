# ruff: noqa: B018  (a cell's last expression is what the notebook shows)

# %% [markdown]
# # A tour of chainrule in a notebook
#
# chainrule is a scalar automatic-differentiation engine with tiny neural networks. This tour builds
# one neuron, follows the chain rule through it step by step, checks its gradients against numerical
# ones, and then trains a small network. Everything shows itself in the notebook: the explanation,
# the gradcheck table, the graph, the model, one progress display, and the training curves.
#
# (This notebook is generated from `notebooks/tour.py`; edit that file, then run
# `python -m demos.notebooks`.)

# %%
import math

from autograd import Value, draw, explain, gradcheck, trace
from exercises import check
from nn import MLP, Adam, accuracy, bce_with_logits, fit, make_moons

# %% [markdown]
# ## A neuron, forward and backward
#
# A `Value` is one number that remembers how it was computed. `out = tanh(x*w + b)` records a small
# graph; `backward()` applies the chain rule through it, from `out` back to every input. In a notebook a
# Value shows its graph, coloured by the sign and size of each gradient (when Graphviz is installed).

# %%
x = Value(2.0, label="x")
w = Value(-3.0, label="w")
b = Value(6.88, label="b")
n = x * w + b
n.label = "n"
out = n.tanh()
out.label = "out"
out.backward()
print(f"out = {out.data:.4f};  dout/dx = {x.grad:.4f}, dout/dw = {w.grad:.4f}, dout/db = {b.grad:.4f}")
out

# %% [markdown]
# ## The chain rule, step by step
#
# `explain(out)` lists every edge of the backward pass: the gradient arriving at a node (upstream) times
# the node's local derivative is added to its input's gradient. These are the very numbers `backward()`
# computed; nothing is changed.

# %%
explain(out)

# %% [markdown]
# ## Checking the gradients
#
# `gradcheck` recomputes every gradient with central differences, `(f(x + eps) - f(x - eps)) / 2eps`,
# and compares. The report is truthy only if every input passes.

# %%
gradcheck(lambda x, w, b: (x * w + b).tanh(), [x, w, b])

# %% [markdown]
# ## Your turn: tanh's local derivative
#
# The last edge of the explanation multiplied by `d(tanh(n))/dn`. Write it for a plain number: replace the
# `raise` line below with the slope of tanh at `x`, run the cell, and `check` grades your function right here
# (run it as it is first: it says the answer is not written yet). Stuck? `python -m exercises check 1 --hint`
# in a terminal gives hints one at a time.

# %%
def tanh_derivative(x: float) -> float:
    """The slope of tanh at x: how fast tanh(x) moves when x moves."""
    raise NotImplementedError(f"your turn: return the slope of tanh at x (tanh({x}) = {math.tanh(x):.4f})")


print(check(1, tanh_derivative))

# %% [markdown]
# ## The graph as a picture
#
# `draw(out)` returns a Graphviz graph: each edge carries its local derivative and, after backward, what
# it adds to its input's gradient. Without Graphviz's `dot` program the notebook says how to install it,
# and `draw(out).source` still holds the graph in the DOT language.

# %%
draw(out)

# %% [markdown]
# ## A network learns the two moons
#
# `nn` builds models from Values. `MLP(2, [16, 16, 1])` has two inputs, two hidden layers of 16 tanh
# neurons and one output, a logit; its display lists its layers.

# %%
X, y = make_moons(200, noise=0.1, seed=0)
model = MLP(2, [16, 16, 1], seed=0)
model

# %% [markdown]
# `fit` trains it: binary cross-entropy on the logit (chosen from what the model outputs), Adam, mini-batches
# of 20. Its progress is one line, updated in place while it runs.

# %%
history = fit(model, X, y, optimizer=Adam(model.parameters(), lr=0.02), epochs=40, batch_size=20, seed=0)

# %% [markdown]
# The `History` holds the loss and accuracy of every epoch, and shows them as curves.

# %%
print(f"training accuracy: {accuracy(model, X, y):.1%}")
history

# %% [markdown]
# ## Traced: the same graph over a whole batch
#
# `fit` traced the model without being asked: `trace` records one sample's graph once and replays it with
# numpy over every sample of a batch, with the same rules and the same numbers as the Values.

# %%
step = trace(lambda sample, target: bce_with_logits(model(sample), target), X[0], y[0])
print(f"mean loss over the 200 points: {step.forward(X, y).mean():.4f}")
step

# %% [markdown]
# ## Where next
#
# Every lesson in `demos/` is a notebook in `notebooks/` too: start with `neuron`, then `backprop`.
