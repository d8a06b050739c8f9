# make demo: a virtual environment, vitalcore with the server extra (the demo prints
# `vitalcore serve`), the demo run on SQLite.
# make test: the Debian parts the tests need (scripts/system-deps.sh, as root or via sudo),
# the dev extras, then the whole test suite. Both work on a fresh clone, run first.
# Every install is pinned by constraints.txt (the lock; `make lock` regenerates it).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PYTEST_ARGS ?=
# Two workers on a 2-core machine; a test module stays on one worker (its fixtures once).
PYTEST_WORKERS ?= 2
PIP_INSTALL := $(BIN)/python -m pip install --quiet -c constraints.txt

.PHONY: demo test lint bench screenshots install install-dev install-bench system-deps lock clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# The editable install leaves vitalcore's own modules uncompiled, and with
# PYTHONDONTWRITEBYTECODE set every command would compile them again (0.1 s a run).
install: $(BIN)/python
	$(PIP_INSTALL) -e ".[server]"
	$(BIN)/python -m compileall -q src/vitalcore

install-dev: $(BIN)/python
	$(PIP_INSTALL) -e ".[dev]"
	$(BIN)/python -m compileall -q src/vitalcore

install-bench: $(BIN)/python
	$(PIP_INSTALL) -e ".[bench]"

demo: install
	$(BIN)/vitalcore demo

test: system-deps install-dev
	$(BIN)/python -m pytest -n $(PYTEST_WORKERS) --dist loadfile $(PYTEST_ARGS)

# The user guide's screenshots, drawn again by the browser tests from the current code
# (a normal test run writes them to a temporary folder).
screenshots: system-deps install-dev
	VITALCORE_SCREENSHOTS=$(CURDIR)/docs/screenshots $(BIN)/python -m pytest -q -p no:cacheprovider tests/web/test_browser.py

lint: install-dev
	$(BIN)/ruff check src tests benchmarks scripts

# vitalcore --help beside sqlite-utils --help, and read commands on the demo's store.
bench: install-bench
	$(BIN)/python benchmarks/startup.py $(if $(wildcard vitalcore-demo.db),--db vitalcore-demo.db)

system-deps:
	bash scripts/system-deps.sh

# The lock: every dev dependency resolved afresh in a scratch venv, then frozen.
lock:
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet -e ".[dev]"
	( echo "# Constraints for every make target: the versions vitalcore's tests passed with"; \
	  echo "# (pip install -c constraints.txt). Regenerate with: make lock"; \
	  .lock-venv/bin/python -m pip freeze --exclude-editable ) > constraints.txt
	rm -rf .lock-venv

# Removes the venv and what the demo generated; `git clean -X` touches ignored files only,
# so a tracked file is never deleted.
clean:
	rm -rf $(VENV) .pytest_cache
	git clean -fdX -q -- vitalcore-demo.db* vitalcore-demo-scenario vitalcore-briefing.html 2>/dev/null || true
