#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end: Docker (dockerd 20.10 from docker.io) with clamp as its runtime.
#
# A private containerd + dockerd (tests/e2e/lib/dockerd.sh) under the test's
# temp directory, first with `--add-runtime clamp=$CLAMP`, then restarted
# with a daemon.json that makes clamp the default runtime with
# runtimeArgs. The image is `docker import` of the busybox-static rootfs;
# no registry, --network none. Checks from inside the containers that
# `docker run --runtime clamp` is hardened, that escalations are clamped,
# that --pid host and a docker.sock bind are refused with clamp's message,
# that exec is clamped and that the lifecycle commands work unchanged.
# The daemons get CLAMP_POLICY (audit log in the temp dir) and
# CLAMP_SECCOMP_CACHE in their environment; containerd's shims pass it on
# to clamp.
# shellcheck disable=SC2016 # container commands are single-quoted on purpose
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$E2E_DIR/lib.sh"
# shellcheck source=lib/dockerd.sh
source "$E2E_DIR/lib/dockerd.sh"
require_root
: "${CLAMP:?CLAMP must name the built clamp}"
for c in dockerd containerd runc tar python3 findmnt; do
  command -v "$c" >/dev/null || { echo "Bail out! $c is not installed (tools/deps.txt: docker.io, containerd, runc)"; exit 1; }
done

e2e_setup
docker_cleanup() {
  local rc=$?
  dockerd_teardown
  e2e_cleanup
  exit "$rc"
}
trap docker_cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM HUP

D=$E2E_TMP/d
CG=clamp-e2e-docker-$$
IMG=clamp-e2e-busybox:latest
CREATES=0 # runtime creates the test caused (each is one audit line)
REFUSED=0

bail() {
  echo "Bail out! $*"
  tail -n 20 "$D/log/dockerd.log" 2>/dev/null | sed 's/^/# /'
  exit 1
}

# What the hardening looks like from inside: uid, gid and the status fields.
PROBE_SH='echo "uid=$(id -u) gid=$(id -g) $(grep -E "^(CapInh|CapPrm|CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):" /proc/self/status | tr -d "\t" | tr "\n" " ")"'
HARDENED="uid=65534 gid=65534 CapInh:0000000000000400 CapPrm:0000000000000400 CapEff:0000000000000400 CapBnd:0000000000000400 CapAmb:0000000000000400 NoNewPrivs:1 Seccomp:2 "

# run_clamp ARGS...: docker run --rm through clamp (one create).
# Sets out (stdout and stderr) and rc.
run_clamp() {
  CREATES=$((CREATES + 1))
  out=$(dk run --rm --network none --runtime clamp "$@" 2>&1)
  rc=$?
}

state_of() { dk inspect --format '{{.State.Status}}' "$1" 2>&1; }

# wait_for SECONDS CMD...: until CMD succeeds (the machine is shared and slow).
wait_for() {
  local n=$(($1 * 10))
  shift
  until "$@"; do
    n=$((n - 1))
    [ "$n" -gt 0 ] || return 1
    sleep 0.1
  done
}
logs_have() { [ "$(dk logs "$1" 2>&1 | tr '\n' ' ')" = "$2" ]; }

# container_log ID: the runtime log (--log) the shim gives runc, in the bundle.
container_log() {
  local id
  id=$(dk inspect --format '{{.Id}}' "$1") || return 1
  cat "$D/ctrd/state/io.containerd.runtime.v2.task/moby/$id/log.json"
}

# ------------------------------------------------ dockerd --add-runtime

mkdir -p "$D"
dockerd_start "$D" "$CG" --add-runtime "clamp=$CLAMP" || bail "dockerd did not start"
tap_ok "private dockerd started with --add-runtime clamp=<built clamp>"
expect_match "docker info lists the clamp runtime" \
  "$(dk info --format '{{json .Runtimes}}' 2>&1)" "\"clamp\":\\{\"path\":\"$CLAMP\""

build_rootfs "$E2E_TMP/rootfs" || bail "cannot build the rootfs"
tar -C "$E2E_TMP/rootfs" --numeric-owner -cf "$E2E_TMP/rootfs.tar" . || bail "cannot tar the rootfs"
dk import "$E2E_TMP/rootfs.tar" "$IMG" >/dev/null 2>&1 || bail "docker import failed"
tap_ok "docker import of the busybox-static rootfs"

