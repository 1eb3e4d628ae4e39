#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Resource rules with the real runc: a container without a pids limit gets
# the policy's 4096, its processes dump no core (even when clamp's caller
# allows core dumps), a personality is refused, and `clamp update` cannot
# lift the pids limit above the policy's maximum, whether it comes as a
# flag, an -r file or -r - on standard input.
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
source "$E2E_DIR/lib.sh"
require_root
RUNC=$(command -v runc) || skip_all "runc is not installed"
[ -d /sys/fs/cgroup/pids ] || skip_all "no cgroup v1 pids hierarchy (machine-notes.md)"
e2e_setup

state=$E2E_TMP/state-runc
export CLAMP_RUNTIME=$RUNC
# Core dumps allowed for clamp and runc (the soft limit up to the hard
# one): without clamp the container would inherit this.
ulimit -c unlimited 2>/dev/null || ulimit -c "$(ulimit -Hc)"

# --- create: pids.max and RLIMIT_CORE, seen from inside. ---
b=$E2E_TMP/b-run
make_bundle "$b" '["/bin/sh", "-c", "cat /sys/fs/cgroup/pids/pids.max; ulimit -c; ulimit -Hc"]'
edit_config "$b/config.json" 'c["linux"].get("resources", {}).pop("pids", None); c["process"].pop("rlimits", None)'
track "$RUNC" c-res-run
out=$("$CLAMP" --root "$state" run --bundle "$b" c-res-run </dev/null 2>"$E2E_TMP/run.err")
expect_eq "run: exits 0" "$?" 0
expect_eq "run: pids.max inside is the policy's 4096; RLIMIT_CORE soft and hard are 0" \
  "$out" "$(printf '4096\n0\n0')"
given=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print(c["linux"]["resources"]["pids"]["limit"], [r for r in c["process"]["rlimits"] if r["type"] == "RLIMIT_CORE"])' "$b/config.json")
expect_eq "run: config.json says so" "$given" "4096 [{'type': 'RLIMIT_CORE', 'hard': 0, 'soft': 0}]"

# The control: with the rule off the container inherits clamp's caller's
# core limit, so the 0 above is clamp's doing.
write_policy "$E2E_TMP/core-off.json" '{"version": 1, "rules": {"rlimits.core": "off"}}'
chmod 644 "$E2E_TMP/core-off.json"
b=$E2E_TMP/b-off
make_bundle "$b" '["/bin/sh", "-c", "ulimit -c"]'
edit_config "$b/config.json" 'c["process"].pop("rlimits", None)'
track "$RUNC" c-res-off
out=$(CLAMP_POLICY=$E2E_TMP/core-off.json "$CLAMP" --root "$state" run --bundle "$b" c-res-off </dev/null 2>/dev/null)
expect_eq "control: rlimits.core off, the container inherits an unlimited core size" "$out" unlimited

# An unlimited pids limit is clamped too.
b=$E2E_TMP/b-unl
make_bundle "$b" '["/bin/cat", "/sys/fs/cgroup/pids/pids.max"]'
edit_config "$b/config.json" 'c["linux"].setdefault("resources", {})["pids"] = {"limit": -1}'
track "$RUNC" c-res-unl
out=$("$CLAMP" --root "$state" run --bundle "$b" c-res-unl </dev/null 2>/dev/null)
expect_eq "run: a pids limit of -1 (unlimited) becomes 4096" "$out" 4096

# --- A personality is refused before runc runs. ---
b=$E2E_TMP/b-pers
make_bundle "$b" '["/bin/true"]'
edit_config "$b/config.json" 'c["linux"]["personality"] = {"domain": "LINUX32"}'
before=$(sha256sum <"$b/config.json")
"$CLAMP" --root "$state" --log "$E2E_TMP/pers.log" create --bundle "$b" c-res-pers </dev/null >/dev/null 2>&1
expect_eq "personality LINUX32: create exits 1" "$?" 1
expect_match "personality: the error names the field and the rule" "$(cat "$E2E_TMP/pers.log")" \
  'clamp: linux.personality: denied by process.personality'
