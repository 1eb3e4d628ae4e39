/* SPDX-License-Identifier: Apache-2.0 */
/* runc update's flags: the limits a container was created with cannot be
 * lifted above the policy afterwards.
 *
 * | rule             | flag          | what                                |
 * |------------------|---------------|-------------------------------------|
 * | resources.pids   | --pids-limit  | negative or above the maximum ->    |
 * |                  |               |   the policy's maximum              |
 * | resources.memory | --memory      | -1 or above the policy's limit ->   |
 * |                  |               |   the limit (if the policy sets one)|
 * | resources.cpu    | --cpu-quota   | negative -> the policy's quota (if  |
 * |                  |               |   it sets one)                      |
 *
 * runc 1.1 (update.go) reads --pids-limit as a Go int (base prefixes
 * allowed), --cpu-quota with ParseInt(s, 10, 64) and --memory with
 * go-units RAMInBytes ("-1" meaning unlimited); 0 or an empty value keeps
 * the current limit. clamp reads them the same way and hands runc
 * canonical decimals, so runc sets exactly what clamp checked. The -r file
 * is clamped by clamp_rule_update_resources (src/rules/resources.c). */
#include <inttypes.h>
#include <string.h>

#include "clamp/harden.h"

static void clamp_pids_flag(struct clamp_rule_ctx *ctx, struct clamp_command *cmd)
{
  struct clamp_flag_value *v = &cmd->flags[CLAMP_F_PIDS_LIMIT];
  int64_t max = ctx->policy->pids_max;
  if (!v->set || (v->i >= 0 && v->i <= max))
    return;
  _cleanup_free_ char *from = clamp_xasprintf("%" PRId64, v->i);
  _cleanup_free_ char *to = clamp_xasprintf("%" PRId64, max);
  if (clamp_rule_violation(ctx, CLAMP_RULE_RESOURCES_PIDS, "update --pids-limit", from, to,
                           v->i < 0 ? "a pids limit cannot be lifted"
                                    : "above the policy's maximum number of tasks"))
    v->i = max;
}

static int clamp_memory_flag(struct clamp_rule_ctx *ctx, struct clamp_command *cmd,
                             struct clamp_error **err)
{
  struct clamp_flag_value *v = &cmd->flags[CLAMP_F_MEMORY];
  if (!v->set || v->s == NULL || *v->s == '\0')
    return 0;
  int64_t m = -1;
  if (strcmp(v->s, "-1") != 0)
    {
      int r = clamp_go_ram_in_bytes(v->s, &m);
      if (r < 0)
        {
          _cleanup_free_ char *q = clamp_quote(v->s, strlen(v->s));
          return clamp_error_input(err,
                                   r == -1 ? "update: --memory: invalid size %s (bytes, with an "
                                             "optional k, m, g, t or p)"
                                           : "update: --memory: %s is out of range",
                                   q);
        }
    }
  int64_t want = ctx->policy->memory_limit;
  if (want > 0 && clamp_rule_enabled(ctx, CLAMP_RULE_RESOURCES_MEMORY) && (m < 0 || m > want))
    {
      _cleanup_free_ char *from = clamp_quote(v->s, strlen(v->s));
      _cleanup_free_ char *to = clamp_xasprintf("%" PRId64, want);
      if (clamp_rule_violation(ctx, CLAMP_RULE_RESOURCES_MEMORY, "update --memory", from, to,
                               m < 0 ? "a memory limit cannot be lifted"
                                     : "above the policy's memory limit"))
        m = want;
    }
  v->s = clamp_command_own(cmd, clamp_xasprintf("%" PRId64, m));
  return 0;
}

static int clamp_quota_flag(struct clamp_rule_ctx *ctx, struct clamp_command *cmd,
                            struct clamp_error **err)
{
  struct clamp_flag_value *v = &cmd->flags[CLAMP_F_CPU_QUOTA];
  if (!v->set || v->s == NULL || *v->s == '\0')
    return 0;
  int64_t q;
  if (clamp_go_parse_int(v->s, 10, &q) < 0)
    {
      _cleanup_free_ char *s = clamp_quote(v->s, strlen(v->s));
      return clamp_error_input(err,
                               "update: --cpu-quota: invalid value %s (a signed 64-bit "
                               "decimal number of microseconds)",
                               s);
    }
  int64_t want = ctx->policy->cpu_quota;
  if (want > 0 && q < 0 && clamp_rule_enabled(ctx, CLAMP_RULE_RESOURCES_CPU))
    {
      _cleanup_free_ char *from = clamp_xasprintf("%" PRId64, q);
      _cleanup_free_ char *to = clamp_xasprintf("%" PRId64, want);
      if (clamp_rule_violation(ctx, CLAMP_RULE_RESOURCES_CPU, "update --cpu-quota", from, to,
                               "a CPU quota cannot be lifted"))
        q = want;
    }
  v->s = clamp_command_own(cmd, clamp_xasprintf("%" PRId64, q));
  return 0;
}

int clamp_rule_update_flags(struct clamp_rule_ctx *ctx, struct clamp_command *cmd,
                            struct clamp_error **err)
{
  if (clamp_rule_enabled(ctx, CLAMP_RULE_RESOURCES_PIDS))
    clamp_pids_flag(ctx, cmd);
  if (clamp_memory_flag(ctx, cmd, err) < 0 || clamp_quota_flag(ctx, cmd, err) < 0)
    return -1;
  return 0;
}
