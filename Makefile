# The two commands a fresh machine needs:
#   make demo   install everything, ingest the bundled sample corpus into SQLite, print the report
#   make test   install everything (Python and system packages) and run the whole test suite
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test install system-deps lint

$(BIN)/lagebild: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev,spark]"
	touch $@

install: $(BIN)/lagebild

system-deps:
	bash scripts/install-system-deps.sh

demo: install
	$(BIN)/lagebild demo

test: install system-deps
	$(BIN)/ruff check src tests
	$(BIN)/mypy
	$(BIN)/pytest -q

lint: install
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy
