# 200 parallel `vstrace run`s while, until the writers are done, readers loop over
# `vstrace ls --json` and `vstrace show --json last`, one loop runs `vstrace flush`
# and one `vstrace prune --older-than 30d`.
# usage: bash concurrency.sh VSTRACE OUTDIR RUNS
# Leaves OUTDIR/writers.rc, and per call k of each loop: OUTDIR/<loop>.k.{out,err,rc}.
V=$1
OUT=$2
RUNS=$3
mkdir -p "$OUT"
loop() {
  name=$1
  shift
  k=0
  while [ ! -e "$OUT/writers.rc" ]; do
    "$V" "$@" >"$OUT/$name.$k.out" 2>"$OUT/$name.$k.err"
    echo $? >"$OUT/$name.$k.rc"
    k=$((k + 1))
  done
}
# "show last" on an empty store is a clean NOT_FOUND (exit 1); the test tells it apart.
loop ls ls --json --limit 1000 &
loop show show --json last &
loop flush flush &
loop prune prune --older-than 30d &
seq 0 $((RUNS - 1)) | xargs -P "$RUNS" -I{} sh -c "$V run --tag n={} -- sh -c 'exit \$(({} % 7))'; s=\$?; [ \$s = \$(({} % 7)) ] || echo 'run {} returned '\$s >&2"
echo $? >"$OUT/writers.tmp" && mv "$OUT/writers.tmp" "$OUT/writers.rc"
wait
