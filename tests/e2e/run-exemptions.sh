#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Exemptions (the policy's "exemptions") with the real runc: a container
# whose annotation io.kubernetes.cri.sandbox-namespace is "debug" keeps
# CAP_SYS_PTRACE, the same config without it loses it; allow_root keeps
# uid 0; a non-string annotation is refused as runc would refuse it; and
# runc exec gets no exemptions. Capabilities are read from inside, in
# /proc/self/status.
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
source "$E2E_DIR/lib.sh"
require_root
RUNC=$(command -v runc) || skip_all "runc is not installed"
e2e_setup

state=$E2E_TMP/state
NS=io.kubernetes.cri.sandbox-namespace
cat >"$E2E_TMP/policy.json" <<EOF
{
  "version": 1,
  "exemptions": [
    {"name": "debug namespace", "match": {"$NS": "debug"},
     "capabilities": {"allow": ["CAP_SYS_PTRACE"]}},
    {"name": "root debug", "match": {"$NS": "rootdebug", "example.com/owner": "sre"},
     "capabilities": {"allow": ["CAP_SYS_PTRACE"]}, "user": {"allow_root": true}}
  ]
}
EOF
write_policy "$E2E_TMP/policy.json" "$(cat "$E2E_TMP/policy.json")"
export CLAMP_POLICY=$E2E_TMP/policy.json
clamp_runc() { CLAMP_RUNTIME=$RUNC "$CLAMP" --root "$state" "$@"; }

# CAP_SYS_PTRACE is bit 19, CAP_NET_BIND_SERVICE bit 10.
PTRACE_NBS=0000000000080400
NBS=0000000000000400

# bundle NAME ANNOTATIONS_PY ARGS: `runc spec` with CAP_SYS_PTRACE added to
# the three sets Docker fills, and the given annotations (a Python dict).
bundle() {
  local b=$E2E_TMP/b-$1
  make_bundle "$b" "$3"
  edit_config "$b/config.json" "
for k in ('bounding', 'effective', 'permitted'):
    c['process']['capabilities'][k].append('CAP_SYS_PTRACE')
c['annotations'] = $2"
  echo "$b"
}

status_and_id='["/bin/sh", "-c", "id -u; probe ptrace; cat /proc/self/status"]'

# --- The debug namespace keeps CAP_SYS_PTRACE; the same config without
# the annotation loses it. ---
b=$(bundle debug "{'$NS': 'debug', 'other': 'x'}" "$status_and_id")
track "$RUNC" ex-debug
out=$(clamp_runc --log "$E2E_TMP/debug.log" run --bundle "$b" ex-debug 2>"$E2E_TMP/stderr-debug")
status=$?
expect_eq "debug namespace: run exits 0" "$status" 0
[ "$status" = 0 ] || tap_diag "$(cat "$E2E_TMP/stderr-debug" "$E2E_TMP/debug.log")"
expect_eq "debug namespace: still non-root" "$(printf '%s\n' "$out" | sed -n 1p)" 65534
for f in CapEff CapPrm CapBnd CapAmb; do
  expect_eq "debug namespace: $f is SYS_PTRACE and NET_BIND_SERVICE" "$(status_field "$f" "$out")" $PTRACE_NBS
done
expect_eq "debug namespace: ptrace(PTRACE_TRACEME) works (the profile follows the capability)" \
  "$(printf '%s\n' "$out" | sed -n 2p)" ok
expect_match "debug namespace: the log names the exemption and the annotation" \
  "$(cat "$E2E_TMP/debug.log")" \
  "level=info msg=\"clamp: exemption debug namespace applies \\(annotation $NS=debug\\)\""

for case in none:"{}" other-ns:"{'$NS': 'prod'}" prefix:"{'$NS': 'debug-2'}"; do
  name=${case%%:*}
  b=$(bundle "$name" "${case#*:}" "$status_and_id")
  track "$RUNC" "ex-$name"
  out=$(clamp_runc --log "$E2E_TMP/$name.log" run --bundle "$b" "ex-$name" 2>/dev/null)
  expect_eq "annotations $name: CapEff is NET_BIND_SERVICE only" "$(status_field CapEff "$out")" $NBS
  expect_eq "annotations $name: ptrace is refused" "$(printf '%s\n' "$out" | sed -n 2p)" EPERM
  check "annotations $name: no exemption in the log" \
    bash -c "! grep -q exemption '$E2E_TMP/$name.log' 2>/dev/null"
