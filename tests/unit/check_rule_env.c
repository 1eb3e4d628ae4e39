/* SPDX-License-Identifier: Apache-2.0 */
/* env.secrets (src/rules/env.c): process.env entries (and exec process
 * files, and runc exec --env) whose name contains one of the policy's
 * patterns, case-insensitively, with a non-empty value. Warn by default;
 * enforce refuses like deny. The value shows in no finding field, no
 * formatted finding and no error. Documents use single quotes for double
 * quotes. */
#include <string.h>

#include "rulefx_q.h"

#define EN CLAMP_RULE_ENV_SECRETS

#define VALUE "hunter2-VALUE-s3cr3t"

static int env_call(struct fx *f, struct clamp_error **err)
{
  return clamp_rule_env_secrets(&f->ctx, fx_process(f), "process", err);
}

static void run_env(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, env_call(f, &err), &err);
}

/* No finding, in any field or formatted, contains VALUE. */
static void assert_value_hidden(const struct fx *f)
{
  for (size_t i = 0; i < f->findings.len; i++)
    {
      const struct clamp_finding *x = &f->findings.items[i];
      const char *parts[] = { x->field, x->from, x->to, x->reason };
      for (size_t k = 0; k < CLAMP_N_ELEMENTS(parts); k++)
        ck_assert_msg(parts[k] == NULL || strstr(parts[k], VALUE) == NULL,
                      "finding %zu shows the value: %s", i, parts[k]);
      _cleanup_free_ char *text = clamp_finding_format(x);
      ck_assert_msg(strstr(text, VALUE) == NULL, "formatted finding shows the value: %s", text);
    }
}

#define ENV(list) "{'process':{'args':['sh'],'env':[" list "]}}"

START_TEST(test_env_default_warns)
{
  _cleanup_fx_ struct fx f;
  const char *in = ENV("'PATH=/bin','API_KEY=" VALUE "','HOME=/root'");
  init_q(&f, in);
  run_env(&f);
  assert_json_q(&f, in);
  ck_assert_uint_eq(f.findings.len, 1);
  fx_assert_finding(&f, 0, EN, WARNED, "process.env[1]", NULL, NULL);
  ck_assert_ptr_nonnull(strstr(f.findings.items[0].reason, "\"API_KEY\""));
  ck_assert_ptr_null(clamp_findings_denied(&f.findings));
  assert_value_hidden(&f);
}
END_TEST

/* Every action: enforce refuses like deny (nothing to rewrite), and the
 * value shows nowhere. */
START_TEST(test_env_actions)
{
  static const enum clamp_action actions[] = { CLAMP_ACTION_ENFORCE, CLAMP_ACTION_DENY,
                                               CLAMP_ACTION_WARN, CLAMP_ACTION_OFF };
  static const enum clamp_finding_kind kinds[] = { DENIED, DENIED, WARNED, WARNED };
  static const char *const in =
      ENV("'db_password=" VALUE "','MyToken=" VALUE "','X=1','GITHUB_TOKEN=" VALUE "'");
  for (size_t a = 0; a < CLAMP_N_ELEMENTS(actions); a++)
    {
      _cleanup_fx_ struct fx f;
      init_q(&f, in);
      f.name = clamp_policy_action_name(actions[a]);
      f.policy.actions[EN] = actions[a];
      run_env(&f);
      assert_json_q(&f, in);
      if (actions[a] == CLAMP_ACTION_OFF)
        {
          ck_assert_uint_eq(f.findings.len, 0);
          continue;
        }
      ck_assert_uint_eq(f.findings.len, 3);
      fx_assert_finding(&f, 0, EN, kinds[a], "process.env[0]", NULL, NULL);
      fx_assert_finding(&f, 1, EN, kinds[a], "process.env[1]", NULL, NULL);
      fx_assert_finding(&f, 2, EN, kinds[a], "process.env[3]", NULL, NULL);
      assert_value_hidden(&f);
    }
}
END_TEST

/* Entries runc would refuse or that hold no secret; runc's reading: the
 * name ends at the first '='. */
START_TEST(test_env_odd_entries)
{
  static const char *const quiet[] = {
    ENV("'PASSWORD='"),            /* empty value */
    ENV("'SECRET'"),               /* no '=': runc refuses it */
    ENV("'=SECRET'"),              /* empty name: runc refuses it */
    ENV("'A=PASSWORD=" VALUE "'"), /* the name is A */
    ENV("'TOKE=N'"),               /* no pattern in the name */
    ENV(""),                       /* nothing */
    "{'process':{'args':['sh']}}", /* no env */
    "{'process':{'env':null}}",
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(quiet); i++)
    {
      _cleanup_fx_ struct fx f;
      init_q(&f, quiet[i]);
      f.name = quiet[i];
      f.policy.actions[EN] = CLAMP_ACTION_DENY;
      run_env(&f);
      _cleanup_free_ char *j = dq(quiet[i]);
      fx_assert_untouched(&f, j);
    }
  /* A value of "=" is a value; a very long name is read whole. */
  _cleanup_fx_ struct fx f;
  init_q(&f, ENV("'PASSWORD=='"));
  run_env(&f);
  ck_assert_uint_eq(f.findings.len, 1);
  char name[5000];
  memset(name, 'A', sizeof name);
  memcpy(name + sizeof name - 40, "_secret_=" VALUE, strlen("_secret_=" VALUE) + 1);
  _cleanup_free_ char *in = clamp_xasprintf("{\"process\":{\"env\":[\"%s\"]}}", name);
  _cleanup_fx_ struct fx g;
  fx_init(&g, in);
  run_env(&g);
  ck_assert_uint_eq(g.findings.len, 1);
  assert_value_hidden(&g);
}
END_TEST

