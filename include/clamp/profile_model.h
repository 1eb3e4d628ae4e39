/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_PROFILE_MODEL_H
#define CLAMP_PROFILE_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clamp/error.h"
#include "clamp/json.h"
#include "clamp/profile.h"
#include "clamp/scmp_args.h"

/* A seccomp profile parsed and validated into what runc 1.1.5 makes of
 * it: a default action, architectures, and per syscall name the rules
 * runc would hand to libseccomp (one per name, in profile order). Used by
 * src/profile.c; the strings point into the parsed JSON, which must
 * outlive the model. */

/* Actions in canonical order (the order of emitted deny groups). KILL is
 * KILL_THREAD (libseccomp-golang ActKill == ActKillThread). */
enum clamp_scmp_act
{
  CLAMP_SCMP_ACT_KILL_THREAD,
  CLAMP_SCMP_ACT_KILL_PROCESS,
  CLAMP_SCMP_ACT_TRAP,
  CLAMP_SCMP_ACT_ERRNO,
  CLAMP_SCMP_ACT_TRACE,
  CLAMP_SCMP_ACT_LOG,
  CLAMP_SCMP_ACT_ALLOW,
};

/* An action as runc compares it with the default (getAction): ERRNO and
 * TRACE carry their errno (EPERM when errnoRet is absent), the others
 * none (errnoRet is ignored for them). */
struct clamp_scmp_action
{
  enum clamp_scmp_act kind;
  uint32_t errno_ret;
};

bool clamp_scmp_action_allows(struct clamp_scmp_action a);
bool clamp_scmp_action_eq(struct clamp_scmp_action a, struct clamp_scmp_action b);
int clamp_scmp_action_cmp(struct clamp_scmp_action a, struct clamp_scmp_action b);
bool clamp_scmp_action_has_errno(struct clamp_scmp_action a);
const char *clamp_scmp_action_name(struct clamp_scmp_action a);

struct clamp_pm_rule
{
  struct clamp_scmp_action act;
  uint32_t first_cond;
  uint32_t n_conds;
  /* An argument index appears more than once: runc then adds every
   * condition as a rule of its own (OR), libcontainer/seccomp matchCall. */
  bool ored;
};

/* One syscall name and its rules (a list through clamp_pm_ref.next). */
struct clamp_pm_call
{
  const char *name;
  uint32_t hash;
  bool known;          /* the oracle knows it; unknown names have no refs */
  uint32_t head, tail; /* refs; UINT32_MAX when none */
};

struct clamp_pm_ref
{
  uint32_t rule;
  uint32_t next;
};

struct clamp_profile_model
{
  struct clamp_scmp_action def;
  bool has_default_errno; /* defaultErrnoRet was given (and is kept) */
  const char **archs;
  size_t n_archs;

  struct clamp_pm_rule *rules;
  size_t n_rules, cap_rules;
  struct clamp_scmp_cond *conds;
  size_t n_conds, cap_conds;
  struct clamp_pm_ref *refs;
  size_t n_refs, cap_refs;

  /* Syscall names, in order of first appearance. */
  struct clamp_pm_call *calls;
  size_t n_calls, cap_calls;
  /* Open-addressing index over calls (entries are call index + 1). */
  uint32_t *index;
  size_t index_mask;
};

/* What to do with a name the oracle does not know, in a rule that runc
 * would not skip as equal to the default action. */
enum clamp_pm_unknown
{
  CLAMP_PM_UNKNOWN_SKIP,       /* theirs: runc skips it too */
  CLAMP_PM_UNKNOWN_DENY_ERROR, /* ours: a denial that cannot be compiled is a hole */
};

void clamp_profile_model_init(struct clamp_profile_model *pm);
void clamp_profile_model_free(struct clamp_profile_model *pm);

/* Parse an OCI linux.seccomp object (not empty). Names that known (may
 * be NULL) holds take its answer instead of asking the oracle again. */
int clamp_profile_model_from_oci(struct clamp_profile_model *pm, const struct clamp_json *oci,
                                 const struct clamp_syscall_oracle *oracle,
                                 enum clamp_pm_unknown unknown,
                                 const struct clamp_profile_model *known, struct clamp_error **err);

/* Parse a profile in Docker's format and resolve includes/excludes
 * against caps and host, as moby's setupSeccomp does. Returns 1, or 0
 * when the profile is empty (no defaultAction and no syscalls: Docker
 * then runs without seccomp). */
int clamp_profile_model_from_docker(struct clamp_profile_model *pm, const struct clamp_json *p,
                                    const char *const *caps, size_t n_caps,
                                    const struct clamp_seccomp_host *host,
                                    const struct clamp_syscall_oracle *oracle,
                                    struct clamp_error **err);

uint32_t clamp_profile_model_hash(const char *name);
/* The call for name (known or not), or NULL. */
const struct clamp_pm_call *clamp_profile_model_find(const struct clamp_profile_model *pm,
                                                     const char *name, uint32_t hash);

#endif
