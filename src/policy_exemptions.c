/* SPDX-License-Identifier: Apache-2.0 */
/* The policy file's "exemptions" (clamp-policy.json(5), exemptions.h). */
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

/* exemptions[i].match: annotation key -> exact, non-empty value. */
static int parse_exemption_match(struct clamp_json_doc *doc, const struct clamp_json *e,
                                 const char *path, struct clamp_exemption *out,
                                 struct clamp_error **err)
{
  struct clamp_json *match;
  if (clamp_spec_get_object(e, path, "match", &match, err) < 0)
    return -1;
  if (match == NULL)
    return clamp_error_input(err, "%s.match: missing (the annotations the exemption applies to)",
                             path);
  size_t n = match->u.obj.len;
  if (n == 0)
    return clamp_error_input(err,
                             "%s.match: names no annotation (an exemption must not apply to every "
                             "container)",
                             path);
  struct clamp_exemption_match *list = clamp_arena_alloc(doc->arena, n * sizeof *list);
  for (size_t i = 0; i < n; i++)
    {
      const struct clamp_json_member *m = &match->u.obj.members[i];
      _cleanup_free_ char *q = clamp_quote(m->key, m->key_len);
      _cleanup_free_ char *f = clamp_xasprintf("%s.match.%s", path, q);
      if (m->key_len == 0)
        return clamp_error_input(err, "%s: an annotation key must not be empty", f);
      if (!clamp_json_is(m->value, CLAMP_JSON_STRING))
        return clamp_spec_type_error(err, f, "a string (the exact value)", m->value);
      if (m->value->u.str.len == 0)
        return clamp_error_input(err, "%s: the value must not be empty", f);
      list[i].key = m->key;
      list[i].value = m->value->u.str.s;
    }
  out->match = list;
  out->n_match = n;
  return 0;
}

/* exemptions[i].rules: an action per rule, never stricter than the
 * policy's own (p->rules are parsed before the exemptions). */
static int parse_exemption_rules(const struct clamp_policy *p, const struct clamp_json *e,
                                 const char *path, struct clamp_exemption *out, bool *any,
                                 struct clamp_error **err)
{
  struct clamp_json *rules;
  if (clamp_spec_get_object(e, path, "rules", &rules, err) < 0)
    return -1;
  for (size_t i = 0; rules != NULL && i < rules->u.obj.len; i++)
    {
      const struct clamp_json_member *m = &rules->u.obj.members[i];
      _cleanup_free_ char *q = clamp_quote(m->key, m->key_len);
      _cleanup_free_ char *f = clamp_xasprintf("%s.rules.%s", path, q);
      size_t id = 0;
      while (id < CLAMP_RULE__COUNT && strcmp(clamp_rule_info(id)->id, m->key) != 0)
        id++;
      if (id == CLAMP_RULE__COUNT)
        return clamp_error_input(err, "%s: unknown rule (clamp-policy.json(5) lists them)", f);
      const char *fixed = clamp_exemption_rule_fixed(id);
      if (fixed != NULL)
        return clamp_error_input(err, "%s: cannot be exempted: %s", f, fixed);
      enum clamp_action a;
      if (!clamp_json_is(m->value, CLAMP_JSON_STRING)
          || clamp_policy_action_parse(m->value->u.str.s, &a) < 0)
        return clamp_spec_type_error(err, f, "\"enforce\", \"deny\", \"warn\" or \"off\"",
                                     m->value);
      if (clamp_action_strictness(a) > clamp_action_strictness(p->actions[id]))
        return clamp_error_input(err,
                                 "%s: \"%s\" is stricter than the policy's \"%s\" (an exemption "
                                 "only relaxes)",
                                 f, clamp_policy_action_name(a),
                                 clamp_policy_action_name(p->actions[id]));
      /* Roll-out mode: the exemption's actions only warn, like the rest. */
      if (p->mode == CLAMP_MODE_WARN && a != CLAMP_ACTION_OFF)
        a = CLAMP_ACTION_WARN;
      out->sets_action[id] = true;
      out->actions[id] = a;
      *any = true;
    }
  return 0;
}

static int parse_exemption(const struct clamp_policy *p, struct clamp_json_doc *doc,
                           const struct clamp_json *e, const char *path,
                           struct clamp_exemption *out, struct clamp_error **err)
{
  static const char *const names[] = { "name", "match", "rules", "capabilities", "user", NULL };
  static const char *const user_names[] = { "allow_root", NULL };
  memset(out, 0, sizeof *out);
  if (!clamp_json_is(e, CLAMP_JSON_OBJECT))
    return clamp_spec_type_error(err, path, "an object", e);
  if (clamp_policy_known_members(e, path, names, err) < 0)
    return -1;
  if (clamp_spec_get_string(e, path, "name", &out->name, err) < 0)
    return -1;
  if (out->name == NULL || *out->name == '\0')
    return clamp_error_input(err, "%s.name: %s (the log names the exemption that applied)", path,
                             out->name == NULL ? "missing" : "must not be empty");
  if (parse_exemption_match(doc, e, path, out, err) < 0)
    return -1;
  bool any = false;
  if (parse_exemption_rules(p, e, path, out, &any, err) < 0)
    return -1;
  const char **caps;
  if (clamp_policy_parse_cap_allow(doc, e, path, &caps, &out->n_cap_allow, err) < 0)
    return -1;
  out->cap_allow = caps;
  any |= out->n_cap_allow > 0;
  struct clamp_json *user;
  if (clamp_policy_get_object(e, path, "user", user_names, &user, err) < 0)
    return -1;
  _cleanup_free_ char *upath = clamp_policy_field(path, "user");
  if (user != NULL && clamp_spec_get_bool(user, upath, "allow_root", &out->allow_root, err) < 0)
    return -1;
  any |= out->allow_root;
  if (!any)
    return clamp_error_input(err,
                             "%s: relaxes nothing (give rules, capabilities.allow or "
                             "user.allow_root)",
                             path);
  return 0;
}

int clamp_policy_parse_exemptions(struct clamp_policy *p, struct clamp_json_doc *doc,
                                  const struct clamp_json *root, struct clamp_error **err)
{
  struct clamp_json *arr;
  if (clamp_spec_get_array(root, "", "exemptions", &arr, err) < 0)
    return -1;
  if (arr == NULL || arr->u.arr.len == 0)
    return 0;
  size_t n = arr->u.arr.len;
  struct clamp_exemption *list = clamp_arena_alloc(doc->arena, n * sizeof *list);
  for (size_t i = 0; i < n; i++)
    {
      _cleanup_free_ char *path = clamp_xasprintf("exemptions[%zu]", i);
      if (parse_exemption(p, doc, arr->u.arr.items[i], path, &list[i], err) < 0)
        return -1;
      for (size_t j = 0; j < i; j++)
        if (strcmp(list[j].name, list[i].name) == 0)
          {
            _cleanup_free_ char *q = clamp_quote(list[i].name, strlen(list[i].name));
            return clamp_error_input(err, "%s.name: %s is also the name of exemptions[%zu]", path,
                                     q, j);
          }
    }
  p->exemptions = list;
  p->n_exemptions = n;
  return 0;
}
