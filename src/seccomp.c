/* SPDX-License-Identifier: Apache-2.0 */
/* The libseccomp adapter. This is the only file in clamp that includes
 * <seccomp.h>. It compiles an OCI linux.seccomp object the way runc 1.1.5
 * does (libcontainer/specconv SetupSeccomp, libcontainer/seccomp
 * InitSeccomp and matchCall, through libseccomp-golang), exports the BPF
 * program to prove it builds, and never loads anything into clamp. */
#include "clamp/seccomp.h"

#include <errno.h>
#include <inttypes.h>
#include <seccomp.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clamp/sha256.h"

/* The kernel refuses a single classic BPF program longer than
 * BPF_MAXINSNS (4096, include/uapi/linux/bpf_common.h); a seccomp filter
 * is one, and one instruction (struct sock_filter) is 8 bytes. */
#define BPF_INSN_SIZE 8u
#define BPF_MAX_INSNS 4096u

/* errnoRet: libseccomp 2.5.4 refuses ERRNO data of MAX_ERRNO (4095) or
 * more (seccomp_init(SCMP_ACT_ERRNO(4095)) returns NULL and a rule add
 * returns -EINVAL), and runc would cut larger values to 16 bits
 * (int16(*errnoRet)), so 4094 is the largest value that compiles. */
#define MAX_ERRNO_RET 4094u

/* Linux system calls have at most six arguments (libseccomp-golang
 * MakeCondition refuses an index above 5). */
#define MAX_ARG_INDEX 5u

static void ctx_releasep(scmp_filter_ctx *ctx)
{
  if (*ctx != NULL)
    seccomp_release(*ctx);
}
#define _cleanup_scmp_ctx_ __attribute__((cleanup(ctx_releasep)))

/* What was added for one syscall so far: libseccomp 2.5.4 does not
 * refuse, but silently drops, a rule whose action differs from an
 * unconditional rule for the same syscall (the first unconditional rule
 * wins over later ones; an unconditional rule swallows conditional rules
 * of another action, in either order). */
struct added
{
  int nr;
  size_t entry; /* the first entry that added a rule */
  uint32_t action;
  bool unconditional;
};

struct added_set
{
  struct added *items;
  size_t len, cap;
};

static void added_set_free(struct added_set *s) { free(s->items); }
#define _cleanup_added_set_ __attribute__((cleanup(added_set_free)))

/* runc 1.1.5 libcontainer/seccomp/config.go "actions" and getAction():
 * SCMP_ACT_KILL means KILL_THREAD (libseccomp's SCMP_ACT_KILL is the same
 * value); ERRNO and TRACE carry errnoRet, EPERM when it is absent. */
struct action_def
{
  const char *name;
  uint32_t base;
  bool takes_errno;
};

static const struct action_def ACTIONS[] = {
  { "SCMP_ACT_KILL", SCMP_ACT_KILL_THREAD, false },
  { "SCMP_ACT_KILL_THREAD", SCMP_ACT_KILL_THREAD, false },
  { "SCMP_ACT_KILL_PROCESS", SCMP_ACT_KILL_PROCESS, false },
  { "SCMP_ACT_TRAP", SCMP_ACT_TRAP, false },
  { "SCMP_ACT_ERRNO", SCMP_ACT_ERRNO(0), true },
  { "SCMP_ACT_TRACE", SCMP_ACT_TRACE(0), true },
  { "SCMP_ACT_ALLOW", SCMP_ACT_ALLOW, false },
  { "SCMP_ACT_LOG", SCMP_ACT_LOG, false },
};

/* runc 1.1.5 config.go "operators". */
struct op_def
{
  const char *name;
  enum scmp_compare op;
};

