"""Reference solution of exercise 4: a depth-first walk with an explicit stack, so any depth works."""
from autograd import Value


def topological_sort(root: Value) -> list[Value]:
    order: list[Value] = []
    visited: set[Value] = set()
    stack = [(root, False)]  # (node, whether its parents are already listed)
    while stack:
        node, parents_listed = stack.pop()
        if parents_listed:
            order.append(node)
        elif node not in visited:
            visited.add(node)
            stack.append((node, True))
            stack.extend((parent, False) for parent in node.parents if parent not in visited)
    return order
