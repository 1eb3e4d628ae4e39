/* SPDX-License-Identifier: Apache-2.0 */
/* clampctl check's report (report.h). Written over clamp_rule_info() and
 * CLAMP_RULE__COUNT only, so that new rules appear without edits here. */
#include "clamp/report.h"

#include <string.h>

#include "clamp/sha256.h"

static const char *const status_names[] = {
  [CLAMP_REPORT_PASS] = "pass", [CLAMP_REPORT_CHANGE] = "change", [CLAMP_REPORT_DENY] = "deny",
  [CLAMP_REPORT_WARN] = "warn", [CLAMP_REPORT_NA] = "n/a",        [CLAMP_REPORT_OFF] = "off",
};

const char *clamp_report_status_name(enum clamp_report_status s) { return status_names[s]; }

/* Higher wins when a rule has several findings. */
static int rank(enum clamp_report_status s)
{
  switch (s)
    {
      case CLAMP_REPORT_DENY:
        return 5;
      case CLAMP_REPORT_CHANGE:
        return 4;
      case CLAMP_REPORT_WARN:
        return 3;
      case CLAMP_REPORT_NA:
        return 2;
      case CLAMP_REPORT_PASS:
      case CLAMP_REPORT_OFF:
        break;
    }
  return 1;
}

static enum clamp_report_status of_kind(enum clamp_finding_kind k)
{
  switch (k)
    {
      case CLAMP_FINDING_CHANGED:
        return CLAMP_REPORT_CHANGE;
      case CLAMP_FINDING_DENIED:
        return CLAMP_REPORT_DENY;
      case CLAMP_FINDING_WARNED:
        return CLAMP_REPORT_WARN;
      case CLAMP_FINDING_NA:
        break;
    }
  return CLAMP_REPORT_NA;
}

void clamp_report_build(struct clamp_report *r, const struct clamp_findings *findings,
                        const struct clamp_policy *policy, unsigned scope)
{
  memset(r, 0, sizeof *r);
  r->findings = findings;
  r->warnings_count = policy->mode == CLAMP_MODE_WARN;
  for (size_t i = 0; i < CLAMP_RULE__COUNT; i++)
    {
      enum clamp_rule_id id = (enum clamp_rule_id)i;
      r->rows[i].status = policy->actions[i] == CLAMP_ACTION_OFF ? CLAMP_REPORT_OFF
                          : clamp_rule_in_scope(id, scope)       ? CLAMP_REPORT_PASS
                                                                 : CLAMP_REPORT_NA;
    }
  for (size_t i = 0; i < findings->len; i++)
    {
      const struct clamp_finding *f = &findings->items[i];
      if ((size_t)f->rule >= CLAMP_RULE__COUNT)
        continue;
      struct clamp_report_row *row = &r->rows[f->rule];
      enum clamp_report_status s = of_kind(f->kind);
      if (s != CLAMP_REPORT_NA)
        row->n_findings++;
      if (rank(s) > rank(row->status))
        row->status = s;
    }
  for (size_t i = 0; i < CLAMP_RULE__COUNT; i++)
    {
      r->n_change += r->rows[i].status == CLAMP_REPORT_CHANGE;
      r->n_deny += r->rows[i].status == CLAMP_REPORT_DENY;
      r->n_warn += r->rows[i].status == CLAMP_REPORT_WARN;
    }
}

bool clamp_report_has_findings(const struct clamp_report *r)
{
  return r->n_change + r->n_deny > 0 || (r->warnings_count && r->n_warn > 0);
}

static void finding_line(struct clamp_buf *b, const struct clamp_finding *f)
{
  clamp_buf_puts(b, f->field ? f->field : "(input)");
  switch (f->kind)
    {
      case CLAMP_FINDING_CHANGED:
        clamp_buf_printf(b, ": %s -> %s", f->from ? f->from : "(unset)", f->to ? f->to : "(unset)");
        break;
      case CLAMP_FINDING_DENIED:
        clamp_buf_puts(b, ": would be refused");
        break;
      case CLAMP_FINDING_WARNED:
        if (f->from || f->to)
          clamp_buf_printf(b, ": %s (policy would set %s)", f->from ? f->from : "(unset)",
                           f->to ? f->to : "(unset)");
        break;
      case CLAMP_FINDING_NA:
        clamp_buf_puts(b, ": not applicable");
        break;
    }
  if (f->reason)
    clamp_buf_printf(b, ": %s", f->reason);
}

