"""Exercise 10: a Newton step, x_new = x - H⁻¹ g, with the Hessian from autograd's hessian (or the learner's own)."""
TITLE = "a Newton step"
GOAL = "write newton_step(f, point): one step x - H⁻¹ grad, using the gradient and the Hessian of f"
ANSWER = "newton_step"
