# The two commands of a fresh clone: `make demo` and `make test`. Each creates .venv
# (only python3 must exist) and installs the project into it once; re-runs reuse it.
# `make quick` is the suite without the slow tests; `make lint` runs ruff, and mypy --strict on
# autograd, nn and exercises (pyproject.toml names them); `make bench` adds the benchmark extra
# (micrograd, torch, jax) and runs benchmarks/;
# `make docs` adds the docs extra and builds the site into docs/_build/html; `make notebooks`
# regenerates notebooks/*.ipynb from the lessons (tests/test_notebooks.py checks they are in sync);
# `make lab` adds the notebooks extra (JupyterLab) and opens notebooks/ in it.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
INSTALLED := $(VENV)/.installed-dev
BENCH_INSTALLED := $(VENV)/.installed-bench
DOCS_INSTALLED := $(VENV)/.installed-docs
LAB_INSTALLED := $(VENV)/.installed-lab

.PHONY: demo test quick lint test-torch bench docs notebooks lab clean

demo: $(INSTALLED)
	$(BIN)/python -m demos.moons

test: $(INSTALLED)
	$(BIN)/python -m pytest

# Everything but the tests marked slow (lessons, browsers, notebooks' kernels, child processes), with a short
# Hypothesis search (tests/conftest.py), on two cores. Python may cache the compiled tests here even where the
# environment sets PYTHONDONTWRITEBYTECODE (pytest's rewritten asserts: about 4 s a run; __pycache__ is ignored).
quick: $(INSTALLED)
	env -u PYTHONDONTWRITEBYTECODE $(BIN)/python -m pytest -q -m "not slow" --hypothesis-profile=quick -n 2 --dist loadgroup

lint: $(INSTALLED)
	$(BIN)/ruff check .
	$(BIN)/mypy

# Optional parity checks against PyTorch 2.13.0. From PyPI, on Linux that is the CUDA build (about
# 20 nvidia wheels, several GB); for the CPU-only wheel, take PyTorch's own index:
#   make test-torch TORCH_INDEX=https://download.pytorch.org/whl/cpu
TORCH_INDEX ?=
test-torch: $(INSTALLED)
	$(BIN)/pip install --quiet $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX)) torch==2.13.0
	$(BIN)/python -m pytest -m torch tests

# Speed and memory against micrograd, hand-written numpy, PyTorch and jax.jit, both malloc settings
# (about 8 minutes on 2 cores); writes benchmarks/RESULTS.md. A 1-minute sanity run of every row:
#   .venv/bin/python -m benchmarks.run --quick
bench: $(BENCH_INSTALLED)
	$(BIN)/python -m benchmarks.run

# The training page's speed (issue 20): nn.playground's page in headless Chromium (apt-get install chromium),
# playing and stepping, beside nn.fit and micrograd (~30 s); writes its section of benchmarks/RESULTS.md.
.PHONY: bench-page
bench-page: $(BENCH_INSTALLED)
	$(BIN)/python -m benchmarks.page

# The site: MyST Markdown pages, every notebook executed (cached in docs/_build/.jupyter_cache), the API
# from the docstrings; any warning fails the build.
docs: $(DOCS_INSTALLED)
	$(BIN)/python -m sphinx -W --keep-going -q -b html docs docs/_build/html
	@echo "docs: open docs/_build/html/index.html"

notebooks: $(INSTALLED)
	$(BIN)/python -m demos.notebooks

# JupyterLab on the lessons, in this .venv's kernel: its "your turn" cells grade answers in place.
lab: $(LAB_INSTALLED)
	$(BIN)/jupyter lab notebooks

# Reinstall only when the project's declared dependencies change.
$(INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

# torch first, from TORCH_INDEX when given (the CPU-only wheel; see test-torch), so the extra finds it there.
$(BENCH_INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet $(if $(TORCH_INDEX),--index-url $(TORCH_INDEX)) torch==2.13.0
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

$(LAB_INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[notebooks]'
	touch $@

$(DOCS_INSTALLED): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev,docs]'
	touch $@

clean:
	rm -rf $(VENV) out .pytest_cache .hypothesis build *.egg-info docs/_build docs/_generated docs/notebooks
