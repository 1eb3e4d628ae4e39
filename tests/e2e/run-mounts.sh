#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The mounts.* rules with the real runc: an engine socket (by name, and
# through a symlink) and a read-write bind of /etc are refused before runc
# runs; a read-only /etc is allowed and readable; bind mounts come out
# nosuid,nodev and shared propagation comes out private, as the
# container's own /proc/self/mountinfo shows (with runc, and with crun
# when it is installed).
#
# crun needs the hybrid-cgroup trick of run-crun.sh: the script runs in a
# private mount namespace in which an empty file hides
# /sys/fs/cgroup/unified/cgroup.controllers.
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
source "$E2E_DIR/lib.sh"
require_root
RT=$(command -v runc) || skip_all "runc is not installed"
CRUN=$(command -v crun)

if [ -n "$CRUN" ] && [ -z "${CLAMP_E2E_IN_NS:-}" ] && [ -e /sys/fs/cgroup/unified/cgroup.controllers ]; then
  exec env CLAMP_E2E_IN_NS=1 unshare --mount --propagation private -- "$0" "$@"
fi
if [ -n "${CLAMP_E2E_IN_NS:-}" ]; then
  empty=$(mktemp /tmp/clamp-e2e-empty.XXXXXX)
  mount --bind "$empty" /sys/fs/cgroup/unified/cgroup.controllers
  rm -f "$empty"
fi
e2e_setup

state=$E2E_TMP/state-runc
clamp_rt() { CLAMP_RUNTIME=$RT "$CLAMP" --root "$state" "$@"; }

# add_bind BUNDLE SOURCE DEST OPTIONS_JSON: append a bind mount.
add_bind() {
  edit_config "$1/config.json" "c['mounts'].append({'destination': '$3', 'type': 'bind', 'source': '$2', 'options': $4})"
}

# The mountinfo line of the mount at DEST in TEXT.
mountinfo_line() { printf '%s\n' "$2" | awk -v d="$1" '$5 == d'; }

# refused DESC BUNDLE ID RULE FIELD: clamp refuses with exit 1, naming the
# rule and the field in runc's --log; the runtime never ran and config.json
# is untouched.
refused() {
  local desc=$1 b=$2 id=$3 rule=$4 field=$5 log=$E2E_TMP/log-$3
  local before marker=$E2E_TMP/ran-$3
  before=$(sha256sum <"$b/config.json")
  printf '#!/bin/sh\ntouch %s\nexec %s "$@"\n' "$marker" "$RT" >"$E2E_TMP/rt-$id"
  chmod 755 "$E2E_TMP/rt-$id"
  track "$RT" "$id"
  CLAMP_RUNTIME=$E2E_TMP/rt-$id "$CLAMP" --root "$state" --log "$log" create --bundle "$b" "$id" \
    </dev/null >/dev/null 2>&1
  expect_eq "$desc: create exits 1" "$?" 1
  check "$desc: the runtime never ran" [ ! -e "$marker" ]
  expect_eq "$desc: config.json unchanged" "$(sha256sum <"$b/config.json")" "$before"
  expect_match "$desc: the log names $rule and $field" "$(cat "$log" 2>/dev/null)" \
    "level=error msg=\"clamp: .*${field//[/\\[}: denied by $rule "
}

# --- A unix socket named docker.sock, read-only, is refused. ---
mkdir -p "$E2E_TMP/sock"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$E2E_TMP/sock/docker.sock"
check "test socket created" [ -S "$E2E_TMP/sock/docker.sock" ]
b=$E2E_TMP/b-sock
make_bundle "$b" '["/bin/true"]'
n=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["mounts"]))' "$b/config.json")
add_bind "$b" "$E2E_TMP/sock/docker.sock" /var/run/engine.sock '["rbind", "ro"]'
refused "a docker.sock bind" "$b" m-sock mounts.engine-socket "mounts[$n].source"

