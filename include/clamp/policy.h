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
  /* Host namespaces (src/rules/namespaces.c), in enum clamp_ns_type order. */
  CLAMP_RULE_NS_HOST_PID,
  CLAMP_RULE_NS_HOST_IPC,
  CLAMP_RULE_NS_HOST_UTS,
  CLAMP_RULE_NS_HOST_MOUNT,
  CLAMP_RULE_NS_HOST_NETWORK,
  CLAMP_RULE_NS_HOST_USER,
  CLAMP_RULE_NS_CGROUP,
  /* AppArmor / SELinux default confinement (src/rules/lsm.c). */
  CLAMP_RULE_LSM_CONFINED,
  /* Privileged containers (src/rules/devices.c, src/rules/paths.c). */
  CLAMP_RULE_DEVICES_ALLOWLIST,
  CLAMP_RULE_DEVICES_CGROUP,
  CLAMP_RULE_SYSFS_READONLY,
  CLAMP_RULE_PATHS_MASKED,
  /* Sensitive host mounts (src/rules/mounts.c). */
  CLAMP_RULE_MOUNTS_ENGINE_SOCKET,
  CLAMP_RULE_MOUNTS_HOST_SYSTEM,
  CLAMP_RULE_MOUNTS_PSEUDO_FS,
  CLAMP_RULE_MOUNTS_BIND_OPTIONS,
  CLAMP_RULE_MOUNTS_PROPAGATION,
  /* resources (src/rules/resources.c, personality.c, update.c) */
  CLAMP_RULE_RESOURCES_PIDS,
  CLAMP_RULE_RESOURCES_MEMORY,
  CLAMP_RULE_RESOURCES_CPU,
  CLAMP_RULE_RLIMITS_CORE,
  CLAMP_RULE_PERSONALITY,
  /* sysctls, environment secrets, hooks, crun annotations
   * (src/rules/{sysctls,env,hooks,annotations}.c) */
  CLAMP_RULE_SYSCTLS_SAFE,
  CLAMP_RULE_ENV_SECRETS,
  CLAMP_RULE_HOOKS_ALLOWLIST,
  CLAMP_RULE_ANNOTATIONS_CRUN,
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

/* What a rule looks at (clampctl reports a rule as not applicable to an
 * input it never looks at). 0 means a config.json rule. */
enum clamp_rule_scope
{
  CLAMP_SCOPE_CONFIG = 1u << 0,  /* config.json (create, run, restore) */
  CLAMP_SCOPE_PROCESS = 1u << 1, /* a runc exec --process file */
  CLAMP_SCOPE_COMMAND = 1u << 2, /* runc's command line (verbs and flags) */
};

struct clamp_rule_info
{
  const char *id;      /* "user.nonroot" */
  const char *control; /* the CIS / Pod Security control it implements */
};

/* Does rule look at inputs of this scope (one CLAMP_SCOPE_ bit)? A rule
 * not listed in rule_scopes[] (src/policy.c) is a config.json rule. */
bool clamp_rule_in_scope(enum clamp_rule_id rule, unsigned scope);

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
  /* LSM confinement (lsm.confined): what an unconfined container gets on
   * a host with AppArmor or SELinux; NULL: nothing. */
  const char *apparmor_profile;
  const char *selinux_label;
  /* resources (src/rules/resources.c): the pids limit a container gets
   * when it has none (or an unlimited one), and the most it may have;
   * optional memory and CPU defaults (0: the policy sets none); the most
   * RLIMIT_CORE a process may have (hard and soft). */
  int64_t pids_limit;
  int64_t pids_max;
  int64_t memory_limit;
  uint64_t cpu_shares;
  int64_t cpu_quota;
  uint64_t cpu_period;
  uint64_t core_limit;
  /* sysctls, environment secrets, hooks, crun annotations. */
  /* Sysctls allowed besides Kubernetes' safe set (as written; compared
   * after the normalisation the rule applies to both). */
  const char *const *sysctl_allow;
  size_t n_sysctl_allow;
  /* Case-insensitive substrings of an environment variable's name that
   * mark it as a secret. */
  const char *const *env_secret_patterns;
  size_t n_env_secret_patterns;
  /* Hook paths (absolute, clean) allowed to run; when hooks_restricted is
   * false (the policy says null), every hook is. */
  bool hooks_restricted;
  const char *const *hook_allow;
  size_t n_hook_allow;
  /* crun annotations the annotations.crun rule leaves in place. */
  const char *const *annotation_allow;
  size_t n_annotation_allow;
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
 * rewritten) except ns.cgroup (warn), uid/gid 65534, CAP_NET_BIND_SERVICE
 * only, /tmp and /run tmpfs, the embedded default seccomp profile,
 * AppArmor profile "docker-default", no SELinux label. Points at static
 * data. */
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
