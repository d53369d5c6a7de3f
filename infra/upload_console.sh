#!/usr/bin/env bash
# Upload the built web console (web/dist) to the stack's ConsoleBucket under console/, with the
# stage's API URL written into index.html (<meta name="youthvoice-api">), which the page calls.
# `make deploy` runs it after the stack is deployed: infra/upload_console.sh STACK REGION
set -euo pipefail
stack=$1
region=$2
output() {
  aws cloudformation describe-stacks --region "${region}" --stack-name "${stack}" \
    --query "Stacks[0].Outputs[?OutputKey=='$1'].OutputValue" --output text
}
api=$(output ApiUrl)
bucket=$(output ConsoleBucketName)
site=$(mktemp -d)
trap 'rm -rf "${site}"' EXIT
cp -R "$(dirname "$0")/../web/dist/." "${site}"
sed -i "s|<meta name=\"youthvoice-api\" content=\"\">|<meta name=\"youthvoice-api\" content=\"${api%/}\">|" \
  "${site}/index.html"
grep -qF "content=\"${api%/}\"" "${site}/index.html"
aws s3 sync --region "${region}" --delete --exclude .built "${site}" "s3://${bucket}/console/"
