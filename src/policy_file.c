/* SPDX-License-Identifier: Apache-2.0 */
/* The policy file (clamp-policy.json(5)): /etc/clamp/policy.json or
 * $CLAMP_POLICY, read over the built-in policy. Strict: an unknown field,
 * a wrong type or a value out of range is an error that names the field,
 * because a typo in a security policy must not silently mean "default".
 * The shim refuses every create and exec while the policy is invalid. */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clamp/caps.h"
#include "clamp/exemptions.h"
#include "clamp/harden.h"
#include "clamp/json.h"
#include "clamp/path.h"
#include "clamp/policy.h"
#include "clamp/sha256.h"
#include "clamp/spec.h"

/* Far above any sensible policy or seccomp profile. */
#define FILE_MAX (1u << 20)

/* "path.key", or "key" at the top. Caller frees. */
static char *field(const char *path, const char *key)
{
  return *path ? clamp_xasprintf("%s.%s", path, key) : clamp_xstrdup(key);
}

/* Only these members may appear in obj (named path in errors). */
static int known_members(const struct clamp_json *obj, const char *path, const char *const *names,
                         struct clamp_error **err)
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

static int get_object(const struct clamp_json *obj, const char *path, const char *key,
                      const char *const *names, struct clamp_json **out, struct clamp_error **err)
{
  if (clamp_spec_get_object(obj, path, key, out, err) < 0)
    return -1;
  if (*out == NULL)
    return 0;
  _cleanup_free_ char *p = field(path, key);
  return known_members(*out, p, names, err);
}

/* A string that must be an absolute, clean path, or null. */
static int get_path(const struct clamp_json *obj, const char *path, const char *key,
                    const char **out, struct clamp_error **err)
{
  if (clamp_spec_get_string(obj, path, key, out, err) < 0)
    return -1;
  if (*out == NULL)
    return 0;
  _cleanup_free_ char *clean = clamp_path_clean(*out);
  if ((*out)[0] != '/' || strcmp(clean, *out) != 0)
    {
      _cleanup_free_ char *p = field(path, key);
      _cleanup_free_ char *q = clamp_quote(*out, strlen(*out));
      return clamp_error_input(err, "%s: %s is not an absolute, clean path", p, q);
    }
  return 0;
}

static int parse_user(struct clamp_policy *p, const struct clamp_json *root,
                      struct clamp_error **err)
{
  static const char *const names[] = { "uid", "gid", NULL };
  struct clamp_json *user;
  if (get_object(root, "", "user", names, &user, err) < 0)
    return -1;
  static const char *const keys[] = { "uid", "gid" };
  uint32_t *dest[] = { &p->uid, &p->gid };
  for (size_t i = 0; user != NULL && i < 2; i++)
    {
      uint32_t v;
      int r = clamp_spec_get_uint32(user, "user", keys[i], &v, err);
      if (r < 0)
        return -1;
      if (r == 0)
        continue;
      if (v == 0 || v == UINT32_MAX)
        return clamp_error_input(err,
                                 "user.%s: must be from 1 to 4294967294 (%s would keep "
                                 "containers root or unmapped)",
                                 keys[i], v == 0 ? "0" : "4294967295");
      *dest[i] = v;
    }
  return 0;
}

/* obj.capabilities.allow (path names obj): canonical capability names,
 * each once. *list stays NULL when it is absent. */
