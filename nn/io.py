"""save(model, path) and load(path): models as human-readable JSON, written atomically, read strictly.

A model whose activation is a rule of one's own is saved with that rule's name; ``load(path, activations=[rule])``
gives the rule back for it (a file is data: it names a rule, never holds its code).

Imports: autograd (its file writer and reader, Rule, RULES), layers, module.
"""
import inspect
import json
import math
import os
from collections.abc import Collection, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, NoReturn, TypeAlias, TypedDict

from autograd import Rule
from autograd.files import NotRegularFileError, checked_path, read_bytes, write_atomically
from autograd.ops import RULES

from .layers import ACTIVATIONS, MLP, Layer, LogisticRegression, Neuron, activation_rule, same_rule
from .module import ConfigValue, Module

FORMAT = "chainrule-model"
VERSION = 1
ModelClass: TypeAlias = type[Neuron] | type[Layer] | type[MLP]
# The only classes a file may name. A fixed table, not a registry or an import by name:
# a model file is data, and data must never choose which code runs.
CLASSES: dict[str, ModelClass] = {"Neuron": Neuron, "Layer": Layer, "MLP": MLP,
                                  "LogisticRegression": LogisticRegression}
# The file's JSON object ("class" is a Python keyword, hence this form of TypedDict).
ModelFile = TypedDict("ModelFile", {"format": str, "version": int, "class": str, "config": dict[str, ConfigValue],
                                    "parameters": dict[str, float]})
KEYS = ("format", "version", "class", "config", "parameters")
FIX = "Re-save the model with nn.save, or check that this is the file you meant."
LOAD_HINT = "give the path of a saved model, e.g. load('model.json')"


def save(model: Module, path: str | os.PathLike[str]) -> Path:
    """Write ``model`` to ``path`` as JSON (class, constructor arguments, every weight); return the Path.

    Why JSON and not pickle: unpickling runs whatever code the file names, so loading a
    pickled model from someone else is running their program. JSON is only data: here
    it is a class name from a fixed list, its constructor arguments and numbers.

    Why atomic: the file is written in full to a temporary file in the same folder, flushed
    to disk, then renamed onto ``path`` in one step (os.replace). A crash, a full disk or an
    error midway therefore leaves either the old file or the new one, never half of each.
    Paths are treated as by every writer of the project (autograd.files).
    """
    document: ModelFile = {"format": FORMAT, "version": VERSION, "class": _class_name(model),
                           "config": model.config(), "parameters": model.state_dict()}
    return write_atomically(path, lambda file: _write_json(file, document))


def load(path: str | os.PathLike[str], activations: Sequence[Rule] = ()) -> Module:
    """A new model of the saved class, built from the saved config and filled with the saved weights.

    ``activations``: the rules of one's own the model's activations name (the Rule instances the model
    was built with, e.g. ``[softsign]``); built-in rules are found by their names. The whole file is
    checked before any model is built; any problem is a ValueError that names the file, what is wrong
    and what to do. A folder, FIFO or device is refused before it is opened (reading a FIFO would wait
    for a writer forever); a missing file is a FileNotFoundError.
    """
    given = _given_rules(activations)
    path = checked_path(path, LOAD_HINT)
    document = _read_json(path)
    cls, config, parameters = _check_document(path, document)
    config = _with_rules(path, cls, config, given)
    try:
        model = cls(**config)
    except (TypeError, ValueError) as error:
        problem = str(error).rstrip(".")
        raise _corrupt(path, f"{cls.__name__}({_arguments(config)}) cannot be built: {problem}") from None
    own = [name for name, _ in model.named_parameters()]
    missing = [name for name in own if name not in parameters]
    unexpected = sorted(set(parameters) - set(own))
    if missing or unexpected:
        raise _corrupt(path, f"its parameters do not match {model!r}: "
                             f"missing {_few(missing)}, unexpected {_few(unexpected)}")
    model.load_state_dict(parameters, strict=True)
    return model


# -- writing ------------------------------------------------------------------------------
def _class_name(model: Module) -> str:
    name = type(model).__name__
    if CLASSES.get(name) is not type(model):
        raise TypeError(f"save() knows {', '.join(CLASSES)}; got {name}. Save a subclass's weights with "
                        "state_dict(), or rebuild it from one of these classes.")
    return name


def _write_json(file: IO[str], document: ModelFile) -> None:
    # allow_nan=False: NaN and Infinity are not JSON; a Value can't hold them anyway.
    json.dump(document, file, indent=2, allow_nan=False)
    file.write("\n")


