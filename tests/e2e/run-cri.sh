#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# clamp as a Kubernetes RuntimeClass handler, proved through containerd's
# own CRI API (runtime.v1) with no kubelet: a private containerd 1.6 with
# the CRI plugin and `runtimes.clamp` (runc v2 shim, BinaryName = the built
# clamp), a busybox image imported into the k8s.io namespace as both the
# sandbox ("pause") image and the app image, and a ptp CNI network inside a
# network namespace of containerd's own. The client is tests/e2e/cri/cri.py
# (messages compiled from cri/cri-subset.proto with protoc at test time).
#
# For a pod in namespace "default" and one in "debug" (the policy exempts
# io.kubernetes.cri.sandbox-namespace=debug with CAP_SYS_PTRACE), both with
# runtime_handler "clamp": RunPodSandbox, CreateContainer (asking for
# CAP_SYS_PTRACE), StartContainer, ExecSync. Checked: the sandbox's
# config.json as clamp rewrote it and its process seen from the host; the
# app container from inside (what its first process recorded, ExecSync of
# cat /proc/self/status and id); the audit log. containerd's own record
# of the sandbox spec is the "before". A container binding containerd's
# socket is refused, and the refusal reaches the CRI caller.
#
# Everything lives in one mktemp directory: containerd's root, state, socket,
# runc root (the shim's `Root` option), CNI config, clamp's policy, audit log
# and seccomp cache. On exit: the pods are stopped and removed through CRI,
# containerd is stopped by pid, then whatever is left of ours (shims that
# name our directory, runc containers in our runc root, mounts under the
# directory, the cgroup parent we named) is removed, and the directory.
# containerd runs in a network and a mount namespace of its own (see
# "Networking" and where it starts), so nothing reaches the host's network
# or mount table, nor /var/lib/cni.
# CRI_KEEP=1 keeps the directory (logs, bundles) after stopping everything.
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
source "$E2E_DIR/lib.sh"
# shellcheck source=lib/procs.sh
source "$E2E_DIR/lib/procs.sh"
require_root

# Debian's grpc and protobuf modules are for the system python.
PY=/usr/bin/python3
for c in containerd ctr containerd-shim-runc-v2 runc protoc findmnt unshare ip; do
  command -v "$c" >/dev/null || skip_all "$c is not installed (tools/deps.txt)"
done
for p in loopback ptp host-local; do
  [ -x /usr/lib/cni/$p ] || skip_all "/usr/lib/cni/$p is missing (containernetworking-plugins)"
done
"$PY" -c 'import grpc, google.protobuf' 2>/dev/null ||
  skip_all "$PY has no grpc/protobuf (python3-grpcio, python3-protobuf)"
RUNC=$(command -v runc)

