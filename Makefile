# make demo: a virtual environment, vitalcore installed, the demo run on SQLite.
# make test: the Debian parts the tests need (scripts/system-deps.sh, as root or via sudo),
# the dev extras, then the whole test suite. Both work on a fresh clone, run first.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
# Two workers on a 2-core machine; a test module stays on one worker (its fixtures once).
PYTEST_WORKERS ?= 2

.PHONY: demo test lint install install-dev system-deps clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .

install-dev: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e ".[dev]"

demo: install
	$(BIN)/vitalcore demo

test: system-deps install-dev
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check src tests benchmarks scripts

system-deps:
	bash scripts/system-deps.sh

# Removes the venv and what the demo generated; `git clean -X` touches ignored files only,
# so a tracked file is never deleted.
clean:
	rm -rf $(VENV) .pytest_cache
	git clean -fdX -q -- vitalcore-demo.db* vitalcore-demo-scenario vitalcore-briefing.html 2>/dev/null || true
