/* SPDX-License-Identifier: Apache-2.0 */
/* Parsing and validation of seccomp profiles into struct
 * clamp_profile_model: OCI linux.seccomp as runc 1.1.5 reads it
 * (libcontainer/specconv SetupSeccomp, libcontainer/seccomp), and Docker's
 * profile format as moby resolves it (moby/profiles seccomp setupSeccomp).
 * Every error names the field. Unknown members are ignored, as Go's
 * encoding/json ignores them, but a member that Go would match to a field
 * case-insensitively ("Action", "nameſ") is an error: runc would read it
 * and clamp would not. */
#include "clamp/profile_model.h"

#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "clamp/spec.h"

/* runc 1.1.5 getAction truncates errnoRet to int16; anything above the
 * kernel's MAX_ERRNO (4095) is not an errno at all. */
#define MAX_ERRNO_RET 4095u
#define NO_REF UINT32_MAX

/* Where a value is, formatted only when an error names it (this runs on
 * every container start): a chain of members and array indices. */
struct path
{
  const struct path *up;
  const char *key; /* NULL: an array index */
  size_t index;
};

#define AT(up_, key_) (&(const struct path){ (up_), (key_), 0 })
#define AT_INDEX(up_, i_) (&(const struct path){ (up_), NULL, (i_) })

static void path_put(struct clamp_buf *b, const struct path *p)
{
  if (p == NULL)
    return;
  path_put(b, p->up);
  if (p->key == NULL)
    clamp_buf_printf(b, "[%zu]", p->index);
  else
    clamp_buf_printf(b, "%s%s", b->len > 0 ? "." : "", p->key);
}

/* Fail with "<path>: <message>". */
static int fail(struct clamp_error **err, const struct path *p, const char *fmt, ...)
    CLAMP_PRINTF(3, 4);
static int fail(struct clamp_error **err, const struct path *p, const char *fmt, ...)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  path_put(&b, p);
  va_list ap;
  va_start(ap, fmt);
  _cleanup_free_ char *msg = clamp_xvasprintf(fmt, ap);
  va_end(ap);
  int r =
      b.len > 0 ? clamp_error_input(err, "%s: %s", b.data, msg) : clamp_error_input(err, "%s", msg);
  clamp_buf_free(&b);
  return r;
}

/* ---- actions ------------------------------------------------------------ */

static const struct
{
  const char *name;
  enum clamp_scmp_act kind;
} ACTIONS[] = {
  { "SCMP_ACT_KILL", CLAMP_SCMP_ACT_KILL_THREAD },
  { "SCMP_ACT_KILL_THREAD", CLAMP_SCMP_ACT_KILL_THREAD },
  { "SCMP_ACT_KILL_PROCESS", CLAMP_SCMP_ACT_KILL_PROCESS },
  { "SCMP_ACT_TRAP", CLAMP_SCMP_ACT_TRAP },
  { "SCMP_ACT_ERRNO", CLAMP_SCMP_ACT_ERRNO },
  { "SCMP_ACT_TRACE", CLAMP_SCMP_ACT_TRACE },
  { "SCMP_ACT_LOG", CLAMP_SCMP_ACT_LOG },
  { "SCMP_ACT_ALLOW", CLAMP_SCMP_ACT_ALLOW },
};

bool clamp_scmp_action_allows(struct clamp_scmp_action a)
{
  return a.kind == CLAMP_SCMP_ACT_ALLOW || a.kind == CLAMP_SCMP_ACT_LOG;
}

bool clamp_scmp_action_has_errno(struct clamp_scmp_action a)
{
  return a.kind == CLAMP_SCMP_ACT_ERRNO || a.kind == CLAMP_SCMP_ACT_TRACE;
}

bool clamp_scmp_action_eq(struct clamp_scmp_action a, struct clamp_scmp_action b)
{
  return a.kind == b.kind && (!clamp_scmp_action_has_errno(a) || a.errno_ret == b.errno_ret);
}

int clamp_scmp_action_cmp(struct clamp_scmp_action a, struct clamp_scmp_action b)
{
  if (a.kind != b.kind)
    return a.kind < b.kind ? -1 : 1;
  if (!clamp_scmp_action_has_errno(a) || a.errno_ret == b.errno_ret)
    return 0;
  return a.errno_ret < b.errno_ret ? -1 : 1;
}

/* The canonical spelling: SCMP_ACT_KILL_THREAD for KILL. */
const char *clamp_scmp_action_name(struct clamp_scmp_action a)
{
  for (size_t i = 1; i < CLAMP_N_ELEMENTS(ACTIONS); i++)
    if (ACTIONS[i].kind == a.kind)
      return ACTIONS[i].name;
  return "SCMP_ACT_KILL_THREAD";
}

