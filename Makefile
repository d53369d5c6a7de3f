# Two commands matter: `make run` and `make test`. Both create .venv and install on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAGE ?= dev
REGION ?= cn-north-1
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit integration e2e packaging package requirements openapi clean \
	simulate bench browser client-check

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade 'pip<26.3'
	$(BIN)/python -m pip install --quiet -e '.[local,dev]'
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/youthvoice serve

test: $(STAMP) lint typecheck browser client-check
	$(BIN)/pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit integration e2e packaging: $(STAMP)
	$(BIN)/pytest tests/$@

# A simulated provincial year on the local stack: SCALE of the reference year (0.1: 12,052
# questions); charts and summary.md in build/report.
SCALE ?= 0.005
simulate: $(STAMP)
	$(BIN)/youthvoice simulate --scale $(SCALE)

# Every benchmark under bench/, and their closing lines into docs/performance.md.
bench: $(STAMP)
	$(BIN)/python -m bench.all
# The browser test (tests/e2e/test_browser.py) drives Debian's Chromium: installed here when it is
# missing and make runs as root; otherwise that test skips naming the packages (in CI it fails).
e2e: browser
browser:
	@test -x /usr/bin/chromium -a -x /usr/bin/chromedriver \
	|| { [ "$$(id -u)" = 0 ] && apt-get update -qq \
	     && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver >/dev/null; } \
	|| echo "chromium and chromium-driver are not installed: the browser test will not run"

requirements: $(STAMP)
	$(BIN)/python infra/requirements.py > requirements.txt

openapi: $(STAMP)
	$(BIN)/python -m infra.openapi > docs/openapi.json

# A TypeScript client generated from docs/openapi.json (openapi-typescript) type-checks the sample
# client under tsc --strict, and refuses a misspelt status (clients/typescript/check.sh).
CLIENT := clients/typescript
$(CLIENT)/node_modules/.package-lock.json: $(CLIENT)/package-lock.json
	cd $(CLIENT) && npm ci --no-audit --no-fund --loglevel=error

client-check: $(CLIENT)/node_modules/.package-lock.json
	$(CLIENT)/check.sh

# Build the deployable CloudFormation template and zips for STAGE into build/STAGE.
package: $(STAMP)
	rm -rf build/$(STAGE) .chalice/deployments
	mkdir -p build/$(STAGE)
	$(BIN)/python infra/build_template.py --stage $(STAGE) > build/$(STAGE)/merge-template.json
	AWS_DEFAULT_REGION=$(REGION) $(BIN)/chalice package --stage $(STAGE) \
		--merge-template build/$(STAGE)/merge-template.json build/$(STAGE)
	$(BIN)/cfn-lint build/$(STAGE)/sam.json

clean:
	rm -rf $(VENV) build .chalice/deployments .mypy_cache .ruff_cache .pytest_cache \
		$(CLIENT)/node_modules $(CLIENT)/generated
