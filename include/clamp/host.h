/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_HOST_H
#define CLAMP_HOST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clamp/buildid.h"
#include "clamp/cachedir.h"
#include "clamp/error.h"
#include "clamp/harden.h"
#include "clamp/host_mounts.h"
#include "clamp/json.h"
#include "clamp/policy.h"
#include "clamp/seccomp.h"
#include "clamp/spec.h"

/* The facts about this host that the pure rules need, the cache directory
 * behind the seccomp rule's memo and the compile check, and the one
 * hardening pipeline that clamp (the shim) and clampctl share:
 *   parse -> key check -> rules -> (nothing denied) seccomp compile
 *   check -> serialize. */

/* Where the cache lives: cache_dir_env (CLAMP_SECCOMP_CACHE) when set,
 * /run/clamp/seccomp-cache for root, $XDG_RUNTIME_DIR/clamp/seccomp-cache
 * otherwise (xdg_runtime_dir must be absolute), else NULL (no cache).
 * Caller frees. */
char *clamp_host_cache_dir(const char *cache_dir_env, const char *xdg_runtime_dir);

struct clamp_host
{
  struct clamp_harden_host h;
  char release[65];
  char code_id[CLAMP_BUILD_ID_HEX_MAX + 64];
  struct clamp_seccomp_cache cache;
  struct clamp_cachedir_memo memo;
  struct clamp_host_mounts mounts;
  /* Set by clamp_host_check_seccomp: the compiled filter's digest. */
  uint8_t seccomp_digest[32];
  bool has_seccomp_digest;
};

/* Collect the facts (uname, native arch, libseccomp's syscall table) and,
 * for a whole config (kind CLAMP_SPEC_CONFIG), the namespaces and LSMs
 * that policy asks about, and the bundle directory (NULL for a process
 * file) with a resolver of host paths for the mounts rules. With cache_dir (not NULL) the cache
 * there is opened (created 0700 when missing); a cache that cannot be used safely is simply not
 * used. Every host-fact collector is called from here (one call per area). */
void clamp_host_facts(struct clamp_host *host, enum clamp_spec_kind kind,
                      const struct clamp_policy *policy, const char *cache_dir, const char *bundle);
void clamp_host_close(struct clamp_host *host);

/* Prove that spec's linux.seccomp compiles (from the cache when it was
 * proven before). Nothing to do for an absent or empty profile. */
int clamp_host_check_seccomp(const struct clamp_json *spec, struct clamp_host *host,
                             struct clamp_error **err);

/* Parse data (len bytes, kept alive by the caller as long as doc) into
 * doc->root as a spec of kind and check its keys. Errors are prefixed with
 * "<where>: " (where may be NULL). */
int clamp_host_parse(struct clamp_json_doc *doc, const char *data, size_t len, const char *where,
                     enum clamp_spec_kind kind, struct clamp_error **err);

/* Harden doc (parsed by clamp_host_parse) under policy and, for a config
 * in which nothing was denied, prove its seccomp profile compiles.
 * Findings (DENIED included: check clamp_findings_denied) go to findings;
 * unless something was denied, out receives the hardened document,
 * compactly serialized (size_hint: the input's size). Bad input and
 * failures are errors (-1); errors of the rules are prefixed with
 * "<where>: ", a profile that does not compile says "linux.seccomp does
 * not compile". */
int clamp_host_harden(struct clamp_json_doc *doc, size_t size_hint, const char *where,
                      enum clamp_spec_kind kind, const struct clamp_policy *policy,
                      struct clamp_host *host, struct clamp_findings *findings,
                      struct clamp_buf *out, struct clamp_error **err);

/* The collectors behind clamp_host_facts, one per area (src/host_*.c). */

/* The namespaces of PID 1 and of this process, and stat(2) for paths.
 * A namespace file that cannot be stat'ed is left unknown. */
void clamp_host_ns_collect(struct clamp_ns_host *h);

/* AppArmor and SELinux; apparmor_profile (or NULL) is the profile whose
 * loaded state is wanted. */
void clamp_host_lsm_collect(struct clamp_lsm_host *h, const char *apparmor_profile);

/* Whether the text of /sys/kernel/security/apparmor/profiles ("name
 * (mode)" lines) lists profile in enforce mode. Exposed for tests. */
bool clamp_host_apparmor_profile_listed(const char *text, size_t len, const char *profile);

#endif