/* ---- architectures ------------------------------------------------------ */

/* runc 1.1.5 libcontainer/seccomp/config.go "archs", plus RISCV64 and
 * LOONGARCH64 which runc accepts from 1.2 on (as src/seccomp.c does). */
static const char *const ARCHES[] = {
  "SCMP_ARCH_X86",     "SCMP_ARCH_X86_64",      "SCMP_ARCH_X32",         "SCMP_ARCH_ARM",
  "SCMP_ARCH_AARCH64", "SCMP_ARCH_MIPS",        "SCMP_ARCH_MIPS64",      "SCMP_ARCH_MIPS64N32",
  "SCMP_ARCH_MIPSEL",  "SCMP_ARCH_MIPSEL64",    "SCMP_ARCH_MIPSEL64N32", "SCMP_ARCH_PPC",
  "SCMP_ARCH_PPC64",   "SCMP_ARCH_PPC64LE",     "SCMP_ARCH_S390",        "SCMP_ARCH_S390X",
  "SCMP_ARCH_RISCV64", "SCMP_ARCH_LOONGARCH64",
};

static bool arch_known(const char *s)
{
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(ARCHES); i++)
    if (strcmp(s, ARCHES[i]) == 0)
      return true;
  return false;
}

/* moby compares includes/excludes.arches with goToNative[runtime.GOARCH]
 * (moby/profiles seccomp_linux.go), which spells a few ports the
 * libseccomp way: a 386 host matches "x86", not "386". */
