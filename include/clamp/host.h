/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_HOST_H
#define CLAMP_HOST_H

#include <stdbool.h>

#include "clamp/buildid.h"
#include "clamp/cachedir.h"
#include "clamp/error.h"
#include "clamp/harden.h"
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
};

/* Collect the facts (uname, native arch, libseccomp's syscall table).
 * With cache_dir (not NULL) the cache there is opened (created 0700 when
 * missing); a cache that cannot be used safely is simply not used. Every
 * host-fact collector belongs here (one call per area). */
void clamp_host_facts(struct clamp_host *host, const char *cache_dir);
void clamp_host_close(struct clamp_host *host);

/* Prove that spec's linux.seccomp compiles (from the cache when it was
 * proven before). Nothing to do for an absent or empty profile. */
int clamp_host_check_seccomp(const struct clamp_json *spec, struct clamp_host *host,
                             struct clamp_error **err);

/* Parse data (len bytes, kept alive by the caller as long as doc) into
 * doc as a spec of kind, check its keys, harden it under policy and, for a
 * config in which nothing was denied, prove its seccomp profile compiles.
 * Findings (DENIED included: check clamp_findings_denied) go to findings;
 * unless something was denied, out receives the hardened document,
 * compactly serialized. Bad input and failures are errors (-1); errors
 * of parsing and of the rules are prefixed with "<where>: " (where may be
 * NULL), a profile that does not compile says "linux.seccomp does not
 * compile". */
int clamp_host_harden(struct clamp_json_doc *doc, const char *data, size_t len, const char *where,
                      enum clamp_spec_kind kind, const struct clamp_policy *policy,
                      struct clamp_host *host, struct clamp_findings *findings,
                      struct clamp_buf *out, struct clamp_error **err);

#endif
