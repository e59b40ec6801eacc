"""Typical wrong answers to the derivative exercises (1, 2, 5, 6, 8, 11) fail, and the message names the first
wrong quantity, where, yours against the expected value (computed here independently), and the slip."""
import math

from autograd import Rule
from exercises import check


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def test_tanh_derivative_written_as_one_minus_tanh_is_wrong_at_the_first_point():
    message = str(check(1, lambda x: 1.0 - math.tanh(x)))
    right = 1.0 - math.tanh(0.5) ** 2
    assert f"your tanh'(x) at x = 0.5 is {1 - math.tanh(0.5):.4g}; expected {right:.4g}." in message
    assert "That is 1 - tanh(x)" in message


def test_tanh_derivative_squaring_x_instead_of_tanh_is_named():
    verdict = check(1, lambda x: 1.0 - x * x)
    assert not verdict and "That is 1 - x**2" in str(verdict)


def test_a_central_difference_answer_is_correct_within_the_stated_tolerance():
    verdict = check(1, lambda x: (math.tanh(x + 1e-5) - math.tanh(x - 1e-5)) / 2e-5)
    assert verdict.status == "correct within tolerance" and verdict
    assert "|yours - expected| ≤ 1e-06 + 0.0001 × |expected|" in str(verdict)


def neuron(x1, w1, x2, w2, b):
    upstream = 1.0 - math.tanh(x1 * w1 + x2 * w2 + b) ** 2
    return {"x1": upstream * w1, "w1": upstream * x1, "x2": upstream * w2, "w2": upstream * x2, "b": upstream}


def test_the_neurons_dw1_missing_the_x1_factor_is_named_in_explains_terms():
    verdict = check(2, lambda *inputs: {**neuron(*inputs), "w1": neuron(*inputs)["b"]})
    upstream = 1.0 - math.tanh(2.0 * -3.0 + 6.88) ** 2  # the README's neuron, the first point checked
    assert f"your dout/dw1 at x1 = 2, w1 = -3, x2 = 0, w2 = 1, b = 6.88 is {upstream:.4g}" in str(verdict)
    assert f"upstream × local = {upstream:.4g} × 2 = {upstream * 2:.6g}" in str(verdict)
    assert "dout/dw1 += dout/dx1w1 * dx1w1/dw1" in str(verdict)  # explain's own line
    assert "the upstream gradient alone" in str(verdict)


def test_the_neuron_without_tanhs_derivative_is_wrong_from_db_on():
    verdict = check(2, lambda x1, w1, x2, w2, b: {"x1": w1, "w1": x1, "x2": w2, "w2": x2, "b": 1.0})
    assert "your dout/db at" in str(verdict) and "the step back through tanh is missing from all" in str(verdict)


def network(x, y, w1, b1, w2, b2):
    h = math.tanh(w1 * x + b1)
    d_out = 2.0 * (w2 * h + b2 - y)
    d_z1 = d_out * w2 * (1.0 - h * h)
    return {"out": d_out, "b2": d_out, "w2": d_out * h, "h": d_out * w2, "z1": d_z1, "b1": d_z1, "w1": d_z1 * x,
            "x": d_z1 * w1}


def test_a_network_missing_the_squares_factor_two_is_wrong_at_the_top():
    verdict = check(5, lambda *inputs: {name: g / 2.0 for name, g in network(*inputs).items()})
    assert "your dL/dout at x = 2, y = 1, w1 = 1, b1 = -1, w2 = 2, b2 = 0 is" in str(verdict)
    assert "dL/derr += dL/dL * dL/derr" in str(verdict)  # the road down from L, as explain spells it


def test_a_network_that_forgets_w2_on_the_way_to_h_is_wrong_at_h():
    verdict = check(5, lambda *inputs: {**network(*inputs), "h": network(*inputs)["out"]})
    assert "your dL/dh at" in str(verdict) and "dw2h/dh = 2" in str(verdict)


def test_the_bce_gradient_p_plus_y_is_wrong():
    verdict = check(6, lambda z, y: sigmoid(z) + y)
    assert f"your dL/dz at z = 1, y = 1 is {sigmoid(1) + 1:.4g}; expected {sigmoid(1) - 1:.4g}" in str(verdict)
    assert "That is p + y" in str(verdict)


def test_the_bce_gradient_with_the_sign_flipped_is_named():
    verdict = check(6, lambda z, y: y - sigmoid(z))
    assert "That is y - p" in str(verdict)


def test_the_bce_gradient_by_the_unsimplified_chain_divides_by_zero_for_a_confident_prediction():
    def unsimplified(z, y):
        p = sigmoid(z)
        return (-y / p + (1 - y) / (1 - p)) * p * (1 - p)

    verdict = check(6, unsimplified)
    assert "bce_gradient(40, 1) raised ZeroDivisionError" in str(verdict) and "p - y" in str(verdict)


def shifted_softmax(logits):
    exps = [math.exp(z - max(logits)) for z in logits]
    return [e / sum(exps) for e in exps]


def test_a_softmax_gradient_missing_the_other_classes_terms_is_wrong_at_dz1():
    def target_only(logits, target):
        p = shifted_softmax(logits)
        return p, [p[k] - 1.0 if k == target else 0.0 for k in range(len(p))]

    verdict = check(8, target_only)
    assert f"your dL/dz[1] at z = [2, 0], target = 0 is 0; expected {sigmoid(-2):.4g}" in str(verdict)
    assert "every other class gets a gradient too" in str(verdict) and "p[1] - onehot" not in str(verdict)


def test_a_softmax_gradient_missing_the_minus_one_is_wrong_at_the_target():
    verdict = check(8, lambda logits, target: (shifted_softmax(logits), shifted_softmax(logits)))
    assert "your dL/dz[0] at z = [2, 0], target = 0" in str(verdict) and "p alone" in str(verdict)


def test_a_softmax_without_the_shift_overflows_on_large_logits():
    def unshifted(logits, target):
        exps = [math.exp(z) for z in logits]
        p = [e / sum(exps) for e in exps]
        return p, [p_k - (k == target) for k, p_k in enumerate(p)]

    verdict = check(8, unshifted)
    assert "raised OverflowError" in str(verdict) and "subtract the largest logit" in str(verdict)


class Swish(Rule):
    name = "swish"

    def forward(self, m, a):
        return a / (1.0 + m.exp(-a))

    def local_grads(self, m, a, out):
        s = 1.0 / (1.0 + m.exp(-a))
        return (s + out * (1.0 - s),)


def test_a_swish_rule_missing_the_product_rules_second_term_fails_gradcheck():
    class Sloppy(Swish):
        def local_grads(self, m, a, out):
            return (1.0 / (1.0 + m.exp(-a)),)

    verdict = check(11, Sloppy)
    assert f"your d swish/dx at x = 2 is {sigmoid(2):.4g}" in str(verdict) and "product rule" in str(verdict)
    assert "suspect: rule 'swish'" in str(verdict)  # gradcheck's report, naming the rule


def test_a_swish_rule_written_with_math_exp_fails_in_a_trace():
    class Eager(Swish):
        def forward(self, m, a):
            return a / (1.0 + math.exp(-a))

    verdict = check(11, Eager)  # the code writer refuses it as soon as it is traced, naming the fix
    assert "a math.* function on an operand" in str(verdict) and "m.exp" in str(verdict)


def test_a_swish_rule_returning_a_bare_number_is_told_to_return_a_tuple():
    class Bare(Swish):
        def local_grads(self, m, a, out):
            return Swish.local_grads(self, m, a, out)[0]

    assert "it must return a tuple" in str(check(11, Bare))
