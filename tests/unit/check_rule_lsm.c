/* SPDX-License-Identifier: Apache-2.0 */
/* lsm.confined (src/rules/lsm.c), tested against the issue (CIS 5.2,
 * 5.3): on a host with AppArmor and the policy's profile loaded, an empty
 * or "unconfined" process.apparmorProfile becomes that profile; on an
 * SELinux host an empty or unconfined process.selinuxLabel becomes the
 * policy's label, if it has one; on a host with neither the rule says
 * "not applicable". Every host variant is a fake; the profile-list parser
 * of src/host_lsm.c is tested on text. */
#include <string.h>
#include <unistd.h>

#include "clamp/host.h"
#include "rulefx.h"

#define L CLAMP_RULE_LSM_CONFINED
#define NA CLAMP_FINDING_NA

static const struct clamp_lsm_host none = { false, false, false };
static const struct clamp_lsm_host aa = { true, true, false };
static const struct clamp_lsm_host aa_unloaded = { true, false, false };
static const struct clamp_lsm_host se = { false, false, true };
static const struct clamp_lsm_host both = { true, true, true };

static const struct clamp_lsm_host *host_for_run;

static int lsm_rule(struct fx *f, struct clamp_error **err)
{
  return clamp_rule_lsm_confined(&f->ctx, fx_process(f), "process", host_for_run, err);
}

static void run_lsm(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, lsm_rule(f, &err), &err);
}

static void run_on(struct fx *f, const struct clamp_lsm_host *h)
{
  host_for_run = h;
  run_lsm(f);
}

#define PROC(x) "{\"process\":{\"args\":[\"sh\"]" x "}}"
#define AAP(v) ",\"apparmorProfile\":\"" v "\""
#define SEL(v) ",\"selinuxLabel\":\"" v "\""
#define CONTAINER_T "system_u:system_r:container_t:s0:c1,c2"

/* This machine: neither LSM. One "not applicable" finding, nothing
 * changes, whatever the process asks for. */
START_TEST(test_neither_is_not_applicable)
{
  static const char *const c[] = { PROC(""), PROC(AAP("unconfined")),
                                   PROC(SEL("system_u:system_r:spc_t:s0")) };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, c[i]);
      f.name = c[i];
      run_on(&f, &none);
      fx_assert_json(&f, c[i]);
      ck_assert_uint_eq(f.findings.len, 1);
      const struct clamp_finding *x = &f.findings.items[0];
      ck_assert_int_eq(x->rule, L);
      ck_assert_int_eq(x->kind, NA);
      ck_assert_ptr_null(x->field);
      ck_assert_str_eq(x->reason, "the host has neither AppArmor nor SELinux");
      _cleanup_free_ char *line = clamp_finding_format(x);
      ck_assert_str_eq(line,
                       "lsm.confined: not applicable (the host has neither AppArmor nor SELinux)");
    }
  /* Off says nothing at all. */
  _cleanup_fx_ struct fx f;
  fx_init(&f, PROC(""));
  f.policy.actions[L] = CLAMP_ACTION_OFF;
  run_on(&f, &none);
  fx_assert_untouched(&f, PROC(""));
}
END_TEST

/* AppArmor with the profile loaded: empty, missing and unconfined become
 * the policy's profile; a second run changes nothing. */
START_TEST(test_apparmor_confines)
{
  static const struct
  {
    const char *in, *from;
  } c[] = {
    { PROC(""), "(unset)" },
    { PROC(AAP("")), "(unset)" },
    { "{\"process\":{\"args\":[\"sh\"],\"apparmorProfile\":null}}", "(unset)" },
    { PROC(AAP("unconfined")), "\"unconfined\"" },
    { PROC(AAP(" unconfined\\n")), "\" unconfined\\n\"" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, c[i].in);
      f.name = c[i].in;
      run_on(&f, &aa);
      ck_assert_uint_eq(f.findings.len, 1);
      fx_assert_finding(&f, 0, L, CHANGED, "process.apparmorProfile", NULL, "\"docker-default\"");
      if (strcmp(c[i].from, "(unset)") == 0)
        ck_assert_ptr_null(f.findings.items[0].from);
      else
        ck_assert_str_eq(f.findings.items[0].from, c[i].from);
      ck_assert_str_eq(clamp_json_object_get(fx_process(&f), "apparmorProfile")->u.str.s,
                       "docker-default");
      _cleanup_free_ char *once = clamp_test_text(f.doc->root);
      _cleanup_fx_ struct fx g;
      fx_init(&g, once);
      run_on(&g, &aa);
      fx_assert_untouched(&g, once);
    }
}
END_TEST

