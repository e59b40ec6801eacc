"""Exercise 4: a topological order. The learner lists every node of a graph after the nodes it is made from."""
TITLE = "a topological order"
GOAL = "write topological_sort(root): every node once, each after its parents, even 5,000 deep"
ANSWER = "topological_sort"
