/* SPDX-License-Identifier: Apache-2.0 */
/* Resource limits: a container cannot take the host's tasks, memory or CPU
 * without bound, and its processes dump no core.
 *
 * | rule             | control  | what                                      |
 * |------------------|----------|-------------------------------------------|
 * | resources.pids   | CIS 5.29 | linux.resources.pids.limit: unset, 0 or   |
 * |                  |          |   negative -> policy limit; above the     |
 * |                  |          |   policy maximum -> the maximum           |
 * | resources.memory | CIS 5.11 | linux.resources.memory.limit: unset, 0,   |
 * |                  |          |   -1 or larger -> the policy's (if set)   |
 * | resources.cpu    | CIS 5.12 | cpu.shares unset -> the policy's; no      |
 * |                  |          |   quota -> the policy's quota and period  |
 * | rlimits.core     | CIS 5.19 | RLIMIT_CORE at most the policy's (0)      |
 * | the first three  |          | linux.resources.unified keys that would   |
 * |                  |          |   override them on cgroup v2 are removed  |
 *
 * runc 1.1 (specconv, cgroups/fs) treats 0 as "not set" for every one of
 * these values and -1 as "unlimited". The same functions clamp the
 * resources of `runc update` (-r file), where an absent or 0 value means
 * "keep the current one" and is therefore left alone.
 *
 * A CPU quota the input set keeps its own period: writing the policy's
 * period under it would change the share of CPU it asked for. Where the
 * policy's quota is written, so is its period. */
#include <inttypes.h>
#include <string.h>

#include "clamp/harden.h"
#include "clamp/spec.h"

/* What one resources object is being clamped for. */
struct res
{
  struct clamp_rule_ctx *ctx;
  struct clamp_json *obj;    /* the LinuxResources object, or NULL if absent */
  struct clamp_json *spec;   /* the config (made "linux" on first write), or NULL */
  struct clamp_json *parent; /* linux, or NULL */
  const char *path;          /* "linux.resources" or "update --resources" */
  const char *prefix;        /* "linux.resources." or "update --resources: " */
  bool update;
};

static char *res_field(const struct res *r, const char *name)
{
  return clamp_xasprintf("%s%s", r->prefix, name);
}

/* The resources object, made (with the parent's "resources") on first
 * write. */
static struct clamp_json *res_obj(struct res *r)
{
  if (r->obj != NULL)
    return r->obj;
  if (r->parent == NULL)
    r->parent = clamp_json_object_ensure(r->ctx->doc, r->spec, "linux", CLAMP_JSON_OBJECT);
  r->obj = clamp_json_object_ensure(r->ctx->doc, r->parent, "resources", CLAMP_JSON_OBJECT);
  return r->obj;
}

/* obj.sub.key = v, making sub when needed. */
static void set_member(struct res *r, const char *sub, const char *key, struct clamp_json *v)
{
  struct clamp_json *o = clamp_json_object_ensure(r->ctx->doc, res_obj(r), sub, CLAMP_JSON_OBJECT);
  clamp_json_object_set(r->ctx->doc, o, key, v);
}

/* A sub-object of resources (memory, cpu, pids), type-checked. */
static int sub_obj(const struct res *r, const char *name, struct clamp_json **out,
                   struct clamp_error **err)
{
  *out = NULL;
  if (r->obj == NULL)
    return 0;
  return clamp_spec_get_object(r->obj, r->path, name, out, err);
}

static int get_i64(const struct res *r, const struct clamp_json *o, const char *sub,
                   const char *key, int64_t *out, struct clamp_error **err)
{
  *out = 0;
  if (o == NULL)
    return 0;
  _cleanup_free_ char *p = clamp_xasprintf("%s.%s", r->path, sub);
  return clamp_spec_get_int64(o, p, key, out, err);
}

static int get_u64(const struct res *r, const struct clamp_json *o, const char *sub,
                   const char *key, uint64_t *out, struct clamp_error **err)
{
  *out = 0;
  const struct clamp_json *v = o ? clamp_json_object_get(o, key) : NULL;
  if (clamp_json_is_absent(v))
    return 0;
  if (clamp_spec_number_u64(v, UINT64_MAX, out) < 0)
    {
      _cleanup_free_ char *p = clamp_xasprintf("%s.%s.%s", r->path, sub, key);
      return clamp_spec_type_error(err, p, "an unsigned 64-bit integer", v);
    }
  return 1;
}

