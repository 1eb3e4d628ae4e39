/* SPDX-License-Identifier: Apache-2.0 */
/* The smaller rules and the whole-document pipelines, tested against
 * issue 2:
 *  - rule 4: process.noNewPrivileges is set to true;
 *  - rule 6: exec's --process file gets rules 1, 2 and 4, and an exec
 *    cannot leave the container's AppArmor or SELinux confinement (runc's
 *    own exec flags are in check_rule_exec.c);
 *  - rule 7: a cwd or mount destination under /proc/self/fd or
 *    /proc/PID/fd is refused (CVE-2024-21626); a negative oomScoreAdj is
 *    raised to 0;
 *  - DESIGN.md invariant 1: hardening a hardened config changes nothing.
 * The Docker fixtures are real `docker run` configs and `docker exec`
 * process files (see tests/fixtures/README.md). */
#include <string.h>

#include "rulefx.h"

#define NNP CLAMP_RULE_NO_NEW_PRIVS
#define FD CLAMP_RULE_PROC_FD
#define OOM CLAMP_RULE_OOM_SCORE_ADJ
#define LSM CLAMP_RULE_EXEC_LSM
#define U CLAMP_RULE_USER_NONROOT
#define C CLAMP_RULE_CAPS_ALLOWLIST

/* A captured process file's env, as text: it names the container's random
 * hostname, which hardening never touches. */
static char *input_env(struct fx *f)
{
  return clamp_test_text(clamp_json_object_get(f->doc->root, "env"));
}

/* ---- process.no-new-privileges ---- */

static void run_nnp(struct fx *f, const char *path)
{
  struct clamp_error *err = NULL;
  struct clamp_json *p = *path ? fx_process(f) : f->doc->root;
  fx_assert_ok(f, clamp_rule_no_new_privs(&f->ctx, p, path, &err), &err);
}

static void run_nnp_process(struct fx *f) { run_nnp(f, "process"); }

START_TEST(test_nnp)
{
  /* The rule on in, at path: want, n findings (n < 0: not checked) and,
   * if field is set, the first one from `from` to true. */
  static const struct
  {
    const char *name, *path, *in, *want;
    int n;
    const char *field, *from;
  } c[] = {
    { "unset", "process", "{\"process\":{\"args\":[\"sh\"]}}",
      "{\"process\":{\"args\":[\"sh\"],\"noNewPrivileges\":true}}", 1, "process.noNewPrivileges",
      "(unset)" },
    { "false", "process", "{\"process\":{\"noNewPrivileges\":false,\"args\":[\"sh\"]}}",
      "{\"process\":{\"noNewPrivileges\":true,\"args\":[\"sh\"]}}", -1, "process.noNewPrivileges",
      "false" },
    { "null", "process", "{\"process\":{\"noNewPrivileges\":null}}",
      "{\"process\":{\"noNewPrivileges\":true}}", -1, NULL, NULL },
    { "true", "process", "{\"process\":{\"noNewPrivileges\":true}}",
      "{\"process\":{\"noNewPrivileges\":true}}", 0, NULL, NULL },
    /* A process file: the field has no prefix. */
    { "process file", "", "{\"noNewPrivileges\":false}", "{\"noNewPrivileges\":true}", -1,
      "noNewPrivileges", "false" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, c[i].in);
      f.name = c[i].name;
      run_nnp(&f, c[i].path);
      fx_assert_json(&f, c[i].want);
      if (c[i].n >= 0)
        ck_assert_msg(f.findings.len == (size_t)c[i].n, "%s: %zu findings", c[i].name,
                      f.findings.len);
      if (c[i].field)
        fx_assert_finding(&f, 0, NNP, CHANGED, c[i].field, c[i].from, "true");
    }
}
END_TEST

START_TEST(test_nnp_actions_and_errors)
{
  static const struct fx_action_case c[] = {
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, NULL, NULL, NULL },
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, NULL, NULL, NULL },
    { "off", CLAMP_ACTION_OFF, 0, CHANGED, NULL, NULL, NULL },
  };
  fx_check_actions("{\"process\":{\"noNewPrivileges\":false}}", NNP, run_nnp_process, true, c,
                   CLAMP_N_ELEMENTS(c));
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"process\":{\"noNewPrivileges\":\"true\"}}");
  _cleanup_error_ struct clamp_error *err = NULL;
  fx_assert_error(&f, clamp_rule_no_new_privs(&f.ctx, fx_process(&f), "process", &err), &err,
                  "process.noNewPrivileges: ");
}
END_TEST

