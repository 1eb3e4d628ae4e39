/* SPDX-License-Identifier: Apache-2.0 */
/* Typed, path-naming access to a parsed spec. The rules for what counts
 * as a valid value follow Go's encoding/json decoding into runtime-spec's
 * types, which is what runc does: a uint32 field takes only integer text
 * in range ("1000.0", "-1" and "1e3" are errors), and null leaves the
 * zero value, exactly like an absent member. */
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "clamp/spec.h"

#include "clamp/path.h"

static char *member_path(const char *path, const char *key)
{
  if (path == NULL || *path == '\0')
    return clamp_xstrdup(key);
  return clamp_xasprintf("%s.%s", path, key);
}

int clamp_spec_type_error(struct clamp_error **err, const char *path, const char *what,
                          const struct clamp_json *got)
{
  if (clamp_json_is(got, CLAMP_JSON_NUMBER) || clamp_json_is(got, CLAMP_JSON_STRING))
    {
      _cleanup_free_ char *q = clamp_quote(got->u.str.s, got->u.str.len);
      return clamp_error_input(err, "%s: expected %s, got %s %s", path, what,
                               clamp_json_type_name(got->type), q);
    }
  return clamp_error_input(err, "%s: expected %s, got %s", path, what,
                           got ? clamp_json_type_name(got->type) : "nothing");
}

/* Look key up; NULL when absent or null. */
static const struct clamp_json *present(const struct clamp_json *obj, const char *key)
{
  const struct clamp_json *v = clamp_json_object_get(obj, key);
  return clamp_json_is_absent(v) ? NULL : v;
}

static int typed(const struct clamp_json *obj, const char *path, const char *key,
                 enum clamp_json_type t, const char *what, const struct clamp_json **out,
                 struct clamp_error **err)
{
  const struct clamp_json *v = present(obj, key);
  *out = v;
  if (v == NULL)
    return 0;
  if (v->type != t)
    {
      _cleanup_free_ char *p = member_path(path, key);
      return clamp_spec_type_error(err, p, what, v);
    }
  return 1;
}

int clamp_spec_get_object(const struct clamp_json *obj, const char *path, const char *key,
                          struct clamp_json **out, struct clamp_error **err)
{
  const struct clamp_json *v;
  int r = typed(obj, path, key, CLAMP_JSON_OBJECT, "an object", &v, err);
  *out = (struct clamp_json *)v;
  return r;
}

int clamp_spec_get_array(const struct clamp_json *obj, const char *path, const char *key,
                         struct clamp_json **out, struct clamp_error **err)
{
  const struct clamp_json *v;
  int r = typed(obj, path, key, CLAMP_JSON_ARRAY, "an array", &v, err);
  *out = (struct clamp_json *)v;
  return r;
}

int clamp_spec_get_string(const struct clamp_json *obj, const char *path, const char *key,
                          const char **out, struct clamp_error **err)
{
  const struct clamp_json *v;
  int r = typed(obj, path, key, CLAMP_JSON_STRING, "a string", &v, err);
  *out = r > 0 ? v->u.str.s : NULL;
  return r;
}

int clamp_spec_get_bool(const struct clamp_json *obj, const char *path, const char *key, bool *out,
                        struct clamp_error **err)
{
  const struct clamp_json *v;
  int r = typed(obj, path, key, CLAMP_JSON_BOOL, "true or false", &v, err);
  *out = r > 0 ? v->u.boolean : false;
  return r;
}

int clamp_spec_number_u64(const struct clamp_json *v, uint64_t max, uint64_t *out)
{
  if (!clamp_json_is(v, CLAMP_JSON_NUMBER) || v->u.str.len == 0 || v->u.str.len > 20)
    return -1;
  uint64_t n = 0;
  for (size_t i = 0; i < v->u.str.len; i++)
    {
      char c = v->u.str.s[i];
      if (c < '0' || c > '9')
        return -1;
      unsigned d = (unsigned)(c - '0');
      if (n > (UINT64_MAX - d) / 10)
        return -1;
      n = n * 10 + d;
    }
  if (n > max)
    return -1;
  *out = n;
  return 0;
}

int clamp_spec_number_i64(const struct clamp_json *v, int64_t *out)
{
  if (!clamp_json_is(v, CLAMP_JSON_NUMBER) || v->u.str.len == 0)
    return -1;
  struct clamp_json digits = *v;
  bool neg = v->u.str.s[0] == '-';
  if (neg)
    {
      digits.u.str.s++;
      digits.u.str.len--;
    }
  uint64_t mag;
  if (clamp_spec_number_u64(&digits, neg ? (uint64_t)INT64_MAX + 1 : (uint64_t)INT64_MAX, &mag) < 0)
    return -1;
  *out = neg ? (int64_t)(0 - mag) : (int64_t)mag;
  return 0;
}

int clamp_spec_get_uint32(const struct clamp_json *obj, const char *path, const char *key,
                          uint32_t *out, struct clamp_error **err)
{
  const struct clamp_json *v = present(obj, key);
  uint64_t n;
  *out = 0;
  if (v == NULL)
    return 0;
  if (clamp_spec_number_u64(v, UINT32_MAX, &n) < 0)
    {
      _cleanup_free_ char *p = member_path(path, key);
      return clamp_spec_type_error(err, p, "an integer from 0 to 4294967295", v);
    }
  *out = (uint32_t)n;
  return 1;
}

int clamp_spec_get_int64(const struct clamp_json *obj, const char *path, const char *key,
                         int64_t *out, struct clamp_error **err)
{
  const struct clamp_json *v = present(obj, key);
  *out = 0;
  if (v == NULL)
    return 0;
  if (clamp_spec_number_i64(v, out) < 0)
    {
      _cleanup_free_ char *p = member_path(path, key);
      return clamp_spec_type_error(err, p, "a 64-bit integer", v);
    }
  return 1;
}

