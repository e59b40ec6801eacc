"""Exercise 3: += not = for a reused node. The learner completes a tiny backward loop's one missing line."""
TITLE = "+= not = for a reused node"
GOAL = "complete backward(root): add each edge's upstream × local into its parent, on reused nodes"
ANSWER = "backward"
