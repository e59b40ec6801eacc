"""The shape of the code, as ARCHITECTURE.md and STYLE.md describe it: imports point downwards,
heavy packages are imported lazily, only value.py and nodes.py touch a Value's private slots,
no module hides behind a function of its name, and every module says truly what it imports."""
import ast
import importlib
import pkgutil
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("autograd", "nn")
# package -> our packages it must never import
FORBIDDEN = {"autograd": {"nn", "demos", "benchmarks", "exercises"}, "nn": {"demos", "benchmarks", "exercises"},
             "demos": {"benchmarks"}}
HEAVY = {"numpy", "graphviz", "matplotlib", "torch"}
# autograd's top level: the engine core
CORE = {"rule", "ops", "maths", "value", "calling", "nodes", "graph", "gradient_check", "derivatives", "scalars",
        "arguments", "files"}
# The core imports nothing built on it, with one exception: a Value shows its drawing in Jupyter.
CORE_UPWARD_ALLOWED = {("value", "sight.drawing")}


def _modules(package: str) -> list[Path]:
    return sorted((ROOT / package).rglob("*.py"))


def _name(path: Path) -> str:
    """autograd/sight/steps.py -> "sight.steps"; autograd/sight/__init__.py -> "sight"."""
    parts = path.relative_to(ROOT).with_suffix("").parts[1:]
    return ".".join(part for part in parts if part != "__init__")


def _imports(path: Path, top_level_only: bool = False) -> set[str]:
    """What a module imports: our own modules by their name inside the package (sight.steps), other
    packages by their top-level name (numpy, autograd); the standard library is left out."""
    tree = ast.parse(path.read_text(), filename=str(path))
    package_parts = path.relative_to(ROOT).parts[:-1]
    names = set()
    for node in tree.body if top_level_only else ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names} - _STANDARD
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names |= {node.module.split(".")[0]} - _STANDARD
        elif isinstance(node, ast.ImportFrom):  # relative: one of ours, even when named like a standard module (io)
            base = package_parts[: len(package_parts) - node.level + 1][1:]
            if node.module:
                names.add(".".join([*base, node.module]))
            else:
                names |= {".".join([*base, alias.name]) for alias in node.names}
    return names


_STANDARD = set(sys.stdlib_module_names) | {"__future__"}


def _claimed_imports(path: Path) -> set[str] | None:
    """The names on the docstring's "Imports: a, b (a note), c." line (it may wrap); None when there is none."""
    docstring = ast.get_docstring(ast.parse(path.read_text())) or ""
    match = re.search(r"^Imports: (.*?)\.$", docstring, re.M | re.S)  # the line may wrap onto the next ones
    if match is None:
        return None
    if match.group(1) == "the standard library only":
        return set()
    named = re.sub(r"\(.*?\)", "", match.group(1), flags=re.S)
    return {item.strip() for item in named.split(",")}


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_only_point_downwards(package):
    for path in _modules(package):
        bad = {name.split(".")[0] for name in _imports(path)} & FORBIDDEN[package]
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}, against the layering of ARCHITECTURE.md"


def test_the_engine_core_imports_nothing_built_on_it():
    for path in _modules("autograd"):
        if _name(path).split(".")[0] in CORE:
            upward = {name for name in _imports(path) if name.split(".")[0] in {"sight", "tracing", "cli"}}
            assert upward <= {up for core, up in CORE_UPWARD_ALLOWED if core == _name(path)}, (path, upward)


@pytest.mark.parametrize("path", [p for package in PACKAGES for p in _modules(package)],
                         ids=lambda p: str(p.relative_to(ROOT)))
def test_module_docstrings_say_truly_what_they_import(path):
    claimed = _claimed_imports(path)
    assert claimed is not None, f"{path.relative_to(ROOT)}: end the docstring with a line 'Imports: ...'"
    assert claimed == _imports(path), f"{path.relative_to(ROOT)}: the docstring's Imports line is out of date"


# The two modules that may touch a Value's slots (`x._data`, `x._rule`, ...): the class itself, and the fast path.
VALUE_SLOTS = {"value", "nodes"}


