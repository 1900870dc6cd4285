# Safe Reporting: the two commands a newcomer needs are `make run` and `make test`.
# Everything installs into .venv at the repository root, created when missing.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The tests run in one process per core (pytest-xdist); the tests sharing a decided regime space
# run in one of them. `make test PARALLEL=` runs them in one process.
PARALLEL := -n auto --dist loadgroup
# Python keeps the bytecode it compiles (in __pycache__/, ignored by git), as it does by default:
# an environment that turns that off (PYTHONDONTWRITEBYTECODE, set on some build machines) makes
# every test worker compile the tests again, and pytest rewrite their asserts again, at each
# start (collecting the suite took 15 s instead of 7 s here), and every process a test starts
# compile the project.
unexport PYTHONDONTWRITEBYTECODE
# Where `make run` serves, and so the address its demo step prints (make run ADDRESS=host:port).
ADDRESS ?= 127.0.0.1:8000

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
install: $(STAMP) gettext fonts ## Create .venv and install the project with its development tools

.PHONY: fonts
fonts: ## Install Pango and the Noto fonts the notices' PDFs need, if missing (apt-get; sudo when not root)
	bash scripts/install-fonts.sh

.PHONY: gettext
gettext: ## Install GNU gettext for the translation catalogs, if missing (apt-get; sudo when not root)
	bash scripts/install-gettext.sh

# makemessages walks the folder it runs in, so it runs in src/safereport, whose locale/ holds the
# catalogs. The statements reach the catalogs through a generated template (notices/catalog.py).
# The compiled catalogs (.mo) are committed, so that serving the service needs no gettext.
.PHONY: messages
messages: $(STAMP) gettext ## Update the catalogs from the policies and templates, then compile them
	$(BIN)/safereport notice statements --write
	# Run from the package's folder, which makemessages walks; local state stays in ./var.
	cd src/safereport && SAFEREPORT_VAR_DIR=$(CURDIR)/var ../../$(BIN)/safereport makemessages --extension html,txt,py \
	  --no-obsolete --no-wrap --add-location file --ignore 'static/*' \
	  $$(../../$(BIN)/safereport notice languages --locales | sed 's/^/--locale /')
	cd src/safereport && SAFEREPORT_VAR_DIR=$(CURDIR)/var ../../$(BIN)/safereport compilemessages

.PHONY: run
run: $(STAMP) fonts ## Set up the database, load demo data and serve on http://127.0.0.1:8000 (or ADDRESS=host:port)
	$(BIN)/safereport migrate --no-input
	$(BIN)/safereport demo --address $(ADDRESS)
	@# The background worker (the audit log's verification started from its page, the regime
	@# comparisons queued by migrate) runs beside the server and stops with it.
	$(BIN)/safereport db_worker --queue-name '*' --no-startup-delay & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/safereport runserver $(ADDRESS)

.PHONY: examples
examples: $(STAMP) ## Show the policy engine deciding the worked examples, and a notice
	$(BIN)/safereport policy list
	$(BIN)/safereport decide examples/domestic-abuse-status-check.json
	$(BIN)/safereport gate examples/protocol-arrest.json
	$(BIN)/safereport decide examples/own-request-consent-per-category.json
	$(BIN)/safereport notice render examples/notice-domestic-abuse-victim.json

.PHONY: lint
lint: $(STAMP) ## ruff, mypy, the architecture's import contracts, and migrations up to date
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks
	$(BIN)/mypy
	$(BIN)/lint-imports
	SAFEREPORT_VAR_DIR=$$(mktemp -d) $(BIN)/safereport makemigrations --check --dry-run

.PHONY: browser
browser: ## Install Debian's Chromium for the browser tests, if missing (apt-get; sudo when not root)
	bash scripts/install-browser.sh

.PHONY: test
test: lint browser gettext fonts ## Lint, type-check and run every test (browser tests included), a process per core
	$(BIN)/pytest $(PARALLEL)

.PHONY: test-db
test-db: $(STAMP) ## The database tests only (set DATABASE_URL to run them on PostgreSQL)
	$(BIN)/pytest $(PARALLEL) tests/integration

.PHONY: api-contract
api-contract: $(STAMP) ## Freeze the API's OpenAPI document as its contract (to accept an intended change)
	SAFEREPORT_VAR_DIR=$$(mktemp -d) $(BIN)/python -m tests.integration.api.freeze

.PHONY: check
check: $(STAMP) ## Verify the invariants over every situation of the vocabulary
	$(BIN)/safereport policy check

.PHONY: bench
bench: $(STAMP) ## Policy engine, audit log (SQLite, PostgreSQL), the API and notices under load, a soak, oversight at national scale (PostgreSQL)
	$(BIN)/python benchmarks/bench_policy.py
	@echo "== audit log on SQLite"
	SAFEREPORT_VAR_DIR=$$(mktemp -d) $(BIN)/python benchmarks/bench_audit.py
	@if $(BIN)/python -c 'import socket; socket.create_connection(("127.0.0.1", 5432), 2).close()' 2>/dev/null; then \
	  echo "== audit log on PostgreSQL"; \
	  DATABASE_URL=$${BENCH_DATABASE_URL:-postgresql://postgres@127.0.0.1:5432/test} SAFEREPORT_VAR_DIR=$$(mktemp -d) $(BIN)/python benchmarks/bench_audit.py; \
	  echo "== sharing decisions through the API, gunicorn and PostgreSQL"; \
	  $(BIN)/python benchmarks/bench_api.py; \
	  echo "== notices: rendering, and the person's pages through gunicorn and PostgreSQL"; \
	  $(BIN)/python benchmarks/bench_notices.py; \
	  $(BIN)/python benchmarks/bench_regime_change.py; \
	  echo "== a soak: a mixed load at a fixed rate for 5 minutes through gunicorn and PostgreSQL"; \
	  $(BIN)/python benchmarks/soak.py; \
	  echo "== oversight at national scale: statistics, the comparison of regimes and the event browser (PostgreSQL; the load takes most of an hour at full size)"; \
	  $(BIN)/python benchmarks/bench_oversight.py; \
	else echo "No PostgreSQL at 127.0.0.1:5432: the PostgreSQL and API benchmarks were not run."; \
	fi

.PHONY: format
format: $(STAMP) ## Rewrite the code in the project's format
	$(BIN)/ruff format src tests benchmarks
	$(BIN)/ruff check --fix src tests benchmarks

.PHONY: clean
clean: ## Remove the virtual environment and caches
	rm -rf $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis
