# shellcheck shell=bash
# SPDX-License-Identifier: Apache-2.0
# build_rootfs DIR: a minimal root filesystem from Debian's busybox-static:
# /bin/busybox with a symlink per applet, the usual top-level directories
# (/tmp sticky and world-writable, as images ship it: runc gives a tmpfs the
# mode of the directory it covers), and passwd/group with root and nobody.
build_rootfs() {
  local d=$1 bb a
  bb=$(command -v busybox) || { echo "busybox-static is not installed" >&2; return 1; }
  mkdir -p "$d"/bin "$d"/proc "$d"/sys "$d"/dev "$d"/tmp "$d"/run "$d"/etc "$d"/root \
    "$d"/home "$d"/mnt "$d"/var
  chmod 1777 "$d/tmp"
  cp "$bb" "$d/bin/busybox"
  for a in $("$d/bin/busybox" --list); do
    [ -e "$d/bin/$a" ] || ln -s busybox "$d/bin/$a"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$d/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$d/etc/group"
}
