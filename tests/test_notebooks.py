"""Every lesson is also a notebook (issue 13): notebooks/NAME.ipynb is generated from demos/NAME.py and
committed in sync and without outputs; every notebook runs in a fresh Jupyter kernel without an error,
with its pictures inline; the tour shows the explanation, the gradcheck table, one progress display
and the History curves."""
import importlib
import pkgutil
import re
import tempfile
from pathlib import Path

import pytest

import demos
from demos import notebooks
from tests.support.notebooks import execute, outputs
from tests.support.working_tree import out_snapshot


def nbformat():  # imported when a test needs it, not while make quick collects this file
    return pytest.importorskip("nbformat", reason="notebooks need the dev extra: pip install -e '.[dev]'")


@pytest.fixture(autouse=True)
def _jupytext():
    pytest.importorskip("jupytext", reason="notebooks are generated with jupytext (the dev extra)")


ROOT = Path(__file__).resolve().parents[1]
LESSONS = sorted(info.name for info in pkgutil.iter_modules(demos.__path__)
                 if hasattr(importlib.import_module(f"demos.{info.name}"), "main"))
NOTEBOOKS = [*LESSONS, "tour"]
_executed = {}


def executed(name: str):
    """The notebook, run once per session in a fresh kernel started in notebooks/ of a copy of the clone, as
    Jupyter would. The copy (its demos/ a link to ours) has its own out/: the lessons save their pictures
    there, never over what `make demo` wrote into the working tree's out/."""
    if name not in _executed:
        notebook = nbformat().read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
        _executed[name] = execute(notebook, cwd=_clone() / "notebooks")
    return _executed[name]


def _clone() -> Path:
    """A folder the notebooks' set-up cell takes for the clone's root (it holds demos/common.py), made once
    per session and removed at its end."""
    if not _clones:
        _clones.append(tempfile.TemporaryDirectory(prefix="chainrule-notebooks-"))
        root = Path(_clones[0].name)
        (root / "demos").symlink_to(ROOT / "demos", target_is_directory=True)
        (root / "notebooks").mkdir()
    return Path(_clones[0].name)


_clones: list = []


def test_every_lesson_and_the_tour_have_a_source_and_nothing_else_does():
    assert [source.stem for source in notebooks.sources()] == NOTEBOOKS
    assert sorted(path.stem for path in (ROOT / "notebooks").glob("*.ipynb")) == sorted(NOTEBOOKS)


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_the_committed_notebook_is_what_its_source_generates(name):
    source = ROOT / ("notebooks/tour.py" if name == "tour" else f"demos/{name}.py")
    committed = (ROOT / "notebooks" / f"{name}.ipynb").read_text(encoding="utf-8")
    assert committed == notebooks.notebook_text(source), (
        f"notebooks/{name}.ipynb is out of date with {source.relative_to(ROOT)}: run python -m demos.notebooks")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_a_notebook_is_committed_without_outputs_and_teaches_in_prose(name):
    notebook = nbformat().read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    nbformat().validate(notebook)
    code = [cell for cell in notebook.cells if cell.cell_type == "code"]
    assert all(cell.outputs == [] and cell.execution_count is None for cell in code)
    prose = [cell.source for cell in notebook.cells if cell.cell_type == "markdown"]
    assert prose[0].startswith("# ") and len(prose) >= 3  # a title, then explanations between the code


def test_generating_writes_every_notebook(tmp_path):
    written = notebooks.write_notebooks(tmp_path)
    assert sorted(path.name for path in written) == sorted(f"{name}.ipynb" for name in NOTEBOOKS)
    for path in written:
        assert path.read_text(encoding="utf-8") == (ROOT / "notebooks" / path.name).read_text(encoding="utf-8")


@pytest.mark.slow
@pytest.mark.parametrize("name", NOTEBOOKS)
def test_every_notebook_runs_in_a_fresh_kernel_with_its_pictures_inline(name):
    shown = [output for cell in outputs(executed(name)) for output in cell]
    printed = "".join(output.get("text", "") for output in shown if output.output_type == "stream")
    assert not [output for output in shown if output.output_type == "error"]
    assert "Traceback" not in printed and "Warning" not in printed
    saved = re.findall(r"^wrote \S+\.png$", printed, flags=re.M)  # demos.common.save_figure's line
    pictures = [output for output in shown if "image/png" in output.get("data", {})]
    assert len(pictures) == len(saved), f"{len(saved)} pictures saved, {len(pictures)} shown"


