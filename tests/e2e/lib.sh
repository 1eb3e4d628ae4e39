# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
# Shared helpers for the end-to-end tests: TAP output, a private state
# root, busybox bundles, and cleanup of exactly what a test started.
#
# Environment (set by meson): CLAMP (the built shim), PROBE (static probe),
# E2E_DIR (this directory).

set -u

TAP_N=0
TAP_FAILED=0
E2E_TMP=
E2E_CONTAINERS=()

tap_ok() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $*"; }
tap_not_ok() { TAP_N=$((TAP_N + 1)); TAP_FAILED=$((TAP_FAILED + 1)); echo "not ok $TAP_N - $*"; }
tap_diag() { printf '%s\n' "$@" | sed 's/^/# /'; }
# The plan, after one last check: the suite wrote no line to the host's
# audit trail (every policy it uses logs into $E2E_TMP, see write_policy).
tap_done() {
  if [ -n "${E2E_HOST_AUDIT+x}" ]; then
    expect_eq "the host's audit log was left alone" "$(host_audit_stamp)" "$E2E_HOST_AUDIT"
  fi
  echo "1..$TAP_N"
}
host_audit_stamp() { stat -c '%s %Y' /var/log/clamp/audit.log 2>/dev/null || echo none; }

# check DESC CMD...: one test point from a command's status.
check() {
  local desc=$1
  shift
  if "$@"; then tap_ok "$desc"; else tap_not_ok "$desc"; fi
}

# expect_eq DESC GOT WANT
expect_eq() {
  if [ "$2" = "$3" ]; then
    tap_ok "$1"
  else
    tap_not_ok "$1"
    tap_diag "got:  $2" "want: $3"
  fi
}

# expect_match DESC TEXT REGEX
expect_match() {
  if printf '%s' "$2" | grep -Eq -- "$3"; then
    tap_ok "$1"
  else
    tap_not_ok "$1"
    tap_diag "text: $2" "does not match: $3"
  fi
}

skip_all() {
  echo "1..0 # SKIP $*"
  exit 0
}

require_root() {
  [ "$(id -u)" = 0 ] || skip_all "end-to-end tests run as root"
}

# A private directory for state and bundles; removed on exit together with
# every container the test created (by id, in its own runtime root).
# The built-in policy, except that the audit trail goes to $E2E_TMP/audit.log
# instead of the host's /var/log/clamp.
e2e_setup() {
  E2E_TMP=$(mktemp -d /tmp/clamp-e2e.XXXXXX)
  export CLAMP_SECCOMP_CACHE="$E2E_TMP/seccomp-cache"
  trap e2e_cleanup EXIT
  E2E_HOST_AUDIT=$(host_audit_stamp)
  write_policy "$E2E_TMP/policy.json" '{"version": 1}'
  export CLAMP_POLICY="$E2E_TMP/policy.json"
}

# write_policy FILE JSON: a policy file (mode 0644) for CLAMP_POLICY; the
# audit log is $E2E_TMP/audit.log unless JSON has an "audit" section.
write_policy() {
  python3 - "$1" "$2" "$E2E_TMP/audit.log" <<'PY'
import json, sys
p = json.loads(sys.argv[2])
p.setdefault("audit", {"log": sys.argv[3]})
with open(sys.argv[1], "w") as f:
    json.dump(p, f)
PY
  chmod 644 "$1"
}

e2e_cleanup() {
  local id rt root
  for entry in "${E2E_CONTAINERS[@]}"; do
    rt=${entry%%:*}
    id=${entry#*:}
    root=$E2E_TMP/state-$(basename "$rt")
    "$rt" --root "$root" delete -f "$id" >/dev/null 2>&1 || true
  done
  [ -n "$E2E_TMP" ] && rm -rf "$E2E_TMP"
}

# Remember a container so cleanup deletes it: track RUNTIME ID
track() { E2E_CONTAINERS+=("$1:$2"); }

# make_bundle DIR ARGS_JSON: a runc-spec bundle with a busybox rootfs, the
# probe, a non-terminal process and the given args.
make_bundle() {
  local dir=$1 args=$2
  mkdir -p "$dir"
  if [ ! -d "$E2E_TMP/rootfs" ]; then
    build_rootfs "$E2E_TMP/rootfs" >/dev/null
    cp "$PROBE" "$E2E_TMP/rootfs/bin/probe"
  fi
  cp -a "$E2E_TMP/rootfs" "$dir/rootfs"
  (cd "$dir" && runc spec)
  python3 - "$dir/config.json" "$args" <<'EOF'
import json, sys
path, args = sys.argv[1], json.loads(sys.argv[2])
c = json.load(open(path))
c["process"]["terminal"] = False
c["process"]["args"] = args
json.dump(c, open(path, "w"), indent=2)
EOF
}

# edit_config FILE PYTHON: run a Python snippet with `c` bound to the
# parsed config, then write it back.
edit_config() {
  python3 - "$1" "$2" <<'EOF'
import json, sys
path = sys.argv[1]
c = json.load(open(path))
exec(sys.argv[2])
json.dump(c, open(path, "w"), indent=2)
EOF
}

# Hex capability mask of /proc/self/status field NAME in TEXT.
status_field() { printf '%s\n' "$2" | awk -v f="$1:" '$1 == f { print $2 }'; }

source "${E2E_DIR:-$(dirname "$0")}/lib/rootfs.sh"
