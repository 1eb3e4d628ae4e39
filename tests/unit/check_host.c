/* SPDX-License-Identifier: Apache-2.0 */
/* host.c: where the cache lives, and the hardening pipeline that clamp
 * and clampctl share (parse, keys, rules, seccomp compile check,
 * serialize): errors carry the caller's "where", a denial leaves no
 * output, and hardening the output again changes nothing (DESIGN.md
 * invariant 1). */
#include <string.h>
#include <unistd.h>

#include "clamp/host.h"
#include "testutil.h"

START_TEST(test_cache_dir)
{
  _cleanup_free_ char *a = clamp_host_cache_dir("/x/cache", "/run/user/1");
  ck_assert_str_eq(a, "/x/cache");
  _cleanup_free_ char *b = clamp_host_cache_dir("", "/run/user/1");
  if (geteuid() == 0)
    ck_assert_str_eq(b, "/run/clamp/seccomp-cache");
  else
    ck_assert_str_eq(b, "/run/user/1/clamp/seccomp-cache");
  _cleanup_free_ char *c = clamp_host_cache_dir(NULL, "relative");
  if (geteuid() != 0)
    ck_assert_ptr_null(c);
}
END_TEST

struct run
{
  struct clamp_json_doc *doc;
  struct clamp_findings findings;
  struct clamp_buf out;
  struct clamp_error *err;
  int r;
};

static void run_free(struct run *x)
{
  clamp_json_doc_free(x->doc);
  clamp_findings_free(&x->findings);
  clamp_buf_free(&x->out);
  clamp_error_free(x->err);
}
#define _cleanup_run_ __attribute__((cleanup(run_free)))

static void harden(struct run *x, const char *text, enum clamp_spec_kind kind,
                   const struct clamp_policy *policy)
{
  x->doc = clamp_json_doc_new();
  clamp_findings_init(&x->findings);
  clamp_buf_init(&x->out);
  x->err = NULL;
  struct clamp_host host;
  clamp_host_facts(&host, kind, policy, NULL, NULL);
  ck_assert_int_eq(host.cache.dirfd, -1);
  ck_assert_ptr_nonnull(host.h.seccomp.scmp_arch);
  x->r = clamp_host_parse(x->doc, text, strlen(text), "\"in.json\"", kind, &x->err);
  if (x->r == 0)
    x->r = clamp_host_harden(x->doc, strlen(text), "\"in.json\"", kind, policy, &host, &x->findings,
                             &x->out, &x->err);
  clamp_host_close(&host);
}

static size_t count(const struct clamp_findings *f, enum clamp_finding_kind k)
{
  size_t n = 0;
  for (size_t i = 0; i < f->len; i++)
    n += f->items[i].kind == k;
  return n;
}

START_TEST(test_docker_config_idempotent)
{
  struct clamp_policy p;
  clamp_policy_default(&p);
  _cleanup_free_ char *text = clamp_test_read_data("docker/default/config.json", NULL);
  _cleanup_run_ struct run a, b;
  harden(&a, text, CLAMP_SPEC_CONFIG, &p);
  ck_assert_msg(a.r == 0, "%s", a.err ? a.err->msg : "");
  ck_assert_uint_gt(count(&a.findings, CLAMP_FINDING_CHANGED), 0);
  ck_assert_ptr_null(clamp_findings_denied(&a.findings));
  ck_assert_uint_gt(a.out.len, 0);
  harden(&b, a.out.data, CLAMP_SPEC_CONFIG, &p);
  ck_assert_msg(b.r == 0, "%s", b.err ? b.err->msg : "");
  ck_assert_uint_eq(count(&b.findings, CLAMP_FINDING_CHANGED), 0);
  ck_assert_uint_eq(b.out.len, a.out.len);
  ck_assert(memcmp(b.out.data, a.out.data, a.out.len) == 0);
}
END_TEST