static char *show_i64(int present, int64_t v)
{
  return present ? clamp_xasprintf("%" PRId64, v) : clamp_xstrdup("(unset)");
}

static int clamp_pids(struct res *r, struct clamp_error **err)
{
  const struct clamp_policy *p = r->ctx->policy;
  struct clamp_json *pids;
  int64_t limit;
  int has;
  if (sub_obj(r, "pids", &pids, err) < 0
      || (has = get_i64(r, pids, "pids", "limit", &limit, err)) < 0)
    return -1;
  int64_t to;
  if (limit > p->pids_max || limit < 0)
    to = r->update || limit > p->pids_max ? p->pids_max : p->pids_limit;
  else if (limit == 0 && !r->update)
    to = p->pids_limit;
  else
    return 0;
  _cleanup_free_ char *field = res_field(r, "pids.limit");
  _cleanup_free_ char *from = show_i64(has, limit);
  _cleanup_free_ char *tos = clamp_xasprintf("%" PRId64, to);
  const char *why = limit > 0 ? "above the policy's maximum number of tasks"
                              : "a container without a pids limit can fork-bomb the host";
  if (clamp_rule_violation(r->ctx, CLAMP_RULE_RESOURCES_PIDS, field, from, tos, why))
    set_member(r, "pids", "limit", clamp_json_new_int(r->ctx->doc, to));
  return 0;
}

static int clamp_memory(struct res *r, struct clamp_error **err)
{
  int64_t want = r->ctx->policy->memory_limit;
  struct clamp_json *mem;
  int64_t limit;
  int has;
  if (sub_obj(r, "memory", &mem, err) < 0
      || (has = get_i64(r, mem, "memory", "limit", &limit, err)) < 0)
    return -1;
  if (want <= 0 || (limit > 0 && limit <= want) || (r->update && limit == 0))
    return 0;
  _cleanup_free_ char *field = res_field(r, "memory.limit");
  _cleanup_free_ char *from = show_i64(has, limit);
  _cleanup_free_ char *to = clamp_xasprintf("%" PRId64, want);
  if (clamp_rule_violation(r->ctx, CLAMP_RULE_RESOURCES_MEMORY, field, from, to,
                           limit > 0 ? "above the policy's memory limit"
                                     : "a container without a memory limit can exhaust the "
                                       "host's memory"))
    set_member(r, "memory", "limit", clamp_json_new_int(r->ctx->doc, want));
  return 0;
}

/* The kernel's CFS period when none is set. */
#define DEFAULT_CPU_PERIOD 100000

int64_t clamp_cpu_quota_cap(const struct clamp_policy *p, uint64_t period)
{
  if (p->cpu_quota <= 0)
    return 0;
  uint64_t pp = p->cpu_period ? p->cpu_period : DEFAULT_CPU_PERIOD;
  uint64_t per = period ? period : DEFAULT_CPU_PERIOD;
  /* quota/period <= policy quota/policy period. An input period can be
   * any 64-bit number: long double keeps the product from overflowing,
   * and rounding down keeps the share at most the policy's. */
  long double cap = (long double)p->cpu_quota * (long double)per / (long double)pp;
  if (cap < 1000)
    return -1; /* the kernel's smallest quota would be more than the share */
  if (cap >= (long double)INT64_MAX)
    return INT64_MAX;
  return (int64_t)cap;
}

/* A quota the input set, above the policy's share of a CPU for its
 * period (a short period with the same quota is more CPU: the share is
 * what counts). In an update without a period, the container's is not
 * known here: the policy's period is written with the quota. */
