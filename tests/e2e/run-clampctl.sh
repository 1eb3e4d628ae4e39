#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# clampctl(8): each command's output and exit status. check on a Docker
# capture lists what clamp would change and exits 1; on its own hardened
# output it exits 0 (DESIGN.md invariant 1); harden -o writes a config the
# real runc runs; policy check names the bad field; seccomp export writes
# PFC text and whole BPF instructions; doctor finds runc and its version.
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
source "$E2E_DIR/lib.sh"
require_root
[ -n "${CLAMPCTL:-}" ] && [ -x "$CLAMPCTL" ] || skip_all "CLAMPCTL is not set"
RUNC=$(command -v runc) || skip_all "runc is not installed"
e2e_setup
TEST_POLICY=$CLAMP_POLICY # the built-in policy, auditing into $E2E_TMP (for clamp itself)
unset CLAMP_POLICY CLAMP_RUNTIME
DATA=$E2E_DIR/../data
T=$E2E_TMP

# --- usage ---
"$CLAMPCTL" --help >"$T/help.out" 2>"$T/help.err"
expect_eq "--help exits 0" "$?" 0
expect_match "--help prints the usage on stdout" "$(cat "$T/help.out")" '^usage: clampctl COMMAND'
"$CLAMPCTL" --version >"$T/v.out"
expect_match "--version names clampctl" "$(cat "$T/v.out")" '^clampctl version [0-9]'
"$CLAMPCTL" frobnicate >"$T/u.out" 2>"$T/u.err"
expect_eq "an unknown command exits 2" "$?" 2
check "... with nothing on stdout" [ ! -s "$T/u.out" ]
expect_match "... and the usage on stderr" "$(cat "$T/u.err")" 'unknown command "frobnicate"'
"$CLAMPCTL" >/dev/null 2>&1
expect_eq "no command exits 2" "$?" 2
"$CLAMPCTL" check --bogus x >/dev/null 2>"$T/o.err"
expect_eq "an unknown option exits 2" "$?" 2
expect_match "... naming it" "$(cat "$T/o.err")" '^clampctl: unknown option "--bogus"'
"$CLAMPCTL" check a b >/dev/null 2>"$T/o2.err"
expect_eq "a second argument exits 2" "$?" 2
expect_match "... naming it" "$(cat "$T/o2.err")" '^clampctl: unexpected argument "b"'
"$CLAMPCTL" harden --policy >/dev/null 2>"$T/o3.err"
expect_match "an option without its value exits 2, saying so" "$?:$(head -1 "$T/o3.err")" '^2:clampctl: a value is missing after "--policy"'

# --- check ---
priv=$DATA/docker/privileged/config.json
"$CLAMPCTL" check "$priv" >"$T/check.out" 2>"$T/check.err"
expect_eq "check on Docker's --privileged config exits 1 (findings)" "$?" 1
out=$(cat "$T/check.out")
expect_match "check lists caps.allowlist as a change with CIS 5.4" "$out" '^  change +caps\.allowlist +CIS 5\.4'
expect_match "check shows from -> to for process.user.uid" "$out" 'process\.user\.uid: 0 -> 65534'
expect_match "check reports exec-only rules as n/a on a config" "$out" '^  n/a +runtime\.restore'
check "check writes nothing on stderr" [ ! -s "$T/check.err" ]
"$CLAMPCTL" check --json "$priv" >"$T/check.json"
expect_eq "check --json exits 1 as well" "$?" 1
j=$(python3 - "$T/check.json" <<'EOF'
import json, sys
d = json.load(open(sys.argv[1]))
r = {x["rule"]: x for x in d["rules"]}
print(r["caps.allowlist"]["status"], r["caps.allowlist"]["control"].split(";")[0], d["summary"]["change"] > 0,
      r["caps.allowlist"]["findings"][0]["field"])
EOF
)
expect_eq "check --json is one document with each rule's status and control" "$j" "change CIS 5.4 True process.capabilities"
mkdir "$T/bundle-dir" && cp "$priv" "$T/bundle-dir/config.json"
"$CLAMPCTL" check "$T/bundle-dir" >/dev/null
expect_eq "check takes a bundle directory" "$?" 1
"$CLAMPCTL" check --process "$DATA/docker/exec-root-privileged/process.json" >"$T/proc.out"
expect_eq "check --process on docker exec -u 0 --privileged exits 1" "$?" 1
expect_match "check --process: exec.lsm applies, rootfs does not" "$(cat "$T/proc.out")" '^  n/a +rootfs\.readonly'

