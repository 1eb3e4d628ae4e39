#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The policy file (CLAMP_POLICY, clamp-policy.json(5)) with the real runc:
# its values reach the container, mode "warn" hands the runtime the input
# unchanged but says what it would have changed, and a policy clamp cannot
# read refuses every container while state/delete keep working.
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
source "$E2E_DIR/lib.sh"
require_root
RUNC=$(command -v runc) || skip_all "runc is not installed"
e2e_setup

state=$E2E_TMP/state
# recorder PATH [RUNTIME]: a runtime that records its argv and the
# config.json it was given, then execs RUNTIME (or does nothing).
recorder() {
  cat >"$1" <<EOF
#!/bin/bash
printf '%s\n' "\$@" >"$E2E_TMP/argv"
for ((i = 1; i <= \$#; i++)); do
  case "\${!i}" in --bundle=*) cp "\${!i#--bundle=}/config.json" "$E2E_TMP/given.json" ;; esac
done
${2:+exec $2 "\$@"}
EOF
  chmod 755 "$1"
}
rec=$E2E_TMP/recorder
recorder "$rec" "$RUNC"
recorder "$E2E_TMP/noop"
rec_noop=$E2E_TMP/noop

policy() { write_policy "$E2E_TMP/$1.json" "$2"; }

# --- Values from the policy reach the container. ---
policy uid '{"version": 1, "user": {"uid": 4321, "gid": 4322}, "runtime": {"args": ["--debug"]}}'
b=$E2E_TMP/b-uid
make_bundle "$b" '["/bin/sh", "-c", "id -u; id -g"]'
track "$RUNC" c-uid
out=$(CLAMP_POLICY=$E2E_TMP/uid.json CLAMP_RUNTIME=$rec "$CLAMP" --root "$state" run --bundle "$b" c-uid 2>/dev/null)
expect_eq "policy user.uid and user.gid: the container runs as 4321:4322" "$out" "$(printf '4321\n4322')"
expect_eq "policy runtime.args come right after the runtime's name" "$(head -1 "$E2E_TMP/argv")" "--debug"

# audit_last LOG PYTHON_EXPR: the expression over the last line `a` of the
# audit log (and `digest`, the sha256 of a file) is true.
audit_last() {
  python3 - "$@" <<'PY'
import hashlib, json, sys
a = json.loads(open(sys.argv[1]).read().splitlines()[-1])
digest = lambda p: hashlib.sha256(open(p, "rb").read()).hexdigest()
ok = eval(sys.argv[2])
if not ok:
    print(json.dumps(a, indent=1), file=sys.stderr)
sys.exit(0 if ok else 1)
PY
}
finding() { printf 'any(f["rule"] == "%s" and f["outcome"] == "%s"%s for f in a["findings"])' "$1" "$2" "${3:+ and $3}"; }
check "audit: the run is one line with time, command, id and bundle" audit_last "$E2E_TMP/audit.log" \
  "a['command'] == 'run' and a['id'] == 'c-uid' and a['bundle'] == '$b' and a['time'].endswith('Z') and a['decision'] == 'allowed'"
check "audit: the policy file and its digest" audit_last "$E2E_TMP/audit.log" \
  "a['policy'] == {'source': '$E2E_TMP/uid.json', 'sha256': digest('$E2E_TMP/uid.json')}"
check "audit: each change, from and to" audit_last "$E2E_TMP/audit.log" \
  "$(finding user.nonroot changed "f['field'] == 'process.user.uid' and f['from'] == '0' and f['to'] == '4321' and f['control'].startswith('CIS')")"
check "audit: the compiled seccomp filter's digest" audit_last "$E2E_TMP/audit.log" \
  "len(a['seccomp']) == 71 and a['seccomp'].startswith('sha256:')"

# --- mode "warn": the runtime gets the input as it was; the log says what
# clamp would have changed. The recorder does not run it: a root process
# with every capability cannot start here (machine-notes.md).
policy warn '{"version": 1, "mode": "warn"}'
b=$E2E_TMP/b-warn
make_bundle "$b" '["/bin/true"]'
edit_config "$b/config.json" 'c["process"]["capabilities"] = {k: ["CAP_SYS_ADMIN", "CAP_NET_RAW"] for k in ("bounding", "effective", "permitted")}'
cp "$b/config.json" "$E2E_TMP/warn-before.json"
rm -f "$E2E_TMP/given.json"
CLAMP_POLICY=$E2E_TMP/warn.json CLAMP_RUNTIME=$E2E_TMP/noop "$CLAMP" --root "$state" \
  --log "$E2E_TMP/warn.log" create --bundle "$b" c-warn </dev/null >/dev/null 2>&1
expect_eq "mode warn: clamp exits 0" "$?" 0
same_json() { python3 -c 'import json, sys; sys.exit(json.load(open(sys.argv[1])) != json.load(open(sys.argv[2])))' "$1" "$2"; }
check "mode warn: the runtime gets config.json unchanged" same_json "$E2E_TMP/given.json" "$E2E_TMP/warn-before.json"
log=$(cat "$E2E_TMP/warn.log")
expect_match "mode warn: the log warns about uid 0" "$log" 'level=warning msg="clamp: user.nonroot: process.user.uid: 0 \(policy would set 65534\)'
expect_match "mode warn: ... about the capabilities" "$log" 'level=warning msg="clamp: caps.allowlist: process.capabilities'
expect_match "mode warn: ... and about seccomp" "$log" 'level=warning msg="clamp: seccomp.default: linux.seccomp'
check "mode warn: the audit line lists every finding as warned (or n/a), nothing changed" audit_last "$E2E_TMP/audit.log" \
  "a['id'] == 'c-warn' and a['decision'] == 'allowed' and all(f['outcome'] in ('warned', 'not applicable') for f in a['findings']) and {'user.nonroot', 'caps.allowlist', 'seccomp.default', 'rootfs.readonly'} <= {f['rule'] for f in a['findings']}"

# The same with what `docker run --privileged` hands its runtime (captured
# from dockerd, tests/data): every finding is in the audit line, nothing
# in the config the runtime gets has changed.
b=$E2E_TMP/b-warn-priv
mkdir -p "$b"
cp "$E2E_DIR/../data/docker/privileged/config.json" "$b/config.json"
cp "$b/config.json" "$E2E_TMP/warn-priv-before.json"
rm -f "$E2E_TMP/given.json"
CLAMP_POLICY=$E2E_TMP/warn.json CLAMP_RUNTIME=$rec_noop "$CLAMP" --root "$state" \
  --log "$E2E_TMP/warn-priv.log" create --bundle "$b" c-warn-priv </dev/null >/dev/null 2>&1
expect_eq "mode warn, docker --privileged: clamp exits 0" "$?" 0
check "mode warn, docker --privileged: the runtime gets config.json byte for byte" \
  cmp -s "$E2E_TMP/given.json" "$E2E_TMP/warn-priv-before.json"
check "mode warn, docker --privileged: the audit line lists every rule it breaks, all warned" audit_last "$E2E_TMP/audit.log" \
  "a['id'] == 'c-warn-priv' and a['decision'] == 'allowed' and all(f['outcome'] in ('warned', 'not applicable') for f in a['findings']) and {'user.nonroot', 'caps.allowlist', 'rootfs.readonly', 'process.no-new-privileges', 'seccomp.default', 'devices.allowlist', 'devices.cgroup', 'sysfs.readonly', 'paths.masked', 'mounts.bind-options', 'resources.pids', 'rlimits.core', 'ns.cgroup'} <= {f['rule'] for f in a['findings']}"

# --- A refusal is recorded with its reason. ---
b=$E2E_TMP/b-refused
make_bundle "$b" '["/bin/true"]'
edit_config "$b/config.json" 'c["process"]["cwd"] = "/proc/self/fd/7"'
rm -f "$E2E_TMP/argv"
CLAMP_RUNTIME=$rec "$CLAMP" --root "$state" create --bundle "$b" c-refused </dev/null >/dev/null 2>&1
expect_eq "refused create exits 1" "$?" 1
check "audit: the refusal, its rule and its error" audit_last "$E2E_TMP/audit.log" \
  "a['id'] == 'c-refused' and a['decision'] == 'refused' and 'escape.proc-fd' in a['error'] and $(finding escape.proc-fd denied "f['field'] == 'process.cwd'") and 'seccomp' not in a"

# --- audit.required: no line, no container; otherwise a warning. ---
mkdir -p "$E2E_TMP/not-a-file"
for req in true false; do
  policy "audit-$req" "{\"version\": 1, \"audit\": {\"log\": \"$E2E_TMP/not-a-file\", \"required\": $req}}"
  b=$E2E_TMP/b-audit-$req
  make_bundle "$b" '["/bin/true"]'
  before=$(sha256sum <"$b/config.json")
  rm -f "$E2E_TMP/argv"
  CLAMP_POLICY=$E2E_TMP/audit-$req.json CLAMP_RUNTIME=$rec "$CLAMP" --root "$state" \
    --log "$E2E_TMP/audit-$req.log" create --bundle "$b" c-audit-$req </dev/null >/dev/null 2>&1
  status=$?
  if [ $req = true ]; then
    check "audit.required and an unwritable log: create fails" [ "$status" -ne 0 ]
    check "... the runtime never ran" [ ! -e "$E2E_TMP/argv" ]
    expect_eq "... config.json unchanged" "$(sha256sum <"$b/config.json")" "$before"
    expect_match "... the error says why" "$(cat "$E2E_TMP/audit-$req.log")" \
      'level=error msg="clamp: audit.required is set and the decision cannot be recorded: audit log .*not-a-file.*Is a directory'
  else
    expect_eq "audit not required and an unwritable log: create goes on" "$status" 0
    check "... the runtime ran" [ -e "$E2E_TMP/argv" ]
    expect_match "... with a warning" "$(cat "$E2E_TMP/audit-$req.log")" 'level=warning msg="clamp: audit log .*not-a-file'
  fi
done

# --- restore is refused by default; the policy can allow it, or only warn. ---
b=$E2E_TMP/b-restore
make_bundle "$b" '["/bin/true"]'
policy restore-off '{"version": 1, "rules": {"runtime.restore": "off"}}'
policy restore-warn '{"version": 1, "rules": {"runtime.restore": "warn"}}'
for p in default restore-off restore-warn; do
  pol=$E2E_TMP/$p.json
  [ $p = default ] && pol=$CLAMP_POLICY
  rm -f "$E2E_TMP/argv"
  CLAMP_POLICY=$pol CLAMP_RUNTIME=$E2E_TMP/noop "$CLAMP" --root "$state" --log "$E2E_TMP/$p.log" \
    restore --bundle "$b" c-$p </dev/null >/dev/null 2>&1
  status=$?
  if [ $p = default ]; then
    expect_eq "restore: refused by default" "$status" 1
    check "restore: ... the runtime never ran" [ ! -e "$E2E_TMP/argv" ]
  else
    expect_eq "restore: $p lets it through" "$status" 0
    check "restore: $p: the runtime got restore" grep -qx restore "$E2E_TMP/argv"
  fi
done
expect_match "restore: warn logs a warning" "$(cat "$E2E_TMP/restore-warn.log")" 'level=warning msg="clamp: runtime.restore: restore'
check "restore: warn is in the audit trail" audit_last "$E2E_TMP/audit.log" "a['id'] == 'c-restore-warn' and $(finding runtime.restore warned)"

# --- exec: every decision is recorded, a warning is repeated only once per
# window (health probes exec every few seconds). ---
policy exec-warn '{"version": 1, "mode": "warn"}'
printf '{"args": ["/bin/true"], "cwd": "/", "user": {"uid": 0, "gid": 0}}' >"$E2E_TMP/proc.json"
lines_before=$(wc -l <"$E2E_TMP/audit.log")
for i in 1 2 3; do
  CLAMP_POLICY=$E2E_TMP/exec-warn.json CLAMP_RUNTIME=$E2E_TMP/noop "$CLAMP" --root "$state" \
    --log "$E2E_TMP/exec-$i.log" exec --process "$E2E_TMP/proc.json" c-probe </dev/null >/dev/null 2>&1
done
expect_eq "exec: three execs, three audit lines" "$(($(wc -l <"$E2E_TMP/audit.log") - lines_before))" 3
check "exec: the audit line has the command and the warnings" audit_last "$E2E_TMP/audit.log" \
  "a['command'] == 'exec' and a['id'] == 'c-probe' and 'bundle' not in a and $(finding user.nonroot warned)"
expect_match "exec: the first exec warns" "$(cat "$E2E_TMP/exec-1.log")" 'level=warning msg="clamp: user.nonroot'
check "exec: the next ones within the window do not" bash -c "! cat '$E2E_TMP/exec-2.log' '$E2E_TMP/exec-3.log' 2>/dev/null | grep -q level=warning"

# --- A policy clamp cannot use refuses every container. ---
policy bad '{"version": 1, "user": {"uid": 0}}'
for p in bad missing; do
  b=$E2E_TMP/b-$p
  make_bundle "$b" '["/bin/true"]'
  before=$(sha256sum <"$b/config.json")
  rm -f "$E2E_TMP/argv"
  CLAMP_POLICY=$E2E_TMP/$p.json CLAMP_RUNTIME=$rec "$CLAMP" --root "$state" \
    --log "$E2E_TMP/$p.log" create --bundle "$b" c-$p </dev/null >/dev/null 2>&1
  status=$?
  # 1: the policy is wrong; 2: it cannot be read (an environment error).
  want=1
  [ "$p" = missing ] && want=2
  expect_eq "$p policy: create exits $want" "$status" $want
  check "$p policy: the runtime never ran" [ ! -e "$E2E_TMP/argv" ]
  expect_eq "$p policy: config.json unchanged" "$(sha256sum <"$b/config.json")" "$before"
done
expect_match "bad policy: the error names the file and the field" "$(cat "$E2E_TMP/bad.log")" \
  "level=error msg=\"clamp: policy $E2E_TMP/bad.json: user.uid: must be from 1 to 4294967294"
expect_match "missing policy: the error names the file" "$(cat "$E2E_TMP/missing.log")" \
  "level=error msg=\"clamp: policy \\\\\"$E2E_TMP/missing.json\\\\\": No such file"

# ... while state and delete still reach the runtime, with a warning.
rm -f "$E2E_TMP/argv"
CLAMP_POLICY=$E2E_TMP/bad.json CLAMP_RUNTIME=$rec "$CLAMP" --root "$state" --log "$E2E_TMP/pass.log" \
  state c-none >/dev/null 2>&1
expect_eq "bad policy: state still runs the runtime" "$(tail -1 "$E2E_TMP/argv" 2>/dev/null)" c-none
expect_match "bad policy: state logs a warning" "$(cat "$E2E_TMP/pass.log")" 'level=warning msg="clamp: policy'

tap_done