int clamp_spec_check_string_array(const struct clamp_json *arr, const char *path,
                                  struct clamp_error **err)
{
  for (size_t i = 0; i < arr->u.arr.len; i++)
    if (!clamp_json_is(arr->u.arr.items[i], CLAMP_JSON_STRING))
      {
        _cleanup_free_ char *p = clamp_xasprintf("%s[%zu]", path, i);
        return clamp_spec_type_error(err, p, "a string", arr->u.arr.items[i]);
      }
  return 0;
}

/* The members of a mount that clamp reads, and their types. */
static const struct
{
  const char *key;
  enum clamp_json_type type;
  const char *what;
} mount_fields[] = {
  { "destination", CLAMP_JSON_STRING, "a string" }, { "type", CLAMP_JSON_STRING, "a string" },
  { "source", CLAMP_JSON_STRING, "a string" },      { "options", CLAMP_JSON_ARRAY, "an array" },
  { "uidMappings", CLAMP_JSON_ARRAY, "an array" },  { "gidMappings", CLAMP_JSON_ARRAY, "an array" },
};

/* The fields of mounts[i] into m. p names mounts[i] in error messages;
 * NULL when the caller only needs to know whether there is an error. One
 * pass over the mount's members rather than a lookup per field: a config
 * can hold thousands of mounts. */
static int read_mount(struct clamp_json *o, const char *p, struct clamp_mount *m,
                      struct clamp_error **err)
{
  const char *name = p ? p : "mounts[]";
  if (!clamp_json_is(o, CLAMP_JSON_OBJECT))
    return clamp_spec_type_error(err, name, "an object", o);
  struct clamp_json *found[CLAMP_N_ELEMENTS(mount_fields)] = { 0 };
  for (size_t i = 0; i < o->u.obj.len; i++)
    {
      const struct clamp_json_member *mb = &o->u.obj.members[i];
      if (clamp_json_is_absent(mb->value))
        continue;
      for (size_t f = 0; f < CLAMP_N_ELEMENTS(mount_fields); f++)
        {
          if (strcmp(mb->key, mount_fields[f].key) != 0)
            continue;
          if (mb->value->type != mount_fields[f].type)
            {
              _cleanup_free_ char *mp = member_path(name, mount_fields[f].key);
              return clamp_spec_type_error(err, mp, mount_fields[f].what, mb->value);
            }
          found[f] = mb->value;
          break;
        }
    }
  m->destination = found[0] ? found[0]->u.str.s : NULL;
  m->type = found[1] ? found[1]->u.str.s : NULL;
  m->source = found[2] ? found[2]->u.str.s : NULL;
  m->options = found[3];
  m->uid_mappings = found[4];
  m->gid_mappings = found[5];
  if (m->options == NULL)
    return 0;
  _cleanup_free_ char *op = p ? clamp_xasprintf("%s.options", p) : NULL;
  return clamp_spec_check_string_array(m->options, op ? op : "mounts[].options", err);
}

int clamp_spec_read_mounts(struct clamp_json_doc *doc, struct clamp_json *spec,
                           struct clamp_mounts *out, struct clamp_error **err)
{
  memset(out, 0, sizeof *out);
  if (clamp_spec_get_array(spec, "", "mounts", &out->array, err) < 0)
    return -1;
  if (out->array == NULL)
    return 0;
  size_t n = out->array->u.arr.len;
  if (n > SIZE_MAX / sizeof *out->items)
    abort();
  out->items = clamp_arena_alloc(doc->arena, n * sizeof *out->items);
  memset(out->items, 0, n * sizeof *out->items);
  for (size_t i = 0; i < n; i++)
    {
      struct clamp_mount *m = &out->items[i];
      struct clamp_json *o = out->array->u.arr.items[i];
      /* This runs for every mount: name the mount only when there is an
       * error to report. */
      struct clamp_error *e = NULL;
      if (read_mount(o, NULL, m, &e) < 0)
        {
          clamp_error_free(e);
          _cleanup_free_ char *p = clamp_xasprintf("mounts[%zu]", i);
          if (read_mount(o, p, m, err) < 0)
            return -1;
        }
      m->obj = o;
      const char *d = m->destination ? m->destination : "";
      m->dest_clean = clamp_path_clean_into(d, clamp_arena_alloc(doc->arena, strlen(d) + 2));
      out->len = i + 1;
    }
  return 0;
}

int clamp_spec_find_namespace(const struct clamp_json *linux_, const char *type,
                              const struct clamp_json **out, size_t *index,
                              struct clamp_error **err)
{
  struct clamp_json *namespaces;
  *out = NULL;
  if (linux_ == NULL)
    return 0;
  if (clamp_spec_get_array(linux_, "linux", "namespaces", &namespaces, err) < 0)
    return -1;
  for (size_t i = 0; namespaces != NULL && i < namespaces->u.arr.len; i++)
    {
      const struct clamp_json *ns = namespaces->u.arr.items[i];
      _cleanup_free_ char *p = clamp_xasprintf("linux.namespaces[%zu]", i);
      const char *t;
      if (!clamp_json_is(ns, CLAMP_JSON_OBJECT))
        return clamp_spec_type_error(err, p, "an object", ns);
      if (clamp_spec_get_string(ns, p, "type", &t, err) < 0)
        return -1;
      if (t != NULL && strcmp(t, type) == 0)
        {
          *out = ns;
          *index = i;
        }
    }
  return *out != NULL;
}
