"""nn.io: save/load round trips bit for bit; every corrupt or mismatched file is refused with a
ValueError that names the file and the fix; a failed save leaves the old file and no temp files."""
import functools
import json
import os
import signal
from pathlib import Path

import pytest

from nn.io import load, save
from nn.layers import MLP, Layer, LogisticRegression, Neuron

MODELS = {
    "mlp-2-16-16-1": lambda: MLP(2, [16, 16, 1], seed=0),
    "mlp-relu-sigmoid": lambda: MLP(3, [5, 4, 2], activation="relu", output_activation="sigmoid", seed=1),
    "logistic": lambda: LogisticRegression(3, seed=2),
    "layer": lambda: Layer(3, 4, activation="relu", seed=3),
    "neuron": lambda: Neuron(2, activation="linear", seed=4),
}
INPUTS = [[0.5, -1.25, 2.0], [0.0, 0.0, 0.0], [-3.0, 1e-3, 0.75]]


def outputs(model):
    n_inputs = model.config()["n_inputs"]
    results = [model([*row, 1.5, -0.5][:n_inputs]) for row in INPUTS]
    return [[value.data for value in result] if isinstance(result, list) else result.data for result in results]


def assert_same_model(loaded, original):
    assert type(loaded) is type(original)
    assert repr(loaded) == repr(original)
    assert loaded.config() == original.config()
    assert list(loaded.state_dict()) == list(original.state_dict())  # same names, same order
    for (name, new), (_, old) in zip(loaded.named_parameters(), original.named_parameters()):
        assert new.data.hex() == old.data.hex(), name  # bit for bit, also the sign of 0.0
        assert new.label == name
    assert outputs(loaded) == outputs(original)


# -- round trips --------------------------------------------------------------------------
@pytest.mark.parametrize("name", MODELS)
def test_round_trip_is_exact(tmp_path, name):
    original = MODELS[name]()
    for index, parameter in enumerate(original.parameters()):  # biases start at 0: make them all distinct
        parameter.data += index * 1e-3
    written = save(original, tmp_path / "model.json")
    assert written == tmp_path / "model.json"
    assert_same_model(load(written), original)


def test_awkward_floats_survive_exactly(tmp_path):
    model = Neuron(5, seed=0)
    awkward = [0.1 + 0.2, 5e-324, -1.7976931348623157e308, -0.0, 1 / 3, 2.0**-1074 * 3]
    for parameter, number in zip(model.parameters(), awkward):
        parameter.data = number
    save(model, tmp_path / "model.json")
    assert [p.data.hex() for p in load(tmp_path / "model.json").parameters()] == [number.hex() for number in awkward]


def test_changed_weights_are_what_gets_saved(tmp_path):
    model = MLP(2, [3, 1], seed=0)
    before = model.state_dict()
    loss = model([1.0, -2.0]) ** 2
    loss.backward()
    for parameter in model.parameters():
        parameter.data -= 0.1 * parameter.grad  # one plain gradient-descent step
    save(model, tmp_path / "model.json")
    loaded = load(tmp_path / "model.json")
    assert loaded.state_dict() == model.state_dict() != before
    # Saving again over the old file replaces it.
    model.layers[1].neurons[0].b.data = 42.0
    save(model, tmp_path / "model.json")
    assert load(tmp_path / "model.json").layers[1].neurons[0].b.data == 42.0


def test_str_and_pathlike_paths(tmp_path):
    model = LogisticRegression(2, seed=0)
    written = save(model, str(tmp_path / "model.json"))
    assert written == tmp_path / "model.json"
    assert_same_model(load(str(written)), model)


# -- the file itself ----------------------------------------------------------------------
def test_file_is_plain_readable_json(tmp_path):
    model = MLP(2, [3, 1], activation="relu", seed=0)
    text = save(model, tmp_path / "model.json").read_text(encoding="utf-8")
    document = json.loads(text)
    assert document["format"] == "chainrule-model" and document["version"] == 1
    assert document["class"] == "MLP"
    assert document["config"] == {"n_inputs": 2, "sizes": [3, 1], "activation": "relu", "output_activation": None}
    assert list(document["parameters"]) == [name for name, _ in model.named_parameters()]
    assert text.endswith("}\n") and '\n  "parameters": {\n' in text  # indented, one entry per line


