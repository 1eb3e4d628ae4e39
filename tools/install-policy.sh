#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# meson install: put the default policy at /etc/clamp/policy.json unless
# the operator already has one there (their edits are kept). The same file
# is also installed under share/clamp for reference.
set -eu
src=$1
dest="${DESTDIR:-}/etc/clamp/policy.json"
if [ -e "$dest" ]; then
  echo "clamp: keeping the existing $dest"
  exit 0
fi
install -D -m 0644 "$src" "$dest"
