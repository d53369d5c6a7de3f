#!/usr/bin/env bash
# Deploy a stage with CloudFormation: build the template and zips, upload them, create/update the stack.
# Usage: infra/deploy.sh STAGE ARTIFACT_BUCKET COGNITO_USER_POOL_ID COGNITO_APP_CLIENT_ID
# Needs the AWS CLI and credentials for the target account (aws or aws-cn partition alike).
set -euo pipefail
if [ $# -ne 4 ]; then
  sed -n '2,4p' "$0" >&2
  exit 2
fi
stage=$1 bucket=$2 pool=$3 client=$4
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
  --parameter-overrides "CognitoUserPoolId=$pool" "CognitoAppClientId=$client"
aws cloudformation describe-stacks --stack-name "youthvoice-$stage" \
  --query 'Stacks[0].Outputs' --output table
