/* SPDX-License-Identifier: Apache-2.0 */
/* runc exec's flags get the same rules as a process file: exec can never
 * gain what create could not (DESIGN.md invariant 5).
 *
 * | rule                      | flag                                       |
 * |---------------------------|--------------------------------------------|
 * | user.nonroot              | --user/-u UID[:GID], --additional-gids/-g  |
 * | caps.allowlist            | --cap/-c                                   |
 * | process.no-new-privileges | --no-new-privs (always on)                 |
 * | exec.lsm                  | --apparmor, --process-label                |
 * | escape.proc-fd            | --cwd                                      |
 * | env.secrets               | --env/-e NAME=value (name only is shown)   |
 * | CIS 5.23, 5.24            | docker exec --privileged / --user root     |
 *
 * runc 1.1 (exec.go getProcess) parses --user with strconv.Atoi and
 * truncates to uint32, so "4294967296", "+0" and "-4294967296" are all uid
 * 0; --additional-gids with ParseInt(s, 10, 64), refusing negatives, then
 * truncating. clamp reads them the same way and hands runc decimals. */
#include <inttypes.h>
#include <string.h>

#include "clamp/caps.h"
#include "clamp/harden.h"
#include "clamp/path.h"

static int atoi_u32(const char *s, const char *what, uint32_t *out, struct clamp_error **err)
{
  int64_t v;
  if (clamp_go_parse_int(s, 10, &v) < 0)
    {
      _cleanup_free_ char *q = clamp_quote(s, strlen(s));
      return clamp_error_input(err, "exec: --user: parsing %s as int for %s failed", q, what);
    }
  *out = (uint32_t)(uint64_t)v; /* Go's uint32(int) conversion */
  return 0;
}

static int clamp_user(struct clamp_rule_ctx *ctx, struct clamp_command *cmd,
                      struct clamp_error **err)
{
  struct clamp_flag_value *v = &cmd->flags[CLAMP_F_USER];
  if (!v->set || v->s == NULL || *v->s == '\0')
    {
      v->set = false; /* runc ignores an empty --user */
      return 0;
    }
  const char *colon = strchr(v->s, ':');
  _cleanup_free_ char *uid_s =
      colon ? clamp_xstrndup(v->s, (size_t)(colon - v->s)) : clamp_xstrdup(v->s);
  uint32_t uid, gid = 0;
  /* runc parses the gid first, so its error wins. */
  if (colon && atoi_u32(colon + 1, "gid", &gid, err) < 0)
    return -1;
  if (atoi_u32(uid_s, "uid", &uid, err) < 0)
    return -1;
  if (uid == 0)
    {
      _cleanup_free_ char *to = clamp_xasprintf("%" PRIu32, ctx->policy->uid);
      if (clamp_rule_violation(ctx, CLAMP_RULE_USER_NONROOT, "exec --user (uid)", "0", to,
                               "exec must not run as root"))
        uid = ctx->policy->uid;
    }
  if (colon && gid == 0)
    {
      _cleanup_free_ char *to = clamp_xasprintf("%" PRIu32, ctx->policy->gid);
      if (clamp_rule_violation(ctx, CLAMP_RULE_USER_NONROOT, "exec --user (gid)", "0", to,
                               "exec must not run with the root group"))
        gid = ctx->policy->gid;
    }
  v->s = colon ? clamp_command_own(cmd, clamp_xasprintf("%" PRIu32 ":%" PRIu32, uid, gid))
               : clamp_command_own(cmd, clamp_xasprintf("%" PRIu32, uid));
  return 0;
}

static int clamp_gids(struct clamp_rule_ctx *ctx, struct clamp_command *cmd,
                      struct clamp_error **err)
{
  struct clamp_flag_value *v = &cmd->flags[CLAMP_F_ADDITIONAL_GIDS];
  if (!v->set)
    return 0;
  _cleanup_free_ const char **kept = clamp_xcalloc(v->n + 1, sizeof *kept);
  size_t n = 0;
  for (size_t i = 0; i < v->n; i++)
    {
      int64_t g;
      if (clamp_go_parse_int(v->list[i], 10, &g) < 0 || g < 0)
        {
          _cleanup_free_ char *q = clamp_quote(v->list[i], strlen(v->list[i]));
          return clamp_error_input(err,
                                   "exec: --additional-gids must be a positive number, "
                                   "got %s",
                                   q);
        }
      uint32_t g32 = (uint32_t)(uint64_t)g;
      if (g32 == 0
          && clamp_rule_violation(ctx, CLAMP_RULE_USER_NONROOT, "exec --additional-gids",
                                  v->list[i], "(dropped)",
                                  "group 0 (root) is not allowed as a supplementary group"))
        continue;
      kept[n++] = clamp_command_own(cmd, clamp_xasprintf("%" PRIu32, g32));
    }
  clamp_command_set_list(cmd, CLAMP_F_ADDITIONAL_GIDS, kept, n);
  v->set = n > 0;
  return 0;
}

