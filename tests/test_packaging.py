"""The wheel ships every module of autograd and nn plus the explore and theater pages' assets, and nothing else.

The wheel is built offline with setuptools' own backend (what `pip wheel --no-build-isolation` calls), from a
clean copy of the repository: building in place would write build/ and *.egg-info into the working tree.
"""
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from autograd import Value, explore

ROOT = Path(__file__).resolve().parents[1]
ASSETS = ["autograd/sight/assets/explore.css", "autograd/sight/assets/explore.html", "autograd/sight/assets/explore.js",
          *(f"nn/theater_page/assets/{name}" for name in ("theater.html", "theater.css", "numbers.js", "network.js",
                                                          "bridge.js", "pictures.js", "diagram.js", "panels.js",
                                                          "main.js"))]
NOT_SHIPPED = ("tests/", "demos/", "benchmarks/")
LEFTOVERS = (".git", ".venv", "__pycache__", "build", "dist", "*.egg-info", ".pytest_cache", ".hypothesis", "out")


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The path of a wheel freshly built from a copy of the working tree."""
    folder = tmp_path_factory.mktemp("packaging")
    source, dist = folder / "source", folder / "dist"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*LEFTOVERS))
    build = "import sys; from setuptools import build_meta; print(build_meta.build_wheel(sys.argv[1]))"
    result = subprocess.run([sys.executable, "-c", build, str(dist)], cwd=source, capture_output=True, text=True)
    assert result.returncode == 0, f"building the wheel failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    return dist / result.stdout.strip().splitlines()[-1]


def test_the_wheel_holds_every_module_and_the_page_assets_and_nothing_else(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    missing = [asset for asset in ASSETS if asset not in names]
    assert not missing, f"the pages' files are not package data: {missing}"
    modules = sorted(path.relative_to(ROOT).as_posix() for package in ("autograd", "nn", "exercises")
                     for path in (ROOT / package).rglob("*.py"))
    left_out = [module for module in modules if module not in names]
    assert modules and not left_out, f"modules missing from the wheel: {left_out}"
    shipped_by_mistake = sorted(name for name in names if name.startswith(NOT_SHIPPED))
    assert not shipped_by_mistake, f"tests, demos or benchmarks in the wheel: {shipped_by_mistake}"
    top_level = {name.split("/")[0] for name in names}
    assert {top for top in top_level if not top.endswith(".dist-info")} == {"autograd", "nn", "exercises"}, top_level


def test_the_page_is_written_from_the_wheel_alone(wheel, tmp_path):
    # -S: no site-packages, so neither the editable install nor the source tree can stand in for the wheel.
    code = ("import sys; sys.path.insert(0, sys.argv[1]); import autograd; from autograd import Value, explore; "
            "assert autograd.__file__.startswith(sys.argv[1]), autograd.__file__; "
            "print(explore(Value(2.0, label='x') * 3.0, 'page.html'))")
    command = [sys.executable, "-S", "-c", code, str(wheel)]
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    from_source = explore(Value(2.0, label="x") * 3.0, tmp_path / "from_source.html")
    assert (tmp_path / result.stdout.strip()).read_bytes() == from_source.read_bytes()
