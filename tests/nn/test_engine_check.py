"""The Colab guard (issue 13): when another package named autograd (HIPS autograd, preinstalled on Colab)
comes first on sys.path, `import nn` and every lesson stop with an ImportError saying so and what to do."""
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def foreign_autograd(tmp_path):
    """A folder holding a package called autograd that is not chainrule's (HIPS autograd's first names)."""
    package = tmp_path / "site" / "autograd"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("def grad(fun):\n    return fun\n\nelementwise_grad = grad\n")
    return package.parent


def _run(arguments: list[str], first_on_path: Path, cwd: Path) -> subprocess.CompletedProcess:
    """Python in ``cwd`` (not the clone, whose autograd/ would shadow the fake) with the fake autograd first."""
    environment = {"PATH": "/usr/bin:/bin", "PYTHONPATH": f"{first_on_path}:{ROOT}"}
    return subprocess.run([sys.executable, *arguments], cwd=cwd, env=environment, capture_output=True, text=True,
                          timeout=60)


@pytest.mark.parametrize("arguments", [["-c", "import nn"], ["-m", "demos.neuron"]], ids=["import nn", "a lesson"])
def test_another_autograd_first_on_the_path_is_named_with_what_to_do(arguments, foreign_autograd, tmp_path):
    result = _run(arguments, foreign_autograd, tmp_path)
    assert result.returncode != 0
    last = result.stderr.strip().splitlines()[-1]
    assert last.startswith("ImportError: the 'autograd' Python found (") and "is not chainrule's engine" in last
    assert str(foreign_autograd / "autograd" / "__init__.py") in last
    assert "%cd chainrule" in last and "Run in a notebook / Colab" in last


def test_chainrule_s_own_autograd_passes_the_check(tmp_path):
    result = _run(["-c", "import nn, demos; print(nn.MLP(2, [1]))"], ROOT, tmp_path)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("MLP(2 -> 1")
