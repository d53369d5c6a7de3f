# Two commands matter: `make run` and `make test`. Both create .venv and install on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAGE ?= dev
REGION ?= cn-north-1
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit integration e2e packaging package requirements openapi clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[local,dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/youthvoice serve

test: $(STAMP) lint typecheck
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit integration e2e packaging: $(STAMP)
	$(BIN)/pytest tests/$@

requirements: $(STAMP)
	$(BIN)/python infra/requirements.py > requirements.txt

openapi: $(STAMP)
	$(BIN)/python -m infra.openapi > docs/openapi.json

# Build the deployable CloudFormation template and zips for STAGE into build/STAGE.
package: $(STAMP)
	rm -rf build/$(STAGE) .chalice/deployments
	mkdir -p build/$(STAGE)
	$(BIN)/python infra/build_template.py --stage $(STAGE) > build/$(STAGE)/merge-template.json
	AWS_DEFAULT_REGION=$(REGION) $(BIN)/chalice package --stage $(STAGE) \
		--merge-template build/$(STAGE)/merge-template.json build/$(STAGE)
	$(BIN)/python -m infra.compile_package build/$(STAGE)
	$(BIN)/cfn-lint build/$(STAGE)/sam.json

clean:
	rm -rf $(VENV) build .chalice/deployments .mypy_cache .ruff_cache .pytest_cache
