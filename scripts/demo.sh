#!/usr/bin/env bash
# `npm run demo`: the instrumented example deploy, traced into a throwaway store,
# then its waterfall. Never touches the user's own store.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$root/dist/cli.js" ] || (cd "$root" && npm run --silent build)
export VSTRACE_HOME=${VSTRACE_DEMO_HOME:-$(mktemp -d "${TMPDIR:-/tmp}/vstrace-demo.XXXXXX")}
export VSTRACE="$root/bin/vstrace"
export PATH="$root/examples/deploy/stubs:$PATH"
unset TRACEPARENT TRACESTATE
cd "$root/examples/deploy"
"$VSTRACE" run --type=pipeline --tag source=gcloud --tag service=api -- ./deploy-api.sh
echo
"$VSTRACE" show last
echo
echo "Store: $VSTRACE_HOME   (try: VSTRACE_HOME=$VSTRACE_HOME $VSTRACE ls)"