# -- hardening of a plain `docker run --runtime clamp`
run_clamp "$IMG" id
expect_eq "docker run --runtime clamp: id shows the policy's uid" "$out" "uid=65534(nobody) gid=65534(nobody)"
run_clamp "$IMG" cat /proc/self/status
for f in CapInh CapPrm CapEff CapBnd CapAmb; do
  expect_eq "docker run --runtime clamp: $f is CAP_NET_BIND_SERVICE only" "$(status_field "$f" "$out")" 0000000000000400
done
expect_eq "docker run --runtime clamp: NoNewPrivs 1" "$(status_field NoNewPrivs "$out")" 1
expect_eq "docker run --runtime clamp: Seccomp 2 (filter)" "$(status_field Seccomp "$out")" 2
run_clamp "$IMG" sh -c 'touch /x 2>&1; echo "rc=$?"'
expect_match "docker run --runtime clamp: the root filesystem is read-only" "$out" "Read-only file system"
run_clamp "$IMG" sh -c 'grep " / " /proc/self/mountinfo | cut -d" " -f5,6'
expect_match "docker run --runtime clamp: / is mounted ro" "$out" '^/ ro(,|$)'
run_clamp "$IMG" sh -c 'awk "\$5 == \"/tmp\" { print \$6, \$9 }" /proc/self/mountinfo'
expect_match "docker run --runtime clamp: /tmp is a noexec tmpfs" "$out" '^rw,(.*,)?noexec(,.*)? tmpfs$'
run_clamp "$IMG" sh -c 'exec 2>&1; echo hi >/tmp/f && cat /tmp/f && cp /bin/busybox /tmp/bb && /tmp/bb true; echo "rc=$?"'
expect_eq "docker run --runtime clamp: /tmp is writable but cannot run binaries" "$out" \
  "$(printf 'hi\nsh: /tmp/bb: Permission denied\nrc=126')"

# -- escalations that end up clamped (checked from inside)
run_clamp --privileged "$IMG" sh -c "$PROBE_SH"
expect_eq "--privileged starts through clamp and is clamped" "$out" "$HARDENED"
run_clamp --privileged "$IMG" sh -c 'ls /dev | tr "\n" " "; echo; touch /sys/x 2>&1 | grep -c "Read-only"; touch /y 2>&1 | grep -c "Read-only"'
expect_eq "--privileged: only the standard device nodes, /sys and / read-only" "$out" \
  "$(printf 'fd full mqueue null ptmx pts random shm stderr stdin stdout tty urandom zero \n1\n1')"
run_clamp --cap-add ALL "$IMG" sh -c "$PROBE_SH"
expect_eq "--cap-add ALL is clamped" "$out" "$HARDENED"
run_clamp -u 0 "$IMG" sh -c "$PROBE_SH"
expect_eq "-u 0 is clamped" "$out" "$HARDENED"
run_clamp -u 0:0 --cap-add ALL --security-opt seccomp=unconfined "$IMG" sh -c "$PROBE_SH"
expect_eq "-u 0:0 --cap-add ALL --security-opt seccomp=unconfined together are clamped" "$out" "$HARDENED"
run_clamp --security-opt seccomp=unconfined "$IMG" sh -c "$PROBE_SH"
expect_eq "--security-opt seccomp=unconfined is clamped (Seccomp 2)" "$out" "$HARDENED"

# -- refusals: what docker run prints names clamp, the rule and the reason
run_clamp --pid host "$IMG" true
REFUSED=$((REFUSED + 1))
check "--pid host is refused (docker run exits 125)" [ "$rc" = 125 ]
expect_eq "--pid host: docker run prints clamp's refusal" "$(printf '%s\n' "$out" | grep '^docker: ')" \
  "docker: Error response from daemon: failed to create shim task: OCI runtime create failed: clamp: linux.namespaces: denied by ns.host-pid (CIS 5.16; Pod Security baseline: hostPID): no pid namespace of its own: the host's processes would be visible and could be signalled: unknown."
