"""The hint ladder of exercise 3."""
HINTS = (
    "Try b = a + a by hand: b moves twice as fast as a, so db/da = 2. Each of the two edges from b to a "
    "carries 1. What must happen to the second one?",
    "A node used twice gets a contribution along each use, and its gradient is their sum. Writing with = keeps "
    "only the last contribution.",
    "parent.grad += node.grad * local",
)