/* ---- known escapes: CVE-2024-21626 and oomScoreAdj ---- */

static int escapes(struct fx *f, struct clamp_error **err)
{
  return clamp_rule_escapes(&f->ctx, f->doc->root, fx_process(f), "process", err);
}

static void run_escapes(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, escapes(f, &err), &err);
}

START_TEST(test_proc_fd_cwd_refused)
{
  static const char *const bad[] = {
    "/proc/self/fd/7",        "/proc/1/fd/3",        "/proc/self/fd/../fd/7",
    "//proc//self//fd/7",     "proc/self/fd/7",      "/proc/thread-self/fd/8",
    "/proc/self/cwd",         "/proc/self/root/etc", "/proc/self/task/1/fd/4",
    "/tmp/../proc/self/fd/5",
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(bad); i++)
    {
      _cleanup_fx_ struct fx f;
      _cleanup_free_ char *in = clamp_xasprintf("{\"process\":{\"cwd\":\"%s\"}}", bad[i]);
      fx_init(&f, in);
      f.name = bad[i];
      run_escapes(&f);
      ck_assert_msg(f.findings.len == 1, "%s: %zu findings", bad[i], f.findings.len);
      fx_assert_finding(&f, 0, FD, DENIED, "process.cwd", NULL, NULL);
      fx_assert_json(&f, in);
    }
  static const char *const ok[] = { "/",          "/proc",
                                    "/proc/self", "/proc/self/fdinfo/3",
                                    "/home/fd/7", "/work/proc/self/fd" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(ok); i++)
    {
      _cleanup_fx_ struct fx f;
      _cleanup_free_ char *in = clamp_xasprintf("{\"process\":{\"cwd\":\"%s\"}}", ok[i]);
      fx_init(&f, in);
      f.name = ok[i];
      run_escapes(&f);
      ck_assert_msg(f.findings.len == 0, "%s refused", ok[i]);
    }
}
END_TEST

START_TEST(test_proc_fd_mount_destination_refused)
{
  const char *in = "{\"process\":{\"cwd\":\"/\"},\"mounts\":[{\"destination\":\"/proc\","
                   "\"type\":\"proc\"},{\"destination\":\"/data\",\"source\":\"/proc/self/fd/7\"},"
                   "{\"destination\":\"//proc/1/fd/../fd/3\",\"type\":\"bind\"}]}";
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  run_escapes(&f);
  ck_assert_uint_eq(f.findings.len, 1);
  fx_assert_finding(&f, 0, FD, DENIED, "mounts[2].destination", NULL, NULL);
  fx_assert_json(&f, in);
  /* The Docker default has nothing of the kind (its prestart hook's
   * /proc/PID/exe runs on the host and is not a mount or a cwd). */
  _cleanup_free_ char *text = clamp_test_read_data("docker/default/config.json", NULL);
  _cleanup_fx_ struct fx d;
  fx_init(&d, text);
  run_escapes(&d);
  fx_assert_untouched(&d, text);
}
END_TEST

