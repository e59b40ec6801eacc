"""The layering of ARCHITECTURE.md: autograd -> (nothing of ours), nn -> autograd,
demos -> both; heavy packages only imported lazily, inside the function that needs them."""
import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
# package -> our packages it must never import
FORBIDDEN = {"autograd": {"nn", "demos", "benchmarks"}, "nn": {"demos", "benchmarks"}, "demos": {"benchmarks"}}
HEAVY = {"numpy", "graphviz", "matplotlib", "torch"}


def _imports(path: Path, top_level_only: bool) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    nodes = tree.body if top_level_only else ast.walk(tree)
    names = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_imports_only_point_downwards(package):
    for path in sorted((ROOT / package).rglob("*.py")):
        bad = _imports(path, top_level_only=False) & FORBIDDEN[package]
        assert not bad, f"{path.relative_to(ROOT)} imports {sorted(bad)}, against the layering of ARCHITECTURE.md"


def test_autograd_imports_heavy_packages_only_lazily():
    allowed_at_top: dict = {}  # even trace.py imports numpy only when a trace is made
    for path in sorted((ROOT / "autograd").rglob("*.py")):
        heavy = _imports(path, top_level_only=True) & HEAVY - allowed_at_top.get(path.name, set())
        assert not heavy, f"{path.relative_to(ROOT)} imports {sorted(heavy)} at module level; import it inside the function"


def test_importing_autograd_pulls_in_no_heavy_package():
    code = "import sys, autograd; print(sorted(m for m in ('nn', 'numpy', 'graphviz', 'matplotlib', 'torch') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True)
    assert result.stdout.strip() == "[]", result.stdout + result.stderr
