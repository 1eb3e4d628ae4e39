/* SPDX-License-Identifier: Apache-2.0 */
/* annotations.crun (src/rules/annotations.c): crun's
 * run.oci.seccomp_bpf_data, run.oci.seccomp.receiver,
 * run.oci.seccomp.plugins, run.oci.keep_original_groups and every
 * run.oci.hooks.* are removed unless the policy's annotations.allow names
 * them; exact, case-sensitive keys. Documents use single quotes for double
 * quotes. */
#include <string.h>

#include "rulefx_q.h"

#define AN CLAMP_RULE_ANNOTATIONS_CRUN

static int ann_call(struct fx *f, struct clamp_error **err)
{
  return clamp_rule_annotations(&f->ctx, f->doc->root, err);
}

static void run_ann(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, ann_call(f, &err), &err);
}

START_TEST(test_ann_removed)
{
  _cleanup_fx_ struct fx f;
  init_q(&f, "{'annotations':{'org.opencontainers.image.os':'linux',"
             "'run.oci.seccomp_bpf_data':'AAAA','run.oci.seccomp.receiver':'/run/s.sock',"
             "'run.oci.seccomp.plugins':'/tmp/p.so','run.oci.keep_original_groups':'1',"
             "'run.oci.hooks.stdout':'/etc/x','run.oci.hooks.stderr':'/etc/y',"
             "'run.oci.hooks.future':'z','run.oci.systemd.subgroup':'x',"
             "'RUN.OCI.SECCOMP_BPF_DATA':'kept','run.oci.seccomp_bpf_data.x':'kept'}}");
  run_ann(&f);
  assert_json_q(&f, "{'annotations':{'org.opencontainers.image.os':'linux',"
                    "'run.oci.systemd.subgroup':'x','RUN.OCI.SECCOMP_BPF_DATA':'kept',"
                    "'run.oci.seccomp_bpf_data.x':'kept'}}");
  ck_assert_uint_eq(f.findings.len, 1);
  fx_assert_finding(&f, 0, AN, CHANGED, "annotations",
                    "[run.oci.seccomp_bpf_data, run.oci.seccomp.receiver, "
                    "run.oci.seccomp.plugins, run.oci.keep_original_groups, "
                    "run.oci.hooks.stdout, run.oci.hooks.stderr, run.oci.hooks.future]",
                    "(removed)");
}
END_TEST

START_TEST(test_ann_untouched)
{
  static const char *const in[] = {
    "{'annotations':{'io.kubernetes.cri.container-type':'container'}}",
    "{'annotations':{}}",
    "{'annotations':null}",
    "{}",
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(in); i++)
    {
      _cleanup_fx_ struct fx f;
      init_q(&f, in[i]);
      f.name = in[i];
      run_ann(&f);
      _cleanup_free_ char *j = dq(in[i]);
      fx_assert_untouched(&f, j);
    }
}
END_TEST

START_TEST(test_ann_policy_allow)
{
  static const char *const allow[] = { "run.oci.keep_original_groups", "run.oci.hooks.stdout" };
  _cleanup_fx_ struct fx f;
  init_q(&f, "{'annotations':{'run.oci.keep_original_groups':'1','run.oci.hooks.stdout':'/x',"
             "'run.oci.hooks.stderr':'/y'}}");
  f.policy.annotation_allow = allow;
  f.policy.n_annotation_allow = 2;
  run_ann(&f);
  assert_json_q(&f,
                "{'annotations':{'run.oci.keep_original_groups':'1','run.oci.hooks.stdout':'/x'}}");
  fx_assert_finding(&f, 0, AN, CHANGED, "annotations", "[run.oci.hooks.stderr]", "(removed)");
}
END_TEST

START_TEST(test_ann_actions)
{
  static const struct fx_action_case c[] = {
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, "annotations", "[run.oci.seccomp_bpf_data]", NULL },
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "annotations", "[run.oci.seccomp_bpf_data]", NULL },
    { "off", CLAMP_ACTION_OFF, 0, WARNED, NULL, NULL, NULL },
  };
  check_actions_q("{'annotations':{'run.oci.seccomp_bpf_data':'AAAA'}}", AN, run_ann, true, c,
                  CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_ann_errors)
{
  static const struct fx_error_case c[] = {
    { "{'annotations':[]}", "annotations: expected an object" },
    { "{'annotations':{'run.oci.seccomp_bpf_data':true}}",
      "annotations.\"run.oci.seccomp_bpf_data\": expected a string, got a boolean" },
  };
  check_errors_q(ann_call, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_ann_idempotent)
{
  _cleanup_fx_ struct fx f;
  init_q(&f, "{'annotations':{'a':'b','run.oci.hooks.stdout':'/x'}}");
  run_ann(&f);
  run_ann(&f);
  assert_json_q(&f, "{'annotations':{'a':'b'}}");
  ck_assert_uint_eq(f.findings.len, 1);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("rule_annotations");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_ann_removed);
  tcase_add_test(tc, test_ann_untouched);
  tcase_add_test(tc, test_ann_policy_allow);
  tcase_add_test(tc, test_ann_actions);
  tcase_add_test(tc, test_ann_errors);
  tcase_add_test(tc, test_ann_idempotent);
  suite_add_tcase(s, tc);
  return s;
}
