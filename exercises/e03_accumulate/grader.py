"""Grades exercise 3: the learner's backward on graphs that reuse nodes, every node's gradient against the
engine's (and the leaves' against central differences), the first wrong one in explain's terms."""
from collections.abc import Callable
from functools import partial

from autograd import Value, numerical_grad

from ..catalog import heading_of
from ..chain import completion_order, gradients, why
from ..grading import DERIVATIVE, Grader, Verdict, as_number, as_numbers, call
from ..graphs import EDGE_RECIPES, Recipe, recipes


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
                           partial(reason, recipe, mine, node, value))

    return grader.run(heading_of(__name__), examine, [(recipe,) for recipe in EDGE_RECIPES],
                      recipes().map(lambda recipe: (recipe,)), max_examples=120)


def reason(recipe: Recipe, nodes: list[Value], node: Value, yours: float) -> str:
    """explain's account of the node's gradient, plus the central difference for a leaf."""
    text = why(nodes[-1], node, yours)
    if node.parents:
        return text
    index = nodes.index(node)
    central = numerical_grad(partial(rebuilt, recipe), list(recipe.leaves))[index]
    return f"{text}\n  central difference (nudging {node.label} by ±1e-6): {central:.6g}"


def rebuilt(recipe: Recipe, *leaves: Value) -> Value:
    return Recipe(tuple(leaf.data for leaf in leaves), recipe.steps).build()[-1]
