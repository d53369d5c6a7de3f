#!/usr/bin/env bash
# Build the console into web/dist: types generated from docs/openapi.json, the page type-checked
# under --strict, bundled and minified by esbuild, then held to its size budget (bundle.mjs).
# `make web` installs the pinned packages first and runs this when a source changed.
set -euo pipefail
cd "$(dirname "$0")"
npx --no-install openapi-typescript ../docs/openapi.json --output src/generated/api.d.ts --silent
npx --no-install tsc --project tsconfig.json
node bundle.mjs
