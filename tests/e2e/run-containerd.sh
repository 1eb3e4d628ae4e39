#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# clamp under containerd 1.6 (Debian's), driven by ctr: a private
# containerd (tests/e2e/lib/containerd.sh: its own config.toml, root, state
# and sockets under the test's directory, CRI plugin off), a busybox image
# imported from an OCI layout archive (tests/e2e/lib/oci-image.py, no
# registry), and clamp chosen with `ctr run --runc-binary` (the runc v2
# shim's BinaryName option). From inside the containers: non-root,
# CAP_NET_BIND_SERVICE only, no new privileges, seccomp, read-only root,
# noexec /tmp, also under --privileged and --cap-add and for `ctr task
# exec` (--user 0 too). A host pid namespace, the host network and a bind
# of a docker.sock are refused, with clamp's reason in what ctr prints, and
# runc never runs. The audit trail goes to the test's directory through
# the environment containerd hands its shims (CLAMP_POLICY).
#
# Also: contrib/containerd/config.toml parses (containerd config dump shows
# its runtime_type and BinaryName), and ctr 1.6 ignores
# --runtime-config-path for io.containerd.runc.v2 (which is why the README
# names --runc-binary for ctr).
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
REPO=$(cd "$E2E_DIR/../.." && pwd)
source "$E2E_DIR/lib.sh"
source "$E2E_DIR/lib/containerd.sh"
require_root
RUNC=$(command -v runc) || skip_all "runc is not installed"
# An engine test must not skip where the packages should be (CI): fail.
for c in containerd ctr python3 findmnt; do
  if ! command -v "$c" >/dev/null; then
    tap_not_ok "$c is installed (apt-get install containerd; see tools/deps.txt)"
    tap_done
    exit 1
  fi
done
e2e_setup

NS=clamp-e2e-$$
D=$E2E_TMP/c
IMG=docker.io/clamp-e2e/busybox:latest
AUDIT=$E2E_TMP/audit.log
CALLS=$E2E_TMP/runc-calls
trap 'ctrd_stop; e2e_cleanup' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

# ok_status DESC STATUS OUTPUT: STATUS is 0; show OUTPUT when it is not.
ok_status() {
  expect_eq "$1" "$2" 0
  [ "$2" = 0 ] || tap_diag "$3"
}

# The real runtime, as clamp finds it through CLAMP_RUNTIME: runc, after
# one line per call (so a test can tell that runc never ran for an id).
printf '#!/bin/sh\nprintf "%%s\\n" "$*" >>%s\nexec %s "$@"\n' "$CALLS" "$RUNC" >"$E2E_TMP/runc-traced"
chmod 755 "$E2E_TMP/runc-traced"

ctrd_start "$D" "$NS" CLAMP_POLICY="$CLAMP_POLICY" CLAMP_SECCOMP_CACHE="$CLAMP_SECCOMP_CACHE" \
  CLAMP_RUNTIME="$E2E_TMP/runc-traced"
status=$?
expect_eq "a private containerd starts ($(containerd --version | awk '{print $3}'))" "$status" 0
if [ "$status" != 0 ]; then
  tap_done
  exit 1
fi
ctr() { "${CTR[@]}" "$@"; }

# --- The image: an OCI layout archive of the busybox-static rootfs. ---
build_rootfs "$E2E_TMP/rootfs" && python3 "$E2E_DIR/lib/oci-image.py" "$E2E_TMP/rootfs" "$E2E_TMP/image.tar" "$IMG"
expect_eq "an OCI image archive is made from the busybox rootfs" "$?" 0
out=$(ctr image import "$E2E_TMP/image.tar" 2>&1)
ok_status "ctr image import takes it" "$?" "$out"
expect_eq "... as $IMG" "$(ctr image ls -q 2>&1)" "$IMG"

# Every run and exec keeps runc's state and ctr's FIFOs in our directory.
RUN=(run --runc-binary "$CLAMP" --runc-root "$E2E_TMP/runc-root" --fifo-dir "$E2E_TMP/fifo")
EXEC=(task exec --fifo-dir "$E2E_TMP/fifo")

