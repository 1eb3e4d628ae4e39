/* SPDX-License-Identifier: Apache-2.0 */
/* The rules' own settings in the policy file: lsm, resources, sysctls,
 * env, hooks and annotations (clamp-policy.json(5)). */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "clamp/caps.h"
#include "clamp/exemptions.h"
#include "clamp/harden.h"
#include "clamp/path.h"
#include "clamp/policy_parse.h"
#include "clamp/spec.h"

/* An LSM knob: null (none), or a string valid() accepts. */
static int get_lsm_name(const struct clamp_json *lsm, const char *key, bool (*valid)(const char *),
                        const char *what, const char **out, struct clamp_error **err)
{
  const struct clamp_json *v = clamp_json_object_get(lsm, key);
  if (v == NULL)
    return 0;
  if (clamp_json_is(v, CLAMP_JSON_NULL))
    {
      *out = NULL;
      return 0;
    }
  const char *s;
  if (clamp_spec_get_string(lsm, "lsm", key, &s, err) < 0)
    return -1;
  if (!valid(s))
    {
      _cleanup_free_ char *q = clamp_quote(s, strlen(s));
      return clamp_error_input(err, "lsm.%s: %s is not %s", key, q, what);
    }
  *out = s;
  return 0;
}

/* Printable ASCII without blanks, so that it reads the same in the
 * config, in /sys/kernel/security/apparmor/profiles and in the log. */
static bool plain_word(const char *s, size_t max)
{
  size_t n = strlen(s);
  if (n == 0 || n > max)
    return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] <= ' ' || s[i] > '~')
      return false;
  return true;
}

static bool valid_apparmor_profile(const char *s)
{
  return plain_word(s, 255) && !clamp_lsm_apparmor_unconfined(s);
}

/* user:role:type[:level], with a type that confines. */
static bool valid_selinux_label(const char *s)
{
  size_t colons = 0;
  for (const char *c = s; *c; c++)
    colons += *c == ':';
  const char *a = strchr(s, ':');
  const char *b = a ? strchr(a + 1, ':') : NULL;
  return plain_word(s, 4096) && colons >= 2 && a != s && b != a + 1 && b[1] != '\0' && b[1] != ':'
         && !clamp_lsm_selinux_unconfined(s);
}

int clamp_policy_parse_lsm(struct clamp_policy *p, const struct clamp_json *root,
                           struct clamp_error **err)
{
  static const char *const names[] = { "apparmor_profile", "selinux_label", NULL };
  struct clamp_json *lsm;
  if (clamp_policy_get_object(root, "", "lsm", names, &lsm, err) < 0)
    return -1;
  if (lsm == NULL)
    return 0;
  if (get_lsm_name(lsm, "apparmor_profile", valid_apparmor_profile,
                   "an AppArmor profile name that confines (no blanks, not \"unconfined\")",
                   &p->apparmor_profile, err)
          < 0
      || get_lsm_name(lsm, "selinux_label", valid_selinux_label,
                      "an SELinux label user:role:type[:level] with a type that confines",
                      &p->selinux_label, err)
             < 0)
    return -1;
  return 0;
}

/* One optional number of "resources" in [min, max]: 1 when present. */
static int get_bounded(const struct clamp_json *res, const char *key, int64_t min, int64_t max,
                       const char *why, int64_t *out, struct clamp_error **err)
{
  int64_t v;
  int r = clamp_spec_get_int64(res, "resources", key, &v, err);
  if (r <= 0)
    return r; /* absent or null: *out keeps its value */
  if (v < min || v > max)
    return clamp_error_input(err, "resources.%s: must be from %" PRId64 " to %" PRId64 " (%s)", key,
                             min, max, why);
  *out = v;
  return 1;
}

int clamp_policy_parse_resources(struct clamp_policy *p, const struct clamp_json *root,
                                 struct clamp_error **err)
{
  static const char *const names[] = { "pids_limit", "pids_max",   "memory_limit", "cpu_shares",
                                       "cpu_quota",  "cpu_period", "core_limit",   NULL };
  struct clamp_json *res;
  if (clamp_policy_get_object(root, "", "resources", names, &res, err) < 0)
    return -1;
  if (res == NULL)
    return 0;
  int64_t limit = p->pids_limit, max = -1, v = 0;
  int r;
  if (get_bounded(res, "pids_limit", 1, INT64_MAX, "a number of tasks; 0 or -1 would be unlimited",
                  &limit, err)
          < 0
      || (r = get_bounded(res, "pids_max", 1, INT64_MAX, "a number of tasks", &max, err)) < 0)
    return -1;
  if (r == 0)
    max = limit; /* null: the limit is also the most a container may ask for */
  if (max < limit)
    return clamp_error_input(
        err, "resources.pids_max: %" PRId64 " is below resources.pids_limit (%" PRId64 ")", max,
        limit);
  p->pids_limit = limit;
  p->pids_max = max;
  if ((r = get_bounded(res, "memory_limit", 1048576, INT64_MAX,
                       "bytes; at least 1 MiB, null for no default", &v, err))
      < 0)
    return -1;
  p->memory_limit = r ? v : 0;
  if ((r = get_bounded(res, "cpu_shares", 2, 262144, "the kernel's range for cpu.shares", &v, err))
      < 0)
    return -1;
  p->cpu_shares = r ? (uint64_t)v : 0;
  if ((r = get_bounded(res, "cpu_quota", 1000, INT64_MAX, "microseconds per period, at least 1 ms",
                       &v, err))
      < 0)
    return -1;
  p->cpu_quota = r ? v : 0;
  if ((r = get_bounded(res, "cpu_period", 1000, 1000000,
                       "microseconds, the kernel's range for cfs_period_us", &v, err))
      < 0)
    return -1;
  p->cpu_period = r ? (uint64_t)v : 0;
  if (clamp_json_is(clamp_json_object_get(res, "core_limit"), CLAMP_JSON_NULL))
    return clamp_error_input(err,
                             "resources.core_limit: must be a number of bytes (0: no core "
                             "dumps); set rules.\"rlimits.core\" to \"off\" to leave it alone");
  if ((r = get_bounded(res, "core_limit", 0, INT64_MAX, "bytes", &v, err)) < 0)
    return -1;
  if (r)
    p->core_limit = (uint64_t)v;
  return 0;
}

