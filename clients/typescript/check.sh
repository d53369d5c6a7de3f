#!/usr/bin/env bash
# Generate TypeScript types from docs/openapi.json and compile the sample client and refused.ts
# under --strict, in one tsc run: sample.ts must compile, and refused.ts must fail with each error
# its comments name, and no other. `make client-check` installs the pinned packages first.
set -euo pipefail
cd "$(dirname "$0")"
# A request field with a default stays optional; the document marks every response field
# required itself (README, "make client-check").
npx --no-install openapi-typescript ../../docs/openapi.json --default-non-nullable false \
  --output generated/api.d.ts
if npx --no-install tsc --project tsconfig.json > generated/tsc.log; then
  echo "refused.ts compiled: the generated types let a misspelt status or a text limit through" >&2
  exit 1
fi
expected=$(grep "^// TS[0-9]*, " refused.ts | sed 's|^// ||')
if [ "$(grep -c "error TS" generated/tsc.log)" -ne "$(echo "${expected}" | wc -l)" ] \
  || grep "error TS" generated/tsc.log | grep -qv "^refused\.ts("; then
  echo "tsc's errors are not exactly the ones refused.ts expects:" >&2
  cat generated/tsc.log >&2
  exit 1
fi
while IFS= read -r line; do
  code=${line%%,*}; message=${line#*, }
  if ! grep -F "error ${code}: " generated/tsc.log | grep -qF "${message}"; then
    echo "tsc did not reject refused.ts with ${code}: ${message}" >&2
    cat generated/tsc.log >&2
    exit 1
  fi
done <<< "${expected}"
echo "client check: sample.ts compiles under --strict; refused.ts is rejected as expected"
