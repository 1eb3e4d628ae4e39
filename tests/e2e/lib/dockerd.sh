# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
# A private dockerd for tests and benchmarks (the approach of
# tests/fixtures/make-fixtures.sh): its own containerd, data root, exec
# root, pid file, unix socket and cgroup parent, all under one directory;
# no bridge, no iptables, no registry. Containers must use --network none.
#
#   dockerd_start DIR NAME [DOCKERD_ARGS...]
#       start (or restart) containerd and dockerd under DIR (short: sockets
#       live there; sun_path is 108 bytes). NAME names the cgroup parent
#       (/sys/fs/cgroup/<ctrl>/NAME/<id>). The environment of both daemons
#       is this shell's (CLAMP_POLICY, CLAMP_SECCOMP_CACHE and the like
#       reach the runtime through containerd and its shims). Logs go to
#       DIR/log/{containerd,dockerd}.log. Returns 1 (saying why) on failure.
#   dk ARGS...        the docker client, talking to that dockerd
#   dockerd_stop      remove every container, stop dockerd and containerd
#                     by pid (the daemons can be started again)
#   dockerd_teardown  dockerd_stop, end leftover shims (by pid: those whose
#                     argv names DIR), unmount what is left under DIR and
#                     remove the cgroups under NAME. DIR itself stays.
# shellcheck source=procs.sh
source "$(dirname "${BASH_SOURCE[0]}")/procs.sh"

DOCKERD_DIR=
DOCKERD_CG=
DOCKERD_PID=
DOCKERD_CTRD_PID=
DOCKERD_CLIENT=/usr/bin/docker
[ -x "$DOCKERD_CLIENT" ] || DOCKERD_CLIENT=$(command -v docker)

dk() {
  DOCKER_CONFIG="$DOCKERD_DIR/client" "$DOCKERD_CLIENT" -H "unix://$DOCKERD_DIR/docker.sock" "$@"
}

# _dockerd_stop_pid PID: SIGTERM, SIGKILL after 20 s.
_dockerd_stop_pid() {
  local pid=$1
  [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null || return 0
  kill -TERM "$pid" 2>/dev/null
  if ! wait_gone "$pid" 20; then
    kill -KILL "$pid" 2>/dev/null
    wait_gone "$pid" 5
  fi
  wait "$pid" 2>/dev/null
  return 0
}

dockerd_start() {
  local dir=${1:?dockerd_start DIR NAME ARGS...} name=${2:?dockerd_start DIR NAME} n c
  shift 2
  for c in dockerd containerd containerd-shim-runc-v2 "$DOCKERD_CLIENT"; do
    command -v "$c" >/dev/null || { echo "dockerd_start: $c not found (apt-get install docker.io)" >&2; return 1; }
  done
  DOCKERD_DIR=$dir
  DOCKERD_CG=$name
  mkdir -p "$dir/log" "$dir/client" "$dir/ctrd/root" "$dir/ctrd/state" "$dir/ctrd/opt" \
    "$dir/ctrd/tmp" "$dir/docker/data" "$dir/docker/exec" || return 1
  # Our own containerd: dockerd 20.10 uses the system one whenever
  # /run/containerd/containerd.sock exists.
  cat >"$dir/ctrd/config.toml" <<EOF
version = 2
root = "$dir/ctrd/root"
state = "$dir/ctrd/state"
disabled_plugins = ["io.containerd.grpc.v1.cri"]
[grpc]
  address = "$dir/ctrd/containerd.sock"
[ttrpc]
  address = "$dir/ctrd/containerd.sock.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$dir/ctrd/opt"
EOF
  TMPDIR=$dir/ctrd/tmp containerd --config "$dir/ctrd/config.toml" </dev/null >>"$dir/log/containerd.log" 2>&1 &
  DOCKERD_CTRD_PID=$!
  for ((n = 0; n < 100; n++)); do
    [ -S "$dir/ctrd/containerd.sock" ] && break
    kill -0 "$DOCKERD_CTRD_PID" 2>/dev/null || break
    sleep 0.1
  done
  [ -S "$dir/ctrd/containerd.sock" ] || {
    tail -n 15 "$dir/log/containerd.log" >&2
    echo "dockerd_start: containerd did not start" >&2
    return 1
  }
  # The trust key defaults to /etc/docker/key.json; 20.10 only has this
  # config key for its path. A caller's --config-file comes after ours and
  # wins; it must set deprecated-key-path itself.
  [ -f "$dir/docker/daemon-base.json" ] ||
    printf '{"deprecated-key-path": "%s"}\n' "$dir/docker/key.json" >"$dir/docker/daemon-base.json"
  local conf=(--config-file "$dir/docker/daemon-base.json") a
  for a in "$@"; do
    case $a in --config-file | --config-file=*) conf=() ;; esac
  done
  dockerd "${conf[@]}" \
    --data-root "$dir/docker/data" \
    --exec-root "$dir/docker/exec" \
    --pidfile "$dir/docker/dockerd.pid" \
    -H "unix://$dir/docker.sock" \
    --containerd "$dir/ctrd/containerd.sock" \
    --cgroup-parent "/$name" \
    --iptables=false --ip-forward=false --ip-masq=false --bridge=none \
    "$@" </dev/null >>"$dir/log/dockerd.log" 2>&1 &
  DOCKERD_PID=$!
  for ((n = 0; n < 300; n++)); do
    dk version >/dev/null 2>&1 && return 0
    kill -0 "$DOCKERD_PID" 2>/dev/null || break
    sleep 0.1
  done
  tail -n 15 "$dir/log/dockerd.log" >&2
  echo "dockerd_start: dockerd did not start" >&2
  return 1
}

dockerd_stop() {
  local id
  if [ -n "$DOCKERD_PID" ] && kill -0 "$DOCKERD_PID" 2>/dev/null; then
    dk ps -aq 2>/dev/null | while read -r id; do dk rm -f "$id" >/dev/null 2>&1; done
  fi
  _dockerd_stop_pid "$DOCKERD_PID"
  DOCKERD_PID=
  _dockerd_stop_pid "$DOCKERD_CTRD_PID"
  DOCKERD_CTRD_PID=
}

dockerd_teardown() {
  local pid d
  [ -n "$DOCKERD_DIR" ] || return 0
  dockerd_stop
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    [ -z "$(pids_naming "$DOCKERD_DIR")" ] && break
    sleep 0.5
  done
  for pid in $(pids_naming "$DOCKERD_DIR"); do kill -TERM "$pid" 2>/dev/null; done
  sleep 0.3
  for pid in $(pids_naming "$DOCKERD_DIR"); do kill -KILL "$pid" 2>/dev/null; done
  findmnt -rn -o TARGET 2>/dev/null | grep -F "$DOCKERD_DIR/" | sort -r | while read -r d; do
    umount -l "$d" 2>/dev/null
  done
  if [ -n "$DOCKERD_CG" ]; then
    for d in /sys/fs/cgroup/*/"$DOCKERD_CG" /sys/fs/cgroup/"$DOCKERD_CG"; do
      [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
    done
  fi
  return 0
}