START_TEST(test_proc_fd_actions)
{
  static const struct fx_action_case c[] = {
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "process.cwd", NULL, NULL },
    { "off", CLAMP_ACTION_OFF, 0, CHANGED, NULL, NULL, NULL },
  };
  fx_check_actions("{\"process\":{\"cwd\":\"/proc/self/fd/7\"}}", FD, run_escapes, false, c,
                   CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_oom_score_adj)
{
  _cleanup_fx_ struct fx a;
  fx_init(&a, "{\"process\":{\"oomScoreAdj\":-1000,\"cwd\":\"/\"}}");
  run_escapes(&a);
  fx_assert_json(&a, "{\"process\":{\"oomScoreAdj\":0,\"cwd\":\"/\"}}");
  ck_assert_uint_eq(a.findings.len, 1);
  fx_assert_finding(&a, 0, OOM, CHANGED, "process.oomScoreAdj", "-1000", "0");

  _cleanup_fx_ struct fx b;
  fx_init(&b, "{\"process\":{\"oomScoreAdj\":-1}}");
  run_escapes(&b);
  fx_assert_json(&b, "{\"process\":{\"oomScoreAdj\":0}}");

  static const char *const keep[] = { "{\"process\":{\"oomScoreAdj\":0}}",
                                      "{\"process\":{\"oomScoreAdj\":1000}}",
                                      "{\"process\":{\"oomScoreAdj\":-0}}",
                                      "{\"process\":{\"oomScoreAdj\":null}}", "{\"process\":{}}" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(keep); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, keep[i]);
      f.name = keep[i];
      run_escapes(&f);
      fx_assert_untouched(&f, keep[i]);
    }
  static const struct fx_error_case bad[] = {
    { "{\"process\":{\"oomScoreAdj\":\"-5\"}}", "process.oomScoreAdj: " },
    { "{\"process\":{\"oomScoreAdj\":-1.5}}", "process.oomScoreAdj: " },
    { "{\"process\":{\"oomScoreAdj\":-1e3}}", "process.oomScoreAdj: " },
  };
  fx_check_errors(escapes, false, bad, CLAMP_N_ELEMENTS(bad));
  /* warn and deny leave it; off says nothing. */
  static const struct fx_action_case c[] = {
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, NULL, NULL, NULL },
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, NULL, NULL, NULL },
    { "off", CLAMP_ACTION_OFF, 0, CHANGED, NULL, NULL, NULL },
  };
  fx_check_actions("{\"process\":{\"oomScoreAdj\":-999}}", OOM, run_escapes, true, c,
                   CLAMP_N_ELEMENTS(c));
}
END_TEST

/* In a process file (exec -p) there is no spec: only cwd is checked. */
START_TEST(test_escapes_process_file)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"cwd\":\"/proc/self/fd/3\",\"oomScoreAdj\":-17}");
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_rule_escapes(&f.ctx, NULL, f.doc->root, "", &err), 0);
  ck_assert_uint_eq(f.findings.len, 2);
  fx_assert_finding(&f, 0, FD, DENIED, "cwd", NULL, NULL);
  fx_assert_finding(&f, 1, OOM, CHANGED, "oomScoreAdj", "-17", "0");
  fx_assert_json(&f, "{\"cwd\":\"/proc/self/fd/3\",\"oomScoreAdj\":0}");
}
END_TEST

/* ---- exec.lsm ---- */

START_TEST(test_lsm_predicates)
{
  ck_assert(clamp_lsm_apparmor_unconfined("unconfined"));
  ck_assert(clamp_lsm_apparmor_unconfined(" unconfined\n"));
  ck_assert(!clamp_lsm_apparmor_unconfined("docker-default"));
  ck_assert(!clamp_lsm_apparmor_unconfined("unconfinedx"));
  ck_assert(!clamp_lsm_apparmor_unconfined(""));
  ck_assert(clamp_lsm_selinux_unconfined("system_u:system_r:spc_t:s0"));
  ck_assert(clamp_lsm_selinux_unconfined("unconfined_u:unconfined_r:unconfined_t:s0-s0:c0.c1023"));
  ck_assert(clamp_lsm_selinux_unconfined("system_u:system_r:container_runtime_t"));
  ck_assert(!clamp_lsm_selinux_unconfined("system_u:system_r:container_t:s0:c1,c2"));
  ck_assert(!clamp_lsm_selinux_unconfined("spc_t"));
  ck_assert(!clamp_lsm_selinux_unconfined("system_u:system_r:spc_tx:s0"));
}
END_TEST

/* The exec.lsm rule on a process file. */
static void run_lsm(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, clamp_rule_exec_lsm(&f->ctx, f->doc->root, "", &err), &err);
}

