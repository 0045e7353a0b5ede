# The two commands of the README: `make build` and `make test`.
# Everything runs from a project-local virtual environment created on first use.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DELETE_ON_ERROR:
MAKEFLAGS += --warn-undefined-variables --no-builtin-rules

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: build test install lint clean bench

PACKAGES := . $(sort $(dir $(wildcard examples/*/datapackage.json)))
# Real public records of other municipalities, kept as test packages (not published on the site).
RECORDS := $(sort $(dir $(wildcard tests/records/*/datapackage.json)))
# Where the site will be published (used in its w3id redirect rules); empty: a placeholder.
SITE_URL ?=

build: $(STAMP) ## build every generated file, then validate every package
	$(BIN)/python scripts/build_vocab_dumps.py
	$(BIN)/python -m plan_progress.core.rules_doc > docs/rules.md.tmp && mv docs/rules.md.tmp docs/rules.md
	for dir in $(PACKAGES) $(RECORDS); do $(BIN)/plan-progress build $$dir; done
	for dir in $(PACKAGES) $(RECORDS); do $(BIN)/plan-progress validate $$dir; done
	$(BIN)/frictionless validate datapackage.json >/dev/null
	$(BIN)/plan-progress site $(PACKAGES) --out build/site $(if $(SITE_URL),--site-url $(SITE_URL))

test: $(STAMP) ## run the full test suite (lint included)
	$(BIN)/ruff check src tests scripts
	$(BIN)/python -m pytest

install: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

lint: $(STAMP)
	$(BIN)/ruff check src tests scripts

clean:
	rm -rf $(VENV) dist .pytest_cache

bench: $(STAMP) ## the benchmark (several minutes; writes docs/benchmarks.md)
	$(BIN)/python scripts/bench.py --output docs/benchmarks.md
