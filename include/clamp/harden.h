/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_HARDEN_H
#define CLAMP_HARDEN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

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
/* The rule does not apply on this host: an NA finding unless it is off.
 * field may be NULL. */
/* Something the rule cannot fix and that is not worth refusing the
 * container for: WARNED under enforce and warn, DENIED under deny,
 * nothing under off. */
void clamp_rule_warn(struct clamp_rule_ctx *ctx, enum clamp_rule_id rule, const char *field,
                     const char *reason);
void clamp_rule_not_applicable(struct clamp_rule_ctx *ctx, enum clamp_rule_id rule,
                               const char *field, const char *reason);

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

/* Namespace types runc 1.1 knows (libcontainer/specconv namespaceMapping),
 * in the order of their rules (CLAMP_RULE_NS_HOST_PID + type). */
enum clamp_ns_type
{
  CLAMP_NS_PID,
  CLAMP_NS_IPC,
  CLAMP_NS_UTS,
  CLAMP_NS_MOUNT,
  CLAMP_NS_NETWORK,
  CLAMP_NS_USER,
  CLAMP_NS_CGROUP,
  CLAMP_NS__COUNT
};

/* "network" (the spec's name) and "net" (the name under /proc/PID/ns). */
const char *clamp_ns_spec_name(enum clamp_ns_type t);
const char *clamp_ns_proc_name(enum clamp_ns_type t);

/* A namespace's identity: the (st_dev, st_ino) of its nsfs file. */
struct clamp_ns_id
{
  bool known;
  uint64_t dev, ino;
};

/* The host's namespaces (src/host_ns.c): those of PID 1 and clamp's own
 * (clamp may run in a private mount namespace), and a way to stat the
 * path a config names. */
struct clamp_ns_host
{
  struct clamp_ns_id init[CLAMP_NS__COUNT]; /* /proc/1/ns/<type> */
  struct clamp_ns_id self[CLAMP_NS__COUNT]; /* /proc/self/ns/<type> */
  /* stat(2) of path, following symlinks: 0 with *dev and *ino, or a
   * negative errno. NULL: no path can be checked (each is an error). */
  int (*stat)(void *opaque, const char *path, uint64_t *dev, uint64_t *ino);
  void *opaque;
  /* Optional: fills init[] and self[] (through opaque) before they are
   * first needed, so a config that names no namespace path costs no
   * lookups; NULL when they are filled already. */
  void (*collect)(void *opaque);
};

/* Whether the host confines with AppArmor or SELinux (src/host_lsm.c). */
struct clamp_lsm_host
{
  bool apparmor; /* /sys/module/apparmor/parameters/enabled is "Y" */
  /* The policy's lsm.apparmor_profile is loaded in enforce mode. */
  bool apparmor_profile_loaded;
  bool selinux; /* /sys/fs/selinux/enforce exists */
};

/* Where a bind mount's source really is on the host (the mounts rule).
 * resolve gets an absolute path and returns it with every symlink in its
 * existing components resolved and the rest cleaned lexically: never
 * NULL for a path (a path that does not exist comes back cleaned), and
 * the caller frees. src/host_mounts.c is the real one; tests inject
 * fakes. */
struct clamp_path_resolver
{
  void *self;
  char *(*resolve)(void *self, const char *path);
};

/* Host facts the pure rules need. */
struct clamp_harden_host
{
  struct clamp_ns_host ns;
  struct clamp_lsm_host lsm;
  /* The bundle directory, absolute (runc joins a relative bind source to
   * it), and the resolver; NULL: "/" and lexical cleaning only. */
  const char *bundle;
  const struct clamp_path_resolver *paths;
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
/* devices.allowlist and devices.cgroup (linux.devices,
 * linux.resources.devices). */
int clamp_rule_devices(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                       struct clamp_error **err);
/* sysfs.readonly and paths.masked (mounts at /sys, linux.maskedPaths,
 * linux.readonlyPaths). */
int clamp_rule_paths(struct clamp_rule_ctx *ctx, struct clamp_json *spec, struct clamp_error **err);
int clamp_rule_seccomp(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                       const struct clamp_harden_host *host, struct clamp_error **err);
/* ns.*: linux.namespaces has a pid, ipc, uts, mount and network namespace
 * of its own (and a cgroup one, under ns.cgroup), and no path names the
 * host's namespace of its type. Bad entries are errors as in runc. */
int clamp_rule_namespaces(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                          const struct clamp_ns_host *host, struct clamp_error **err);
/* lsm.confined: an unconfined container gets the policy's AppArmor
 * profile or SELinux label, where the host has that LSM. */
int clamp_rule_lsm_confined(struct clamp_rule_ctx *ctx, struct clamp_json *process,
                            const char *path, const struct clamp_lsm_host *host,
                            struct clamp_error **err);
/* The mounts.* rules: engine sockets, host system directories, extra
 * proc/sysfs/cgroup mounts, bind mount options and propagation. */
int clamp_rule_mounts_host(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                           const struct clamp_harden_host *host, struct clamp_error **err);

/* resources.pids, resources.memory, resources.cpu on linux.resources. */
int clamp_rule_resources(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                         struct clamp_error **err);
/* rlimits.core on process.rlimits; exec: a runc exec --process file
 * (an empty list there keeps the container's rlimits). */
int clamp_rule_rlimits(struct clamp_rule_ctx *ctx, struct clamp_json *process, const char *path,
                       bool exec, struct clamp_error **err);
/* process.personality: linux.personality must be the default. */
int clamp_rule_personality(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                           struct clamp_error **err);
/* runc update: the resources of an -r file (a LinuxResources object at
 * resources), and update's flags. A value the update leaves unchanged (0
 * or absent) is left alone; one that would lift a limit above the
 * policy's is clamped. Flag values are read as runc reads them and handed
 * on as canonical decimals. */
int clamp_rule_update_resources(struct clamp_rule_ctx *ctx, struct clamp_json *resources,
                                struct clamp_error **err);
/* The largest CPU quota the policy allows over period (microseconds):
 * its cpu_quota/cpu_period share of a CPU (period 0: the kernel's
 * default, 100000). 0 when the policy sets no quota; -1 when the period
 * is too short for that share (the kernel's smallest quota, 1000, would
 * be more): then the policy's quota and period are what fits. */
int64_t clamp_cpu_quota_cap(const struct clamp_policy *p, uint64_t period);
int clamp_rule_update_flags(struct clamp_rule_ctx *ctx, struct clamp_command *cmd,
                            struct clamp_error **err);

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
