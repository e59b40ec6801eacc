"""The hint ladder of exercise 4."""
HINTS = (
    "A node may be appended only once all of its parents are in the list. Keep a set of the nodes already "
    "visited (Values hash by identity), so a node reached twice, as in a diamond, is listed once.",
    "The recursive version reads: visit(node) = for each parent not yet visited: visit(parent); then append node. "
    "It works, but 5,000 nested calls exceed Python's recursion limit. Keep your own stack (a list) instead.",
    "Push (node, False) for 'first time here' and (node, True) for 'its parents are done'. Pop: if True, append "
    "the node; else, unless visited, mark it, push (node, True), then push (parent, False) for each parent.",
    "stack = [(root, False)]; while stack: node, done = stack.pop(); if done: order.append(node) elif node not in "
    "visited: visited.add(node); stack.append((node, True)); stack.extend((p, False) for p in node.parents)",
)