static void clamp_caps(struct clamp_rule_ctx *ctx, struct clamp_command *cmd)
{
  struct clamp_flag_value *v = &cmd->flags[CLAMP_F_CAP];
  if (!v->set)
    return;
  _cleanup_free_ const char **kept = clamp_xcalloc(v->n + 1, sizeof *kept);
  size_t n = 0;
  for (size_t i = 0; i < v->n; i++)
    {
      const char *c = v->list[i];
      bool ok = clamp_cap_is_canonical(c) && clamp_policy_cap_allowed(ctx->policy, c);
      _cleanup_free_ char *q = clamp_quote(c, strlen(c));
      if (!ok
          && clamp_rule_violation(ctx, CLAMP_RULE_CAPS_ALLOWLIST, "exec --cap", q, "(dropped)",
                                  clamp_cap_is_canonical(c)
                                      ? "not on the capability allowlist"
                                      : "not a capability name runc recognises"))
        continue;
      kept[n++] = c;
    }
  clamp_command_set_list(cmd, CLAMP_F_CAP, kept, n);
  v->set = n > 0;
}

static void clamp_lsm_flag(struct clamp_rule_ctx *ctx, struct clamp_command *cmd,
                           enum clamp_flag_id id, bool (*unconfined)(const char *))
{
  struct clamp_flag_value *v = &cmd->flags[id];
  if (!v->set || v->s == NULL || !unconfined(v->s))
    return;
  _cleanup_free_ char *field = clamp_xasprintf("exec --%s", clamp_cli_flag_name(id));
  _cleanup_free_ char *q = clamp_quote(v->s, strlen(v->s));
  if (clamp_rule_violation(ctx, CLAMP_RULE_EXEC_LSM, field, q, "(the container's)",
                           "an exec cannot leave the container's confinement"))
    v->set = false;
}

int clamp_rule_exec_flags(struct clamp_rule_ctx *ctx, struct clamp_command *cmd,
                          struct clamp_error **err)
{
  if (clamp_rule_enabled(ctx, CLAMP_RULE_USER_NONROOT)
      && (clamp_user(ctx, cmd, err) < 0 || clamp_gids(ctx, cmd, err) < 0))
    return -1;
  if (clamp_rule_enabled(ctx, CLAMP_RULE_CAPS_ALLOWLIST))
    clamp_caps(ctx, cmd);

  /* Without the flag runc keeps the process's (hardened) value and
   * --no-new-privs=false would turn it off: always pass it on. Only an
   * explicit "false" is a finding; adding the flag changes nothing else. */
  struct clamp_flag_value *nnp = &cmd->flags[CLAMP_F_NO_NEW_PRIVS];
  if (clamp_rule_enabled(ctx, CLAMP_RULE_NO_NEW_PRIVS) && !(nnp->set && nnp->b))
    {
      bool enforce = ctx->policy->actions[CLAMP_RULE_NO_NEW_PRIVS] == CLAMP_ACTION_ENFORCE;
      if (nnp->set)
        enforce =
            clamp_rule_violation(ctx, CLAMP_RULE_NO_NEW_PRIVS, "exec --no-new-privs", "false",
                                 "true", "no-new-privileges cannot be turned off for an exec");
      if (enforce)
        {
          nnp->set = true;
          nnp->b = true;
        }
    }
  if (clamp_rule_enabled(ctx, CLAMP_RULE_EXEC_LSM))
    {
      clamp_lsm_flag(ctx, cmd, CLAMP_F_APPARMOR, clamp_lsm_apparmor_unconfined);
      clamp_lsm_flag(ctx, cmd, CLAMP_F_PROCESS_LABEL, clamp_lsm_selinux_unconfined);
    }
  struct clamp_flag_value *cwd = &cmd->flags[CLAMP_F_CWD];
  if (clamp_rule_enabled(ctx, CLAMP_RULE_PROC_FD) && cwd->set && cwd->s != NULL)
    {
      _cleanup_free_ char *clean = clamp_path_clean(cwd->s);
      if (clamp_path_is_proc_fd(clean))
        clamp_rule_refuse(ctx, CLAMP_RULE_PROC_FD, "exec --cwd",
                          "paths under /proc/<pid>/fd, root or cwd are magic links that can "
                          "lead out of the container (CVE-2024-21626)");
    }
  /* runc exec --env NAME=value: the same check as process.env. */
  const struct clamp_flag_value *env = &cmd->flags[CLAMP_F_ENV];
  if (env->set)
    clamp_rule_env_secrets_list(ctx, env->list, env->n, "exec --env");
  return 0;
}
