#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# `meson install` into a DESTDIR (nothing on the host is touched): every
# file in its standard place with a sane mode, nothing else, the policy at
# /etc/clamp/policy.json byte-identical to profiles/policy.json and kept
# when one is already there, the installed programs run, and
# contrib/README.md lists contrib/ and names the installed clamp.
# Needs no root.
#
# Environment (set by meson): BUILD_DIR, SOURCE_ROOT, MESON (the meson that
# configured the build, else meson on PATH).
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=lib.sh
source "$E2E_DIR/lib.sh"
: "${BUILD_DIR:?}" "${SOURCE_ROOT:?}"
MESON=${MESON:-$(command -v meson)} || {
  echo "Bail out! meson not found"
  exit 1
}

T=$(mktemp -d /tmp/clamp-install.XXXXXX) || exit 1
trap 'rm -rf "$T"' EXIT
chmod 755 "$T"

# The configured directories (meson introspect), so that a build set up
# with --prefix=/usr is checked against its own places.
eval "$("$MESON" introspect --buildoptions "$BUILD_DIR" | python3 -c '
import json, shlex, sys
opts = {o["name"]: o["value"] for o in json.load(sys.stdin)}
for k in ("prefix", "bindir", "sbindir", "datadir", "mandir"):
    v = opts[k]
    if k != "prefix" and not v.startswith("/"):
        v = opts["prefix"].rstrip("/") + "/" + v
    print("%s=%s" % (k, shlex.quote(v)))
')"
[ -n "${prefix:-}" ] || {
  echo "Bail out! cannot read the build options of $BUILD_DIR"
  exit 1
}

# install_to DIR [ARGS...]: meson install of the built tree under DIR.
install_to() {
  local d=$1
  shift
  "$MESON" install -C "$BUILD_DIR" --no-rebuild --destdir "$d" "$@" >"$T/install.log" 2>&1
}

is_regular() { [ -f "$1" ] && [ ! -L "$1" ]; }

# mode_of FILE: octal permission bits.
mode_of() { stat -c '%a' "$1"; }

D=$T/dest
install_to "$D"
rc=$?
expect_eq "meson install --destdir exits 0" "$rc" 0
[ "$rc" = 0 ] || tap_diag "$(cat "$T/install.log")"

# Every file, its mode, and where its bytes come from ("-" for programs).
expected=(
  "$bindir/clamp|755|-"
  "$sbindir/clampctl|755|-"
  "/etc/clamp/policy.json|644|profiles/policy.json"
  "$datadir/clamp/policy.json|644|profiles/policy.json"
  "$datadir/clamp/seccomp/default.json|644|profiles/default.json"
  "$mandir/man8/clamp.8|644|contrib/man/clamp.8"
  "$mandir/man8/clampctl.8|644|contrib/man/clampctl.8"
  "$mandir/man5/clamp-policy.json.5|644|contrib/man/clamp-policy.json.5"
)
for e in "${expected[@]}"; do
  IFS='|' read -r path mode src <<<"$e"
  f=$D$path
  check "$path installed (a regular file)" is_regular "$f"
  expect_eq "$path mode $mode" "$(mode_of "$f" 2>/dev/null)" "$mode"
  if [ "$src" != - ]; then
    check "$path is byte-identical to $src" cmp -s "$SOURCE_ROOT/$src" "$f"
  fi
done
expect_eq "/etc/clamp is 0755" "$(mode_of "$D/etc/clamp" 2>/dev/null)" 755
expect_eq "the installed clamp is the built one" "$(cmp -s "$BUILD_DIR/src/clamp" "$D$bindir/clamp" && echo same)" same
expect_eq "the installed clampctl is the built one" "$(cmp -s "$BUILD_DIR/src/clampctl" "$D$sbindir/clampctl" && echo same)" same

# Nothing else: the test probe and the unit tests are not installed.
want=$(for e in "${expected[@]}"; do echo "${e%%|*}"; done | sort)
got=$(cd "$D" && find . -type f -o -type l | sed 's/^\.//' | sort)
expect_eq "exactly these files are installed" "$got" "$want"