# --- harden ---
"$CLAMPCTL" harden "$priv" >"$T/hardened.json" 2>"$T/harden.err"
expect_eq "harden to stdout exits 0" "$?" 0
check "harden writes JSON to stdout" python3 -c 'import json,sys; json.load(open(sys.argv[1]))' "$T/hardened.json"
expect_match "harden lists the changes and why on stderr" "$(cat "$T/harden.err")" \
  '^caps\.allowlist \(CIS 5\.4; .*\): process\.capabilities: .* -> \[CAP_NET_BIND_SERVICE\]: '
"$CLAMPCTL" check "$T/hardened.json" >"$T/again.out"
expect_eq "check on harden's output exits 0 (idempotence)" "$?" 0
expect_match "... and says so" "$(cat "$T/again.out")" '^(no findings|nothing would change or be denied; [0-9]+ rules? warns?)$'
"$CLAMPCTL" harden "$T/hardened.json" >"$T/twice.json" 2>"$T/twice.err"
expect_eq "harden twice gives the same bytes" "$(sha256sum <"$T/twice.json")" "$(sha256sum <"$T/hardened.json")"
expect_eq "... and reports no changes" "$(tail -1 "$T/twice.err")" "no changes"
check "... only warnings besides" bash -c "head -n -1 '$T/twice.err' | grep -v '^warning: ' | grep -q . && exit 1 || exit 0"
"$CLAMPCTL" check "$T/missing.json" >/dev/null 2>"$T/m.err"
expect_eq "check on a missing file exits 2" "$?" 2
expect_match "... naming it" "$(cat "$T/m.err")" "^clampctl: $T/missing.json: "
printf '{"process": {"user": {"uid": -1, "gid": 0}, "args": ["x"]}, "root": {"path": "r"}}' >"$T/neg.json"
"$CLAMPCTL" check "$T/neg.json" >/dev/null 2>"$T/neg.err"
expect_eq "check on a bad uid exits 2" "$?" 2
expect_match "... and names the field" "$(cat "$T/neg.err")" 'process\.user\.uid'

# A config the policy refuses: check says deny, harden writes nothing.
edit_config "$T/bundle-dir/config.json" 'c["process"]["cwd"] = "/proc/self/fd/7"'
"$CLAMPCTL" check "$T/bundle-dir" >"$T/deny.out"
expect_eq "check on a refused config exits 1" "$?" 1
expect_match "... and lists escape.proc-fd as deny" "$(cat "$T/deny.out")" '^  deny +escape\.proc-fd +CVE-2024-21626'
"$CLAMPCTL" harden "$T/bundle-dir" -o "$T/denied.json" >/dev/null 2>"$T/deny.err"
expect_eq "harden on a refused config exits 1" "$?" 1
check "... and writes nothing" [ ! -e "$T/denied.json" ]
expect_match "... saying why, with the field" "$(cat "$T/deny.err")" 'process\.cwd: denied by escape\.proc-fd'

# harden -o into a real bundle, then run it with plain runc.
b=$T/b-harden
make_bundle "$b" '["/bin/sh", "-c", "id -u; grep ^NoNewPrivs /proc/self/status"]'
"$CLAMPCTL" harden "$b/config.json" -o "$b/config.json" >"$T/ho.out"
expect_eq "harden -o over the bundle's config.json exits 0" "$?" 0
expect_match "harden -o prints the changes on stdout" "$(cat "$T/ho.out")" '^user\.nonroot '
track "$RUNC" ctl-harden
out=$("$RUNC" --root "$T/state" run --bundle "$b" ctl-harden 2>"$T/runc.err")
expect_eq "runc runs the hardened config: non-root, no new privileges" "$out" "$(printf '65534\nNoNewPrivs:\t1')"
[ -s "$T/runc.err" ] && tap_diag "$(cat "$T/runc.err")"