# What a container reports about itself. (busybox runs the applet named by
# argv[0], so the copy in /tmp is called "true".)
INSPECT='echo "uid=$(id -u) gid=$(id -g)"; cat /proc/self/status; cat /proc/self/mountinfo;
if touch /rootfs-write 2>/dev/null; then echo "root-write=ok"; else echo "root-write=failed"; fi
cp /bin/busybox /tmp/true && if /tmp/true 2>/dev/null; then echo "tmp-exec=ok"; else echo "tmp-exec=failed"; fi
echo "dev=$(ls /dev | tr "\n" " ")"'

# not CMD...: CMD fails. no_match TEXT REGEX: no line of TEXT matches.
not() { ! "$@"; }
no_match() { ! printf '%s\n' "$1" | grep -Eq -- "$2"; }

# mount_opts TEXT DEST: the per-mount options of DEST in mountinfo TEXT.
mount_opts() { printf '%s\n' "$1" | awk -v d="$2" '$5 == d { print $6 }' | tail -n 1; }

# hardened DESC TEXT: the checks every container and exec must pass.
hardened() {
  local desc=$1 text=$2
  expect_eq "$desc: id says uid and gid 65534" "$(printf '%s\n' "$text" | grep '^uid=')" \
    "uid=65534 gid=65534"
  expect_eq "$desc: no uid or gid 0 in /proc/self/status" \
    "$(printf '%s\n' "$text" | awk '$1 == "Uid:" || $1 == "Gid:"' | tr -s ' \t' ' ')" \
    "$(printf 'Uid: 65534 65534 65534 65534\nGid: 65534 65534 65534 65534')"
  expect_eq "$desc: CapEff is CAP_NET_BIND_SERVICE only" "$(status_field CapEff "$text")" 0000000000000400
  expect_eq "$desc: CapBnd is CAP_NET_BIND_SERVICE only" "$(status_field CapBnd "$text")" 0000000000000400
  expect_eq "$desc: NoNewPrivs" "$(status_field NoNewPrivs "$text")" 1
  expect_eq "$desc: seccomp filter mode" "$(status_field Seccomp "$text")" 2
}

# fs_hardened DESC TEXT: read-only root, noexec /tmp.
fs_hardened() {
  local desc=$1 text=$2
  expect_match "$desc: / is mounted ro" "$(mount_opts "$text" /)" '^ro(,|$)'
  expect_eq "$desc: writing to / fails" "$(printf '%s\n' "$text" | grep '^root-write=')" root-write=failed
  expect_match "$desc: /tmp is nosuid,nodev,noexec" "$(mount_opts "$text" /tmp)" \
    '^rw,nosuid,nodev,noexec(,|$)'
  expect_eq "$desc: a binary copied to /tmp does not run" "$(printf '%s\n' "$text" | grep '^tmp-exec=')" \
    tmp-exec=failed
}

# audit_lines ID COMMAND DECISION: how many audit lines say that.
audit_lines() {
  python3 - "$AUDIT" "$1" "$2" "$3" <<'PY'
import json, sys
path, cid, cmd, decision = sys.argv[1:]
n = 0
try:
    for line in open(path):
        d = json.loads(line)
        n += d.get("id") == cid and d.get("command") == cmd and d.get("decision") == decision
except FileNotFoundError:
    pass
print(n)
PY
}

# runc_called VERB ID: runc was called with VERB for container ID.
runc_called() { grep -Eq "(^| )$1 .*[ =]$2\$" "$CALLS" 2>/dev/null; }

# --- ctr run --runc-binary clamp: the default container. ---
out=$(ctr "${RUN[@]}" --rm "$IMG" ctrd-default sh -c "$INSPECT" 2>&1)
ok_status "ctr run --runc-binary clamp: exits 0" "$?" "$out"
hardened "ctr run" "$out"
fs_hardened "ctr run" "$out"
expect_eq "ctr run: clamp's audit line says allowed" "$(audit_lines ctrd-default create allowed)" 1
check "ctr run: clamp handed the container to runc" runc_called create ctrd-default

# --- Escalations that ctr offers are clamped. ---
out=$(ctr "${RUN[@]}" --rm --privileged "$IMG" ctrd-priv sh -c "$INSPECT" 2>&1)
ok_status "ctr run --privileged: exits 0" "$?" "$out"
hardened "ctr run --privileged" "$out"
fs_hardened "ctr run --privileged" "$out"
dev=$(printf '%s\n' "$out" | grep '^dev=')
check "ctr run --privileged: no host devices (kmsg, mem, a disk) in /dev" \
  no_match "$dev" ' (kmsg|mem|vda|sda|nvme0n1) '