static const char *moby_arch(const char *go_arch)
{
  static const char *const MAP[][2] = {
    { "386", "x86" },           { "loong64", "loongarch64" },     { "mips64p32", "mips64n32" },
    { "mips64le", "mipsel64" }, { "mips64p32le", "mips3l64n32" }, { "mipsle", "mipsel" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(MAP); i++)
    if (strcmp(go_arch, MAP[i][0]) == 0)
      return MAP[i][1];
  return go_arch;
}

/* ---- strict readers ----------------------------------------------------- */

static int type_error(struct clamp_error **err, const struct path *p, const char *want,
                      const struct clamp_json *v)
{
  return fail(err, p, "must be %s, not %s", want, clamp_json_type_name(v->type));
}

/* Unsigned integers as Go decodes them into uint/uint64: digits only, no
 * sign, fraction or exponent ("1.0", "-1", "1e3" are refused). */
static int read_uint(const struct clamp_json *v, uint64_t max, const struct path *p, uint64_t *out,
                     struct clamp_error **err)
{
  if (!clamp_json_is(v, CLAMP_JSON_NUMBER))
    return type_error(err, p, "an unsigned integer", v);
  const char *s = v->u.str.s;
  size_t len = v->u.str.len;
  bool digits = len > 0 && !(len > 1 && s[0] == '0');
  bool range = true;
  uint64_t r = 0;
  for (size_t i = 0; i < len && digits; i++)
    {
      if (s[i] < '0' || s[i] > '9')
        digits = false;
      else if (r > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10u)
        range = false;
      else
        r = r * 10u + (uint64_t)(s[i] - '0');
    }
  if (!digits)
    {
      _cleanup_free_ char *q = clamp_quote(s, len);
      return fail(err, p, "%s is not an unsigned integer", q);
    }
  if (!range || r > max) /* digits only: safe to show */
    return fail(err, p, "%.*s is out of range (at most %" PRIu64 ")", (int)len, s, max);
  *out = r;
  return 0;
}

/* 1 and *out set when present, 0 when absent or null. */
static int read_string(const struct clamp_json *v, const struct path *p, const char **out,
                       struct clamp_error **err)
{
  *out = NULL;
  if (clamp_json_is_absent(v))
    return 0;
  if (!clamp_json_is(v, CLAMP_JSON_STRING))
    return type_error(err, p, "a string", v);
  *out = v->u.str.s;
  return 1;
}

/* An array of strings (absent or null: 0 items). */
static int read_strings(const struct clamp_json *v, const struct path *p, bool non_empty,
                        struct clamp_error **err)
{
  if (clamp_json_is_absent(v))
    return 0;
  if (!clamp_json_is(v, CLAMP_JSON_ARRAY))
    return type_error(err, p, "an array of strings", v);
  for (size_t i = 0; i < v->u.arr.len; i++)
    {
      const struct clamp_json *s = v->u.arr.items[i];
      if (!clamp_json_is(s, CLAMP_JSON_STRING))
        return type_error(err, AT_INDEX(p, i), "a string", s);
      if (non_empty && s->u.str.len == 0)
        return fail(err, AT_INDEX(p, i), "must not be empty");
    }
  return 0;
}

static size_t array_len(const struct clamp_json *v)
{
  return clamp_json_is(v, CLAMP_JSON_ARRAY) ? v->u.arr.len : 0;
}

static bool strings_contain(const struct clamp_json *arr, const char *s)
{
  for (size_t i = 0; i < array_len(arr); i++)
    if (clamp_json_string_eq(arr->u.arr.items[i], s))
      return true;
  return false;
}

/* Refuse members that Go would match to one of fields but clamp would not
 * (see the top of this file). */
static int check_lookalikes(const struct clamp_json *obj, const char *const *fields, size_t n,
                            const struct path *p, struct clamp_error **err)
{
  for (size_t i = 0; i < obj->u.obj.len; i++)
    {
      const struct clamp_json_member *m = &obj->u.obj.members[i];
      for (size_t f = 0; f < n; f++)
        {
          if (strncmp(fields[f], m->key, m->key_len) == 0 && fields[f][m->key_len] == '\0')
            break;
          if (clamp_spec_key_folds_to(m->key, m->key_len, fields[f]))
            {
              _cleanup_free_ char *q = clamp_quote(m->key, m->key_len);
              return fail(err, AT(p, q),
                          "is not \"%s\", but runc would read it as \"%s\"; spell it exactly",
                          fields[f], fields[f]);
            }
        }
    }
  return 0;
}

/* ---- the model ---------------------------------------------------------- */

void clamp_profile_model_init(struct clamp_profile_model *pm) { memset(pm, 0, sizeof *pm); }

void clamp_profile_model_free(struct clamp_profile_model *pm)
{
  free(pm->archs);
  free(pm->rules);
  free(pm->conds);
  free(pm->refs);
  free(pm->calls);
  free(pm->index);
  clamp_profile_model_init(pm);
}

#define GROW(arr, n, cap)                                                                          \
  do                                                                                               \
    {                                                                                              \
      if ((n) == (cap))                                                                            \
        {                                                                                          \
          (cap) = (cap) ? 2 * (cap) : 64;                                                          \
          (arr) = clamp_xrealloc((arr), (cap) * sizeof *(arr));                                    \
        }                                                                                          \
    }                                                                                              \
  while (0)

/* FNV-1a */
uint32_t clamp_profile_model_hash(const char *name)
{
  uint32_t h = 2166136261u;
  for (const unsigned char *p = (const unsigned char *)name; *p; p++)
    h = (h ^ *p) * 16777619u;
  return h;
}

const struct clamp_pm_call *clamp_profile_model_find(const struct clamp_profile_model *pm,
                                                     const char *name, uint32_t hash)
{
  if (pm->index == NULL)
    return NULL;
  for (size_t i = hash & pm->index_mask; pm->index[i] != 0; i = (i + 1) & pm->index_mask)
    {
      const struct clamp_pm_call *c = &pm->calls[pm->index[i] - 1];
      if (c->hash == hash && strcmp(c->name, name) == 0)
        return c;
    }
  return NULL;
}

static void index_put(struct clamp_profile_model *pm, size_t call)
{
  size_t i = pm->calls[call].hash & pm->index_mask;
  while (pm->index[i] != 0)
    i = (i + 1) & pm->index_mask;
  pm->index[i] = (uint32_t)(call + 1);
}

/* The oracle is asked once per name; a name `known` (another model of
 * the same call) has already answered for is not asked again. */
static struct clamp_pm_call *call_for(struct clamp_profile_model *pm, const char *name,
                                      const struct clamp_syscall_oracle *oracle,
                                      const struct clamp_profile_model *known)
{
  uint32_t h = clamp_profile_model_hash(name);
  const struct clamp_pm_call *found = clamp_profile_model_find(pm, name, h);
  if (found != NULL)
    return &pm->calls[found - pm->calls];
  if (2 * (pm->n_calls + 1) > pm->index_mask)
    {
      free(pm->index);
      pm->index_mask = pm->index_mask ? 2 * pm->index_mask + 1 : 1023;
      pm->index = clamp_xcalloc(pm->index_mask + 1, sizeof *pm->index);
      for (size_t c = 0; c < pm->n_calls; c++)
        index_put(pm, c);
    }
  const struct clamp_pm_call *other = known ? clamp_profile_model_find(known, name, h) : NULL;
  GROW(pm->calls, pm->n_calls, pm->cap_calls);
  struct clamp_pm_call *c = &pm->calls[pm->n_calls];
  *c = (struct clamp_pm_call){ name, h, other ? other->known : oracle->known(name, oracle->data),
                               NO_REF, NO_REF };
  index_put(pm, pm->n_calls++);
  return c;
}

static int parse_action(const struct clamp_json *action, const struct clamp_json *errno_ret,
                        const struct path *p, const struct path *errno_path,
                        struct clamp_scmp_action *out, struct clamp_error **err)
{
  const char *s;
  int r = read_string(action, p, &s, err);
  if (r < 0)
    return -1;
  if (r == 0)
    return fail(err, p, "required");
  uint64_t e = EPERM; /* runc: ERRNO and TRACE without errnoRet mean EPERM */
  if (!clamp_json_is_absent(errno_ret)
      && read_uint(errno_ret, MAX_ERRNO_RET, errno_path, &e, err) < 0)
    return -1;
  if (strcmp(s, "SCMP_ACT_NOTIFY") == 0)
    return fail(err, p,
                "SCMP_ACT_NOTIFY is not supported (clamp does not hand syscalls to a seccomp "
                "agent)");
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(ACTIONS); i++)
    if (strcmp(s, ACTIONS[i].name) == 0)
      {
        out->kind = ACTIONS[i].kind;
        out->errno_ret = clamp_scmp_action_has_errno(*out) ? (uint32_t)e : 0;
        return 0;
      }
  _cleanup_free_ char *q = clamp_quote(action->u.str.s, action->u.str.len);
  return fail(err, p, "unknown action %s", q);
}

