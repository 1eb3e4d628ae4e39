#!/bin/bash
# SPDX-License-Identifier: Apache-2.0
# End-to-end: containers run through clamp with the real runc.
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
source "$E2E_DIR/lib.sh"
source "$E2E_DIR/runtime-checks.sh"
require_root
RT=$(command -v runc) || skip_all "runc is not installed"
e2e_setup
run_checks
tap_done
