"""Pretend a package is not installed, for the tests of what chainrule says then (torch is optional)."""
import builtins
import sys

import pytest


def block_import(monkeypatch: pytest.MonkeyPatch, package: str) -> None:
    """From now until the test ends, ``import package`` (and its submodules) fails as a missing package does."""
    real_import = builtins.__import__

    def missing(name, *arguments, **keywords):
        if name == package or name.startswith(package + "."):
            raise ModuleNotFoundError(f"No module named '{package}'", name=package)
        return real_import(name, *arguments, **keywords)

    monkeypatch.delitem(sys.modules, package, raising=False)
    monkeypatch.setattr(builtins, "__import__", missing)
