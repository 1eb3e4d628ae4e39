/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_AUDIT_H
#define CLAMP_AUDIT_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "clamp/error.h"
#include "clamp/harden.h"

/* The audit trail: one JSON line per create, run, restore, exec and
 * update decision, appended to the policy's audit.log
 * (clamp-policy.json(5), AUDIT TRAIL). */

struct clamp_audit_record
{
  time_t when;
  const char *command; /* "create", "run", "restore", "exec", "update" */
  const char *id;      /* the container id, or NULL */
  const char *bundle;  /* the bundle clamp hardened, or NULL */
  const char *policy_source;
  const uint8_t *policy_digest; /* 32 bytes */
  const char *error;            /* why the container was refused; NULL: allowed */
  const struct clamp_findings *findings;
  const uint8_t *seccomp_digest; /* the compiled filter's SHA-256, or NULL */
  const char *const *exemptions; /* the names of the exemptions that applied */
  size_t n_exemptions;
};

/* How many findings of one rule and outcome a line lists in detail; the
 * rest are one {"rule","control","outcome","omitted":N} entry. */
#define CLAMP_AUDIT_FINDINGS_PER_RULE 32

/* The record as one line of JSON, newline included:
 *   {"time":"2026-11-22T12:00:00Z","command":"create","id":"c1",
 *    "bundle":"/run/...","policy":{"source":"...","sha256":"..."},
 *    "decision":"allowed"|"refused","error":"...",
 *    "findings":[{"rule":"user.nonroot","control":"CIS 4.1; ...",
 *                 "outcome":"changed"|"denied"|"warned"|"not applicable",
 *                 "field":"process.user.uid","from":"0","to":"65534",
 *                 "reason":"..."}],
 *    "seccomp":"sha256:...","exemptions":["name"]}
 * ("exemptions" only when one applied). */
char *clamp_audit_format(const struct clamp_audit_record *r, size_t *len, struct clamp_error **err);

/* Append line in one write(2) with O_APPEND, so lines from containers
 * starting in parallel never interleave. Creates the file (0600) and its
 * directory (0700, and any missing one above it 0755) when missing; never
 * follows a symlink at the file. */
int clamp_audit_append(const char *path, const char *line, size_t len, struct clamp_error **err);

#endif
