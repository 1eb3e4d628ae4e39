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

#include "clamp/harden.h"
#include "testutil.h"

/* ---- a rule context over one parsed document ---- */

struct fx
{
  struct clamp_policy policy;
  struct clamp_json_doc *doc;
  struct clamp_findings findings;
  struct clamp_rule_ctx ctx;
};

static void fx_init(struct fx *f, const char *json)
{
  struct clamp_error *err = NULL;
  clamp_policy_default(&f->policy);
  f->doc = clamp_json_parse(json, strlen(json), &err);
  ck_assert_msg(f->doc != NULL, "fixture does not parse: %s", err ? err->msg : "?");
  clamp_findings_init(&f->findings);
  f->ctx.doc = f->doc;
  f->ctx.policy = &f->policy;
  f->ctx.findings = &f->findings;
}

static void fx_free(struct fx *f)
{
  clamp_findings_free(&f->findings);
  clamp_json_doc_free(f->doc);
}
#define _cleanup_fx_ __attribute__((cleanup(fx_free)))

static void assert_finding(const struct fx *f, size_t i, enum clamp_rule_id rule,
                           enum clamp_finding_kind kind, const char *field, const char *from,
                           const char *to)
{
  ck_assert_msg(i < f->findings.len, "finding %zu missing (have %zu)", i, f->findings.len);
  const struct clamp_finding *x = &f->findings.items[i];
  ck_assert_int_eq(x->rule, rule);
  ck_assert_int_eq(x->kind, kind);
  ck_assert_str_eq(x->field, field);
  if (from)
    ck_assert_str_eq(x->from, from);
  if (to)
    ck_assert_str_eq(x->to, to);
}

#define CHANGED CLAMP_FINDING_CHANGED
#define DENIED CLAMP_FINDING_DENIED
#define WARNED CLAMP_FINDING_WARNED
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
  int argc = 0;
  while (argv[argc])
    argc++;
  struct clamp_error *err = NULL;
  clamp_command_init(cmd);
  ck_assert_msg(clamp_cli_parse(argc, argv, CLAMP_FLAVOR_RUNC, cmd, &err) == 0, "parse: %s",
                err ? err->msg : "?");
  int r = clamp_rule_exec_flags(&f->ctx, cmd, &err);
  ck_assert_msg(r == 0, "rule failed: %s", err ? err->msg : "?");
  char **v = clamp_cli_canonical_argv(cmd, "runc", CLAMP_FLAVOR_RUNC);
  struct clamp_buf b;
  clamp_buf_init(&b);
  for (size_t i = 0; v[i]; i++)
    {
      clamp_buf_printf(&b, "%s%s", i ? "|" : "", v[i]);
      free(v[i]);
    }
  free(v);
  return clamp_buf_steal(&b);
}

#define EXEC_ARGV(...) ((char *const[]){ "clamp", "exec", __VA_ARGS__, NULL })

/* The canonical argv for argv; findings are left in *f for inspection. */
#define EXPECT_EXEC(f, want, ...)                                                                  \
  do                                                                                               \
    {                                                                                              \
      _cleanup_command_ struct clamp_command cmd_;                                                 \
      _cleanup_free_ char *got_ = exec_flags(f, &cmd_, EXEC_ARGV(__VA_ARGS__));                    \
      ck_assert_str_eq(got_, want);                                                                \
    }                                                                                              \
  while (0)

static void exec_error(char *const *argv, const char *want1, const char *want2)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{}");
  _cleanup_command_ struct clamp_command cmd;
  _cleanup_error_ struct clamp_error *err = NULL;
  int argc = 0;
  while (argv[argc])
    argc++;
  clamp_command_init(&cmd);
  ck_assert_int_eq(clamp_cli_parse(argc, argv, CLAMP_FLAVOR_RUNC, &cmd, &err), 0);
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
      _cleanup_fx_ struct fx f;
      fx_init(&f, "{}");
      EXPECT_EXEC(&f, "runc|exec|--user=65534|--no-new-privs|--|id|sh", "-u", (char *)root[i], "id",
                  "sh");
      ck_assert_uint_eq(f.findings.len, 1);
      assert_finding(&f, 0, U, CHANGED, "exec --user (uid)", "0", "65534");
    }
}
END_TEST

