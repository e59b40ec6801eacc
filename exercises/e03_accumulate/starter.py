"""Exercise 3: += not = for a reused node.
Check it:  python -m exercises check 3      Stuck?  python -m exercises check 3 --hint
"""
# Below is a whole backward pass but for one line. Every edge hands its parent a contribution,
# upstream × local = node.grad * local. Write that line. It is graded on graphs where a node is used
# more than once (b = a + a; c = b + b, a * a, diamonds), where d c/d a = 4, not 2 or 1.
# The engine's own backward is not used here: this loop sets every .grad itself.

from autograd import Value, topological_order
from exercises.toolkit import local_grads


def backward(root: Value) -> None:
    """Set node.grad = d root / d node for every node root depends on."""
    order = topological_order(root)  # every node after the nodes it is made from
    for node in order:
        node.grad = 0.0  # start from nothing
    root.grad = 1.0  # d root / d root
    for node in reversed(order):  # a node is reached only after everything that uses it: its grad is complete
        for parent, local in zip(node.parents, local_grads(node)):  # local = d node / d parent
            if local is None:  # a constant (a plain number in the expression) gets no gradient
                continue
            raise NotImplementedError(f"hand this edge's contribution, node.grad * local, to {parent.label}.grad")
