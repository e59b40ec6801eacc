"""The hint ladder of exercise 9."""
HINTS = (
    "Steps 3 and 4: optimizer.zero_grad() (leaves accumulate across backward calls), loss.backward(), "
    "optimizer.step().",
    "Ten steps leave you halfway down the bowl. Repeat until the gradient is (nearly) zero: at the bottom "
    "every dL/dw is 0. For example stop when max(abs(p.grad) for p in model.parameters()) < 1e-9.",
    "A larger learning rate (2.0 works here) gets there in fewer steps; a few hundred steps are enough. "
    "Use a while loop, or a for loop over range(5000) with a break.",
)
