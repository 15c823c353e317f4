# Two commands do all the set-up on a fresh machine:
#   make run    create .venv, install, ingest the bundled proceedings if needed, start the chat
#   make test   install the dev extras and run the whole suite (unit + integration + browser)
SHELL := /bin/bash
PY ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
# The CPU wheel of torch; an unpinned torch would pull a multi-GB CUDA build.
TORCH ?= torch==2.13.0
PIP := $(BIN)/pip --disable-pip-version-check -q

.PHONY: run install dev ingest test unit integration lint typecheck eval bench bench-quick notebook wheel-smoke clean browser-deps

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(PIP) install --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml
	$(PIP) install "$(TORCH)"
	$(PIP) install -e .
	touch $@

$(VENV)/.dev-installed: $(VENV)/.installed
	$(PIP) install -e ".[dev]"
	touch $@

install: $(VENV)/.installed
dev: $(VENV)/.dev-installed

ingest: install
	$(BIN)/proceedings-qa ingest

run: install
	$(BIN)/proceedings-qa ingest --no-progress
	$(BIN)/proceedings-qa ui

browser-deps:
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

test: dev browser-deps
	$(BIN)/python -m pytest -q

unit: dev
	$(BIN)/python -m pytest -q -m "not integration and not browser and not model"

integration: dev browser-deps
	$(BIN)/python -m pytest -q -m "integration or browser or model"

lint: dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

typecheck: dev
	$(BIN)/mypy

eval: install
	$(BIN)/proceedings-qa eval test --compare

# Everything: ingest, query, cold start and chat start per embedder, and the scale section
# (hash embedder, indexes of 1k, 10k and 100k chunks); each figure is printed beside its target.
bench: install
	$(BIN)/python -m benchmarks

# A minute or two (1k and 5k chunks, hash embedder): what CI prints.
bench-quick: install
	$(BIN)/python -m benchmarks --quick

# Re-run the example notebook and save its outputs (default settings: the packaged embedder).
notebook: dev
	$(BIN)/python examples/execute.py examples/quickstart.ipynb

# Build the wheel, install it in a fresh virtualenv and use it from another folder (CI runs it).
wheel-smoke:
	bash .ci/wheel-smoke

clean:
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache
