#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end: sysctls.safe, env.secrets, hooks.allowlist and
# annotations.crun with the real runc (and crun for the annotations).
# Sysctls are read back from /proc/sys inside the container; a secret's
# value must appear nowhere in the log; a refused hook must never run.
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
source "$E2E_DIR/lib.sh"
require_root
RUNC=$(command -v runc) || skip_all "runc is not installed"
e2e_setup

state=$E2E_TMP/state-runc
clamp_runc() { CLAMP_RUNTIME=$RUNC "$CLAMP" --root "$state" "$@"; }
policy() { write_policy "$E2E_TMP/$1.json" "$2"; }
not() { ! "$@"; }
no_container() { ! "$RUNC" --root "$state" state "$1" >/dev/null 2>&1; }
# Unique ids: other suites may run at the same time.
id=misc-$$

# --- sysctls.safe: kernel.msgmax is removed, net.ipv4.ping_group_range
# (safe) and net.core.somaxconn (own network namespace) are applied. ---
b=$E2E_TMP/b-sysctl
make_bundle "$b" '["/bin/sh", "-c", "cat /proc/sys/kernel/msgmax /proc/sys/net/ipv4/ping_group_range /proc/sys/net/core/somaxconn"]'
edit_config "$b/config.json" 'c["linux"]["sysctl"] = {"kernel.msgmax": "12345", "net.ipv4.ping_group_range": "0 2147483647", "net/core/somaxconn": "333"}'
cp "$b/config.json" "$E2E_TMP/sysctl-input.json"
track "$RUNC" "$id-sysctl"
out=$(clamp_runc --log "$E2E_TMP/sysctl.log" run --bundle "$b" "$id-sysctl" 2>"$E2E_TMP/stderr-sysctl")
expect_eq "sysctl: run exits 0" "$?" 0
msgmax=$(printf '%s\n' "$out" | sed -n 1p)
check "sysctl: kernel.msgmax inside is not the requested 12345 (got $msgmax)" [ -n "$msgmax" -a "$msgmax" != 12345 ]
expect_eq "sysctl: net.ipv4.ping_group_range is applied" "$(printf '%s\n' "$out" | sed -n 2p | tr '\t' ' ')" "0 2147483647"
expect_eq "sysctl: net/core/somaxconn is applied (own network namespace)" "$(printf '%s\n' "$out" | sed -n 3p)" 333
expect_match "sysctl: the log names the removed key" "$(cat "$E2E_TMP/sysctl.log")" \
  'level=info msg="clamp: sysctls.safe: linux.sysctl: \[kernel.msgmax\] -> \(removed\)'

# Control: with the rule off, runc does set kernel.msgmax (the check above
# means something).
policy sysctl-off '{"version": 1, "rules": {"sysctls.safe": "off"}}'
b=$E2E_TMP/b-sysctl-off
make_bundle "$b" '["/bin/cat", "/proc/sys/kernel/msgmax"]'
cp "$E2E_TMP/sysctl-input.json" "$b/config.json"
edit_config "$b/config.json" 'c["process"]["args"] = ["/bin/cat", "/proc/sys/kernel/msgmax"]; c["root"]["path"] = "rootfs"'
track "$RUNC" "$id-sysctl-off"
out=$(CLAMP_POLICY=$E2E_TMP/sysctl-off.json clamp_runc run --bundle "$b" "$id-sysctl-off" 2>/dev/null)
expect_eq "sysctl control: with sysctls.safe off, kernel.msgmax is 12345" "$out" 12345

# sysctls.safe deny: refused, runc never runs the container.
policy sysctl-deny '{"version": 1, "rules": {"sysctls.safe": "deny"}}'
b=$E2E_TMP/b-sysctl-deny
make_bundle "$b" '["/bin/true"]'
edit_config "$b/config.json" 'c["linux"]["sysctl"] = {"vm.swappiness": "0"}'
track "$RUNC" "$id-sysctl-deny"
out=$(CLAMP_POLICY=$E2E_TMP/sysctl-deny.json clamp_runc create --bundle "$b" "$id-sysctl-deny" 2>&1 </dev/null)
expect_eq "sysctl deny: create exits 1" "$?" 1
expect_match "sysctl deny: the error names the rule" "$out" 'linux.sysctl: denied by sysctls.safe'
check "sysctl deny: no container" no_container "$id-sysctl-deny"