START_TEST(test_env_policy_patterns)
{
  static const char *const pats[] = { "foo" };
  _cleanup_fx_ struct fx f;
  init_q(&f, ENV("'MY_FOO_X=1','PASSWORD=" VALUE "'"));
  f.policy.env_secret_patterns = pats;
  f.policy.n_env_secret_patterns = 1;
  run_env(&f);
  ck_assert_uint_eq(f.findings.len, 1);
  fx_assert_finding(&f, 0, EN, WARNED, "process.env[0]", NULL, NULL);

  /* No patterns: nothing is a secret. */
  _cleanup_fx_ struct fx g;
  init_q(&g, ENV("'PASSWORD=" VALUE "'"));
  g.policy.n_env_secret_patterns = 0;
  run_env(&g);
  ck_assert_uint_eq(g.findings.len, 0);
}
END_TEST

/* docker exec -e writes a process file: the same rule at "env[i]"; runc
 * exec --env at "exec --env[i]". */
START_TEST(test_env_exec)
{
  _cleanup_fx_ struct fx f;
  init_q(&f, "{'args':['sh'],'env':['X=1','AWS_SECRET_ACCESS_KEY=" VALUE "']}");
  f.policy.actions[EN] = CLAMP_ACTION_DENY;
  struct clamp_error *err = NULL;
  fx_assert_ok(&f, clamp_harden_process(&f.ctx, &err), &err);
  const struct clamp_finding *x = fx_find(&f, "env[1]");
  ck_assert_ptr_nonnull(x);
  ck_assert_int_eq(x->kind, DENIED);
  assert_value_hidden(&f);

  _cleanup_fx_ struct fx g;
  fx_init(&g, "{}");
  static const char *const flags[] = { "A=1", "api_key=" VALUE, "NOEQUALS" };
  clamp_rule_env_secrets_list(&g.ctx, flags, 3, "exec --env");
  ck_assert_uint_eq(g.findings.len, 1);
  fx_assert_finding(&g, 0, EN, WARNED, "exec --env[1]", NULL, NULL);
  assert_value_hidden(&g);
}
END_TEST

/* Bad input: errors name the index, never the value. */
START_TEST(test_env_errors)
{
  static const struct fx_error_case c[] = {
    { "{'process':{'env':'PASSWORD=x'}}", "process.env: expected an array" },
    { "{'process':{'env':['A=1',7]}}", "process.env[1]: expected a string, got a number" },
    { "{'process':{'env':[{'PASSWORD':'x'}]}}",
      "process.env[0]: expected a string, got an object" },
  };
  check_errors_q(env_call, c, CLAMP_N_ELEMENTS(c));
  _cleanup_fx_ struct fx f;
  init_q(&f, "{'process':{'env':['A=1',['TOKEN=" VALUE "']]}}");
  _cleanup_error_ struct clamp_error *err = NULL;
  ck_assert_int_lt(env_call(&f, &err), 0);
  ck_assert_ptr_null(strstr(err->msg, VALUE));
}
END_TEST

START_TEST(test_env_idempotent)
{
  _cleanup_fx_ struct fx f;
  init_q(&f, ENV("'TOKEN=" VALUE "'"));
  run_env(&f);
  run_env(&f);
  assert_json_q(&f, ENV("'TOKEN=" VALUE "'"));
  ck_assert_uint_eq(f.findings.len, 2); /* reported each time, never changed */
}
END_TEST

/* The whole config: every rule runs from clamp_harden_config. */
START_TEST(test_all_four_in_harden_config)
{
  _cleanup_fx_ struct fx f;
  init_q(&f, "{'process':{'args':['sh'],'user':{'uid':1000,'gid':1000},'noNewPrivileges':true,"
             "'env':['TOKEN=" VALUE "']},'root':{'path':'rootfs','readonly':true},"
             "'hooks':{'prestart':[{'path':'/tmp/evil'}]},"
             "'annotations':{'run.oci.keep_original_groups':'1'},"
             "'linux':{'sysctl':{'kernel.msgmax':'1'}}}");
  static const char *const dockerd_only[] = { "/usr/bin/dockerd" };
  f.policy.hooks_restricted = true;
  f.policy.hook_allow = dockerd_only;
  f.policy.n_hook_allow = 1;
  struct clamp_harden_host host;
  fx_host_facts(&host);
  struct clamp_error *err = NULL;
  fx_assert_ok(&f, clamp_harden_config(&f.ctx, &host, &err), &err);
  const struct clamp_finding *x;
  ck_assert_ptr_nonnull(x = fx_find(&f, "process.env[0]"));
  ck_assert_int_eq(x->kind, WARNED);
  ck_assert_ptr_nonnull(x = fx_find(&f, "hooks.prestart[0].path"));
  ck_assert_int_eq(x->kind, DENIED);
  ck_assert_ptr_nonnull(x = fx_find(&f, "annotations"));
  ck_assert_int_eq(x->kind, CHANGED);
  ck_assert_ptr_nonnull(x = fx_find(&f, "linux.sysctl"));
  ck_assert_int_eq(x->kind, CHANGED);
  assert_value_hidden(&f);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("rule_env");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_env_default_warns);
  tcase_add_test(tc, test_env_actions);
  tcase_add_test(tc, test_env_odd_entries);
  tcase_add_test(tc, test_env_policy_patterns);
  tcase_add_test(tc, test_env_exec);
  tcase_add_test(tc, test_env_errors);
  tcase_add_test(tc, test_env_idempotent);
  tcase_add_test(tc, test_all_four_in_harden_config);
  suite_add_tcase(s, tc);
  return s;
}
