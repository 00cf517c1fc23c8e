#!/usr/bin/env bash
# `npm run demo`: the instrumented example deploy, traced a few times into a
# throwaway store (one run fails at the push), then its waterfall, the golden
# signals and the HTML report. Never touches the user's own store.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$root/dist/cli.js" ] || (cd "$root" && npm run --silent build)
export VSTRACE_HOME=${VSTRACE_DEMO_HOME:-$(mktemp -d "${TMPDIR:-/tmp}/vstrace-demo.XXXXXX")}
export VSTRACE_CONFIG=none
export VSTRACE="$root/bin/vstrace"
export PATH="$root/examples/deploy/stubs:$PATH"
unset TRACEPARENT TRACESTATE VSTRACE_SPAN VSTRACE_STACK
cd "$root/examples/deploy"

deploy() { "$VSTRACE" run --type=pipeline --tag source=gcloud --tag service=api -- ./deploy-api.sh >/dev/null 2>&1; }
echo "Tracing examples/deploy/deploy-api.sh four times (the third push is denied)…"
deploy; deploy
DEMO_FAIL_PUSH=1 deploy || echo "  (that run failed at the push, as planned: exit $?)"
deploy
echo
"$VSTRACE" ls --limit 4
echo
"$VSTRACE" show last
echo
"$VSTRACE" stats --since 1d
report="$VSTRACE_HOME/vstrace-report.html"
"$VSTRACE" report --since 1d --out "$report" >/dev/null
echo
echo "HTML report: $report"
echo "Store:       $VSTRACE_HOME   (try: VSTRACE_HOME=$VSTRACE_HOME $VSTRACE ls)"
