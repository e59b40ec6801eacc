"""Exercise 4: a topological order.
Check it:  python -m exercises check 4      Stuck?  python -m exercises check 4 --hint
"""
# Backward may pass a node's gradient on only once it is complete, that is, after every node that
# uses it has passed its share in. Walking a list in which each node comes after the nodes it is made
# from (its .parents), from the end, guarantees exactly that. Write that list:
#   - every node that root depends on (leaves, constants and root itself), each exactly once;
#   - each node after all of its parents (so root comes last).
# It is checked on graphs that reuse nodes, on diamonds, and on a chain 5,000 nodes deep, where a
# recursive walk hits Python's recursion limit (about 1,000 nested calls).

from autograd import Value


def topological_sort(root: Value) -> list[Value]:
    """Every Value root depends on, root included, each listed after all of its .parents."""
    raise NotImplementedError("list every node reached from root through .parents, each after its parents")
