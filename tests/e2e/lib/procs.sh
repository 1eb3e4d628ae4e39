# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
# Process helpers the engine set-ups share (sourced by lib/dockerd.sh,
# lib/containerd.sh, lib/podman.sh and run-cri.sh): a test ends only the
# processes it started, found by their pid.

# pids_naming DIR [PID...]: the processes, other than this shell and the
# PIDs given, whose argv names DIR/ (re-parented shims, conmon, ...).
pids_naming() {
  local dir=$1 p cmd
  shift
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    [ "$p" = $$ ] || [ "$p" = "$BASHPID" ] && continue
    case " $* " in *" $p "*) continue ;; esac
    cmd=$(tr '\0' ' ' 2>/dev/null <"/proc/$p/cmdline") || continue
    case $cmd in *"$dir/"*) echo "$p" ;; esac
  done
}

# wait_gone PID SECONDS: true once PID has exited, false after SECONDS.
wait_gone() {
  local pid=$1 n=$(($2 * 10))
  while [ "$n" -gt 0 ] && kill -0 "$pid" 2>/dev/null; do
    sleep 0.1
    n=$((n - 1))
  done
  ! kill -0 "$pid" 2>/dev/null
}