check "personality: runc never created it" sh -c "! '$RUNC' --root '$state' state c-res-pers >/dev/null 2>&1"
expect_eq "personality: config.json unchanged" "$(sha256sum <"$b/config.json")" "$before"

# --- update on a running container. ---
b=$E2E_TMP/b-upd
make_bundle "$b" '["/bin/sleep", "600"]'
track "$RUNC" c-res-upd
"$CLAMP" --root "$state" create --bundle "$b" c-res-upd </dev/null >/dev/null 2>&1 &&
  "$CLAMP" --root "$state" start c-res-upd
expect_eq "update: the container starts" "$?" 0
pid=$("$RUNC" --root "$state" state c-res-upd | python3 -c 'import json,sys; print(json.load(sys.stdin)["pid"])')
cg=$(awk -F: '$2 == "pids" { print $3 }' "/proc/$pid/cgroup")
pids_max() { cat "/sys/fs/cgroup/pids$cg/pids.max"; }
expect_eq "update: pids.max starts at 4096" "$(pids_max)" 4096

upd() { "$CLAMP" --root "$state" --log "$E2E_TMP/upd.log" update "$@"; }
upd --pids-limit 100000 c-res-upd
expect_eq "update --pids-limit 100000: exits 0" "$?" 0
expect_eq "update --pids-limit 100000: pids.max stays 4096" "$(pids_max)" 4096
expect_match "update: the rewrite is logged" "$(cat "$E2E_TMP/upd.log")" \
  'clamp: resources.pids: update --pids-limit: 100000 -> 4096'
upd --pids-limit 100 c-res-upd
expect_eq "update --pids-limit 100: pids.max is 100" "$(pids_max)" 100
upd --pids-limit=-1 c-res-upd
expect_eq "update --pids-limit=-1 (unlimited): pids.max is 4096" "$(pids_max)" 4096
upd --pids-limit 0x32 c-res-upd
expect_eq "update --pids-limit 0x32 (Go reads hex): pids.max is 50" "$(pids_max)" 50

printf '{"pids": {"limit": -1}}' >"$E2E_TMP/res.json"
upd -r "$E2E_TMP/res.json" c-res-upd
expect_eq "update -r FILE with limit -1: pids.max is 4096" "$(pids_max)" 4096
check "update -r FILE: the file is left as it was" grep -q '"limit": -1' "$E2E_TMP/res.json"
printf '{"pids": {"limit": 70}}' | upd -r - c-res-upd
expect_eq "update -r - (stdin) with limit 70: pids.max is 70" "$(pids_max)" 70
printf '{"pids": {"limit": 99999}}' | upd --resources - c-res-upd
expect_eq "update --resources - with limit 99999: pids.max is 4096" "$(pids_max)" 4096

# What runc is handed: a sealed memfd with the clamped JSON, by path.
cat >"$E2E_TMP/rec" <<EOF2
#!/bin/bash
printf '%s\n' "\$@" >"$E2E_TMP/rec.argv"
for a in "\$@"; do
  case "\$a" in --resources=*) cat "\${a#--resources=}" >"$E2E_TMP/rec.json" ;; esac
done
EOF2
chmod 755 "$E2E_TMP/rec"
printf '{"pids": {"limit": -1}, "memory": {"limit": 5}, "x": [1.50]}' |
  CLAMP_RUNTIME=$E2E_TMP/rec "$CLAMP" --root "$state" update -r - c-res-upd
expect_match "update -r -: runc gets --resources=/proc/self/fd/N" "$(cat "$E2E_TMP/rec.argv")" \
  '^--resources=/proc/self/fd/[0-9]+$'
expect_eq "update -r -: ... holding the clamped JSON, the rest as given" "$(cat "$E2E_TMP/rec.json")" \
  '{"pids":{"limit":4096},"memory":{"limit":5},"x":[1.50]}'

