/* SPDX-License-Identifier: Apache-2.0 */
/* runc exec's own flags (src/rules/execflags.c), tested against issue 2's
 * rule 6 and DESIGN.md invariant 5 (exec can never gain what create could
 * not): --user/-u, --additional-gids/-g, --cap/-c and --no-new-privs are
 * clamped like a process file, with numbers read as runc 1.1 reads them
 * (exec.go: strconv.Atoi for --user, then uint32(); urfave's Int64Slice,
 * ParseInt(s, 10, 64), for -g, negatives refused): 4294967296, +0 and
 * -4294967296 are all root, -g 4294967296 is gid 0, and runc gets
 * canonical decimals. --no-new-privs=false cannot turn it off; --apparmor
 * and --process-label cannot clear a confinement; --cwd under
 * /proc/PID/fd is refused (CVE-2024-21626). */
#include <string.h>

#include "clifx.h"
#include "rulefx.h"

#define NNP CLAMP_RULE_NO_NEW_PRIVS
#define FD CLAMP_RULE_PROC_FD
#define LSM CLAMP_RULE_EXEC_LSM
#define U CLAMP_RULE_USER_NONROOT
#define C CLAMP_RULE_CAPS_ALLOWLIST

/* ---- runc exec's own flags ---- */

/* Parse argv as clamp does, run the exec flag rule, and return the
 * canonical argv joined with '|'. */
static char *exec_flags(struct fx *f, struct clamp_command *cmd, char *const *argv)
{
  clifx_parse_ok(cmd, CLAMP_FLAVOR_RUNC, argv);
  struct clamp_error *err = NULL;
  fx_assert_ok(f, clamp_rule_exec_flags(&f->ctx, cmd, &err), &err);
  return clifx_canon(cmd, "runc", CLAMP_FLAVOR_RUNC);
}

#define EXEC_ARGV(...) ARGV("exec", __VA_ARGS__)

/* One `clamp exec ...` through parse and rule: the canonical argv runc
 * gets, how many findings (n < 0: not checked) and, if field is set, what
 * the first one is (from and to are compared unless NULL). */
struct exec_case
{
  const char *name;
  const char *argv[16]; /* after "clamp exec" */
  const char *want;
  int n;
  struct
  {
    enum clamp_rule_id rule;
    enum clamp_finding_kind kind;
    const char *field, *from, *to;
  } first;
};

/* The first finding is not checked. */
#define ANY_FIRST                                                                                  \
  {                                                                                                \
    .field = NULL                                                                                  \
  }

/* Run c on f (whose policy the caller may have changed). */
static void exec_case_on(struct fx *f, const struct exec_case *c)
{
  char *argv[CLAMP_N_ELEMENTS(c->argv) + 3] = { "clamp", "exec" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c->argv) && c->argv[i]; i++)
    argv[i + 2] = (char *)c->argv[i];
  f->name = c->name;
  _cleanup_command_ struct clamp_command cmd;
  _cleanup_free_ char *got = exec_flags(f, &cmd, argv);
  ck_assert_msg(strcmp(got, c->want) == 0, "%s: runc gets %s, want %s", c->name, got, c->want);
  if (c->n >= 0)
    ck_assert_msg(f->findings.len == (size_t)c->n, "%s: %zu findings, want %d", c->name,
                  f->findings.len, c->n);
  if (c->first.field)
    fx_assert_finding(f, 0, c->first.rule, c->first.kind, c->first.field, c->first.from,
                      c->first.to);
}

/* Run each case under the default policy. */
static void exec_cases(const struct exec_case *c, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, "{}");
      exec_case_on(&f, &c[i]);
    }
}

static void exec_error(char *const *argv, const char *want1, const char *want2)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{}");
  _cleanup_command_ struct clamp_command cmd;
  clifx_parse_ok(&cmd, CLAMP_FLAVOR_RUNC, argv);
  _cleanup_error_ struct clamp_error *err = NULL;
  ck_assert_int_lt(clamp_rule_exec_flags(&f.ctx, &cmd, &err), 0);
  ck_assert_int_eq(err->kind, CLAMP_ERR_INPUT);
  ck_assert_msg(strstr(err->msg, want1) != NULL, "\"%s\" lacks \"%s\"", err->msg, want1);
  ck_assert_msg(strstr(err->msg, want2) != NULL, "\"%s\" lacks \"%s\"", err->msg, want2);
}

