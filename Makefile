# Deriv: `make run` serves, `make test` checks everything. Both set up .venv themselves.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
export HOST PORT

.PHONY: run test lint typecheck pytest bench loadtest container-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml client/pyproject.toml $(VENV)/.installed
	$(BIN)/python -m pip install --quiet -e '.[test]' -e ./client
	touch $@

run: $(VENV)/.installed
	exec $(BIN)/gunicorn --config gunicorn.conf.py

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check service tests client bench

typecheck: $(VENV)/.installed-test
	$(BIN)/mypy

pytest: $(VENV)/.installed-test
	$(BIN)/pytest -n 2

test: lint typecheck pytest

bench: $(VENV)/.installed-test
	$(BIN)/python -m bench.run

# About a minute of mixed, partly hostile traffic with faults injected (see bench/loadtest.py).
loadtest: $(VENV)/.installed-test
	$(BIN)/python -m bench.loadtest

# Builds the image and checks that it serves (root and Docker's engine; see the script).
container-test:
	deploy/container-test.sh

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis .schemathesis
