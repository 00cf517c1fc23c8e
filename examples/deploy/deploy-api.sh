#!/usr/bin/env bash
# The seed article's deploy script, instrumented with `vstrace run` prefixes.
# Stub docker/gcloud commands in ./stubs make it run anywhere.
set -euo pipefail
VSTRACE=${VSTRACE:-vstrace}

$VSTRACE run --type=build --tag type=docker -- docker build -f Dockerfile.api -t valuestream-api .

$VSTRACE run --type=push --tag type=docker --shell -- \
  'docker tag valuestream-api us.gcr.io/value-stream/valuestream-api && docker push us.gcr.io/value-stream/valuestream-api'

$VSTRACE run --type=deploy --tag type=gae -- gcloud app deploy \
    --image-url us.gcr.io/value-stream/valuestream-api \
    devops/gae/app.api.yaml \
    --version=v1 \
    --quiet
