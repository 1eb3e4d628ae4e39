# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
# A private podman for the end-to-end tests, set up like the one in
# tests/fixtures/make-fixtures.sh: storage, run root, tmp, locks, events
# and network config under one directory, nothing shared with the host's
# podman.
#
#   podman_private_ns SCRIPT ARGS...  (first thing a test does) re-execute
#                   SCRIPT in a private mount namespace; see below
#   podman_hide_host_state   in that namespace: tmpfs over /run and
#                   /var/lib (call it after anything that needs /var/lib,
#                   such as build_rootfs's dpkg-query)
#   podman_setup DIR RUNTIME [VAR=VALUE...]   write DIR/containers.conf and
#                   DIR/storage.conf, and set PM, the podman argv (array)
#                   that uses them; RUNTIME is the --runtime, VAR=VALUE go
#                   to conmon's environment and so to the runtime
#   pm ARGS...      run that podman
#   podman_teardown remove our containers, end what they left running (by
#                   pid), unmount what podman mounted under DIR, remove our
#                   containers' cgroups; DIR itself is left to the caller
#
# What would otherwise reach shared places:
#   CONTAINERS_CONF / CONTAINERS_STORAGE_CONF  replace the system files
#   lock_type "file"   the default shm lock is /dev/shm/libpod_lock, shared
#                      by every rootful podman on the machine
#   --root, --runroot, --tmpdir, --network-config-dir, image_copy_tmp_dir
#                      under DIR
#   --cgroup-manager cgroupfs, --events-backend file   no systemd here
#   /run, /var/lib     podman passes the runtime no --root, so runc keeps
#                      its state in /run/runc; `podman --runtime-flag` does
#                      not help, as podman's exit command (`podman container
#                      cleanup`, which deletes the container) drops it.
#                      `podman import` writes its blob-info cache to
#                      /var/lib/containers/cache whatever --root says. Both
#                      are tmpfs in the test's own mount namespace.
#   default_ulimits    podman 4.3 asks for RLIMIT_NOFILE 1048576, above
#                      this machine's hard limit (20000); raising it needs
#                      CAP_SYS_RESOURCE, which the machine lacks, so every
#                      run fails with "error setting rlimit type 7", with
#                      or without clamp. Its RLIMIT_NPROC (32768) fails
#                      here too, with "error setting rlimit type 6".
#   conmon_env_vars    podman hands neither conmon nor the runtime its own
#                      environment: conmon gets this list (and a few
#                      variables of podman's), and passes it on
# Containers are run with --network none (no CNI, no netavark).
# shellcheck source=procs.sh
source "$(dirname "${BASH_SOURCE[0]}")/procs.sh"

PODMAN_DIR=
PODMAN_RUNTIME=
PM=()
# Limits every container gets (soft:hard); below the caller's hard limits.
PODMAN_NOFILE=${PODMAN_NOFILE:-1024:1024}
PODMAN_NPROC=${PODMAN_NPROC:-4096:4096}
declare -A _podman_cg_pre=()

pm() { "${PM[@]}" "$@"; }

podman_private_ns() {
  [ -n "${CLAMP_E2E_PODMAN_NS:-}" ] && return 0
  exec env CLAMP_E2E_PODMAN_NS=1 unshare --mount --propagation private -- "$BASH" "$@"
}

podman_hide_host_state() {
  [ -n "${CLAMP_E2E_PODMAN_NS:-}" ] || {
    echo "podman_hide_host_state: not in a private mount namespace" >&2
    return 1
  }
  mount -t tmpfs -o mode=0755,size=64m clamp-e2e-run /run || return 1
  mount -t tmpfs -o mode=0755,size=64m clamp-e2e-varlib /var/lib || return 1
}

