# Safe Reporting: the two commands a newcomer needs are `make run` and `make test`.
# Everything installs into .venv at the repository root, created when missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.DEFAULT_GOAL := help

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*## "} {printf "  %-12s %s\n", $$1, $$2}'

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstall only when the declared dependencies change.
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

.PHONY: install
install: $(STAMP) ## Create .venv and install the project with its development tools

.PHONY: run
run: $(STAMP) ## Show the policy engine at work on worked examples
	$(BIN)/safereport policy list
	@echo
	$(BIN)/safereport decide examples/domestic-abuse-status-check.json
	@echo
	$(BIN)/safereport gate examples/protocol-arrest.json

.PHONY: lint
lint: $(STAMP) ## ruff (lint and format check) and mypy
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy

.PHONY: test
test: lint ## Lint, type-check and run every test
	$(BIN)/pytest

.PHONY: check
check: $(STAMP) ## Verify the invariants over every situation of the vocabulary
	$(BIN)/safereport policy check

.PHONY: bench
bench: $(STAMP) ## Measure decide() against the bare Cedar call, and the exhaustive check
	$(BIN)/python benchmarks/bench_policy.py

.PHONY: format
format: $(STAMP) ## Rewrite the code in the project's format
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

.PHONY: clean
clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
