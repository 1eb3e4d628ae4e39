/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_POLICY_H
#define CLAMP_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* What clamp enforces. The built-in policy (clamp_policy_default) is the
 * baseline; a policy file can tune it later. */

/* What a rule does when the input violates it. */
enum clamp_action
{
  CLAMP_ACTION_OFF,     /* not checked */
  CLAMP_ACTION_WARN,    /* reported, not changed */
  CLAMP_ACTION_DENY,    /* the container is refused */
  CLAMP_ACTION_ENFORCE, /* the input is rewritten to comply */
};

enum clamp_rule_id
{
  CLAMP_RULE_USER_NONROOT,
  CLAMP_RULE_CAPS_ALLOWLIST,
  CLAMP_RULE_ROOTFS_READONLY,
  CLAMP_RULE_NO_NEW_PRIVS,
  CLAMP_RULE_SECCOMP_DEFAULT,
  CLAMP_RULE_PROC_FD,
  CLAMP_RULE_OOM_SCORE_ADJ,
  CLAMP_RULE_EXEC_LSM,
  CLAMP_RULE_RUNTIME_FLAGS,
  CLAMP_RULE_RESTORE,
  CLAMP_RULE__COUNT
};

struct clamp_rule_info
{
  const char *id;      /* "user.nonroot" */
  const char *control; /* the CIS / Pod Security control it implements */
};

const struct clamp_rule_info *clamp_rule_info(enum clamp_rule_id rule);

/* A tmpfs mount clamp adds when no mount targets its path. */
struct clamp_tmpfs
{
  const char *path;
  const char *const *options; /* NULL-terminated */
};

struct clamp_policy
{
  enum clamp_action actions[CLAMP_RULE__COUNT];
  uint32_t uid; /* what uid 0 becomes */
  uint32_t gid; /* what gid 0 becomes */
  /* Capabilities a container may keep, canonical "CAP_X" names. */
  const char *const *cap_allowlist;
  size_t n_cap_allowlist;
  const struct clamp_tmpfs *tmpfs;
  size_t n_tmpfs;
  /* The seccomp profile in Docker's format (JSON text). */
  const char *seccomp_profile;
  size_t seccomp_profile_len;
  /* Its SHA-256, which keys the seccomp rule's memo. Set both through
   * clamp_policy_set_seccomp_profile. */
  uint8_t seccomp_profile_sha256[32];
};

/* The built-in policy: every rule enforced (or denied where it cannot be
 * rewritten), uid/gid 65534, CAP_NET_BIND_SERVICE only, /tmp and /run
 * tmpfs, the embedded default seccomp profile. Points at static data. */
void clamp_policy_default(struct clamp_policy *p);

/* Use text (Docker's profile format, not copied) as the seccomp profile. */
void clamp_policy_set_seccomp_profile(struct clamp_policy *p, const char *text, size_t len);

bool clamp_policy_cap_allowed(const struct clamp_policy *p, const char *cap);

#endif
