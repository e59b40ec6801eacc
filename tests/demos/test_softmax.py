"""The softmax lesson: softmax([z, 0]) is the sigmoid, probabilities are positive and sum to one
per input, cross-entropy's gradient is p - onehot, and the 3-class network learns."""
import numpy as np

from demos import softmax


def test_softmax_facts_and_a_network_that_learns(tmp_path, capsys):
    result = softmax.main(["--fast", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    assert result["largest_difference"] < 1e-12

    example = result["example"]
    logits = np.array(example["logits"])
    expected = np.exp(logits) / np.exp(logits).sum()
    np.testing.assert_allclose(example["probs"], expected, rtol=1e-12)
    assert min(example["probs"]) > 0 and abs(sum(example["probs"]) - 1) < 1e-12
    np.testing.assert_allclose(example["grads"], expected - np.eye(len(logits))[0], atol=1e-12)
    assert abs(example["loss"] - (-np.log(expected[0]))) < 1e-12

    X, y = result["data"]
    probabilities = result["probabilities"]
    assert probabilities.shape == (len(X), 3)
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-12)  # one input's classes sum to one
    assert not np.allclose(probabilities.sum(axis=0), 1.0)                   # a class over inputs does not
    assert result["accuracy"] == np.mean(probabilities.argmax(axis=1) == y) >= 0.8
    history = result["history"]
    assert history.loss[-1] < 0.5 * history.loss[0]
    assert f"training accuracy {result['accuracy']:.1%}" in printed
    assert "row sum" in printed and "column sums" in printed
    assert (tmp_path / "softmax.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
