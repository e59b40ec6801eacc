"""What the tests must leave alone in the working tree: out/, where `make demo` writes its pictures and
pages. tests/conftest.py fails a run that changed it; test_notebooks.py checks the notebooks' own run."""
from pathlib import Path

OUT = Path(__file__).resolve().parents[2] / "out"


def out_snapshot(folder: Path = OUT) -> dict[str, tuple[int, int]]:
    """Each file under ``folder`` with its size and modification time: any rewrite changes it."""
    return {str(path.relative_to(folder)): (path.stat().st_size, path.stat().st_mtime_ns)
            for path in sorted(folder.rglob("*")) if path.is_file()}
