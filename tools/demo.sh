#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# Run one container through clamp and show what clamp changed and why.
# The bundle starts as an engine would write it for `docker run busybox`:
# root, Docker's 14 default capabilities, a writable root filesystem,
# no-new-privileges off, no seccomp profile.
set -eu
cd "$(dirname "$0")/.."
CLAMP=${CLAMP:-$PWD/build/src/clamp}
[ "$(id -u)" = 0 ] || { echo "the demo starts a container: run it as root" >&2; exit 1; }
[ -x "$CLAMP" ] || { echo "build clamp first (meson setup build && ninja -C build)" >&2; exit 1; }

tmp=$(mktemp -d /tmp/clamp-demo.XXXXXX)
cleanup() {
  runc --root "$tmp/state" delete -f demo >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT

source tests/e2e/lib/rootfs.sh
build_rootfs "$tmp/bundle/rootfs" >/dev/null
(cd "$tmp/bundle" && runc spec)
python3 - "$tmp/bundle/config.json" <<'PY'
import json, sys
p = sys.argv[1]
c = json.load(open(p))
docker_caps = ["CAP_CHOWN", "CAP_DAC_OVERRIDE", "CAP_FSETID", "CAP_FOWNER", "CAP_MKNOD",
               "CAP_NET_RAW", "CAP_SETGID", "CAP_SETUID", "CAP_SETFCAP", "CAP_SETPCAP",
               "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT", "CAP_KILL", "CAP_AUDIT_WRITE"]
c["process"]["terminal"] = False
c["process"]["args"] = ["/bin/sh", "-c",
    "echo \"id:           $(id)\"; "
    "grep -E '^(CapEff|CapBnd|CapAmb|NoNewPrivs|Seccomp):' /proc/self/status | sed 's/^/status:       /'; "
    "touch /hello 2>/dev/null && echo 'write /:      allowed' || echo 'write /:      refused (read-only root)'; "
    "touch /tmp/hello && echo 'write /tmp:   allowed (tmpfs)'; "
    "cp /bin/busybox /tmp/bb; /tmp/bb true 2>/dev/null && echo 'exec /tmp:    allowed' || echo 'exec /tmp:    refused (noexec)'; "
    "unshare -r true 2>/dev/null && echo 'unshare:      allowed' || echo 'unshare:      refused (seccomp)'"]
c["process"]["noNewPrivileges"] = False
c["process"]["capabilities"] = {k: docker_caps for k in ("bounding", "effective", "permitted")}
c["root"]["readonly"] = False
json.dump(c, open(p, "w"), indent=2)
PY
cp "$tmp/bundle/config.json" "$tmp/before.json"

echo "clamp demo: a busybox container, configured as 'docker run' would, started through clamp"
echo
"$CLAMP" --root "$tmp/state" --log "$tmp/clamp.log" run --bundle "$tmp/bundle" demo | sed 's/^/  /'
echo
echo "What changed in config.json:"
python3 - "$tmp/before.json" "$tmp/bundle/config.json" <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:])
def get(c, path):
    for k in path:
        c = c.get(k) if isinstance(c, dict) else None
    return c
def caps(c):
    s = get(c, ["process", "capabilities", "bounding"]) or []
    return ", ".join(x.replace("CAP_", "") for x in s) or "(none)"
def mounts(c):
    return ", ".join(m["destination"] + " " + ",".join(o for o in m.get("options", []) if o in ("nosuid", "nodev", "noexec"))
                     for m in c.get("mounts", []) if m.get("type") == "tmpfs" and m["destination"] in ("/tmp", "/run")) or "(none)"
def seccomp(c):
    s = get(c, ["linux", "seccomp"])
    if not s:
        return "(none)"
    n = sum(len(r.get("names", [])) for r in s.get("syscalls", []) if r.get("action") == "SCMP_ACT_ALLOW")
    return "%s, %d syscalls allowed" % (s.get("defaultAction"), n)
rows = [
    ("process.user", lambda c: "%s:%s" % (get(c, ["process", "user", "uid"]), get(c, ["process", "user", "gid"]))),
    ("capabilities", caps),
    ("ambient caps", lambda c: ", ".join(x.replace("CAP_", "") for x in get(c, ["process", "capabilities", "ambient"]) or []) or "(none)"),
    ("root.readonly", lambda c: str(get(c, ["root", "readonly"])).lower()),
    ("noNewPrivileges", lambda c: str(get(c, ["process", "noNewPrivileges"])).lower()),
    ("tmpfs /tmp, /run", mounts),
    ("linux.seccomp", seccomp),
]
w = max(len(r[0]) for r in rows)
print("  %-*s  %-40s  %s" % (w, "field", "before", "after"))
for name, f in rows:
    before, after = f(a), f(b)
    if len(before) > 40:
        before = before[:37] + "..."
    print("  %-*s  %-40s  %s" % (w, name, before, after))
PY
echo
echo "Why (clamp's log, as the engine would show it):"
sed 's/^/  /' "$tmp/clamp.log"
