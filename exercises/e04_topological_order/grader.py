"""Grades exercise 4: the learner's order must hold every node of the graph once, each after its parents;
on reused nodes, diamonds, random graphs and a chain 5,000 deep (where recursion fails). A wrong order is named
by the first thing wrong in it and the slip it matches; --reveal (or the last hint) adds the method."""
from collections.abc import Callable, Sequence

from autograd import Value, topological_order

from ..catalog import heading_of
from ..grading import AnswerError, Grader, Verdict, call
from ..graphs import EDGE_RECIPES, Recipe, recipes

DEPTH = 5000
CHAIN = Recipe((0.001,), tuple(("+", k, 0) for k in range(DEPTH)))  # n1 = a + a; n2 = n1 + a; ...; L = n4999 + a
CHAIN_TEXT = f"a chain {DEPTH:,} deep (a = 0.001; n1 = a + a; n2 = n1 + a; ...; L = n{DEPTH - 1} + a)"



def postorder(root: Value, visited: bool = True, pre: bool = False) -> list[Value]:
    """Depth-first with a stack: each node listed after its parents (``pre``: when first reached, before them);
    ``visited`` False forgets which nodes were listed, so a node reached twice is listed twice."""
    order: list[Value] = []
    seen: set[Value] = set()
    stack = [(root, False)]
    while stack:
        node, done = stack.pop()
        if done:
            order.append(node)
        elif not visited or node not in seen:
            seen.add(node)
            order += [node] if pre else []
            stack += [] if pre else [(node, True)]
            stack.extend((parent, False) for parent in node.parents)
    return order


# The common slips, each as the order a learner making it returns, with what the verdict adds about it (what was
# written, not the method). tests/exercises/test_exercise_feedback.py checks each is refused on every slip graph.
SLIP_ORDERS: dict[str, Callable[[Value], list[Value]]] = {
    "Your order is a topological order reversed: root first. Backward walks your list from its end, so root "
    "comes last.": lambda root: postorder(root)[::-1],
    "Your order lists each node when it is first reached, before its parents are listed.":
        lambda root: postorder(root, pre=True),
    "Your walk does not remember the nodes it has listed.": lambda root: postorder(root, visited=False),
    "Your order holds only the nodes made by an operation: the leaves are left out.":
        lambda root: [node for node in postorder(root) if node.parents],
}
METHOD = ("  a depth-first walk with your own stack: push (root, False); pop (node, done): if done, append node; "
          "else, unless visited, mark it visited, push (node, True), then (parent, False) for each parent.")
# First, graphs on which every slip's order is refused (each reuses a node and has more than one); then one leaf
# alone and the chain 5,000 deep, where recursion fails.
SLIP_POINTS = [(recipe,) for recipe in EDGE_RECIPES]
EDGES = [*SLIP_POINTS, (Recipe((2.0,), ()),), (CHAIN,)]
REASONS: dict[type[Exception], str] = {
    RecursionError: "Python allows about 1,000 nested calls, so a recursive walk stops there. Walk the graph with "
                    "your own stack (a list you push to and pop from)."}


class Stranger:
    """An item of the learner's order that is not a node of the graph, shown as the learner's process saw it."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __repr__(self) -> str:
        return self.text


def where_is(recipe: Recipe) -> str:
    return CHAIN_TEXT if recipe.steps == CHAIN.steps else f"the graph ({recipe.describe()})"


def ask(answer: Callable[..., object], recipe: Recipe) -> list[int | str]:
    """The learner's side: their order as positions in the graph's nodes (topological_order's numbering,
    the same in both processes), or the repr of an item that is not a node."""
    nodes = recipe.build()
    order = call(answer, f"topological_sort(L) on {where_is(recipe)}", nodes[-1], reasons=REASONS)
    if not isinstance(order, (list, tuple)):
        raise AnswerError(f"topological_sort returned {type(order).__name__} {order!r}; return a list of Values.")
    return numbered(order, nodes[-1])


def numbered(order: Sequence[object], root: Value) -> list[int | str]:
    """Each item's position in topological_order(root) (the same in both processes), or its repr if not a node."""
    numbers = {id(node): index for index, node in enumerate(topological_order(root))}
    return [numbers.get(id(item), repr(item)) for item in order]


def slip_order(make: Callable[[Value], list[Value]]) -> Callable[[Recipe], list[int | str]]:
    """A slip as the learner's side would answer it on a recipe's graph."""
    return lambda recipe: numbered(make(root := recipe.build()[-1]), root)


SLIPS = {note: slip_order(make) for note, make in SLIP_ORDERS.items()}


def grade(learner: Callable[..., object]) -> Verdict:
    """``learner(recipe)`` gives the learner's order on the recipe's graph (from ask)."""
    grader = Grader(unit="graphs", exact="each order lists every node once, after its parents")

    def examine(recipe: Recipe) -> None:
        root = recipe.build()[-1]
        where = where_is(recipe)
        grader.points.add(where)
        members = topological_order(root)
        answered = learner(recipe)
        assert isinstance(answered, list), answered  # ask made it
        try:
            check_order([members[item] if isinstance(item, int) else Stranger(str(item)) for item in answered], root,
                        where)
        except AnswerError as wrong:
            note = next((note for note, slip in SLIPS.items() if slip(recipe) == answered), "")
            raise AnswerError(str(wrong) + (f"\n  {note}" if note else ""), METHOD) from None

    return grader.run(heading_of(__name__), examine, EDGES, recipes(max_steps=10).map(lambda recipe: (recipe,)),
                      max_examples=120)


def check_order(order: object, root: Value, where: str) -> None:
    """Raise AnswerError at the first thing wrong with ``order``: its type, a stranger, a repeat, a gap,
    or a node before its parent."""
    if not isinstance(order, (list, tuple)):
        raise AnswerError(f"topological_sort returned {type(order).__name__} {order!r}; return a list of Values.")
    position = positions(order, root, where)
    for index, node in enumerate(order):
        late = [parent for parent in node.parents if position[id(parent)] > index]
        if late:
            raise AnswerError(f"on {where}, your order lists {name(node)} at item {index}, before its parent "
                              f"{name(late[0])} (item {position[id(late[0])]}). Each node must come after the nodes "
                              "it is made from, so that backward, walking the list from the end, finishes a "
                              "node's gradient before passing it on.")


def positions(order: Sequence[object], root: Value, where: str) -> dict[int, int]:
    """id(node) -> its index in ``order``, once every node of the graph is found there exactly once."""
    members = {id(node): node for node in topological_order(root)}
    position: dict[int, int] = {}
    for index, item in enumerate(order):
        node = members.get(id(item))
        if node is None:
            raise AnswerError(f"on {where}, item {index} of your order is {item!r}, which is not a node of the "
                              "graph: list the Value objects reached from root through .parents.")
        if id(node) in position:
            raise AnswerError(f"on {where}, your order lists {name(node)} twice (items {position[id(node)]} and "
                              f"{index}). A node reached by two paths is still one node: remember the visited ones.")
        position[id(node)] = index
    missing = [node for node in members.values() if id(node) not in position]
    if missing:
        raise AnswerError(f"on {where}, your order leaves out {name(missing[0])} ({len(missing)} of {len(members)} "
                          "nodes missing). Every node root depends on belongs in it: leaves, constants and root.")
    return position


def name(node: Value) -> str:
    if node.label:
        return node.label
    return f"the constant {node.data:g}" if not node.requires_grad else f"an unlabelled {node.op or 'leaf'} node"