# ... also through a symlink with another name, and its directory.
ln -s "$E2E_TMP/sock/docker.sock" "$E2E_TMP/innocent"
b=$E2E_TMP/b-sock-link
make_bundle "$b" '["/bin/true"]'
add_bind "$b" "$E2E_TMP/innocent" /innocent '["rbind", "ro"]'
refused "a symlink to docker.sock" "$b" m-sock-link mounts.engine-socket "mounts[$n].source"
b=$E2E_TMP/b-run
make_bundle "$b" '["/bin/true"]'
add_bind "$b" /var/run /hostrun '["rbind", "ro"]'
refused "a bind of /var/run" "$b" m-run mounts.engine-socket "mounts[$n].source"

# --- A bind from inside the container's own root: runc mounts the
# container's proc there first, and rootfs/proc/1/root is the host's /
# while runc init runs. ---
b=$E2E_TMP/b-inroot
make_bundle "$b" '["/bin/true"]'
n=$(python3 -c 'import json, sys; print(len(json.load(open(sys.argv[1]))["mounts"]))' "$b/config.json")
add_bind "$b" "$b/rootfs/proc/1/root/etc" /hostetc '["rbind", "rw"]'
refused "a bind through the container's own proc" "$b" m-inroot mounts.host-system "mounts[$n].source"

# --- Filesystems that reach the host: a host disk, a second procfs. ---
b=$E2E_TMP/b-disk
make_bundle "$b" '["/bin/true"]'
root_dev=$(awk '$2 == "/" {print $1; exit}' /proc/self/mounts)
edit_config "$b/config.json" "c['mounts'].append({'destination': '/host', 'type': 'ext4', 'source': '$root_dev', 'options': ['rw']})"
refused "the host's root disk as ext4" "$b" m-disk mounts.pseudo-fs "mounts[$n].type"
b=$E2E_TMP/b-proc2
make_bundle "$b" '["/bin/true"]'
edit_config "$b/config.json" "c['mounts'].append({'destination': '/p', 'type': 'proc', 'source': 'proc', 'options': ['rro']})"
refused "a second procfs, \"rro\"" "$b" m-proc2 mounts.pseudo-fs "mounts[$n].type"

# --- /etc: read-write refused, read-only allowed and readable. ---
b=$E2E_TMP/b-etc-rw
make_bundle "$b" '["/bin/true"]'
add_bind "$b" /etc /hostetc '["rbind"]'
refused "a read-write bind of /etc" "$b" m-etc-rw mounts.host-system "mounts[$n].source"

b=$E2E_TMP/b-etc-ro
make_bundle "$b" '["/bin/sh", "-c", "head -n 1 /hostetc/passwd; grep \" /hostetc \" /proc/self/mountinfo"]'
add_bind "$b" //etc/ /hostetc '["rbind", "ro"]'
track "$RT" m-etc-ro
out=$(clamp_rt run --bundle "$b" m-etc-ro 2>"$E2E_TMP/stderr-etc-ro")
status=$?
expect_eq "a read-only bind of /etc runs" "$status" 0
[ "$status" = 0 ] || tap_diag "$(cat "$E2E_TMP/stderr-etc-ro")"
expect_eq "the container reads the host's /etc/passwd" "$(printf '%s\n' "$out" | head -n 1)" \
  "$(head -n 1 /etc/passwd)"
expect_match "... from a read-only mount" "$(mountinfo_line /hostetc "$out" | awk '{print $6}')" \
  '(^|,)ro(,|$)'