# Short: the sockets live here (sun_path is 108 bytes).
T=$(mktemp -d /tmp/clamp-cri.XXXXXX)
chmod 711 "$T"
E2E_TMP=$T
CONTAINERD_PID=
SANDBOXES=()
CG_PARENT=clamp-cri-${T##*.}
SOCK=$T/containerd.sock
RUNC_ROOT=$T/runc-root
IMAGE=docker.io/library/clamp-busybox:e2e

cri() { "$PY" "$E2E_DIR/cri/cri.py" --sock "$SOCK" --gen "$T/gen" "$@"; }

cri_cleanup() {
  local rc=$? id pid d
  set +e
  trap - EXIT
  if [ -n "$CONTAINERD_PID" ] && kill -0 "$CONTAINERD_PID" 2>/dev/null; then
    for id in "${SANDBOXES[@]}"; do
      cri stop-pod "$id" >/dev/null 2>&1
      cri remove-pod "$id" >/dev/null 2>&1
    done
    kill -TERM "$CONTAINERD_PID"
    wait_gone "$CONTAINERD_PID" 20 || { kill -KILL "$CONTAINERD_PID"; wait_gone "$CONTAINERD_PID" 5; }
    wait "$CONTAINERD_PID" 2>/dev/null
  fi
  # Containers a failed run left in our runc root, then their shims.
  for d in "$RUNC_ROOT"/*/; do
    [ -d "$d" ] || continue
    for id in $("$RUNC" --root "$d" list -q 2>/dev/null); do
      "$RUNC" --root "$d" delete -f "$id" >/dev/null 2>&1
    done
  done
  for pid in $(pids_naming "$T"); do kill -TERM "$pid" 2>/dev/null; done
  sleep 0.5
  for pid in $(pids_naming "$T"); do kill -KILL "$pid" 2>/dev/null; done
  # Mounts under our directory (rootfs, shm, netns), deepest first. They
  # are made in containerd's own mount namespace and vanish with its last
  # process; this is for any that reached the host's all the same.
  findmnt -rn -o TARGET | grep -F "$T/" | sort -r | while read -r d; do
    umount -l "$d" 2>/dev/null
  done
  # The cgroup parent we named, with whatever runc left in it.
  for d in /sys/fs/cgroup/*/"$CG_PARENT" /sys/fs/cgroup/"$CG_PARENT"; do
    [ -d "$d" ] && find "$d" -depth -type d -exec rmdir {} + 2>/dev/null
  done
  if [ -n "${CRI_KEEP-}" ]; then
    echo "# kept $T" >&2
  else
    rm -rf --one-file-system "$T"
  fi
  exit "$rc"
}
trap cri_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

fail_all() {
  tap_not_ok "$1"
  shift
  [ $# -gt 0 ] && tap_diag "$@"
  [ -f "$T/containerd.log" ] && tap_diag "---- containerd.log (tail) ----" "$(tail -n 20 "$T/containerd.log")"
  tap_done
  exit 1
}

# --- The image: busybox-static rootfs plus the probe, as an OCI tar whose
# entrypoint blocks until SIGTERM (the sandbox's "pause"). ---
build_rootfs "$T/rootfs" || fail_all "busybox rootfs"
cp "$PROBE" "$T/rootfs/bin/probe"
"$PY" "$E2E_DIR/cri/oci-image.py" "$T/rootfs" "$IMAGE" "$T/image.tar" \
  '["/bin/sh", "-c", "trap exit TERM; while :; do sleep 1; done"]' || fail_all "OCI image tar"

# --- clamp's policy: the built-in one, its audit log here, and the
# exemption of the "debug" namespace. ---
NS_KEY=io.kubernetes.cri.sandbox-namespace
cat >"$T/policy.json" <<EOF
{
  "version": 1,
  "audit": {"log": "$T/audit.log"},
  "exemptions": [
    {"name": "debug namespace", "match": {"$NS_KEY": "debug"},
     "capabilities": {"allow": ["CAP_SYS_PTRACE"]}}
  ]
}
EOF
chmod 644 "$T/policy.json"

# --- Networking. containerd 1.6 adds the loopback network itself and then
# insists on an eth0 with an address from the configured network ("failed
# to find network info" otherwise), so a conflist with only the loopback
# plugin cannot start a pod. containerd therefore runs in a network
# namespace of its own (only lo, nothing routes out), and the pod network
# is a ptp veth pair into that namespace with host-local addresses kept
# here: nothing is added to the host's network. The conflist is ptp only;
# containerd adds its own loopback network (the loopback plugin). ---
NET_NAME=clamp-e2e-${T##*.}
mkdir -p "$T/cni" "$T/cni-ipam"
cat >"$T/cni/10-clamp-e2e.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "$NET_NAME",
  "plugins": [
    {"type": "ptp", "ipMasq": false,
     "ipam": {"type": "host-local", "subnet": "10.255.77.0/24", "dataDir": "$T/cni-ipam"}}
  ]
}
EOF

# --- containerd's config: the same runtimes.clamp table as
# contrib/kubernetes/containerd-1.x.toml, with our paths; `Root` keeps
# runc's state here (the shim's default is /run/containerd/runc). ---
mkdir -p "$T/root" "$T/state" "$T/opt" "$T/tmp" "$RUNC_ROOT"
cat >"$T/config.toml" <<EOF
version = 2
root = "$T/root"
state = "$T/state"
[grpc]
  address = "$SOCK"
[ttrpc]
  address = "$SOCK.ttrpc"
[debug]
  address = ""
[metrics]
  address = ""
[plugins."io.containerd.internal.v1.opt"]
  path = "$T/opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$IMAGE"
  stream_server_address = "127.0.0.1"
  stream_server_port = "0"
  enable_selinux = false
  netns_mounts_under_state_dir = true
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$T/cni"
  [plugins."io.containerd.grpc.v1.cri".containerd]
    default_runtime_name = "runc"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
    runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
    Root = "$RUNC_ROOT"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.clamp]
    runtime_type = "io.containerd.runc.v2"
  [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.clamp.options]
    BinaryName = "$CLAMP"
    Root = "$RUNC_ROOT"
EOF

# The shims inherit containerd's environment, and pass it on to clamp.
# containerd gets a network namespace and a mount namespace of its own
# (the shims and containers inherit both): only lo, brought up for the
# streaming server; mounts that stay in that namespace and go with it; and
# $T/var-lib over /var/lib, where libcni keeps its result cache (containerd
# 1.6 has no setting for that), so the host's /var/lib/cni is never used.
# unshare execs (no fork), so $! is containerd's pid.
mkdir -p "$T/var-lib/cni"
chmod 700 "$T/var-lib/cni"
# shellcheck disable=SC2016 # $0 and $@ are the inner sh's
CLAMP_POLICY=$T/policy.json CLAMP_SECCOMP_CACHE=$T/seccomp-cache CLAMP_RUNTIME=$RUNC \
  TMPDIR=$T/tmp unshare --net --mount --propagation private -- /bin/sh -c \
  'mount --bind "$0/var-lib" /var/lib && ip link set lo up && exec "$@"' "$T" \
  containerd --config "$T/config.toml" </dev/null >"$T/containerd.log" 2>&1 &
CONTAINERD_PID=$!
for ((n = 0; n < 150; n++)); do
  [ -S "$SOCK" ] && cri version >/dev/null 2>&1 && break
  kill -0 "$CONTAINERD_PID" 2>/dev/null || break
  sleep 0.2
done
version=$(cri version 2>&1) || fail_all "containerd answers CRI Version" "$version"
tap_ok "containerd's CRI answers: $version"

out=$(ctr -a "$SOCK" -n k8s.io image import "$T/image.tar" 2>&1)
check "ctr -n k8s.io image import" test $? = 0 || tap_diag "$out"
image_id=$(cri image-status "$IMAGE" 2>&1)
expect_match "the CRI sees the imported image" "$image_id" '^sha256:[0-9a-f]{64}$'

# Hex masks: CAP_NET_BIND_SERVICE is bit 10, CAP_SYS_PTRACE bit 19.
NBS=0000000000000400
PTRACE_NBS=0000000000080400
APP_CMD='["/bin/sh", "-c", "cat /proc/self/status >/tmp/init.status; id >/tmp/init.id; probe ptrace >/tmp/init.ptrace; trap exit TERM; while :; do sleep 1; done"]'

# audit_create ID: "DECISION EXEMPTIONS" of clamp's create record for ID.
audit_create() {
  "$PY" - "$T/audit.log" "$1" <<'PY'
import json, sys
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("id") == sys.argv[2] and r.get("command") == "create":
        print(r.get("decision"), ",".join(r.get("exemptions", [])) or "-")
PY
}

# pod NAMESPACE WANT_INIT_CAPS WANT_PTRACE WANT_EXEMPTIONS: one pod through
# the clamp handler.
pod() {
  local ns=$1 want_caps=$2 want_ptrace=$3 want_exemptions=$4 sid cid out cfg pid st n
  local name=clamp-$ns
  sid=$(cri run-pod "$name" "$ns" clamp "/$CG_PARENT" 2>&1)
  if ! [[ $sid =~ ^[0-9a-f]{64}$ ]]; then
    tap_not_ok "$ns: RunPodSandbox with runtime_handler clamp"
    tap_diag "$sid" "$(tail -n 20 "$T/containerd.log")"
    return
  fi
  SANDBOXES+=("$sid")
  tap_ok "$ns: RunPodSandbox with runtime_handler clamp"
  out=$(cri pod-status "$sid")
  expect_eq "$ns: the sandbox is ready and runs under handler clamp" \
    "$("$PY" -c 'import json,sys; s=json.load(sys.stdin); print(s["state"], s["runtime_handler"])' <<<"$out")" \
    "0 clamp"
  # What containerd generated (its own record, in the verbose status), so
  # that the checks below show clamp's doing: root, containerd's default
  # capabilities, no seccomp (containerd's default for a sandbox), and
  # oomScoreAdj -998 (which plain runc cannot even apply on a machine
  # whose bounding set lacks CAP_SYS_RESOURCE, as this one's does).
  expect_eq "$ns: containerd's own sandbox spec: root, more capabilities, no seccomp, oomScoreAdj -998" \
    "$("$PY" -c '
import json, sys
p = json.load(sys.stdin)["info"]["info"]["runtimeSpec"]
caps = p["process"]["capabilities"]["effective"]
print(p["process"]["user"]["uid"], len(caps) > 1 and "CAP_NET_BIND_SERVICE" in caps,
      "seccomp" in p["linux"], p["process"].get("oomScoreAdj"))' <<<"$out" 2>&1)" \
    "0 True False -998"

  # The sandbox's config.json, as clamp wrote it back for runc.
  cfg=$T/state/io.containerd.runtime.v2.task/k8s.io/$sid/config.json
  out=$("$PY" - "$cfg" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
p = c["process"]
print(p["user"]["uid"], p["user"]["gid"], p.get("noNewPrivileges", False),
      ",".join(p["capabilities"].get("effective") or []),
      "seccomp" if c["linux"].get("seccomp") else "no-seccomp",
      c.get("annotations", {}).get("io.kubernetes.cri.sandbox-namespace"),
      p.get("oomScoreAdj"))
PY
)
  expect_eq "$ns: sandbox config.json rewritten by clamp (uid, gid, nnp, caps, seccomp, oomScoreAdj)" \
    "$out" "65534 65534 True CAP_NET_BIND_SERVICE seccomp $ns 0"

  # The sandbox's process, seen from the host.
  pid=$("$RUNC" --root "$RUNC_ROOT/k8s.io" state "$sid" 2>/dev/null |
    "$PY" -c 'import json,sys; print(json.load(sys.stdin)["pid"])')
  st=$(cat "/proc/$pid/status" 2>/dev/null)
  expect_eq "$ns: sandbox process runs as 65534" "$(status_field Uid "$st" | head -c 5)" 65534
  expect_eq "$ns: sandbox CapEff" "$(status_field CapEff "$st")" $NBS
  expect_eq "$ns: sandbox CapBnd" "$(status_field CapBnd "$st")" $NBS
  expect_eq "$ns: sandbox NoNewPrivs" "$(status_field NoNewPrivs "$st")" 1
  expect_eq "$ns: sandbox Seccomp (filter)" "$(status_field Seccomp "$st")" 2

  # The app container asks for CAP_SYS_PTRACE, as a pod spec's
  # securityContext.capabilities.add would.
  cid=$(cri create "$sid" "$name" "$ns" "/$CG_PARENT" app "$IMAGE" "$APP_CMD" SYS_PTRACE 2>&1)
  if ! [[ $cid =~ ^[0-9a-f]{64}$ ]]; then
    tap_not_ok "$ns: CreateContainer"
    tap_diag "$cid" "$(tail -n 20 "$T/containerd.log")"
    return
  fi
  tap_ok "$ns: CreateContainer"
  out=$(cri start "$cid" 2>&1)
  check "$ns: StartContainer" test $? = 0 || tap_diag "$out"
  # The first process records what it was given; wait for it.
  for ((n = 0; n < 50; n++)); do
    out=$(cri exec "$cid" '["cat", "/tmp/init.ptrace"]' 2>/dev/null) && [ -n "$out" ] && break
    sleep 0.2
  done
  st=$(cri exec "$cid" '["cat", "/tmp/init.status"]' 2>&1)
  expect_eq "$ns: app container's first process: CapEff" "$(status_field CapEff "$st")" "$want_caps"
  expect_eq "$ns: app container's first process: CapBnd" "$(status_field CapBnd "$st")" "$want_caps"
  expect_eq "$ns: app container's first process: NoNewPrivs" "$(status_field NoNewPrivs "$st")" 1
  expect_eq "$ns: app container's first process: Seccomp" "$(status_field Seccomp "$st")" 2
  expect_eq "$ns: app container's first process: ptrace(PTRACE_TRACEME)" \
    "$(cri exec "$cid" '["cat", "/tmp/init.ptrace"]' 2>&1)" "$want_ptrace"
  expect_match "$ns: app container's first process: id" \
    "$(cri exec "$cid" '["cat", "/tmp/init.id"]' 2>&1)" '^uid=65534\(nobody\) gid=65534'

  # ExecSync: runc exec through clamp; a process file has no annotations,
  # so an exec gets the base policy even in the exempted namespace.
  st=$(cri exec "$cid" '["cat", "/proc/self/status"]' 2>&1)
  expect_eq "$ns: ExecSync cat /proc/self/status: Uid" "$(status_field Uid "$st" | head -c 5)" 65534
  expect_eq "$ns: ExecSync: CapEff (exec gets no exemptions)" "$(status_field CapEff "$st")" $NBS
  expect_eq "$ns: ExecSync: NoNewPrivs" "$(status_field NoNewPrivs "$st")" 1
  expect_eq "$ns: ExecSync: Seccomp" "$(status_field Seccomp "$st")" 2
  expect_match "$ns: ExecSync id" "$(cri exec "$cid" '["id"]' 2>&1)" '^uid=65534\(nobody\) gid=65534'
  # runc exec installs the container's seccomp filter (a process file
  # carries none), so ptrace(PTRACE_TRACEME), which needs no capability,
  # is as the first process found it.
  out=$(cri exec "$cid" '["probe", "ptrace"]' 2>&1)
  expect_eq "$ns: ExecSync: ptrace(PTRACE_TRACEME) follows the container's filter" "$out" "$want_ptrace"

  # The audit trail: clamp's create decisions for the sandbox and the
  # container, with the exemptions that applied.
  expect_eq "$ns: audit trail: sandbox create" "$(audit_create "$sid")" "allowed $want_exemptions"
  expect_eq "$ns: audit trail: container create" "$(audit_create "$cid")" "allowed $want_exemptions"

  # A container that clamp refuses: containerd's socket bound in, even
  # read-only (mounts.engine-socket). The refusal reaches the CRI caller.
  if [ "$ns" = default ]; then
    local bad
    bad=$(cri create "$sid" "$name" "$ns" "/$CG_PARENT" sock "$IMAGE" '["true"]' "" \
      "$SOCK:/run/containerd/containerd.sock" 2>&1)
    if [[ $bad =~ ^[0-9a-f]{64}$ ]]; then
      out=$(cri start "$bad" 2>&1)
      expect_match "$ns: StartContainer of a container with containerd's socket is refused by clamp" \
        "$out" 'OCI runtime create failed: clamp: mounts\[[0-9]+\]'
      expect_eq "$ns: audit trail: that create was refused" "$(audit_create "$bad" | cut -d' ' -f1)" refused
      out=$(cri remove-container "$bad" 2>&1)
      check "$ns: RemoveContainer of the refused container" test $? = 0 || tap_diag "$out"
    else
      tap_not_ok "$ns: CreateContainer with containerd's socket"
      tap_diag "$bad"
    fi
  fi

  out=$(cri stop-container "$cid" 2>&1)
  check "$ns: StopContainer" test $? = 0 || tap_diag "$out"
  out=$(cri remove-container "$cid" 2>&1)
  check "$ns: RemoveContainer" test $? = 0 || tap_diag "$out"
  out=$({ cri stop-pod "$sid" && cri remove-pod "$sid"; } 2>&1)
  check "$ns: StopPodSandbox and RemovePodSandbox" test $? = 0 || tap_diag "$out"
  check "$ns: no runc container left" test -z "$("$RUNC" --root "$RUNC_ROOT/k8s.io" list -q 2>/dev/null)"
}

pod default $NBS EPERM -
pod debug $PTRACE_NBS ok "debug namespace"

# clamp ran with the environment containerd was started with.
check "clamp's seccomp cache is in the test's directory (CLAMP_SECCOMP_CACHE reached it)" \
  test -n "$(ls -A "$T/seccomp-cache" 2>/dev/null)"

# --- An unknown handler is refused by containerd (the RuntimeClass must
# name a configured runtime). ---
out=$(cri run-pod clamp-none default no-such-handler "/$CG_PARENT" 2>&1)
expect_match "an unknown runtime_handler is refused" "$out" 'no-such-handler'

tap_done
[ "$TAP_FAILED" = 0 ]