printf '{"pids": {"Limit": -1}}' >"$E2E_TMP/fold.json"
upd -r "$E2E_TMP/fold.json" c-res-upd 2>/dev/null
expect_eq "update -r with a key Go would fold (\"Limit\"): exits 1" "$?" 1
printf '{"pids": {"limit": 10}} {"pids": {"limit": -1}}' >"$E2E_TMP/two.json"
upd -r "$E2E_TMP/two.json" c-res-upd 2>/dev/null
expect_eq "update -r with trailing data: exits 1" "$?" 1
upd --memory lots c-res-upd 2>/dev/null
expect_eq "update --memory lots: exits 1" "$?" 1
expect_match "update --memory lots: the error names the flag" "$(tail -1 "$E2E_TMP/upd.log")" \
  'clamp: update: --memory: invalid size \\"lots\\"'
expect_eq "update: after the refusals pids.max is still 4096" "$(pids_max)" 4096

# --- exec: a process file with rlimits of its own still gets no core. ---
cat >"$E2E_TMP/proc.json" <<'JSON'
{"args": ["/bin/sh", "-c", "ulimit -c; ulimit -Hc; ulimit -n"], "cwd": "/",
 "user": {"uid": 1000, "gid": 1000},
 "rlimits": [{"type": "RLIMIT_NOFILE", "hard": 512, "soft": 512}]}
JSON
out=$("$CLAMP" --root "$state" exec -p "$E2E_TMP/proc.json" c-res-upd </dev/null 2>/dev/null)
expect_eq "exec -p with rlimits: RLIMIT_CORE 0 inside, NOFILE as asked" "$out" "$(printf '0\n0\n512')"

"$RUNC" --root "$state" kill c-res-upd KILL >/dev/null 2>&1

# --- crun: the same limit at create, and update through it. crun 1.8
# needs the hybrid layout hidden (machine-notes.md): a private mount
# namespace, where the whole crun part runs. ---
CRUN=$(command -v crun || true)
if [ -n "$CRUN" ]; then
  b=$E2E_TMP/b-crun
  make_bundle "$b" '["/bin/sleep", "600"]'
  edit_config "$b/config.json" 'c["linux"].get("resources", {}).pop("pids", None)'
  S=$E2E_TMP/state-crun B=$b CRUN=$CRUN CLAMP=$CLAMP OUT=$E2E_TMP/crun.out \
    unshare --mount --propagation private -- bash -c '
    e=$(mktemp); mount --bind "$e" /sys/fs/cgroup/unified/cgroup.controllers; rm -f "$e"
    export CLAMP_RUNTIME=$CRUN
    "$CLAMP" --root "$S" create --bundle "$B" c-res-crun </dev/null >/dev/null 2>&1 &&
      "$CLAMP" --root "$S" start c-res-crun || { echo "create failed" >"$OUT"; exit 1; }
    pid=$("$CRUN" --root "$S" state c-res-crun | python3 -c "import json,sys; print(json.load(sys.stdin)[\"pid\"])")
    cg=$(awk -F: "\$2 == \"pids\" { print \$3 }" /proc/$pid/cgroup)
    m() { cat "/sys/fs/cgroup/pids$cg/pids.max"; }
    { m
      "$CLAMP" --root "$S" update --pids-limit 100000 c-res-crun 2>&1; m
      "$CLAMP" --root "$S" update --pids-limit 100 c-res-crun 2>&1; m
      printf "{\"pids\": {\"limit\": -1}}" | "$CLAMP" --root "$S" update -r - c-res-crun 2>&1; m
    } >"$OUT"
    "$CRUN" --root "$S" delete -f c-res-crun >/dev/null 2>&1'
  expect_eq "crun: pids.max 4096 at create; update 100000 -> 4096, 100 -> 100, -r - with -1 -> 4096" \
    "$(cat "$E2E_TMP/crun.out")" "$(printf '4096\n4096\n100\n4096')"
fi
tap_done
exit $((TAP_FAILED > 0))
