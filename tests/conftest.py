"""Hypothesis profiles: the full search for `make test`, a short one for `make quick`
(selected with --hypothesis-profile=quick). Derandomized in both, so CI cannot flake.
And a guard: the run fails if any test wrote into the working tree's out/ (what `make demo`
wrote); tests write into temporary folders."""
import pytest
from hypothesis import settings

from tests.support.working_tree import out_snapshot

settings.register_profile("full", max_examples=500, derandomize=True, deadline=None)
settings.register_profile("quick", max_examples=20, derandomize=True, deadline=None)
settings.load_profile("full")

_out_before: dict[str, tuple[int, int]] = {}


def pytest_sessionstart(session):
    if not hasattr(session.config, "workerinput"):  # with -n, the controlling process checks for all
        _out_before.update(out_snapshot())


def pytest_sessionfinish(session, exitstatus):
    if hasattr(session.config, "workerinput") or exitstatus not in (pytest.ExitCode.OK, pytest.ExitCode.TESTS_FAILED):
        return
    after = out_snapshot()
    changed = sorted(name for name in {*_out_before, *after} if _out_before.get(name) != after.get(name))
    if changed:
        print(f"\nout/ changed during the tests ({', '.join(changed[:10])}): a test (or a demo run at the same "
              "time) wrote into the working tree's out/; tests must write into a temporary folder (tmp_path).")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