static void cap_cpu_share(struct res *r, int64_t quota, bool has_period, uint64_t period)
{
  const struct clamp_policy *p = r->ctx->policy;
  uint64_t per = has_period && period ? period : (r->update ? p->cpu_period : 0);
  int64_t cap = clamp_cpu_quota_cap(p, per);
  if (cap == 0 || (cap > 0 && quota <= cap))
    return;
  /* Too short a period for the share: the policy's quota and period. */
  bool both = cap < 0 || (r->update && !(has_period && period) && p->cpu_period);
  if (cap < 0)
    cap = p->cpu_quota;
  uint64_t pp = p->cpu_period ? p->cpu_period : DEFAULT_CPU_PERIOD;
  _cleanup_free_ char *field = res_field(r, "cpu.quota");
  _cleanup_free_ char *from = clamp_xasprintf("%" PRId64, quota);
  _cleanup_free_ char *to = both ? clamp_xasprintf("%" PRId64 " (period %" PRIu64 ")", cap, pp)
                                 : clamp_xasprintf("%" PRId64, cap);
  if (clamp_rule_violation(r->ctx, CLAMP_RULE_RESOURCES_CPU, field, from, to,
                           "more than the policy's share of a CPU (quota/period)"))
    {
      set_member(r, "cpu", "quota", clamp_json_new_int(r->ctx->doc, cap));
      if (both)
        set_member(r, "cpu", "period", clamp_json_new_uint(r->ctx->doc, pp));
    }
}

static int clamp_cpu(struct res *r, struct clamp_error **err)
{
  const struct clamp_policy *p = r->ctx->policy;
  struct clamp_json *cpu;
  uint64_t shares, period;
  int64_t quota;
  int has_shares, has_quota, has_period;
  if (sub_obj(r, "cpu", &cpu, err) < 0
      || (has_shares = get_u64(r, cpu, "cpu", "shares", &shares, err)) < 0
      || (has_quota = get_i64(r, cpu, "cpu", "quota", &quota, err)) < 0
      || (has_period = get_u64(r, cpu, "cpu", "period", &period, err)) < 0)
    return -1;
  struct clamp_rule_ctx *ctx = r->ctx;
  if (p->cpu_shares != 0 && shares == 0 && !r->update)
    {
      _cleanup_free_ char *field = res_field(r, "cpu.shares");
      _cleanup_free_ char *to = clamp_xasprintf("%" PRIu64, p->cpu_shares);
      if (clamp_rule_violation(ctx, CLAMP_RULE_RESOURCES_CPU, field, has_shares ? "0" : "(unset)",
                               to, "the policy's CPU weight for containers that set none"))
        set_member(r, "cpu", "shares", clamp_json_new_uint(ctx->doc, p->cpu_shares));
    }
  /* No quota: 0 is "not set", a negative one is "unlimited". In an update,
   * 0 keeps the current quota, and a new period alone could raise the
   * share: the policy's share over that period is written with it. */
  if (quota > 0)
    {
      cap_cpu_share(r, quota, has_period > 0, period);
      return 0;
    }
  if (r->update && quota == 0)
    {
      if (has_period > 0 && period > 0 && p->cpu_quota > 0)
        cap_cpu_share(r, INT64_MAX, true, period);
      return 0;
    }
  if (p->cpu_quota != 0)
    {
      _cleanup_free_ char *field = res_field(r, "cpu.quota");
      _cleanup_free_ char *from = show_i64(has_quota, quota);
      _cleanup_free_ char *to = clamp_xasprintf("%" PRId64, p->cpu_quota);
      if (clamp_rule_violation(ctx, CLAMP_RULE_RESOURCES_CPU, field, from, to,
                               "a container without a CPU quota can take every CPU"))
        set_member(r, "cpu", "quota", clamp_json_new_int(ctx->doc, p->cpu_quota));
    }
  /* Without a quota a period means nothing: the policy's quota comes
   * with the policy's period. An update that gives no period keeps the
   * container's. */
  if (p->cpu_period != 0 && period != p->cpu_period && !(r->update && period == 0))
    {
      _cleanup_free_ char *field = res_field(r, "cpu.period");
      _cleanup_free_ char *from =
          has_period ? clamp_xasprintf("%" PRIu64, period) : clamp_xstrdup("(unset)");
      _cleanup_free_ char *to = clamp_xasprintf("%" PRIu64, p->cpu_period);
      if (clamp_rule_violation(ctx, CLAMP_RULE_RESOURCES_CPU, field, from, to,
                               "the period of the policy's CPU quota"))
        set_member(r, "cpu", "period", clamp_json_new_uint(ctx->doc, p->cpu_period));
    }
  return 0;
}

