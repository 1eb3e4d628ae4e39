#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# install-policy.sh POLICY: put the default policy at /etc/clamp/policy.json
# (0644, in a 0755 /etc/clamp) unless the operator already has one there:
# their edits are kept, and so is anything else at that name (a symlink,
# even a dangling one, is never followed or replaced). meson install runs
# it (profiles/meson.build); under DESTDIR it installs below DESTDIR, so
# `meson install --destdir DIR` touches nothing outside DIR. The same file
# is also installed under share/clamp for reference.
#
# /etc, not the prefix's sysconfdir: /etc/clamp/policy.json is where clamp
# and clampctl look (CLAMP_POLICY_PATH), whatever the prefix.
set -eu
src=${1:?usage: install-policy.sh POLICY}
dir="${DESTDIR:-}/etc/clamp"
dest="$dir/policy.json"
say() { [ -n "${MESON_INSTALL_QUIET:-}" ] || echo "$@"; }
if [ -e "$dest" ] || [ -L "$dest" ]; then
  say "clamp: keeping the existing $dest"
  exit 0
fi
# An existing /etc/clamp keeps its mode.
[ -d "$dir" ] || install -d -m 0755 "$dir"
install -m 0644 "$src" "$dest"
say "Installing $src to $dest"
