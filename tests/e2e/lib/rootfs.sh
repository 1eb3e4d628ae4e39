# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
# build_rootfs DIR: a minimal root filesystem from Debian's busybox-static:
# /bin/busybox with a symlink per applet, the usual top-level directories
# (/tmp sticky and world-writable, as images ship it: runc gives a tmpfs the
# mode of the directory it covers), and passwd/group with root and nobody.
#
# The binary must be the static one: the rootfs has no libc, so a dynamic
# busybox (Debian's plain `busybox` package) would fail with ENOENT at exec.
# Prints nothing on success; on failure says why on stderr and returns 1.

# Applets the tests and fixture scripts rely on; a busybox without one of
# them is refused rather than discovered later inside a container.
CLAMP_ROOTFS_APPLETS='sh id cat grep ls echo sleep mkdir cp chmod nc true false env touch head tr wc test [ ps kill rm mount unshare'

# The busybox-static binary: the package's own file first, then PATH.
_rootfs_busybox() {
  local p
  for p in $(dpkg-query -L busybox-static 2>/dev/null | grep -E '/s?bin/busybox$'); do
    [ -x "$p" ] && { echo "$p"; return 0; }
  done
  command -v busybox
}

build_rootfs() {
  local d=${1:?build_rootfs DIR} bb a applets
  bb=$(_rootfs_busybox) || {
    echo "build_rootfs: busybox-static is not installed (apt-get install busybox-static)" >&2
    return 1
  }
  # file(1) is optional; without it the check is skipped.
  if command -v file >/dev/null && ! file -L "$bb" | grep -q 'statically linked'; then
    echo "build_rootfs: $bb is not statically linked (install busybox-static)" >&2
    return 1
  fi
  applets=$("$bb" --list) || { echo "build_rootfs: $bb --list failed" >&2; return 1; }
  for a in $CLAMP_ROOTFS_APPLETS; do
    printf '%s\n' "$applets" | grep -qxF -- "$a" || {
      echo "build_rootfs: $bb has no '$a' applet" >&2
      return 1
    }
  done
  mkdir -p "$d"/bin "$d"/proc "$d"/sys "$d"/dev "$d"/tmp "$d"/run "$d"/etc "$d"/root \
    "$d"/home "$d"/mnt "$d"/var || return 1
  chmod 1777 "$d/tmp"
  cp "$bb" "$d/bin/busybox" || return 1
  for a in $applets; do
    [ -e "$d/bin/$a" ] || [ -L "$d/bin/$a" ] || ln -s busybox "$d/bin/$a" || return 1
  done
  printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
    'nobody:x:65534:65534:nobody:/nonexistent:/bin/false' >"$d/etc/passwd"
  # Debian calls gid 65534 "nogroup"; both names resolve to it, "nobody" first.
  printf '%s\n' 'root:x:0:' 'nobody:x:65534:' 'nogroup:x:65534:' >"$d/etc/group"
}