START_TEST(test_exec_lsm_process_file)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"args\":[\"sh\"],\"apparmorProfile\":\"unconfined\",\"selinuxLabel\":"
              "\"system_u:system_r:spc_t:s0\",\"cwd\":\"/\"}");
  run_lsm(&f);
  fx_assert_json(&f, "{\"args\":[\"sh\"],\"cwd\":\"/\"}");
  ck_assert_uint_eq(f.findings.len, 2);
  fx_assert_finding(&f, 0, LSM, CHANGED, "apparmorProfile", "\"unconfined\"", "(the container's)");
  fx_assert_finding(&f, 1, LSM, CHANGED, "selinuxLabel", "\"system_u:system_r:spc_t:s0\"",
                    "(the container's)");

  const char *keep = "{\"apparmorProfile\":\"docker-default\",\"selinuxLabel\":"
                     "\"system_u:system_r:container_t:s0:c1,c2\"}";
  _cleanup_fx_ struct fx g;
  fx_init(&g, keep);
  run_lsm(&g);
  fx_assert_untouched(&g, keep);

  _cleanup_fx_ struct fx w;
  fx_init(&w, "{\"apparmorProfile\":\"unconfined\"}");
  w.policy.actions[LSM] = CLAMP_ACTION_WARN;
  run_lsm(&w);
  fx_assert_json(&w, "{\"apparmorProfile\":\"unconfined\"}");
  fx_assert_finding(&w, 0, LSM, WARNED, "apparmorProfile", NULL, NULL);

  _cleanup_fx_ struct fx b;
  fx_init(&b, "{\"apparmorProfile\":5}");
  _cleanup_error_ struct clamp_error *e = NULL;
  fx_assert_error(&b, clamp_rule_exec_lsm(&b.ctx, b.doc->root, "", &e), &e, "apparmorProfile: ");
}
END_TEST

/* ---- a whole process file, from real `docker exec` ---- */

static void harden_process(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, clamp_harden_process(&f->ctx, &err), &err);
}

START_TEST(test_docker_exec_privileged_root)
{
  _cleanup_free_ char *text =
      clamp_test_read_data("docker/exec-root-privileged/process.json", NULL);
  _cleanup_fx_ struct fx f;
  fx_init(&f, text);
  _cleanup_free_ char *env = input_env(&f);
  harden_process(&f);
  _cleanup_free_ char *want = clamp_xasprintf(
      "{\"user\":{\"uid\":65534,\"gid\":65534,\"additionalGids\":[]},\"args\":"
      "[\"id\"],\"env\":%s,\"cwd\":\"/\",\"capabilities\":" ALL5(NBS) ",\"oomScoreAdj\":0,"
                                                                      "\"noNewPrivileges\":true}",
      env);
  fx_assert_json(&f, want);
  ck_assert_ptr_null(clamp_findings_denied(&f.findings));
  ck_assert_ptr_nonnull(fx_find(&f, "user.uid"));
  ck_assert_ptr_nonnull(fx_find(&f, "capabilities"));
  ck_assert_ptr_nonnull(fx_find(&f, "noNewPrivileges"));
  /* Idempotent. */
  size_t n = f.findings.len;
  harden_process(&f);
  fx_assert_json(&f, want);
  ck_assert_uint_eq(f.findings.len, n);
}
END_TEST

START_TEST(test_docker_exec_user_1000)
{
  _cleanup_free_ char *text = clamp_test_read_data("docker/exec-user-1000/process.json", NULL);
  _cleanup_fx_ struct fx f;
  fx_init(&f, text);
  _cleanup_free_ char *env = input_env(&f);
  harden_process(&f);
  /* uid kept; gid 0 (no /etc/group in the image) and group 0 out; Docker
   * gives a non-root exec effective and permitted but no ambient, so the
   * process would hold nothing and clamp grants nothing. */
  _cleanup_free_ char *want = clamp_xasprintf(
      "{\"user\":{\"uid\":1000,\"gid\":65534,\"additionalGids\":[]},\"args\":"
      "[\"id\"],\"env\":%s,\"cwd\":\"/\",\"capabilities\":" ALL5("[]") ",\"oomScoreAdj\":0,"
                                                                       "\"noNewPrivileges\":true}",
      env);
  fx_assert_json(&f, want);
  ck_assert_ptr_null(fx_find(&f, "user.uid"));
}
END_TEST