out=$(ctr "${RUN[@]}" --rm --cap-add CAP_SYS_ADMIN --cap-add CAP_SYS_PTRACE --allow-new-privs \
  --device /dev/kmsg "$IMG" ctrd-caps sh -c "$INSPECT" 2>&1)
ok_status "ctr run --cap-add SYS_ADMIN,SYS_PTRACE --allow-new-privs --device /dev/kmsg: exits 0" "$?" "$out"
hardened "ctr run --cap-add" "$out"
check "ctr run --device /dev/kmsg: no /dev/kmsg" no_match "$out" '^dev=.* kmsg '

# --- Refusals: ctr prints clamp's reason; nothing started. ---
# refused DESC ID REGEX CTR-RUN-ARGS...: `ctr run` exits 1 and prints a
# line that matches REGEX (anchored: the whole line, as ctr prints it; it is
# also shown as a diagnostic); no task exists, runc was never asked to
# create the container, and the audit trail has the refusal.
refused() {
  local desc=$1 id=$2 re=$3 out status
  shift 3
  out=$(ctr "${RUN[@]}" "$@" "$IMG" "$id" true 2>&1)
  status=$?
  expect_eq "$desc: ctr run exits 1" "$status" 1
  expect_match "$desc: ctr prints clamp's reason" "$out" "^$re\$"
  tap_diag "$out"
  check "$desc: no task" no_match "$(ctr task ls -q)" "^$id\$"
  check "$desc: runc never created it" not runc_called create "$id"
  expect_eq "$desc: the audit trail has the refusal" "$(audit_lines "$id" create refused)" 1
  ctr container rm "$id" >/dev/null 2>&1
}
PREFIX='ctr: failed to create shim task: OCI runtime create failed: clamp: '

# PID 1's pid namespace: refused by ns.host-pid where clamp can stat
# /proc/1/ns/pid; where it cannot (this machine's PID 1 may not be looked
# at: EACCES), refused as a path it cannot check.
refused "--with-ns pid:/proc/1/ns/pid" ctrd-pid1 \
  "${PREFIX}(linux\.namespaces\[0\]\.path: denied by ns\.host-pid \(CIS 5\.16; Pod Security baseline: hostPID\): \"/proc/1/ns/pid\" is the host's pid namespace: .*|\"[^\"]*/ctrd-pid1/config\.json\": linux\.namespaces\[0\]\.path: \"/proc/1/ns/pid\": Permission denied \(clamp must check that it is not the host's pid namespace\)): unknown" \
  --with-ns pid:/proc/1/ns/pid
# A host process clamp can always look at: containerd itself.
refused "--with-ns pid:/proc/<containerd>/ns/pid" ctrd-hostpid \
  "${PREFIX}linux\.namespaces\[0\]\.path: denied by ns\.host-pid \(CIS 5\.16; Pod Security baseline: hostPID\): \"/proc/$CTRD_PID/ns/pid\" is the host's pid namespace: the host's processes would be visible and could be signalled: unknown" \
  --with-ns "pid:/proc/$CTRD_PID/ns/pid"
refused "--net-host" ctrd-nethost \
  "${PREFIX}linux\.namespaces: denied by ns\.host-network \(CIS 5\.10; Pod Security baseline: hostNetwork\): no network namespace of its own: the container would use the host's network interfaces and sockets: unknown" \
  --net-host
mkdir -p "$E2E_TMP/sock"
python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$E2E_TMP/sock/docker.sock"
refused "a read-only bind of a docker.sock" ctrd-sock \
  "${PREFIX}mounts\[[0-9]+\]\.source: denied by mounts\.engine-socket \(CIS 5\.32: container engine sockets are not mounted\): a container engine's socket gives control of the host \(even read-only\): unknown" \
  --mount "type=bind,src=$E2E_TMP/sock/docker.sock,dst=/var/run/docker.sock,options=rbind:ro"