static int parse_cap_allow(struct clamp_json_doc *doc, const struct clamp_json *obj,
                           const char *path, const char ***list, size_t *n_list,
                           struct clamp_error **err)
{
  static const char *const names[] = { "allow", NULL };
  struct clamp_json *caps, *allow;
  *list = NULL;
  *n_list = 0;
  _cleanup_free_ char *cpath = field(path, "capabilities");
  _cleanup_free_ char *apath = field(cpath, "allow");
  if (get_object(obj, path, "capabilities", names, &caps, err) < 0)
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

static int parse_caps(struct clamp_policy *p, struct clamp_json_doc *doc,
                      const struct clamp_json *root, struct clamp_error **err)
{
  const char **list;
  size_t n;
  if (parse_cap_allow(doc, root, "", &list, &n, err) < 0)
    return -1;
  if (list != NULL)
    {
      p->cap_allowlist = list;
      p->n_cap_allowlist = n;
    }
  return 0;
}

/* "64m": digits and an optional k, m or g, as the kernel's tmpfs reads
 * size=. */
static bool valid_size(const char *s)
{
  size_t n = strspn(s, "0123456789");
  return n > 0 && n <= 12 && (s[n] == '\0' || (strchr("kmg", s[n]) && s[n + 1] == '\0'));
}

/* "1777": octal permission bits and the sticky bit, never set-id bits. */
static bool valid_mode(const char *s)
{
  size_t n = strspn(s, "01234567");
  if (n < 3 || n > 4 || s[n] != '\0')
    return false;
  return n == 3 || s[0] == '0' || s[0] == '1';
}

/* Options a policy may add to its tmpfs mounts. The three clamp always
 * sets, and their opposites, are not among them. */
static bool allowed_tmpfs_option(const char *o)
{
  static const char *const ok[] = { "ro",          "rw",         "noatime",   "relatime",
                                    "strictatime", "nodiratime", "private",   "rprivate",
                                    "slave",       "rslave",     "nr_inodes", NULL };
  for (const char *const *k = ok; *k; k++)
    if (strcmp(o, *k) == 0 || (strncmp(o, *k, strlen(*k)) == 0 && o[strlen(*k)] == '='))
      return true;
  return false;
}

static int parse_tmpfs_entry(struct clamp_json_doc *doc, const struct clamp_json *e,
                             const char *path, struct clamp_tmpfs *out, struct clamp_error **err)
{
  static const char *const names[] = { "path", "size", "mode", "options", NULL };
  if (!clamp_json_is(e, CLAMP_JSON_OBJECT))
    return clamp_spec_type_error(err, path, "an object", e);
  if (known_members(e, path, names, err) < 0)
    return -1;
  const char *dest, *size, *mode;
  struct clamp_json *opts;
  if (get_path(e, path, "path", &dest, err) < 0
      || clamp_spec_get_string(e, path, "size", &size, err) < 0
      || clamp_spec_get_string(e, path, "mode", &mode, err) < 0
      || clamp_spec_get_array(e, path, "options", &opts, err) < 0)
    return -1;
  if (dest == NULL || strcmp(dest, "/") == 0)
    return clamp_error_input(err, "%s.path: %s", path,
                             dest ? "must not be / (the root is read-only)" : "missing");
  if (size == NULL || !valid_size(size))
    return clamp_error_input(err, "%s.size: %s", path,
                             size ? "must be a number of bytes with an optional k, m or g, like "
                                    "\"64m\""
                                  : "missing (an unlimited tmpfs can fill the host's memory)");
  if (mode == NULL || !valid_mode(mode))
    return clamp_error_input(err, "%s.mode: %s", path,
                             mode ? "must be octal permissions with at most the sticky bit, "
                                    "like \"1777\""
                                  : "missing");
  size_t n_opts = 0;
  if (opts != NULL)
    {
      _cleanup_free_ char *op = clamp_xasprintf("%s.options", path);
      if (clamp_spec_check_string_array(opts, op, err) < 0)
        return -1;
      n_opts = opts->u.arr.len;
      for (size_t i = 0; i < n_opts; i++)
        {
          const char *o = opts->u.arr.items[i]->u.str.s;
          if (!allowed_tmpfs_option(o))
            {
              _cleanup_free_ char *q = clamp_quote(o, strlen(o));
              return clamp_error_input(err,
                                       "%s[%zu]: %s is not allowed (nosuid, nodev and noexec are "
                                       "always set; size and mode have their own fields)",
                                       op, i, q);
            }
        }
    }
  /* The order the rootfs rule writes: the three flags, extras, mode, size. */
  const char **list = clamp_arena_alloc(doc->arena, (n_opts + 6) * sizeof *list);
  size_t k = 0;
  list[k++] = "nosuid";
  list[k++] = "nodev";
  list[k++] = "noexec";
  for (size_t i = 0; i < n_opts; i++)
    list[k++] = opts->u.arr.items[i]->u.str.s;
  _cleanup_free_ char *m = clamp_xasprintf("mode=%s", mode);
  _cleanup_free_ char *s = clamp_xasprintf("size=%s", size);
  list[k++] = clamp_arena_strdup(doc->arena, m);
  list[k++] = clamp_arena_strdup(doc->arena, s);
  list[k] = NULL;
  out->path = dest;
  out->options = list;
  return 0;
}

static int parse_tmpfs(struct clamp_policy *p, struct clamp_json_doc *doc,
                       const struct clamp_json *root, struct clamp_error **err)
{
  struct clamp_json *arr;
  if (clamp_spec_get_array(root, "", "tmpfs", &arr, err) < 0)
    return -1;
  if (arr == NULL)
    return 0;
  size_t n = arr->u.arr.len;
  struct clamp_tmpfs *list = clamp_arena_alloc(doc->arena, (n + 1) * sizeof *list);
  for (size_t i = 0; i < n; i++)
    {
      _cleanup_free_ char *path = clamp_xasprintf("tmpfs[%zu]", i);
      if (parse_tmpfs_entry(doc, arr->u.arr.items[i], path, &list[i], err) < 0)
        return -1;
      for (size_t j = 0; j < i; j++)
        if (strcmp(list[j].path, list[i].path) == 0)
          return clamp_error_input(err, "%s.path: %s is listed twice", path, list[i].path);
    }
  p->tmpfs = list;
  p->n_tmpfs = n;
  return 0;
}

static int parse_rules(struct clamp_policy *p, const struct clamp_json *root,
                       struct clamp_error **err)
{
  struct clamp_json *rules;
  if (clamp_spec_get_object(root, "", "rules", &rules, err) < 0)
    return -1;
  for (size_t i = 0; rules != NULL && i < rules->u.obj.len; i++)
    {
      const struct clamp_json_member *m = &rules->u.obj.members[i];
      _cleanup_free_ char *q = clamp_quote(m->key, m->key_len);
      size_t id = 0;
      while (id < CLAMP_RULE__COUNT && strcmp(clamp_rule_info(id)->id, m->key) != 0)
        id++;
      if (id == CLAMP_RULE__COUNT)
        return clamp_error_input(err, "rules.%s: unknown rule (clamp-policy.json(5) lists them)",
                                 q);
      enum clamp_action a;
      if (!clamp_json_is(m->value, CLAMP_JSON_STRING)
          || clamp_policy_action_parse(m->value->u.str.s, &a) < 0)
        {
          _cleanup_free_ char *f = clamp_xasprintf("rules.%s", q);
          return clamp_spec_type_error(err, f, "\"enforce\", \"deny\", \"warn\" or \"off\"",
                                       m->value);
        }
      p->actions[id] = a;
    }
  return 0;
}

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
  if (known_members(e, path, names, err) < 0)
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
  if (parse_cap_allow(doc, e, path, &caps, &out->n_cap_allow, err) < 0)
    return -1;
  out->cap_allow = caps;
  any |= out->n_cap_allow > 0;
  struct clamp_json *user;
  if (get_object(e, path, "user", user_names, &user, err) < 0)
    return -1;
  _cleanup_free_ char *upath = field(path, "user");
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

static int parse_exemptions(struct clamp_policy *p, struct clamp_json_doc *doc,
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

/* A file only root or clamp's user can have written: one anybody else
 * could change would be a way around the policy. */
static int read_trusted(const char *path, const char *what, struct clamp_json_doc *doc,
                        const char **data, size_t *len, struct clamp_error **err)
{
  _cleanup_free_ char *q = clamp_quote(path, strlen(path));
  _cleanup_close_ int fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    return clamp_error_sys(err, errno, "%s %s", what, q);
  struct stat st;
  if (fstat(fd, &st) < 0)
    return clamp_error_sys(err, errno, "%s %s", what, q);
  if (!S_ISREG(st.st_mode))
    return clamp_error_input(err, "%s %s: not a regular file", what, q);
  if (st.st_uid != 0 && st.st_uid != geteuid())
    return clamp_error_input(err, "%s %s: owned by uid %u, not by root or clamp's user", what, q,
                             (unsigned)st.st_uid);
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    return clamp_error_input(err, "%s %s: writable by group or others", what, q);
  if (st.st_size < 0 || (uint64_t)st.st_size > FILE_MAX)
    return clamp_error_input(err, "%s %s: larger than %u bytes", what, q, FILE_MAX);
  size_t want = (size_t)st.st_size;
  char *buf = clamp_arena_alloc(doc->arena, want + 2);
  size_t got = 0;
  while (got <= want)
    {
      ssize_t k = read(fd, buf + got, want + 1 - got);
      if (k < 0 && errno == EINTR)
        continue;
      if (k < 0)
        return clamp_error_sys(err, errno, "read %s %s", what, q);
      if (k == 0)
        break;
      got += (size_t)k;
    }
  if (got != want)
    return clamp_error_input(err, "%s %s: changed while being read", what, q);
  buf[got] = '\0';
  *data = buf;
  *len = got;
  return 0;
}

static int parse_seccomp(struct clamp_policy *p, struct clamp_json_doc *doc,
                         const struct clamp_json *root, struct clamp_error **err)
{
  static const char *const names[] = { "profile", NULL };
  struct clamp_json *sc;
  const char *path = NULL;
  if (get_object(root, "", "seccomp", names, &sc, err) < 0
      || (sc != NULL && get_path(sc, "seccomp", "profile", &path, err) < 0))
    return -1;
  if (path == NULL)
    return 0;
  const char *text;
  size_t len;
  if (read_trusted(path, "seccomp.profile", doc, &text, &len, err) < 0)
    return -1;
  /* Checked here, so that a broken profile names itself at load time. */
  _cleanup_json_doc_ struct clamp_json_doc *check = clamp_json_parse(text, len, err);
  if (check == NULL)
    {
      _cleanup_free_ char *q = clamp_quote(path, strlen(path));
      return clamp_error_wrap(err, "seccomp.profile %s", q);
    }
  clamp_policy_set_seccomp_profile(p, text, len);
  return 0;
}

static int parse_runtime(struct clamp_policy *p, struct clamp_json_doc *doc,
                         const struct clamp_json *root, struct clamp_error **err)
{
  static const char *const names[] = { "path", "args", NULL };
  struct clamp_json *rt, *args;
  if (get_object(root, "", "runtime", names, &rt, err) < 0)
    return -1;
  if (rt == NULL)
    return 0;
  if (get_path(rt, "runtime", "path", &p->runtime_path, err) < 0
      || clamp_spec_get_array(rt, "runtime", "args", &args, err) < 0
      || (args != NULL && clamp_spec_check_string_array(args, "runtime.args", err) < 0))
    return -1;
  if (args == NULL)
    return 0;
  size_t n = args->u.arr.len;
  const char **list = clamp_arena_alloc(doc->arena, (n + 1) * sizeof *list);
  for (size_t i = 0; i < n; i++)
    {
      const char *a = args->u.arr.items[i]->u.str.s;
      /* Global flags only: anything else would become the command. */
      if (strncmp(a, "--", 2) != 0 || a[2] == '\0')
        {
          _cleanup_free_ char *q = clamp_quote(a, strlen(a));
          return clamp_error_input(err, "runtime.args[%zu]: %s is not a --flag of the runtime", i,
                                   q);
        }
      list[i] = a;
    }
  list[n] = NULL;
  p->runtime_args = list;
  p->n_runtime_args = n;
  return 0;
}

static int parse_audit(struct clamp_policy *p, const struct clamp_json *root,
                       struct clamp_error **err)
{
  static const char *const names[] = { "log", "required", NULL };
  struct clamp_json *audit;
  if (get_object(root, "", "audit", names, &audit, err) < 0)
    return -1;
  if (audit == NULL)
    return 0;
  const struct clamp_json *log = clamp_json_object_get(audit, "log");
  if (log != NULL)
    {
      /* null turns the trail off; anything else must be a path. */
      const char *path = NULL;
      if (!clamp_json_is(log, CLAMP_JSON_NULL) && get_path(audit, "audit", "log", &path, err) < 0)
        return -1;
      p->audit_log = path;
    }
  bool required;
  int r = clamp_spec_get_bool(audit, "audit", "required", &required, err);
  if (r < 0)
    return -1;
  if (r > 0)
    p->audit_required = required;
  if (p->audit_required && p->audit_log == NULL)
    return clamp_error_input(err, "audit.required: true, but audit.log is null");
  return 0;
}

/* An LSM knob: null (none), or a string valid() accepts. */
static int get_lsm_name(const struct clamp_json *lsm, const char *key, bool (*valid)(const char *),
                        const char *what, const char **out, struct clamp_error **err)
{
  const struct clamp_json *v = clamp_json_object_get(lsm, key);
  if (v == NULL)
    return 0;
  if (clamp_json_is(v, CLAMP_JSON_NULL))
    {
      *out = NULL;
      return 0;
    }
  const char *s;
  if (clamp_spec_get_string(lsm, "lsm", key, &s, err) < 0)
    return -1;
  if (!valid(s))
    {
      _cleanup_free_ char *q = clamp_quote(s, strlen(s));
      return clamp_error_input(err, "lsm.%s: %s is not %s", key, q, what);
    }
  *out = s;
  return 0;
}

/* Printable ASCII without blanks, so that it reads the same in the
 * config, in /sys/kernel/security/apparmor/profiles and in the log. */
static bool plain_word(const char *s, size_t max)
{
  size_t n = strlen(s);
  if (n == 0 || n > max)
    return false;
  for (size_t i = 0; i < n; i++)
    if (s[i] <= ' ' || s[i] > '~')
      return false;
  return true;
}

static bool valid_apparmor_profile(const char *s)
{
  return plain_word(s, 255) && !clamp_lsm_apparmor_unconfined(s);
}

/* user:role:type[:level], with a type that confines. */
static bool valid_selinux_label(const char *s)
{
  size_t colons = 0;
  for (const char *c = s; *c; c++)
    colons += *c == ':';
  const char *a = strchr(s, ':');
  const char *b = a ? strchr(a + 1, ':') : NULL;
  return plain_word(s, 4096) && colons >= 2 && a != s && b != a + 1 && b[1] != '\0' && b[1] != ':'
         && !clamp_lsm_selinux_unconfined(s);
}

static int parse_lsm(struct clamp_policy *p, const struct clamp_json *root,
                     struct clamp_error **err)
{
  static const char *const names[] = { "apparmor_profile", "selinux_label", NULL };
  struct clamp_json *lsm;
  if (get_object(root, "", "lsm", names, &lsm, err) < 0)
    return -1;
  if (lsm == NULL)
    return 0;
  if (get_lsm_name(lsm, "apparmor_profile", valid_apparmor_profile,
                   "an AppArmor profile name that confines (no blanks, not \"unconfined\")",
                   &p->apparmor_profile, err)
          < 0
      || get_lsm_name(lsm, "selinux_label", valid_selinux_label,
                      "an SELinux label user:role:type[:level] with a type that confines",
                      &p->selinux_label, err)
             < 0)
    return -1;
  return 0;
}

/* One optional number of "resources" in [min, max]: 1 when present. */
static int get_bounded(const struct clamp_json *res, const char *key, int64_t min, int64_t max,
                       const char *why, int64_t *out, struct clamp_error **err)
{
  int64_t v;
  int r = clamp_spec_get_int64(res, "resources", key, &v, err);
  if (r <= 0)
    return r; /* absent or null: *out keeps its value */
  if (v < min || v > max)
    return clamp_error_input(err, "resources.%s: must be from %" PRId64 " to %" PRId64 " (%s)", key,
                             min, max, why);
  *out = v;
  return 1;
}

static int parse_resources(struct clamp_policy *p, const struct clamp_json *root,
                           struct clamp_error **err)
{
  static const char *const names[] = { "pids_limit", "pids_max",   "memory_limit", "cpu_shares",
                                       "cpu_quota",  "cpu_period", "core_limit",   NULL };
  struct clamp_json *res;
  if (get_object(root, "", "resources", names, &res, err) < 0)
    return -1;
  if (res == NULL)
    return 0;
  int64_t limit = p->pids_limit, max = -1, v = 0;
  int r;
  if (get_bounded(res, "pids_limit", 1, INT64_MAX, "a number of tasks; 0 or -1 would be unlimited",
                  &limit, err)
          < 0
      || (r = get_bounded(res, "pids_max", 1, INT64_MAX, "a number of tasks", &max, err)) < 0)
    return -1;
  if (r == 0)
    max = limit; /* null: the limit is also the most a container may ask for */
  if (max < limit)
    return clamp_error_input(
        err, "resources.pids_max: %" PRId64 " is below resources.pids_limit (%" PRId64 ")", max,
        limit);
  p->pids_limit = limit;
  p->pids_max = max;
  if ((r = get_bounded(res, "memory_limit", 1048576, INT64_MAX,
                       "bytes; at least 1 MiB, null for no default", &v, err))
      < 0)
    return -1;
  p->memory_limit = r ? v : 0;
  if ((r = get_bounded(res, "cpu_shares", 2, 262144, "the kernel's range for cpu.shares", &v, err))
      < 0)
    return -1;
  p->cpu_shares = r ? (uint64_t)v : 0;
  if ((r = get_bounded(res, "cpu_quota", 1000, INT64_MAX, "microseconds per period, at least 1 ms",
                       &v, err))
      < 0)
    return -1;
  p->cpu_quota = r ? v : 0;
  if ((r = get_bounded(res, "cpu_period", 1000, 1000000,
                       "microseconds, the kernel's range for cfs_period_us", &v, err))
      < 0)
    return -1;
  p->cpu_period = r ? (uint64_t)v : 0;
  if (clamp_json_is(clamp_json_object_get(res, "core_limit"), CLAMP_JSON_NULL))
    return clamp_error_input(err,
                             "resources.core_limit: must be a number of bytes (0: no core "
                             "dumps); set rules.\"rlimits.core\" to \"off\" to leave it alone");
  if ((r = get_bounded(res, "core_limit", 0, INT64_MAX, "bytes", &v, err)) < 0)
    return -1;
  if (r)
    p->core_limit = (uint64_t)v;
  return 0;
}

/* ---- sysctls, env, hooks, annotations ---- */

/* The strings at obj.key (named path.key in errors): each checked by
 * valid (NULL when fine, else what is wrong with it), none the same as
 * an earlier one by same. Returns 1 and the list (NULL-terminated, in
 * doc's arena) when present, 0 when absent or null, -1 on error. */
static int get_list(struct clamp_json_doc *doc, const struct clamp_json *obj, const char *path,
                    const char *key, const char *(*valid)(const char *s),
                    bool (*same)(const char *a, const char *b), const char *const **out, size_t *n,
                    struct clamp_error **err)
{
  struct clamp_json *arr;
  _cleanup_free_ char *f = field(path, key);
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

static bool same_exact(const char *a, const char *b) { return strcmp(a, b) == 0; }

static bool same_nocase(const char *a, const char *b) { return strcasecmp(a, b) == 0; }

static bool same_sysctl(const char *a, const char *b)
{
  _cleanup_free_ char *na = clamp_sysctl_normalize(a);
  _cleanup_free_ char *nb = clamp_sysctl_normalize(b);
  return strcmp(na, nb) == 0;
}

/* A sysctl name: letters, digits and _ - . / (interface names aside,
 * that is all /proc/sys holds), with at least one component. */
static const char *valid_sysctl(const char *s)
{
  size_t n = strlen(s);
  if (n == 0 || strchr("./", s[0]) || strchr("./", s[n - 1]) || strstr(s, "..") || strstr(s, "//")
      || strstr(s, "./") || strstr(s, "/."))
    return "is not a sysctl name (an empty component)";
  for (const char *c = s; *c; c++)
    if (!((*c >= 'a' && *c <= 'z') || (*c >= 'A' && *c <= 'Z') || (*c >= '0' && *c <= '9')
          || strchr("_-./", *c)))
      return "is not a sysctl name (letters, digits, _ - . and / only)";
  return NULL;
}

/* A piece of an environment variable's name: printable ASCII without
 * '=' (which ends a name). */
static const char *valid_secret_pattern(const char *s)
{
  if (*s == '\0')
    return "is empty (it would match every variable)";
  for (const char *c = s; *c; c++)
    if (*c <= ' ' || *c > '~' || *c == '=')
      return "cannot be part of a variable name (printable ASCII without spaces or '=' only)";
  return NULL;
}

static const char *valid_hook_path(const char *s)
{
  _cleanup_free_ char *clean = clamp_path_clean(s);
  if (s[0] != '/' || strcmp(clean, s) != 0)
    return "is not an absolute, clean path";
  return NULL;
}

static const char *valid_crun_annotation(const char *s)
{
  return clamp_annotation_is_crun_weakening(s) ? NULL
                                               : "is not an annotation annotations.crun removes";
}

static int parse_sysctls(struct clamp_policy *p, struct clamp_json_doc *doc,
                         const struct clamp_json *root, struct clamp_error **err)
{
  static const char *const names[] = { "allow", NULL };
  struct clamp_json *o;
  if (get_object(root, "", "sysctls", names, &o, err) < 0)
    return -1;
  if (o == NULL)
    return 0;
  return get_list(doc, o, "sysctls", "allow", valid_sysctl, same_sysctl, &p->sysctl_allow,
                  &p->n_sysctl_allow, err)
                 < 0
             ? -1
             : 0;
}

static int parse_env(struct clamp_policy *p, struct clamp_json_doc *doc,
                     const struct clamp_json *root, struct clamp_error **err)
{
  static const char *const names[] = { "secret_patterns", NULL };
  struct clamp_json *o;
  if (get_object(root, "", "env", names, &o, err) < 0)
    return -1;
  if (o == NULL)
    return 0;
  return get_list(doc, o, "env", "secret_patterns", valid_secret_pattern, same_nocase,
                  &p->env_secret_patterns, &p->n_env_secret_patterns, err)
                 < 0
             ? -1
             : 0;
}

static int parse_hooks(struct clamp_policy *p, struct clamp_json_doc *doc,
                       const struct clamp_json *root, struct clamp_error **err)
{
  static const char *const names[] = { "allow", NULL };
  struct clamp_json *o;
  if (get_object(root, "", "hooks", names, &o, err) < 0)
    return -1;
  if (o == NULL)
    return 0;
  /* null (or absent): every hook is allowed; a list, even [], restricts. */
  int r = get_list(doc, o, "hooks", "allow", valid_hook_path, same_exact, &p->hook_allow,
                   &p->n_hook_allow, err);
  if (r < 0)
    return -1;
  p->hooks_restricted = r > 0;
  return 0;
}

static int parse_annotations(struct clamp_policy *p, struct clamp_json_doc *doc,
                             const struct clamp_json *root, struct clamp_error **err)
{
  static const char *const names[] = { "allow", NULL };
  struct clamp_json *o;
  if (get_object(root, "", "annotations", names, &o, err) < 0)
    return -1;
  if (o == NULL)
    return 0;
  return get_list(doc, o, "annotations", "allow", valid_crun_annotation, same_exact,
                  &p->annotation_allow, &p->n_annotation_allow, err)
                 < 0
             ? -1
             : 0;
}

static int parse_top(struct clamp_policy *p, struct clamp_json_doc *doc, struct clamp_error **err)
{
  static const char *const names[] = { "version", "mode",        "user",    "capabilities",
                                       "tmpfs",   "seccomp",     "runtime", "audit",
                                       "lsm",     "resources",   "sysctls", "env",
                                       "hooks",   "annotations", "rules",   "exemptions",
                                       NULL };
  const struct clamp_json *root = doc->root;
  if (!clamp_json_is(root, CLAMP_JSON_OBJECT))
    return clamp_spec_type_error(err, "(policy)", "an object", root);
  if (known_members(root, "", names, err) < 0)
    return -1;
  uint32_t version;
  int r = clamp_spec_get_uint32(root, "", "version", &version, err);
  if (r < 0)
    return -1;
  if (r == 0 || version != 1)
    return clamp_error_input(err, "version: %s",
                             r == 0 ? "missing (this clamp reads version 1)"
                                    : "this clamp reads version 1");
  const char *mode;
  if (clamp_spec_get_string(root, "", "mode", &mode, err) < 0)
    return -1;
  if (mode != NULL && strcmp(mode, "enforce") != 0 && strcmp(mode, "warn") != 0)
    return clamp_error_input(err, "mode: must be \"enforce\" or \"warn\"");
  p->mode = mode != NULL && strcmp(mode, "warn") == 0 ? CLAMP_MODE_WARN : CLAMP_MODE_ENFORCE;
  if (parse_user(p, root, err) < 0 || parse_caps(p, doc, root, err) < 0
      || parse_tmpfs(p, doc, root, err) < 0 || parse_seccomp(p, doc, root, err) < 0
      || parse_runtime(p, doc, root, err) < 0 || parse_audit(p, root, err) < 0
      || parse_lsm(p, root, err) < 0 || parse_resources(p, root, err) < 0
      || parse_sysctls(p, doc, root, err) < 0 || parse_env(p, doc, root, err) < 0
      || parse_hooks(p, doc, root, err) < 0 || parse_annotations(p, doc, root, err) < 0
      || parse_rules(p, root, err) < 0
      /* After the rules: an exemption is checked against them. */
      || parse_exemptions(p, doc, root, err) < 0)
    return -1;
  /* Roll-out mode: every rule that is on only reports. */
  if (p->mode == CLAMP_MODE_WARN)
    for (size_t i = 0; i < CLAMP_RULE__COUNT; i++)
      if (p->actions[i] != CLAMP_ACTION_OFF)
        p->actions[i] = CLAMP_ACTION_WARN;
  return 0;
}

int clamp_policy_parse(struct clamp_policy *p, const char *text, size_t len, const char *source,
                       struct clamp_error **err)
{
  clamp_policy_default(p);
  struct clamp_json_doc *doc = clamp_json_doc_new();
  p->owned = doc;
  const char *copy = clamp_arena_strndup(doc->arena, text, len);
  doc->root = clamp_json_parse_in(doc, copy, len, err);
  if (doc->root == NULL || parse_top(p, doc, err) < 0)
    {
      clamp_policy_free(p);
      return clamp_error_wrap(err, "policy %s", source);
    }
  p->source = clamp_arena_strdup(doc->arena, source);
  struct clamp_sha256 s;
  clamp_sha256_init(&s);
  clamp_sha256_update(&s, text, len);
  clamp_sha256_final(&s, p->digest);
  return 0;
}

int clamp_policy_load(struct clamp_policy *p, const char *path, bool must_exist,
                      struct clamp_error **err)
{
  if (!must_exist && access(path, F_OK) < 0 && errno == ENOENT)
    {
      clamp_policy_default(p);
      return 0;
    }
  _cleanup_json_doc_ struct clamp_json_doc *raw = clamp_json_doc_new();
  const char *text;
  size_t len;
  if (read_trusted(path, "policy", raw, &text, &len, err) < 0)
    {
      clamp_policy_default(p);
      return -1;
    }
  return clamp_policy_parse(p, text, len, path, err);
}

void clamp_policy_free(struct clamp_policy *p)
{
  clamp_json_doc_free(p->owned);
  clamp_policy_default(p);
}
