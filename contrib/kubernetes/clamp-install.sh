#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# clamp-install.sh: the init container of clamp-installer.yaml. It copies
# clamp, its policy and the containerd snippet from the image (SRC, default
# /clamp) onto the node (HOST, default /host, where the DaemonSet mounts the
# node's /usr/local/bin, /etc/clamp and /etc/containerd), then restarts
# containerd if the snippet is new or changed.
#
#   $SRC/clamp               the clamp binary (static, as meson builds it)
#   $SRC/policy.json         -> $HOST/etc/clamp/policy.json
#   $SRC/containerd-1.x.toml -> $HOST/etc/containerd/conf.d/clamp.toml
#   $SRC/containerd-2.x.toml    (2.x when config.toml says version = 3)
#
# Assumptions (the installer checks them and stops with a message):
# - containerd reads /etc/containerd/config.toml, and that file has
#   imports = ["/etc/containerd/conf.d/*.toml"]
#   (the installer does not edit the node's config.toml);
# - runc is installed on the node (clamp --version runs it);
# - containerd runs as the systemd unit "containerd" (RESTART_CONTAINERD=false
#   leaves the restart to you).
# Files are replaced atomically (write, then rename), so a container
# starting meanwhile sees the old or the new clamp, never half of one.
set -eu

SRC=${SRC:-/clamp}
HOST=${HOST:-/host}
RESTART_CONTAINERD=${RESTART_CONTAINERD:-true}

say() { echo "clamp-install: $*"; }
die() {
  echo "clamp-install: $*" >&2
  exit 1
}

# put FROM TO MODE: replace TO atomically; prints "changed" when it did.
put() {
  if [ -f "$2" ] && cmp -s "$1" "$2"; then
    return 0
  fi
  mkdir -p "$(dirname "$2")"
  cp "$1" "$2.clamp-new"
  chmod "$3" "$2.clamp-new"
  mv -f "$2.clamp-new" "$2"
  echo changed
}

conf=$HOST/etc/containerd/config.toml
[ -f "$conf" ] || die "$conf not found (is the node's /etc/containerd mounted at $HOST/etc/containerd?)"
grep -Eq '^[[:space:]]*imports[[:space:]]*=.*/etc/containerd/conf\.d/\*\.toml' "$conf" ||
  die "$conf does not import /etc/containerd/conf.d/*.toml; add imports = [\"/etc/containerd/conf.d/*.toml\"] at its top"
if grep -Eq '^[[:space:]]*version[[:space:]]*=[[:space:]]*3' "$conf"; then
  snippet=$SRC/containerd-2.x.toml
else
  snippet=$SRC/containerd-1.x.toml
fi

put "$SRC/clamp" "$HOST/usr/local/bin/clamp" 0755 >/dev/null
say "installed /usr/local/bin/clamp"
put "$SRC/policy.json" "$HOST/etc/clamp/policy.json" 0644 >/dev/null
say "installed /etc/clamp/policy.json"
changed=$(put "$snippet" "$HOST/etc/containerd/conf.d/clamp.toml" 0644)
say "installed /etc/containerd/conf.d/clamp.toml from $(basename "$snippet")"

if [ -z "$changed" ]; then
  say "containerd already has the clamp handler"
elif [ "$RESTART_CONTAINERD" = true ]; then
  # Running containers keep running: their shims outlive containerd.
  nsenter --target 1 --mount --uts --ipc --net --pid -- /usr/local/bin/clamp --version >/dev/null ||
    die "clamp --version fails on the node (is runc installed?)"
  if ! nsenter --target 1 --mount --uts --ipc --net --pid -- systemctl restart containerd; then
    # Without the restart the handler is not registered: take the snippet
    # back so that the next run tries again.
    rm -f "$HOST/etc/containerd/conf.d/clamp.toml"
    die "could not restart containerd"
  fi
  say "restarted containerd"
else
  say "restart containerd to register the clamp handler"
fi
