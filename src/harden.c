/* SPDX-License-Identifier: Apache-2.0 */
/* Findings, the enforce/deny/warn switch every rule goes through, and the
 * order in which the rules run. */
#include "clamp/harden.h"

#include <string.h>

#include "clamp/spec.h"

void clamp_findings_init(struct clamp_findings *f)
{
  f->items = NULL;
  f->len = 0;
  f->cap = 0;
}

void clamp_findings_free(struct clamp_findings *f)
{
  for (size_t i = 0; i < f->len; i++)
    {
      free(f->items[i].field);
      free(f->items[i].from);
      free(f->items[i].to);
      free(f->items[i].reason);
    }
  free(f->items);
  clamp_findings_init(f);
}

static void add(struct clamp_findings *f, enum clamp_rule_id rule, enum clamp_finding_kind kind,
                const char *field, const char *from, const char *to, const char *reason)
{
  if (f->len == f->cap)
    {
      f->cap = f->cap ? f->cap * 2 : 8;
      f->items = clamp_xrealloc(f->items, f->cap * sizeof *f->items);
    }
  struct clamp_finding *x = &f->items[f->len++];
  x->rule = rule;
  x->kind = kind;
  x->field = field ? clamp_xstrdup(field) : NULL;
  x->from = from ? clamp_xstrdup(from) : NULL;
  x->to = to ? clamp_xstrdup(to) : NULL;
  x->reason = reason ? clamp_xstrdup(reason) : NULL;
}

const struct clamp_finding *clamp_findings_denied(const struct clamp_findings *f)
{
  for (size_t i = 0; i < f->len; i++)
    if (f->items[i].kind == CLAMP_FINDING_DENIED)
      return &f->items[i];
  return NULL;
}

char *clamp_finding_format(const struct clamp_finding *f)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  clamp_buf_puts(&b, clamp_rule_info(f->rule)->id);
  if (f->field)
    clamp_buf_printf(&b, ": %s", f->field);
  switch (f->kind)
    {
      case CLAMP_FINDING_CHANGED:
        clamp_buf_printf(&b, ": %s -> %s", f->from ? f->from : "(unset)",
                         f->to ? f->to : "(unset)");
        break;
      case CLAMP_FINDING_DENIED:
        clamp_buf_puts(&b, ": denied");
        break;
      case CLAMP_FINDING_WARNED:
        if (f->from || f->to)
          clamp_buf_printf(&b, ": %s (policy would set %s)", f->from ? f->from : "(unset)",
                           f->to ? f->to : "(unset)");
        break;
      case CLAMP_FINDING_NA:
        clamp_buf_puts(&b, ": not applicable");
        break;
    }
  if (f->reason)
    clamp_buf_printf(&b, " (%s)", f->reason);
  return clamp_buf_steal(&b);
}

char *clamp_field(const char *prefix, const char *name)
{
  if (prefix == NULL || *prefix == '\0')
    return clamp_xstrdup(name);
  return clamp_xasprintf("%s.%s", prefix, name);
}

char *clamp_format_list(const struct clamp_json *arr)
{
  if (clamp_json_is_absent(arr))
    return clamp_xstrdup("(unset)");
  struct clamp_buf b;
  clamp_buf_init(&b);
  clamp_buf_putc(&b, '[');
  for (size_t i = 0; clamp_json_is(arr, CLAMP_JSON_ARRAY) && i < arr->u.arr.len; i++)
    {
      const struct clamp_json *v = arr->u.arr.items[i];
      if (i)
        clamp_buf_puts(&b, ", ");
      if (v->type == CLAMP_JSON_STRING || v->type == CLAMP_JSON_NUMBER)
        clamp_buf_put_escaped(&b, v->u.str.s, v->u.str.len);
      else
        clamp_buf_puts(&b, clamp_json_type_name(v->type));
    }
  clamp_buf_putc(&b, ']');
  return clamp_buf_steal(&b);
}

bool clamp_rule_enabled(const struct clamp_rule_ctx *ctx, enum clamp_rule_id rule)
{
  return ctx->policy->actions[rule] != CLAMP_ACTION_OFF;
}

bool clamp_rule_violation(struct clamp_rule_ctx *ctx, enum clamp_rule_id rule, const char *field,
                          const char *from, const char *to, const char *reason)
{
  switch (ctx->policy->actions[rule])
    {
      case CLAMP_ACTION_OFF:
        return false;
      case CLAMP_ACTION_WARN:
        add(ctx->findings, rule, CLAMP_FINDING_WARNED, field, from, to, reason);
        return false;
      case CLAMP_ACTION_DENY:
        add(ctx->findings, rule, CLAMP_FINDING_DENIED, field, from, to, reason);
        return false;
      case CLAMP_ACTION_ENFORCE:
        add(ctx->findings, rule, CLAMP_FINDING_CHANGED, field, from, to, reason);
        return true;
    }
  return false;
}

