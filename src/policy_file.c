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
#include "clamp/policy_parse.h"
#include "clamp/sha256.h"
#include "clamp/spec.h"

/* Far above any sensible policy or seccomp profile. */
#define FILE_MAX (1u << 20)

static int parse_user(struct clamp_policy *p, const struct clamp_json *root,
                      struct clamp_error **err)
{
  static const char *const names[] = { "uid", "gid", NULL };
  struct clamp_json *user;
  if (clamp_policy_get_object(root, "", "user", names, &user, err) < 0)
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

static int parse_caps(struct clamp_policy *p, struct clamp_json_doc *doc,
                      const struct clamp_json *root, struct clamp_error **err)
{
  const char **list;
  size_t n;
  if (clamp_policy_parse_cap_allow(doc, root, "", &list, &n, err) < 0)
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
  if (clamp_policy_known_members(e, path, names, err) < 0)
    return -1;
  const char *dest, *size, *mode;
  struct clamp_json *opts;
  if (clamp_policy_get_path(e, path, "path", &dest, err) < 0
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
  if (clamp_policy_get_object(root, "", "seccomp", names, &sc, err) < 0
      || (sc != NULL && clamp_policy_get_path(sc, "seccomp", "profile", &path, err) < 0))
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
  if (clamp_policy_get_object(root, "", "runtime", names, &rt, err) < 0)
    return -1;
  if (rt == NULL)
    return 0;
  if (clamp_policy_get_path(rt, "runtime", "path", &p->runtime_path, err) < 0
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
  if (clamp_policy_get_object(root, "", "audit", names, &audit, err) < 0)
    return -1;
  if (audit == NULL)
    return 0;
  const struct clamp_json *log = clamp_json_object_get(audit, "log");
  if (log != NULL)
    {
      /* null turns the trail off; anything else must be a path. */
      const char *path = NULL;
      if (!clamp_json_is(log, CLAMP_JSON_NULL)
          && clamp_policy_get_path(audit, "audit", "log", &path, err) < 0)
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
  if (clamp_policy_known_members(root, "", names, err) < 0)
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
      || clamp_policy_parse_lsm(p, root, err) < 0 || clamp_policy_parse_resources(p, root, err) < 0
      || clamp_policy_parse_sysctls(p, doc, root, err) < 0
      || clamp_policy_parse_env(p, doc, root, err) < 0
      || clamp_policy_parse_hooks(p, doc, root, err) < 0
      || clamp_policy_parse_annotations(p, doc, root, err) < 0
      || parse_rules(p, root, err) < 0
      /* After the rules: an exemption is checked against them. */
      || clamp_policy_parse_exemptions(p, doc, root, err) < 0)
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