/* linux.resources.unified (cgroup v2 files, written after everything
 * else) could set what the rules above clamped. */
static int clamp_unified(struct res *r, struct clamp_error **err)
{
  static const struct
  {
    const char *key;
    enum clamp_rule_id rule;
  } keys[] = {
    { "pids.max", CLAMP_RULE_RESOURCES_PIDS },      { "memory.max", CLAMP_RULE_RESOURCES_MEMORY },
    { "memory.high", CLAMP_RULE_RESOURCES_MEMORY }, { "cpu.max", CLAMP_RULE_RESOURCES_CPU },
    { "cpu.weight", CLAMP_RULE_RESOURCES_CPU },     { "cpu.weight.nice", CLAMP_RULE_RESOURCES_CPU },
  };
  struct clamp_json *unified;
  if (sub_obj(r, "unified", &unified, err) < 0 || unified == NULL)
    return 0;
  const struct clamp_policy *p = r->ctx->policy;
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(keys); i++)
    {
      const struct clamp_json *v = clamp_json_object_get(unified, keys[i].key);
      if (v == NULL)
        continue;
      /* Memory and CPU are clamped only when the policy sets them. */
      if ((keys[i].rule == CLAMP_RULE_RESOURCES_MEMORY && p->memory_limit == 0)
          || (keys[i].rule == CLAMP_RULE_RESOURCES_CPU && p->cpu_quota == 0 && p->cpu_shares == 0))
        continue;
      _cleanup_free_ char *field = clamp_xasprintf("%sunified[\"%s\"]", r->prefix, keys[i].key);
      _cleanup_free_ char *from = clamp_json_is(v, CLAMP_JSON_STRING)
                                      ? clamp_quote(v->u.str.s, v->u.str.len)
                                      : clamp_xstrdup(clamp_json_type_name(v->type));
      if (clamp_rule_violation(r->ctx, keys[i].rule, field, from, "(removed)",
                               "a cgroup v2 file would override the clamped limit"))
        clamp_json_object_remove(unified, keys[i].key);
    }
  return 0;
}

static int clamp_resources_object(struct res *r, struct clamp_error **err)
{
  if (clamp_rule_enabled(r->ctx, CLAMP_RULE_RESOURCES_PIDS) && clamp_pids(r, err) < 0)
    return -1;
  if (clamp_rule_enabled(r->ctx, CLAMP_RULE_RESOURCES_MEMORY) && clamp_memory(r, err) < 0)
    return -1;
  if (clamp_rule_enabled(r->ctx, CLAMP_RULE_RESOURCES_CPU) && clamp_cpu(r, err) < 0)
    return -1;
  return clamp_unified(r, err);
}

int clamp_rule_resources(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                         struct clamp_error **err)
{
  struct clamp_json *linux_ = NULL, *res = NULL;
  if (clamp_spec_get_object(spec, "", "linux", &linux_, err) < 0
      || (linux_ != NULL && clamp_spec_get_object(linux_, "linux", "resources", &res, err) < 0))
    return -1;
  struct res r = { .ctx = ctx,
                   .obj = res,
                   .spec = spec,
                   .parent = linux_,
                   .path = "linux.resources",
                   .prefix = "linux.resources." };
  return clamp_resources_object(&r, err);
}

int clamp_rule_update_resources(struct clamp_rule_ctx *ctx, struct clamp_json *resources,
                                struct clamp_error **err)
{
  if (!clamp_json_is(resources, CLAMP_JSON_OBJECT))
    return clamp_spec_type_error(err, "update --resources", "an object", resources);
  struct res r = { .ctx = ctx,
                   .obj = resources,
                   .parent = NULL,
                   .path = "update --resources",
                   .prefix = "update --resources: ",
                   .update = true };
  return clamp_resources_object(&r, err);
}