static const struct op_def OPS[] = {
  { "SCMP_CMP_NE", SCMP_CMP_NE },
  { "SCMP_CMP_LT", SCMP_CMP_LT },
  { "SCMP_CMP_LE", SCMP_CMP_LE },
  { "SCMP_CMP_EQ", SCMP_CMP_EQ },
  { "SCMP_CMP_GE", SCMP_CMP_GE },
  { "SCMP_CMP_GT", SCMP_CMP_GT },
  { "SCMP_CMP_MASKED_EQ", SCMP_CMP_MASKED_EQ },
};

/* runc 1.1.5 config.go "archs" (16 tokens), plus SCMP_ARCH_RISCV64 and
 * SCMP_ARCH_LOONGARCH64, which runc accepts from 1.2 on, where this
 * libseccomp knows them. go is the GOARCH spelling that Docker profiles
 * use in includes/excludes.arches (moby compares it to runtime.GOARCH);
 * x32 and the MIPS n32 ABIs have no Go port and keep libseccomp-golang's
 * names. */
struct arch_def
{
  const char *token;
  uint32_t arch;
  const char *go;
};

static const struct arch_def ARCHES[] = {
  { "SCMP_ARCH_X86", SCMP_ARCH_X86, "386" },
  { "SCMP_ARCH_X86_64", SCMP_ARCH_X86_64, "amd64" },
  { "SCMP_ARCH_X32", SCMP_ARCH_X32, "x32" },
  { "SCMP_ARCH_ARM", SCMP_ARCH_ARM, "arm" },
  { "SCMP_ARCH_AARCH64", SCMP_ARCH_AARCH64, "arm64" },
  { "SCMP_ARCH_MIPS", SCMP_ARCH_MIPS, "mips" },
  { "SCMP_ARCH_MIPS64", SCMP_ARCH_MIPS64, "mips64" },
  { "SCMP_ARCH_MIPS64N32", SCMP_ARCH_MIPS64N32, "mips64n32" },
  { "SCMP_ARCH_MIPSEL", SCMP_ARCH_MIPSEL, "mipsle" },
  { "SCMP_ARCH_MIPSEL64", SCMP_ARCH_MIPSEL64, "mips64le" },
  { "SCMP_ARCH_MIPSEL64N32", SCMP_ARCH_MIPSEL64N32, "mipsel64n32" },
  { "SCMP_ARCH_PPC", SCMP_ARCH_PPC, "ppc" },
  { "SCMP_ARCH_PPC64", SCMP_ARCH_PPC64, "ppc64" },
  { "SCMP_ARCH_PPC64LE", SCMP_ARCH_PPC64LE, "ppc64le" },
  { "SCMP_ARCH_S390", SCMP_ARCH_S390, "s390" },
  { "SCMP_ARCH_S390X", SCMP_ARCH_S390X, "s390x" },
#ifdef SCMP_ARCH_RISCV64
  { "SCMP_ARCH_RISCV64", SCMP_ARCH_RISCV64, "riscv64" },
#endif
#ifdef SCMP_ARCH_LOONGARCH64
  { "SCMP_ARCH_LOONGARCH64", SCMP_ARCH_LOONGARCH64, "loong64" },
#endif
};

static const struct arch_def *native_arch_def(void)
{
  uint32_t native = seccomp_arch_native();
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(ARCHES); i++)
    if (ARCHES[i].arch == native)
      return &ARCHES[i];
  return NULL;
}

/* An empty string matches no token, so a profile resolved for an arch
 * clamp does not know fails to compile instead of passing silently. */
const char *clamp_seccomp_native_arch(void)
{
  const struct arch_def *a = native_arch_def();
  return a != NULL ? a->token : "";
}

const char *clamp_seccomp_native_go_arch(void)
{
  const struct arch_def *a = native_arch_def();
  return a != NULL ? a->go : "";
}

void clamp_seccomp_library_version(char *buf, size_t len)
{
  /* The version of the library actually loaded, not the headers: the
   * cache key must change when libseccomp is upgraded under clamp. */
  const struct scmp_version *v = seccomp_version();
  if (len == 0)
    return;
  if (v == NULL)
    snprintf(buf, len, "unknown");
  else
    snprintf(buf, len, "%u.%u.%u", v->major, v->minor, v->micro);
}