/* A profile the container chose is kept, loaded or not (runc fails on a
 * profile that is not loaded). */
START_TEST(test_apparmor_own_profile_kept)
{
  static const char *const in = PROC(AAP("docker-default") SEL("system_u:system_r:spc_t:s0"));
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  run_on(&f, &aa);
  fx_assert_untouched(&f, in); /* not an SELinux host: the label is not looked at */
  _cleanup_fx_ struct fx g;
  fx_init(&g, in);
  run_on(&g, &aa_unloaded);
  fx_assert_untouched(&g, in);
}
END_TEST

/* The policy's profile is not loaded: a warning (it cannot be set, and
 * refusing would stop every unconfined container on such a host), a
 * refusal only under deny. */
START_TEST(test_apparmor_profile_not_loaded)
{
  static const struct fx_action_case c[] = {
    { "enforce", CLAMP_ACTION_ENFORCE, 1, WARNED, "process.apparmorProfile", NULL, NULL },
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, "process.apparmorProfile", NULL, NULL },
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "process.apparmorProfile", NULL, NULL },
    { "off", CLAMP_ACTION_OFF, 0, CHANGED, NULL, NULL, NULL },
  };
  host_for_run = &aa_unloaded;
  fx_check_actions(PROC(AAP("unconfined")), L, run_lsm, true, c, CLAMP_N_ELEMENTS(c));
  _cleanup_fx_ struct fx f;
  fx_init(&f, PROC(""));
  run_on(&f, &aa_unloaded);
  ck_assert_ptr_nonnull(strstr(f.findings.items[0].reason, "\"docker-default\""));
  ck_assert_ptr_nonnull(strstr(f.findings.items[0].reason, "not loaded"));
}
END_TEST

/* lsm.apparmor_profile null: nothing to set, said as "not applicable". */
START_TEST(test_apparmor_policy_null)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, PROC(AAP("unconfined")));
  f.policy.apparmor_profile = NULL;
  run_on(&f, &aa);
  fx_assert_json(&f, PROC(AAP("unconfined")));
  ck_assert_uint_eq(f.findings.len, 1);
  fx_assert_finding(&f, 0, L, NA, "process.apparmorProfile", NULL, NULL);
  ck_assert_ptr_nonnull(strstr(f.findings.items[0].reason, "lsm.apparmor_profile is null"));
}
END_TEST

/* Warn, deny and off with the profile loaded. */
START_TEST(test_apparmor_actions)
{
  static const struct fx_action_case c[] = {
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "process.apparmorProfile", "\"unconfined\"",
      "\"docker-default\"" },
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, "process.apparmorProfile", NULL, NULL },
    { "off", CLAMP_ACTION_OFF, 0, CHANGED, NULL, NULL, NULL },
  };
  host_for_run = &aa;
  fx_check_actions(PROC(AAP("unconfined")), L, run_lsm, true, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

/* SELinux: the default policy has no label ("not applicable"); with one,
 * empty and unconfined labels become it, a confining label is kept. */
START_TEST(test_selinux)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, PROC(""));
  run_on(&f, &se);
  fx_assert_json(&f, PROC(""));
  ck_assert_uint_eq(f.findings.len, 1);
  fx_assert_finding(&f, 0, L, NA, "process.selinuxLabel", NULL, NULL);

  static const char *const c[] = { PROC(""), PROC(SEL("")), PROC(SEL("system_u:system_r:spc_t:s0")),
                                   PROC(SEL("unconfined_u:unconfined_r:unconfined_t:s0")) };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_fx_ struct fx g;
      fx_init(&g, c[i]);
      g.name = c[i];
      g.policy.selinux_label = CONTAINER_T;
      run_on(&g, &se);
      ck_assert_uint_eq(g.findings.len, 1);
      fx_assert_finding(&g, 0, L, CHANGED, "process.selinuxLabel", NULL, "\"" CONTAINER_T "\"");
      ck_assert_str_eq(clamp_json_object_get(fx_process(&g), "selinuxLabel")->u.str.s, CONTAINER_T);
    }

  static const char *const own = PROC(SEL("system_u:system_r:container_t:s0:c5,c6"));
  _cleanup_fx_ struct fx h;
  fx_init(&h, own);
  h.policy.selinux_label = CONTAINER_T;
  run_on(&h, &se);
  fx_assert_untouched(&h, own);
}
END_TEST

