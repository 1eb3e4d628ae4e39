# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
# The end-to-end checks, run once per real runtime by run-runc.sh and
# run-crun.sh. Expects lib.sh to be sourced, and RT (the real runtime's
# path) set. Every container runs in a private state root.

clamp_rt() {
  CLAMP_RUNTIME=$RT "$CLAMP" --root "$E2E_TMP/state-$(basename "$RT")" "$@"
}
rt() { "$RT" --root "$E2E_TMP/state-$(basename "$RT")" "$@"; }

run_checks() {
  local b out log

  # --- A root container from `runc spec`, run through clamp. ---
  b=$E2E_TMP/b-hardened
  make_bundle "$b" '["/bin/sh", "-c", "id -u; id -g; cat /proc/self/status; echo x > /rootfile && echo rootfs-writable || echo rootfs-readonly; echo y > /tmp/f && echo tmp-writable; cp /bin/busybox /tmp/bb && chmod 755 /tmp/bb && (/tmp/bb true && echo tmp-exec || echo tmp-noexec); probe unshare; probe mount; probe keyctl; probe ptrace; probe clone-newns; probe socket 40; probe socket 38"]'
  track "$RT" c1
  out=$(clamp_rt run --bundle "$b" c1 2>"$E2E_TMP/stderr-c1")
  local status=$?
  expect_eq "run through clamp exits 0" "$status" 0
  [ "$status" = 0 ] || tap_diag "$out" "$(cat "$E2E_TMP/stderr-c1")"
  expect_eq "uid is 65534" "$(printf '%s\n' "$out" | sed -n 1p)" 65534
  expect_eq "gid is 65534" "$(printf '%s\n' "$out" | sed -n 2p)" 65534
  # Only CAP_NET_BIND_SERVICE (bit 10) survives, in every set.
  for f in CapInh CapPrm CapEff CapBnd CapAmb; do
    expect_eq "$f is NET_BIND_SERVICE only" "$(status_field "$f" "$out")" 0000000000000400
  done
  expect_eq "NoNewPrivs is 1" "$(status_field NoNewPrivs "$out")" 1
  expect_eq "Seccomp is 2 (filter)" "$(status_field Seccomp "$out")" 2
  expect_match "writing to / fails" "$out" '^rootfs-readonly$'
  expect_match "writing to /tmp works" "$out" '^tmp-writable$'
  expect_match "a binary copied to /tmp cannot run" "$out" '^tmp-noexec$'
  local probes
  probes=$(printf '%s\n' "$out" | tail -n 7 | tr '\n' ' ')
  expect_eq "unshare, mount, keyctl, ptrace, clone(NEWNS), AF_VSOCK, AF_ALG: EPERM" "$probes" \
    "EPERM EPERM EPERM EPERM EPERM EPERM EPERM "

  # --- A non-root container that keeps NET_BIND_SERVICE binds port 80. ---
  # runc spec sets no net.ipv4.ip_unprivileged_port_start, so the
  # capability is what makes this work.
  b=$E2E_TMP/b-port80
  make_bundle "$b" '["/bin/probe", "bind", "80"]'
  edit_config "$b/config.json" 'assert "sysctl" not in c.get("linux", {}) or "net.ipv4.ip_unprivileged_port_start" not in c["linux"]["sysctl"]'
  track "$RT" c2
  out=$(clamp_rt run --bundle "$b" c2 2>"$E2E_TMP/stderr-c2")
  expect_eq "non-root with NET_BIND_SERVICE binds port 80" "$out" ok

  # Without the capability in the input, clamp grants nothing: EACCES.
  b=$E2E_TMP/b-port80-nocap
  make_bundle "$b" '["/bin/probe", "bind", "80"]'
  edit_config "$b/config.json" 'c["process"]["capabilities"] = {k: ["CAP_KILL"] for k in ("bounding", "effective", "permitted")}'
  track "$RT" c3
  out=$(clamp_rt run --bundle "$b" c3 2>"$E2E_TMP/stderr-c3")
  expect_eq "without NET_BIND_SERVICE in the input, port 80 is refused" "$out" EACCES

  # --- exec --user 0:0 --cap CAP_SYS_ADMIN runs non-root without SYS_ADMIN. ---
  b=$E2E_TMP/b-exec
  make_bundle "$b" '["/bin/sleep", "600"]'
  track "$RT" c4
  clamp_rt create --bundle "$b" c4 </dev/null >/dev/null 2>&1
  rt start c4
  out=$(clamp_rt exec --user 0:0 --cap CAP_SYS_ADMIN c4 /bin/sh -c 'id -u; id -g; cat /proc/self/status' 2>"$E2E_TMP/stderr-c4")
  expect_eq "exec --user 0:0 runs as uid 65534" "$(printf '%s\n' "$out" | sed -n 1p)" 65534
  expect_eq "exec --user 0:0 runs as gid 65534" "$(printf '%s\n' "$out" | sed -n 2p)" 65534
  local eff bnd
  eff=$(status_field CapEff "$out")
  bnd=$(status_field CapBnd "$out")
  # CAP_SYS_ADMIN is bit 21 (0x200000).
  check "exec --cap CAP_SYS_ADMIN: not effective" [ $((0x${eff:-0} & 0x200000)) = 0 ]
  check "exec --cap CAP_SYS_ADMIN: not in bounding" [ $((0x${bnd:-0} & 0x200000)) = 0 ]
  expect_eq "exec keeps NoNewPrivs" "$(status_field NoNewPrivs "$out")" 1
  rt kill c4 KILL >/dev/null 2>&1
  rt delete -f c4 >/dev/null 2>&1

  # --- Failures leave everything as it was. ---
  fail_case "malformed config.json (duplicate key)" \
    'text = open(p).read(); open(p, "w").write(text.replace("\"terminal\": false", "\"terminal\": false, \"terminal\": true", 1))'
  fail_case "config.json with a case-folded key" \
    'text = open(p).read(); open(p, "w").write(text.replace("\"noNewPrivileges\"", "\"NoNewPrivileges\"", 1))'
  symlink_case
}