/* RLIMIT_CORE: every entry at most the policy's; one is added when the
 * list has none. A runc exec --process file replaces the container's
 * rlimits only when its list is non-empty (runc 1.1 container_linux.go
 * newInitConfig), so an empty or absent list there is left alone: adding
 * one entry would drop the container's others. */
int clamp_rule_rlimits(struct clamp_rule_ctx *ctx, struct clamp_json *process, const char *path,
                       bool exec, struct clamp_error **err)
{
  struct clamp_json *list;
  if (clamp_spec_get_array(process, path, "rlimits", &list, err) < 0)
    return -1;
  if (!clamp_rule_enabled(ctx, CLAMP_RULE_RLIMITS_CORE))
    return 0;
  uint64_t max = ctx->policy->core_limit;
  _cleanup_free_ char *lpath = clamp_field(path, "rlimits");
  bool seen = false;
  size_t n = list ? list->u.arr.len : 0;
  for (size_t i = 0; i < n; i++)
    {
      struct clamp_json *e = list->u.arr.items[i];
      _cleanup_free_ char *epath = clamp_xasprintf("%s[%zu]", lpath, i);
      if (!clamp_json_is(e, CLAMP_JSON_OBJECT))
        return clamp_spec_type_error(err, epath, "an object", e);
      const char *type;
      if (clamp_spec_get_string(e, epath, "type", &type, err) < 0)
        return -1;
      uint64_t v[2] = { 0, 0 };
      static const char *const keys[] = { "hard", "soft" };
      for (size_t k = 0; k < 2; k++)
        {
          const struct clamp_json *x = clamp_json_object_get(e, keys[k]);
          if (!clamp_json_is_absent(x) && clamp_spec_number_u64(x, UINT64_MAX, &v[k]) < 0)
            {
              _cleanup_free_ char *f = clamp_xasprintf("%s.%s", epath, keys[k]);
              return clamp_spec_type_error(err, f, "an unsigned 64-bit integer", x);
            }
        }
      /* runc matches the type name exactly. */
      if (type == NULL || strcmp(type, "RLIMIT_CORE") != 0)
        continue;
      seen = true;
      if (v[0] <= max && v[1] <= max)
        continue;
      _cleanup_free_ char *from = clamp_xasprintf("hard %" PRIu64 ", soft %" PRIu64, v[0], v[1]);
      uint64_t h = v[0] < max ? v[0] : max, s = v[1] < max ? v[1] : max;
      _cleanup_free_ char *to = clamp_xasprintf("hard %" PRIu64 ", soft %" PRIu64, h, s);
      if (clamp_rule_violation(ctx, CLAMP_RULE_RLIMITS_CORE, epath, from, to,
                               "core dumps can leak secrets and fill the host's disk"))
        {
          clamp_json_object_set(ctx->doc, e, "hard", clamp_json_new_uint(ctx->doc, h));
          clamp_json_object_set(ctx->doc, e, "soft", clamp_json_new_uint(ctx->doc, s));
        }
    }
  if (seen || (exec && n == 0))
    return 0;
  _cleanup_free_ char *to =
      clamp_xasprintf("RLIMIT_CORE hard %" PRIu64 ", soft %" PRIu64, max, max);
  if (!clamp_rule_violation(ctx, CLAMP_RULE_RLIMITS_CORE, lpath, "(no RLIMIT_CORE)", to,
                            "without one the container inherits the runtime's core limit"))
    return 0;
  struct clamp_json *arr = clamp_json_object_ensure(ctx->doc, process, "rlimits", CLAMP_JSON_ARRAY);
  struct clamp_json *e = clamp_json_new_object(ctx->doc);
  clamp_json_object_set(ctx->doc, e, "type", clamp_json_new_string(ctx->doc, "RLIMIT_CORE"));
  clamp_json_object_set(ctx->doc, e, "hard", clamp_json_new_uint(ctx->doc, max));
  clamp_json_object_set(ctx->doc, e, "soft", clamp_json_new_uint(ctx->doc, max));
  clamp_json_array_append(ctx->doc, arr, e);
  return 0;
}
