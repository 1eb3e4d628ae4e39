# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
# A private containerd for a test: its own config.toml (version 2), root,
# state, opt directory, gRPC and ttrpc sockets, all under one directory,
# with the CRI plugin off; and a teardown that stops exactly what it
# started. Other containerds on the machine (the host's, other tests') are
# never touched.
#
#   ctrd_start DIR NAMESPACE [VAR=VALUE...]
#       Start containerd with its files in DIR (a short path: sockets live
#       there and sun_path is 108 bytes). The VAR=VALUE pairs are added to
#       its environment, which containerd hands to its shims and they to
#       the OCI runtime. Sets CTRD_PID, CTRD_SOCK, CTRD_CONFIG, and CTR (an
#       argv for ctr on that socket and NAMESPACE). Returns 1 (and prints
#       the log's tail on stderr) when it does not come up.
#   ctrd_config DIR
#       Print that config.toml (also used to check snippets merged into it).
#   ctrd_stop
#       Kill and delete every task and container in NAMESPACE, stop
#       containerd by its pid, end the shims it left (by pid: processes
#       whose command line names DIR), unmount what is mounted under DIR
#       and remove the cgroups /sys/fs/cgroup/*/NAMESPACE (ctr's default
#       cgroup parent is the namespace). Does not remove DIR.
#
# Not private in containerd 1.6, whatever the configuration: a shim's
# socket is /run/containerd/s/<sha256 of the containerd address, namespace
# and id>, removed by the shim when it exits. ctr's FIFOs default to
# /run/containerd/fifo: pass --fifo-dir. The runc v2 shim's runc --root
# defaults to /run/containerd/runc: pass --runc-root (ctr run) or set
# options.Root.
# shellcheck source=procs.sh
source "$(dirname "${BASH_SOURCE[0]}")/procs.sh"

CTRD_DIR=
CTRD_NS=
CTRD_PID=
CTRD_SOCK=
CTRD_CONFIG=
CTR=()

ctrd_config() {
  local d=$1
  cat <<EOF
version = 2
root = "$d/root"
state = "$d/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]

[grpc]
  address = "$d/containerd.sock"

[ttrpc]
  address = "$d/containerd.sock.ttrpc"

[debug]
  address = ""

[metrics]
  address = ""

[plugins."io.containerd.internal.v1.opt"]
  path = "$d/opt"
EOF
}

ctrd_start() {
  local d=$1 ns=$2 n
  shift 2
  CTRD_DIR=$d
  CTRD_NS=$ns
  mkdir -p "$d/root" "$d/state" "$d/opt" "$d/tmp" || return 1
  CTRD_CONFIG=$d/config.toml
  ctrd_config "$d" >"$CTRD_CONFIG"
  CTRD_SOCK=$d/containerd.sock
  CTR=("$(command -v ctr)" --address "$CTRD_SOCK" --namespace "$ns")
  # TMPDIR reaches the shims (exec process files are written there).
  env TMPDIR="$d/tmp" "$@" containerd --config "$CTRD_CONFIG" </dev/null >"$d/containerd.log" 2>&1 &
  CTRD_PID=$!
  for ((n = 0; n < 150; n++)); do
    [ -S "$CTRD_SOCK" ] && "${CTR[@]}" version >/dev/null 2>&1 && return 0
    kill -0 "$CTRD_PID" 2>/dev/null || break
    sleep 0.1
  done
  echo "containerd did not start; the end of $d/containerd.log:" >&2
  tail -n 20 "$d/containerd.log" >&2
  return 1
}

ctrd_stop() {
  local id pid m d
  [ -n "$CTRD_DIR" ] || return 0
  if [ -n "$CTRD_PID" ] && kill -0 "$CTRD_PID" 2>/dev/null; then
    for id in $("${CTR[@]}" task ls -q 2>/dev/null); do
      "${CTR[@]}" task kill -s SIGKILL "$id" >/dev/null 2>&1
    done
    for id in $("${CTR[@]}" task ls -q 2>/dev/null); do
      for _ in 1 2 3 4 5 6 7 8 9 10; do
        "${CTR[@]}" task rm -f "$id" >/dev/null 2>&1 && break
        sleep 0.2
      done
    done
    for id in $("${CTR[@]}" container ls -q 2>/dev/null); do
      "${CTR[@]}" container rm "$id" >/dev/null 2>&1
    done
    kill -TERM "$CTRD_PID" 2>/dev/null
    if ! wait_gone "$CTRD_PID" 20; then
      kill -KILL "$CTRD_PID" 2>/dev/null
      wait_gone "$CTRD_PID" 5
    fi
    wait "$CTRD_PID" 2>/dev/null
  fi
  CTRD_PID=
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    [ -z "$(pids_naming "$CTRD_DIR" "$CTRD_PID")" ] && break
    sleep 0.3
  done
  for pid in $(pids_naming "$CTRD_DIR" "$CTRD_PID"); do kill -TERM "$pid" 2>/dev/null; done
  sleep 0.3
  for pid in $(pids_naming "$CTRD_DIR" "$CTRD_PID"); do kill -KILL "$pid" 2>/dev/null; done
  # Deepest first.
  findmnt -rn -o TARGET | grep -F "$CTRD_DIR/" | sort -r | while read -r m; do
    umount -l "$m" 2>/dev/null
  done
  if [ -n "$CTRD_NS" ]; then
    for d in /sys/fs/cgroup/*/"$CTRD_NS" /sys/fs/cgroup/"$CTRD_NS"; do
      [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
    done
  fi
  return 0
}
