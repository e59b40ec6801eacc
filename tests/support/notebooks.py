"""Run notebooks in a real, fresh Jupyter kernel for the tests, and read what they showed.

The kernel is this interpreter (the project's .venv) whatever kernels the machine has: a kernel spec
named ``chainrule-tests``, written in a temporary folder put first on JUPYTER_PATH, starts
``sys.executable -m ipykernel_launcher``.

    notebook = execute(notebook_from_cells(["print(1)"]), cwd=tmp_path)
    outputs(notebook)[0]  # [{'output_type': 'stream', 'name': 'stdout', 'text': '1\\n'}]
"""
import json
import os
import sys
import tempfile
from pathlib import Path

import pytest

KERNEL_NAME = "chainrule-tests"


def execute(notebook, cwd: Path, timeout: int = 600, env: dict | None = None):
    """Run every cell of ``notebook`` (an nbformat notebook) in a fresh kernel started in ``cwd``; fails the
    test with the cell and its traceback on any error. Returns the notebook, outputs filled in."""
    nbclient = pytest.importorskip("nbclient", reason="notebooks run with the dev extra: pip install -e '.[dev]'")
    with tempfile.TemporaryDirectory() as folder:
        spec = Path(folder) / "kernels" / KERNEL_NAME
        spec.mkdir(parents=True)
        (spec / "kernel.json").write_text(json.dumps({
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "chainrule (tests)", "language": "python"}))
        previous = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [folder, previous]))
        try:
            client = nbclient.NotebookClient(notebook, kernel_name=KERNEL_NAME, timeout=timeout,
                                             resources={"metadata": {"path": str(cwd)}})
            kernel_env = {**os.environ, **(env or {})}
            client.execute(env=kernel_env)
        except nbclient.exceptions.CellExecutionError as error:
            pytest.fail(f"a notebook cell failed:\n{error}", pytrace=False)
        finally:
            if previous is None:
                os.environ.pop("JUPYTER_PATH", None)
            else:
                os.environ["JUPYTER_PATH"] = previous
    return notebook


def notebook_from_cells(sources: list[str]):
    """A notebook of code cells with these sources."""
    import nbformat

    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source) for source in sources])


def outputs(notebook) -> list[list[dict]]:
    """Each code cell's outputs, in order."""
    return [cell.outputs for cell in notebook.cells if cell.cell_type == "code"]
