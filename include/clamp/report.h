/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_REPORT_H
#define CLAMP_REPORT_H

#include <stdbool.h>
#include <stddef.h>

#include "clamp/error.h"
#include "clamp/harden.h"
#include "clamp/policy.h"

/* clampctl check's report: one row per rule (every id up to
 * CLAMP_RULE__COUNT, so a new rule shows up without edits here), from the
 * findings of one hardening run. */

enum clamp_report_status
{
  CLAMP_REPORT_PASS,   /* on, and nothing to say */
  CLAMP_REPORT_CHANGE, /* enforce would rewrite the input */
  CLAMP_REPORT_DENY,   /* the input would be refused */
  CLAMP_REPORT_WARN,   /* the input violates it; only reported */
  CLAMP_REPORT_NA,     /* the rule does not apply to this input */
  CLAMP_REPORT_OFF,    /* the policy turned it off */
};

/* "pass", "change", "deny", "warn", "n/a", "off". */
const char *clamp_report_status_name(enum clamp_report_status s);

struct clamp_report_row
{
  enum clamp_report_status status;
  size_t n_findings; /* of this rule, excluding not-applicable ones */
};

struct clamp_report
{
  struct clamp_report_row rows[CLAMP_RULE__COUNT];
  const struct clamp_findings *findings; /* not owned */
  size_t n_change, n_deny, n_warn;
  bool warnings_count; /* the policy is in mode "warn" */
};

/* Rows for findings from hardening an input of scope (CLAMP_SCOPE_CONFIG
 * or CLAMP_SCOPE_PROCESS) under policy. A rule with a DENIED finding is
 * DENY, else CHANGE, else WARN; a rule that found nothing is OFF when the
 * policy turned it off, N/A when it never looks at such inputs or said
 * so, else PASS. */
void clamp_report_build(struct clamp_report *r, const struct clamp_findings *findings,
                        const struct clamp_policy *policy, unsigned scope);

/* clampctl check's exit status 1: a change or a denial; warnings too
 * under a policy in mode "warn", where they stand for what enforce would
 * do. Otherwise a warning comes from a rule that only advises (ns.cgroup,
 * env.secrets by default): listed, but the input is clean. */
bool clamp_report_has_findings(const struct clamp_report *r);

/* A table for people: a line per rule (status, id, control), each finding
 * indented under its rule as "field: from -> to (reason)", and a summary
 * line. Caller frees. */
char *clamp_report_text(const struct clamp_report *r, const char *input);

/* One JSON document (with a final newline):
 *   {"input":"...","policy":{"source":"...","sha256":"..."},
 *    "summary":{"change":N,"deny":N,"warn":N},
 *    "rules":[{"rule":"user.nonroot","control":"...","action":"enforce",
 *              "status":"change","findings":[{"field","from","to",
 *              "outcome","reason"}]}]}
 * Caller frees. */
char *clamp_report_json(const struct clamp_report *r, const char *input,
                        const struct clamp_policy *policy, struct clamp_error **err);

/* What hardening changed, for clampctl harden: a line per CHANGED or
 * WARNED finding, "rule (control): field: from -> to: reason". */
char *clamp_report_changes(const struct clamp_findings *findings);

#endif
