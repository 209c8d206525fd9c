# Two commands set everything up on a fresh machine: `make run` and `make test`.
# Both create .venv when missing and reinstall only when pyproject.toml changed.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck unit bench install clean compile speech tools

run: $(STAMP) compile speech
	$(BIN)/coach $(ARGS)

test: $(STAMP) speech tools lint typecheck unit

install: $(STAMP)

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Callback Coach needs Python 3.11 or newer: set PYTHON=python3.11")'
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' --config-settings editable_mode=compat
	@touch $(STAMP)

# Byte-compile our own modules: shells here may set PYTHONDONTWRITEBYTECODE, and a
# `coach lookup` that recompiles the package on every call is not a fast lookup.
compile: $(STAMP)
	@$(BIN)/python -m compileall -q coach

# Drills speak through espeak-ng. Installed here when missing and we may (root with apt-get,
# as in CI); otherwise we say how, and the app carries on in text.
speech:
	@command -v espeak-ng >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing espeak-ng (spoken drills)…"; \
	    apt-get update -qq >/dev/null && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq espeak-ng >/dev/null; \
	  else \
	    echo "espeak-ng is missing: 'sudo apt-get install espeak-ng' for spoken drills."; \
	  fi; }

# The shared-book tests check the book with the sqlite3 shell, a second program of its own.
tools:
	@command -v sqlite3 >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "Installing the sqlite3 shell (shared-book tests)…"; \
	    apt-get update -qq >/dev/null && \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq sqlite3 >/dev/null; \
	  else \
	    echo "The sqlite3 shell is missing: 'sudo apt-get install sqlite3' for the tests."; \
	  fi; }

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -n 2

bench: $(STAMP) compile
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache bench/.data
