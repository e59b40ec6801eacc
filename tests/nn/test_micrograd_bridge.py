"""The micrograd bridge: a one-output Layer or MLP returns the Value itself (several outputs: a list), as
micrograd's does, so micrograd's lecture loop runs as written. The loop's gradients are checked against
central differences of a plain-float forward pass, and, where micrograd is installed, the whole run
against micrograd's own from the same weights."""
import math

import numpy as np
import pytest

from autograd import Value
from nn import MLP, Layer, Neuron, bce, bce_with_logits, cross_entropy, hinge, mse

XS = [[2.0, 3.0, -1.0], [3.0, -1.0, 0.5], [0.5, 1.0, 1.0], [1.0, 1.0, -1.0]]  # the lecture's four samples
YS = [1.0, -1.0, -1.0, 1.0]
STEPS, LEARNING_RATE = 20, 0.1


def test_a_one_output_mlp_returns_a_value_that_takes_part_in_arithmetic():
    model, x = MLP(3, [4, 1], seed=0), [2.0, 3.0, -1.0]
    out = model(x)
    assert isinstance(out, Value)
    assert (out - 1.0).data == out.data - 1.0  # the student's first line: no "list - float" TypeError
    assert out.data == pytest.approx(_plain_forward(model, x), rel=1e-14)


def test_several_outputs_are_a_list_and_a_layer_follows_the_same_rule():
    x = [0.5, -1.0, 2.0]
    out = MLP(3, [4, 2], seed=0)(x)
    assert isinstance(out, list) and len(out) == 2 and all(isinstance(v, Value) for v in out)
    assert isinstance(Layer(3, 1, seed=0)(x), Value)
    several = Layer(3, 2, seed=0)(x)
    assert isinstance(several, list) and len(several) == 2
    assert isinstance(Neuron(3, seed=0)(x), Value)


def test_a_hidden_layer_of_one_neuron_feeds_the_next_layer():
    """A one-wide hidden layer's Value is still the next layer's one input (micrograd's own MLP fails here)."""
    model, x = MLP(3, [1, 2], seed=0), [0.5, -1.0, 2.0]
    hidden = model.layers[0].neurons[0](x)
    out = model(x)
    assert [v.data for v in out] == [neuron([hidden]).data for neuron in model.layers[1].neurons]


def test_layers_chained_by_hand_pass_a_one_output_layers_value_on():
    first, second, x = Layer(3, 1, seed=0), Layer(1, 2, seed=1), [0.5, -1.0, 2.0]
    hidden = first(x)
    assert [v.data for v in second(hidden)] == [v.data for v in second([hidden])]
    with pytest.raises(TypeError, match="list or numpy row of 3 numbers"):  # one Value is one input, no more
        first(hidden)


@pytest.mark.parametrize("loss, targets", [
    (bce_with_logits, [1.0, 0.0, 0.0, 1.0]), (mse, YS), (hinge, YS),
])
def test_the_losses_take_values_or_one_element_lists(loss, targets):
    model = MLP(3, [4, 1], seed=0)
    values = [model(x) for x in XS]
    assert loss(values, targets).data == loss([[v] for v in values], targets).data
    assert loss(values[0], targets[0]).data == loss([values[0]], [targets[0]]).data


def test_bce_takes_the_value_of_a_sigmoid_output():
    model = MLP(3, [4, 1], output_activation="sigmoid", seed=0)
    p = [model(x).data for x in XS]
    expected = -sum(y * math.log(q) + (1 - y) * math.log(1 - q) for q, y in zip(p, [1, 0, 0, 1])) / 4
    assert bce([model(x) for x in XS], [1.0, 0.0, 0.0, 1.0]).data == pytest.approx(expected, rel=1e-13)


def test_cross_entropy_of_a_one_output_model_says_why_it_needs_a_row():
    model = MLP(3, [4, 1], seed=0)
    with pytest.raises(TypeError, match=r"got one Value.*bce_with_logits"):
        cross_entropy(model(XS[0]), 0)
    assert cross_entropy(MLP(3, [4, 2], seed=0)(XS[0]), 1).data > 0