# What the shim wrote, check finds clean (DESIGN.md invariant 1): clamp
# rewrites config.json, then hands over to /bin/true instead of runc.
b=$T/b-shim
make_bundle "$b" '["/bin/true"]'
CLAMP_POLICY=$TEST_POLICY CLAMP_RUNTIME=/bin/true "$CLAMP" --root "$T/state" create --bundle "$b" ctl-shim </dev/null >/dev/null 2>&1
expect_eq "clamp create (runtime /bin/true) exits 0" "$?" 0
"$CLAMPCTL" check "$b" >"$T/shim.out"
expect_eq "check on the config clamp rewrote exits 0" "$?" 0
"$CLAMPCTL" harden "$b" 2>/dev/null | cmp -s - <(cat "$b/config.json"; echo)
expect_eq "harden on it gives the same bytes as clamp wrote (plus a newline)" "$?" 0

# --- policy check ---
printf '{"version": 1, "user": {"uid": 0}}' >"$T/bad.json"
chmod 644 "$T/bad.json"
"$CLAMPCTL" policy check "$T/bad.json" >"$T/pc.out" 2>"$T/pc.err"
expect_eq "policy check on a bad policy exits 2" "$?" 2
expect_match "... and names the field" "$(cat "$T/pc.err")" "^clampctl: .*bad\.json: user\.uid: must be from 1 to 4294967294"
printf '{"version": 1, "rules": {"no.such-rule": "enforce"}}' >"$T/bad2.json"
chmod 644 "$T/bad2.json"
"$CLAMPCTL" policy check "$T/bad2.json" >/dev/null 2>"$T/pc2.err"
expect_match "policy check names an unknown rule id" "$(cat "$T/pc2.err")" 'rules\."no\.such-rule": unknown rule'
"$CLAMPCTL" policy check "$E2E_DIR/../../profiles/policy.json" >"$T/pc3.out"
expect_eq "policy check on the shipped policy exits 0" "$?" 0
expect_match "... printing ok and the digest" "$(cat "$T/pc3.out")" 'policy\.json: ok \(sha256:[0-9a-f]{64}\)$'
"$CLAMPCTL" policy check "$T/nonexistent.json" >/dev/null 2>&1
expect_eq "policy check on a missing file exits 2" "$?" 2
"$CLAMPCTL" check --policy "$T/bad.json" "$priv" >/dev/null 2>"$T/cp.err"
expect_eq "check under a bad policy exits 2" "$?" 2

# --- seccomp export ---
"$CLAMPCTL" seccomp export --pfc >"$T/f.pfc"
expect_eq "seccomp export --pfc exits 0" "$?" 0
check "the PFC listing names a syscall (read)" grep -q 'filter for syscall "read"' "$T/f.pfc"
"$CLAMPCTL" seccomp export >"$T/f2.pfc"
expect_eq "PFC is the default format" "$(sha256sum <"$T/f2.pfc")" "$(sha256sum <"$T/f.pfc")"
"$CLAMPCTL" seccomp export --bpf >"$T/f.bpf"
expect_eq "seccomp export --bpf exits 0" "$?" 0
size=$(stat -c %s "$T/f.bpf")
check "the BPF is whole 8-byte instructions ($size bytes)" [ "$size" -gt 0 ] && [ $((size % 8)) -eq 0 ]
"$CLAMPCTL" seccomp export --bpf "$DATA/seccomp/docker-like.json" >"$T/d.bpf"
expect_eq "seccomp export of a given Docker profile exits 0" "$?" 0
printf '{"defaultAction": "SCMP_ACT_NOPE"}' >"$T/badprof.json"
"$CLAMPCTL" seccomp export "$T/badprof.json" >/dev/null 2>"$T/bp.err"
expect_eq "seccomp export of a bad profile exits 2" "$?" 2
expect_match "... naming the field" "$(cat "$T/bp.err")" 'defaultAction'
if command -v script >/dev/null; then
  script -qec "$CLAMPCTL seccomp export --bpf" /dev/null >"$T/tty.out" 2>&1
  expect_match "seccomp export --bpf refuses a terminal" "$(cat "$T/tty.out")" 'refusing to write binary to a terminal'