static const char *const ARG_FIELDS[] = { "index", "value", "valueTwo", "op" };

static int parse_arg(struct clamp_profile_model *pm, const struct clamp_json *a,
                     const struct path *p, struct clamp_error **err)
{
  if (!clamp_json_is(a, CLAMP_JSON_OBJECT))
    return type_error(err, p, "an object", a);
  if (check_lookalikes(a, ARG_FIELDS, CLAMP_N_ELEMENTS(ARG_FIELDS), p, err) < 0)
    return -1;
  struct clamp_scmp_cond c = { 0, CLAMP_SCMP_CMP_EQ, 0, 0 };
  uint64_t index;
  const struct clamp_json *v = clamp_json_object_get(a, "index");
  if (clamp_json_is_absent(v))
    return fail(err, AT(p, "index"), "required");
  if (read_uint(v, CLAMP_SCMP_N_ARGS - 1, AT(p, "index"), &index, err) < 0)
    return -1;
  c.index = (unsigned)index;
  v = clamp_json_object_get(a, "value");
  if (clamp_json_is_absent(v))
    return fail(err, AT(p, "value"), "required");
  if (read_uint(v, UINT64_MAX, AT(p, "value"), &c.value, err) < 0)
    return -1;
  v = clamp_json_object_get(a, "valueTwo");
  if (!clamp_json_is_absent(v)
      && read_uint(v, UINT64_MAX, AT(p, "valueTwo"), &c.value_two, err) < 0)
    return -1;
  const char *op;
  const struct clamp_json *o = clamp_json_object_get(a, "op");
  int r = read_string(o, AT(p, "op"), &op, err);
  if (r < 0)
    return -1;
  if (r == 0)
    return fail(err, AT(p, "op"), "required");
  if (clamp_scmp_op_parse(op, &c.op) < 0)
    {
      _cleanup_free_ char *q = clamp_quote(o->u.str.s, o->u.str.len);
      return fail(err, AT(p, "op"), "unknown operator %s", q);
    }
  /* Only MASKED_EQ reads valueTwo (libseccomp ignores datum_b otherwise). */
  if (c.op != CLAMP_SCMP_CMP_MASKED_EQ)
    c.value_two = 0;
  GROW(pm->conds, pm->n_conds, pm->cap_conds);
  pm->conds[pm->n_conds++] = c;
  return 0;
}

/* One entry's common part: action, errnoRet, args (appended to
 * pm->conds). The names are the caller's. */
static int parse_rule(struct clamp_profile_model *pm, const struct clamp_json *e,
                      const struct path *p, struct clamp_pm_rule *rule, struct clamp_error **err)
{
  if (parse_action(clamp_json_object_get(e, "action"), clamp_json_object_get(e, "errnoRet"),
                   AT(p, "action"), AT(p, "errnoRet"), &rule->act, err)
      < 0)
    return -1;
  rule->first_cond = (uint32_t)pm->n_conds;
  const struct clamp_json *args = clamp_json_object_get(e, "args");
  if (!clamp_json_is_absent(args) && !clamp_json_is(args, CLAMP_JSON_ARRAY))
    return type_error(err, AT(p, "args"), "an array", args);
  unsigned seen = 0;
  rule->ored = false;
  for (size_t j = 0; j < array_len(args); j++)
    {
      if (parse_arg(pm, args->u.arr.items[j], AT_INDEX(AT(p, "args"), j), err) < 0)
        return -1;
      unsigned bit = 1u << pm->conds[pm->n_conds - 1].index;
      rule->ored |= (seen & bit) != 0;
      seen |= bit;
    }
  rule->n_conds = (uint32_t)(pm->n_conds - rule->first_cond);
  return 0;
}