# The installed programs run, and the installed policy is valid.
out=$(CLAMP_RUNTIME=/bin/true "$D$bindir/clamp" --version 2>&1 | head -n 1)
expect_match "installed clamp --version" "$out" '^clamp version [0-9]'
out=$("$D$sbindir/clampctl" policy check "$D/etc/clamp/policy.json" 2>&1)
expect_match "clampctl policy check on the installed policy: ok" "$out" ': ok \(sha256:[0-9a-f]{64}\)$'
if command -v man >/dev/null; then
  for page in clamp clampctl clamp-policy.json; do
    out=$(MANPATH='' man -M "$D$mandir" -w "$page" 2>&1)
    expect_match "man finds $page in the installed mandir" "$out" "^$D$mandir/man[58]/$page\\.[58]$"
  done
fi

# --- An existing /etc/clamp/policy.json is kept. ---
printf '{"version": 1, "mode": "warn"}\n' >"$D/etc/clamp/policy.json"
chmod 600 "$D/etc/clamp/policy.json"
chmod 700 "$D/etc/clamp"
mine=$(sha256sum <"$D/etc/clamp/policy.json")
install_to "$D"
expect_eq "a second install exits 0" "$?" 0
expect_eq "an edited /etc/clamp/policy.json is kept" "$(sha256sum <"$D/etc/clamp/policy.json")" "$mine"
expect_eq "... with its mode" "$(mode_of "$D/etc/clamp/policy.json")" 600
expect_eq "... and /etc/clamp keeps its mode" "$(mode_of "$D/etc/clamp")" 700

# A symlink at the name, even a dangling one, is neither followed nor replaced.
D2=$T/dest-symlink
mkdir -p "$D2/etc/clamp"
ln -s "$T/nowhere/policy.json" "$D2/etc/clamp/policy.json"
install_to "$D2"
check "a dangling symlink at /etc/clamp/policy.json stays a symlink" [ -L "$D2/etc/clamp/policy.json" ]
check "... and nothing is written where it points" [ ! -e "$T/nowhere" ]

# --- DESTDIR from the environment, and the script on its own. ---
D3=$T/dest-env
DESTDIR=$D3 "$MESON" install -C "$BUILD_DIR" --no-rebuild --quiet >"$T/install.log" 2>&1
expect_eq "DESTDIR=... meson install exits 0" "$?" 0
check "DESTDIR=... meson install: the policy is under DESTDIR" cmp -s "$SOURCE_ROOT/profiles/policy.json" "$D3/etc/clamp/policy.json"
check "DESTDIR=... meson install: clamp is under DESTDIR" [ -x "$D3$bindir/clamp" ]
D4=$T/dest-script
DESTDIR=$D4 "$SOURCE_ROOT/tools/install-policy.sh" "$SOURCE_ROOT/profiles/policy.json" >/dev/null
check "tools/install-policy.sh honours DESTDIR" cmp -s "$SOURCE_ROOT/profiles/policy.json" "$D4/etc/clamp/policy.json"
# (meson 1.0 shows an install script's output only when it fails.)
out=$(DESTDIR=$D4 "$SOURCE_ROOT/tools/install-policy.sh" "$SOURCE_ROOT/profiles/policy.json" 2>&1)
expect_eq "tools/install-policy.sh says when it keeps a policy" "$out" "clamp: keeping the existing $D4/etc/clamp/policy.json"
D5=$T/dest-dry
install_to "$D5" --dry-run
check "meson install --dry-run writes nothing" [ ! -e "$D5" ]

# --- contrib/: its README lists every file, and names the installed clamp. ---
readme=$SOURCE_ROOT/contrib/README.md
while IFS= read -r f; do
  # A file counts as listed when the README names it, or its directory as
  # an item of its own ("`man/`").
  d=$(dirname "$f")
  [ "$d" = . ] && d=$f
  check "contrib/README.md lists contrib/$f" grep -qF -e "$f" -e "\`$d/\`" "$readme"
done < <(cd "$SOURCE_ROOT/contrib" && find . -type f ! -name README.md ! -name meson.build | sed 's|^\./||' | sort)
if [ "$prefix" = /usr/local ]; then
  # Every clamp binary path in contrib/'s files (not the prose of its
  # README) is where meson installs it.
  paths=$(grep -rhoE '/[A-Za-z0-9_./-]*/bin/clamp\b' "$SOURCE_ROOT/contrib" --exclude-dir=man --exclude=README.md | sort -u)
  expect_eq "contrib/'s files name clamp at $bindir/clamp, where meson installs it" "$paths" "$bindir/clamp"
else
  tap_ok "contrib/ clamp path # SKIP the build's prefix is $prefix, contrib/ assumes /usr/local"
fi

tap_done
