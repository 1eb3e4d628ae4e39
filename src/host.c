/* SPDX-License-Identifier: Apache-2.0 */
/* Host facts and the hardening pipeline shared by clamp and clampctl
 * (host.h). */
#include "clamp/host.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

char *clamp_host_cache_dir(const char *cache_dir_env, const char *xdg_runtime_dir)
{
  if (cache_dir_env != NULL && *cache_dir_env != '\0')
    return clamp_xstrdup(cache_dir_env);
  if (geteuid() == 0)
    return clamp_xstrdup("/run/clamp/seccomp-cache");
  if (xdg_runtime_dir != NULL && xdg_runtime_dir[0] == '/')
    return clamp_xasprintf("%s/clamp/seccomp-cache", xdg_runtime_dir);
  return NULL;
}

void clamp_host_facts(struct clamp_host *host, enum clamp_spec_kind kind,
                      const struct clamp_policy *policy, const char *cache_dir, const char *bundle)
{
  struct utsname u;
  memset(host, 0, sizeof *host);
  host->cache.dirfd = -1;
  if (kind == CLAMP_SPEC_CONFIG && bundle != NULL)
    clamp_host_mounts_init(&host->mounts, bundle, &host->h);
  if (uname(&u) == 0)
    {
      snprintf(host->release, sizeof host->release, "%s", u.release);
      unsigned major = 0, minor = 0;
      if (sscanf(u.release, "%u.%u", &major, &minor) == 2)
        {
          host->h.seccomp.kernel_major = major;
          host->h.seccomp.kernel_minor = minor;
        }
    }
  host->h.seccomp.scmp_arch = clamp_seccomp_native_arch();
  host->h.seccomp.go_arch = clamp_seccomp_native_go_arch();
  host->h.oracle = clamp_seccomp_oracle();
  if (kind == CLAMP_SPEC_CONFIG)
    {
      /* Only a whole config has namespaces and a container's LSM. */
      clamp_host_ns_collect(&host->h.ns);
      clamp_host_lsm_collect(&host->h.lsm, policy->apparmor_profile);
    }
  if (cache_dir == NULL)
    return;
  struct clamp_error *never = NULL; /* opening a cache never fails */
  (void)clamp_seccomp_cache_open(&host->cache, cache_dir, &never);
  char build[CLAMP_BUILD_ID_HEX_MAX], libver[32];
  clamp_build_id_hex(build);
  clamp_seccomp_library_version(libver, sizeof libver);
  /* Without a build ID a rebuilt clamp could not tell its own results from
   * an older build's: then no memo. */
  if (host->cache.dirfd < 0 || build[0] == '\0')
    return;
  snprintf(host->code_id, sizeof host->code_id, "build %s, libseccomp %s", build, libver);
  clamp_cachedir_memo_init(&host->memo, host->cache.dirfd);
  host->h.memo = &host->memo.memo;
  host->h.code_id = host->code_id;
}

void clamp_host_close(struct clamp_host *host)
{
  clamp_seccomp_cache_close(&host->cache);
  clamp_host_mounts_free(&host->mounts);
}

int clamp_host_check_seccomp(const struct clamp_json *spec, struct clamp_host *host,
                             struct clamp_error **err)
{
  const struct clamp_json *seccomp =
      clamp_json_object_get(clamp_json_object_get(spec, "linux"), "seccomp");
  if (clamp_profile_oci_is_empty(seccomp))
    return 0;
  bool cached;
  if (clamp_seccomp_check(&host->cache, seccomp, host->release, host->seccomp_digest, &cached, err)
      < 0)
    return clamp_error_wrap(err, "linux.seccomp does not compile");
  host->has_seccomp_digest = true;
  return 0;
}

static int wrap_where(struct clamp_error **err, const char *where)
{
  return where != NULL ? clamp_error_wrap(err, "%s", where) : -1;
}

int clamp_host_parse(struct clamp_json_doc *doc, const char *data, size_t len, const char *where,
                     enum clamp_spec_kind kind, struct clamp_error **err)
{
  doc->root = clamp_json_parse_in(doc, data, len, err);
  if (doc->root == NULL || clamp_spec_check_keys(doc->root, kind, err) < 0)
    return wrap_where(err, where);
  return 0;
}

int clamp_host_harden(struct clamp_json_doc *doc, size_t size_hint, const char *where,
                      enum clamp_spec_kind kind, const struct clamp_policy *policy,
                      struct clamp_host *host, struct clamp_findings *findings,
                      struct clamp_buf *out, struct clamp_error **err)
{
  struct clamp_rule_ctx ctx = { .doc = doc, .policy = policy, .findings = findings };
  int r = kind == CLAMP_SPEC_CONFIG ? clamp_harden_config(&ctx, &host->h, err)
                                    : clamp_harden_process(&ctx, err);
  if (r < 0)
    return wrap_where(err, where);
  if (clamp_findings_denied(findings) != NULL)
    return 0;
  if (kind == CLAMP_SPEC_CONFIG && clamp_host_check_seccomp(doc->root, host, err) < 0)
    return -1;
  /* Room for the usual result (compact output plus clamp's profile) up
   * front, instead of doubling through a large config. */
  clamp_buf_reserve(out, size_hint + 16384);
  return clamp_json_serialize(doc->root, out, err);
}