START_TEST(test_exec_user_forms)
{
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    EXPECT_EXEC(&f, "runc|exec|--user=1000:65534|--no-new-privs|--|id", "-u", "1000:0", "id");
    ck_assert_uint_eq(f.findings.len, 1);
    assert_finding(&f, 0, U, CHANGED, "exec --user (gid)", "0", "65534");
  }
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    EXPECT_EXEC(&f, "runc|exec|--user=65534:65534|--no-new-privs|--|id", "--user=0:4294967296",
                "id");
    ck_assert_uint_eq(f.findings.len, 2);
  }
  {
    /* Canonical decimals: leading zeros, '+' and wrap-around are gone. */
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    EXPECT_EXEC(&f, "runc|exec|--user=1000:7|--no-new-privs|--|id", "-u", "+01000:4294967303",
                "id");
    ck_assert_uint_eq(f.findings.len, 0);
  }
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    EXPECT_EXEC(&f, "runc|exec|--user=1000|--no-new-privs|--|id", "-u", "4294968296", "id");
  }
  {
    /* runc ignores an empty --user. */
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    EXPECT_EXEC(&f, "runc|exec|--no-new-privs|--|id", "--user=", "id");
    ck_assert_uint_eq(f.findings.len, 0);
  }
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
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    EXPECT_EXEC(&f, "runc|exec|--no-new-privs|--|id", "-g", "4294967296", "id");
    ck_assert_uint_eq(f.findings.len, 1);
    assert_finding(&f, 0, U, CHANGED, "exec --additional-gids", "4294967296", "(dropped)");
  }
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    EXPECT_EXEC(&f,
                "runc|exec|--additional-gids=5|--additional-gids=7|--additional-gids=1|"
                "--no-new-privs|--|id",
                "-g", "5", "-g", "0", "-g", "+7", "-g", "4294967297", "-g", "-0", "id");
    ck_assert_uint_eq(f.findings.len, 2);
  }
  exec_error(EXEC_ARGV("-g", "-1", "id"), "additional-gids", "\"-1\"");
  exec_error(EXEC_ARGV("-g", "5", "-g", "-4294967296", "id"), "additional-gids", "-4294967296");
}
END_TEST

START_TEST(test_exec_caps)
{
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    EXPECT_EXEC(&f, "runc|exec|--no-new-privs|--|id", "--cap", "CAP_SYS_ADMIN", "id");
    ck_assert_uint_eq(f.findings.len, 1);
    assert_finding(&f, 0, C, CHANGED, "exec --cap", "\"CAP_SYS_ADMIN\"", "(dropped)");
  }
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    EXPECT_EXEC(&f, "runc|exec|--no-new-privs|--|id", "--cap", "cap_net_bind_service", "id");
    assert_finding(&f, 0, C, CHANGED, "exec --cap", "\"cap_net_bind_service\"", "(dropped)");
  }
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    EXPECT_EXEC(&f, "runc|exec|--no-new-privs|--cap=CAP_NET_BIND_SERVICE|--|id", "--cap",
                "CAP_NET_BIND_SERVICE", "id");
    ck_assert_uint_eq(f.findings.len, 0);
  }
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    EXPECT_EXEC(&f, "runc|exec|--no-new-privs|--cap=CAP_NET_BIND_SERVICE|--|id", "-c", "10", "-c",
                "CAP_NET_BIND_SERVICE", "-c", "CAP_NET_BIND_SERVICE ", "-c", "CAP_ALL", "id");
    ck_assert_uint_eq(f.findings.len, 3);
  }
}
END_TEST

START_TEST(test_exec_no_new_privs)
{
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    EXPECT_EXEC(&f, "runc|exec|--no-new-privs|--|id", "--no-new-privs=false", "id");
    ck_assert_uint_eq(f.findings.len, 1);
    assert_finding(&f, 0, NNP, CHANGED, "exec --no-new-privs", "false", "true");
  }
  static const char *const on[] = { "--no-new-privs", "--no-new-privs=true", "-no-new-privs=1" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(on); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, "{}");
      EXPECT_EXEC(&f, "runc|exec|--no-new-privs|--|id", (char *)on[i], "id");
      ck_assert_uint_eq(f.findings.len, 0);
    }
  /* Not given: passed on anyway, so that runc never turns it off. */
  _cleanup_fx_ struct fx g;
  fx_init(&g, "{}");
  EXPECT_EXEC(&g, "runc|exec|--no-new-privs|--|id|sh", "id", "sh");
  ck_assert_uint_eq(g.findings.len, 0);
}
END_TEST

