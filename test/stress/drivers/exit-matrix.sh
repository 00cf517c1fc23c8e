# Exit-status matrix driver, run by bash or dash (POSIX sh only).
# usage: <shell> exit-matrix.sh VSTRACE CASE...
#   CASE is a code 0-255 or a signal name (INT, TERM, …); a trailing "+" also runs it nested.
# Prints one line per case: "<case> <bare $?> <wrapped $?> <nested $? or ->".
# One process tree for the whole matrix: the test spawns this once per shell.
V=$1
shift
ulimit -c 0
for c in "$@"; do
  nested=no
  case $c in *+) nested=yes; c=${c%+} ;; esac
  case $c in
    [0-9]*) cmd="exit $c" ;;
    *) cmd="kill -$c \$\$" ;;
  esac
  sh -c "$cmd"; b=$?
  "$V" run -- sh -c "$cmd"; w=$?
  n=-
  if [ $nested = yes ]; then "$V" run -- "$V" run -- sh -c "$cmd"; n=$?; fi
  echo "$c $b $w $n"
done
