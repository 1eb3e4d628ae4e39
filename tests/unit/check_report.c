/* SPDX-License-Identifier: Apache-2.0 */
/* clampctl check's report (report.h): one row per rule id, the status
 * precedence deny > change > warn > n/a, rules the policy turned off,
 * rules that never look at the input's kind, the JSON document and the
 * text table. */
#include <string.h>

#include "clamp/report.h"
#include "testutil.h"

struct rfx
{
  struct clamp_policy policy;
  struct clamp_findings findings;
  struct clamp_json_doc *doc;
  struct clamp_rule_ctx ctx;
};

static void rfx_init(struct rfx *f)
{
  clamp_policy_default(&f->policy);
  clamp_findings_init(&f->findings);
  f->doc = clamp_json_doc_new();
  memset(&f->ctx, 0, sizeof f->ctx);
  f->ctx.doc = f->doc;
  f->ctx.policy = &f->policy;
  f->ctx.findings = &f->findings;
}

static void rfx_free(struct rfx *f)
{
  clamp_findings_free(&f->findings);
  clamp_json_doc_free(f->doc);
}

START_TEST(test_rows_cover_every_rule)
{
  struct rfx f;
  rfx_init(&f);
  struct clamp_report r;
  clamp_report_build(&r, &f.findings, &f.policy, CLAMP_SCOPE_CONFIG);
  ck_assert(!clamp_report_has_findings(&r));
  for (size_t i = 0; i < CLAMP_RULE__COUNT; i++)
    {
      enum clamp_rule_id id = (enum clamp_rule_id)i;
      enum clamp_report_status want =
          clamp_rule_in_scope(id, CLAMP_SCOPE_CONFIG) ? CLAMP_REPORT_PASS : CLAMP_REPORT_NA;
      ck_assert_msg(r.rows[i].status == want, "%s: %s", clamp_rule_info(id)->id,
                    clamp_report_status_name(r.rows[i].status));
    }
  /* The scopes the report relies on. */
  ck_assert(clamp_rule_in_scope(CLAMP_RULE_ROOTFS_READONLY, CLAMP_SCOPE_CONFIG));
  ck_assert(!clamp_rule_in_scope(CLAMP_RULE_ROOTFS_READONLY, CLAMP_SCOPE_PROCESS));
  ck_assert(!clamp_rule_in_scope(CLAMP_RULE_RESTORE, CLAMP_SCOPE_CONFIG));
  ck_assert(clamp_rule_in_scope(CLAMP_RULE_EXEC_LSM, CLAMP_SCOPE_PROCESS));
  ck_assert(clamp_rule_in_scope(CLAMP_RULE_USER_NONROOT, CLAMP_SCOPE_PROCESS));
  rfx_free(&f);
}
END_TEST