char *clamp_report_text(const struct clamp_report *r, const char *input)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  size_t width = 4;
  for (size_t i = 0; i < CLAMP_RULE__COUNT; i++)
    {
      size_t n = strlen(clamp_rule_info((enum clamp_rule_id)i)->id);
      width = n > width ? n : width;
    }
  clamp_buf_printf(&b, "%s\n", input);
  clamp_buf_printf(&b, "  %-6s  %-*s  %s\n", "STATUS", (int)width, "RULE", "CONTROL");
  for (size_t i = 0; i < CLAMP_RULE__COUNT; i++)
    {
      const struct clamp_rule_info *info = clamp_rule_info((enum clamp_rule_id)i);
      clamp_buf_printf(&b, "  %-6s  %-*s  %s\n", status_names[r->rows[i].status], (int)width,
                       info->id, info->control);
      for (size_t j = 0; j < r->findings->len; j++)
        {
          const struct clamp_finding *f = &r->findings->items[j];
          if ((size_t)f->rule != i || f->kind == CLAMP_FINDING_NA)
            continue;
          clamp_buf_printf(&b, "  %-6s  %*s  ", "", (int)width, "");
          finding_line(&b, f);
          clamp_buf_putc(&b, '\n');
        }
    }
  if (r->n_change + r->n_deny == 0 && r->n_warn > 0)
    clamp_buf_printf(&b, "nothing would change or be denied; %zu rule%s warn%s\n", r->n_warn,
                     r->n_warn == 1 ? "" : "s", r->n_warn == 1 ? "s" : "");
  else if (r->n_change + r->n_deny + r->n_warn > 0)
    clamp_buf_printf(&b, "%zu rule%s would change the input, %zu would deny it, %zu warn%s\n",
                     r->n_change, r->n_change == 1 ? "" : "s", r->n_deny, r->n_warn,
                     r->n_warn == 1 ? "s" : "");
  else
    clamp_buf_puts(&b, "no findings\n");
  return clamp_buf_steal(&b);
}

static void set_string(struct clamp_json_doc *d, struct clamp_json *o, const char *key,
                       const char *value)
{
  if (value != NULL)
    clamp_json_object_set(d, o, key, clamp_json_new_string(d, value));
}

static const char *const outcomes[] = {
  [CLAMP_FINDING_CHANGED] = "changed",
  [CLAMP_FINDING_DENIED] = "denied",
  [CLAMP_FINDING_WARNED] = "warned",
  [CLAMP_FINDING_NA] = "not applicable",
};

char *clamp_report_json(const struct clamp_report *r, const char *input,
                        const struct clamp_policy *policy, struct clamp_error **err)
{
  _cleanup_json_doc_ struct clamp_json_doc *d = clamp_json_doc_new();
  struct clamp_json *o = clamp_json_new_object(d);
  set_string(d, o, "input", input);
  struct clamp_json *p = clamp_json_new_object(d);
  set_string(d, p, "source", policy->source);
  char hex[65];
  clamp_sha256_hex(policy->digest, hex);
  set_string(d, p, "sha256", hex);
  clamp_json_object_set(d, o, "policy", p);
  struct clamp_json *sum = clamp_json_new_object(d);
  clamp_json_object_set(d, sum, "change", clamp_json_new_uint(d, r->n_change));
  clamp_json_object_set(d, sum, "deny", clamp_json_new_uint(d, r->n_deny));
  clamp_json_object_set(d, sum, "warn", clamp_json_new_uint(d, r->n_warn));
  clamp_json_object_set(d, o, "summary", sum);
  struct clamp_json *rules = clamp_json_new_array(d);
  for (size_t i = 0; i < CLAMP_RULE__COUNT; i++)
    {
      const struct clamp_rule_info *info = clamp_rule_info((enum clamp_rule_id)i);
      struct clamp_json *row = clamp_json_new_object(d);
      set_string(d, row, "rule", info->id);
      set_string(d, row, "control", info->control);
      set_string(d, row, "action", clamp_policy_action_name(policy->actions[i]));
      set_string(d, row, "status", status_names[r->rows[i].status]);
      struct clamp_json *fs = clamp_json_new_array(d);
      for (size_t j = 0; j < r->findings->len; j++)
        {
          const struct clamp_finding *f = &r->findings->items[j];
          if ((size_t)f->rule != i)
            continue;
          struct clamp_json *x = clamp_json_new_object(d);
          set_string(d, x, "outcome", outcomes[f->kind]);
          set_string(d, x, "field", f->field);
          set_string(d, x, "from", f->from);
          set_string(d, x, "to", f->to);
          set_string(d, x, "reason", f->reason);
          clamp_json_array_append(d, fs, x);
        }
      clamp_json_object_set(d, row, "findings", fs);
      clamp_json_array_append(d, rules, row);
    }
  clamp_json_object_set(d, o, "rules", rules);
  return clamp_json_serialize_line(o, NULL, err);
}

char *clamp_report_changes(const struct clamp_findings *findings)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  for (size_t i = 0; i < findings->len; i++)
    {
      const struct clamp_finding *f = &findings->items[i];
      if (f->kind != CLAMP_FINDING_CHANGED && f->kind != CLAMP_FINDING_WARNED)
        continue;
      const struct clamp_rule_info *info = clamp_rule_info(f->rule);
      clamp_buf_printf(&b, "%s%s (%s): ", f->kind == CLAMP_FINDING_WARNED ? "warning: " : "",
                       info->id, info->control);
      finding_line(&b, f);
      clamp_buf_putc(&b, '\n');
    }
  return clamp_buf_steal(&b);
}
