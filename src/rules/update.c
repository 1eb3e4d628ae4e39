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

/* --cpu-quota and --cpu-period together are a share of a CPU: neither may
 * take it above the policy's. The container's current period is not
 * known here, so a quota without a period comes with the policy's period,
 * and a period without a quota with the policy's share of it. */
static int clamp_cpu_share_flags(struct clamp_rule_ctx *ctx, struct clamp_command *cmd,
                                 struct clamp_error **err)
{
  const struct clamp_policy *p = ctx->policy;
  if (p->cpu_quota <= 0 || !clamp_rule_enabled(ctx, CLAMP_RULE_RESOURCES_CPU))
    return 0;
  struct clamp_flag_value *qv = &cmd->flags[CLAMP_F_CPU_QUOTA];
  struct clamp_flag_value *pv = &cmd->flags[CLAMP_F_CPU_PERIOD];
  bool has_q = qv->set && qv->s != NULL && *qv->s != '\0';
  bool has_p = pv->set && pv->s != NULL && *pv->s != '\0';
  if (!has_q && !has_p)
    return 0;
  uint64_t period = 0;
  if (has_p)
    {
      int64_t v;
      if (clamp_go_parse_int(pv->s, 10, &v) < 0 || v < 0)
        {
          _cleanup_free_ char *s = clamp_quote(pv->s, strlen(pv->s));
          return clamp_error_input(err,
                                   "update: --cpu-period: invalid value %s (an unsigned decimal "
                                   "number of microseconds)",
                                   s);
        }
      period = (uint64_t)v;
    }
  int64_t q = INT64_MAX; /* a period alone: whatever the current quota is */
  if (has_q && clamp_go_parse_int(qv->s, 10, &q) < 0)
    return 0; /* clamp_quota_flag said so */
  if (has_q && q == 0)
    q = INT64_MAX; /* 0 keeps the current quota */
  uint64_t per = period ? period : p->cpu_period;
  if (per == 0)
    per = 100000;
  int64_t cap = clamp_cpu_quota_cap(p, per);
  if (cap > 0 && q <= cap)
    return 0;
  if (cap < 0)
    {
      /* Too short a period for the policy's share: its quota and period. */
      cap = p->cpu_quota;
      per = p->cpu_period ? p->cpu_period : 100000;
    }
  _cleanup_free_ char *from =
      has_q ? clamp_xasprintf("--cpu-quota %s%s%s", qv->s, has_p ? " --cpu-period " : "",
                              has_p ? pv->s : "")
            : clamp_xasprintf("--cpu-period %s", pv->s);
  _cleanup_free_ char *to =
      clamp_xasprintf("--cpu-quota %" PRId64 " --cpu-period %" PRIu64, cap, per);
  if (clamp_rule_violation(ctx, CLAMP_RULE_RESOURCES_CPU, "update --cpu-quota/--cpu-period", from,
                           to, "more than the policy's share of a CPU (quota/period)"))
    {
      qv->set = true;
      qv->s = clamp_command_own(cmd, clamp_xasprintf("%" PRId64, cap));
      pv->set = true;
      pv->s = clamp_command_own(cmd, clamp_xasprintf("%" PRIu64, per));
    }
  return 0;
}

int clamp_rule_update_flags(struct clamp_rule_ctx *ctx, struct clamp_command *cmd,
                            struct clamp_error **err)
{
  if (clamp_rule_enabled(ctx, CLAMP_RULE_RESOURCES_PIDS))
    clamp_pids_flag(ctx, cmd);
  if (clamp_memory_flag(ctx, cmd, err) < 0 || clamp_quota_flag(ctx, cmd, err) < 0
      || clamp_cpu_share_flags(ctx, cmd, err) < 0)
    return -1;
  return 0;
}