static bool oracle_known(const char *name, void *data)
{
  (void)data;
  return name != NULL && seccomp_syscall_resolve_name(name) != __NR_SCMP_ERROR;
}

const struct clamp_syscall_oracle *clamp_seccomp_oracle(void)
{
  static const struct clamp_syscall_oracle oracle = { oracle_known, NULL };
  return &oracle;
}

/* ---- strict readers for the OCI tree ---------------------------------- */

static int type_error(struct clamp_error **err, const char *path, const char *want,
                      const struct clamp_json *v)
{
  return clamp_error_input(err, "%s: must be %s, not %s", path, want,
                           clamp_json_type_name(v->type));
}

/* Only the members the OCI runtime-spec defines are accepted: a
 * misspelled "args" would otherwise turn a conditional rule into an
 * unconditional one, because runc ignores unknown members. */
static int check_keys(const struct clamp_json *obj, const char *const *known, size_t n_known,
                      const char *path, struct clamp_error **err)
{
  for (size_t i = 0; i < obj->u.obj.len; i++)
    {
      const struct clamp_json_member *m = &obj->u.obj.members[i];
      bool ok = false;
      for (size_t k = 0; k < n_known && !ok; k++)
        ok = strlen(known[k]) == m->key_len && memcmp(known[k], m->key, m->key_len) == 0;
      if (!ok)
        {
          _cleanup_free_ char *q = clamp_quote(m->key, m->key_len);
          return clamp_error_input(err, "%s: unknown member %s", path, q);
        }
    }
  return 0;
}

/* An unsigned integer written as plain digits, as Go's encoding/json
 * decodes into uint/uint64 (no sign, fraction or exponent). */
static int parse_uint(const struct clamp_json *v, uint64_t max, const char *path, uint64_t *out,
                      struct clamp_error **err)
{
  if (!clamp_json_is(v, CLAMP_JSON_NUMBER))
    return type_error(err, path, "a non-negative integer", v);
  const char *s = v->u.str.s;
  size_t len = v->u.str.len;
  uint64_t r = 0;
  bool ok = len > 0 && !(len > 1 && s[0] == '0');
  for (size_t i = 0; ok && i < len; i++)
    {
      if (s[i] < '0' || s[i] > '9')
        ok = false;
      else if (r > (UINT64_MAX - (uint64_t)(s[i] - '0')) / 10u)
        return clamp_error_input(err, "%s: %.*s is out of range (at most %" PRIu64 ")", path,
                                 (int)len, s, max);
      else
        r = r * 10u + (uint64_t)(s[i] - '0');
    }
  if (!ok)
    {
      _cleanup_free_ char *q = clamp_quote(s, len);
      return clamp_error_input(err, "%s: %s is not a non-negative integer", path, q);
    }
  if (r > max)
    return clamp_error_input(err, "%s: %" PRIu64 " is out of range (at most %" PRIu64 ")", path, r,
                             max);
  *out = r;
  return 0;
}

static int require_string(const struct clamp_json *v, const char *path, struct clamp_error **err)
{
  if (clamp_json_is_absent(v))
    return clamp_error_input(err, "%s: required", path);
  if (!clamp_json_is(v, CLAMP_JSON_STRING))
    return type_error(err, path, "a string", v);
  return 0;
}

/* An action and its errnoRet, as the 32-bit value libseccomp takes.
 * runc compares these values to drop rules equal to the default, so KILL
 * equals KILL_THREAD and ERRNO(1) equals ERRNO without errnoRet. */