fi

# --- exemptions apply to check and harden as they do in the shim ---
write_policy "$T/exempt.json" '{"version": 1, "exemptions": [{"name": "debug namespace",
  "match": {"io.kubernetes.cri.sandbox-namespace": "debug"},
  "capabilities": {"allow": ["CAP_SYS_PTRACE"]}}]}'
for ns in debug default; do
  cp "$DATA/docker/default/config.json" "$T/ns-$ns.json"
  edit_config "$T/ns-$ns.json" "c.setdefault('annotations', {})['io.kubernetes.cri.sandbox-namespace'] = '$ns'
for k in ('bounding', 'effective', 'permitted'): c['process']['capabilities'][k].append('CAP_SYS_PTRACE')
c['process']['user'] = {'uid': 1000, 'gid': 1000}
c['process']['capabilities']['ambient'] = ['CAP_SYS_PTRACE', 'CAP_NET_BIND_SERVICE']
c['process']['capabilities']['inheritable'] = ['CAP_SYS_PTRACE', 'CAP_NET_BIND_SERVICE']"
  "$CLAMPCTL" harden --policy "$T/exempt.json" "$T/ns-$ns.json" >"$T/ns-$ns.out" 2>"$T/ns-$ns.err"
  expect_eq "harden under an exemption policy, namespace $ns: exits 0" "$?" 0
done
expect_match "harden: the exemption that applies is named" "$(cat "$T/ns-debug.err")" \
  '^clampctl: exemption debug namespace applies \(annotation io.kubernetes.cri.sandbox-namespace=debug\)'
check "harden: namespace debug keeps CAP_SYS_PTRACE" grep -q CAP_SYS_PTRACE "$T/ns-debug.out"
check "harden: namespace default loses it" bash -c "! grep -q CAP_SYS_PTRACE '$T/ns-default.out'"
check "harden: ... and no exemption is named" bash -c "! grep -q exemption '$T/ns-default.err'"

# --- doctor ---
CLAMP_RUNTIME=$RUNC "$CLAMPCTL" doctor >"$T/doc.out" 2>&1
expect_eq "doctor exits 0 on this machine" "$?" 0
d=$(cat "$T/doc.out")
expect_match "doctor reports runc's version" "$d" "^ok +runtime +$RUNC: runc version [0-9]"
expect_match "doctor reports libseccomp's version" "$d" '^ok +seccomp +libseccomp [0-9]+\.[0-9]+'
expect_match "doctor checks for an LSM" "$d" '^(ok|warn) +lsm '
expect_match "doctor checks the cache directory" "$d" "^ok +cache +$CLAMP_SECCOMP_CACHE"
CLAMP_RUNTIME=/nonexistent/runc "$CLAMPCTL" doctor >"$T/doc2.out" 2>&1
expect_eq "doctor exits 1 when the runtime is missing" "$?" 1
expect_match "... with a fail line" "$(cat "$T/doc2.out")" '^fail +runtime +'
CLAMP_POLICY=$T/bad.json CLAMP_RUNTIME=$RUNC "$CLAMPCTL" doctor >"$T/doc3.out" 2>&1
expect_eq "doctor exits 1 under a bad policy" "$?" 1
expect_match "... naming the field" "$(cat "$T/doc3.out")" '^fail +policy +.*user\.uid'

tap_done