START_TEST(test_status_precedence)
{
  struct rfx f;
  rfx_init(&f);
  f.policy.actions[CLAMP_RULE_NO_NEW_PRIVS] = CLAMP_ACTION_WARN;
  f.policy.actions[CLAMP_RULE_OOM_SCORE_ADJ] = CLAMP_ACTION_OFF;
  f.policy.actions[CLAMP_RULE_RESTORE] = CLAMP_ACTION_OFF;
  ck_assert(clamp_rule_violation(&f.ctx, CLAMP_RULE_USER_NONROOT, "process.user.uid", "0", "65534",
                                 "root"));
  ck_assert(clamp_rule_violation(&f.ctx, CLAMP_RULE_CAPS_ALLOWLIST, "process.capabilities",
                                 "[CAP_SYS_ADMIN]", "[]", "caps"));
  /* A denial outranks a change of the same rule, in either order. */
  clamp_rule_refuse(&f.ctx, CLAMP_RULE_CAPS_ALLOWLIST, "process.capabilities", "no");
  clamp_rule_refuse(&f.ctx, CLAMP_RULE_PROC_FD, "process.cwd", "escape");
  ck_assert(clamp_rule_violation(&f.ctx, CLAMP_RULE_PROC_FD, "mounts[0]", "a", "b", "c"));
  ck_assert(!clamp_rule_violation(&f.ctx, CLAMP_RULE_NO_NEW_PRIVS, "process.noNewPrivileges",
                                  "false", "true", "nnp"));
  /* Off: recorded nothing. */
  ck_assert(!clamp_rule_violation(&f.ctx, CLAMP_RULE_OOM_SCORE_ADJ, "process.oomScoreAdj", "-1",
                                  "0", "oom"));
  struct clamp_report r;
  clamp_report_build(&r, &f.findings, &f.policy, CLAMP_SCOPE_CONFIG);
  ck_assert_str_eq(clamp_report_status_name(r.rows[CLAMP_RULE_USER_NONROOT].status), "change");
  ck_assert_str_eq(clamp_report_status_name(r.rows[CLAMP_RULE_CAPS_ALLOWLIST].status), "deny");
  ck_assert_str_eq(clamp_report_status_name(r.rows[CLAMP_RULE_PROC_FD].status), "deny");
  ck_assert_str_eq(clamp_report_status_name(r.rows[CLAMP_RULE_NO_NEW_PRIVS].status), "warn");
  ck_assert_str_eq(clamp_report_status_name(r.rows[CLAMP_RULE_OOM_SCORE_ADJ].status), "off");
  ck_assert_str_eq(clamp_report_status_name(r.rows[CLAMP_RULE_RESTORE].status), "off");
  ck_assert_str_eq(clamp_report_status_name(r.rows[CLAMP_RULE_ROOTFS_READONLY].status), "pass");
  ck_assert_str_eq(clamp_report_status_name(r.rows[CLAMP_RULE_RUNTIME_FLAGS].status), "n/a");
  ck_assert_uint_eq(r.rows[CLAMP_RULE_CAPS_ALLOWLIST].n_findings, 2);
  ck_assert_uint_eq(r.n_change, 1);
  ck_assert_uint_eq(r.n_deny, 2);
  ck_assert_uint_eq(r.n_warn, 1);
  ck_assert(clamp_report_has_findings(&r));

  /* The same findings on a process file: rootfs does not apply there. */
  clamp_report_build(&r, &f.findings, &f.policy, CLAMP_SCOPE_PROCESS);
  ck_assert_str_eq(clamp_report_status_name(r.rows[CLAMP_RULE_ROOTFS_READONLY].status), "n/a");
  ck_assert_str_eq(clamp_report_status_name(r.rows[CLAMP_RULE_EXEC_LSM].status), "pass");
  rfx_free(&f);
}
END_TEST

START_TEST(test_warn_only_counts)
{
  struct rfx f;
  rfx_init(&f);
  f.policy.actions[CLAMP_RULE_USER_NONROOT] = CLAMP_ACTION_WARN;
  ck_assert(!clamp_rule_violation(&f.ctx, CLAMP_RULE_USER_NONROOT, "process.user.uid", "0", "65534",
                                  "root"));
  struct clamp_report r;
  clamp_report_build(&r, &f.findings, &f.policy, CLAMP_SCOPE_CONFIG);
  /* A rule that only warns leaves the input clean (exit 0)... */
  ck_assert(!clamp_report_has_findings(&r));
  /* ... unless the whole policy is in mode warn, where warnings stand for
   * the changes enforce would make. */
  f.policy.mode = CLAMP_MODE_WARN;
  clamp_report_build(&r, &f.findings, &f.policy, CLAMP_SCOPE_CONFIG);
  ck_assert(clamp_report_has_findings(&r));
  _cleanup_free_ char *changes = clamp_report_changes(&f.findings);
  ck_assert_str_eq(changes, "warning: user.nonroot (CIS 4.1; Pod Security restricted: "
                            "runAsNonRoot, runAsUser): process.user.uid: 0 (policy would set "
                            "65534): root\n");
  rfx_free(&f);
}
END_TEST