# --- A read-only rbind is read-only below its top too: the host's /sys
# holds other mounts (cgroups), which a plain "ro" leaves writable. ---
b=$E2E_TMP/b-sys-ro
make_bundle "$b" '["/bin/cat", "/proc/self/mountinfo"]'
add_bind "$b" /sys /hostsys '["rbind", "ro"]'
track "$RT" m-sys-ro
out=$(clamp_rt run --bundle "$b" m-sys-ro 2>"$E2E_TMP/stderr-sys-ro")
expect_eq "a read-only rbind of /sys runs" "$?" 0
under=$(printf '%s\n' "$out" | awk '$5 ~ "^/hostsys/" {print $5, $6}')
check "... with mounts below it" [ -n "$under" ]
check "... every one of them read-only (rro)" bash -c "! printf '%s\n' \"\$1\" | awk '\$2 !~ /(^|,)ro(,|$)/' | grep -q ." _ "$under"
[ -z "$under" ] || ! printf '%s\n' "$under" | awk '$2 !~ /(^|,)ro(,|$)/' | grep -q . || tap_diag "$under"

# --- Bind mounts come out nosuid,nodev; rshared comes out private. ---
mkdir -p "$E2E_TMP/data" "$E2E_TMP/shared"
chmod 755 "$E2E_TMP/data" "$E2E_TMP/shared"
props() {
  make_bundle "$1" '["/bin/cat", "/proc/self/mountinfo"]'
  add_bind "$1" "$E2E_TMP/data" /data '["rbind", "suid", "dev"]'
  add_bind "$1" "$E2E_TMP/shared" /shared '["rbind", "rshared"]'
  edit_config "$1/config.json" 'c["linux"]["rootfsPropagation"] = "rshared"'
}

# props_checks RUNTIME: the same container, first on the runtime alone (to
# show that the checks can fail), then through clamp.
props_checks() {
  local r=$1 name b out line opts status
  name=$(basename "$r")
  local st=$E2E_TMP/state-$name
  b=$E2E_TMP/b-plain-$name
  props "$b"
  track "$r" "m-plain-$name"
  out=$("$r" --root "$st" run --bundle "$b" "m-plain-$name" 2>"$E2E_TMP/stderr-plain-$name")
  line=$(mountinfo_line /shared "$out")
  expect_match "$name alone: /shared is shared" "$line" ' shared:[0-9]+ '
  check "$name alone: /data is neither nosuid nor nodev" \
    [ -z "$(mountinfo_line /data "$out" | awk '{print $6}' | grep -E '(^|,)no(suid|dev)(,|$)')" ]

  b=$E2E_TMP/b-props-$name
  props "$b"
  track "$r" "m-props-$name"
  out=$(CLAMP_RUNTIME=$r "$CLAMP" --root "$st" run --bundle "$b" "m-props-$name" 2>"$E2E_TMP/stderr-props-$name")
  status=$?
  expect_eq "$name: binds with suid, dev and rshared run through clamp" "$status" 0
  [ "$status" = 0 ] || tap_diag "$(cat "$E2E_TMP/stderr-props-$name")"
  opts=$(mountinfo_line /data "$out" | awk '{print $6}')
  expect_match "$name: /data is nosuid" "$opts" '(^|,)nosuid(,|$)'
  expect_match "$name: /data is nodev" "$opts" '(^|,)nodev(,|$)'
  opts=$(mountinfo_line /shared "$out" | awk '{print $6}')
  expect_match "$name: /shared is nosuid,nodev too" "$opts" '(^|,)nosuid,nodev(,|$)'
  # mountinfo's optional fields (7th to "-") hold shared:N / master:N; a
  # private mount has none.
  line=$(mountinfo_line /shared "$out")
  expect_eq "$name: /shared is private (no propagation fields)" \
    "$(printf '%s\n' "$line" | awk '{print $7}')" "-"
  # runc's / shows no propagation fields even with rootfsPropagation
  # rshared (it makes the rootfs private to pivot_root), so only the file
  # can show this one.
  expect_eq "$name: linux.rootfsPropagation rshared became rprivate" \
    "$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["linux"]["rootfsPropagation"])' "$b/config.json")" \
    rprivate
}
props_checks "$RT"
if [ -n "$CRUN" ]; then props_checks "$CRUN"; else tap_diag "crun is not installed: its checks are skipped"; fi

tap_done