done

# --- Two keys and allow_root: uid 0 with SYS_PTRACE, only with both. ---
b=$(bundle root "{'$NS': 'rootdebug', 'example.com/owner': 'sre'}" "$status_and_id")
track "$RUNC" ex-root
out=$(clamp_runc run --bundle "$b" ex-root 2>/dev/null)
expect_eq "allow_root: uid 0" "$(printf '%s\n' "$out" | sed -n 1p)" 0
expect_eq "allow_root: CapEff is SYS_PTRACE and NET_BIND_SERVICE" "$(status_field CapEff "$out")" $PTRACE_NBS
expect_eq "allow_root: NoNewPrivs is still 1" "$(status_field NoNewPrivs "$out")" 1
b=$(bundle root-half "{'$NS': 'rootdebug'}" "$status_and_id")
track "$RUNC" ex-root-half
out=$(clamp_runc run --bundle "$b" ex-root-half 2>/dev/null)
expect_eq "one of two keys: uid 65534" "$(printf '%s\n' "$out" | sed -n 1p)" 65534
expect_eq "one of two keys: CapEff is NET_BIND_SERVICE only" "$(status_field CapEff "$out")" $NBS

# --- A non-string annotation: runc's map[string]string refuses it, and so
# does clamp, before anything changes. ---
b=$(bundle bad "{'$NS': 1}" '["/bin/true"]')
before=$(sha256sum <"$b/config.json")
clamp_runc --log "$E2E_TMP/bad.log" create --bundle "$b" ex-bad </dev/null >/dev/null 2>&1
expect_eq "non-string annotation: create exits 1" "$?" 1
expect_eq "non-string annotation: config.json unchanged" "$(sha256sum <"$b/config.json")" "$before"
expect_match "non-string annotation: the error names the field" "$(cat "$E2E_TMP/bad.log")" \
  'level=error msg="clamp: .*annotations\.\\"io\.kubernetes\.cri\.sandbox-namespace\\": expected a string, got a number'
check "non-string annotation: no container" bash -c "! '$RUNC' --root '$state' state ex-bad >/dev/null 2>&1"

# --- exec gets no exemptions: a process file asking for SYS_PTRACE in the
# debug container loses it. ---
b=$(bundle exec "{'$NS': 'debug'}" '["/bin/sleep", "600"]')
track "$RUNC" ex-exec
clamp_runc create --bundle "$b" ex-exec </dev/null >/dev/null 2>&1
"$RUNC" --root "$state" start ex-exec
python3 - "$b/config.json" "$E2E_TMP/process.json" <<'EOF'
import json, sys
p = json.load(open(sys.argv[1]))["process"]
p["user"] = {"uid": 0, "gid": 0}
p["args"] = ["/bin/sh", "-c", "id -u; cat /proc/self/status"]
for k in ("bounding", "effective", "permitted"):
    p["capabilities"][k] = ["CAP_NET_BIND_SERVICE", "CAP_SYS_PTRACE"]
for k in ("inheritable", "ambient"):
    p["capabilities"].pop(k, None)
json.dump(p, open(sys.argv[2], "w"))
EOF
out=$(clamp_runc exec --process "$E2E_TMP/process.json" ex-exec 2>"$E2E_TMP/stderr-exec")
expect_eq "exec in the debug container: uid 65534" "$(printf '%s\n' "$out" | sed -n 1p)" 65534
expect_eq "exec in the debug container: CapEff is NET_BIND_SERVICE only" "$(status_field CapEff "$out")" $NBS
"$RUNC" --root "$state" kill ex-exec KILL >/dev/null 2>&1
"$RUNC" --root "$state" delete -f ex-exec >/dev/null 2>&1

tap_done