START_TEST(test_harden_process_lsm_and_escape)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"user\":{\"uid\":5,\"gid\":5},\"cwd\":\"/proc/self/fd/9\",\"apparmorProfile\":"
              "\"unconfined\",\"noNewPrivileges\":true,\"capabilities\":" ALL5("[]") "}");
  harden_process(&f);
  const struct clamp_finding *d = clamp_findings_denied(&f.findings);
  ck_assert_ptr_nonnull(d);
  ck_assert_int_eq(d->rule, FD);
  ck_assert_str_eq(d->field, "cwd");
  ck_assert_ptr_nonnull(fx_find(&f, "apparmorProfile"));
}
END_TEST

/* ---- whole configs from real `docker run` (invariant 1: idempotence) ---- */

static char *harden_config_text(struct fx *f)
{
  struct clamp_harden_host host;
  fx_host_facts(&host);
  struct clamp_error *err = NULL;
  fx_assert_ok(f, clamp_harden_config(&f->ctx, &host, &err), &err);
  ck_assert_msg(clamp_findings_denied(&f->findings) == NULL, "denied: %s",
                clamp_findings_denied(&f->findings)->field);
  return clamp_test_text(f->doc->root);
}

static const char *const docker_configs[] = {
  "default", "user-1000", "user-1000-netbind", "privileged", "cap-add-all", "seccomp-unconfined",
};

START_TEST(test_docker_config_hardened_and_idempotent)
{
  _cleanup_free_ char *rel = clamp_xasprintf("docker/%s/config.json", docker_configs[_i]);
  _cleanup_free_ char *text = clamp_test_read_data(rel, NULL);
  _cleanup_fx_ struct fx f;
  fx_init(&f, text);
  f.name = docker_configs[_i];
  _cleanup_free_ char *once = harden_config_text(&f);
  ck_assert_uint_gt(f.findings.len, 0);

  struct clamp_json *p = fx_process(&f);
  struct clamp_json *user = clamp_json_object_get(p, "user");
  bool user1000 = strncmp(docker_configs[_i], "user-1000", 9) == 0;
  fx_assert_node(&f, clamp_json_object_get(user, "uid"), user1000 ? "1000" : "65534");
  fx_assert_node(&f, clamp_json_object_get(user, "gid"), "65534");
  fx_assert_node(&f, clamp_json_object_get(user, "additionalGids"), "[]");
  fx_assert_node(&f, clamp_json_object_get(p, "capabilities"), user1000 ? ALL5("[]") : ALL5(NBS));
  fx_assert_node(&f, clamp_json_object_get(p, "noNewPrivileges"), "true");
  fx_assert_node(&f, clamp_json_object_get(clamp_json_object_get(f.doc->root, "root"), "readonly"),
                 "true");
  /* runc 1.1 rejects non-empty flags; crun reads a missing one as
   * SPEC_ALLOW: always "flags": []. */
  struct clamp_json *sc =
      clamp_json_object_get(clamp_json_object_get(f.doc->root, "linux"), "seccomp");
  ck_assert_ptr_nonnull(sc);
  fx_assert_node(&f, clamp_json_object_get(sc, "flags"), "[]");

  /* Run again on the written text: nothing changes, nothing to report. */
  _cleanup_fx_ struct fx g;
  fx_init(&g, once);
  _cleanup_free_ char *twice = harden_config_text(&g);
  ck_assert_str_eq(twice, once);
  ck_assert_msg(fx_only_reports(&g.findings), "second run: %zu findings, first: %s", g.findings.len,
                g.findings.len ? g.findings.items[0].field : "");
}
END_TEST

/* ---- the enforce/deny/warn switch and finding text ---- */

