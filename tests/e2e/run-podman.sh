#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end: podman 4.3 with clamp as its OCI runtime (`podman --runtime
# clamp`), the commands of the README's "Use with Podman", on an image
# that `podman import` made from the busybox-static rootfs.
#
# podman's storage, run root, locks, events and network config live in the
# test's temp dir (tests/e2e/lib/podman.sh), and the test runs in a private
# mount namespace with tmpfs over /run and /var/lib: runc's default state
# directory /run/runc (podman passes no --root) and podman's blob-info
# cache (/var/lib/containers/cache) stay private too. clamp's policy and
# audit log are in the temp dir; podman hands the runtime no environment
# of its own, so CLAMP_POLICY and CLAMP_SECCOMP_CACHE reach clamp through
# conmon_env_vars in the private containers.conf.
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$E2E_DIR/lib.sh"
# shellcheck source=lib/podman.sh
source "$E2E_DIR/lib/podman.sh"
require_root
command -v podman >/dev/null || skip_all "podman is not installed"
command -v conmon >/dev/null || skip_all "conmon is not installed"
command -v runc >/dev/null || skip_all "runc is not installed"
podman_private_ns "$0" "$@"

e2e_setup
trap 'podman_teardown; e2e_cleanup' EXIT
# A meson timeout sends SIGTERM: clean up then too.
trap 'exit 143' TERM HUP
trap 'exit 130' INT

# The image: the busybox-static rootfs (with the probe), as a tar.
build_rootfs "$E2E_TMP/rootfs" || exit 1
cp "$PROBE" "$E2E_TMP/rootfs/bin/probe"
tar -C "$E2E_TMP/rootfs" --numeric-owner -cf "$E2E_TMP/rootfs.tar" . || exit 1
podman_hide_host_state || exit 1

podman_setup "$E2E_TMP/podman" "$CLAMP" \
  "CLAMP_POLICY=$CLAMP_POLICY" "CLAMP_SECCOMP_CACHE=$CLAMP_SECCOMP_CACHE" || exit 1
IMG=localhost/clamp-e2e-busybox:latest
out=$(pm import "$E2E_TMP/rootfs.tar" "$IMG" 2>&1)
rc=$?
expect_eq "podman import of the busybox rootfs" "$rc" 0
[ "$rc" = 0 ] || tap_diag "$out"

# The control: straight through runc, the same podman runs the container
# as root with podman's 11 default capabilities (what clamp changes).
out=$(pm --runtime "$(command -v runc)" run --rm --network none "$IMG" sh -c 'id -u; grep CapEff /proc/self/status' 2>&1)
expect_eq "control: podman --runtime runc runs as root with podman's capabilities" "$out" "$(printf '0\nCapEff:\t00000000800405fb')"

audit=$E2E_TMP/audit.log
audit_lines() { if [ -f "$audit" ]; then wc -l <"$audit"; else echo 0; fi; }

# What every container reports from inside: uid, gid, /proc/self/status,
# whether / is writable, whether /tmp can run a binary copied there, and
# what ptrace and unshare get.
INSIDE='id -u; id -g; cat /proc/self/status; echo x > /rootfile 2>/dev/null && echo rootfs-writable || echo rootfs-readonly; cp /bin/busybox /tmp/bb && chmod 755 /tmp/bb && (/tmp/bb true 2>/dev/null && echo tmp-exec || echo tmp-noexec); probe ptrace; probe unshare'

# expect_hardened NAME OUT: the checks on INSIDE's output.
expect_hardened() {
  local n=$1 out=$2 f
  expect_eq "$n: uid 65534" "$(printf '%s\n' "$out" | sed -n 1p)" 65534
  expect_eq "$n: gid 65534" "$(printf '%s\n' "$out" | sed -n 2p)" 65534
  for f in CapEff CapPrm CapBnd; do
    expect_eq "$n: $f 0000000000000400 (NET_BIND_SERVICE only)" "$(status_field "$f" "$out")" 0000000000000400
  done
  expect_eq "$n: NoNewPrivs 1" "$(status_field NoNewPrivs "$out")" 1
  expect_eq "$n: Seccomp 2" "$(status_field Seccomp "$out")" 2
  expect_match "$n: the root filesystem is read-only" "$out" '^rootfs-readonly$'
  expect_match "$n: /tmp is noexec" "$out" '^tmp-noexec$'
  expect_eq "$n: ptrace and unshare: EPERM" "$(printf '%s\n' "$out" | tail -n 2 | tr '\n' ' ')" "EPERM EPERM "
}

# prun NAME ARGS...: `podman --runtime clamp run --rm --network none ARGS
# IMG sh -c INSIDE`; stdout in OUT, status in RC, stderr in $E2E_TMP/NAME.err.
prun() {
  local n=$1
  shift
  OUT=$(pm --runtime "$CLAMP" run --rm --network none "$@" "$IMG" sh -c "$INSIDE" 2>"$E2E_TMP/$n.err")
  RC=$?
  [ "$RC" = 0 ] || tap_diag "$n: exit $RC" "$(cat "$E2E_TMP/$n.err")"
}

# --- A plain run, and the escalations podman offers, all clamped. ---
for c in "default|" "privileged|--privileged" "cap-add-all|--cap-add ALL" "user-0|-u 0" \
  "seccomp-unconfined|--security-opt seccomp=unconfined" "user-0-privileged|-u 0:0 --privileged --security-opt seccomp=unconfined"; do
  name=${c%%|*}
  read -r -a opts <<<"${c#*|}"
  label="run ${c#*|}"
  [ -n "${c#*|}" ] || label="run (no options)"
  before=$(audit_lines)
  prun "$name" "${opts[@]}"
  expect_eq "podman $label: exit 0" "$RC" 0
  expect_hardened "$label" "$OUT"
  expect_eq "$label: one audit line in the temp dir" "$(($(audit_lines) - before))" 1
