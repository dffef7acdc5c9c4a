# The two commands a fresh machine needs:
#   make demo   install everything, ingest the bundled sample corpus into SQLite, print the report
#   make test   install everything (Python and system packages) and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install install-dev system-deps lint

# What the demo needs: lagebild and its runtime dependencies.
$(BIN)/lagebild: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $@

# What the tests need besides: linters, pytest, Playwright, schemathesis, PySpark.
$(VENV)/.dev-installed: pyproject.toml $(BIN)/lagebild
	$(BIN)/pip install --quiet -e ".[dev,spark]"
	touch $@

# The dashboard's third-party JavaScript (pinned in package-lock.json, served from node_modules/).
node_modules/.package-lock.json: package.json package-lock.json
	@command -v npm >/dev/null || { echo "npm is missing: run 'make system-deps' (or install Node.js with npm)"; exit 1; }
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(BIN)/lagebild node_modules/.package-lock.json

install-dev: install $(VENV)/.dev-installed

system-deps:
	bash scripts/install-system-deps.sh

demo: install
	$(BIN)/lagebild demo

test: system-deps install-dev
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/pytest -q

lint: install-dev
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
