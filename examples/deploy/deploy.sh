#!/usr/bin/env bash
set -euo pipefail

docker build -f Dockerfile.api -t valuestream-api .

docker tag valuestream-api us.gcr.io/value-stream/valuestream-api && docker push us.gcr.io/value-stream/valuestream-api

gcloud app deploy \
    --image-url us.gcr.io/value-stream/valuestream-api \
    devops/gae/app.api.yaml \
    --version=v1 \
    --quiet
