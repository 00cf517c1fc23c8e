#!/usr/bin/env bash
# Debian packages the test suite uses for real parts (browser, make, TLS CA, pty tools).
# Idempotent: installs only what is missing.
set -euo pipefail
need=()
command -v make >/dev/null || need+=(make)
command -v dash >/dev/null || need+=(dash)
command -v script >/dev/null || need+=(bsdutils)
command -v openssl >/dev/null || need+=(openssl)
command -v flock >/dev/null || need+=(util-linux)
command -v python3 >/dev/null || need+=(python3)
command -v git >/dev/null || need+=(git)
command -v strace >/dev/null || need+=(strace)
command -v chromium >/dev/null || need+=(chromium)
# libfaketime: the stress suite steps the wall clock of one process to test clock jumps; the report test records deployments in the past
[ -e /usr/lib/x86_64-linux-gnu/faketime/libfaketimeMT.so.1 ] || need+=(libfaketime)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "missing system packages: ${need[*]}; install them with: sudo apt-get install -y ${need[*]}" >&2
    exit 1
  fi
fi