def test_micrograd_lecture_loop_in_our_words_learns_and_its_gradients_are_right():
    model = MLP(3, [4, 4, 1], seed=1)  # tanh hidden layers, a linear output
    losses = []
    for step in range(STEPS):
        ypred = [model(x) for x in XS]
        loss = sum((yout - ygt) ** 2 for ygt, yout in zip(YS, ypred))
        model.zero_grad()
        loss.backward()
        weights = [p.data for p in model.parameters()]
        assert loss.data == pytest.approx(_plain_loss(model, weights), rel=1e-13)
        for index, p in enumerate(model.parameters()):  # every gradient against central differences
            assert p.grad == pytest.approx(_central_difference(model, weights, index), rel=1e-6, abs=1e-8), (
                f"step {step}, {p.label}")
        for p in model.parameters():
            p.data += -LEARNING_RATE * p.grad
        losses.append(loss.data)
    assert losses[-1] < 0.01 * losses[0]  # measured with seed=1: 9.61 -> 0.0028, 0.03 % of the start
    assert all(later < earlier for earlier, later in zip(losses, losses[1:]))  # measured: it falls at every step


def test_the_loop_equals_micrograds_from_the_same_weights():
    micrograd_nn = pytest.importorskip("micrograd.nn")
    ours = MLP(3, [4, 4, 1], activation="relu", seed=1)  # micrograd 0.1.0: relu hidden layers, a linear last one
    theirs = micrograd_nn.MLP(3, [4, 4, 1])
    for our_layer, their_layer in zip(ours.layers, theirs.layers, strict=True):
        for our_neuron, their_neuron in zip(our_layer.neurons, their_layer.neurons, strict=True):
            for our_w, their_w in zip(our_neuron.w, their_neuron.w, strict=True):
                their_w.data = our_w.data
            their_neuron.b.data = our_neuron.b.data
    assert [n.nonlin for layer in theirs.layers for n in layer.neurons][-1] is False
    for _ in range(STEPS):
        our_loss, their_loss = _lecture_step(ours), _lecture_step(theirs)
        assert our_loss == pytest.approx(their_loss, rel=1e-12, abs=1e-12)
    ours_now, theirs_now = [p.data for p in ours.parameters()], [p.data for p in theirs.parameters()]
    assert ours_now == pytest.approx(theirs_now, rel=1e-12, abs=1e-12)
    assert ours_now != pytest.approx([p.data for p in MLP(3, [4, 4, 1], activation="relu", seed=1).parameters()])


def _lecture_step(model):
    """One step of the lecture's loop, written the same for micrograd's MLP and ours; the loss before it."""
    ypred = [model(x) for x in XS]
    loss = sum((yout - ygt) ** 2 for ygt, yout in zip(YS, ypred))
    model.zero_grad()
    loss.backward()
    for p in model.parameters():
        p.data += -LEARNING_RATE * p.grad
    return loss.data


def _plain_forward(model, x, weights=None):
    """The MLP's one output computed with floats and math.tanh alone, from ``weights`` (parameters() order)."""
    numbers = iter(weights if weights is not None else [p.data for p in model.parameters()])
    activations = list(x)
    for index, layer in enumerate(model.layers):
        last = index == len(model.layers) - 1
        sums = []
        for neuron in layer.neurons:
            w = [next(numbers) for _ in neuron.w]
            sums.append(sum(wi * xi for wi, xi in zip(w, activations)) + next(numbers))
        activations = sums if last else [math.tanh(s) for s in sums]
    (output,) = activations
    return output


def _plain_loss(model, weights):
    return sum((_plain_forward(model, x, weights) - y) ** 2 for x, y in zip(XS, YS))


def _central_difference(model, weights, index, eps=1e-6):
    up, down = list(weights), list(weights)
    up[index] += eps
    down[index] -= eps
    return (_plain_loss(model, up) - _plain_loss(model, down)) / (2 * eps)


def test_plain_forward_reads_the_parameters_in_the_models_order():
    """The oracle above relies on parameters() going layer by layer, neuron by neuron, w then b."""
    model = MLP(3, [4, 4, 1], seed=0)
    expected = [v for layer in model.layers for neuron in layer.neurons for v in (*neuron.w, neuron.b)]
    assert all(a is b for a, b in zip(model.parameters(), expected, strict=True))
    assert np.isfinite(_plain_forward(model, XS[0]))
