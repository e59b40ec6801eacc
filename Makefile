# The two commands of a fresh clone: `make demo` and `make test`. Each creates .venv
# (only python3 must exist) and installs the project into it once; re-runs reuse it.
# `make quick` is the suite without the slow tests; `make lint` runs ruff and mypy --strict on
# the engine core; `make bench` adds the benchmark extra (micrograd) and runs benchmarks/.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-dev
BENCH_INSTALLED := $(VENV)/.installed-bench

# The engine core, type-checked with mypy --strict (the layers above it are linted by ruff).
CORE := autograd/rule.py autograd/ops.py autograd/value.py autograd/graph.py autograd/gradient_check.py \
        autograd/derivatives.py autograd/scalars.py autograd/arguments.py autograd/files.py

.PHONY: demo test quick lint test-torch bench clean

demo: $(INSTALLED)
	$(BIN)/python -m demos.moons

test: $(INSTALLED)
	$(BIN)/python -m pytest

# Everything but the tests marked slow, with a short Hypothesis search (tests/conftest.py).
quick: $(INSTALLED)
	$(BIN)/python -m pytest -q -m "not slow" --hypothesis-profile=quick

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/mypy $(CORE)

# Optional parity checks against PyTorch 2.13.0. From PyPI, on Linux that is the CUDA build (about
# 20 nvidia wheels, several GB); for the CPU-only wheel, take PyTorch's own index:
#   make test-torch TORCH_INDEX=https://download.pytorch.org/whl/cpu
TORCH_INDEX ?=
test-torch: $(INSTALLED)
	$(BIN)/pip install --quiet $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX)) torch==2.13.0
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