START_TEST(test_exec_lsm_flags)
{
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    EXPECT_EXEC(&f, "runc|exec|--no-new-privs|--|id", "--apparmor", "unconfined", "id");
    ck_assert_uint_eq(f.findings.len, 1);
    assert_finding(&f, 0, LSM, CHANGED, "exec --apparmor", "\"unconfined\"", "(the container's)");
  }
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    EXPECT_EXEC(&f, "runc|exec|--no-new-privs|--|id", "--process-label",
                "system_u:system_r:spc_t:s0", "id");
    assert_finding(&f, 0, LSM, CHANGED, "exec --process-label", NULL, "(the container's)");
  }
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    EXPECT_EXEC(&f,
                "runc|exec|--process-label=system_u:system_r:container_t:s0:c1,c2|"
                "--apparmor=docker-default|--no-new-privs|--|id",
                "--apparmor", "docker-default", "--process-label",
                "system_u:system_r:container_t:s0:c1,c2", "id");
    ck_assert_uint_eq(f.findings.len, 0);
  }
}
END_TEST

START_TEST(test_exec_cwd)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{}");
  EXPECT_EXEC(&f, "runc|exec|--cwd=/proc/self/fd/7|--no-new-privs|--|id", "--cwd",
              "/proc/self/fd/7", "id");
  ck_assert_uint_eq(f.findings.len, 1);
  assert_finding(&f, 0, FD, DENIED, "exec --cwd", NULL, NULL);
  _cleanup_fx_ struct fx g;
  fx_init(&g, "{}");
  EXPECT_EXEC(&g, "runc|exec|--cwd=/srv|--no-new-privs|--|id", "--cwd", "/srv", "id");
  ck_assert_uint_eq(g.findings.len, 0);
}
END_TEST

/* The end-to-end case at unit level: exec --user 0:0 --cap
 * CAP_SYS_ADMIN runs non-root without SYS_ADMIN, and docker exec -u 0
 * --privileged ends non-root with no extra capability. */
START_TEST(test_exec_root_with_sys_admin)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{}");
  EXPECT_EXEC(&f, "runc|exec|--user=65534:65534|--no-new-privs|--|ctr|sh|-c|id", "--user", "0:0",
              "--cap", "CAP_SYS_ADMIN", "ctr", "sh", "-c", "id");
  ck_assert_ptr_null(clamp_findings_denied(&f.findings));
  ck_assert_uint_eq(f.findings.len, 3);
}
END_TEST

START_TEST(test_exec_flag_actions)
{
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    f.policy.actions[U] = CLAMP_ACTION_WARN;
    EXPECT_EXEC(&f, "runc|exec|--user=0|--no-new-privs|--|id", "-u", "+0", "id");
    ck_assert_uint_eq(f.findings.len, 1);
    assert_finding(&f, 0, U, WARNED, "exec --user (uid)", "0", "65534");
  }
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    f.policy.actions[U] = CLAMP_ACTION_DENY;
    EXPECT_EXEC(&f, "runc|exec|--user=0|--no-new-privs|--|id", "-u", "0", "id");
    ck_assert_ptr_nonnull(clamp_findings_denied(&f.findings));
  }
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    f.policy.actions[C] = CLAMP_ACTION_DENY;
    EXPECT_EXEC(&f, "runc|exec|--no-new-privs|--cap=CAP_SYS_ADMIN|--|id", "-c", "CAP_SYS_ADMIN",
                "id");
    assert_finding(&f, 0, C, DENIED, "exec --cap", NULL, NULL);
  }
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    f.policy.actions[NNP] = CLAMP_ACTION_DENY;
    EXPECT_EXEC(&f, "runc|exec|--|id", "--no-new-privs=false", "id");
    assert_finding(&f, 0, NNP, DENIED, "exec --no-new-privs", NULL, NULL);
  }
  {
    /* Everything off: the flags pass as parsed. */
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{}");
    for (size_t i = 0; i < CLAMP_RULE__COUNT; i++)
      f.policy.actions[i] = CLAMP_ACTION_OFF;
    EXPECT_EXEC(&f,
                "runc|exec|--cwd=/proc/self/fd/3|--user=+0|--apparmor=unconfined|"
                "--cap=CAP_SYS_ADMIN|--|id",
                "-u", "+0", "--cap", "CAP_SYS_ADMIN", "--apparmor", "unconfined", "--cwd",
                "/proc/self/fd/3", "id");
    ck_assert_uint_eq(f.findings.len, 0);
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
  char **v = clamp_cli_canonical_argv(&cmd, "clamp", CLAMP_FLAVOR_RUNC);
  _cleanup_fx_ struct fx g;
  fx_init(&g, "{}");
  _cleanup_command_ struct clamp_command cmd2;
  _cleanup_free_ char *twice = exec_flags(&g, &cmd2, v);
  ck_assert_str_eq(twice, once);
  ck_assert_uint_eq(g.findings.len, 0);
  for (size_t i = 0; v[i]; i++)
    free(v[i]);
  free(v);
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
