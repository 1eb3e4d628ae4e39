#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# clamp's cache directory (seccomp memo and compile markers): a warm create
# writes exactly what a cold one writes, and a cache that cannot be
# trusted, or a file in it that clamp did not write, changes nothing.
# The runtime is /bin/true: this is about what clamp writes.
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
source "$E2E_DIR/lib.sh"
require_root
command -v runc >/dev/null || skip_all "runc is not installed"
e2e_setup

cache=$E2E_TMP/cache
# harden NAME ORIGINAL: copy ORIGINAL into a bundle, run clamp create on it
# and keep the result as $E2E_TMP/NAME.json and clamp's log lines (without
# their times) as $E2E_TMP/NAME.log.
harden() {
  local b=$E2E_TMP/bundle-$1
  mkdir -p "$b"
  cp "$2" "$b/config.json"
  CLAMP_SECCOMP_CACHE=$cache CLAMP_RUNTIME=/bin/true "$CLAMP" --log "$E2E_TMP/$1.rawlog" \
    create --bundle "$b" x </dev/null >/dev/null 2>&1
  local status=$?
  cp "$b/config.json" "$E2E_TMP/$1.json"
  sed 's/^time="[^"]*" //' "$E2E_TMP/$1.rawlog" >"$E2E_TMP/$1.log"
  return $status
}
same() { cmp -s "$E2E_TMP/$1.json" "$E2E_TMP/$2.json" && cmp -s "$E2E_TMP/$1.log" "$E2E_TMP/$2.log"; }
count() { find "$cache" -maxdepth 1 -type f -name "$1" | wc -l; }

make_bundle "$E2E_TMP/spec" '["/bin/true"]'
docker=$E2E_DIR/../data/docker/default/config.json

for input in spec docker; do
  orig=$E2E_TMP/spec/config.json
  [ "$input" = docker ] && orig=$docker
  rm -rf "$cache"

  check "$input: a cold create succeeds" harden "$input-cold" "$orig"
  expect_eq "$input: it leaves one seccomp memo" "$(count 'memo-*')" 1
  expect_eq "$input: and one compile marker" "$(count '[0-9a-f]*')" 1
  check "$input: the cache is private (0700)" [ "$(stat -c %a "$cache")" = 700 ]
  check "$input: a warm create succeeds" harden "$input-warm" "$orig"
  check "$input: warm and cold write the same config and log the same changes" \
    same "$input-cold" "$input-warm"
  check "$input: the warm one adds nothing to the cache" [ "$(count '*')" = 2 ]

  memo=$(find "$cache" -maxdepth 1 -name 'memo-*')
  # A memo that is not clamp's format is recomputed and replaced.
  printf 'not json' >"$memo"
  check "$input: a corrupt memo is recomputed" harden "$input-corrupt" "$orig"
  check "$input: ... to the same result" same "$input-cold" "$input-corrupt"
  check "$input: ... and rewritten" python3 -c "import json,sys; json.load(open(sys.argv[1]))" "$memo"

  # A memo clamp did not write (another owner) is never read, whatever it
  # says: here, a profile that allows everything.
  printf '{"result":{"defaultAction":"SCMP_ACT_ALLOW"},"reason":"planted"}' >"$memo"
  chown 65534:65534 "$memo"
  check "$input: a memo owned by another user is ignored" harden "$input-planted" "$orig"
  check "$input: ... the result is clamp's" same "$input-cold" "$input-planted"
  rm -f "$memo"

  # A cache directory others could write to is not used at all.
  chmod 0770 "$cache"
  rm -f "$cache"/*
  check "$input: a group-writable cache is not used" harden "$input-open" "$orig"
  check "$input: ... the result is the same" same "$input-cold" "$input-open"
  expect_eq "$input: ... and nothing is written there" "$(count '*')" 0
done

tap_done