def test_saving_is_deterministic(tmp_path):
    save(MLP(2, [4, 1], seed=7), tmp_path / "a.json")
    save(MLP(2, [4, 1], seed=7), tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_saved_file_gets_ordinary_permissions(tmp_path):
    path = save(Neuron(2, seed=0), tmp_path / "model.json")
    (tmp_path / "plain.json").write_text("{}")
    assert path.stat().st_mode & 0o777 == (tmp_path / "plain.json").stat().st_mode & 0o777


# -- failed saves -------------------------------------------------------------------------
def half_written_then_failing(document, file, **kwargs):
    file.write('{\n  "format": "chainrule-mo')
    raise RuntimeError("serialisation failed halfway")


def fsync_failing(descriptor):
    raise OSError(28, "No space left on device")


@pytest.mark.parametrize("target, replacement, error", [
    (json, ("dump", half_written_then_failing), RuntimeError),
    (os, ("fsync", fsync_failing), OSError),
], ids=["json.dump fails halfway", "fsync fails: disk full"])
def test_failed_save_leaves_old_file_and_no_temp_files(tmp_path, monkeypatch, target, replacement, error):
    path = save(LogisticRegression(2, seed=0), tmp_path / "model.json")
    old = path.read_bytes()
    monkeypatch.setattr(target, *replacement)
    with pytest.raises(error):
        save(MLP(2, [3, 1], seed=1), path)
    monkeypatch.undo()
    assert path.read_bytes() == old
    assert sorted(os.listdir(tmp_path)) == ["model.json"]
    assert repr(load(path)) == "LogisticRegression(2)"


def test_failed_first_save_leaves_nothing(tmp_path, monkeypatch):
    monkeypatch.setattr(json, "dump", half_written_then_failing)
    with pytest.raises(RuntimeError):
        save(Neuron(2, seed=0), tmp_path / "model.json")
    assert os.listdir(tmp_path) == []


def test_a_missing_folder_is_created_as_by_every_writer(tmp_path):
    model = Neuron(2, seed=0)
    path = save(model, tmp_path / "no" / "such" / "model.json")
    assert path == tmp_path / "no" / "such" / "model.json"
    assert load(path).state_dict() == model.state_dict()


def test_saving_onto_a_folder_is_refused(tmp_path):
    with pytest.raises(ValueError, match="is a folder, not a regular file; nothing was written"):
        save(Neuron(2, seed=0), tmp_path)


def test_only_known_classes_are_saved(tmp_path):
    class Custom(MLP):
        pass

    with pytest.raises(TypeError, match="knows Neuron, Layer, MLP, LogisticRegression; got Custom"):
        save(Custom(2, [1], seed=0), tmp_path / "model.json")
    assert os.listdir(tmp_path) == []


# -- refused files ------------------------------------------------------------------------
def edit(change):
    """A corruption that edits the parsed file of MLP(2, [3, 1]) and writes it back as JSON."""
    def corrupt(text):
        document = json.loads(text)
        change(document)
        return json.dumps(document, indent=2)
    return corrupt


def set_parameter(name, number):
    return edit(lambda document: document["parameters"].__setitem__(name, number))


def set_config(name, value):
    return edit(lambda document: document["config"].__setitem__(name, value))


def rename_parameter(document):
    document["parameters"]["layers.0.neurons.0.weight"] = document["parameters"].pop("layers.0.neurons.0.w.1")


W = "layers.0.neurons.1.w.0"
B = '"layers.0.neurons.0.b": 0.0'  # as it appears in the file
# name -> (corruption of the valid file's text, words the error must contain)
CORRUPTIONS = {
    "empty": (lambda text: "", "it is empty"),
    "whitespace only": (lambda text: "  \n", "it is empty"),
    "truncated": (lambda text: text[: len(text) // 2], "not valid JSON"),
    "garbage bytes": (lambda text: b"\x89PNG\r\n\x1a\n\x00\xff\xfe garbage", "not text"),
    "garbage text": (lambda text: "hello, I am not a model", "not valid JSON"),
    "a list": (lambda text: "[1, 2, 3]", "found a JSON array"),
    "no format": (edit(lambda document: document.pop("format")), 'found no "format"'),
    "other format": (edit(lambda document: document.update(format="keras")), "not a chainrule model file"),
    "missing key": (edit(lambda document: document.pop("config")), "lacks the key(s) ['config']"),
    "extra key": (edit(lambda document: document.update(optimizer="sgd")), "unexpected key(s) ['optimizer']"),
    "newer version": (edit(lambda document: document.update(version=2)), "newer chainrule: upgrade"),
    "version as text": (edit(lambda document: document.update(version="1")), "format version is '1'"),
    "version as bool": (edit(lambda document: document.update(version=True)), "format version is True"),
    "unknown class": (edit(lambda document: document.update({"class": "Transformer"})), "'Transformer' is not one of"),
    "class as list": (edit(lambda document: document.update({"class": ["MLP"]})), "is not one of"),
    "config not an object": (edit(lambda document: document.update(config=[2, [3, 1]])), '"config" must be an object'),
    "empty sizes": (set_config("sizes", []), "cannot be built: sizes must name at least one layer"),
    "zero inputs": (set_config("n_inputs", 0), "cannot be built: n_inputs must be an int >= 1"),
    "float width": (set_config("sizes", [3.0, 1]), "cannot be built"),
    "bad activation": (set_config("activation", "swish"), "cannot be built: activation must be one of"),
    "unknown config key": (set_config("depth", 3), "has unexpected argument(s) ['depth']"),
    "seed in config": (set_config("seed", 3), "has unexpected argument(s) ['seed']"),
    "missing config key": (edit(lambda document: document["config"].pop("sizes")), "lacks the argument(s) ['sizes']"),
    "other widths": (set_config("sizes", [4, 1]), "holds 13 parameters, but MLP(n_inputs=2, sizes=[4, 1]"),
    "huge widths": (set_config("sizes", [10**9, 1]), "holds 13 parameters"),
    "missing parameter": (edit(lambda document: document["parameters"].pop(W)), "holds 12 parameters, but"),
    "extra parameter": (set_parameter("layers.9.neurons.0.b", 0.5), "holds 14 parameters, but"),
    "renamed parameter": (edit(rename_parameter),
                          "missing ['layers.0.neurons.0.w.1'], unexpected ['layers.0.neurons.0.weight']"),
    "no parameters": (edit(lambda document: document.update(parameters={})), "found an empty object"),
    "parameters as list": (edit(lambda document: document.update(parameters=[0.5] * 13)), "found a JSON array"),
    "string weight": (set_parameter(W, "0.5"), f"parameter '{W}' is '0.5', not a finite number"),
    "bool weight": (set_parameter(W, True), "is True, not a finite number"),
    "null weight": (set_parameter(W, None), "is None, not a finite number"),
    "list weight": (set_parameter(W, [0.5]), "is [0.5], not a finite number"),
    "NaN literal": (lambda text: text.replace(B, B.replace("0.0", "NaN"), 1), "contains NaN"),
    "Infinity literal": (lambda text: text.replace(B, B.replace("0.0", "Infinity"), 1), "contains Infinity"),
    "-Infinity literal": (lambda text: text.replace(B, B.replace("0.0", "-Infinity"), 1), "contains -Infinity"),
    "overflowing float": (lambda text: text.replace(B, B.replace("0.0", "1e999"), 1), "is inf, not a finite number"),
    "overflowing int": (lambda text: text.replace(B, B.replace("0.0", "9" * 400), 1), "not a finite number"),
    "duplicate name": (lambda text: text.replace(B, f'"{W}": 0.5', 1), f"['{W}'] appear more than once"),
    "deep nesting": (lambda text: "[" * 100_000 + "]" * 100_000, "not valid JSON"),
}


@pytest.mark.parametrize("name", CORRUPTIONS)
def test_corrupt_file_is_refused_clearly(tmp_path, name):
    corruption, words = CORRUPTIONS[name]
    path = save(MLP(2, [3, 1], seed=0), tmp_path / "model.json")
    content = corruption(path.read_text(encoding="utf-8"))
    assert content != path.read_text(encoding="utf-8")  # the corruption really changed something
    path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    with pytest.raises(ValueError) as caught:
        load(path)
    message = str(caught.value)
    assert message.startswith(f"cannot load {path}: ")
    assert words in message
    assert "Re-save the model with nn.save" in message or "upgrade chainrule" in message


def test_missing_file_is_named(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"no saved model at .*nowhere\.json: the file does not exist"):
        load(tmp_path / "nowhere.json")


# -- what load reads (issue 21, item 2) -------------------------------------------------------------------------
@pytest.fixture
def deadline():
    """Fail, instead of hanging the suite, if the test blocks for 5 s (load used to open a FIFO and wait)."""
    def too_long(signum, frame):
        raise TimeoutError("load blocked for 5 s")

    previous = signal.signal(signal.SIGALRM, too_long)
    signal.alarm(5)
    yield
    signal.alarm(0)
    signal.signal(signal.SIGALRM, previous)


def _fifo(folder):
    os.mkfifo(folder / "model.json")
    return folder / "model.json"


def _link_to_fifo(folder):
    os.mkfifo(folder / "pipe")
    (folder / "model.json").symlink_to(folder / "pipe")
    return folder / "model.json"


def _link_to_device(folder):
    (folder / "model.json").symlink_to("/dev/null")
    return folder / "model.json"


@pytest.mark.parametrize("make, kind", [
    (_fifo, "a FIFO (named pipe)"),
    (_link_to_fifo, "a FIFO (named pipe)"),
    (lambda folder: Path("/dev/null"), "a character device"),
    (_link_to_device, "a character device"),
    (lambda folder: folder, "a folder"),
], ids=["fifo", "symlink to a fifo", "device", "symlink to a device", "folder"])
def test_load_refuses_what_is_not_a_regular_file_without_opening_it(tmp_path, deadline, make, kind):
    path = make(tmp_path)
    with pytest.raises(ValueError) as caught:
        load(path)
    assert str(caught.value) == (f"cannot load {path}: it is {kind}, not a regular file, so not a saved model. "
                                 "Give the path of a file written by nn.save, e.g. load('model.json').")


@pytest.mark.parametrize("path", ["", "   "])
def test_load_of_an_empty_path_says_the_path_is_empty(path):
    with pytest.raises(ValueError, match=r"^the file path is empty; give the path of a saved model"):
        load(path)


@pytest.mark.parametrize("path", [None, 3, b"model.json"])
def test_load_of_something_not_a_path_says_what_it_got(path):
    with pytest.raises(TypeError, match=f"a file path must be a str or a pathlib.Path; got {type(path).__name__}"):
        load(path)


def test_load_of_an_unreadable_file_names_it(tmp_path, monkeypatch):
    path = save(Neuron(2, seed=0), tmp_path / "model.json")

    def denied(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(os, "open", denied)
    with pytest.raises(PermissionError, match=f"cannot read {path}: Permission denied"):
        load(path)


@pytest.mark.parametrize("sizes", [[4, 1], [10**9, 1]])
def test_mismatched_config_is_refused_before_building(tmp_path, monkeypatch, sizes):
    path = save(MLP(2, [3, 1], seed=0), tmp_path / "model.json")
    path.write_text(set_config("sizes", sizes)(path.read_text()))

    @functools.wraps(MLP.__init__)
    def never_build(*args, **kwargs):
        raise AssertionError("load built a model from a file it should have refused first")

    monkeypatch.setattr(MLP, "__init__", never_build)
    with pytest.raises(ValueError, match="holds 13 parameters"):
        load(path)
