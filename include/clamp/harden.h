/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_HARDEN_H
#define CLAMP_HARDEN_H

#include <stdbool.h>
#include <stddef.h>

#include "clamp/cli.h"
#include "clamp/error.h"
#include "clamp/json.h"
#include "clamp/policy.h"
#include "clamp/profile.h"
#include "clamp/spec.h"

/* The hardening rules. Each is a small pure function: the tree and the
 * policy in, the tree rewritten in place and findings out. No I/O. */

enum clamp_finding_kind
{
  CLAMP_FINDING_CHANGED, /* enforced: field changed from -> to */
  CLAMP_FINDING_DENIED,  /* the input is refused */
  CLAMP_FINDING_WARNED,  /* reported only (warn action) */
  CLAMP_FINDING_NA,      /* the rule does not apply here */
};

struct clamp_finding
{
  enum clamp_rule_id rule;
  enum clamp_finding_kind kind;
  char *field;  /* "process.user.uid" */
  char *from;   /* old value as shown to users (escaped), may be NULL */
  char *to;     /* new value (escaped), may be NULL */
  char *reason; /* why */
};

struct clamp_findings
{
  struct clamp_finding *items;
  size_t len, cap;
};

void clamp_findings_init(struct clamp_findings *f);
void clamp_findings_free(struct clamp_findings *f);
static inline void clamp_findings_freep(struct clamp_findings *f) { clamp_findings_free(f); }
#define _cleanup_findings_ __attribute__((cleanup(clamp_findings_freep)))
/* The first DENIED finding, or NULL. */
const struct clamp_finding *clamp_findings_denied(const struct clamp_findings *f);
/* "rule.id: field: from -> to (reason)" and the like, for log lines. */
char *clamp_finding_format(const struct clamp_finding *f);

/* "prefix.name", or "name" when prefix is empty. Caller frees. */
char *clamp_field(const char *prefix, const char *name);
/* "[a, b]" for an array of strings or numbers (escaped), "(unset)" for NULL. */
char *clamp_format_list(const struct clamp_json *arr);

/* What a rule function gets. */
struct clamp_rule_ctx
{
  struct clamp_json_doc *doc;
  const struct clamp_policy *policy;
  struct clamp_findings *findings;
  /* mounts[] as last read by clamp_rule_mounts (valid while mounts_of is
   * not NULL). Zero-initialise. */
  struct clamp_mounts mounts;
  const struct clamp_json *mounts_of;
};

/* spec's mounts[], read and type-checked once per hardening run rather
 * than once per rule: a config can hold thousands of mounts. A rule that
 * changes mounts[] or any mount in it must call clamp_rule_mounts_changed
 * before it returns. */
int clamp_rule_mounts(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                      const struct clamp_mounts **out, struct clamp_error **err);
void clamp_rule_mounts_changed(struct clamp_rule_ctx *ctx);

/* A violation of rule at field. Under ENFORCE this records a CHANGED
 * finding and returns true: the caller then rewrites. Under DENY or WARN it
 * records DENIED or WARNED and returns false; under OFF it records nothing
 * and returns false. from/to/reason are copied. */
bool clamp_rule_violation(struct clamp_rule_ctx *ctx, enum clamp_rule_id rule, const char *field,
                          const char *from, const char *to, const char *reason);
/* A violation that cannot be rewritten: DENIED under ENFORCE and DENY,
 * WARNED under WARN, nothing under OFF. */
void clamp_rule_refuse(struct clamp_rule_ctx *ctx, enum clamp_rule_id rule, const char *field,
                       const char *reason);
bool clamp_rule_enabled(const struct clamp_rule_ctx *ctx, enum clamp_rule_id rule);

/* A store for results of pure computations, keyed by a SHA-256 that the
 * caller computes over every input. A store may forget anything. get
 * appends a stored value to out and returns true, or returns false on a
 * miss or any doubt; a value its reader cannot parse counts as a miss. */
struct clamp_memo
{
  void *self;
  bool (*get)(void *self, const uint8_t key[32], struct clamp_buf *out);
  void (*put)(void *self, const uint8_t key[32], const void *value, size_t len);
};

