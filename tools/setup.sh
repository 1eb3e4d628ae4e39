#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# On a fresh Debian 12 machine, as root: install the dependencies, build
# clamp and run the demo.
set -eu
cd "$(dirname "$0")/.."
echo "== installing Debian packages (tools/deps.txt)"
tools/install-deps.sh
echo "== building"
if [ -f build/build.ninja ]; then meson setup --reconfigure build >/dev/null; else meson setup build >/dev/null; fi
ninja -C build >/dev/null
echo "== demo"
exec tools/demo.sh