/* Both LSMs: both fields, AppArmor first. */
START_TEST(test_both)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, PROC(AAP("unconfined")));
  f.policy.selinux_label = CONTAINER_T;
  run_on(&f, &both);
  fx_assert_json(&f, PROC(AAP("docker-default") SEL(CONTAINER_T)));
  ck_assert_uint_eq(f.findings.len, 2);
  fx_assert_finding(&f, 0, L, CHANGED, "process.apparmorProfile", NULL, NULL);
  fx_assert_finding(&f, 1, L, CHANGED, "process.selinuxLabel", NULL, NULL);
}
END_TEST

/* Wrong types are errors on every host. */
START_TEST(test_bad_types)
{
  static const struct fx_error_case c[] = {
    { "{\"process\":{\"apparmorProfile\":1}}", "process.apparmorProfile: expected a string" },
    { "{\"process\":{\"selinuxLabel\":{}}}", "process.selinuxLabel: expected a string" },
    { "{\"process\":{\"apparmorProfile\":[\"unconfined\"]}}",
      "process.apparmorProfile: expected a string" },
  };
  const struct clamp_lsm_host *hosts[] = { &none, &aa, &se, &both };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(hosts); i++)
    {
      host_for_run = hosts[i];
      fx_check_errors(lsm_rule, true, c, CLAMP_N_ELEMENTS(c));
    }
}
END_TEST

/* /sys/kernel/security/apparmor/profiles: "name (mode)" lines; only an
 * exact name in enforce mode counts. */
START_TEST(test_profiles_list)
{
  static const char list[] = "my-default (enforce)\n"
                             "clamp-complain (complain)\n"
                             "/usr/sbin/cupsd (enforce)\n"
                             "my-default//child (enforce)\n"
                             "name with spaces (enforce)\n"
                             "last (enforce)";
  size_t n = sizeof list - 1;
  ck_assert(clamp_host_apparmor_profile_listed(list, n, "my-default"));
  ck_assert(clamp_host_apparmor_profile_listed(list, n, "/usr/sbin/cupsd"));
  ck_assert(clamp_host_apparmor_profile_listed(list, n, "name with spaces"));
  ck_assert(clamp_host_apparmor_profile_listed(list, n, "last"));
  ck_assert(!clamp_host_apparmor_profile_listed(list, n, "clamp-complain"));
  ck_assert(!clamp_host_apparmor_profile_listed(list, n, "docker-default"));
  ck_assert(!clamp_host_apparmor_profile_listed(list, n, "my"));
  ck_assert(!clamp_host_apparmor_profile_listed(list, n, "my-default (enforce)"));
  ck_assert(!clamp_host_apparmor_profile_listed(list, n, ""));
  ck_assert(!clamp_host_apparmor_profile_listed("", 0, "my-default"));
  /* A cut-off last line does not count. */
  ck_assert(!clamp_host_apparmor_profile_listed(list, n - 1, "last"));
}
END_TEST

/* This host, as the shim sees it: neither LSM (machine-notes.md). The
 * collector must not claim one that is not there. */
START_TEST(test_collect_on_this_host)
{
  struct clamp_lsm_host h;
  clamp_host_lsm_collect(&h, "docker-default");
  if (access("/sys/module/apparmor/parameters/enabled", F_OK) != 0)
    ck_assert(!h.apparmor && !h.apparmor_profile_loaded);
  if (access("/sys/fs/selinux/enforce", F_OK) != 0)
    ck_assert(!h.selinux);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("rule_lsm");
  TCase *tc = tcase_create("rule_lsm");
  tcase_add_test(tc, test_neither_is_not_applicable);
  tcase_add_test(tc, test_apparmor_confines);
  tcase_add_test(tc, test_apparmor_own_profile_kept);
  tcase_add_test(tc, test_apparmor_profile_not_loaded);
  tcase_add_test(tc, test_apparmor_policy_null);
  tcase_add_test(tc, test_apparmor_actions);
  tcase_add_test(tc, test_selinux);
  tcase_add_test(tc, test_both);
  tcase_add_test(tc, test_bad_types);
  tcase_add_test(tc, test_profiles_list);
  tcase_add_test(tc, test_collect_on_this_host);
  suite_add_tcase(s, tc);
  return s;
}
