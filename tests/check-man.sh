#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# The manual pages render without a single groff warning (-ww), man -l
# reads them, and clamp-policy.json(5) documents every rule id that the
# shipped policy lists (a new rule needs its entry there).
# Environment: MAN_DIR (contrib/man), POLICY (profiles/policy.json).
set -u
n=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
not_ok() { n=$((n + 1)); echo "not ok $n - $*"; failed=1; }
failed=0
command -v groff >/dev/null || { echo "1..0 # SKIP groff is not installed (groff-base)"; exit 0; }
pages=("$MAN_DIR"/clamp.8 "$MAN_DIR"/clampctl.8 "$MAN_DIR"/clamp-policy.json.5)
for p in "${pages[@]}"; do
  w=$(groff -man -Tutf8 -ww -z "$p" 2>&1)
  if [ -z "$w" ]; then ok "groff -ww: $(basename "$p") has no warnings"; else not_ok "groff -ww: $(basename "$p")"; printf '%s\n' "$w" | sed 's/^/# /'; fi
  if command -v man >/dev/null; then
    w=$(MANWIDTH=80 man -l "$p" 2>&1 >/dev/null)
    if [ -z "$w" ]; then ok "man -l: $(basename "$p") renders quietly"; else not_ok "man -l: $(basename "$p")"; printf '%s\n' "$w" | sed 's/^/# /'; fi
  fi
done
text=$(groff -man -Tascii -P-cbou "$MAN_DIR/clamp-policy.json.5" 2>/dev/null)
ids=$(python3 -c 'import json, sys; print("\n".join(json.load(open(sys.argv[1]))["rules"]))' "$POLICY")
for id in $ids; do
  if printf '%s\n' "$text" | grep -Eq "^ {7}${id//./\\.}\$"; then
    ok "clamp-policy.json(5) documents rule $id"
  else
    not_ok "clamp-policy.json(5) documents rule $id (add it under RULES)"
  fi
done
echo "1..$n"
exit $failed