podman_setup() {
  local p=${1:?podman_setup DIR RUNTIME} d
  PODMAN_RUNTIME=${2:?podman_setup DIR RUNTIME}
  shift 2
  PODMAN_DIR=$p
  mkdir -p "$p/root" "$p/run" "$p/tmp" "$p/net" || return 1
  # Whether libpod_parent existed before decides whether teardown may
  # remove it (and conmon's cgroup in it), only ever with rmdir.
  for d in /sys/fs/cgroup/*/libpod_parent; do
    [ -d "$d" ] && _podman_cg_pre["$d"]=1
  done
  # CONTAINERS_CONF replaces the system containers.conf, so start from the
  # packaged defaults (what podman would use here) and add ours.
  python3 - "$p" "$PODMAN_NOFILE" "$PODMAN_NPROC" "$PODMAN_RUNTIME" "$@" <<'PY' || return 1
import json, os, sys
p, nofile, nproc, runtime = sys.argv[1:5]
env = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"] + sys.argv[5:]
q = json.dumps  # a TOML basic string is a JSON string
ours = {
    "containers": ["default_ulimits = [%s, %s]" % (q("nofile=" + nofile), q("nproc=" + nproc))],
    "engine": ['lock_type = "file"', "tmp_dir = " + q(p + "/tmp"),
               "image_copy_tmp_dir = " + q(p + "/tmp"),
               'events_logger = "file"', "events_logfile_path = " + q(p + "/events.log"),
               'cgroup_manager = "cgroupfs"', 'runtime = "clamp"',
               "conmon_env_vars = [%s]" % ", ".join(q(e) for e in env)],
    # The runtime by name too, and the default: `podman --runtime clamp`.
    "engine.runtimes": ["clamp = [%s]" % q(runtime)],
}
src = "/usr/share/containers/containers.conf"
lines = open(src).read().splitlines() if os.access(src, os.R_OK) else []
out = []
for line in lines:
    out.append(line)
    s = line.strip()
    if s.startswith("[") and s.strip("[]") in ours:
        out.extend(ours.pop(s.strip("[]")))
for sect, keys in ours.items():
    out.append("[%s]" % sect)
    out.extend(keys)
open(os.path.join(p, "containers.conf"), "w").write("\n".join(out) + "\n")
PY
  printf '[storage]\ndriver = "vfs"\ngraphroot = "%s"\nrunroot = "%s"\n' "$p/root" "$p/run" >"$p/storage.conf"
  PM=(env "CONTAINERS_CONF=$p/containers.conf" "CONTAINERS_STORAGE_CONF=$p/storage.conf"
    "TMPDIR=$p/tmp" podman --root "$p/root" --runroot "$p/run" --tmpdir "$p/tmp"
    --storage-driver vfs --cgroup-manager cgroupfs --events-backend file
    --network-config-dir "$p/net")
}

# Every container id our podman ever created: the live ones and those in
# its event log (containers run with --rm are gone from `ps`).
_podman_ids() {
  {
    pm ps -a --no-trunc --format '{{.ID}}' 2>/dev/null
    grep -oE '"ID":"[0-9a-f]{64}"' "$PODMAN_DIR/events.log" 2>/dev/null | cut -d'"' -f4
  } | sort -u
}

podman_teardown() {
  local ids id d c pid
  [ -n "$PODMAN_DIR" ] && [ -d "$PODMAN_DIR" ] || return 0
  ids=$(_podman_ids)
  pm rm --all --force --time 0 >/dev/null 2>&1
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    [ -z "$(pids_naming "$PODMAN_DIR")" ] && break
    sleep 0.3
  done
  for pid in $(pids_naming "$PODMAN_DIR"); do kill -TERM "$pid" 2>/dev/null; done
  sleep 0.3
  for pid in $(pids_naming "$PODMAN_DIR"); do kill -KILL "$pid" 2>/dev/null; done
  # Mounts podman left under our directory, deepest first.
  findmnt -rn -o TARGET | grep -F "$PODMAN_DIR/" | sort -r | while read -r d; do
    umount -l "$d" 2>/dev/null
  done
  # Our containers' cgroups (runc removes them on delete; a killed run can
  # leave them), then, when we created libpod_parent, conmon's cgroup in
  # it and itself (rmdir fails while anything is still in them).
  for id in $ids; do
    for d in /sys/fs/cgroup/*/libpod_parent; do
      for c in "$d/libpod-$id" "$d/libpod-conmon-$id"; do
        [ -d "$c" ] && find "$c" -depth -type d -exec rmdir {} + 2>/dev/null
      done
    done
  done
  for d in /sys/fs/cgroup/*/libpod_parent; do
    if [ ! -d "$d" ] || [ -n "${_podman_cg_pre["$d"]-}" ]; then continue; fi
    [ -d "$d/conmon" ] && rmdir "$d/conmon" 2>/dev/null
    rmdir "$d" 2>/dev/null
  done
  return 0
}
