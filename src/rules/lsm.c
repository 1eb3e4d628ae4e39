/* SPDX-License-Identifier: Apache-2.0 */
/* exec.lsm: an exec cannot leave the container's AppArmor or SELinux
 * confinement.
 *
 * | control               | what                                         |
 * |-----------------------|----------------------------------------------|
 * | CIS 5.2, 5.3, 5.23    | apparmorProfile "unconfined" and unconfined  |
 * |                       |   SELinux types are removed from an exec     |
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
