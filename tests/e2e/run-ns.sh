#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Host namespaces (ns.*) and default LSM confinement (lsm.confined) with
# the real runc: a bundle without a pid namespace, or with the host's
# network namespace by path, is refused before runc runs; joining another
# container's network namespace by path works; a missing cgroup namespace
# is a warning (and enforce adds one); this host has no LSM, which the log
# says.
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
source "$E2E_DIR/lib.sh"
require_root
RUNC=$(command -v runc) || skip_all "runc is not installed"
e2e_setup

state=$E2E_TMP/state-runc
clamp_runc() { CLAMP_RUNTIME=$RUNC "$CLAMP" --root "$state" "$@"; }
rt() { "$RUNC" --root "$state" "$@"; }

# A runtime that leaves a trace if it ever runs, then runs runc.
marker=$E2E_TMP/ran
printf '#!/bin/sh\ntouch %s\nexec %s "$@"\n' "$marker" "$RUNC" >"$E2E_TMP/traced"
chmod 755 "$E2E_TMP/traced"

# refused DESC ID PYTHON RULE FIELD: the edit makes clamp refuse create
# under RULE, naming FIELD in runc's --log; nothing ran, nothing changed.
refused() {
  local desc=$1 id=$2 edit=$3 rule=$4 field=$5 b=$E2E_TMP/b-$2 log=$E2E_TMP/$2.log
  make_bundle "$b" '["/bin/true"]'
  edit_config "$b/config.json" "$edit"
  local before status
  before=$(sha256sum <"$b/config.json")
  rm -f "$marker"
  track "$RUNC" "$id"
  CLAMP_RUNTIME=$E2E_TMP/traced "$CLAMP" --root "$state" --log "$log" create --bundle "$b" "$id" \
    </dev/null >/dev/null 2>&1
  status=$?
  expect_eq "$desc: create exits 1" "$status" 1
  check "$desc: runc never ran" [ ! -e "$marker" ]
  expect_eq "$desc: config.json unchanged" "$(sha256sum <"$b/config.json")" "$before"
  expect_match "$desc: the log names the rule and the field" "$(cat "$log" 2>/dev/null)" \
    "level=error msg=\"clamp: $field: denied by $rule "
}

refused "no pid namespace" ns-nopid \
  'c["linux"]["namespaces"] = [n for n in c["linux"]["namespaces"] if n["type"] != "pid"]' \
  ns.host-pid 'linux\.namespaces'
# /proc/1/ns/net: refused by the rule where clamp can stat it; where PID 1
# cannot be looked at (a sandbox whose PID 1 clamp may not ptrace, like the
# CI machines), refused as a path clamp cannot check (runc cannot open it
# either).
if stat -L /proc/1/ns/net >/dev/null 2>&1; then
  refused "PID 1's network namespace by path" ns-hostnet \
    'next(n for n in c["linux"]["namespaces"] if n["type"] == "network")["path"] = "/proc/1/ns/net"' \
    ns.host-network 'linux\.namespaces\[1\]\.path'
else
  b=$E2E_TMP/b-ns-pid1net
  make_bundle "$b" '["/bin/true"]'
  edit_config "$b/config.json" 'next(n for n in c["linux"]["namespaces"] if n["type"] == "network")["path"] = "/proc/1/ns/net"'
  rm -f "$marker"
  CLAMP_RUNTIME=$E2E_TMP/traced "$CLAMP" --root "$state" --log "$E2E_TMP/pid1net.log" create --bundle "$b" ns-pid1net \
    </dev/null >/dev/null 2>&1
  expect_eq "PID 1's network namespace by path (not stat-able here): create exits 1" "$?" 1
  check "... runc never ran" [ ! -e "$marker" ]
  expect_match "... the error names the field" "$(cat "$E2E_TMP/pid1net.log")" \
    'level=error msg="clamp: .*linux\.namespaces\[1\]\.path: \\"/proc/1/ns/net\\": Permission denied \(clamp must check'
fi
# The host's network namespace by another host process's path, and by
# clamp's own: refused by the rule everywhere.
refused "a host process's network namespace by path" ns-hostnet2 \
  "next(n for n in c['linux']['namespaces'] if n['type'] == 'network')['path'] = '/proc/$$/ns/net'" \
  ns.host-network 'linux\.namespaces\[1\]\.path'
refused "the host's pid namespace by /proc/self" ns-hostpid \
  'c["linux"]["namespaces"][0]["path"] = "/proc/self/ns/pid"' \
  ns.host-pid 'linux\.namespaces\[0\]\.path'
refused "the host's user namespace by path" ns-hostuser \
  'c["linux"]["namespaces"].append({"type": "user", "path": "/proc/self/ns/user"})' \
  ns.host-user 'linux\.namespaces\[5\]\.path'
refused "clamp's own mount namespace by path" ns-hostmnt \
  'next(n for n in c["linux"]["namespaces"] if n["type"] == "mount")["path"] = "/proc/self/ns/mnt"' \
  ns.host-mount 'linux\.namespaces\[4\]\.path'

# A path that does not exist: an error naming the field (fail closed).
b=$E2E_TMP/b-gone
make_bundle "$b" '["/bin/true"]'
edit_config "$b/config.json" 'next(n for n in c["linux"]["namespaces"] if n["type"] == "network")["path"] = "/nonexistent/ns"'
rm -f "$marker"
CLAMP_RUNTIME=$E2E_TMP/traced "$CLAMP" --root "$state" --log "$E2E_TMP/gone.log" create --bundle "$b" ns-gone \
  </dev/null >/dev/null 2>&1
