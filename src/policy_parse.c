/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the sections of the policy parser (policy_parse.h). */
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

/* "path.key", or "key" at the top. Caller frees. */
char *clamp_policy_field(const char *path, const char *key)
{
  return *path ? clamp_xasprintf("%s.%s", path, key) : clamp_xstrdup(key);
}

/* Only these members may appear in obj (named path in errors). */
int clamp_policy_known_members(const struct clamp_json *obj, const char *path,
                               const char *const *names, struct clamp_error **err)
{
  for (size_t i = 0; i < obj->u.obj.len; i++)
    {
      const char *k = obj->u.obj.members[i].key;
      bool ok = false;
      for (const char *const *n = names; *n && !ok; n++)
        ok = strcmp(k, *n) == 0;
      if (!ok)
        {
          _cleanup_free_ char *q = clamp_quote(k, obj->u.obj.members[i].key_len);
          return clamp_error_input(err, "%s%s%s: unknown field", path, *path ? "." : "", q);
        }
    }
  return 0;
}

int clamp_policy_get_object(const struct clamp_json *obj, const char *path, const char *key,
                            const char *const *names, struct clamp_json **out,
                            struct clamp_error **err)
{
  if (clamp_spec_get_object(obj, path, key, out, err) < 0)
    return -1;
  if (*out == NULL)
    return 0;
  _cleanup_free_ char *p = clamp_policy_field(path, key);
  return clamp_policy_known_members(*out, p, names, err);
}

/* A string that must be an absolute, clean path, or null. */
int clamp_policy_get_path(const struct clamp_json *obj, const char *path, const char *key,
                          const char **out, struct clamp_error **err)
{
  if (clamp_spec_get_string(obj, path, key, out, err) < 0)
    return -1;
  if (*out == NULL)
    return 0;
  _cleanup_free_ char *clean = clamp_path_clean(*out);
  if ((*out)[0] != '/' || strcmp(clean, *out) != 0)
    {
      _cleanup_free_ char *p = clamp_policy_field(path, key);
      _cleanup_free_ char *q = clamp_quote(*out, strlen(*out));
      return clamp_error_input(err, "%s: %s is not an absolute, clean path", p, q);
    }
  return 0;
}

/* The strings at obj.key (named path.key in errors): each checked by
 * valid (NULL when fine, else what is wrong with it), none the same as
 * an earlier one by same. Returns 1 and the list (NULL-terminated, in
 * doc's arena) when present, 0 when absent or null, -1 on error. */
int clamp_policy_get_list(struct clamp_json_doc *doc, const struct clamp_json *obj,
                          const char *path, const char *key, const char *(*valid)(const char *s),
                          bool (*same)(const char *a, const char *b), const char *const **out,
                          size_t *n, struct clamp_error **err)
{
  struct clamp_json *arr;
  _cleanup_free_ char *f = clamp_policy_field(path, key);
  if (clamp_spec_get_array(obj, path, key, &arr, err) < 0)
    return -1;
  if (arr == NULL)
    return 0;
  if (clamp_spec_check_string_array(arr, f, err) < 0)
    return -1;
  size_t len = arr->u.arr.len;
  const char **list = clamp_arena_alloc(doc->arena, (len + 1) * sizeof *list);
  for (size_t i = 0; i < len; i++)
    {
      const char *v = arr->u.arr.items[i]->u.str.s;
      _cleanup_free_ char *q = clamp_quote(v, strlen(v));
      const char *why = valid(v);
      if (why != NULL)
        return clamp_error_input(err, "%s[%zu]: %s %s", f, i, q, why);
      for (size_t j = 0; j < i; j++)
        if (same(list[j], v))
          return clamp_error_input(err, "%s[%zu]: %s is listed twice", f, i, q);
      list[i] = v;
    }
  list[len] = NULL;
  *out = list;
  *n = len;
  return 1;
}

/* obj.capabilities.allow (path names obj): canonical capability names,
 * each once. *list stays NULL when it is absent. */
int clamp_policy_parse_cap_allow(struct clamp_json_doc *doc, const struct clamp_json *obj,
                                 const char *path, const char ***list, size_t *n_list,
                                 struct clamp_error **err)
{
  static const char *const names[] = { "allow", NULL };
  struct clamp_json *caps, *allow;
  *list = NULL;
  *n_list = 0;
  _cleanup_free_ char *cpath = clamp_policy_field(path, "capabilities");
  _cleanup_free_ char *apath = clamp_policy_field(cpath, "allow");
  if (clamp_policy_get_object(obj, path, "capabilities", names, &caps, err) < 0)
    return -1;
  if (caps == NULL || clamp_spec_get_array(caps, cpath, "allow", &allow, err) < 0)
    return caps == NULL ? 0 : -1;
  if (allow == NULL)
    return 0;
  if (clamp_spec_check_string_array(allow, apath, err) < 0)
    return -1;
  size_t n = allow->u.arr.len;
  const char **l = clamp_arena_alloc(doc->arena, (n + 1) * sizeof *l);
  for (size_t i = 0; i < n; i++)
    {
      const char *c = allow->u.arr.items[i]->u.str.s;
      _cleanup_free_ char *q = clamp_quote(c, strlen(c));
      if (!clamp_cap_is_canonical(c))
        return clamp_error_input(err,
                                 "%s[%zu]: %s is not a capability this kernel knows, written as "
                                 "CAP_NAME",
                                 apath, i, q);
      for (size_t j = 0; j < i; j++)
        if (strcmp(l[j], c) == 0)
          return clamp_error_input(err, "%s[%zu]: %s is listed twice", apath, i, q);
      l[i] = c;
    }
  l[n] = NULL;
  *list = l;
  *n_list = n;
  return 0;
}
