#!/usr/bin/env bash
# Deploy a stage with CloudFormation: build the template and zips, upload them, create/update the stack.
# Usage: infra/deploy.sh STAGE ARTIFACT_BUCKET OIDC_ISSUER OIDC_AUDIENCE CORS_ORIGINS [Parameter=value ...]
#   OIDC_ISSUER is the token issuer exactly as its tokens' iss (a Cognito user pool's or another
#   OIDC issuer's); CORS_ORIGINS the front ends' origins, comma-separated, the main web app first;
#   extra overrides: OidcJwksUrl, OidcTokenUse, OidcGroupsClaim, OidcRoleClaim...
# Needs the AWS CLI and credentials for the target account (aws or aws-cn partition alike).
set -euo pipefail
if [ $# -lt 5 ]; then
  sed -n '2,7p' "$0" >&2
  exit 2
fi
stage=$1 bucket=$2 issuer=$3 audience=$4 origins=$5
shift 5
cd "$(dirname "$0")/.."
make package STAGE="$stage"
aws cloudformation package \
  --template-file "build/$stage/sam.json" \
  --s3-bucket "$bucket" \
  --output-template-file "build/$stage/packaged.yaml"
aws cloudformation deploy \
  --template-file "build/$stage/packaged.yaml" \
  --stack-name "youthvoice-$stage" \
  --capabilities CAPABILITY_IAM CAPABILITY_AUTO_EXPAND \
  --parameter-overrides "OidcIssuer=$issuer" "OidcAudience=$audience" \
    "CorsAllowedOrigins=$origins" "$@"
aws cloudformation describe-stacks --stack-name "youthvoice-$stage" \
  --query 'Stacks[0].Outputs' --output table
