#!/usr/bin/env bash
# Build the console into web/dist: types generated from docs/openapi.json, the page type-checked
# under --strict, the page's logic tested (test/, node's runner), bundled and minified by
# esbuild, then held to its size budget (bundle.mjs).
# `make web` installs the pinned packages first and runs this when a source changed.
set -euo pipefail
cd "$(dirname "$0")"
npx --no-install openapi-typescript ../docs/openapi.json --default-non-nullable false \
  --output src/generated/api.d.ts --silent
npx --no-install tsc --project tsconfig.json
rm -rf .test
npx --no-install esbuild test/*.test.ts --bundle --platform=node --format=esm --outdir=.test \
  --out-extension:.js=.mjs --log-level=warning
node --test --test-reporter=dot .test/*.mjs
node bundle.mjs
