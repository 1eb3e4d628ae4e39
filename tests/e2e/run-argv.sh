#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# What the real runtime receives (DESIGN.md invariants 4 and 6):
# pass-through commands byte for byte, hardened commands as a canonical
# argv with absolute paths, nothing added to stdout, and the environment,
# pid and stdin unchanged (clamp execs, it does not fork). The runtime here
# records its argv and then execs the real runc, so the commands still run.
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
source "$E2E_DIR/lib.sh"
require_root
RUNC=$(command -v runc) || skip_all "runc is not installed"
e2e_setup

rec=$E2E_TMP/recorder
cat >"$rec" <<EOF
#!/bin/bash
# argv, one per line (NUL-separated in the .0 file), then the real runc.
printf '%s\0' "\$@" >"$E2E_TMP/argv.0"
printf '%s\n' "\$\$" >"$E2E_TMP/pid"
printf '%s\n' "\${CLAMP_E2E_MARK:-}" >"$E2E_TMP/env"
exec $RUNC "\$@"
EOF
chmod 755 "$rec"
argv_of() { tr '\0' '\n' <"$E2E_TMP/argv.0"; }

# --- Pass-through: byte for byte, including odd spellings. ---
for args in "state missing-id" "--root $E2E_TMP/s kill missing-id 9" "delete --force missing-id" \
  "list -q" "--debug ps missing-id -- -ef" "events --stats missing-id" "pause missing-id" \
  "resume missing-id" "checkpoint missing-id" "start missing-id" "features" \
  "update --help" "-h" ""; do
  rm -f "$E2E_TMP/argv.0"
  # shellcheck disable=SC2086
  CLAMP_RUNTIME=$rec "$CLAMP" $args >/dev/null 2>&1
  want=$(printf '%s\n' $args)
  expect_eq "pass-through unchanged: ${args:-(no arguments)}" "$(argv_of)" "$want"
done

# stdout of a pass-through command is the runtime's alone.
out=$(CLAMP_RUNTIME=$rec "$CLAMP" --root "$E2E_TMP/s" list --format json 2>/dev/null)
expect_eq "list --format json: stdout is runc's" "$out" "$("$RUNC" --root "$E2E_TMP/s" list --format json)"

# execv, not fork: same pid, same environment.
CLAMP_E2E_MARK=kept CLAMP_RUNTIME=$rec bash -c 'echo $$ >'"$E2E_TMP"'/shell-pid; exec "$0" state x' "$CLAMP" >/dev/null 2>&1
expect_eq "the runtime runs in clamp's process (execv)" "$(cat "$E2E_TMP/pid")" "$(cat "$E2E_TMP/shell-pid")"
expect_eq "the environment is passed on unchanged" "$(cat "$E2E_TMP/env")" kept

# --- Hardened commands: canonical argv. ---
b=$E2E_TMP/bundle
make_bundle "$b" '["/bin/true"]'
ln -s "$b" "$E2E_TMP/link-to-bundle"
(cd "$E2E_TMP" && CLAMP_RUNTIME=$rec "$CLAMP" --root "$E2E_TMP/s" --log "$E2E_TMP/log" create \
  c1 -b link-to-bundle --pid-file "$E2E_TMP/pid1" </dev/null >"$E2E_TMP/create.out" 2>&1)
track "$RUNC" c1
"$RUNC" --root "$E2E_TMP/s" delete -f c1 >/dev/null 2>&1
expect_eq "create: canonical argv (absolute bundle, flags moved before the id, --)" "$(argv_of)" \
  "$(printf '%s\n' "$rec" --log="$E2E_TMP/log" --root="$E2E_TMP/s" create --bundle="$b" \
    --pid-file="$E2E_TMP/pid1" -- c1 | tail -n +2)"
check "create: nothing on stdout" [ ! -s "$E2E_TMP/create.out" ]

# update is clamped (src/rules/update.c): canonical argv, flags after the
# id moved before it, values as decimals, a pids limit above the policy's
# maximum lowered.
rm -f "$E2E_TMP/argv.0"
CLAMP_RUNTIME=$rec "$CLAMP" update --pids-limit=5 missing-id >/dev/null 2>&1
expect_eq "update: canonical argv" "$(argv_of)" "$(printf '%s\n' update --pids-limit=5 -- missing-id)"
rm -f "$E2E_TMP/argv.0"
CLAMP_RUNTIME=$rec "$CLAMP" update missing-id --pids-limit 0x10000 --memory 1k >/dev/null 2>&1
expect_eq "update: a pids limit above the maximum is lowered, --memory in bytes" "$(argv_of)" \
  "$(printf '%s\n' update --memory=1024 --pids-limit=4096 -- missing-id)"

cp "$b/config.json" "$E2E_TMP/process.json"
python3 -c "import json; c = json.load(open('$E2E_TMP/process.json')); json.dump(c['process'], open('$E2E_TMP/process.json', 'w'))"
(cd "$E2E_TMP" && CLAMP_RUNTIME=$rec "$CLAMP" --root "$E2E_TMP/s" exec -p process.json -u 0 \
  -g 0 -g 4294967297 --cap CAP_SYS_ADMIN --cap CAP_NET_BIND_SERVICE missing-id echo hi >/dev/null 2>&1)
expect_eq "exec: canonical argv (absolute process file, clamped flags)" "$(argv_of)" \
  "$(printf '%s\n' --root="$E2E_TMP/s" exec --user=65534 --additional-gids=1 \
    --process="$E2E_TMP/process.json" --no-new-privs --cap=CAP_NET_BIND_SERVICE -- missing-id echo hi)"

# --- The runtime must not be clamp itself. ---
out=$(CLAMP_RUNTIME=$CLAMP "$CLAMP" state x 2>&1)
status=$?
check "CLAMP_RUNTIME pointing at clamp: refused" [ "$status" = 2 ]
expect_match "CLAMP_RUNTIME pointing at clamp: clear error" "$out" 'is clamp itself'
ln -s "$CLAMP" "$E2E_TMP/runc-alias"
out=$(CLAMP_RUNTIME=$E2E_TMP/runc-alias "$CLAMP" state x 2>&1)
expect_match "a symlink to clamp is clamp too" "$out" 'is clamp itself'

# --- clamp --version: clamp's version, then the runtime's. ---
out=$(CLAMP_RUNTIME=$RUNC "$CLAMP" --version)
expect_match "--version: clamp's line first" "$(printf '%s\n' "$out" | head -1)" '^clamp version [0-9]+\.[0-9]+\.[0-9]+$'
expect_match "--version: then the runtime's" "$(printf '%s\n' "$out" | sed -n 2p)" '^runc version '

# --- Refusals before anything runs. ---
for args in "create --no-pivot x" "create --no-new-keyring x" "run --bundle $b --no-pivot x" "restore x" "create --unknown-flag x" "create" "exec"; do
  rm -f "$E2E_TMP/argv.0"
  # shellcheck disable=SC2086
  out=$(cd "$b" && CLAMP_RUNTIME=$rec "$CLAMP" --root "$E2E_TMP/s" $args 2>&1 </dev/null)
  status=$?
  check "refused: $args (status 1)" [ "$status" = 1 ]
  check "refused: $args (runtime not run)" [ ! -e "$E2E_TMP/argv.0" ]
  expect_match "refused: $args (says why)" "$out" '^time=.* level=error msg="clamp: '
done

tap_done