@pytest.mark.slow
def test_the_lessons_with_pictures_show_them():
    for name in ("bce", "moons", "newton", "backprop"):
        kinds = {kind for cell in outputs(executed(name)) for output in cell for kind in output.get("data", {})}
        assert kinds & {"image/png", "image/svg+xml"}, name


@pytest.mark.slow
def test_the_tour_shows_the_explanation_the_gradcheck_table_one_progress_display_and_the_curves():
    tour = executed("tour")
    (explanation,) = _outputs_of(tour, "explain(out)")
    assert explanation.data["text/plain"].startswith("dout/dout = 1.0000")
    assert "dout/dx += " in explanation.data["text/plain"] and "<table>" in explanation.data["text/html"]
    (report,) = _outputs_of(tour, "gradcheck(")
    assert "<table>" in report.data["text/html"] and "All gradients match" in report.data["text/html"]
    assert report.data["text/plain"].splitlines()[-1].startswith("all gradients match")
    (progress,) = _outputs_of(tour, "history = fit(")  # one output for 40 epochs, updated in place
    assert progress.output_type == "display_data" and progress.data["text/plain"].startswith("epoch 40/40 |")
    printed, history = _outputs_of(tour, "print(f\"training accuracy")
    assert printed.output_type == "stream" and history.data["text/plain"].startswith("History(40 epochs")
    assert '<img src="data:image/png;base64,' in history.data["text/html"]


def _outputs_of(notebook, start: str) -> list:
    """The outputs of the one code cell whose source starts with ``start``."""
    (cell,) = [cell for cell in notebook.cells if cell.cell_type == "code" and cell.source.startswith(start)]
    return cell.outputs


@pytest.mark.slow
def test_a_notebook_opened_from_a_clone_elsewhere_finds_its_root(tmp_path):
    """The set-up cell looks up from the notebook's folder, and into ./chainrule (a clone in Colab's /content)."""
    (tmp_path / "chainrule").symlink_to(ROOT, target_is_directory=True)
    setup = notebooks.SETUP + "\nprint(Path.cwd())"
    notebook = execute(nbformat().v4.new_notebook(cells=[nbformat().v4.new_code_cell(setup)]), cwd=tmp_path)
    assert outputs(notebook)[0][0].text.strip() == str(ROOT)  # reached through tmp_path/chainrule


OUT_BEFORE = out_snapshot()  # what `make demo` wrote into out/, as the session found it


@pytest.mark.slow
def test_running_the_notebooks_leaves_the_working_trees_out_folder_alone():
    """The notebook tests used to overwrite out/ (what `make demo` wrote) with their own pictures (issue 21)."""
    shown = [output for cell in outputs(executed("bce")) for output in cell]
    printed = "".join(output.get("text", "") for output in shown if output.output_type == "stream")
    assert re.search(r"^wrote out/bce\.png$", printed, flags=re.M), printed  # the lesson did save its pictures...
    assert out_snapshot() == OUT_BEFORE  # ...but not into the working tree's out/
    assert (_clone() / "out" / "bce.png").is_file()


# Issue 22: the lessons told as stories, each with a "your turn" cell graded in place by exercises.check.
# (lesson, exercise its "your turn" cell grades); the other lessons are still a main() of prints.
STORIES = {"neuron": 2, "backprop": 6, "bce": 6, "softmax": 8, "logistic_regression": 9, "moons": 6, "newton": 10,
           "gradient_descent": 7, "topological_order": 4, "learning_rate": 9, "to_pytorch": 7, "closed_form": 10,
           "mse_vs_bce": 6, "sgd": 7, "forward_mode": 1, "tour": 1}
CHECK_CALL = re.compile(r"^print\(check\((\d+), (\w+)\)\)$", flags=re.M)


