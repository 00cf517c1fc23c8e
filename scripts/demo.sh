#!/usr/bin/env bash
# `npm run demo`: the instrumented example deploy, traced a few times into a
# throwaway store (one run fails at the push), then its waterfall, the golden
# signals and the HTML report. Hermetic both ways: the user's settings, trace
# context and CI run never reach the demo, and its spans never reach the
# user's store or backend.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
[ -f "$root/dist/cli.js" ] || (cd "$root" && npm run --silent build)
home=${VSTRACE_DEMO_HOME:-$(mktemp -d "${TMPDIR:-/tmp}/vstrace-demo.XXXXXX")}
# A TRACEPARENT would hang the demo's traces under the user's; OTEL_*/JAEGER_*/LS_*
# and VSTRACE_* settings would export them or change their names.
for var in $(compgen -e); do
  case $var in TRACEPARENT | TRACESTATE | BAGGAGE | OTEL_* | VSTRACE_* | JAEGER_* | LS_*) unset "$var" ;; esac
done
export VSTRACE_HOME=$home
export VSTRACE_CONFIG=none
# Inside a CI job every trace would otherwise join the job's run: four deploys, one trace.
export VSTRACE_CI_DETECT=false
export VSTRACE_EXPORTER=none
export VSTRACE="$root/bin/vstrace"
export PATH="$root/examples/deploy/stubs:$PATH"
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
echo
# The deploy steps are deployments (type deploy): DORA's four keys from them (docs/dora.md).
"$VSTRACE" dora --since 1d
report="$VSTRACE_HOME/vstrace-report.html"
"$VSTRACE" report --since 1d --out "$report" >/dev/null
echo
echo "HTML report: $report"
echo "Store:       $VSTRACE_HOME   (try: VSTRACE_HOME=$VSTRACE_HOME $VSTRACE ls)"