static int parse_action(const struct clamp_json *action, const struct clamp_json *errno_ret,
                        const char *path, const char *errno_path, uint32_t *out,
                        struct clamp_error **err)
{
  if (require_string(action, path, err) < 0)
    return -1;
  uint64_t e = EPERM;
  if (!clamp_json_is_absent(errno_ret)
      && parse_uint(errno_ret, MAX_ERRNO_RET, errno_path, &e, err) < 0)
    return -1;
  if (clamp_json_string_eq(action, "SCMP_ACT_NOTIFY"))
    return clamp_error_input(err,
                             "%s: SCMP_ACT_NOTIFY is not supported (clamp does not hand "
                             "syscalls to a seccomp agent)",
                             path);
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(ACTIONS); i++)
    if (clamp_json_string_eq(action, ACTIONS[i].name))
      {
        /* errnoRet on any other action is ignored, as runc does. */
        *out = ACTIONS[i].takes_errno ? ACTIONS[i].base | (uint32_t)e : ACTIONS[i].base;
        return 0;
      }
  _cleanup_free_ char *q = clamp_quote(action->u.str.s, action->u.str.len);
  return clamp_error_input(err, "%s: unknown action %s", path, q);
}

/* "SCMP_ACT_ERRNO(38)", "SCMP_ACT_ALLOW": for messages. SCMP_ACT_KILL
 * and SCMP_ACT_KILL_THREAD are one value; the table names KILL first. */
static void action_text(uint32_t action, char buf[40])
{
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(ACTIONS); i++)
    {
      if (ACTIONS[i].takes_errno && ACTIONS[i].base == (action & 0xffff0000u))
        {
          snprintf(buf, 40, "%s(%u)", ACTIONS[i].name, action & 0xffffu);
          return;
        }
      if (!ACTIONS[i].takes_errno && ACTIONS[i].base == action)
        {
          snprintf(buf, 40, "%s", ACTIONS[i].name);
          return;
        }
    }
  snprintf(buf, 40, "action %#x", action);
}

/* ---- compilation -------------------------------------------------------- */

#define ENTRY_PATH "linux.seccomp.syscalls[%zu]"

static const char *const SECCOMP_KEYS[] = {
  "defaultAction", "defaultErrnoRet",  "architectures", "flags",
  "listenerPath",  "listenerMetadata", "syscalls",
};
static const char *const ENTRY_KEYS[] = { "names", "action", "errnoRet", "args" };
static const char *const ARG_KEYS[] = { "index", "value", "valueTwo", "op" };

static int parse_arg(const struct clamp_json *a, size_t i, size_t j, struct scmp_arg_cmp *out,
                     struct clamp_error **err)
{
  char path[96];
  snprintf(path, sizeof path, ENTRY_PATH ".args[%zu]", i, j);
  if (!clamp_json_is(a, CLAMP_JSON_OBJECT))
    return type_error(err, path, "an object", a);
  if (check_keys(a, ARG_KEYS, CLAMP_N_ELEMENTS(ARG_KEYS), path, err) < 0)
    return -1;

  char field[128];
  const struct clamp_json *op = clamp_json_object_get(a, "op");
  snprintf(field, sizeof field, "%s.op", path);
  if (require_string(op, field, err) < 0)
    return -1;
  size_t k = 0;
  while (k < CLAMP_N_ELEMENTS(OPS) && !clamp_json_string_eq(op, OPS[k].name))
    k++;
  if (k == CLAMP_N_ELEMENTS(OPS))
    {
      _cleanup_free_ char *q = clamp_quote(op->u.str.s, op->u.str.len);
      return clamp_error_input(err, "%s: unknown operator %s", field, q);
    }

  uint64_t index, value, value_two = 0;
  const struct clamp_json *v = clamp_json_object_get(a, "index");
  snprintf(field, sizeof field, "%s.index", path);
  if (clamp_json_is_absent(v))
    return clamp_error_input(err, "%s: required", field);
  if (parse_uint(v, MAX_ARG_INDEX, field, &index, err) < 0)
    return -1;
  v = clamp_json_object_get(a, "value");
  snprintf(field, sizeof field, "%s.value", path);
  if (clamp_json_is_absent(v))
    return clamp_error_input(err, "%s: required", field);
  if (parse_uint(v, UINT64_MAX, field, &value, err) < 0)
    return -1;
  v = clamp_json_object_get(a, "valueTwo");
  snprintf(field, sizeof field, "%s.valueTwo", path);
  if (!clamp_json_is_absent(v) && parse_uint(v, UINT64_MAX, field, &value_two, err) < 0)
    return -1;

