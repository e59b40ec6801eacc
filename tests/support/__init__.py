"""Helpers shared by the tests (not tests themselves): browser.py drives headless Chromium for the page tests;
notebooks.py runs notebooks in a fresh Jupyter kernel on this interpreter; working_tree.py
snapshots out/, which the tests must leave as `make demo` wrote it; rules.py holds users' own Rules (Softsign,
PythonBranch) several test files use; imports.py makes a package look uninstalled."""