# -- reading ------------------------------------------------------------------------------
def _given_rules(activations: Sequence[Rule]) -> dict[str, Rule]:
    """load's ``activations`` by name, each checked as a model checks an activation (a Rule of one input)."""
    if isinstance(activations, (str, Rule)) or not isinstance(activations, (list, tuple)):
        raise TypeError(f"load's activations must be a list of your Rules, e.g. activations=[softsign]; got "
                        f"{type(activations).__name__} {activations!r}.")
    given: dict[str, Rule] = {}
    for index, rule in enumerate(activations):
        name, checked = activation_rule(f"activations[{index}]", rule)
        if name in given and checked is not None and not same_rule(given[name], checked):
            raise ValueError(f"load got two rules named {name!r} in activations ({given[name]!r} and {rule!r}); "
                             "a file names a rule by its name, so pass one of them.")
        if checked is not None:
            given[name] = checked
    return given


def _with_rules(path: Path, cls: ModelClass, config: dict[str, Any], given: Mapping[str, Rule]) -> dict[str, Any]:
    """The config with each activation that names a rule (not one of ACTIVATIONS) replaced by the rule:
    one given to load, else the built-in rule of one input of that name."""
    resolved = dict(config)
    for key in ("activation", "output_activation"):
        name = config.get(key)
        if not isinstance(name, str) or name in ACTIVATIONS:
            continue  # the constructor checks it
        built_in = RULES.get(name)
        rule = given.get(name) or (built_in if built_in is not None and built_in.arity == 1 else None)
        if rule is None:
            raise _corrupt(path, f"{cls.__name__}({_arguments(config)}) cannot be built: {key} must be one of "
                                 f"{', '.join(map(repr, ACTIVATIONS))} or a rule; its {name!r} is neither built in "
                                 f"nor given to load",
                           fix=f"If {name!r} is your own Rule, pass it: load(..., activations=[your_rule]) with the "
                               f"rule the model was built with (its name is {name!r}). {FIX}")
        resolved[key] = rule
    return resolved


def _read_json(path: Path) -> object:
    try:
        text = read_bytes(path, LOAD_HINT).decode("utf-8")
    except FileNotFoundError:
        raise FileNotFoundError(f"no saved model at {path}: the file does not exist. Check the path "
                                "(relative paths start from the current folder).") from None
    except NotRegularFileError as error:  # refused before opening: reading a FIFO would wait forever
        raise _corrupt(path, f"it is {error.kind}, not a regular file, so not a saved model",
                       fix="Give the path of a file written by nn.save, e.g. load('model.json').") from None
    except UnicodeDecodeError as error:
        raise _corrupt(path, f"it is not text (byte {error.start} is not UTF-8), so not a saved model") from None
    if not text.strip():
        raise _corrupt(path, "it is empty")
    try:
        return json.loads(text, parse_constant=_refuse_constant, object_pairs_hook=_unique_keys)
    except (json.JSONDecodeError, RecursionError) as error:
        raise _corrupt(path, f"it is not valid JSON ({error}); it may be truncated or not a model file") from None
    except ValueError as error:  # from the two checks below, or an integer too long to read
        raise _corrupt(path, str(error)) from None


def _refuse_constant(name: str) -> NoReturn:
    # json.loads accepts NaN and Infinity by default, though they are not JSON.
    raise ValueError(f"it contains {name}, which is not JSON and not a number a Value can hold")


def _unique_keys(pairs: list[tuple[str, object]]) -> dict[str, object]:
    document = dict(pairs)
    if len(document) != len(pairs):
        keys = [key for key, _ in pairs]
        repeated = sorted({key for key in keys if keys.count(key) > 1})
        raise ValueError(f"the key(s) {repeated} appear more than once in one object, so one value would be lost")
    return document