  /* runc passes (value, valueTwo) to libseccomp-golang MakeCondition for
   * every operator: datum_a = value, datum_b = valueTwo. For MASKED_EQ,
   * libseccomp reads datum_a as the mask and datum_b as the value. */
  out->arg = (unsigned int)index;
  out->op = OPS[k].op;
  out->datum_a = value;
  out->datum_b = value_two;
  return 0;
}

static int rule_error(struct clamp_error **err, int r, size_t i, const char *name)
{
  _cleanup_free_ char *q = clamp_quote(name, strlen(name));
  return clamp_error_sys(err, -r, ENTRY_PATH ": libseccomp refused the rule for %s", i, q);
}

/* Refuse what libseccomp would silently drop (see struct added): the
 * compiled filter would not say what the profile says. runc 1.1.5 loads
 * such a profile with the deny rule lost; clamp fails closed instead. */
static int check_conflict(struct added_set *set, int nr, size_t i, const char *name,
                          uint32_t action, bool unconditional, struct clamp_error **err)
{
  for (size_t k = 0; k < set->len; k++)
    {
      struct added *a = &set->items[k];
      if (a->nr != nr)
        continue;
      if (a->action != action && (a->unconditional || unconditional))
        {
          _cleanup_free_ char *q = clamp_quote(name, strlen(name));
          char before[40], here[40];
          action_text(a->action, before);
          action_text(action, here);
          return clamp_error_input(
              err,
              ENTRY_PATH ": %s has %s %s rule in syscalls[%zu] and %s %s "
                         "rule here; libseccomp would silently drop one of them",
              i, q, a->unconditional ? "an unconditional" : "a conditional", before, a->entry,
              unconditional ? "an unconditional" : "a conditional", here);
        }
    }
  if (set->len == set->cap)
    {
      set->cap = set->cap ? 2 * set->cap : 64;
      set->items = clamp_xrealloc(set->items, set->cap * sizeof *set->items);
    }
  set->items[set->len++] = (struct added){ nr, i, action, unconditional };
  return 0;
}

/* One entry of syscalls[]: validated in full first (even when every name
 * is skipped later, as runc's SetupSeccomp converts every entry), then one
 * rule per name. */
