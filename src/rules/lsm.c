/* SPDX-License-Identifier: Apache-2.0 */
/* exec.lsm: an exec cannot leave the container's AppArmor or SELinux
 * confinement. lsm.confined: a container is confined by default.
 *
 * | rule         | control            | what                                 |
 * |--------------|--------------------|--------------------------------------|
 * | exec.lsm     | CIS 5.2, 5.3, 5.23 | apparmorProfile "unconfined" and     |
 * |              |                    |   unconfined SELinux types are       |
 * |              |                    |   removed from an exec               |
 * | lsm.confined | CIS 5.2 (AppArmor) | an empty or unconfined profile       |
 * |              |                    |   becomes lsm.apparmor_profile       |
 * |              | CIS 5.3 (SELinux)  | an empty or unconfined label becomes |
 * |              |                    |   lsm.selinux_label                  |
 *
 * lsm.confined depends on the host (struct clamp_lsm_host, from
 * src/host_lsm.c): a host with neither LSM gets a "not applicable"
 * finding; an AppArmor host whose policy profile is not loaded (in
 * enforce mode) gets a warning and the container as it asked (runc would
 * fail on a profile that is not loaded, so it cannot be set; under deny
 * the container is refused); a policy with
 * no profile or label for the host's LSM is "not applicable" too. A
 * profile or label the container chose itself is kept.
 *
 * runc (newInitConfig) uses the process's apparmorProfile and
 * selinuxLabel only when they are non-empty, and the container's
 * otherwise; removing a value that would clear confinement makes the exec
 * inherit the container's. Docker puts "unconfined" into the process of
 * `docker exec --privileged` on AppArmor hosts. */
#include <string.h>

#include "clamp/harden.h"
#include "clamp/spec.h"

bool clamp_lsm_apparmor_unconfined(const char *profile)
{
  /* AppArmor parses the name after "exec " with surrounding blanks
   * ignored; compare the trimmed word. */
  while (*profile == ' ' || *profile == '\t')
    profile++;
  size_t n = strlen(profile);
  while (n > 0 && (profile[n - 1] == ' ' || profile[n - 1] == '\t' || profile[n - 1] == '\n'))
    n--;
  return n == 10 && memcmp(profile, "unconfined", 10) == 0;
}

/* user:role:type[:level]: types that run without confinement. */
bool clamp_lsm_selinux_unconfined(const char *label)
{
  static const char *const types[] = { "unconfined_t", "spc_t",    "container_runtime_t",
                                       "kernel_t",     "initrc_t", "unconfined_service_t" };
  const char *t = strchr(label, ':');
  t = t ? strchr(t + 1, ':') : NULL;
  if (t == NULL)
    return false;
  t++;
  size_t n = strcspn(t, ":");
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(types); i++)
    if (strlen(types[i]) == n && memcmp(t, types[i], n) == 0)
      return true;
  return false;
}

static int drop_if(struct clamp_rule_ctx *ctx, struct clamp_json *process, const char *path,
                   const char *key, bool (*unconfined)(const char *), struct clamp_error **err)
{
  const char *v;
  if (clamp_spec_get_string(process, path, key, &v, err) < 0)
    return -1;
  if (v == NULL || !unconfined(v))
    return 0;
  _cleanup_free_ char *field = clamp_field(path, key);
  _cleanup_free_ char *q = clamp_quote(v, strlen(v));
  if (clamp_rule_violation(ctx, CLAMP_RULE_EXEC_LSM, field, q, "(the container's)",
                           "an exec cannot leave the container's confinement"))
    clamp_json_object_remove(process, key);
  return 0;
}

int clamp_rule_exec_lsm(struct clamp_rule_ctx *ctx, struct clamp_json *process, const char *path,
                        struct clamp_error **err)
{
  if (drop_if(ctx, process, path, "apparmorProfile", clamp_lsm_apparmor_unconfined, err) < 0)
    return -1;
  return drop_if(ctx, process, path, "selinuxLabel", clamp_lsm_selinux_unconfined, err);
}

/* One LSM's field: set it to want (the policy's) when it is empty or
 * unconfined. */
static int confine(struct clamp_rule_ctx *ctx, struct clamp_json *process, const char *path,
                   const char *key, bool (*unconfined)(const char *), const char *lsm,
                   const char *want, const char *knob, bool loaded, struct clamp_error **err)
{
  const char *v;
  if (clamp_spec_get_string(process, path, key, &v, err) < 0)
    return -1;
  if (v != NULL && *v != '\0' && !unconfined(v))
    return 0;
  _cleanup_free_ char *field = clamp_field(path, key);
  if (want == NULL)
    {
      _cleanup_free_ char *r =
          clamp_xasprintf("the host has %s, but the policy's %s is null", lsm, knob);
      clamp_rule_not_applicable(ctx, CLAMP_RULE_LSM_CONFINED, field, r);
      return 0;
    }
  _cleanup_free_ char *w = clamp_quote(want, strlen(want));
  if (!loaded)
    {
      /* Refusing would stop every unconfined container on a host that
       * has not loaded the profile (a node without dockerd, for
       * docker-default): say so, and refuse only under deny. */
      _cleanup_free_ char *r =
          clamp_xasprintf("the container runs unconfined: the %s profile %s (%s) is not loaded "
                          "in enforce mode; load it or name a loaded one",
                          lsm, w, knob);
      clamp_rule_warn(ctx, CLAMP_RULE_LSM_CONFINED, field, r);
      return 0;
    }
  _cleanup_free_ char *from = v != NULL && *v != '\0' ? clamp_quote(v, strlen(v)) : NULL;
  _cleanup_free_ char *r = clamp_xasprintf("containers run confined by %s", lsm);
  if (clamp_rule_violation(ctx, CLAMP_RULE_LSM_CONFINED, field, from, w, r))
    clamp_json_object_set(ctx->doc, process, key, clamp_json_new_string(ctx->doc, want));
  return 0;
}

int clamp_rule_lsm_confined(struct clamp_rule_ctx *ctx, struct clamp_json *process,
                            const char *path, const struct clamp_lsm_host *host,
                            struct clamp_error **err)
{
  const char *v;
  /* Bad types are errors whatever the host. */
  if (clamp_spec_get_string(process, path, "apparmorProfile", &v, err) < 0
      || clamp_spec_get_string(process, path, "selinuxLabel", &v, err) < 0)
    return -1;
  if (!clamp_rule_enabled(ctx, CLAMP_RULE_LSM_CONFINED))
    return 0;
  if (!host->apparmor && !host->selinux)
    {
      clamp_rule_not_applicable(ctx, CLAMP_RULE_LSM_CONFINED, NULL,
                                "the host has neither AppArmor nor SELinux");
      return 0;
    }
  const struct clamp_policy *p = ctx->policy;
  if (host->apparmor
      && confine(ctx, process, path, "apparmorProfile", clamp_lsm_apparmor_unconfined, "AppArmor",
                 p->apparmor_profile, "lsm.apparmor_profile", host->apparmor_profile_loaded, err)
             < 0)
    return -1;
  /* SELinux labels cannot be listed like profiles: a label the policy
   * names is trusted to exist. */
  if (host->selinux
      && confine(ctx, process, path, "selinuxLabel", clamp_lsm_selinux_unconfined, "SELinux",
                 p->selinux_label, "lsm.selinux_label", true, err)
             < 0)
    return -1;
  return 0;
}
