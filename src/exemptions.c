/* SPDX-License-Identifier: Apache-2.0 */
/* Exemptions (include/clamp/exemptions.h): the policy for one container,
 * relaxed by the exemptions its annotations match. Pure: the policy and
 * the annotations in, the effective policy out. */
#include "clamp/exemptions.h"

#include <string.h>

#include "clamp/spec.h"

void clamp_effective_policy_init(struct clamp_effective_policy *e)
{
  memset(e, 0, sizeof *e);
  clamp_policy_default(&e->policy);
}

void clamp_effective_policy_free(struct clamp_effective_policy *e)
{
  free(e->matched);
  free(e->caps);
  clamp_effective_policy_init(e);
}

int clamp_action_strictness(enum clamp_action a)
{
  switch (a)
    {
      case CLAMP_ACTION_OFF:
        return 0;
      case CLAMP_ACTION_WARN:
        return 1;
      case CLAMP_ACTION_ENFORCE:
        return 2;
      case CLAMP_ACTION_DENY:
        return 3;
    }
  return 3;
}

const char *clamp_exemption_rule_fixed(enum clamp_rule_id rule)
{
  switch (rule)
    {
      case CLAMP_RULE_RUNTIME_FLAGS:
      case CLAMP_RULE_RESTORE:
        return "it is decided from runc's command line, before config.json and its annotations "
               "are read";
      case CLAMP_RULE_EXEC_LSM:
        return "only runc exec uses it, and exec gets no exemptions";
      default:
        return NULL;
    }
}

/* The annotation's value as runc sees it: "" for null (check_annotations
 * has refused every other type). */
static const char *annotation_value(const struct clamp_json *v)
{
  return clamp_json_is(v, CLAMP_JSON_STRING) ? v->u.str.s : "";
}

static bool matches(const struct clamp_exemption *x, const struct clamp_json *annotations)
{
  for (size_t i = 0; i < x->n_match; i++)
    {
      const struct clamp_json *v =
          annotations ? clamp_json_object_get(annotations, x->match[i].key) : NULL;
      if (v == NULL || strcmp(annotation_value(v), x->match[i].value) != 0)
        return false;
    }
  return true;
}

/* runc's map[string]string: an object whose values are strings (or null,
 * which Go stores as ""). */
static int check_annotations(const struct clamp_json *annotations, struct clamp_error **err)
{
  if (annotations == NULL || clamp_json_is(annotations, CLAMP_JSON_NULL))
    return 0;
  if (!clamp_json_is(annotations, CLAMP_JSON_OBJECT))
    return clamp_spec_type_error(err, "annotations", "an object of strings", annotations);
  for (size_t i = 0; i < annotations->u.obj.len; i++)
    {
      const struct clamp_json_member *m = &annotations->u.obj.members[i];
      if (clamp_json_is(m->value, CLAMP_JSON_STRING) || clamp_json_is(m->value, CLAMP_JSON_NULL))
        continue;
      _cleanup_free_ char *q = clamp_quote(m->key, m->key_len);
      _cleanup_free_ char *f = clamp_xasprintf("annotations.%s", q);
      return clamp_spec_type_error(err, f, "a string", m->value);
    }
  return 0;
}

static bool listed(const char *const *list, size_t n, const char *s)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(list[i], s) == 0)
      return true;
  return false;
}

int clamp_exemptions_apply(const struct clamp_policy *base, const struct clamp_json *annotations,
                           struct clamp_effective_policy *out, struct clamp_error **err)
{
  clamp_effective_policy_init(out);
  out->policy = *base;
  out->policy.owned = NULL; /* borrowed: the base policy frees it */
  if (check_annotations(annotations, err) < 0)
    return -1;
  if (!clamp_json_is(annotations, CLAMP_JSON_OBJECT))
    annotations = NULL;

  size_t n_extra = 0;
  for (size_t i = 0; i < base->n_exemptions; i++)
    {
      const struct clamp_exemption *x = &base->exemptions[i];
      if (!matches(x, annotations))
        continue;
      if (out->matched == NULL)
        out->matched = clamp_xcalloc(base->n_exemptions, sizeof *out->matched);
      out->matched[out->n_matched++] = x;
      n_extra += x->n_cap_allow;
    }

  struct clamp_policy *p = &out->policy;
  for (size_t m = 0; m < out->n_matched; m++)
    {
      const struct clamp_exemption *x = out->matched[m];
      /* Only ever relax: the less strict of what is there and what the
       * exemption says (the policy file already refuses a stricter one). */
      for (size_t r = 0; r < CLAMP_RULE__COUNT; r++)
        if (x->sets_action[r]
            && clamp_action_strictness(x->actions[r]) < clamp_action_strictness(p->actions[r]))
          p->actions[r] = x->actions[r];
      p->allow_root |= x->allow_root;
    }

  if (n_extra > 0)
    {
      /* The policy's allowlist, then each exemption's additions in order. */
      out->caps = clamp_xcalloc(base->n_cap_allowlist + n_extra + 1, sizeof *out->caps);
      size_t n = 0;
      for (size_t i = 0; i < base->n_cap_allowlist; i++)
        out->caps[n++] = base->cap_allowlist[i];
      for (size_t m = 0; m < out->n_matched; m++)
        for (size_t i = 0; i < out->matched[m]->n_cap_allow; i++)
          if (!listed(out->caps, n, out->matched[m]->cap_allow[i]))
            out->caps[n++] = out->matched[m]->cap_allow[i];
      p->cap_allowlist = out->caps;
      p->n_cap_allowlist = n;
    }
  return 0;
}

char *clamp_exemption_describe(const struct clamp_exemption *x)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  clamp_buf_puts(&b, "exemption ");
  clamp_buf_put_escaped(&b, x->name, strlen(x->name));
  clamp_buf_printf(&b, " applies (annotation%s ", x->n_match == 1 ? "" : "s");
  for (size_t i = 0; i < x->n_match; i++)
    {
      if (i > 0)
        clamp_buf_puts(&b, ", ");
      clamp_buf_put_escaped(&b, x->match[i].key, strlen(x->match[i].key));
      clamp_buf_putc(&b, '=');
      clamp_buf_put_escaped(&b, x->match[i].value, strlen(x->match[i].value));
    }
  clamp_buf_putc(&b, ')');
  return clamp_buf_steal(&b);
}