START_TEST(test_violation_switch)
{
  /* violation: what it records and returns; refuse: DENIED under enforce
   * and deny, WARNED under warn (n is 1 for those, 0 under off). */
  static const struct
  {
    const char *name;
    enum clamp_action a;
    bool ret;
    size_t n;
    enum clamp_finding_kind kind, refused;
  } c[] = { { "enforce", CLAMP_ACTION_ENFORCE, true, 1, CHANGED, DENIED },
            { "deny", CLAMP_ACTION_DENY, false, 1, DENIED, DENIED },
            { "warn", CLAMP_ACTION_WARN, false, 1, WARNED, WARNED },
            { "off", CLAMP_ACTION_OFF, false, 0, CHANGED, CHANGED } };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, "{}");
      f.name = c[i].name;
      f.policy.actions[U] = c[i].a;
      ck_assert_msg(clamp_rule_violation(&f.ctx, U, "a.b", "0", "1", "why") == c[i].ret,
                    "%s: violation returns %d", c[i].name, !c[i].ret);
      ck_assert_msg(f.findings.len == c[i].n, "%s: %zu findings", c[i].name, f.findings.len);
      if (c[i].n)
        fx_assert_finding(&f, 0, U, c[i].kind, "a.b", "0", "1");
      ck_assert_msg(clamp_rule_enabled(&f.ctx, U) == (c[i].a != CLAMP_ACTION_OFF), "%s: enabled",
                    c[i].name);

      _cleanup_fx_ struct fx g;
      fx_init(&g, "{}");
      g.name = c[i].name;
      g.policy.actions[FD] = c[i].a;
      clamp_rule_refuse(&g.ctx, FD, "process.cwd", "why");
      ck_assert_msg(g.findings.len == c[i].n, "%s: refuse: %zu findings", c[i].name,
                    g.findings.len);
      if (c[i].n)
        fx_assert_finding(&g, 0, FD, c[i].refused, "process.cwd", NULL, NULL);
    }
}
END_TEST

START_TEST(test_finding_text)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{}");
  clamp_rule_violation(&f.ctx, U, "process.user.uid", "0", "65534", "no root");
  f.policy.actions[C] = CLAMP_ACTION_WARN;
  clamp_rule_violation(&f.ctx, C, "process.capabilities", "[CAP_X]", "[]", NULL);
  clamp_rule_refuse(&f.ctx, FD, "process.cwd", "magic link");
  _cleanup_free_ char *a = clamp_finding_format(&f.findings.items[0]);
  _cleanup_free_ char *b = clamp_finding_format(&f.findings.items[1]);
  _cleanup_free_ char *c = clamp_finding_format(&f.findings.items[2]);
  ck_assert_str_eq(a, "user.nonroot: process.user.uid: 0 -> 65534 (no root)");
  ck_assert_str_eq(b, "caps.allowlist: process.capabilities: [CAP_X] (policy would set [])");
  ck_assert_str_eq(c, "escape.proc-fd: process.cwd: denied (magic link)");
  ck_assert_ptr_eq(clamp_findings_denied(&f.findings), &f.findings.items[2]);

  _cleanup_free_ char *x = clamp_field("", "user");
  _cleanup_free_ char *y = clamp_field("process", "user");
  ck_assert_str_eq(x, "user");
  ck_assert_str_eq(y, "process.user");
  struct clamp_error *err = NULL;
  _cleanup_json_doc_ struct clamp_json_doc *d =
      clamp_json_parse("[\"a\",\"b\\n\\\"\",7,true]", 20, &err);
  ck_assert_ptr_nonnull(d);
  _cleanup_free_ char *l = clamp_format_list(d->root);
  ck_assert_str_eq(l, "[a, b\\n\\\", 7, a boolean]");
  _cleanup_free_ char *u = clamp_format_list(NULL);
  ck_assert_str_eq(u, "(unset)");
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("rules");
  TCase *tc = tcase_create("rules");
  tcase_add_test(tc, test_nnp);
  tcase_add_test(tc, test_nnp_actions_and_errors);
  tcase_add_test(tc, test_proc_fd_cwd_refused);
  tcase_add_test(tc, test_proc_fd_mount_destination_refused);
  tcase_add_test(tc, test_proc_fd_actions);
  tcase_add_test(tc, test_oom_score_adj);
  tcase_add_test(tc, test_escapes_process_file);
  tcase_add_test(tc, test_lsm_predicates);
  tcase_add_test(tc, test_exec_lsm_process_file);
  tcase_add_test(tc, test_docker_exec_privileged_root);
  tcase_add_test(tc, test_docker_exec_user_1000);
  tcase_add_test(tc, test_harden_process_lsm_and_escape);
  tcase_add_loop_test(tc, test_docker_config_hardened_and_idempotent, 0,
                      (int)CLAMP_N_ELEMENTS(docker_configs));
  tcase_add_test(tc, test_violation_switch);
  tcase_add_test(tc, test_finding_text);
  suite_add_tcase(s, tc);
  return s;
}