def test_only_value_and_nodes_touch_a_value_s_slots():
    """Everyone else, the rest of the core included, uses .data, .rule, .requires_grad, calling a rule."""
    found = []
    for package in (*PACKAGES, "demos", "exercises"):
        for path in _modules(package):
            if package == "autograd" and _name(path) in VALUE_SLOTS:
                continue
            tree = ast.parse(path.read_text())
            for node in ast.walk(tree):
                private_attribute = (isinstance(node, ast.Attribute) and node.attr.startswith("_")
                                     and not node.attr.startswith("__")
                                     and not (isinstance(node.value, ast.Name) and node.value.id in ("self", "cls")))
                private_import = isinstance(node, ast.ImportFrom) and any(a.name.startswith("_") for a in node.names)
                if private_attribute or private_import:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)}")
    assert not found, "private reaches across modules:\n" + "\n".join(found)


def test_no_module_is_shadowed_by_a_name_its_package_exports():
    for package_name in ("autograd", "autograd.sight", "autograd.tracing", "autograd.cli", "nn"):
        package = importlib.import_module(package_name)
        for info in pkgutil.iter_modules(package.__path__):
            if info.name == "__main__":
                continue
            module = importlib.import_module(f"{package_name}.{info.name}")
            assert getattr(package, info.name, module) is module, f"{package_name}.{info.name} is not the module"


# Modules that are themselves imported only inside a function (when a trace is compiled), so numpy at
# their top is still lazy for `import autograd`; the test after this one checks that for real.
IMPORTED_LAZILY = {"tracing.kernels", "tracing.fixed", "tracing.base", "tracing.layer", "tracing.fused"}


def test_autograd_imports_heavy_packages_only_lazily():
    for path in _modules("autograd"):
        heavy = _imports(path, top_level_only=True) & HEAVY - ({"numpy"} if _name(path) in IMPORTED_LAZILY else set())
        assert not heavy, (f"{path.relative_to(ROOT)} imports {sorted(heavy)} at module level; "
                           "import it inside the function")


def test_importing_autograd_pulls_in_no_heavy_package():
    code = ("import sys, autograd; "
            "print(sorted(m for m in ('nn', 'numpy', 'graphviz', 'matplotlib', 'torch') if m in sys.modules))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr


def test_every_file_the_project_writes_goes_through_the_one_writer():
    """autograd/files.py alone replaces files and makes temporaries; everyone else calls it."""
    writing = {"os.replace", "os.rename", "shutil.move", "mkstemp", "NamedTemporaryFile", "write_text", "write_bytes"}
    found = []
    for package in (*PACKAGES, "demos", "benchmarks"):
        for path in _modules(package):
            if path == ROOT / "autograd" / "files.py":
                continue
            for node in ast.walk(ast.parse(path.read_text())):
                if not isinstance(node, ast.Call):
                    continue
                called = ast.unparse(node.func)
                called = called.split(".")[-1] if not called.startswith(("os.", "shutil.")) else called
                opens_to_write = called == "open" and any(
                    isinstance(arg, ast.Constant) and isinstance(arg.value, str) and set(arg.value) & set("wax")
                    for arg in [*node.args[1:2], *(k.value for k in node.keywords if k.arg == "mode")])
                if (called in writing and not _is_project_writer(node)) or opens_to_write:
                    found.append(f"{path.relative_to(ROOT)}:{node.lineno}: {ast.unparse(node)[:80]}")
    assert not found, "files written around autograd.files:\n" + "\n".join(found)


def _is_project_writer(call: ast.Call) -> bool:
    """write_text(path, text) and write_bytes(path, data) of autograd.files, called by name."""
    return isinstance(call.func, ast.Name) and call.func.id in {"write_text", "write_bytes"}


def test_no_module_keeps_two_copies_of_the_weights_in_step_by_hand():
    """nn.Weights owns the parameter vector: no bind/unbind/sync/reload methods to keep copies in step (issue 18)."""
    found = []
    for path in [*_modules("nn"), *sorted((ROOT / "autograd" / "tracing").rglob("*.py"))]:
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.FunctionDef) and node.name in {"bind", "unbind", "sync", "reload"}:
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}: def {node.name}")
    assert not found, "\n".join(found)