def _check_document(path: Path, document: object) -> tuple[ModelClass, dict[str, Any], dict[str, float]]:
    """The class, config and parameters of a parsed file, after checking every part of it."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        found = (f"a JSON {_json_kind(document)}" if not isinstance(document, dict)
                 else f'"format": {document["format"]!r}' if "format" in document else 'no "format"')
        raise _corrupt(path, f'it is not a chainrule model file (expected an object with "format": "{FORMAT}"; '
                             f"found {found})")
    if sorted(document) != sorted(KEYS):
        raise _corrupt(path, f"it {_differences(document, KEYS, 'key')}; "
                             f"a version-{VERSION} model file has exactly the keys {list(KEYS)}")
    version = document["version"]
    if type(version) is not int or version != VERSION:
        newer = type(version) is int and version > VERSION
        raise _corrupt(path, f"its format version is {version!r}; this chainrule reads version {VERSION}",
                       fix="It was written by a newer chainrule: upgrade chainrule to load it." if newer else FIX)
    cls = CLASSES.get(document["class"]) if isinstance(document["class"], str) else None
    if cls is None:
        raise _corrupt(path, f"its class {document['class']!r} is not one of {', '.join(CLASSES)}")
    config = _check_config(path, cls, document["config"])
    parameters = _check_parameters(path, document["parameters"])
    expected = _parameter_count(cls, config)
    if expected is not None and expected != len(parameters):
        raise _corrupt(path, f"it holds {len(parameters)} parameters, but {cls.__name__}({_arguments(config)}) "
                             f"has {expected}: the weights and the config do not belong together")
    return cls, config, parameters


def _check_config(path: Path, cls: ModelClass, config: object) -> dict[str, Any]:
    """Only the constructor arguments that config() saves: never seed/rng, never unknown names.
    Their values are any JSON: the constructor checks them, as it checks a caller's."""
    if not isinstance(config, dict):
        raise _corrupt(path, f'its "config" must be an object of constructor arguments; got {type(config).__name__}')
    signature = inspect.signature(cls)
    allowed = [name for name in signature.parameters if name not in ("seed", "rng")]
    required = [name for name in allowed if signature.parameters[name].default is inspect.Parameter.empty]
    if any(name not in allowed for name in config) or any(name not in config for name in required):
        raise _corrupt(path, f"its config for {cls.__name__} {_differences(config, required, 'argument', allowed)} "
                             f"(it takes {allowed}, of which {required} are required)")
    return config


def _check_parameters(path: Path, parameters: object) -> dict[str, float]:
    if not isinstance(parameters, dict) or not parameters:
        found = "an empty object" if parameters == {} else f"a JSON {_json_kind(parameters)}"
        raise _corrupt(path, f'its "parameters" must be a non-empty object of name -> number; found {found}')
    for name, number in parameters.items():
        if not isinstance(number, (int, float)) or isinstance(number, bool) or not _finite(number):
            raise _corrupt(path, f"parameter {name!r} is {number!r:.60}, not a finite number")
    return parameters


def _finite(number: int | float) -> bool:
    try:
        return math.isfinite(number)  # json reads 1e999 as inf; a 400-digit int overflows
    except OverflowError:
        return False


def _parameter_count(cls: ModelClass, config: dict[str, Any]) -> int | None:
    """How many weights and biases ``config`` describes, so a wrong file is refused before a
    (possibly huge) model is built; None when the widths are invalid (the constructor says why)."""
    if cls is MLP:
        sizes = config["sizes"]
        widths = [config["n_inputs"], *sizes] if isinstance(sizes, list) else []
    else:
        widths = [config["n_inputs"], config["n_outputs"] if cls is Layer else 1]
    counts = [width for width in widths if type(width) is int and width >= 1]
    if len(widths) < 2 or len(counts) != len(widths):
        return None
    return sum(fan_out * (fan_in + 1) for fan_in, fan_out in zip(counts, counts[1:]))


def _corrupt(path: Path, problem: str, fix: str = FIX) -> ValueError:
    return ValueError(f"cannot load {path}: {problem}. {fix}")


def _differences(found: Collection[str], required: Sequence[str], kind: str,
                 allowed: Sequence[str] | None = None) -> str:
    """'lacks the key(s) [...] and has unexpected key(s) [...]', for the parts that apply."""
    missing = [name for name in required if name not in found]
    unexpected = [name for name in found if name not in (allowed or required)]
    parts = [f"lacks the {kind}(s) {missing}"] if missing else []
    parts += [f"has unexpected {kind}(s) {unexpected}"] if unexpected else []
    return " and ".join(parts)


def _json_kind(item: object) -> str:
    kinds = {dict: "object", list: "array", str: "string", int: "number", float: "number", bool: "boolean"}
    return kinds.get(type(item), "null")


def _arguments(config: Mapping[str, object]) -> str:
    return ", ".join(f"{name}={value!r}" for name, value in config.items())


def _few(names: list[str]) -> str:
    return f"{names[:5]}" + (f" and {len(names) - 5} more" if len(names) > 5 else "")
