"""The road-to-PyTorch lesson (fast mode): chainrule's and PyTorch's float64 losses agree to 1e-9 epoch by epoch,
and both equal a full-batch gradient descent written here in numpy (forward and backprop by hand); the table
prints them and the picture draws them; from_torch brings the trained weights back. Without torch the lesson
and its notebook say how to install it (simulated, so that part runs where torch is not installed, as in CI)."""
import contextlib
import io
from pathlib import Path

import numpy as np
import pytest

from demos import to_pytorch
from nn import MLP
from tests.support.imports import block_import


@pytest.fixture(scope="module")
def lesson(run_fast_lesson):
    pytest.importorskip("torch", reason="the lesson's training needs PyTorch: make test-torch")
    return run_fast_lesson(to_pytorch)


def numpy_losses(X, y, epochs: int) -> list[float]:
    """Truth: the lesson's training in numpy. The start is MLP(2, SIZES, seed=0)'s weights; tanh hidden layers,
    a linear output, mean BCE on the logits; backprop by hand; w -= lr * grad, full batch."""
    start = MLP(2, to_pytorch.SIZES, seed=0)
    weights = [np.array([[w.data for w in neuron.w] for neuron in layer.neurons]) for layer in start.layers]
    biases = [np.array([neuron.b.data for neuron in layer.neurons]) for layer in start.layers]
    losses = []
    for _ in range(epochs):
        activations = [X]
        for index, (W, b) in enumerate(zip(weights, biases)):
            z = activations[-1] @ W.T + b
            activations.append(z if index == len(weights) - 1 else np.tanh(z))
        logits = activations[-1][:, 0]
        losses.append(float(np.mean(np.logaddexp(0, logits) - y * logits)))
        grad = ((1 / (1 + np.exp(-logits)) - y) / len(X))[:, None]  # d loss / d logit
        for index in reversed(range(len(weights))):
            W_grad, b_grad = grad.T @ activations[index], grad.sum(axis=0)
            grad = (grad @ weights[index]) * (1 - activations[index] ** 2)  # through the tanh below
            weights[index] -= to_pytorch.LEARNING_RATE * W_grad
            biases[index] -= to_pytorch.LEARNING_RATE * b_grad
    return losses


@pytest.mark.torch
def test_both_losses_equal_numpys_epoch_by_epoch(lesson):
    result = lesson[0]
    X, y = result["data"]
    epochs, ours, theirs, single = map(list, zip(*result["rows"]))
    assert epochs == list(range(1, 7))  # the fast lesson's 6 epochs
    truth = numpy_losses(X, y, len(epochs))
    np.testing.assert_allclose(ours, truth, rtol=0, atol=1e-12)
    np.testing.assert_allclose(theirs, ours, rtol=0, atol=1e-9)  # the bar; in fact about 1e-16
    np.testing.assert_allclose(single, ours, rtol=0, atol=1e-5)  # float32: close, not equal
    assert max(abs(a - b) for a, b in zip(single, ours)) > 1e-12
    assert truth[-1] < truth[0] - 0.05  # and it learns


@pytest.mark.torch
def test_the_table_prints_the_losses(lesson, numbers_in):
    result, printed, _ = lesson
    lines = printed.splitlines()
    start = next(index for index, line in enumerate(lines) if line.split()[:2] == ["epoch", "chainrule"])
    for line, (epoch, ours, theirs, single) in zip(lines[start + 1:], result["rows"]):
        shown = numbers_in(line)
        assert shown[:3] == [epoch, pytest.approx(ours, abs=1e-15), pytest.approx(theirs, abs=1e-15)]
        assert shown[4] == pytest.approx(single - ours, rel=0.06)
    assert "torch 0.weight[3, 1]" in printed and "Tanh()" in printed


@pytest.mark.torch
def test_from_torch_brings_back_the_weights_chainrule_trained(lesson):
    result = lesson[0]
    ours = [p.data for p in result["model"].parameters()]
    np.testing.assert_allclose([p.data for p in result["back"].parameters()], ours, rtol=0, atol=1e-12)


@pytest.mark.torch
def test_the_picture_of_the_losses_is_written(lesson):
    pytest.importorskip("matplotlib", reason="pictures need the plot extra")
    result, printed, folder = lesson
    assert result["files"] == [folder / "to_pytorch.png"] and f"wrote {folder / 'to_pytorch.png'}" in printed
    assert (folder / "to_pytorch.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_without_torch_the_lesson_says_how_to_install_it(monkeypatch, tmp_path):
    block_import(monkeypatch, "torch")
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        result = to_pytorch.main(["--fast", "--out", str(tmp_path)])
    assert result == {"torch": False}
    assert printed.getvalue().startswith("This lesson needs PyTorch, which is not installed here.")
    assert "pip install torch" in printed.getvalue() and "make test-torch" in printed.getvalue()


@pytest.mark.slow
def test_without_torch_the_notebook_says_how_to_install_it_and_runs_its_chainrule_part(tmp_path):
    """A torch package that cannot be imported, first on the kernel's path, stands for a machine without torch."""
    nbformat = pytest.importorskip("nbformat", reason="notebooks need the dev extra")
    from tests.support.notebooks import execute, outputs

    (tmp_path / "blocked" / "torch").mkdir(parents=True)
    (tmp_path / "blocked" / "torch" / "__init__.py").write_text(
        'raise ModuleNotFoundError("No module named \'torch\'", name="torch")\n', encoding="utf-8")
    (tmp_path / "clone" / "notebooks").mkdir(parents=True)
    (tmp_path / "clone" / "demos").symlink_to(Path(to_pytorch.__file__).parent, target_is_directory=True)
    notebook = nbformat.read(Path(to_pytorch.__file__).parents[1] / "notebooks" / "to_pytorch.ipynb", as_version=4)
    execute(notebook, cwd=tmp_path / "clone" / "notebooks", env={"PYTHONPATH": str(tmp_path / "blocked")})
    shown = [output for cell in outputs(notebook) for output in cell]
    printed = "".join(output.get("text", "") for output in shown)
    assert "This lesson needs PyTorch, which is not installed here." in printed and "pip install torch" in printed
    assert "Exercise 7 " in printed and "not written yet" in printed  # the your-turn cell runs without torch
    assert "Sequential" not in printed and not [output for output in shown if "image/png" in output.get("data", {})]
