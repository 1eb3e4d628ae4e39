#!/bin/sh
# SPDX-License-Identifier: Apache-2.0
# Install the Debian packages listed in tools/deps.txt (run as root).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
pkgs=$(grep -v '^#' "$here/deps.txt" | grep -v '^$' | tr '\n' ' ')
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $pkgs >/dev/null