/* Add the rule under each name of names (a validated string array), or
 * under single (Docker's legacy "name"). */
static int add_names(struct clamp_profile_model *pm, const struct clamp_json *names,
                     const char *single, const struct clamp_pm_rule *rule, const struct path *p,
                     const struct clamp_syscall_oracle *oracle, enum clamp_pm_unknown unknown,
                     const struct clamp_profile_model *known, struct clamp_error **err)
{
  GROW(pm->rules, pm->n_rules, pm->cap_rules);
  uint32_t id = (uint32_t)pm->n_rules;
  pm->rules[pm->n_rules++] = *rule;
  size_t n = single ? 1 : names->u.arr.len;
  for (size_t i = 0; i < n; i++)
    {
      const char *name = single ? single : names->u.arr.items[i]->u.str.s;
      struct clamp_pm_call *c = call_for(pm, name, oracle, known);
      if (!c->known)
        {
          /* runc skips a name libseccomp cannot resolve (debug log only).
           * In clamp's own profile a denial so lost is a hole, unless runc
           * would skip the rule anyway as equal to the default action. */
          if (unknown == CLAMP_PM_UNKNOWN_DENY_ERROR && !clamp_scmp_action_allows(rule->act)
              && !clamp_scmp_action_eq(rule->act, pm->def))
            {
              _cleanup_free_ char *q = clamp_quote(name, strlen(name));
              return fail(err, single ? AT(p, "name") : AT_INDEX(AT(p, "names"), i),
                          "libseccomp does not know syscall %s, so this %s rule could not "
                          "deny it",
                          q, clamp_scmp_action_name(rule->act));
            }
          continue;
        }
      GROW(pm->refs, pm->n_refs, pm->cap_refs);
      uint32_t ref = (uint32_t)pm->n_refs;
      pm->refs[pm->n_refs++] = (struct clamp_pm_ref){ id, NO_REF };
      if (c->tail == NO_REF)
        c->head = ref;
      else
        pm->refs[c->tail].next = ref;
      c->tail = ref;
    }
  return 0;
}

/* The top-level members both formats share. Returns 1 when there is a
 * profile, 0 when it is empty (no defaultAction and no syscalls). */
static int parse_top(struct clamp_profile_model *pm, const struct clamp_json *p,
                     const char *const *fields, size_t n_fields, const struct clamp_json **syscalls,
                     struct clamp_error **err)
{
  if (!clamp_json_is(p, CLAMP_JSON_OBJECT))
    return type_error(err, NULL, "an object", p);
  if (check_lookalikes(p, fields, n_fields, NULL, err) < 0)
    return -1;
  const char *def;
  if (read_string(clamp_json_object_get(p, "defaultAction"), AT(NULL, "defaultAction"), &def, err)
      < 0)
    return -1;
  *syscalls = clamp_json_object_get(p, "syscalls");
  if (!clamp_json_is_absent(*syscalls) && !clamp_json_is(*syscalls, CLAMP_JSON_ARRAY))
    return type_error(err, AT(NULL, "syscalls"), "an array", *syscalls);
  size_t n = array_len(*syscalls);
  if ((def == NULL || *def == '\0') && n == 0)
    return 0;
  if (def == NULL || *def == '\0')
    return fail(err, AT(NULL, "defaultAction"),
                "required when syscalls are given (runc refuses an empty default action)");
  const struct clamp_json *de = clamp_json_object_get(p, "defaultErrnoRet");
  if (parse_action(clamp_json_object_get(p, "defaultAction"), de, AT(NULL, "defaultAction"),
                   AT(NULL, "defaultErrnoRet"), &pm->def, err)
      < 0)
    return -1;
  pm->has_default_errno = !clamp_json_is_absent(de) && clamp_scmp_action_has_errno(pm->def);
  if (read_strings(clamp_json_object_get(p, "flags"), AT(NULL, "flags"), false, err) < 0)
    return -1;
  static const char *const LISTENER[] = { "listenerPath", "listenerMetadata" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(LISTENER); i++)
    {
      const char *s;
      int r = read_string(clamp_json_object_get(p, LISTENER[i]), AT(NULL, LISTENER[i]), &s, err);
      if (r < 0)
        return -1;
      if (r > 0 && *s != '\0')
        return fail(err, AT(NULL, LISTENER[i]),
                    "a seccomp agent is not supported (clamp refuses SCMP_ACT_NOTIFY and its "
                    "listener)");
    }
  return 1;
}

