"""Grades exercise 3: the learner's backward on graphs that reuse nodes, every node's gradient against the
engine's (and the leaves' against central differences), the first wrong one in explain's terms: where it sits,
its numbers and the slip the whole answer matches; --reveal adds the local formulas and the missing line."""
from collections.abc import Callable
from functools import partial

from autograd import Value, numerical_grad, topological_order

from ..answers import as_number, as_numbers
from ..catalog import heading_of
from ..chain import completion_order, formulas, gradients, place, why
from ..grading import DERIVATIVE, Grader, Verdict, call, slip_of
from ..graphs import EDGE_RECIPES, Recipe, recipes
from ..toolkit import local_grads

Accumulate = Callable[[Value, Value, float], None]  # the loop's one line: (parent, node, local) -> None


def loop_with(accumulate: Accumulate) -> Callable[[Recipe], list[float]]:
    """The starter's loop with its one line written by ``accumulate``: every node's grad on the recipe's graph."""
    def grads(recipe: Recipe) -> list[float]:
        nodes = recipe.build()
        order = topological_order(nodes[-1])
        for node in order:
            node.grad = 0.0
        nodes[-1].grad = 1.0
        for node in reversed(order):
            for parent, local in zip(node.parents, local_grads(node)):
                if local is not None:
                    accumulate(parent, node, local)
        return [node.grad for node in nodes]

    return grads


def assign(parent: Value, node: Value, local: float) -> None:
    parent.grad = node.grad * local


def local_alone(parent: Value, node: Value, local: float) -> None:
    parent.grad += local


def upstream_alone(parent: Value, node: Value, local: float) -> None:
    parent.grad += node.grad


# The common slips in the one line, each as the grads the loop leaves, with what the verdict says of it (what was
# written, not the line). tests/exercises/test_exercise_feedback.py checks each is told apart on every slip graph.
SLIPS: dict[str, Callable[[Recipe], list[float]]] = {
    "Your grads match a loop that assigns each contribution (=): a node used twice keeps only the last one.":
        loop_with(assign),
    "Your grads match a loop that adds the local derivative alone: the gradient arriving from above is left out.":
        loop_with(local_alone),
    "Your grads match a loop that adds node.grad alone: the local derivative is left out.": loop_with(upstream_alone),
}
# First, graphs on which every slip leaves some grad wrong (not a + a alone, where every local derivative is 1,
# nor a * a alone, where the only upstream is 1); then the rest.
SLIP_POINTS = [(EDGE_RECIPES[2],), (EDGE_RECIPES[3],), (EDGE_RECIPES[4],)]
EDGES = [*SLIP_POINTS, (EDGE_RECIPES[0],), (EDGE_RECIPES[1],)]
LINE = "  the missing line: parent.grad += node.grad * local (contributions add up: a reused node gets one per use)."


def ask(answer: Callable[..., object], recipe: Recipe) -> list[float]:
    """The learner's side: every node's .grad (in the recipe's order) after their backward on the graph."""
    nodes = recipe.build()
    call(answer, f"backward(L) on the graph ({recipe.describe()})", nodes[-1])
    return [as_number(node.grad, f"after your backward, {node.label}.grad") for node in nodes]


def grade(learner: Callable[..., object]) -> Verdict:
    """``learner(recipe)`` gives the grads the learner's backward leaves on the recipe's nodes (from ask)."""
    grader = Grader(DERIVATIVE, unit="graphs")

    def examine(recipe: Recipe) -> None:
        mine = recipe.build()
        yours = as_numbers(learner(recipe), len(mine), "your backward's grads")
        position = {id(node): index for index, node in enumerate(mine)}
        expected = gradients(mine[-1])
        for node in completion_order(mine[-1]):
            if id(node) not in position:  # a constant: no gradient to check
                continue
            value = yours[position[id(node)]]
            grader.compare(f"dL/d{node.label}", f"on the graph ({recipe.describe()})", value, expected[id(node)],
                           partial(reason, recipe, mine, node, value, partial(named_slip, recipe, yours)),
                           where=partial(place, mine[-1], node),
                           formula=partial(formula, mine[-1], node))

    return grader.run(heading_of(__name__), examine, EDGES, recipes().map(lambda recipe: (recipe,)), max_examples=120)


def formula(root: Value, node: Value) -> str:
    return formulas(root, node) + "\n" + LINE


def named_slip(recipe: Recipe, yours: list[float]) -> str:
    nodes = recipe.build()
    expected = gradients(nodes[-1])
    slips = {note: wrong(recipe) for note, wrong in SLIPS.items()}
    return slip_of(yours, [expected[id(node)] for node in nodes], slips)


def reason(recipe: Recipe, nodes: list[Value], node: Value, yours: float, note: Callable[[], str]) -> str:
    """explain's account of the node's gradient in numbers, the slip, and the central difference for a leaf."""
    text = why(nodes[-1], node, yours, note())
    if node.parents:
        return text
    index = nodes.index(node)
    central = numerical_grad(partial(rebuilt, recipe), list(recipe.leaves))[index]
    return f"{text}\n  central difference (nudging {node.label} by ±1e-6): {central:.6g}"


def rebuilt(recipe: Recipe, *leaves: Value) -> Value:
    return Recipe(tuple(leaf.data for leaf in leaves), recipe.steps).build()[-1]