# The private dockerd's own socket, named docker.sock: the bind source exists.
run_clamp -v "$D/docker.sock:/var/run/docker.sock" "$IMG" true
REFUSED=$((REFUSED + 1))
check "-v .../docker.sock:/var/run/docker.sock is refused (docker run exits 125)" [ "$rc" = 125 ]
expect_eq "docker.sock bind: docker run prints clamp's refusal" "$(printf '%s\n' "$out" | grep '^docker: ')" \
  "docker: Error response from daemon: failed to create shim task: OCI runtime create failed: clamp: mounts[10].source: denied by mounts.engine-socket (CIS 5.32: container engine sockets are not mounted): a container engine's socket gives control of the host (even read-only): unknown."
check "nothing is left behind after a refusal (docker ps -a is empty)" [ -z "$(dk ps -aq)" ]

# -- lifecycle: -d with a long-running process, exec, logs, pause, update, restart, stop
LC=clamp-e2e-lc-$$
CREATES=$((CREATES + 1))
dk run -d --name "$LC" --network none --runtime clamp "$IMG" \
  sh -c 'echo started; trap "echo bye; exit 0" TERM; while :; do sleep 1; done' >/dev/null 2>&1
wait_for 20 logs_have "$LC" "started "
expect_eq "docker run -d: a long-running container is running" "$(state_of "$LC")" running
expect_eq "docker logs shows its output" "$(dk logs "$LC" 2>&1)" started
out=$(dk exec "$LC" sh -c "$PROBE_SH" 2>&1)
expect_eq "docker exec runs non-root with the allowlist only" "$out" "$HARDENED"
out=$(dk exec -u 0 --privileged "$LC" sh -c "$PROBE_SH" 2>&1)
expect_eq "docker exec -u 0 --privileged runs non-root with the allowlist only" "$out" "$HARDENED"
out=$(container_log "$LC")
check "without runtimeArgs, clamp writes no debug lines to the runtime log" \
  [ "$(printf '%s\n' "$out" | grep -c '"level":"debug","msg":"clamp: ')" = 0 ]
expect_match "clamp's changes are in the runtime log at info" "$out" \
  '"level":"info","msg":"clamp: user.nonroot: process.user.uid: 0 -> 65534'
dk pause "$LC" >/dev/null 2>&1
expect_eq "docker pause" "$(state_of "$LC")" paused
dk unpause "$LC" >/dev/null 2>&1
expect_eq "docker unpause" "$(state_of "$LC")" running
expect_eq "the default pids limit is the policy's" "$(dk exec "$LC" cat /sys/fs/cgroup/pids/pids.max 2>&1)" 4096
dk update --pids-limit 100 "$LC" >/dev/null 2>&1
expect_eq "docker update --pids-limit 100" "$(dk exec "$LC" cat /sys/fs/cgroup/pids/pids.max 2>&1)" 100
dk update --pids-limit -1 "$LC" >/dev/null 2>&1
expect_eq "docker update --pids-limit -1 (unlimited) is clamped to the policy's maximum" \
  "$(dk exec "$LC" cat /sys/fs/cgroup/pids/pids.max 2>&1)" 4096
before=$(dk inspect --format '{{.State.StartedAt}}' "$LC")
CREATES=$((CREATES + 1))
dk restart -t 5 "$LC" >/dev/null 2>&1
wait_for 20 logs_have "$LC" "started bye started "
after=$(dk inspect --format '{{.State.StartedAt}}' "$LC")
[ "$before" != "$after" ] && restarted=new-start || restarted="same StartedAt $after"
expect_eq "docker restart: started again" "$(state_of "$LC") $restarted" "running new-start"
expect_eq "docker restart: still hardened" "$(dk exec "$LC" sh -c "$PROBE_SH" 2>&1)" "$HARDENED"
dk stop -t 5 "$LC" >/dev/null 2>&1
expect_eq "docker stop: exited with its TERM handler's status" \
  "$(dk inspect --format '{{.State.Status}} {{.State.ExitCode}}' "$LC" 2>&1)" "exited 0"
expect_match "docker logs after stop" "$(dk logs "$LC" 2>&1 | tr '\n' ' ')" "^started bye started bye $"
dk rm "$LC" >/dev/null 2>&1
check "docker rm" [ -z "$(dk ps -aq --filter "name=$LC")" ]

KC=clamp-e2e-kill-$$
CREATES=$((CREATES + 1))
dk run -d --name "$KC" --network none --runtime clamp "$IMG" sleep 1000 >/dev/null 2>&1
dk kill "$KC" >/dev/null 2>&1
expect_eq "docker kill" "$(dk inspect --format '{{.State.Status}} {{.State.ExitCode}}' "$KC" 2>&1)" "exited 137"
dk rm "$KC" >/dev/null 2>&1

# (runc 1.1 gives a tmpfs the mode of the directory it covers: /tmp is 1777.)
run_clamp --read-only --tmpfs /tmp:rw,size=1m "$IMG" \
  sh -c 'exec 2>&1; touch /tmp/x && echo ok; touch /y; awk "\$5 == \"/tmp\" { print \$6, \$NF }" /proc/self/mountinfo'
expect_eq "--read-only --tmpfs /tmp: writable noexec tmpfs of 1m, read-only root" "$out" \
  "$(printf 'ok\ntouch: /y: Read-only file system\nrw,nosuid,nodev,noexec,relatime rw,size=1024k')"

# ------------------------------- daemon.json: default runtime, runtimeArgs

dockerd_stop
# contrib/docker/daemon.json, with the built clamp for the installed one,
# made the default runtime and given runtimeArgs.
python3 - "$E2E_DIR/../../contrib/docker/daemon.json" "$D/docker/daemon.json" "$D/docker/key.json" "$CLAMP" <<'PY' ||
import json, sys
c = json.load(open(sys.argv[1]))
assert c["runtimes"]["clamp"]["path"] == "/usr/local/bin/clamp", c
c["runtimes"]["clamp"]["path"] = sys.argv[4]
c["runtimes"]["clamp"]["runtimeArgs"] = ["--debug"]
c["default-runtime"] = "clamp"
c["deprecated-key-path"] = sys.argv[3]
json.dump(c, open(sys.argv[2], "w"), indent=2)
PY
  bail "cannot write daemon.json from contrib/docker/daemon.json"
dockerd_start "$D" "$CG" --config-file "$D/docker/daemon.json" || bail "dockerd did not start with daemon.json"
tap_ok "dockerd restarted with daemon.json (default-runtime clamp, runtimeArgs --debug)"
expect_eq "docker info: the default runtime is clamp" "$(dk info --format '{{.DefaultRuntime}}' 2>&1)" clamp

CREATES=$((CREATES + 1))
out=$(dk run --rm --network none "$IMG" sh -c "$PROBE_SH" 2>&1)
expect_eq "docker run without --runtime is hardened" "$out" "$HARDENED"
out=$(dk run --rm --network none --runtime runc "$IMG" id -u 2>&1)
expect_eq "--runtime runc still picks plain runc" "$out" 0

DC=clamp-e2e-debug-$$
CREATES=$((CREATES + 1))
dk run -d --name "$DC" --network none "$IMG" sleep 1000 >/dev/null 2>&1
expect_eq "default runtime: exec is clamped" "$(dk exec -u 0 "$DC" sh -c "$PROBE_SH" 2>&1)" "$HARDENED"
out=$(container_log "$DC")
expect_match "runtimeArgs reach clamp: --debug shows clamp's exec findings at debug level" "$out" \
  '"level":"debug","msg":"clamp: user.nonroot: user.uid: 0 -> 65534'
run_clamp --pid host "$IMG" true
REFUSED=$((REFUSED + 1))
expect_match "default runtime: --pid host is refused" "$out" "OCI runtime create failed: clamp: linux.namespaces: denied by ns.host-pid"
dk rm -f "$DC" >/dev/null 2>&1

# ------------------------------------------------------------ audit trail

expect_eq "the audit log has one line per create" \
  "$(grep -c '"command":"create"' "$E2E_TMP/audit.log" 2>&1)" "$CREATES"
expect_eq "... of which the refused ones say so" \
  "$(grep '"command":"create"' "$E2E_TMP/audit.log" | grep -c '"decision":"refused"')" "$REFUSED"
check "the audit log names the test's policy" \
  [ "$(grep -c "\"source\":\"$E2E_TMP/policy.json\"" "$E2E_TMP/audit.log")" = "$(wc -l <"$E2E_TMP/audit.log")" ]

tap_done