static int add_entry(scmp_filter_ctx ctx, struct added_set *added, const struct clamp_json *e,
                     size_t i, uint32_t default_action, struct clamp_error **err)
{
  char path[64], field[96];
  snprintf(path, sizeof path, ENTRY_PATH, i);
  if (!clamp_json_is(e, CLAMP_JSON_OBJECT))
    return type_error(err, path, "an object", e);
  if (check_keys(e, ENTRY_KEYS, CLAMP_N_ELEMENTS(ENTRY_KEYS), path, err) < 0)
    return -1;

  uint32_t action;
  char errno_field[96];
  snprintf(field, sizeof field, "%s.action", path);
  snprintf(errno_field, sizeof errno_field, "%s.errnoRet", path);
  if (parse_action(clamp_json_object_get(e, "action"), clamp_json_object_get(e, "errnoRet"), field,
                   errno_field, &action, err)
      < 0)
    return -1;

  const struct clamp_json *names = clamp_json_object_get(e, "names");
  snprintf(field, sizeof field, "%s.names", path);
  if (clamp_json_is_absent(names))
    return clamp_error_input(err, "%s: required", field);
  if (!clamp_json_is(names, CLAMP_JSON_ARRAY))
    return type_error(err, field, "an array", names);
  for (size_t n = 0; n < names->u.arr.len; n++)
    {
      const struct clamp_json *name = names->u.arr.items[n];
      snprintf(field, sizeof field, "%s.names[%zu]", path, n);
      if (!clamp_json_is(name, CLAMP_JSON_STRING))
        return type_error(err, field, "a string", name);
      if (name->u.str.len == 0)
        return clamp_error_input(err, "%s: empty syscall name", field);
    }

  const struct clamp_json *args = clamp_json_object_get(e, "args");
  size_t n_args = 0;
  if (!clamp_json_is_absent(args))
    {
      snprintf(field, sizeof field, "%s.args", path);
      if (!clamp_json_is(args, CLAMP_JSON_ARRAY))
        return type_error(err, field, "an array", args);
      n_args = args->u.arr.len;
    }
  _cleanup_free_ struct scmp_arg_cmp *conds = clamp_xcalloc(n_args, sizeof *conds);
  unsigned per_index[MAX_ARG_INDEX + 1] = { 0 };
  bool repeated = false;
  for (size_t j = 0; j < n_args; j++)
    {
      if (parse_arg(args->u.arr.items[j], i, j, &conds[j], err) < 0)
        return -1;
      repeated |= ++per_index[conds[j].arg] > 1;
    }

  /* runc matchCall: "This rule is redundant, silently skip it" (and
   * libseccomp would refuse it with EACCES). */
  if (action == default_action)
    return 0;

  for (size_t n = 0; n < names->u.arr.len; n++)
    {
      const char *name = names->u.arr.items[n]->u.str.s;
      /* runc: a name libseccomp cannot resolve is "not supported by this
       * kernel" and ignored. Negative pseudo-syscall numbers are valid. */
      int nr = seccomp_syscall_resolve_name(name);
      if (nr == __NR_SCMP_ERROR)
        continue;
      if (check_conflict(added, nr, i, name, action, n_args == 0, err) < 0)
        return -1;
      int r;
      if (n_args == 0)
        r = seccomp_rule_add_array(ctx, action, nr, 0, NULL);
      else if (!repeated)
        r = seccomp_rule_add_array(ctx, action, nr, (unsigned)n_args, conds);
      else
        {
          /* An index used twice cannot be ANDed by libseccomp; runc then
           * adds every condition as its own rule, which ORs them. */
          r = 0;
          for (size_t j = 0; j < n_args && r == 0; j++)
            r = seccomp_rule_add_array(ctx, action, nr, 1, &conds[j]);
        }
      if (r < 0)
        return rule_error(err, r, i, name);
    }
  return 0;
}

static int add_architectures(scmp_filter_ctx ctx, const struct clamp_json *arches,
                             struct clamp_error **err)
{
  if (clamp_json_is_absent(arches))
    return 0;
  if (!clamp_json_is(arches, CLAMP_JSON_ARRAY))
    return type_error(err, "linux.seccomp.architectures", "an array", arches);
  for (size_t i = 0; i < arches->u.arr.len; i++)
    {
      const struct clamp_json *a = arches->u.arr.items[i];
      char path[64];
      snprintf(path, sizeof path, "linux.seccomp.architectures[%zu]", i);
      if (!clamp_json_is(a, CLAMP_JSON_STRING))
        return type_error(err, path, "a string", a);
      size_t k = 0;
      while (k < CLAMP_N_ELEMENTS(ARCHES) && !clamp_json_string_eq(a, ARCHES[k].token))
        k++;
      if (k == CLAMP_N_ELEMENTS(ARCHES))
        {
          _cleanup_free_ char *q = clamp_quote(a->u.str.s, a->u.str.len);
          return clamp_error_input(err, "%s: unknown architecture %s", path, q);
        }
      /* A new context already holds the native arch: EEXIST is fine, as
       * in libseccomp-golang AddArch. */
      int r = seccomp_arch_add(ctx, ARCHES[k].arch);
      if (r < 0 && r != -EEXIST)
        return clamp_error_sys(err, -r, "%s: libseccomp cannot add %s", path, ARCHES[k].token);
    }
  return 0;
}

