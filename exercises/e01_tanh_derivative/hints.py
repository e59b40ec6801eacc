"""The hint ladder of exercise 1, from a nudge to nearly the answer."""
HINTS = (
    "tanh'(x) can be written with tanh itself: no new exponentials needed. Try it on paper from "
    "tanh = (e^x - e^-x) / (e^x + e^-x) and the quotient rule.",
    "The quotient rule gives tanh'(x) = 1 - tanh(x)**2. The square matters: 1 - tanh(x) is a different function.",
    "t = math.tanh(x); return 1 - t * t",
)