# --- env.secrets: a warning that names the variable, never its value. ---
secret="v4lue-$$-$RANDOM-dont-log-me"
b=$E2E_TMP/b-env
# shellcheck disable=SC2016 # expanded by the container's shell
make_bundle "$b" '["/bin/sh", "-c", "echo ${#API_KEY}"]'
edit_config "$b/config.json" "c['process']['env'].append('API_KEY=$secret')"
track "$RUNC" "$id-env"
out=$(clamp_runc --log "$E2E_TMP/env.log" run --bundle "$b" "$id-env" 2>"$E2E_TMP/stderr-env")
expect_eq "env: the container runs (warn) and sees the variable" "$out" "${#secret}"
log=$(cat "$E2E_TMP/env.log")
expect_match "env: level=warning line names env.secrets and the field" "$log" \
  'level=warning msg="clamp: env.secrets: process.env\[[0-9]+\] \(\\"API_KEY\\" looks like a secret'
check "env: the value is nowhere in the log" not grep -qF -- "$secret" "$E2E_TMP/env.log"
check "env: ... nor on stderr" not grep -qF -- "$secret" "$E2E_TMP/stderr-env"

# docker exec -e: a process file, and runc exec --env.
b=$E2E_TMP/b-env-exec
make_bundle "$b" '["/bin/sleep", "600"]'
track "$RUNC" "$id-env-exec"
clamp_runc create --bundle "$b" "$id-env-exec" </dev/null >/dev/null 2>&1
"$RUNC" --root "$state" start "$id-env-exec"
python3 - "$b/config.json" "$E2E_TMP/process.json" "$secret" <<'EOF'
import json, sys
c = json.load(open(sys.argv[1]))
p = c["process"]
p["args"] = ["/bin/true"]
p["env"] = p["env"] + ["DB_PASSWORD=" + sys.argv[3]]
json.dump(p, open(sys.argv[2], "w"))
EOF
clamp_runc --log "$E2E_TMP/exec.log" exec --process "$E2E_TMP/process.json" "$id-env-exec" >/dev/null 2>"$E2E_TMP/stderr-exec"
expect_eq "env exec --process: exits 0 (warn)" "$?" 0
clamp_runc --log "$E2E_TMP/exec.log" exec --env "GITHUB_TOKEN=$secret" "$id-env-exec" /bin/true >/dev/null 2>>"$E2E_TMP/stderr-exec"
expect_eq "env exec --env: exits 0 (warn)" "$?" 0
log=$(cat "$E2E_TMP/exec.log")
expect_match "env exec --process: warning at env[i]" "$log" 'level=warning msg="clamp: env.secrets: env\[[0-9]+\] \(\\"DB_PASSWORD\\"'
expect_match "env exec --env: warning at exec --env[0]" "$log" 'level=warning msg="clamp: env.secrets: exec --env\[0\] \(\\"GITHUB_TOKEN\\"'
check "env exec: the value is nowhere in the log" not grep -qF -- "$secret" "$E2E_TMP/exec.log"
check "env exec: ... nor on stderr" not grep -qF -- "$secret" "$E2E_TMP/stderr-exec"

# Under deny, refused; the error does not show the value either.
policy env-deny '{"version": 1, "rules": {"env.secrets": "deny"}}'
out=$(CLAMP_POLICY=$E2E_TMP/env-deny.json clamp_runc exec --env "GITHUB_TOKEN=$secret" "$id-env-exec" /bin/true 2>&1)
expect_eq "env deny: exec exits 1" "$?" 1
expect_match "env deny: the error names the flag" "$out" 'exec --env\[0\]: denied by env.secrets'
check "env deny: the value is not in the error" not grep -qF -- "$secret" <<<"$out"

# --- hooks.allowlist: an unlisted hook is refused and never runs. ---
policy hooks '{"version": 1, "hooks": {"allow": ["/usr/bin/dockerd"]}}'
hook_config='c["hooks"] = {"prestart": [{"path": "/bin/sh", "args": ["sh", "-c", "touch '"$E2E_TMP"'/hook-ran"]}]}'
b=$E2E_TMP/b-hook
make_bundle "$b" '["/bin/true"]'
edit_config "$b/config.json" "$hook_config"
track "$RUNC" "$id-hook"
out=$(CLAMP_POLICY=$E2E_TMP/hooks.json clamp_runc run --bundle "$b" "$id-hook" 2>&1 </dev/null)
expect_eq "hooks: run exits 1" "$?" 1
expect_match "hooks: the error names the hook" "$out" 'hooks.prestart\[0\].path: denied by hooks.allowlist'
check "hooks: the hook never ran" [ ! -e "$E2E_TMP/hook-ran" ]
check "hooks: no container" no_container "$id-hook"

