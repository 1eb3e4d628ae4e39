/* SPDX-License-Identifier: Apache-2.0 */
/* env.secrets: secrets do not travel in environment variables, where
 * `docker inspect`, /proc/PID/environ, crash dumps and child processes
 * show them.
 *
 * | control                                         | what               |
 * |-------------------------------------------------|--------------------|
 * | CIS 4.10 (secrets not in images or their env)   | process.env names  |
 * | NIST SP 800-190 4.1.4 (embedded clear-text      |   matching the     |
 * |   secrets)                                      |   policy's         |
 * |                                                 |   env.secret_      |
 * |                                                 |   patterns, with a |
 * |                                                 |   value            |
 *
 * A name matches when one of the patterns is a case-insensitive substring
 * of it; an empty value is no secret. The default action is warn. There
 * is nothing to rewrite: removing the variable would break the program
 * silently, so enforce refuses the container like deny.
 *
 * The value is never copied anywhere: findings carry the field
 * (process.env[3]) and the name only, errors only the index.
 *
 * Entries are read as runc 1.1 reads them (populateProcessEnvironment):
 * the name is what precedes the first '='. An entry without '=' or with an
 * empty name makes runc fail the container, so this rule passes it over. */
#include <string.h>
#include <strings.h>

#include "clamp/harden.h"
#include "clamp/spec.h"

/* The first pattern found in name[0..len), case-insensitively, or NULL. */
static const char *secret_pattern(const struct clamp_policy *p, const char *name, size_t len)
{
  for (size_t i = 0; i < p->n_env_secret_patterns; i++)
    {
      const char *pat = p->env_secret_patterns[i];
      size_t pl = strlen(pat);
      /* The first byte, with ASCII case folded (a filter: strncasecmp
       * decides), spares most positions a call. */
      unsigned char first = (unsigned char)pat[0] | 0x20;
      for (size_t at = 0; pl > 0 && pl <= len && at <= len - pl; at++)
        if (((unsigned char)name[at] | 0x20) == first && strncasecmp(name + at, pat, pl) == 0)
          return pat;
    }
  return NULL;
}

/* entry is field[i]. */
static void check_entry(struct clamp_rule_ctx *ctx, const char *entry, const char *field, size_t i)
{
  const char *eq = strchr(entry, '=');
  if (eq == NULL || eq == entry || eq[1] == '\0')
    return;
  size_t len = (size_t)(eq - entry);
  const char *pat = secret_pattern(ctx->policy, entry, len);
  if (pat == NULL)
    return;
  _cleanup_free_ char *at = clamp_xasprintf("%s[%zu]", field, i);
  _cleanup_free_ char *name = clamp_quote(entry, len);
  _cleanup_free_ char *qpat = clamp_quote(pat, strlen(pat));
  _cleanup_free_ char *reason = clamp_xasprintf(
      "%s looks like a secret (it contains %s): pass secrets as files or through a secret "
      "store, not in the environment (the value is not shown)",
      name, qpat);
  clamp_rule_refuse(ctx, CLAMP_RULE_ENV_SECRETS, at, reason);
}

void clamp_rule_env_secrets_list(struct clamp_rule_ctx *ctx, const char *const *list, size_t n,
                                 const char *field)
{
  if (!clamp_rule_enabled(ctx, CLAMP_RULE_ENV_SECRETS))
    return;
  for (size_t i = 0; i < n; i++)
    check_entry(ctx, list[i], field, i);
}

int clamp_rule_env_secrets(struct clamp_rule_ctx *ctx, struct clamp_json *process, const char *path,
                           struct clamp_error **err)
{
  if (!clamp_rule_enabled(ctx, CLAMP_RULE_ENV_SECRETS))
    return 0;
  struct clamp_json *env;
  if (clamp_spec_get_array(process, path, "env", &env, err) < 0)
    return -1;
  if (env == NULL)
    return 0;
  _cleanup_free_ char *field = clamp_field(path, "env");
  /* Not clamp_spec_check_string_array: its message would quote nothing
   * of a value today, but this rule promises never to. */
  for (size_t i = 0; i < env->u.arr.len; i++)
    {
      const struct clamp_json *v = env->u.arr.items[i];
      if (!clamp_json_is(v, CLAMP_JSON_STRING))
        return clamp_error_input(err, "%s[%zu]: expected a string, got %s", field, i,
                                 clamp_json_type_name(v->type));
      check_entry(ctx, v->u.str.s, field, i);
    }
  return 0;
}