static void add_arch(struct clamp_profile_model *pm, const char *a)
{
  for (size_t i = 0; i < pm->n_archs; i++)
    if (strcmp(pm->archs[i], a) == 0)
      return;
  pm->archs = clamp_xrealloc(pm->archs, (pm->n_archs + 1) * sizeof *pm->archs);
  pm->archs[pm->n_archs++] = a;
}

static int read_archs(struct clamp_profile_model *pm, const struct clamp_json *v,
                      const struct path *p, struct clamp_error **err)
{
  if (read_strings(v, p, false, err) < 0)
    return -1;
  for (size_t i = 0; i < array_len(v); i++)
    {
      const struct clamp_json *s = v->u.arr.items[i];
      if (!arch_known(s->u.str.s))
        {
          _cleanup_free_ char *q = clamp_quote(s->u.str.s, s->u.str.len);
          return fail(err, AT_INDEX(p, i), "unknown architecture %s", q);
        }
      add_arch(pm, s->u.str.s);
    }
  return 0;
}

static const char *const OCI_FIELDS[] = {
  "defaultAction", "defaultErrnoRet",  "architectures", "flags",
  "listenerPath",  "listenerMetadata", "syscalls",
};
static const char *const OCI_ENTRY_FIELDS[] = { "names", "action", "errnoRet", "args" };

int clamp_profile_model_from_oci(struct clamp_profile_model *pm, const struct clamp_json *oci,
                                 const struct clamp_syscall_oracle *oracle,
                                 enum clamp_pm_unknown unknown,
                                 const struct clamp_profile_model *known, struct clamp_error **err)
{
  const struct clamp_json *syscalls;
  int r = parse_top(pm, oci, OCI_FIELDS, CLAMP_N_ELEMENTS(OCI_FIELDS), &syscalls, err);
  if (r < 0)
    return -1;
  if (r == 0)
    return fail(err, NULL, "is empty: runc would run the container without seccomp");
  if (read_archs(pm, clamp_json_object_get(oci, "architectures"), AT(NULL, "architectures"), err)
      < 0)
    return -1;
  for (size_t i = 0; i < array_len(syscalls); i++)
    {
      const struct clamp_json *e = syscalls->u.arr.items[i];
      const struct path *p = AT_INDEX(AT(NULL, "syscalls"), i);
      if (!clamp_json_is(e, CLAMP_JSON_OBJECT))
        return type_error(err, p, "an object", e);
      if (check_lookalikes(e, OCI_ENTRY_FIELDS, CLAMP_N_ELEMENTS(OCI_ENTRY_FIELDS), p, err) < 0)
        return -1;
      const struct clamp_json *names = clamp_json_object_get(e, "names");
      if (clamp_json_is_absent(names))
        return fail(err, AT(p, "names"), "required");
      if (read_strings(names, AT(p, "names"), true, err) < 0)
        return -1;
      struct clamp_pm_rule rule;
      if (parse_rule(pm, e, p, &rule, err) < 0
          || add_names(pm, names, NULL, &rule, p, oracle, unknown, known, err) < 0)
        return -1;
    }
  return 0;
}

/* ---- Docker's format ---------------------------------------------------- */

static const char *const DOCKER_FIELDS[] = {
  "defaultAction", "defaultErrnoRet", "architectures",    "archMap",
  "flags",         "listenerPath",    "listenerMetadata", "syscalls",
};
static const char *const DOCKER_ENTRY_FIELDS[] = {
  "names", "name", "action", "errnoRet", "args", "comment", "includes", "excludes",
};
static const char *const FILTER_FIELDS[] = { "caps", "arches", "minKernel" };
static const char *const ARCHMAP_FIELDS[] = { "architecture", "subArchitectures" };

struct filter
{
  const struct clamp_json *caps, *arches;
  bool has_kernel;
  unsigned major, minor;
};

/* "X.Y" as moby's KernelVersion.UnmarshalJSON reads it: exactly two
 * parts, each strconv.ParseUint(s, 10, 8), not 0.0; "" means unset. */
