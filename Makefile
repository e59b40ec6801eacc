# The two commands of a fresh clone: `make demo` and `make test`. Each creates .venv
# (only python3 must exist) and installs the project into it once; re-runs reuse it.
# `make bench` does the same with the benchmark extra (micrograd) and runs benchmarks/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-dev
BENCH_INSTALLED := $(VENV)/.installed-bench

.PHONY: demo test test-torch bench clean

demo: $(INSTALLED)
	$(BIN)/python -m demos.moons

test: $(INSTALLED)
	$(BIN)/python -m pytest

# Optional parity checks against PyTorch. Pinned: an unpinned torch pulls a multi-GB CUDA build.
test-torch: $(INSTALLED)
	$(BIN)/pip install --quiet torch==2.13.0
	$(BIN)/python -m pytest -m torch tests

# Speed and memory against micrograd and hand-written numpy (a few minutes); writes benchmarks/RESULTS.md.
bench: $(BENCH_INSTALLED)
	$(BIN)/python -m benchmarks.run

# Reinstall only when the project's declared dependencies change.
$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

$(BENCH_INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis build *.egg-info