expect_eq "a namespace path that does not exist: create exits 1" "$?" 1
check "... runc never ran" [ ! -e "$marker" ]
expect_match "... the error names the field and why" "$(cat "$E2E_TMP/gone.log")" \
  'linux\.namespaces\[1\]\.path: \\"/nonexistent/ns\\": No such file or directory'

# An unknown namespace type: an error, as in runc 1.1.
b=$E2E_TMP/b-time
make_bundle "$b" '["/bin/true"]'
edit_config "$b/config.json" 'c["linux"]["namespaces"].append({"type": "time"})'
CLAMP_RUNTIME=$E2E_TMP/traced "$CLAMP" --root "$state" --log "$E2E_TMP/time.log" create --bundle "$b" ns-time \
  </dev/null >/dev/null 2>&1
expect_eq "an unknown namespace type: create exits 1" "$?" 1
expect_match "... the error names the field" "$(cat "$E2E_TMP/time.log")" \
  'linux\.namespaces\[5\]\.type: \\"time\\" is not a namespace type'

# --- Joining another container's network namespace by path works. ---
b=$E2E_TMP/b-owner
make_bundle "$b" '["/bin/sleep", "600"]'
track "$RUNC" ns-owner
clamp_runc --log "$E2E_TMP/owner.log" create --bundle "$b" ns-owner </dev/null >/dev/null 2>&1
expect_eq "the first container is created" "$?" 0
rt start ns-owner
pid=$(rt state ns-owner | python3 -c 'import json, sys; print(json.load(sys.stdin)["pid"])')
owner_net=$(clamp_runc exec ns-owner /bin/readlink /proc/self/ns/net 2>/dev/null)
b=$E2E_TMP/b-joiner
make_bundle "$b" '["/bin/readlink", "/proc/self/ns/net"]'
edit_config "$b/config.json" "next(n for n in c['linux']['namespaces'] if n['type'] == 'network')['path'] = '/proc/$pid/ns/net'"
track "$RUNC" ns-joiner
joiner_net=$(clamp_runc --log "$E2E_TMP/joiner.log" run --bundle "$b" ns-joiner 2>"$E2E_TMP/joiner.err")
status=$?
expect_eq "a container joining its network namespace by path runs" "$status" 0
[ "$status" = 0 ] || tap_diag "$(cat "$E2E_TMP/joiner.err" "$E2E_TMP/joiner.log")"
check "... the owner sees a network namespace" [ -n "$owner_net" ]
expect_eq "... and both see the same one" "$joiner_net" "$owner_net"
check "... which is not the host's" [ "$joiner_net" != "$(readlink /proc/self/ns/net)" ]
rt kill ns-owner KILL >/dev/null 2>&1

# --- The log: the cgroup warning and LSM "not applicable". ---
log=$(cat "$E2E_TMP/owner.log")
expect_match "a missing cgroup namespace is a level=warning line" "$log" \
  'level=warning msg="clamp: ns\.cgroup: linux\.namespaces: \(no cgroup namespace\) \(policy would set \{\\"type\\": \\"cgroup\\"\}\)'
expect_match "this host has no LSM: lsm.confined is not applicable (level=info)" "$log" \
  'level=info msg="clamp: lsm\.confined: not applicable \(the host has neither AppArmor nor SELinux\)"'

# --- ns.cgroup enforced: the container gets a cgroup namespace of its own. ---
write_policy "$E2E_TMP/cgroupns.json" '{"version": 1, "rules": {"ns.cgroup": "enforce"}}'
chmod 644 "$E2E_TMP/cgroupns.json"
b=$E2E_TMP/b-cgroupns
make_bundle "$b" '["/bin/readlink", "/proc/self/ns/cgroup"]'
track "$RUNC" ns-cgroupns
out=$(CLAMP_POLICY=$E2E_TMP/cgroupns.json clamp_runc --log "$E2E_TMP/cgroupns.log" run --bundle "$b" ns-cgroupns 2>"$E2E_TMP/cgroupns.err")
status=$?
expect_eq "ns.cgroup enforce: the container runs" "$status" 0
[ "$status" = 0 ] || tap_diag "$(cat "$E2E_TMP/cgroupns.err" "$E2E_TMP/cgroupns.log")"
host_cg=$(readlink /proc/self/ns/cgroup)
check "... in a cgroup namespace that is not the host's" [ -n "$out" -a "$out" != "$host_cg" ]
expect_match "... and config.json says so" "$(python3 -c 'import json, sys; print([n["type"] for n in json.load(open(sys.argv[1]))["linux"]["namespaces"]])' "$b/config.json")" \
  "'cgroup'\]$"
expect_match "... the log says what changed" "$(cat "$E2E_TMP/cgroupns.log")" \
  'level=info msg="clamp: ns\.cgroup: linux\.namespaces: \(no cgroup namespace\) -> \{\\"type\\": \\"cgroup\\"\}'

# --- The default bundle of other suites has the five namespaces. ---
b=$E2E_TMP/b-default
make_bundle "$b" '["/bin/true"]'
expect_eq "make_bundle gives pid, network, ipc, uts and mount namespaces" \
  "$(python3 -c 'import json, sys; print(sorted(n["type"] for n in json.load(open(sys.argv[1]))["linux"]["namespaces"]))' "$b/config.json")" \
  "['ipc', 'mount', 'network', 'pid', 'uts']"

tap_done
