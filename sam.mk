# AWS SAM and the Alexa skill package. Included by the root Makefile (`-include sam.mk`);
# also usable alone: `make -f sam.mk sam-check`, `make -f sam.mk skill-package`.
#
#   sam-check      validate and lint template.yaml, build the Lambda artifact, run tests/deploy
#   sam-build      build the Lambda artifact (.aws-sam/build) with SAM's makefile builder
#   skill-package  assemble build/skill-package (ASK CLI layout) from skill-package/skill.json
#                  and skill/interaction_models/. The endpoint, one of:
#                    FUNCTION_ARN=arn:…:function:NAME:live   the function's `live` alias
#                    STACK_NAME=…  (STACK_REGION=…)          read from the stack's SkillEndpointArn
#                    ENDPOINT_URL=https://…  (SSL_CERTIFICATE_TYPE=Trusted|Wildcard)  web service
#                  SKILL_ID=… links an existing skill for `ask deploy`
#
# SAM CLI pins its own boto3, click and pydantic, so it lives in its own virtual environment.
# Everything here works offline and without AWS credentials or Docker.

SAM_CLI_VERSION  := 1.170.0
CFN_LINT_VERSION := 1.58.0
# requirements/sam.in names the same two versions (tests/deploy checks); `make lock` resolves it
# into sam.txt, installed with hashes required. A new version here (a new stamp) reinstalls.
SAM_LOCK   := requirements/sam.txt
SAM_VENV   := .sam-venv
SAM_STAMP  := $(SAM_VENV)/.installed-$(SAM_CLI_VERSION)-$(CFN_LINT_VERSION)
SAM_PYTHON ?= $(or $(PYTHON),python3)
SAM        := $(SAM_VENV)/bin/sam
CFN_LINT   := $(SAM_VENV)/bin/cfn-lint
SAM_REGION ?= us-east-1
SAM_ENV    := SAM_CLI_TELEMETRY=0 AWS_DEFAULT_REGION=$(SAM_REGION) AWS_EC2_METADATA_DISABLED=true
SAM_TRANSFORMED := .aws-sam/transformed-template.json
# The app's own virtual environment runs tests/deploy (the root Makefile builds it).
DEPLOY_TEST_PYTHON ?= .venv/bin/python

SKILL_PACKAGE_SOURCE := skill-package/skill.json
ASK_PROJECT          := build
SKILL_PACKAGE_DIR    ?= $(ASK_PROJECT)/skill-package
ARN_PLACEHOLDER      := REPLACE-ME-SkillEndpoint
# The skill calls this alias (template.yaml: AutoPublishAlias), never the unqualified function.
LAMBDA_ALIAS         := live
FUNCTION_ARN ?=
STACK_NAME   ?=
STACK_REGION ?=
SKILL_ID     ?=
ENDPOINT_URL ?=
SSL_CERTIFICATE_TYPE ?= Trusted

.PHONY: sam-check sam-build skill-package sam-setup

sam-setup: $(SAM_STAMP)