done
check "audit: every run allowed, with the policy from CLAMP_POLICY" python3 - "$audit" "$CLAMP_POLICY" <<'PY'
import json, sys
lines = [json.loads(l) for l in open(sys.argv[1])]
ok = len(lines) == 6 and all(a["command"] == "create" and a["decision"] == "allowed"
                             and a["policy"]["source"] == sys.argv[2] for a in lines)
sys.exit(0 if ok else 1)
PY

# --- The runtime by name from containers.conf's [engine.runtimes], and
# as its default (runtime = "clamp"). ---
out=$(pm --runtime clamp run --rm --network none "$IMG" sh -c 'id -u; grep CapEff /proc/self/status' 2>&1)
expect_eq "podman --runtime clamp (containers.conf [engine.runtimes])" "$out" "$(printf '65534\nCapEff:\t0000000000000400')"
out=$(pm run --rm --network none "$IMG" sh -c 'id -u; grep CapEff /proc/self/status' 2>&1)
expect_eq "podman run, clamp the default runtime (containers.conf [engine] runtime)" "$out" "$(printf '65534\nCapEff:\t0000000000000400')"

# --- Refusals: podman prints clamp's reason; nothing runs. ---
# refuse NAME RULE WANT ARGS...: the run fails with status 126 and exactly the
# error line WANT (the timestamp replaced by TIME), and the audit trail
# records the refusal with the same message.
refuse() {
  local n=$1 rule=$2 want=$3 err rc line
  shift 3
  before=$(audit_lines)
  pm --runtime "$CLAMP" run --rm --network none "$@" "$IMG" sh -c 'echo ran' >"$E2E_TMP/$n.out" 2>"$E2E_TMP/$n.err"
  rc=$?
  err=$(sed -E 's/time="[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"/time="TIME"/' "$E2E_TMP/$n.err")
  expect_eq "$n: podman run exits 126" "$rc" 126
  expect_eq "$n: podman prints clamp's refusal" "$err" "$want"
  check "$n: the container never ran" [ ! -s "$E2E_TMP/$n.out" ]
  expect_eq "$n: one audit line" "$(($(audit_lines) - before))" 1
  line=$(tail -n 1 "$audit" 2>/dev/null)
  expect_match "$n: audit: refused, with the reason" "$line" "\"decision\":\"refused\".*\"error\":\"[^\"]*denied by $rule"
}
refuse "--pid host" ns.host-pid \
  "Error: OCI runtime error: $CLAMP: time=\"TIME\" level=error msg=\"clamp: linux.namespaces: denied by ns.host-pid (CIS 5.16; Pod Security baseline: hostPID): no pid namespace of its own: the host's processes would be visible and could be signalled\"" \
  --pid host

# A unix socket named docker.sock (bound, nobody listening), as people
# bind /var/run/docker.sock to hand a container the Docker API.
mkdir -p "$E2E_TMP/sock"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$E2E_TMP/sock/docker.sock"
refuse "-v docker.sock" mounts.engine-socket \
  "Error: OCI runtime error: $CLAMP: time=\"TIME\" level=error msg=\"clamp: mounts[10].source: denied by mounts.engine-socket (CIS 5.32: container engine sockets are not mounted): a container engine's socket gives control of the host (even read-only)\"" \
  -v "$E2E_TMP/sock/docker.sock:/var/run/docker.sock"

# --- podman exec: non-root, nothing beyond the allowlist. ---
out=$(pm --runtime "$CLAMP" run -d --name clamp-e2e-exec --network none "$IMG" sleep 600 2>&1)
rc=$?
expect_eq "podman run -d (for exec)" "$rc" 0
[ "$rc" = 0 ] || tap_diag "$out"
for c in "exec|" "exec -u 0 --privileged|-u 0 --privileged"; do
  name=${c%%|*}
  read -r -a opts <<<"${c#*|}"
  before=$(audit_lines)
  out=$(pm --runtime "$CLAMP" exec "${opts[@]}" clamp-e2e-exec sh -c "$INSIDE" 2>"$E2E_TMP/exec.err")
  rc=$?
  expect_eq "podman $name: exit 0" "$rc" 0
  [ "$rc" = 0 ] || tap_diag "$(cat "$E2E_TMP/exec.err")"
  expect_hardened "$name" "$out"
  expect_eq "$name: CapInh and CapAmb have nothing beyond NET_BIND_SERVICE" \
    "$((($(printf '0x%s|0x%s' "$(status_field CapInh "$out")" "$(status_field CapAmb "$out")")) & ~0x400))" 0
  expect_eq "$name: one audit line (exec)" "$(($(audit_lines) - before))" 1
  expect_match "$name: audit: the exec, allowed" "$(tail -n 1 "$audit" 2>/dev/null)" '"command":"exec".*"decision":"allowed"'
done
pm rm --force --time 0 clamp-e2e-exec >/dev/null 2>&1

# --- Nothing escaped the temp dir: podman and runc used their private
# directories, clamp its policy, cache and audit log from the environment.
check "runc's state went to the private /run/runc" [ -d /run/runc ]
# shellcheck disable=SC2016 # $1 is bash -c's own argument
check "nothing of ours in the default audit log /var/log/clamp/audit.log" \
  bash -c '! grep -qF -- "$1" /var/log/clamp/audit.log 2>/dev/null' _ "$E2E_TMP/"
check "the seccomp cache is the one in CLAMP_SECCOMP_CACHE" [ -d "$CLAMP_SECCOMP_CACHE" ]

tap_done
