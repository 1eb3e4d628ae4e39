#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end, real runc: the privileged-container rules (devices.allowlist,
# devices.cgroup, sysfs.readonly, paths.masked). A bundle that asks for an
# extra device node (/dev/kmsg, c 1:11), an allow-all device cgroup, a
# read-write /sys and no masked or read-only paths, as `docker run
# --privileged` would, runs without the node, with /sys and /proc/sys
# read-only and the default paths masked. With the device rule off the
# node is there but the device cgroup refuses to open it; with every rule
# off the container can open it, which shows that the checks can fail.
# The same with crun where it is installed.
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
source "$E2E_DIR/lib.sh"
require_root
RUNC=$(command -v runc) || skip_all "runc is not installed"
CRUN=$(command -v crun || true)

# crun 1.8 refuses this machine's hybrid cgroup layout: as in run-crun.sh,
# run in a private mount namespace in which an empty file hides
# /sys/fs/cgroup/unified/cgroup.controllers (runc does not mind).
if [ -n "$CRUN" ] && [ -z "${CLAMP_E2E_IN_NS:-}" ] && [ -e /sys/fs/cgroup/unified/cgroup.controllers ]; then
  exec env CLAMP_E2E_IN_NS=1 unshare --mount --propagation private -- "$0" "$@"
fi
if [ -n "${CLAMP_E2E_IN_NS:-}" ]; then
  empty=$(mktemp /tmp/clamp-e2e-empty.XXXXXX)
  mount --bind "$empty" /sys/fs/cgroup/unified/cgroup.controllers
  rm -f "$empty"
fi
e2e_setup

# Container ids name cgroups (/<id>), which every runc on the machine
# shares: make them unique.
id_base=clamp-e2e-dev-$$

policy() { write_policy "$E2E_TMP/$1.json" "$2"; }
policy none '{"version": 1}'
policy cgroup-only '{"version": 1, "rules": {"devices.allowlist": "off"}}'
policy off '{"version": 1, "rules": {"devices.allowlist": "off", "devices.cgroup": "off", "sysfs.readonly": "off", "paths.masked": "off"}}'

# What the container reports, one "key: value" line each. `: >` opens
# for writing without writing, so nothing reaches the kernel log; it runs
# in a subshell because a failed redirection of `:` ends a POSIX shell.
# shellcheck disable=SC2016 # expanded inside the container
inside='
echo "dev: $(ls /dev | tr "\n" " ")"
mknod /tmp/n c 1 3 2>/dev/null && echo "mknod: ok" || echo "mknod: fails"
if msg=$( (: >/dev/kmsg) 2>&1); then echo "kmsg: opened"; else echo "kmsg: $msg"; fi
echo "touch-sys: $(touch /sys/clamp-e2e 2>&1 || true)"
echo "sys: $(grep " /sys " /proc/self/mountinfo | cut -d" " -f6)"
echo "proc-sys: $(grep " /proc/sys " /proc/self/mountinfo | cut -d" " -f6)"
for p in /proc/kcore /proc/keys /proc/interrupts /sys/firmware; do
  echo "masked $p: $(grep -c " $p " /proc/self/mountinfo)"
done
'

# run_case NAME POLICY [RUNTIME]: the privileged-looking bundle, run
# through clamp under POLICY with RUNTIME (runc); sets $out to what the
# container printed.
run_case() {
  local name=$1 pol=$2 rt=${3:-$RUNC} b=$E2E_TMP/b-$1 id=$id_base-$1
  local state
  state=$E2E_TMP/state-$(basename "$rt")
  make_bundle "$b" "$(python3 -c 'import json, sys; print(json.dumps(["/bin/sh", "-c", sys.argv[1]]))' "$inside")"
  edit_config "$b/config.json" '
l = c["linux"]
l.setdefault("devices", []).append({"path": "/dev/kmsg", "type": "c", "major": 1, "minor": 11, "fileMode": 438, "uid": 0, "gid": 0})
l.setdefault("resources", {})["devices"] = [{"allow": True, "access": "rwm"}]
l["maskedPaths"] = []
l["readonlyPaths"] = []
for m in c["mounts"]:
    if m["destination"] == "/sys":
        m["options"] = [o for o in m["options"] if o != "ro"]
'
  track "$rt" "$id"
  out=$(CLAMP_POLICY=$E2E_TMP/$pol.json CLAMP_RUNTIME=$rt "$CLAMP" --root "$state" \
    run --bundle "$b" "$id" 2>"$E2E_TMP/stderr-$name")
  local status=$?
  expect_eq "$name: the container runs (exit 0)" "$status" 0
  [ "$status" = 0 ] || tap_diag "$out" "$(cat "$E2E_TMP/stderr-$name")"
}
field() { printf '%s\n' "$out" | sed -n "s|^$1: ||p"; }
# has_words TEXT WORD...: every WORD is a word of TEXT; lacks_word TEXT WORD.
has_words() {
  local text=$1 w
  shift
  for w in "$@"; do printf '%s\n' "$text" | tr ' ' '\n' | grep -qx -- "$w" || return 1; done
}
lacks_word() { ! has_words "$1" "$2"; }