static int build_filter(const struct clamp_json *oci, scmp_filter_ctx *out,
                        struct clamp_error **err)
{
  if (oci == NULL)
    return clamp_error_input(err, "linux.seccomp: required");
  if (!clamp_json_is(oci, CLAMP_JSON_OBJECT))
    return type_error(err, "linux.seccomp", "an object", oci);
  if (check_keys(oci, SECCOMP_KEYS, CLAMP_N_ELEMENTS(SECCOMP_KEYS), "linux.seccomp", err) < 0)
    return -1;

  /* runc 1.1 SetupSeccomp: "seccomp flags are not yet supported by runc". */
  const struct clamp_json *flags = clamp_json_object_get(oci, "flags");
  if (!clamp_json_is_absent(flags))
    {
      if (!clamp_json_is(flags, CLAMP_JSON_ARRAY))
        return type_error(err, "linux.seccomp.flags", "an array", flags);
      if (flags->u.arr.len != 0)
        return clamp_error_input(err, "linux.seccomp.flags: must be empty (runc 1.1 rejects "
                                      "seccomp flags)");
    }
  if (!clamp_json_is_absent(clamp_json_object_get(oci, "listenerPath")))
    return clamp_error_input(err, "linux.seccomp.listenerPath: not supported (clamp does not hand "
                                  "syscalls to a seccomp agent)");
  if (!clamp_json_is_absent(clamp_json_object_get(oci, "listenerMetadata")))
    return clamp_error_input(err, "linux.seccomp.listenerMetadata: not supported (clamp does not "
                                  "hand syscalls to a seccomp agent)");

  uint32_t default_action;
  if (parse_action(clamp_json_object_get(oci, "defaultAction"),
                   clamp_json_object_get(oci, "defaultErrnoRet"), "linux.seccomp.defaultAction",
                   "linux.seccomp.defaultErrnoRet", &default_action, err)
      < 0)
    return -1;

  const struct clamp_json *syscalls = clamp_json_object_get(oci, "syscalls");
  if (!clamp_json_is_absent(syscalls) && !clamp_json_is(syscalls, CLAMP_JSON_ARRAY))
    return type_error(err, "linux.seccomp.syscalls", "an array", syscalls);

  /* seccomp_init returns NULL without a reason: out of memory, or an
   * action this libseccomp or kernel does not support. */
  _cleanup_scmp_ctx_ scmp_filter_ctx ctx = seccomp_init(default_action);
  if (ctx == NULL)
    {
      char text[40];
      action_text(default_action, text);
      return clamp_error_sys(err, EINVAL,
                             "linux.seccomp.defaultAction: libseccomp cannot create a filter "
                             "with default action %s",
                             text);
    }
  if (add_architectures(ctx, clamp_json_object_get(oci, "architectures"), err) < 0)
    return -1;
  /* runc clears the NNP attribute: it sets no_new_privs itself when the
   * config asks for it. */
  int r = seccomp_attr_set(ctx, SCMP_FLTATR_CTL_NNP, 0);
  if (r < 0)
    return clamp_error_sys(err, -r, "linux.seccomp: libseccomp cannot clear the NNP attribute");

  _cleanup_added_set_ struct added_set added = { NULL, 0, 0 };
  size_t n = clamp_json_is_absent(syscalls) ? 0 : syscalls->u.arr.len;
  for (size_t i = 0; i < n; i++)
    if (add_entry(ctx, &added, syscalls->u.arr.items[i], i, default_action, err) < 0)
      return -1;
  *out = steal_pointer(&ctx);
  return 0;
}

/* libseccomp 2.5 has no export to memory: write to a memfd and read it
 * back. */
