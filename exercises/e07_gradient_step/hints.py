"""The hint ladder of exercise 7."""
HINTS = (
    "The gradient points uphill (the direction in which the loss grows). To lower the loss, step the "
    "other way: subtract.",
    "The learning rate sets the step's size: subtract lr times the gradient, not the gradient itself.",
    "Assign to the parameter's number: parameter.data = parameter.data - lr * parameter.grad (or -=). "
    "Rebinding a local name, or making a new Value, leaves the model's parameter as it was.",
)