# fail_case DESC PYTHON: break config.json with PYTHON (p is its path),
# then check that clamp refuses, leaves the file byte-identical, never runs
# the runtime and logs one JSON error line.
fail_case() {
  local desc=$1 edit=$2 b=$E2E_TMP/b-fail-$TAP_N
  make_bundle "$b" '["/bin/true"]'
  python3 -c "p = '$b/config.json'; $edit"
  local before after marker=$E2E_TMP/ran-$TAP_N log=$E2E_TMP/log-$TAP_N.json
  before=$(sha256sum <"$b/config.json")
  # A runtime that would leave a trace if it ever ran.
  printf '#!/bin/sh\ntouch %s\nexec %s "$@"\n' "$marker" "$RT" >"$E2E_TMP/rt-$TAP_N"
  chmod 755 "$E2E_TMP/rt-$TAP_N"
  CLAMP_RUNTIME=$E2E_TMP/rt-$TAP_N "$CLAMP" --root "$E2E_TMP/state-fail" --log "$log" --log-format json \
    create --bundle "$b" failing >"$E2E_TMP/stdout-$TAP_N" 2>&1
  local status=$?
  after=$(sha256sum <"$b/config.json")
  check "$desc: exit status is non-zero" [ "$status" != 0 ]
  expect_eq "$desc: config.json unchanged" "$after" "$before"
  check "$desc: the runtime never ran" [ ! -e "$marker" ]
  check "$desc: nothing on stdout" [ ! -s "$E2E_TMP/stdout-$TAP_N" ]
  local line
  line=$(cat "$log" 2>/dev/null)
  expect_match "$desc: one JSON error line in the log" "$line" '^\{"level":"error","msg":"clamp: ([^"\\]|\\.)+","time":"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:]{8}Z"\}$'
}

symlink_case() {
  local b=$E2E_TMP/b-symlink
  make_bundle "$b" '["/bin/true"]'
  mv "$b/config.json" "$b/real.json"
  ln -s real.json "$b/config.json"
  local before after log=$E2E_TMP/log-symlink.json
  before=$(sha256sum <"$b/real.json")
  CLAMP_RUNTIME=$RT "$CLAMP" --root "$E2E_TMP/state-fail" --log "$log" --log-format json \
    create --bundle "$b" symlinked >/dev/null 2>&1
  local status=$?
  after=$(sha256sum <"$b/real.json")
  check "symlinked config.json: exit status is non-zero" [ "$status" != 0 ]
  expect_eq "symlinked config.json: target unchanged" "$after" "$before"
  check "symlinked config.json: still a symlink" [ -L "$b/config.json" ]
  check "symlinked config.json: the runtime never ran" \
    [ ! -d "$E2E_TMP/state-fail/symlinked" ]
  expect_match "symlinked config.json: JSON error line names the symlink" "$(cat "$log" 2>/dev/null)" \
    '"level":"error","msg":"clamp: .*symlink'
}