/* runc 1.1 parses --user with strconv.Atoi and truncates to uint32: every
 * spelling of 0 modulo 2^32 is root. */
START_TEST(test_exec_user_root_spellings)
{
  static const char *const root[] = { "0",          "+0",          "-0",        "00",
                                      "4294967296", "-4294967296", "8589934592" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(root); i++)
    {
      const struct exec_case c = { root[i],
                                   { "-u", root[i], "id", "sh" },
                                   "runc|exec|--user=65534|--no-new-privs|--|id|sh",
                                   1,
                                   { U, CHANGED, "exec --user (uid)", "0", "65534" } };
      exec_cases(&c, 1);
    }
}
END_TEST

START_TEST(test_exec_user_forms)
{
  static const struct exec_case c[] = {
    { "gid 0",
      { "-u", "1000:0", "id" },
      "runc|exec|--user=1000:65534|--no-new-privs|--|id",
      1,
      { U, CHANGED, "exec --user (gid)", "0", "65534" } },
    { "uid 0, gid 2^32",
      { "--user=0:4294967296", "id" },
      "runc|exec|--user=65534:65534|--no-new-privs|--|id",
      2,
      ANY_FIRST },
    /* Canonical decimals: leading zeros, '+' and wrap-around are gone. */
    { "canonical decimals",
      { "-u", "+01000:4294967303", "id" },
      "runc|exec|--user=1000:7|--no-new-privs|--|id",
      0,
      ANY_FIRST },
    { "uid wraps",
      { "-u", "4294968296", "id" },
      "runc|exec|--user=1000|--no-new-privs|--|id",
      -1,
      ANY_FIRST },
    /* runc ignores an empty --user. */
    { "empty --user", { "--user=", "id" }, "runc|exec|--no-new-privs|--|id", 0, ANY_FIRST },
  };
  exec_cases(c, CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_exec_user_errors)
{
  exec_error(EXEC_ARGV("-u", "abc", "id"), "uid", "\"abc\"");
  exec_error(EXEC_ARGV("-u", "0x10", "id"), "uid", "\"0x10\"");
  exec_error(EXEC_ARGV("-u", "1_000", "id"), "uid", "\"1_000\"");
  exec_error(EXEC_ARGV("-u", " 1", "id"), "uid", "\" 1\"");
  exec_error(EXEC_ARGV("-u", ":1000", "id"), "uid", "\"\"");
  exec_error(EXEC_ARGV("-u", "1000:abc", "id"), "gid", "\"abc\"");
  exec_error(EXEC_ARGV("-u", "1000:", "id"), "gid", "\"\"");
  exec_error(EXEC_ARGV("-u", "1:2:3", "id"), "gid", "\"2:3\"");
  /* runc parses the gid first, so its error wins. */
  exec_error(EXEC_ARGV("-u", "abc:def", "id"), "gid", "\"def\"");
  exec_error(EXEC_ARGV("-u", "9223372036854775808", "id"), "uid", "9223372036854775808");
  /* The error names the value escaped. */
  exec_error(EXEC_ARGV("-u", "a\x1b[31m", "id"), "uid", "\\x1B[31m");
}
END_TEST

/* -g: ParseInt(s, 10, 64), negatives refused, then uint32. */
START_TEST(test_exec_additional_gids)
{
  static const struct exec_case c[] = {
    { "gid 2^32",
      { "-g", "4294967296", "id" },
      "runc|exec|--no-new-privs|--|id",
      1,
      { U, CHANGED, "exec --additional-gids", "4294967296", "(dropped)" } },
    { "several",
      { "-g", "5", "-g", "0", "-g", "+7", "-g", "4294967297", "-g", "-0", "id" },
      "runc|exec|--additional-gids=5|--additional-gids=7|--additional-gids=1|"
      "--no-new-privs|--|id",
      2,
      ANY_FIRST },
  };
  exec_cases(c, CLAMP_N_ELEMENTS(c));
  exec_error(EXEC_ARGV("-g", "-1", "id"), "additional-gids", "\"-1\"");
  exec_error(EXEC_ARGV("-g", "5", "-g", "-4294967296", "id"), "additional-gids", "-4294967296");
}
END_TEST

START_TEST(test_exec_caps)
{
  static const struct exec_case c[] = {
    { "CAP_SYS_ADMIN",
      { "--cap", "CAP_SYS_ADMIN", "id" },
      "runc|exec|--no-new-privs|--|id",
      1,
      { C, CHANGED, "exec --cap", "\"CAP_SYS_ADMIN\"", "(dropped)" } },
    { "lowercase",
      { "--cap", "cap_net_bind_service", "id" },
      "runc|exec|--no-new-privs|--|id",
      -1,
      { C, CHANGED, "exec --cap", "\"cap_net_bind_service\"", "(dropped)" } },
    { "allowed",
      { "--cap", "CAP_NET_BIND_SERVICE", "id" },
      "runc|exec|--no-new-privs|--cap=CAP_NET_BIND_SERVICE|--|id",
      0,
      ANY_FIRST },
    { "spellings",
      { "-c", "10", "-c", "CAP_NET_BIND_SERVICE", "-c", "CAP_NET_BIND_SERVICE ", "-c", "CAP_ALL",
        "id" },
      "runc|exec|--no-new-privs|--cap=CAP_NET_BIND_SERVICE|--|id",
      3,
      ANY_FIRST },
  };
  exec_cases(c, CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_exec_no_new_privs)
{
  static const struct exec_case c[] = {
    { "=false",
      { "--no-new-privs=false", "id" },
      "runc|exec|--no-new-privs|--|id",
      1,
      { NNP, CHANGED, "exec --no-new-privs", "false", "true" } },
    { "bare", { "--no-new-privs", "id" }, "runc|exec|--no-new-privs|--|id", 0, ANY_FIRST },
    { "=true", { "--no-new-privs=true", "id" }, "runc|exec|--no-new-privs|--|id", 0, ANY_FIRST },
    { "-=1", { "-no-new-privs=1", "id" }, "runc|exec|--no-new-privs|--|id", 0, ANY_FIRST },
    /* Not given: passed on anyway, so that runc never turns it off. */
    { "not given", { "id", "sh" }, "runc|exec|--no-new-privs|--|id|sh", 0, ANY_FIRST },
  };
  exec_cases(c, CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_exec_lsm_flags)
{
  static const struct exec_case c[] = {
    { "apparmor unconfined",
      { "--apparmor", "unconfined", "id" },
      "runc|exec|--no-new-privs|--|id",
      1,
      { LSM, CHANGED, "exec --apparmor", "\"unconfined\"", "(the container's)" } },
    { "spc_t",
      { "--process-label", "system_u:system_r:spc_t:s0", "id" },
      "runc|exec|--no-new-privs|--|id",
      -1,
      { LSM, CHANGED, "exec --process-label", NULL, "(the container's)" } },
    { "confined",
      { "--apparmor", "docker-default", "--process-label", "system_u:system_r:container_t:s0:c1,c2",
        "id" },
      "runc|exec|--process-label=system_u:system_r:container_t:s0:c1,c2|"
      "--apparmor=docker-default|--no-new-privs|--|id",
      0,
      ANY_FIRST },
  };
  exec_cases(c, CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_exec_cwd)
{
  static const struct exec_case c[] = {
    { "/proc/self/fd",
      { "--cwd", "/proc/self/fd/7", "id" },
      "runc|exec|--cwd=/proc/self/fd/7|--no-new-privs|--|id",
      1,
      { FD, DENIED, "exec --cwd", NULL, NULL } },
    { "/srv",
      { "--cwd", "/srv", "id" },
      "runc|exec|--cwd=/srv|--no-new-privs|--|id",
      0,
      ANY_FIRST },
  };
  exec_cases(c, CLAMP_N_ELEMENTS(c));
}
END_TEST

/* The end-to-end case at unit level: exec --user 0:0 --cap
 * CAP_SYS_ADMIN runs non-root without SYS_ADMIN, and docker exec -u 0
 * --privileged ends non-root with no extra capability. */
START_TEST(test_exec_root_with_sys_admin)
{
  static const struct exec_case c = {
    "root with CAP_SYS_ADMIN",
    { "--user", "0:0", "--cap", "CAP_SYS_ADMIN", "ctr", "sh", "-c", "id" },
    "runc|exec|--user=65534:65534|--no-new-privs|--|ctr|sh|-c|id",
    3,
    ANY_FIRST,
  };
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{}");
  exec_case_on(&f, &c);
  ck_assert_ptr_null(clamp_findings_denied(&f.findings));
}
END_TEST

START_TEST(test_exec_flag_actions)
{
  /* One rule switched from enforce. */
  static const struct
  {
    enum clamp_rule_id rule;
    enum clamp_action action;
    struct exec_case c;
  } c[] = {
    { U,
      CLAMP_ACTION_WARN,
      { "warn uid",
        { "-u", "+0", "id" },
        "runc|exec|--user=0|--no-new-privs|--|id",
        1,
        { U, WARNED, "exec --user (uid)", "0", "65534" } } },
    { C,
      CLAMP_ACTION_DENY,
      { "deny cap",
        { "-c", "CAP_SYS_ADMIN", "id" },
        "runc|exec|--no-new-privs|--cap=CAP_SYS_ADMIN|--|id",
        -1,
        { C, DENIED, "exec --cap", NULL, NULL } } },
    { NNP,
      CLAMP_ACTION_DENY,
      { "deny nnp",
        { "--no-new-privs=false", "id" },
        "runc|exec|--|id",
        -1,
        { NNP, DENIED, "exec --no-new-privs", NULL, NULL } } },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, "{}");
      f.policy.actions[c[i].rule] = c[i].action;
      exec_case_on(&f, &c[i].c);
    }
  {
    static const struct exec_case deny = {
      "deny uid", { "-u", "0", "id" }, "runc|exec|--user=0|--no-new-privs|--|id", -1, ANY_FIRST
    };
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    f.policy.actions[U] = CLAMP_ACTION_DENY;
    exec_case_on(&f, &deny);
    ck_assert_ptr_nonnull(clamp_findings_denied(&f.findings));
  }
  {
    /* Everything off: the flags pass as parsed. */
    static const struct exec_case off = {
      "all off",
      { "-u", "+0", "--cap", "CAP_SYS_ADMIN", "--apparmor", "unconfined", "--cwd",
        "/proc/self/fd/3", "id" },
      "runc|exec|--cwd=/proc/self/fd/3|--user=+0|--apparmor=unconfined|"
      "--cap=CAP_SYS_ADMIN|--|id",
      0,
      ANY_FIRST,
    };
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    for (size_t i = 0; i < CLAMP_RULE__COUNT; i++)
      f.policy.actions[i] = CLAMP_ACTION_OFF;
    exec_case_on(&f, &off);
  }
}
END_TEST

START_TEST(test_exec_flags_idempotent)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{}");
  _cleanup_command_ struct clamp_command cmd;
  _cleanup_free_ char *once = exec_flags(
      &f, &cmd,
      EXEC_ARGV("-u", "0:0", "-g", "0", "-g", "9", "-c", "CAP_KILL", "-c", "CAP_NET_BIND_SERVICE",
                "--no-new-privs=0", "--apparmor", "unconfined", "id", "sh"));
  ck_assert_str_eq(once, "runc|exec|--user=65534:65534|--additional-gids=9|--no-new-privs|"
                         "--cap=CAP_NET_BIND_SERVICE|--|id|sh");
  /* Feed the canonical argv back through parse and rule. */
  _cleanup_strv_ char **v = clamp_cli_canonical_argv(&cmd, "clamp", CLAMP_FLAVOR_RUNC);
  _cleanup_fx_ struct fx g;
  fx_init(&g, "{}");
  _cleanup_command_ struct clamp_command cmd2;
  _cleanup_free_ char *twice = exec_flags(&g, &cmd2, v);
  ck_assert_str_eq(twice, once);
  ck_assert_uint_eq(g.findings.len, 0);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("rule_exec");
  TCase *tc = tcase_create("rule_exec");
  tcase_add_test(tc, test_exec_user_root_spellings);
  tcase_add_test(tc, test_exec_user_forms);
  tcase_add_test(tc, test_exec_user_errors);
  tcase_add_test(tc, test_exec_additional_gids);
  tcase_add_test(tc, test_exec_caps);
  tcase_add_test(tc, test_exec_no_new_privs);
  tcase_add_test(tc, test_exec_lsm_flags);
  tcase_add_test(tc, test_exec_cwd);
  tcase_add_test(tc, test_exec_root_with_sys_admin);
  tcase_add_test(tc, test_exec_flag_actions);
  tcase_add_test(tc, test_exec_flags_idempotent);
  suite_add_tcase(s, tc);
  return s;
}