static int export_to_buf(scmp_filter_ctx ctx, struct clamp_buf *bpf, struct clamp_error **err)
{
  _cleanup_close_ int fd = memfd_create("clamp-seccomp-bpf", MFD_CLOEXEC);
  if (fd < 0)
    return clamp_error_sys(err, errno, "linux.seccomp: memfd_create");
  int r = seccomp_export_bpf(ctx, fd);
  if (r < 0)
    return clamp_error_sys(err, -r, "linux.seccomp: libseccomp cannot generate the BPF program");
  struct stat st;
  if (fstat(fd, &st) < 0)
    return clamp_error_sys(err, errno, "linux.seccomp: fstat of the BPF program");
  size_t size = (size_t)st.st_size;
  if (st.st_size <= 0 || size % BPF_INSN_SIZE != 0)
    return clamp_error_sys(err, EINVAL, "linux.seccomp: libseccomp produced %jd bytes of BPF",
                           (intmax_t)st.st_size);
  if (size / BPF_INSN_SIZE > BPF_MAX_INSNS)
    return clamp_error_input(err,
                             "linux.seccomp: the compiled filter has %zu instructions; the "
                             "kernel accepts at most %u",
                             size / BPF_INSN_SIZE, BPF_MAX_INSNS);
  size_t start = bpf->len;
  clamp_buf_reserve(bpf, size);
  size_t got = 0;
  while (got < size)
    {
      ssize_t k = pread(fd, bpf->data + start + got, size - got, (off_t)got);
      if (k < 0 && errno == EINTR)
        continue;
      if (k <= 0)
        return clamp_error_sys(err, k < 0 ? errno : EIO, "linux.seccomp: reading the BPF back");
      got += (size_t)k;
    }
  bpf->len = start + size;
  bpf->data[bpf->len] = '\0';
  return 0;
}

int clamp_seccomp_export_bpf(const struct clamp_json *oci, struct clamp_buf *bpf,
                             struct clamp_error **err)
{
  _cleanup_scmp_ctx_ scmp_filter_ctx ctx = NULL;
  if (build_filter(oci, &ctx, err) < 0)
    return -1;
  return export_to_buf(ctx, bpf, err);
}

static int write_all(int fd, const char *data, size_t len, struct clamp_error **err)
{
  while (len > 0)
    {
      ssize_t k = write(fd, data, len);
      if (k < 0 && errno == EINTR)
        continue;
      if (k < 0)
        return clamp_error_sys(err, errno, "write");
      data += k;
      len -= (size_t)k;
    }
  return 0;
}

int clamp_seccomp_export_bpf_fd(const struct clamp_json *oci, int fd, struct clamp_error **err)
{
  _cleanup_buf_ struct clamp_buf bpf;
  clamp_buf_init(&bpf);
  if (clamp_seccomp_export_bpf(oci, &bpf, err) < 0)
    return -1;
  return write_all(fd, bpf.data, bpf.len, err);
}

int clamp_seccomp_export_pfc_fd(const struct clamp_json *oci, int fd, struct clamp_error **err)
{
  _cleanup_scmp_ctx_ scmp_filter_ctx ctx = NULL;
  if (build_filter(oci, &ctx, err) < 0)
    return -1;
  /* Prove it builds (and fits the kernel's limit) before listing it. */
  _cleanup_buf_ struct clamp_buf bpf;
  clamp_buf_init(&bpf);
  if (export_to_buf(ctx, &bpf, err) < 0)
    return -1;
  int r = seccomp_export_pfc(ctx, fd);
  if (r < 0)
    return clamp_error_sys(err, -r, "linux.seccomp: libseccomp cannot write the PFC listing");
  return 0;
}

int clamp_seccomp_compile(const struct clamp_json *oci, uint8_t digest[32],
                          struct clamp_error **err)
{
  _cleanup_buf_ struct clamp_buf bpf;
  clamp_buf_init(&bpf);
  if (clamp_seccomp_export_bpf(oci, &bpf, err) < 0)
    return -1;
  struct clamp_sha256 s;
  clamp_sha256_init(&s);
  clamp_sha256_update(&s, bpf.data, bpf.len);
  clamp_sha256_final(&s, digest);
  return 0;
}