void clamp_rule_refuse(struct clamp_rule_ctx *ctx, enum clamp_rule_id rule, const char *field,
                       const char *reason)
{
  switch (ctx->policy->actions[rule])
    {
      case CLAMP_ACTION_OFF:
        return;
      case CLAMP_ACTION_WARN:
        add(ctx->findings, rule, CLAMP_FINDING_WARNED, field, NULL, NULL, reason);
        return;
      case CLAMP_ACTION_DENY:
      case CLAMP_ACTION_ENFORCE:
        add(ctx->findings, rule, CLAMP_FINDING_DENIED, field, NULL, NULL, reason);
        return;
    }
}

void clamp_rule_warn(struct clamp_rule_ctx *ctx, enum clamp_rule_id rule, const char *field,
                     const char *reason)
{
  switch (ctx->policy->actions[rule])
    {
      case CLAMP_ACTION_OFF:
        return;
      case CLAMP_ACTION_WARN:
      case CLAMP_ACTION_ENFORCE:
        add(ctx->findings, rule, CLAMP_FINDING_WARNED, field, NULL, NULL, reason);
        return;
      case CLAMP_ACTION_DENY:
        add(ctx->findings, rule, CLAMP_FINDING_DENIED, field, NULL, NULL, reason);
        return;
    }
}

void clamp_rule_not_applicable(struct clamp_rule_ctx *ctx, enum clamp_rule_id rule,
                               const char *field, const char *reason)
{
  if (clamp_rule_enabled(ctx, rule))
    add(ctx->findings, rule, CLAMP_FINDING_NA, field, NULL, NULL, reason);
}

int clamp_rule_mounts(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                      const struct clamp_mounts **out, struct clamp_error **err)
{
  if (ctx->mounts_of != spec)
    {
      ctx->mounts_of = NULL;
      if (clamp_spec_read_mounts(ctx->doc, spec, &ctx->mounts, err) < 0)
        return -1;
      ctx->mounts_of = spec;
    }
  *out = &ctx->mounts;
  return 0;
}

void clamp_rule_mounts_changed(struct clamp_rule_ctx *ctx) { ctx->mounts_of = NULL; }

/* Rules 1, 2, 4 and 7 and env.secrets on a process object; shared by create and exec. */
static int harden_process_object(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                                 struct clamp_json *process, const char *path,
                                 struct clamp_error **err)
{
  uint32_t input_uid = 0;
  if (clamp_rule_user_process(ctx, process, path, &input_uid, err) < 0)
    return -1;
  if (clamp_rule_caps(ctx, process, path, input_uid, err) < 0)
    return -1;
  if (clamp_rule_no_new_privs(ctx, process, path, err) < 0)
    return -1;
  if (clamp_rule_env_secrets(ctx, process, path, err) < 0)
    return -1;
  return clamp_rule_escapes(ctx, spec, process, path, err);
}

int clamp_harden_config(struct clamp_rule_ctx *ctx, const struct clamp_harden_host *host,
                        struct clamp_error **err)
{
  struct clamp_json *spec = ctx->doc->root;
  struct clamp_json *process;
  int r = clamp_spec_get_object(spec, "", "process", &process, err);
  if (r < 0)
    return -1;
  if (r == 0)
    /* runc refuses this too; clamp says so before anything else. */
    return clamp_error_input(err, "process: missing (a container needs a process to run)");
  if (harden_process_object(ctx, spec, process, "process", err) < 0)
    return -1;
  if (clamp_rule_namespaces(ctx, spec, &host->ns, err) < 0)
    return -1;
  if (clamp_rule_lsm_confined(ctx, process, "process", &host->lsm, err) < 0)
    return -1;
  if (clamp_rule_user_namespace(ctx, spec, err) < 0)
    return -1;
  if (clamp_rule_rootfs(ctx, spec, err) < 0)
    return -1;
  if (clamp_rule_devices(ctx, spec, err) < 0 || clamp_rule_paths(ctx, spec, err) < 0
      || clamp_rule_mounts_host(ctx, spec, host, err) < 0
      || clamp_rule_rlimits(ctx, process, "process", false, err) < 0
      || clamp_rule_resources(ctx, spec, err) < 0 || clamp_rule_personality(ctx, spec, err) < 0
      || clamp_rule_sysctls(ctx, spec, err) < 0 || clamp_rule_hooks(ctx, spec, err) < 0
      || clamp_rule_annotations(ctx, spec, err) < 0)
    return -1;
  /* Last: seccomp's includes/excludes depend on the final capabilities. */
  return clamp_rule_seccomp(ctx, spec, host, err);
}

int clamp_harden_process(struct clamp_rule_ctx *ctx, struct clamp_error **err)
{
  struct clamp_json *process = ctx->doc->root;
  if (harden_process_object(ctx, NULL, process, "", err) < 0
      || clamp_rule_rlimits(ctx, process, "", true, err) < 0)
    return -1;
  return clamp_rule_exec_lsm(ctx, process, "", err);
}
