"""The main lesson: the MLP learns the moons (fast mode), writes its files, and the saved model loads."""
import json


from demos import moons
from nn import load, make_moons


def test_moons_lesson_learns_and_writes_its_files(tmp_path, capsys):
    result = moons.main(["--fast", "--out", str(tmp_path)])
    printed = capsys.readouterr().out
    history = result["history"]
    assert history.loss[-1] < 0.6 * history.loss[0]
    assert result["accuracy"] >= 0.9  # the fast run: 12 epochs on 100 points
    assert f"final training accuracy: {result['accuracy']:.1%}" in printed
    model_file, picture = tmp_path / "moons_model.json", tmp_path / "moons.png"
    assert json.loads(model_file.read_text())["class"] == "MLP"
    assert picture.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    X, y = make_moons(100, noise=0.1, seed=0)
    assert moons.accuracy(load(model_file), X, y) == result["accuracy"]  # the saved model is the trained one
