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

policy() { printf '%s' "$2" >"$E2E_TMP/$1.json"; chmod 644 "$E2E_TMP/$1.json"; }

# --- Values from the policy reach the container. ---
policy uid '{"version": 1, "user": {"uid": 4321, "gid": 4322}, "runtime": {"args": ["--debug"]}}'
b=$E2E_TMP/b-uid
make_bundle "$b" '["/bin/sh", "-c", "id -u; id -g"]'
track "$RUNC" c-uid
out=$(CLAMP_POLICY=$E2E_TMP/uid.json CLAMP_RUNTIME=$rec "$CLAMP" --root "$state" run --bundle "$b" c-uid 2>/dev/null)
expect_eq "policy user.uid and user.gid: the container runs as 4321:4322" "$out" "$(printf '4321\n4322')"
expect_eq "policy runtime.args come right after the runtime's name" "$(head -1 "$E2E_TMP/argv")" "--debug"

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