# --- ctr task exec, also as --user 0. ---
out=$(ctr "${RUN[@]}" -d "$IMG" ctrd-exec sleep 1000 2>&1)
ok_status "ctr run -d (for exec): exits 0" "$?" "$out"
out=$(ctr "${EXEC[@]}" --exec-id x1 ctrd-exec sh -c "$INSPECT" 2>&1)
ok_status "ctr task exec: exits 0" "$?" "$out"
hardened "ctr task exec" "$out"
out=$(ctr "${EXEC[@]}" --exec-id x2 --user 0 ctrd-exec sh -c "$INSPECT" 2>&1)
ok_status "ctr task exec --user 0: exits 0" "$?" "$out"
hardened "ctr task exec --user 0" "$out"
fs_hardened "ctr task exec --user 0" "$out"
expect_eq "ctr task exec: two exec lines in the audit trail" "$(audit_lines ctrd-exec exec allowed)" 2
check "ctr task exec: clamp handed the exec to runc" runc_called exec ctrd-exec
ctr task kill -s SIGKILL ctrd-exec >/dev/null 2>&1
for _ in 1 2 3 4 5 6 7 8 9 10; do
  ctr task rm ctrd-exec >/dev/null 2>&1 && break
  sleep 0.2
done
ctr container rm ctrd-exec >/dev/null 2>&1

# --- The audit trail. ---
n=$(python3 -c 'import json, sys; print(sum(1 for l in open(sys.argv[1]) if json.loads(l)))' "$AUDIT" 2>/dev/null)
check "the audit trail in the test's directory has a JSON line per decision (${n:-0})" \
  [ "${n:-0}" -ge 9 ]

# --- ctr 1.6 and --runtime-config-path. ---
# For io.containerd.runc.v2, ctr 1.6 always sends the runc options built
# from --runc-binary, --runc-root and --runc-systemd-cgroup; a
# --runtime-config-path file is only passed to other runtimes. A file
# naming clamp as BinaryName therefore changes nothing: plain runc runs
# the container (as root, the image's user). Shown here so that the README
# does not recommend it.
printf 'BinaryName = "%s"\n' "$CLAMP" >"$E2E_TMP/runc-options.toml"
out=$(ctr run --runc-root "$E2E_TMP/runc-root" --fifo-dir "$E2E_TMP/fifo" --rm \
  --runtime io.containerd.runc.v2 --runtime-config-path "$E2E_TMP/runc-options.toml" \
  "$IMG" ctrd-cfgpath id -u 2>&1)
expect_eq "ctr 1.6 ignores --runtime-config-path for io.containerd.runc.v2 (plain runc, uid 0)" "$out" 0
expect_eq "... and clamp never saw it" "$(grep -c '"id":"ctrd-cfgpath"' "$AUDIT")" 0

# --- contrib/containerd/config.toml parses. ---
# Merged into our config (with the CRI plugin on, or config dump leaves
# the plugin's section out), `containerd config dump` shows the runtime.
snippet=$REPO/contrib/containerd/config.toml
{
  ctrd_config "$D" | grep -v '^disabled_plugins'
  grep -v '^version' "$snippet"
} >"$E2E_TMP/merged.toml"
containerd --config "$E2E_TMP/merged.toml" config dump >"$E2E_TMP/dump.toml" 2>"$E2E_TMP/dump.err"
ok_status "containerd config dump takes contrib/containerd/config.toml" "$?" "$(cat "$E2E_TMP/dump.err")"
got=$(python3 - "$E2E_TMP/dump.toml" <<'PY'
import sys, tomllib
c = tomllib.load(open(sys.argv[1], "rb"))
r = c["plugins"]["io.containerd.grpc.v1.cri"]["containerd"]["runtimes"]["clamp"]
print(r["runtime_type"], r["options"]["BinaryName"])
PY
)
expect_eq "... runtimes.clamp is a runc v2 shim whose BinaryName is clamp" "$got" \
  "io.containerd.runc.v2 /usr/local/bin/clamp"

# --- Teardown leaves nothing behind. ---
pid=$CTRD_PID
ctrd_stop
check "containerd stopped" not kill -0 "$pid"
check "no process names the test's directory" [ -z "$(pids_naming "$CTRD_DIR" "$CTRD_PID")" ]
check "nothing mounted under the test's directory" no_match "$(findmnt -rn -o TARGET)" "^$D/"
check "no cgroup of the namespace is left" not compgen -G "/sys/fs/cgroup/*/$NS"
tap_done