def test_a_lesson_cell_tagged_active_py_is_the_scripts_and_active_ipynb_the_notebooks(tmp_path):
    source = tmp_path / "lesson.py"
    source.write_text('# %% [markdown]\n# # A lesson\n\n# %%\nX = 1\n\n# %% tags=["active-ipynb"]\n# print(X + 1)\n\n'
                      '# %% tags=["active-py"]\ndef main():\n    print(X)\n\n\n'
                      'if __name__ == "__main__":\n    main()\n', encoding="utf-8")
    cells = nbformat().reads(notebooks.notebook_text(source), as_version=4).cells
    assert [cell.cell_type for cell in cells] == ["markdown", "code", "code", "code"]  # title, set-up, X, X + 1
    assert [cell.source for cell in cells[2:]] == ["X = 1", "print(X + 1)"]


@pytest.mark.parametrize("name", sorted(STORIES))
def test_a_story_has_a_your_turn_cell_and_no_main_of_prints(name):
    cells = nbformat().read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4).cells
    code = [cell.source for cell in cells if cell.cell_type == "code"]
    assert not [source for source in code if "def main(" in source or "__main__" in source]
    turns = [index for index, cell in enumerate(cells) if cell.cell_type == "code" and CHECK_CALL.search(cell.source)]
    assert turns, f"{name} has no cell that ends with print(check(N, answer))"
    assert all(cells[index - 1].source.startswith("## Your turn") for index in turns)
    assert int(CHECK_CALL.search(cells[turns[0]].source)[1]) == STORIES[name]


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(STORIES))
def test_a_blank_your_turn_cell_runs_to_a_not_yet_verdict_never_an_error(name):
    notebook = executed(name)
    (turn,) = [cell for cell in notebook.cells if cell.cell_type == "code" and CHECK_CALL.search(cell.source)][:1]
    printed = "".join(output.get("text", "") for output in turn.outputs)
    assert [output.output_type for output in turn.outputs] == ["stream"], turn.outputs
    assert f"Exercise {STORIES[name]} " in printed and ": wrong" in printed and "not written yet" in printed


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(STORIES))
def test_a_your_turn_cell_with_the_reference_answer_grades_correct_in_place(name):
    """Truth: exercises/solutions' reference answer, put where the student writes, the whole notebook run."""
    from exercises.catalog import find

    notebook = nbformat().read(ROOT / "notebooks" / f"{name}.ipynb", as_version=4)
    turn = next(cell for cell in notebook.cells if cell.cell_type == "code" and CHECK_CALL.search(cell.source))
    number, answer = CHECK_CALL.search(turn.source).groups()
    solution = (ROOT / "exercises" / "solutions" / f"{find(int(number)).slug}.py").read_text(encoding="utf-8")
    blank, turn.source = turn.source, _with_function_from(turn.source, solution, answer)
    assert turn.source != blank
    execute(notebook, cwd=_clone() / "notebooks")
    printed = "".join(output.get("text", "") for output in turn.outputs)
    assert f"Exercise {number} " in printed and ": correct" in printed, printed


def _with_function_from(cell: str, module: str, name: str) -> str:
    """``cell`` with its function ``name`` replaced by the one of the same name in ``module``'s source, and that
    source's imports put before it (as a student adds what the answer needs)."""
    import ast

    def function(source: str) -> ast.FunctionDef:
        return next(node for node in ast.parse(source).body if isinstance(node, ast.FunctionDef) and node.name == name)

    imports = [ast.get_source_segment(module, node) for node in ast.parse(module).body
               if isinstance(node, (ast.Import, ast.ImportFrom))]
    ours, theirs = function(cell), function(module)
    lines = cell.splitlines()
    return "\n".join([*lines[:ours.lineno - 1], *imports, ast.get_source_segment(module, theirs),
                      *lines[ours.end_lineno:]])


def test_no_lesson_refers_to_notes_the_reader_does_not_have():
    """The lessons grew from course notes a student never sees: "the notes' table" sent readers looking."""
    for source in notebooks.sources():
        text = source.read_text(encoding="utf-8")
        assert not re.search(r"\bnotes\b", text, flags=re.I), f"{source.name} mentions notes"