static int parse_kernel(const char *s, const struct path *p, struct filter *f,
                        struct clamp_error **err)
{
  if (*s == '\0')
    return 0;
  unsigned part[2] = { 0, 0 };
  size_t k = 0, digits = 0;
  bool ok = true;
  for (const char *c = s; *c && ok; c++)
    {
      if (*c == '.')
        {
          ok = digits > 0 && k == 0;
          k++;
          digits = 0;
        }
      else if (*c >= '0' && *c <= '9' && part[k] <= 255)
        {
          part[k] = part[k] * 10 + (unsigned)(*c - '0');
          digits++;
        }
      else
        ok = false;
    }
  if (!ok || k != 1 || digits == 0 || part[0] > 255 || part[1] > 255
      || (part[0] == 0 && part[1] == 0))
    {
      _cleanup_free_ char *q = clamp_quote(s, strlen(s));
      return fail(err, p, "%s is not a kernel version \"<kernel>.<major>\"", q);
    }
  f->has_kernel = true;
  f->major = part[0];
  f->minor = part[1];
  return 0;
}

static int parse_filter(const struct clamp_json *v, const struct path *p, struct filter *f,
                        struct clamp_error **err)
{
  memset(f, 0, sizeof *f);
  if (clamp_json_is_absent(v))
    return 0;
  if (!clamp_json_is(v, CLAMP_JSON_OBJECT))
    return type_error(err, p, "an object", v);
  if (check_lookalikes(v, FILTER_FIELDS, CLAMP_N_ELEMENTS(FILTER_FIELDS), p, err) < 0)
    return -1;
  f->caps = clamp_json_object_get(v, "caps");
  if (read_strings(f->caps, AT(p, "caps"), false, err) < 0)
    return -1;
  f->arches = clamp_json_object_get(v, "arches");
  if (read_strings(f->arches, AT(p, "arches"), false, err) < 0)
    return -1;
  const char *k;
  int r = read_string(clamp_json_object_get(v, "minKernel"), AT(p, "minKernel"), &k, err);
  if (r < 0 || (r > 0 && parse_kernel(k, AT(p, "minKernel"), f, err) < 0))
    return -1;
  return 0;
}

static bool has_cap(const char *const *caps, size_t n, const char *c)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(caps[i], c) == 0)
      return true;
  return false;
}

static bool kernel_at_least(const struct clamp_seccomp_host *h, const struct filter *f)
{
  return h->kernel_major > f->major || (h->kernel_major == f->major && h->kernel_minor >= f->minor);
}

/* moby setupSeccomp: excludes skip the rule if any condition holds,
 * includes skip it unless all hold. Caps are compared with the final
 * bounding set, exactly (moby: slices.Contains). */
static bool rule_applies(const struct filter *inc, const struct filter *exc,
                         const char *const *caps, size_t n_caps,
                         const struct clamp_seccomp_host *host)
{
  const char *arch = moby_arch(host->go_arch);
  if (strings_contain(exc->arches, arch))
    return false;
  for (size_t i = 0; i < array_len(exc->caps); i++)
    if (has_cap(caps, n_caps, exc->caps->u.arr.items[i]->u.str.s))
      return false;
  if (exc->has_kernel && kernel_at_least(host, exc))
    return false;
  if (array_len(inc->arches) > 0 && !strings_contain(inc->arches, arch))
    return false;
  for (size_t i = 0; i < array_len(inc->caps); i++)
    if (!has_cap(caps, n_caps, inc->caps->u.arr.items[i]->u.str.s))
      return false;
  if (inc->has_kernel && !kernel_at_least(host, inc))
    return false;
  return true;
}

