/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_POLICY_H
#define CLAMP_POLICY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clamp/error.h"

struct clamp_json_doc;
struct clamp_exemption;

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

/* "enforce" and the rest; -1 for anything else. */
int clamp_policy_action_parse(const char *s, enum clamp_action *out);
const char *clamp_policy_action_name(enum clamp_action a);

enum clamp_policy_mode
{
  CLAMP_MODE_ENFORCE, /* every rule as its action says */
  CLAMP_MODE_WARN,    /* every rule that is on only warns (roll-out) */
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
  enum clamp_policy_mode mode;
  /* The real runtime (NULL: CLAMP_RUNTIME or the usual search) and global
   * flags put before every command it gets (NULL-terminated). */
  const char *runtime_path;
  const char *const *runtime_args;
  size_t n_runtime_args;
  /* The audit trail (NULL: none), and whether a container is refused
   * when its line cannot be written. */
  const char *audit_log;
  bool audit_required;
  /* Exemptions: relaxations for containers whose annotations match
   * (include/clamp/exemptions.h). allow_root is set only in an effective
   * policy, by an exemption: user.nonroot then keeps uid 0 and gid 0. */
  const struct clamp_exemption *exemptions;
  size_t n_exemptions;
  bool allow_root;
  /* Where it came from ("(built-in)" or the file) and the SHA-256 of its
   * text (for the built-in policy, of profiles/policy.json). */
  const char *source;
  uint8_t digest[32];
  /* A loaded policy's strings and lists live here (clamp_policy_free). */
  struct clamp_json_doc *owned;
};

/* The built-in policy, exactly profiles/policy.json (a unit test holds
 * the two together): every rule enforced (or denied where it cannot be
 * rewritten), uid/gid 65534, CAP_NET_BIND_SERVICE only, /tmp and /run
 * tmpfs, the embedded default seccomp profile. Points at static data. */
void clamp_policy_default(struct clamp_policy *p);

/* The default location of the policy file. */
#define CLAMP_POLICY_PATH "/etc/clamp/policy.json"

/* A policy file's text (clamp-policy.json(5)) over the built-in policy:
 * what it leaves out keeps the built-in value. Strict: unknown fields,
 * wrong types and bad values are errors naming the field. On error *p is
 * the built-in policy. Free with clamp_policy_free. */
int clamp_policy_parse(struct clamp_policy *p, const char *text, size_t len, const char *source,
                       struct clamp_error **err);
/* Read path (only root or clamp's user may be able to write it) and parse
 * it, with the seccomp profile it names. A missing file is the built-in
 * policy unless must_exist. */
int clamp_policy_load(struct clamp_policy *p, const char *path, bool must_exist,
                      struct clamp_error **err);
void clamp_policy_free(struct clamp_policy *p);

/* Use text (Docker's profile format, not copied) as the seccomp profile. */
void clamp_policy_set_seccomp_profile(struct clamp_policy *p, const char *text, size_t len);

bool clamp_policy_cap_allowed(const struct clamp_policy *p, const char *cap);

#endif
