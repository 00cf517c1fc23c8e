# 200 parallel `vstrace run`s while readers run `vstrace ls --json` and `vstrace show --json last`
# over and over until the writers are done.
# usage: bash concurrency.sh VSTRACE OUTDIR RUNS
# Leaves OUTDIR/writers.rc, and per read k: OUTDIR/read.k.{out,err,rc}.
V=$1
OUT=$2
RUNS=$3
mkdir -p "$OUT"
reader() {
  k=$1
  while [ ! -e "$OUT/writers.rc" ]; do
    if [ $((k % 2)) = 0 ]; then args="ls --json --limit 1000"; else args="show --json last"; fi
    # "show last" on an empty store is a clean NOT_FOUND (exit 1); the test tells it apart.
    $V $args >"$OUT/read.$k.out" 2>"$OUT/read.$k.err"
    echo $? >"$OUT/read.$k.rc"
    k=$((k + 2))
  done
}
reader 0 &
r0=$!
reader 1 &
r1=$!
seq 0 $((RUNS - 1)) | xargs -P "$RUNS" -I{} sh -c "$V run --tag n={} -- sh -c 'exit \$(({} % 7))'; s=\$?; [ \$s = \$(({} % 7)) ] || echo 'run {} returned '\$s >&2"
echo $? >"$OUT/writers.tmp" && mv "$OUT/writers.tmp" "$OUT/writers.rc"
wait $r0 $r1
