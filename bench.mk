# Benchmarks: Heart to Heart against a plain function, a bare ask-sdk hello world and the
# ask-sdk "standard way" (DynamoDbAdapter), side by side. See bench/README.md.
# Included by the root Makefile (`-include bench.mk`, after STAMP and DYNAMODB_LOCAL are set).
#
#   bench         every figure at full size (about 12 minutes): prints the table, writes
#                 bench/results/latest.json and bench/RESULTS.md and refreshes the table quoted
#                 in bench/README.md; builds the Lambda artifact first if it is missing
#   bench-quick   a few of each (under a minute) and a check that every figure is produced
#                 (never their values); tests/bench runs the same check under pytest

BENCH_PYTHON   ?= $(or $(BIN),.venv/bin)/python
BENCH_ARTIFACT := .aws-sam/build/HeartToHeartFunction/handler.py

.PHONY: bench bench-quick

bench: $(STAMP) $(DYNAMODB_LOCAL)
	@test -f $(BENCH_ARTIFACT) || $(MAKE) --no-print-directory sam-build
	$(BENCH_PYTHON) -m bench --check --json bench/results/latest.json \
	    --results-md bench/RESULTS.md --readme bench/README.md

bench-quick: $(STAMP) $(DYNAMODB_LOCAL)
	$(BENCH_PYTHON) -m bench --quick --check