START_TEST(test_json_document)
{
  struct rfx f;
  rfx_init(&f);
  ck_assert(clamp_rule_violation(&f.ctx, CLAMP_RULE_CAPS_ALLOWLIST, "process.capabilities",
                                 "[CAP_\\\"X]", "[]", "why \"quoted\""));
  struct clamp_report r;
  clamp_report_build(&r, &f.findings, &f.policy, CLAMP_SCOPE_CONFIG);
  struct clamp_error *err = NULL;
  _cleanup_free_ char *text = clamp_report_json(&r, "in\"put.json", &f.policy, &err);
  ck_assert_ptr_nonnull(text);
  size_t n = strlen(text);
  ck_assert(n > 0 && text[n - 1] == '\n');
  _cleanup_json_doc_ struct clamp_json_doc *d = clamp_test_parse(text);
  const struct clamp_json *rules = clamp_json_object_get(d->root, "rules");
  ck_assert(clamp_json_is(rules, CLAMP_JSON_ARRAY));
  ck_assert_uint_eq(rules->u.arr.len, CLAMP_RULE__COUNT);
  const struct clamp_json *caps = rules->u.arr.items[CLAMP_RULE_CAPS_ALLOWLIST];
  clamp_test_assert_text(clamp_json_object_get(caps, "rule"), "\"caps.allowlist\"", NULL);
  clamp_test_assert_text(clamp_json_object_get(caps, "status"), "\"change\"", NULL);
  clamp_test_assert_text(clamp_json_object_get(caps, "action"), "\"enforce\"", NULL);
  clamp_test_assert_text(clamp_json_object_get(caps, "findings"),
                         "[{\"outcome\":\"changed\",\"field\":\"process.capabilities\","
                         "\"from\":\"[CAP_\\\\\\\"X]\",\"to\":\"[]\",\"reason\":\"why "
                         "\\\"quoted\\\"\"}]",
                         NULL);
  clamp_test_assert_text(clamp_json_object_get(d->root, "input"), "\"in\\\"put.json\"", NULL);
  clamp_test_assert_text(clamp_json_object_get(d->root, "summary"),
                         "{\"change\":1,\"deny\":0,\"warn\":0}", NULL);
  clamp_test_assert_text(clamp_json_object_get(clamp_json_object_get(d->root, "policy"), "source"),
                         "\"(built-in)\"", NULL);
  rfx_free(&f);
}
END_TEST

START_TEST(test_text_table)
{
  struct rfx f;
  rfx_init(&f);
  struct clamp_report r;
  clamp_report_build(&r, &f.findings, &f.policy, CLAMP_SCOPE_CONFIG);
  _cleanup_free_ char *clean = clamp_report_text(&r, "c.json");
  ck_assert(strstr(clean, "\n  pass    caps.allowlist ") != NULL);
  ck_assert(strstr(clean, "CIS 5.4") != NULL);
  ck_assert(strstr(clean, "\nno findings\n") != NULL);
  /* One line per rule, plus the input, the header and the summary. */
  size_t lines = 0;
  for (const char *p = clean; *p; p++)
    lines += *p == '\n';
  ck_assert_uint_eq(lines, CLAMP_RULE__COUNT + 3);

  clamp_rule_refuse(&f.ctx, CLAMP_RULE_PROC_FD, "process.cwd", "escape");
  clamp_report_build(&r, &f.findings, &f.policy, CLAMP_SCOPE_CONFIG);
  _cleanup_free_ char *text = clamp_report_text(&r, "c.json");
  ck_assert(strstr(text, "\n  deny    escape.proc-fd ") != NULL);
  ck_assert(strstr(text, "process.cwd: would be refused: escape\n") != NULL);
  ck_assert(strstr(text, "0 rules would change the input, 1 would deny it, 0 warn\n") != NULL);
  rfx_free(&f);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("report");
  TCase *tc = tcase_create("report");
  tcase_add_test(tc, test_rows_cover_every_rule);
  tcase_add_test(tc, test_status_precedence);
  tcase_add_test(tc, test_warn_only_counts);
  tcase_add_test(tc, test_json_document);
  tcase_add_test(tc, test_text_table);
  suite_add_tcase(s, tc);
  return s;
}