# Control: under the default policy (every hook allowed) the same hook runs.
b=$E2E_TMP/b-hook-ok
make_bundle "$b" '["/bin/true"]'
edit_config "$b/config.json" "$hook_config"
track "$RUNC" "$id-hook-ok"
clamp_runc run --bundle "$b" "$id-hook-ok" </dev/null >/dev/null 2>&1
expect_eq "hooks control: default policy, run exits 0" "$?" 0
check "hooks control: the hook ran" [ -e "$E2E_TMP/hook-ran" ]

# --- annotations.crun: removed from the config the runtime gets. ---
# recorder: copies config.json, then execs the runtime in $2.
cat >"$E2E_TMP/recorder" <<EOF
#!/bin/bash
for ((i = 1; i <= \$#; i++)); do
  case "\${!i}" in --bundle=*) cp "\${!i#--bundle=}/config.json" "$E2E_TMP/given.json" ;; esac
done
exec "\$REAL_RUNTIME" "\$@"
EOF
chmod 755 "$E2E_TMP/recorder"
ann_config='c["annotations"] = {"run.oci.seccomp_bpf_data": "AAAA", "run.oci.keep_original_groups": "1", "run.oci.hooks.stdout": "'"$E2E_TMP"'/hooks-out", "org.example.keep": "yes"}'
given_annotations() { python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1])).get("annotations"), sort_keys=True))' "$E2E_TMP/given.json"; }

b=$E2E_TMP/b-ann
make_bundle "$b" '["/bin/echo", "ran"]'
edit_config "$b/config.json" "$ann_config"
track "$RUNC" "$id-ann"
out=$(REAL_RUNTIME=$RUNC CLAMP_RUNTIME=$E2E_TMP/recorder "$CLAMP" --root "$state" run --bundle "$b" "$id-ann" 2>/dev/null)
expect_eq "annotations (runc): the container runs" "$out" ran
expect_eq "annotations (runc): runc gets only the harmless one" "$(given_annotations)" '{"org.example.keep": "yes"}'

CRUN=$(command -v crun)
if [ -n "$CRUN" ]; then
  # crun 1.8 refuses this machine's hybrid cgroups: run it in a private
  # mount namespace with cgroup.controllers hidden (run-crun.sh).
  b=$E2E_TMP/b-ann-crun
  make_bundle "$b" '["/bin/echo", "ran"]'
  edit_config "$b/config.json" "$ann_config"
  rm -f "$E2E_TMP/given.json"
  track "$CRUN" "$id-ann-crun"
  # shellcheck disable=SC2016 # expanded by the inner bash
  out=$(REAL_RUNTIME=$CRUN CLAMP_RUNTIME=$E2E_TMP/recorder unshare --mount --propagation private -- \
    bash -c 'if [ -e /sys/fs/cgroup/unified/cgroup.controllers ]; then e=$(mktemp); mount --bind "$e" /sys/fs/cgroup/unified/cgroup.controllers; rm -f "$e"; fi; exec "$@"' \
    sh "$CLAMP" --root "$E2E_TMP/state-crun" run --bundle "$b" "$id-ann-crun" 2>"$E2E_TMP/stderr-crun")
  expect_eq "annotations (crun): the container runs" "$out" ran
  [ "$out" = ran ] || tap_diag "$(cat "$E2E_TMP/stderr-crun")"
  expect_eq "annotations (crun): crun gets only the harmless one" "$(given_annotations)" '{"org.example.keep": "yes"}'
  check "annotations (crun): no run.oci.hooks.stdout file" [ ! -e "$E2E_TMP/hooks-out" ]
else
  tap_ok "# SKIP crun is not installed"
fi

# Allowed by the policy: left in place.
policy ann-allow '{"version": 1, "annotations": {"allow": ["run.oci.keep_original_groups"]}}'
b=$E2E_TMP/b-ann-allow
make_bundle "$b" '["/bin/true"]'
edit_config "$b/config.json" "$ann_config"
track "$RUNC" "$id-ann-allow"
REAL_RUNTIME=$RUNC CLAMP_POLICY=$E2E_TMP/ann-allow.json CLAMP_RUNTIME=$E2E_TMP/recorder "$CLAMP" --root "$state" run --bundle "$b" "$id-ann-allow" </dev/null >/dev/null 2>&1
expect_eq "annotations allow: the listed one stays" "$(given_annotations)" '{"org.example.keep": "yes", "run.oci.keep_original_groups": "1"}'

tap_done