START_TEST(test_errors_say_where)
{
  struct clamp_policy p;
  clamp_policy_default(&p);
  _cleanup_run_ struct run a, b, c;
  harden(&a, "{\"process\": ", CLAMP_SPEC_CONFIG, &p);
  ck_assert_int_eq(a.r, -1);
  clamp_test_assert_prefix(a.err->msg, "\"in.json\": ");
  harden(&b, "{\"process\": {\"user\": {\"uid\": -1, \"gid\": 0}}}", CLAMP_SPEC_CONFIG, &p);
  ck_assert_int_eq(b.r, -1);
  clamp_test_assert_prefix(b.err->msg, "\"in.json\": process.user.uid");
  harden(&c, "{\"Process\": {}}", CLAMP_SPEC_CONFIG, &p);
  ck_assert_int_eq(c.r, -1);
  clamp_test_assert_prefix(c.err->msg, "\"in.json\": ");
}
END_TEST

START_TEST(test_denied_leaves_no_output)
{
  struct clamp_policy p;
  clamp_policy_default(&p);
  _cleanup_run_ struct run a;
  harden(&a,
         "{\"process\": {\"user\": {\"uid\": 1000, \"gid\": 1000}, \"cwd\": \"/proc/self/fd/7\", "
         "\"args\": [\"sh\"]}, \"root\": {\"path\": \"rootfs\"}}",
         CLAMP_SPEC_CONFIG, &p);
  ck_assert_int_eq(a.r, 0);
  const struct clamp_finding *d = clamp_findings_denied(&a.findings);
  ck_assert_ptr_nonnull(d);
  ck_assert_int_eq(d->rule, CLAMP_RULE_PROC_FD);
  ck_assert_uint_eq(a.out.len, 0);
}
END_TEST

START_TEST(test_seccomp_must_compile)
{
  struct clamp_policy p;
  clamp_policy_default(&p);
  p.actions[CLAMP_RULE_SECCOMP_DEFAULT] = CLAMP_ACTION_OFF;
  _cleanup_run_ struct run a;
  harden(&a,
         "{\"process\": {\"user\": {\"uid\": 1000, \"gid\": 1000}, \"args\": [\"sh\"]}, "
         "\"root\": {\"path\": \"rootfs\"}, \"linux\": {\"namespaces\": [{\"type\": \"pid\"}, "
         "{\"type\": \"ipc\"}, {\"type\": \"uts\"}, {\"type\": \"mount\"}, "
         "{\"type\": \"network\"}], \"seccomp\": {\"defaultAction\": \"SCMP_ACT_BOGUS\"}}}",
         CLAMP_SPEC_CONFIG, &p);
  ck_assert_int_eq(a.r, -1);
  clamp_test_assert_prefix(a.err->msg, "linux.seccomp does not compile: ");
}
END_TEST

START_TEST(test_process_file)
{
  struct clamp_policy p;
  clamp_policy_default(&p);
  _cleanup_free_ char *text =
      clamp_test_read_data("docker/exec-root-privileged/process.json", NULL);
  _cleanup_run_ struct run a, b;
  harden(&a, text, CLAMP_SPEC_PROCESS, &p);
  ck_assert_msg(a.r == 0, "%s", a.err ? a.err->msg : "");
  ck_assert_uint_gt(count(&a.findings, CLAMP_FINDING_CHANGED), 0);
  harden(&b, a.out.data, CLAMP_SPEC_PROCESS, &p);
  ck_assert_int_eq(b.r, 0);
  ck_assert_uint_eq(count(&b.findings, CLAMP_FINDING_CHANGED), 0);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("host");
  TCase *tc = tcase_create("host");
  tcase_add_test(tc, test_cache_dir);
  tcase_add_test(tc, test_docker_config_idempotent);
  tcase_add_test(tc, test_errors_say_where);
  tcase_add_test(tc, test_denied_leaves_no_output);
  tcase_add_test(tc, test_seccomp_must_compile);
  tcase_add_test(tc, test_process_file);
  suite_add_tcase(s, tc);
  return s;
}
