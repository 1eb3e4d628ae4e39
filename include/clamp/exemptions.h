/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_EXEMPTIONS_H
#define CLAMP_EXEMPTIONS_H

#include <stdbool.h>
#include <stddef.h>

#include "clamp/error.h"
#include "clamp/json.h"
#include "clamp/policy.h"

/* Exemptions: the policy file's "exemptions" relax named rules for the
 * containers whose config.json annotations match.
 *
 *   {"name": "debug namespace",
 *    "match": {"io.kubernetes.cri.sandbox-namespace": "debug"},
 *    "rules": {"caps.allowlist": "warn"},
 *    "capabilities": {"allow": ["CAP_SYS_PTRACE"]},
 *    "user": {"allow_root": true}}
 *
 * match: annotation key -> exact value; every key must be present with
 * that value. Only the keys an exemption names are looked at. Each
 * relaxation is explicit: an action per rule (never stricter than the
 * policy's own: the policy file refuses that), capabilities added to the
 * allowlist, and allow_root (user.nonroot keeps uid 0 and gid 0; its
 * user-namespace checks still apply).
 *
 * An exemption is only as trustworthy as whoever writes the annotation
 * (README, "Exemptions"). runc exec gets no exemptions: a process file has
 * no annotations. */

/* One annotation an exemption requires. */
struct clamp_exemption_match
{
  const char *key;
  const char *value; /* exact, never empty */
};

struct clamp_exemption
{
  const char *name;
  const struct clamp_exemption_match *match;
  size_t n_match; /* at least 1 */
  /* The action for each rule where sets_action is true. */
  bool sets_action[CLAMP_RULE__COUNT];
  enum clamp_action actions[CLAMP_RULE__COUNT];
  /* Capabilities added to the policy's allowlist (canonical names). */
  const char *const *cap_allow;
  size_t n_cap_allow;
  bool allow_root;
};

/* The policy for one container: the base policy with the relaxations of
 * every exemption that matched. It borrows from the base policy, which
 * must outlive it. */
struct clamp_effective_policy
{
  struct clamp_policy policy;
  /* The exemptions that matched, in policy order (for the log and the
   * audit line). */
  const struct clamp_exemption **matched;
  size_t n_matched;
  const char **caps; /* the merged allowlist, when an exemption added to it */
};

void clamp_effective_policy_init(struct clamp_effective_policy *e);
void clamp_effective_policy_free(struct clamp_effective_policy *e);
static inline void clamp_effective_policy_freep(struct clamp_effective_policy *e)
{
  clamp_effective_policy_free(e);
}
#define _cleanup_effective_policy_ __attribute__((cleanup(clamp_effective_policy_freep)))

/* Work out the effective policy from a config.json's "annotations" member
 * (NULL when absent). Annotations are read as runc reads them, a Go
 * map[string]string: null is no annotations, a null value is "", and
 * anything but an object of strings is an error naming the field, for
 * runc as for clamp. Pure: no I/O. out is initialised either way. */
int clamp_exemptions_apply(const struct clamp_policy *base, const struct clamp_json *annotations,
                           struct clamp_effective_policy *out, struct clamp_error **err);

/* "exemption NAME applies (annotation K=V)", escaped for a log line.
 * Caller frees. */
char *clamp_exemption_describe(const struct clamp_exemption *x);

/* Why rule cannot be exempted, or NULL when it can. */
const char *clamp_exemption_rule_fixed(enum clamp_rule_id rule);

/* Strictness of an action, for "an exemption only relaxes": off < warn <
 * enforce (rewrite to comply) < deny (refuse). */
int clamp_action_strictness(enum clamp_action a);

#endif