static int docker_archs(struct clamp_profile_model *pm, const struct clamp_json *p,
                        const struct clamp_seccomp_host *host, struct clamp_error **err)
{
  const struct clamp_json *plain = clamp_json_object_get(p, "architectures");
  const struct clamp_json *map = clamp_json_object_get(p, "archMap");
  if (read_strings(plain, AT(NULL, "architectures"), false, err) < 0)
    return -1;
  if (!clamp_json_is_absent(map) && !clamp_json_is(map, CLAMP_JSON_ARRAY))
    return type_error(err, AT(NULL, "archMap"), "an array", map);
  if (array_len(plain) > 0 && array_len(map) > 0)
    return fail(err, AT(NULL, "archMap"),
                "both architectures and archMap are given (moby refuses this; use one)");
  if (array_len(plain) > 0)
    return read_archs(pm, plain, AT(NULL, "architectures"), err);
  bool found = false;
  for (size_t i = 0; i < array_len(map); i++)
    {
      const struct clamp_json *a = map->u.arr.items[i];
      const struct path *ap = AT_INDEX(AT(NULL, "archMap"), i);
      if (!clamp_json_is(a, CLAMP_JSON_OBJECT))
        return type_error(err, ap, "an object", a);
      if (check_lookalikes(a, ARCHMAP_FIELDS, CLAMP_N_ELEMENTS(ARCHMAP_FIELDS), ap, err) < 0)
        return -1;
      const char *arch;
      if (read_string(clamp_json_object_get(a, "architecture"), AT(ap, "architecture"), &arch, err)
          < 0)
        return -1;
      const struct clamp_json *subs = clamp_json_object_get(a, "subArchitectures");
      if (read_strings(subs, AT(ap, "subArchitectures"), false, err) < 0)
        return -1;
      /* moby uses the first entry for the native architecture. */
      if (found || arch == NULL || strcmp(arch, host->scmp_arch) != 0)
        continue;
      found = true;
      if (!arch_known(arch))
        {
          _cleanup_free_ char *q = clamp_quote(arch, strlen(arch));
          return fail(err, AT(ap, "architecture"), "unknown architecture %s", q);
        }
      add_arch(pm, arch);
      if (read_archs(pm, subs, AT(ap, "subArchitectures"), err) < 0)
        return -1;
    }
  /* With neither, runc's filter holds the native architecture alone. */
  if (pm->n_archs == 0)
    {
      if (!arch_known(host->scmp_arch))
        {
          _cleanup_free_ char *q = clamp_quote(host->scmp_arch, strlen(host->scmp_arch));
          return fail(err, AT(NULL, "architectures"),
                      "the native architecture %s is not one runc knows", q);
        }
      add_arch(pm, host->scmp_arch);
    }
  return 0;
}

static int docker_entry(struct clamp_profile_model *pm, const struct clamp_json *e,
                        const struct path *p, const char *const *caps, size_t n_caps,
                        const struct clamp_seccomp_host *host,
                        const struct clamp_syscall_oracle *oracle, struct clamp_error **err)
{
  if (!clamp_json_is(e, CLAMP_JSON_OBJECT))
    return type_error(err, p, "an object", e);
  if (check_lookalikes(e, DOCKER_ENTRY_FIELDS, CLAMP_N_ELEMENTS(DOCKER_ENTRY_FIELDS), p, err) < 0)
    return -1;
  const struct clamp_json *names = clamp_json_object_get(e, "names");
  if (read_strings(names, AT(p, "names"), true, err) < 0)
    return -1;
  const char *name, *comment;
  if (read_string(clamp_json_object_get(e, "name"), AT(p, "name"), &name, err) < 0)
    return -1;
  if (name != NULL && *name == '\0')
    name = NULL; /* moby: only a non-empty name counts */
  if (name != NULL && array_len(names) > 0)
    return fail(err, p, "both name and names are given (moby refuses this; use names)");
  if (name == NULL && array_len(names) == 0)
    return fail(err, AT(p, "names"), "required");
  if (read_string(clamp_json_object_get(e, "comment"), AT(p, "comment"), &comment, err) < 0)
    return -1;
  struct filter inc, exc;
  if (parse_filter(clamp_json_object_get(e, "includes"), AT(p, "includes"), &inc, err) < 0
      || parse_filter(clamp_json_object_get(e, "excludes"), AT(p, "excludes"), &exc, err) < 0)
    return -1;
  struct clamp_pm_rule rule;
  size_t conds_before = pm->n_conds;
  if (parse_rule(pm, e, p, &rule, err) < 0)
    return -1;
  if (!rule_applies(&inc, &exc, caps, n_caps, host))
    {
      pm->n_conds = conds_before;
      return 0;
    }
  return add_names(pm, names, name, &rule, p, oracle, CLAMP_PM_UNKNOWN_DENY_ERROR, NULL, err);
}

int clamp_profile_model_from_docker(struct clamp_profile_model *pm, const struct clamp_json *p,
                                    const char *const *caps, size_t n_caps,
                                    const struct clamp_seccomp_host *host,
                                    const struct clamp_syscall_oracle *oracle,
                                    struct clamp_error **err)
{
  const struct clamp_json *syscalls;
  int r = parse_top(pm, p, DOCKER_FIELDS, CLAMP_N_ELEMENTS(DOCKER_FIELDS), &syscalls, err);
  if (r <= 0)
    return r;
  if (docker_archs(pm, p, host, err) < 0)
    return -1;
  for (size_t i = 0; i < array_len(syscalls); i++)
    if (docker_entry(pm, syscalls->u.arr.items[i], AT_INDEX(AT(NULL, "syscalls"), i), caps, n_caps,
                     host, oracle, err)
        < 0)
      return -1;
  return 1;
}
