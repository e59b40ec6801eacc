"""Every lesson as a Jupyter notebook: notebooks/NAME.ipynb, generated from demos/NAME.py.

A lesson file is a script in jupytext's "percent" format: ``# %% [markdown]`` cells of prose between
``# %%`` cells of code, so the one file runs as ``python -m demos.NAME`` and reads as a notebook.
The notebook gets one set-up cell more (work from the repository's root, where ``demos/`` is), loses the
module docstring (its title cell says the same) and ``# ruff:`` lines, and has no outputs:
``python -m demos.notebooks`` writes them all; a test checks they are in sync.

A lesson tells its story in the notebook and runs as a script from the same file, with jupytext's two
cell tags: a ``# %% tags=["active-ipynb"]`` cell is the notebook's alone (its lines are comments in the
.py, so importing the lesson runs nothing): a step of the story shown as it happens, or a "your turn"
cell that ``exercises.check`` grades in place. A ``# %% tags=["active-py"]`` cell is the script's alone
(``main``, which the tests call, and ``if __name__ == "__main__"``): the notebook leaves it out.
Also generated: the tour, notebooks/tour.ipynb, from notebooks/tour.py.

Imports: the standard library, autograd.files, jupytext and nbformat (the dev extra).
"""
import ast
import sys
from pathlib import Path

from autograd.files import write_text

ROOT = Path(__file__).resolve().parents[1]
FOLDER = ROOT / "notebooks"
KERNEL = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
SETUP = '''\
# Set-up: work from the root of the chainrule clone (where demos/ is), wherever this notebook was opened.
# In Colab, clone chainrule first: see the README, "Run in a notebook / Colab".
import os
from pathlib import Path

here = Path.cwd()
candidates = (here, *here.parents, here / "chainrule")
root = next((folder for folder in candidates if (folder / "demos" / "common.py").is_file()), None)
if root is None:
    raise FileNotFoundError("run this notebook inside a clone of chainrule (see its README)")
os.chdir(root)'''


def sources() -> list[Path]:
    """The lesson files (modules of demos/ that define main), then the tour's source."""
    lessons = [path for path in sorted((ROOT / "demos").glob("*.py")) if _defines_main(path)]
    return [*lessons, FOLDER / "tour.py"]


def notebook_text(source: Path) -> str:
    """The .ipynb text for one percent-format source: its cells, the set-up cell after the first, no outputs."""
    import jupytext
    import nbformat

    notebook = jupytext.reads(source.read_text(encoding="utf-8"), fmt="py:percent")
    cells = [cell for cell in notebook.cells if not _is_lint_directive(cell) and not _is_script_only(cell)]
    for cell in cells:
        if cell.cell_type == "code":
            cell.source = _without_docstring(cell.source)  # the title cell says it; in a later cell it is no docstring
            break
    setup = nbformat.v4.new_code_cell(SETUP)
    cells.insert(1 if cells and cells[0].cell_type == "markdown" else 0, setup)
    notebook.cells = cells
    for index, cell in enumerate(cells):
        cell.id = f"{source.stem}-{index}"  # stable ids: the same source always gives the same file
        cell.metadata = {"tags": ["remove-cell"]} if cell is setup else {}  # the docs site leaves it out
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    notebook.metadata = {"kernelspec": KERNEL, "language_info": {"name": "python"}}
    notebook.nbformat, notebook.nbformat_minor = 4, 5
    return nbformat.writes(notebook) + "\n"


def write_notebooks(folder: Path = FOLDER) -> list[Path]:
    """Write every source's notebook into ``folder``; returns the paths written."""
    return [write_text(folder / f"{source.stem}.ipynb", notebook_text(source)) for source in sources()]


def _is_lint_directive(cell) -> bool:
    """A script-only line such as ``# ruff: noqa: B018`` (a notebook shows a cell's last value; a script wastes it)."""
    return cell.cell_type == "code" and all(line.startswith("# ruff:") for line in cell.source.splitlines())


def _is_script_only(cell) -> bool:
    """A ``tags=["active-py"]`` cell: jupytext reads it as a raw cell; the notebook tells that part as cells."""
    return "active-py" in cell.metadata.get("tags", [])


def _without_docstring(code: str) -> str:
    body = ast.parse(code).body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant) \
            and isinstance(body[0].value.value, str):
        return "\n".join(code.splitlines()[body[0].end_lineno:]).lstrip("\n")
    return code


def _defines_main(path: Path) -> bool:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return any(isinstance(node, ast.FunctionDef) and node.name == "main" for node in tree.body)


if __name__ == "__main__":
    for written in write_notebooks(Path(sys.argv[1]) if len(sys.argv) > 1 else FOLDER):
        print(f"wrote {written}")
