/* SPDX-License-Identifier: Apache-2.0 */
/* hooks.allowlist (src/rules/hooks.c): with the policy's hooks.allow
 * list, every hook of every kind whose cleaned path is not exactly on it
 * is refused; without it (null, the default) every hook is allowed.
 * Documents use single quotes for double quotes. */
#include <string.h>

#include "rulefx_q.h"

#define HK CLAMP_RULE_HOOKS_ALLOWLIST

static int hooks_call(struct fx *f, struct clamp_error **err)
{
  return clamp_rule_hooks(&f->ctx, f->doc->root, err);
}

static void run_hooks(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, hooks_call(f, &err), &err);
}

static const char *const dockerd_only[] = { "/usr/bin/dockerd" };

static void restrict_hooks(struct fx *f)
{
  f->policy.hooks_restricted = true;
  f->policy.hook_allow = dockerd_only;
  f->policy.n_hook_allow = 1;
}

static void run_hooks_restricted(struct fx *f)
{
  restrict_hooks(f);
  run_hooks(f);
}

/* Docker's own prestart hook. */
#define DOCKER_HOOK                                                                                \
  "{'path':'/usr/bin/dockerd','args':['libnetwork-setkey','-exec-root=/var/run/docker','abc',"     \
  "'def']}"

START_TEST(test_hooks_default_allows_all)
{
  const char *in = "{'hooks':{'prestart':[{'path':'/tmp/evil'}],'poststop':[{'path':'x'}]}}";
  _cleanup_fx_ struct fx f;
  init_q(&f, in);
  run_hooks(&f);
  _cleanup_free_ char *j = dq(in);
  fx_assert_untouched(&f, j);
}
END_TEST

START_TEST(test_hooks_listed_pass)
{
  static const char *const in[] = {
    "{'hooks':{'prestart':[" DOCKER_HOOK "]}}",
    "{'hooks':{'createRuntime':[{'path':'/usr/bin//dockerd'}],"
    "'poststart':[{'path':'/usr/bin/../bin/./dockerd'}]}}",
    "{'hooks':{}}",
    "{'hooks':null}",
    "{'hooks':{'prestart':[]}}",
    "{}",
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(in); i++)
    {
      _cleanup_fx_ struct fx f;
      init_q(&f, in[i]);
      f.name = in[i];
      run_hooks_restricted(&f);
      _cleanup_free_ char *j = dq(in[i]);
      fx_assert_untouched(&f, j);
    }
}
END_TEST

/* Every hook kind is checked; relative, look-alike and missing paths are
 * never on the list. */
START_TEST(test_hooks_unlisted_refused)
{
  const char *in = "{'hooks':{'prestart':[" DOCKER_HOOK ",{'path':'/tmp/evil'}],"
                   "'createRuntime':[{'path':'usr/bin/dockerd'}],"
                   "'createContainer':[{'path':'/usr/bin/dockerd2'}],"
                   "'startContainer':[{'args':['x']}],"
                   "'poststart':[{'path':'/USR/BIN/DOCKERD'}],"
                   "'poststop':[{'path':'/usr/bin/dockerd/'},{'path':'/usr/sbin/dockerd'}]}}";
  _cleanup_fx_ struct fx f;
  init_q(&f, in);
  run_hooks_restricted(&f);
  assert_json_q(&f, in);
  static const char *const want[] = {
    "hooks.prestart[1].path",       "hooks.createRuntime[0].path", "hooks.createContainer[0].path",
    "hooks.startContainer[0].path", "hooks.poststart[0].path",     "hooks.poststop[1].path",
  };
  ck_assert_uint_eq(f.findings.len, CLAMP_N_ELEMENTS(want));
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(want); i++)
    fx_assert_finding(&f, i, HK, DENIED, want[i], NULL, NULL);
  ck_assert_ptr_nonnull(strstr(f.findings.items[0].reason, "\"/tmp/evil\""));
}
END_TEST

/* An empty list allows no hook at all. */
START_TEST(test_hooks_empty_list)
{
  _cleanup_fx_ struct fx f;
  init_q(&f, "{'hooks':{'prestart':[" DOCKER_HOOK "]}}");
  f.policy.hooks_restricted = true;
  f.policy.n_hook_allow = 0;
  run_hooks(&f);
  fx_assert_finding(&f, 0, HK, DENIED, "hooks.prestart[0].path", NULL, NULL);
}
END_TEST

START_TEST(test_hooks_actions)
{
  static const struct fx_action_case c[] = {
    { "enforce", CLAMP_ACTION_ENFORCE, 1, DENIED, "hooks.poststop[0].path", NULL, NULL },
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, "hooks.poststop[0].path", NULL, NULL },
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "hooks.poststop[0].path", NULL, NULL },
    { "off", CLAMP_ACTION_OFF, 0, WARNED, NULL, NULL, NULL },
  };
  check_actions_q("{'hooks':{'poststop':[{'path':'/bin/rm','args':['rm','-rf','/']}]}}", HK,
                  run_hooks_restricted, true, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

static int hooks_restricted_call(struct fx *f, struct clamp_error **err)
{
  restrict_hooks(f);
  return hooks_call(f, err);
}

START_TEST(test_hooks_errors)
{
  static const struct fx_error_case c[] = {
    { "{'hooks':[]}", "hooks: expected an object" },
    { "{'hooks':{'prestart':{}}}", "hooks.prestart: expected an array" },
    { "{'hooks':{'poststop':['/bin/x']}}", "hooks.poststop[0]: expected an object" },
    { "{'hooks':{'createRuntime':[{'path':1}]}}", "hooks.createRuntime[0].path: expected" },
  };
  check_errors_q(hooks_restricted_call, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_hooks_idempotent)
{
  _cleanup_fx_ struct fx f;
  init_q(&f, "{'hooks':{'prestart':[{'path':'/tmp/evil'}]}}");
  run_hooks_restricted(&f);
  run_hooks_restricted(&f);
  assert_json_q(&f, "{'hooks':{'prestart':[{'path':'/tmp/evil'}]}}");
  ck_assert_uint_eq(f.findings.len, 2);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("rule_hooks");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_hooks_default_allows_all);
  tcase_add_test(tc, test_hooks_listed_pass);
  tcase_add_test(tc, test_hooks_unlisted_refused);
  tcase_add_test(tc, test_hooks_empty_list);
  tcase_add_test(tc, test_hooks_actions);
  tcase_add_test(tc, test_hooks_errors);
  tcase_add_test(tc, test_hooks_idempotent);
  suite_add_tcase(s, tc);
  return s;
}
