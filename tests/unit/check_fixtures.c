/* SPDX-License-Identifier: Apache-2.0 */
/* Every config.json and process file captured from a real engine
 * (tests/data/{docker,podman}/CASE/, made by tests/fixtures/make-fixtures.sh)
 * hardens without error, and hardening the result again changes nothing
 * (DESIGN.md invariant 1). The seccomp profile in each result compiles. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "clamp/harden.h"
#include "clamp/seccomp.h"
#include "clamp/spec.h"
#include "rulefx.h"
#include "testutil.h"

/* Harden text as kind; returns the serialized result. */
static char *harden(const char *what, const char *text, size_t len, enum clamp_spec_kind kind,
                    struct clamp_findings *findings)
{
  struct clamp_error *err = NULL;
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_json_parse(text, len, &err);
  ck_assert_msg(doc != NULL, "%s: %s", what, err ? err->msg : "");
  ck_assert_msg(clamp_spec_check_keys(doc->root, kind, &err) == 0, "%s: %s", what, err->msg);
  struct clamp_policy policy;
  clamp_policy_default(&policy);
  struct clamp_rule_ctx ctx = { .doc = doc, .policy = &policy, .findings = findings };
  struct clamp_harden_host host;
  fx_host_facts(&host);
  int r = kind == CLAMP_SPEC_CONFIG ? clamp_harden_config(&ctx, &host, &err)
                                    : clamp_harden_process(&ctx, &err);
  ck_assert_msg(r == 0, "%s: %s", what, err ? err->msg : "");
  const struct clamp_finding *denied = clamp_findings_denied(findings);
  ck_assert_msg(denied == NULL, "%s: denied: %s %s", what, denied ? denied->field : "",
                denied ? denied->reason : "");
  if (kind == CLAMP_SPEC_CONFIG)
    {
      const struct clamp_json *sc =
          clamp_json_object_get(clamp_json_object_get(doc->root, "linux"), "seccomp");
      ck_assert_msg(clamp_json_is(sc, CLAMP_JSON_OBJECT), "%s: no seccomp after hardening", what);
      uint8_t digest[32];
      ck_assert_msg(clamp_seccomp_compile(sc, digest, &err) == 0, "%s: %s", what,
                    err ? err->msg : "");
    }
  struct clamp_buf out;
  clamp_buf_init(&out);
  ck_assert_int_eq(clamp_json_serialize(doc->root, &out, &err), 0);
  return clamp_buf_steal(&out);
}

static int check_file(const char *rel, enum clamp_spec_kind kind)
{
  char path[4096];
  struct stat st;
  snprintf(path, sizeof path, "%s/%s", CLAMP_TEST_DATA, rel);
  if (stat(path, &st) != 0)
    return 0;
  size_t len;
  _cleanup_free_ char *text = clamp_test_read_data(rel, &len);
  struct clamp_findings f1, f2;
  clamp_findings_init(&f1);
  clamp_findings_init(&f2);
  _cleanup_free_ char *once = harden(rel, text, len, kind, &f1);
  ck_assert_msg(f1.len > 0, "%s: an engine's config should need hardening", rel);
  _cleanup_free_ char *twice = harden(rel, once, strlen(once), kind, &f2);
  ck_assert_msg(strcmp(once, twice) == 0, "%s: hardening is not idempotent", rel);
  /* What stays true of the hardened config is reported again, nothing
   * else: none of these engines gives a cgroup namespace (ns.cgroup only
   * warns by default), and this host has no LSM (lsm.confined n/a). */
  ck_assert_msg(kind == CLAMP_SPEC_CONFIG ? fx_only_reports(&f2) : f2.len == 0,
                "%s: second pass still reports %zu findings (first: %s)", rel, f2.len,
                f2.len ? f2.items[0].field : "");
  clamp_findings_free(&f1);
  clamp_findings_free(&f2);
  return 1;
}

/* One test point per captured case: its config.json and, for exec cases,
 * the runc exec --process file. */
static const char *const cases[] = {
  "docker/default",           "docker/privileged",
  "docker/cap-add-all",       "docker/user-1000",
  "docker/user-1000-netbind", "docker/seccomp-unconfined",
  "docker/read-only-tmpfs",   "docker/volume-secrets",
  "docker/exec-default",      "docker/exec-root-privileged",
  "docker/exec-user-1000",    "podman/default",
  "podman/user-1000",         "podman/privileged",
  "podman/exec-default",
};

START_TEST(test_engine_fixture)
{
  const char *dir = cases[_i];
  _cleanup_free_ char *config = clamp_xasprintf("%s/config.json", dir);
  _cleanup_free_ char *process = clamp_xasprintf("%s/process.json", dir);
  /* The fixtures are committed: their absence is a failure, not a skip. */
  ck_assert_msg(check_file(config, CLAMP_SPEC_CONFIG) == 1, "%s: missing", config);
  if (strstr(dir, "/exec-") != NULL)
    ck_assert_msg(check_file(process, CLAMP_SPEC_PROCESS) == 1, "%s: missing", process);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("fixtures");
  TCase *tc = tcase_create("fixtures");
  tcase_set_timeout(tc, 120);
  tcase_add_loop_test(tc, test_engine_fixture, 0, (int)CLAMP_N_ELEMENTS(cases));
  suite_add_tcase(s, tc);
  return s;
}