/* ---- sysctls, env, hooks, annotations ---- */

static bool same_exact(const char *a, const char *b) { return strcmp(a, b) == 0; }

static bool same_nocase(const char *a, const char *b) { return strcasecmp(a, b) == 0; }

static bool same_sysctl(const char *a, const char *b)
{
  _cleanup_free_ char *na = clamp_sysctl_normalize(a);
  _cleanup_free_ char *nb = clamp_sysctl_normalize(b);
  return strcmp(na, nb) == 0;
}

/* A sysctl name: letters, digits and _ - . / (interface names aside,
 * that is all /proc/sys holds), with at least one component. */
static const char *valid_sysctl(const char *s)
{
  size_t n = strlen(s);
  if (n == 0 || strchr("./", s[0]) || strchr("./", s[n - 1]) || strstr(s, "..") || strstr(s, "//")
      || strstr(s, "./") || strstr(s, "/."))
    return "is not a sysctl name (an empty component)";
  for (const char *c = s; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')
          || strchr("_-./", *c)))
      return "is not a sysctl name (letters, digits, _ - . and / only)";
  return NULL;
}

/* A piece of an environment variable's name: printable ASCII without
 * '=' (which ends a name). */
static const char *valid_secret_pattern(const char *s)
{
  if (*s == '\0')
    return "is empty (it would match every variable)";
  for (const char *c = s; *c; c++)
    if (*c <= ' ' || *c > '~' || *c == '=')
      return "cannot be part of a variable name (printable ASCII without spaces or '=' only)";
  return NULL;
}

static const char *valid_hook_path(const char *s)
{
  _cleanup_free_ char *clean = clamp_path_clean(s);
  if (s[0] != '/' || strcmp(clean, s) != 0)
    return "is not an absolute, clean path";
  return NULL;
}

static const char *valid_crun_annotation(const char *s)
{
  return clamp_annotation_is_crun_weakening(s) ? NULL
                                               : "is not an annotation annotations.crun removes";
}

int clamp_policy_parse_sysctls(struct clamp_policy *p, struct clamp_json_doc *doc,
                               const struct clamp_json *root, struct clamp_error **err)
{
  static const char *const names[] = { "allow", NULL };
  struct clamp_json *o;
  if (clamp_policy_get_object(root, "", "sysctls", names, &o, err) < 0)
    return -1;
  if (o == NULL)
    return 0;
  return clamp_policy_get_list(doc, o, "sysctls", "allow", valid_sysctl, same_sysctl,
                               &p->sysctl_allow, &p->n_sysctl_allow, err)
                 < 0
             ? -1
             : 0;
}

int clamp_policy_parse_env(struct clamp_policy *p, struct clamp_json_doc *doc,
                           const struct clamp_json *root, struct clamp_error **err)
{
  static const char *const names[] = { "secret_patterns", NULL };
  struct clamp_json *o;
  if (clamp_policy_get_object(root, "", "env", names, &o, err) < 0)
    return -1;
  if (o == NULL)
    return 0;
  return clamp_policy_get_list(doc, o, "env", "secret_patterns", valid_secret_pattern, same_nocase,
                               &p->env_secret_patterns, &p->n_env_secret_patterns, err)
                 < 0
             ? -1
             : 0;
}

int clamp_policy_parse_hooks(struct clamp_policy *p, struct clamp_json_doc *doc,
                             const struct clamp_json *root, struct clamp_error **err)
{
  static const char *const names[] = { "allow", NULL };
  struct clamp_json *o;
  if (clamp_policy_get_object(root, "", "hooks", names, &o, err) < 0)
    return -1;
  if (o == NULL)
    return 0;
  /* null (or absent): every hook is allowed; a list, even [], restricts. */
  int r = clamp_policy_get_list(doc, o, "hooks", "allow", valid_hook_path, same_exact,
                                &p->hook_allow, &p->n_hook_allow, err);
  if (r < 0)
    return -1;
  p->hooks_restricted = r > 0;
  return 0;
}

int clamp_policy_parse_annotations(struct clamp_policy *p, struct clamp_json_doc *doc,
                                   const struct clamp_json *root, struct clamp_error **err)
{
  static const char *const names[] = { "allow", NULL };
  struct clamp_json *o;
  if (clamp_policy_get_object(root, "", "annotations", names, &o, err) < 0)
    return -1;
  if (o == NULL)
    return 0;
  return clamp_policy_get_list(doc, o, "annotations", "allow", valid_crun_annotation, same_exact,
                               &p->annotation_allow, &p->n_annotation_allow, err)
                 < 0
             ? -1
             : 0;
}