$(SAM_STAMP): sam.mk
	@command -v $(SAM_PYTHON) >/dev/null || { echo "SAM CLI needs Python 3.11+ ($(SAM_PYTHON) not found)"; exit 1; }
	@test -x $(SAM_VENV)/bin/python || $(SAM_PYTHON) -m venv $(SAM_VENV)
	@echo "Installing aws-sam-cli $(SAM_CLI_VERSION) and cfn-lint $(CFN_LINT_VERSION) in $(SAM_VENV) (first run: a few minutes)"
	@$(SAM_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
	    --require-hashes --no-deps --requirement $(SAM_LOCK)
	@$(SAM_VENV)/bin/python -m pip check --disable-pip-version-check
	@rm -f $(SAM_VENV)/.installed-*
	@touch $@

sam-build: $(SAM_STAMP)
	$(SAM_ENV) $(SAM) build --template-file template.yaml

# $(STAMP) and $(DYNAMODB_LOCAL) come from the root Makefile (empty when used alone).
sam-check: $(SAM_STAMP) $(STAMP) $(DYNAMODB_LOCAL)
	$(SAM_ENV) $(SAM) validate --lint --template-file template.yaml
	$(SAM_ENV) $(CFN_LINT) template.yaml
	$(SAM_ENV) $(SAM) build --template-file template.yaml
	@$(SAM_ENV) $(SAM_VENV)/bin/python tests/deploy/sam_transform.py template.yaml > $(SAM_TRANSFORMED).tmp
	@mv $(SAM_TRANSFORMED).tmp $(SAM_TRANSFORMED)
	REQUIRE_SAM_BUILD=1 REQUIRE_DYNAMODB_LOCAL=1 \
	    $(DEPLOY_TEST_PYTHON) -m pytest tests/deploy -q -p no:cacheprovider

skill-package:
	@test -f $(SKILL_PACKAGE_SOURCE) || { echo "$(SKILL_PACKAGE_SOURCE) is missing"; exit 1; }
	@arn='$(FUNCTION_ARN)'; url='$(ENDPOINT_URL)'; \
	if [ -n "$$url" ] && { [ -n "$$arn" ] || [ -n '$(STACK_NAME)' ]; }; then \
	    echo "not a single endpoint: choose ENDPOINT_URL (web service) or FUNCTION_ARN/STACK_NAME (Lambda)"; exit 1; \
	fi; \
	if [ -z "$$arn" ] && [ -n '$(STACK_NAME)' ]; then \
	    echo "Reading SkillEndpointArn from stack $(STACK_NAME) (needs AWS credentials)"; \
	    arn=$$(SAM_CLI_TELEMETRY=0 $(if $(wildcard $(SAM)),$(SAM),sam) list stack-outputs \
	        --stack-name '$(STACK_NAME)' $(if $(STACK_REGION),--region '$(STACK_REGION)') --output json \
	        | python3 -c 'import json, sys; print(next(o["OutputValue"] for o in json.load(sys.stdin) if o["OutputKey"] == "SkillEndpointArn"))' 2>/dev/null) \
	        || { echo "could not read the stack outputs of $(STACK_NAME)"; exit 1; }; \
	fi; \
	if [ -n "$$arn" ] && ! printf '%s' "$$arn" | grep -Eq '^arn:aws[a-z-]*:lambda:[a-z0-9-]+:[0-9]{12}:function:[A-Za-z0-9_-]+(:[A-Za-z0-9_$$-]+)?$$'; then \
	    echo "not a Lambda function ARN: $$arn"; exit 1; \
	fi; \
	if [ -n "$$arn" ] && ! printf '%s' "$$arn" | grep -Eq ':function:[A-Za-z0-9_-]+:$(LAMBDA_ALIAS)$$'; then \
	    echo "not a Lambda function ARN of the '$(LAMBDA_ALIAS)' alias: $$arn"; \
	    echo "  the skill must call the alias (releases roll back through it): use the stack's"; \
	    echo "  SkillEndpointArn output, or append :$(LAMBDA_ALIAS) to the function's ARN"; exit 1; \
	fi; \
	if [ -n "$$url" ]; then \
	    printf '%s' "$$url" | grep -Eq '^https://[A-Za-z0-9]([A-Za-z0-9.-]*[A-Za-z0-9])?(:443)?(/[A-Za-z0-9._~/-]*)?$$' \
	        || { echo "not an https endpoint URL (https://host[/path], port 443): $$url"; exit 1; }; \
	    case '$(SSL_CERTIFICATE_TYPE)' in Trusted|Wildcard) ;; \
	        *) echo "not an SSL certificate type (Trusted or Wildcard): $(SSL_CERTIFICATE_TYPE)"; exit 1;; esac; \
	fi; \
	rm -rf '$(SKILL_PACKAGE_DIR)'; \
	mkdir -p '$(SKILL_PACKAGE_DIR)/interactionModels/custom'; \
	for model in skill/interaction_models/*.json; do \
	    cp "$$model" '$(SKILL_PACKAGE_DIR)/interactionModels/custom/'; \
	done; \
	if [ -n "$$url" ]; then \
	    sed 's|"uri": "$(ARN_PLACEHOLDER)"|"uri": "'"$$url"'", "sslCertificateType": "$(SSL_CERTIFICATE_TYPE)"|g' \
	        $(SKILL_PACKAGE_SOURCE) > '$(SKILL_PACKAGE_DIR)/skill.json'; \
	elif [ -n "$$arn" ]; then \
	    sed "s|$(ARN_PLACEHOLDER)|$$arn|g" $(SKILL_PACKAGE_SOURCE) > '$(SKILL_PACKAGE_DIR)/skill.json'; \
	else \
	    cp $(SKILL_PACKAGE_SOURCE) '$(SKILL_PACKAGE_DIR)/skill.json'; \
	fi; \
	project=$$(dirname '$(SKILL_PACKAGE_DIR)'); \
	printf '%s\n' '{' '  "askcliResourcesVersion": "2020-03-31",' \
	    '  "profiles": {"default": {"skillMetadata": {"src": "./'"$$(basename '$(SKILL_PACKAGE_DIR)')"'"}}}' \
	    '}' > "$$project/ask-resources.json"; \
	if [ -n '$(SKILL_ID)' ]; then \
	    printf '%s' '$(SKILL_ID)' | grep -Eq '^amzn1\.ask\.skill\.[0-9a-fA-F-]{36}$$' \
	        || { echo "not a skill ID: $(SKILL_ID)"; exit 1; }; \
	    mkdir -p "$$project/.ask"; \
	    printf '%s\n' '{' '  "askcliStatesVersion": "2020-03-31",' \
	        '  "profiles": {"default": {"skillId": "$(SKILL_ID)"}}' '}' > "$$project/.ask/ask-states.json"; \
	fi; \
	echo "Skill package: $(SKILL_PACKAGE_DIR) (deploy with: cd $$project && ask deploy)"; \
	if grep -q '$(ARN_PLACEHOLDER)' '$(SKILL_PACKAGE_DIR)/skill.json'; then \
	    echo "WARNING: no endpoint yet: pass STACK_NAME=heart-to-heart or FUNCTION_ARN=arn:aws:lambda:…:live"; \
	    echo "         (the SkillEndpointArn output of 'sam deploy'), or ENDPOINT_URL=https://… for"; \
	    echo "         the web service."; \
	fi; \
	if grep -q 'REPLACE-ME/' '$(SKILL_PACKAGE_DIR)/skill.json'; then \
	    echo "NOTE: skill.json still has placeholder privacy-policy and terms URLs (REPLACE-ME):"; \
	    echo "      fine for testing, required before you submit the skill for certification."; \
	fi