/* Host facts the pure rules need. */
struct clamp_harden_host
{
  struct clamp_seccomp_host seccomp;
  const struct clamp_syscall_oracle *oracle;
  /* Optional (NULL: compute every time): where the seccomp rule keeps the
   * profile it resolved and intersected, and what else that result
   * depends on besides the rule's inputs: clamp's own build and the
   * libseccomp behind the oracle. */
  const struct clamp_memo *memo;
  const char *code_id;
};

/* Harden a whole config.json (create, run, restore): every rule, in order,
 * on doc->root. Bad input is an error (-1); a policy refusal is a DENIED
 * finding (return 0; check clamp_findings_denied). */
int clamp_harden_config(struct clamp_rule_ctx *ctx, const struct clamp_harden_host *host,
                        struct clamp_error **err);
/* Harden a runc exec --process file (process object at doc->root). */
int clamp_harden_process(struct clamp_rule_ctx *ctx, struct clamp_error **err);

/* The individual rules (src/rules/). `process` is the process object, and
 * `path` the prefix used in findings and errors ("process" in a config,
 * "" in a process file). */
int clamp_rule_user_process(struct clamp_rule_ctx *ctx, struct clamp_json *process,
                            const char *path, uint32_t *input_uid, struct clamp_error **err);
int clamp_rule_user_namespace(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                              struct clamp_error **err);
int clamp_rule_caps(struct clamp_rule_ctx *ctx, struct clamp_json *process, const char *path,
                    uint32_t input_uid, struct clamp_error **err);
int clamp_rule_rootfs(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                      struct clamp_error **err);
int clamp_rule_no_new_privs(struct clamp_rule_ctx *ctx, struct clamp_json *process,
                            const char *path, struct clamp_error **err);
int clamp_rule_escapes(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                       struct clamp_json *process, const char *path, struct clamp_error **err);
int clamp_rule_exec_lsm(struct clamp_rule_ctx *ctx, struct clamp_json *process, const char *path,
                        struct clamp_error **err);
int clamp_rule_seccomp(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                       const struct clamp_harden_host *host, struct clamp_error **err);

/* sysctls.safe: linux.sysctl keeps Kubernetes' safe sysctls, the
 * policy's extras and, in a private network namespace, net.*. */
int clamp_rule_sysctls(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                       struct clamp_error **err);
/* sysctl key as runc and crun write it under /proc/sys: every '.' a '/',
 * repeated '/' collapsed, no leading or trailing '/'. Caller frees. */
char *clamp_sysctl_normalize(const char *key);
/* env.secrets: process.env entries whose name looks like a secret and
 * whose value is not empty. Never shows a value. */
int clamp_rule_env_secrets(struct clamp_rule_ctx *ctx, struct clamp_json *process, const char *path,
                           struct clamp_error **err);
/* The same for a list of "NAME=value" strings (runc exec --env); each is
 * named field[i] in findings. */
void clamp_rule_env_secrets_list(struct clamp_rule_ctx *ctx, const char *const *list, size_t n,
                                 const char *field);
/* hooks.allowlist: with a policy hook list, every hook's path must be on
 * it. */
int clamp_rule_hooks(struct clamp_rule_ctx *ctx, struct clamp_json *spec, struct clamp_error **err);
/* annotations.crun: crun annotations that weaken the container are
 * removed unless the policy allows them. */
int clamp_rule_annotations(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                           struct clamp_error **err);
/* Whether annotations.crun acts on this annotation key. */
bool clamp_annotation_is_crun_weakening(const char *key);

/* runc exec's own flags, clamped like a process file: --user/-u,
 * --additional-gids/-g, --cap/-c, --no-new-privs, --apparmor,
 * --process-label and --cwd. Numbers are read as runc reads them (Atoi,
 * then truncation to uint32) and handed on as canonical decimals. */
int clamp_rule_exec_flags(struct clamp_rule_ctx *ctx, struct clamp_command *cmd,
                          struct clamp_error **err);

/* Profile names and labels that would clear confinement. */
bool clamp_lsm_apparmor_unconfined(const char *profile);
bool clamp_lsm_selinux_unconfined(const char *label);

#endif
