#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# bench-docker.sh [--runs N]: `docker run --rm IMAGE true` through clamp
# against plain runc (not a test: timings depend on the machine).
#
# Run as root from the source tree after building. Starts its own private
# containerd + dockerd (tests/e2e/lib/dockerd.sh: private roots, sockets and
# cgroup parent under one mktemp directory, no bridge, no registry) with
# `--add-runtime clamp=build/src/clamp`, imports the busybox-static rootfs,
# warms both runtimes up, then times N rounds (default 20) of one run per
# runtime, alternating which goes first, and prints the medians in ms.
# clamp gets a policy whose audit log and seccomp cache are in the temp
# directory (through the daemons' environment), so nothing outside it is
# written. Everything is stopped and removed on exit.
set -u
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
CLAMP=${CLAMP:-$repo/build/src/clamp}
runs=20
while [ $# -gt 0 ]; do
  case $1 in
  --runs) runs=${2:?--runs N}; shift ;;
  --runs=*) runs=${1#--runs=} ;;
  -h | --help) sed -n '3,14s/^# \{0,1\}//p' "$0"; exit 0 ;;
  *) echo "bench-docker: unknown argument $1" >&2; exit 2 ;;
  esac
  shift
done
[ "$(id -u)" = 0 ] || { echo "bench-docker: run as root" >&2; exit 1; }
[ -x "$CLAMP" ] || { echo "bench-docker: $CLAMP not built (ninja -C build)" >&2; exit 1; }

# shellcheck source=../e2e/lib/rootfs.sh
source "$repo/tests/e2e/lib/rootfs.sh"
# shellcheck source=../e2e/lib/dockerd.sh
source "$repo/tests/e2e/lib/dockerd.sh"

T=$(mktemp -d /tmp/clamp-bd.XXXXXX) || exit 1
chmod 711 "$T"
cleanup() {
  dockerd_teardown
  rm -rf --one-file-system "$T"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

python3 -c 'import json, sys; json.dump({"version": 1, "audit": {"log": sys.argv[1]}}, open(sys.argv[2], "w"))' \
  "$T/audit.log" "$T/policy.json" || exit 1
chmod 644 "$T/policy.json"
export CLAMP_POLICY=$T/policy.json CLAMP_SECCOMP_CACHE=$T/seccomp-cache

dockerd_start "$T/d" "clamp-bench-docker-$$" --add-runtime "clamp=$CLAMP" || exit 1
build_rootfs "$T/rootfs" || exit 1
tar -C "$T/rootfs" --numeric-owner -cf "$T/rootfs.tar" . || exit 1
IMG=clamp-bench-busybox:latest
dk import "$T/rootfs.tar" "$IMG" >/dev/null || exit 1

# one RUNTIME: the wall time of one docker run, in microseconds.
one() {
  local t0=${EPOCHREALTIME/./} t1
  dk run --rm --network none --runtime "$1" "$IMG" true >/dev/null 2>"$T/err" || {
    echo "bench-docker: docker run --runtime $1 failed:" >&2
    cat "$T/err" >&2
    exit 1
  }
  t1=${EPOCHREALTIME/./}
  echo $((t1 - t0))
}

for _ in 1 2 3; do
  one runc >/dev/null
  one clamp >/dev/null
done
: >"$T/runc.us"
: >"$T/clamp.us"
for ((i = 0; i < runs; i++)); do
  if ((i % 2 == 0)); then order=(runc clamp); else order=(clamp runc); fi
  for rt in "${order[@]}"; do one "$rt" >>"$T/$rt.us"; done
done

python3 - "$T/runc.us" "$T/clamp.us" "$runs" "$(dk version --format '{{.Server.Version}}')" <<'PY'
import statistics, sys
r = [int(x) / 1000 for x in open(sys.argv[1])]
c = [int(x) / 1000 for x in open(sys.argv[2])]
mr, mc = statistics.median(r), statistics.median(c)
print("docker %s, %s interleaved runs each, milliseconds" % (sys.argv[4], sys.argv[3]))
print("%-52s %8s %8s %8s" % ("", "median", "min", "max"))
print("%-52s %8.1f %8.1f %8.1f" % ("docker run --rm --runtime runc IMAGE true", mr, min(r), max(r)))
print("%-52s %8.1f %8.1f %8.1f" % ("docker run --rm --runtime clamp IMAGE true", mc, min(c), max(c)))
print("%-52s %8.1f" % ("difference of the medians (clamp - runc)", mc - mr))
PY