# --- Every rule on (the built-in policy). ---
run_case on none
check "on: /dev has no kmsg" lacks_word "$(field dev)" kmsg
check "on: /dev still has null, zero, full, random, urandom, tty" \
  has_words "$(field dev)" null zero full random urandom tty
expect_eq "on: mknod of a char device fails" "$(field mknod)" fails
expect_match "on: touch in /sys fails: read-only file system" "$(field touch-sys)" 'Read-only file system'
expect_match "on: mountinfo shows /sys read-only" "$(field sys)" '^ro(,|$)'
expect_match "on: mountinfo shows /proc/sys read-only" "$(field proc-sys)" '^ro(,|$)'
# Masked paths are mounted over (a file by /dev/null, a directory by an
# empty tmpfs); runc skips those the kernel does not have (this machine's
# kernel has no /proc/kcore).
for p in /proc/kcore /proc/keys /proc/interrupts /sys/firmware; do
  [ -e "$p" ] || continue
  expect_eq "on: $p is masked" "$(field "masked $p")" 1
done
b=$E2E_TMP/b-on
check "on: config.json has deny-all first in linux.resources.devices" python3 -c '
import json, sys
d = json.load(open(sys.argv[1]))["linux"]["resources"]["devices"]
sys.exit(d[0] != {"allow": False, "access": "rwm"} or any(r.get("type") != "c" for r in d[1:]))' "$b/config.json"

# --- devices.allowlist off: the node is made, the device cgroup keeps
# it closed. ---
run_case cgroup-only cgroup-only
check "cgroup-only: /dev has kmsg" has_words "$(field dev)" kmsg
expect_match "cgroup-only: opening /dev/kmsg is refused by the device cgroup" "$(field kmsg)" 'Operation not permitted'

# --- Every rule off: the same bundle gets what it asked for. ---
run_case off off
check "off: /dev has kmsg" has_words "$(field dev)" kmsg
expect_eq "off: /dev/kmsg opens" "$(field kmsg)" opened
expect_match "off: mountinfo shows /sys read-write" "$(field sys)" '^rw(,|$)'
expect_eq "off: /proc/keys is not masked" "$(field "masked /proc/keys")" 0

# --- crun: the same bundle, every rule on, then every rule off. ---
if [ -n "$CRUN" ]; then
  run_case crun-on none "$CRUN"
  check "crun on: /dev has no kmsg" lacks_word "$(field dev)" kmsg
  expect_match "crun on: mountinfo shows /sys read-only" "$(field sys)" '^ro(,|$)'
  expect_match "crun on: mountinfo shows /proc/sys read-only" "$(field proc-sys)" '^ro(,|$)'
  expect_eq "crun on: /proc/keys is masked" "$(field "masked /proc/keys")" 1
  run_case crun-cgroup-only cgroup-only "$CRUN"
  check "crun cgroup-only: /dev has kmsg" has_words "$(field dev)" kmsg
  expect_match "crun cgroup-only: opening /dev/kmsg is refused" "$(field kmsg)" 'Operation not permitted'
  run_case crun-off off "$CRUN"
  expect_eq "crun off: /dev/kmsg opens" "$(field kmsg)" opened
  expect_match "crun off: mountinfo shows /sys read-write" "$(field sys)" '^rw(,|$)'
fi

tap_done
