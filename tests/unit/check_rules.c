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
 * process files (see tests/data/unit/docker/README.md). */
#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "clamp/harden.h"
#include "clamp/seccomp.h"
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

static void assert_json(const struct fx *f, const char *want)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_json_serialize(f->doc->root, &b, &err), 0);
  ck_assert_str_eq(b.data, want);
  clamp_buf_free(&b);
}

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

static struct clamp_json *process_of(const struct fx *f)
{
  return clamp_json_object_get(f->doc->root, "process");
}

#define CHANGED CLAMP_FINDING_CHANGED
#define DENIED CLAMP_FINDING_DENIED
#define WARNED CLAMP_FINDING_WARNED
#define NNP CLAMP_RULE_NO_NEW_PRIVS
#define FD CLAMP_RULE_PROC_FD
#define OOM CLAMP_RULE_OOM_SCORE_ADJ
#define LSM CLAMP_RULE_EXEC_LSM
#define U CLAMP_RULE_USER_NONROOT
#define C CLAMP_RULE_CAPS_ALLOWLIST

#define NBS "[\"CAP_NET_BIND_SERVICE\"]"
#define ALL5(x)                                                                                    \
  "{\"bounding\":" x ",\"effective\":" x ",\"inheritable\":" x ",\"permitted\":" x                 \
  ",\"ambient\":" x "}"
#define DOCKER_ENV                                                                                 \
  "[\"PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\","                        \
  "\"HOSTNAME=23da66cf2f6e\"]"

static void assert_node_text(const struct clamp_json *v, const char *want)
{
  ck_assert_ptr_nonnull(v);
  struct clamp_buf b;
  clamp_buf_init(&b);
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_json_serialize(v, &b, &err), 0);
  ck_assert_str_eq(b.data, want);
  clamp_buf_free(&b);
}

static const struct clamp_finding *find(const struct fx *f, const char *field)
{
  for (size_t i = 0; i < f->findings.len; i++)
    if (f->findings.items[i].field && strcmp(f->findings.items[i].field, field) == 0)
      return &f->findings.items[i];
  return NULL;
}

/* ---- process.no-new-privileges ---- */

static void run_nnp(struct fx *f, const char *path)
{
  struct clamp_error *err = NULL;
  struct clamp_json *p = *path ? process_of(f) : f->doc->root;
  ck_assert_int_eq(clamp_rule_no_new_privs(&f->ctx, p, path, &err), 0);
}

START_TEST(test_nnp)
{
  _cleanup_fx_ struct fx a;
  fx_init(&a, "{\"process\":{\"args\":[\"sh\"]}}");
  run_nnp(&a, "process");
  assert_json(&a, "{\"process\":{\"args\":[\"sh\"],\"noNewPrivileges\":true}}");
  ck_assert_uint_eq(a.findings.len, 1);
  assert_finding(&a, 0, NNP, CHANGED, "process.noNewPrivileges", "(unset)", "true");

  _cleanup_fx_ struct fx b;
  fx_init(&b, "{\"process\":{\"noNewPrivileges\":false,\"args\":[\"sh\"]}}");
  run_nnp(&b, "process");
  assert_json(&b, "{\"process\":{\"noNewPrivileges\":true,\"args\":[\"sh\"]}}");
  assert_finding(&b, 0, NNP, CHANGED, "process.noNewPrivileges", "false", "true");

  _cleanup_fx_ struct fx c;
  fx_init(&c, "{\"process\":{\"noNewPrivileges\":null}}");
  run_nnp(&c, "process");
  assert_json(&c, "{\"process\":{\"noNewPrivileges\":true}}");

  const char *ok = "{\"process\":{\"noNewPrivileges\":true}}";
  _cleanup_fx_ struct fx d;
  fx_init(&d, ok);
  run_nnp(&d, "process");
  assert_json(&d, ok);
  ck_assert_uint_eq(d.findings.len, 0);

  /* A process file: the field has no prefix. */
  _cleanup_fx_ struct fx e;
  fx_init(&e, "{\"noNewPrivileges\":false}");
  run_nnp(&e, "");
  assert_json(&e, "{\"noNewPrivileges\":true}");
  assert_finding(&e, 0, NNP, CHANGED, "noNewPrivileges", "false", "true");
}
END_TEST

START_TEST(test_nnp_actions_and_errors)
{
  const char *in = "{\"process\":{\"noNewPrivileges\":false}}";
  static const enum clamp_action acts[] = { CLAMP_ACTION_WARN, CLAMP_ACTION_DENY,
                                            CLAMP_ACTION_OFF };
  static const size_t n[] = { 1, 1, 0 };
  for (size_t i = 0; i < 3; i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, in);
      f.policy.actions[NNP] = acts[i];
      run_nnp(&f, "process");
      assert_json(&f, in);
      ck_assert_uint_eq(f.findings.len, n[i]);
      if (n[i])
        ck_assert_int_eq(f.findings.items[0].kind, i == 0 ? WARNED : DENIED);
    }
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"process\":{\"noNewPrivileges\":\"true\"}}");
  _cleanup_error_ struct clamp_error *err = NULL;
  ck_assert_int_lt(clamp_rule_no_new_privs(&f.ctx, process_of(&f), "process", &err), 0);
  ck_assert(strncmp(err->msg, "process.noNewPrivileges: ", 25) == 0);
}
END_TEST

/* ---- known escapes: CVE-2024-21626 and oomScoreAdj ---- */

static void run_escapes(struct fx *f)
{
  struct clamp_error *err = NULL;
  int r = clamp_rule_escapes(&f->ctx, f->doc->root, process_of(f), "process", &err);
  ck_assert_msg(r == 0, "rule failed: %s", err ? err->msg : "?");
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
      run_escapes(&f);
      ck_assert_msg(f.findings.len == 1, "%s: %zu findings", bad[i], f.findings.len);
      assert_finding(&f, 0, FD, DENIED, "process.cwd", NULL, NULL);
      assert_json(&f, in);
    }
  static const char *const ok[] = { "/",          "/proc",
                                    "/proc/self", "/proc/self/fdinfo/3",
                                    "/home/fd/7", "/work/proc/self/fd" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(ok); i++)
    {
      _cleanup_fx_ struct fx f;
      _cleanup_free_ char *in = clamp_xasprintf("{\"process\":{\"cwd\":\"%s\"}}", ok[i]);
      fx_init(&f, in);
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
  assert_finding(&f, 0, FD, DENIED, "mounts[2].destination", NULL, NULL);
  assert_json(&f, in);
  /* The Docker default has nothing of the kind (its prestart hook's
   * /proc/PID/exe runs on the host and is not a mount or a cwd). */
  _cleanup_free_ char *text = clamp_test_read_data("unit/docker/default.json", NULL);
  _cleanup_fx_ struct fx d;
  fx_init(&d, text);
  run_escapes(&d);
  ck_assert_uint_eq(d.findings.len, 0);
  assert_json(&d, text);
}
END_TEST

START_TEST(test_proc_fd_actions)
{
  const char *in = "{\"process\":{\"cwd\":\"/proc/self/fd/7\"}}";
  _cleanup_fx_ struct fx w;
  fx_init(&w, in);
  w.policy.actions[FD] = CLAMP_ACTION_WARN;
  run_escapes(&w);
  ck_assert_uint_eq(w.findings.len, 1);
  assert_finding(&w, 0, FD, WARNED, "process.cwd", NULL, NULL);
  _cleanup_fx_ struct fx o;
  fx_init(&o, in);
  o.policy.actions[FD] = CLAMP_ACTION_OFF;
  run_escapes(&o);
  ck_assert_uint_eq(o.findings.len, 0);
}
END_TEST

START_TEST(test_oom_score_adj)
{
  _cleanup_fx_ struct fx a;
  fx_init(&a, "{\"process\":{\"oomScoreAdj\":-1000,\"cwd\":\"/\"}}");
  run_escapes(&a);
  assert_json(&a, "{\"process\":{\"oomScoreAdj\":0,\"cwd\":\"/\"}}");
  ck_assert_uint_eq(a.findings.len, 1);
  assert_finding(&a, 0, OOM, CHANGED, "process.oomScoreAdj", "-1000", "0");

  _cleanup_fx_ struct fx b;
  fx_init(&b, "{\"process\":{\"oomScoreAdj\":-1}}");
  run_escapes(&b);
  assert_json(&b, "{\"process\":{\"oomScoreAdj\":0}}");

  static const char *const keep[] = { "{\"process\":{\"oomScoreAdj\":0}}",
                                      "{\"process\":{\"oomScoreAdj\":1000}}",
                                      "{\"process\":{\"oomScoreAdj\":-0}}",
                                      "{\"process\":{\"oomScoreAdj\":null}}", "{\"process\":{}}" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(keep); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, keep[i]);
      run_escapes(&f);
      assert_json(&f, keep[i]);
      ck_assert_uint_eq(f.findings.len, 0);
    }
  static const char *const bad[] = { "{\"process\":{\"oomScoreAdj\":\"-5\"}}",
                                     "{\"process\":{\"oomScoreAdj\":-1.5}}",
                                     "{\"process\":{\"oomScoreAdj\":-1e3}}" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(bad); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, bad[i]);
      _cleanup_error_ struct clamp_error *err = NULL;
      ck_assert_int_lt(clamp_rule_escapes(&f.ctx, f.doc->root, process_of(&f), "process", &err), 0);
      ck_assert(strncmp(err->msg, "process.oomScoreAdj: ", 21) == 0);
    }
  /* warn and deny leave it; off says nothing. */
  const char *in = "{\"process\":{\"oomScoreAdj\":-999}}";
  static const enum clamp_action acts[] = { CLAMP_ACTION_WARN, CLAMP_ACTION_DENY,
                                            CLAMP_ACTION_OFF };
  for (size_t i = 0; i < 3; i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, in);
      f.policy.actions[OOM] = acts[i];
      run_escapes(&f);
      assert_json(&f, in);
      ck_assert_uint_eq(f.findings.len, i == 2 ? 0 : 1);
    }
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
  assert_finding(&f, 0, FD, DENIED, "cwd", NULL, NULL);
  assert_finding(&f, 1, OOM, CHANGED, "oomScoreAdj", "-17", "0");
  assert_json(&f, "{\"cwd\":\"/proc/self/fd/3\",\"oomScoreAdj\":0}");
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

START_TEST(test_exec_lsm_process_file)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"args\":[\"sh\"],\"apparmorProfile\":\"unconfined\",\"selinuxLabel\":"
              "\"system_u:system_r:spc_t:s0\",\"cwd\":\"/\"}");
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_rule_exec_lsm(&f.ctx, f.doc->root, "", &err), 0);
  assert_json(&f, "{\"args\":[\"sh\"],\"cwd\":\"/\"}");
  ck_assert_uint_eq(f.findings.len, 2);
  assert_finding(&f, 0, LSM, CHANGED, "apparmorProfile", "\"unconfined\"", "(the container's)");
  assert_finding(&f, 1, LSM, CHANGED, "selinuxLabel", "\"system_u:system_r:spc_t:s0\"",
                 "(the container's)");

  const char *keep = "{\"apparmorProfile\":\"docker-default\",\"selinuxLabel\":"
                     "\"system_u:system_r:container_t:s0:c1,c2\"}";
  _cleanup_fx_ struct fx g;
  fx_init(&g, keep);
  ck_assert_int_eq(clamp_rule_exec_lsm(&g.ctx, g.doc->root, "", &err), 0);
  assert_json(&g, keep);
  ck_assert_uint_eq(g.findings.len, 0);

  _cleanup_fx_ struct fx w;
  fx_init(&w, "{\"apparmorProfile\":\"unconfined\"}");
  w.policy.actions[LSM] = CLAMP_ACTION_WARN;
  ck_assert_int_eq(clamp_rule_exec_lsm(&w.ctx, w.doc->root, "", &err), 0);
  assert_json(&w, "{\"apparmorProfile\":\"unconfined\"}");
  assert_finding(&w, 0, LSM, WARNED, "apparmorProfile", NULL, NULL);

  _cleanup_fx_ struct fx b;
  fx_init(&b, "{\"apparmorProfile\":5}");
  _cleanup_error_ struct clamp_error *e = NULL;
  ck_assert_int_lt(clamp_rule_exec_lsm(&b.ctx, b.doc->root, "", &e), 0);
  ck_assert(strncmp(e->msg, "apparmorProfile: ", 17) == 0);
}
END_TEST

/* ---- a whole process file, from real `docker exec` ---- */

static void harden_process(struct fx *f)
{
  struct clamp_error *err = NULL;
  int r = clamp_harden_process(&f->ctx, &err);
  ck_assert_msg(r == 0, "harden failed: %s", err ? err->msg : "?");
}

START_TEST(test_docker_exec_privileged_root)
{
  _cleanup_free_ char *text = clamp_test_read_data("unit/docker/exec-user-0-privileged.json", NULL);
  _cleanup_fx_ struct fx f;
  fx_init(&f, text);
  harden_process(&f);
  const char *want =
      "{\"user\":{\"uid\":65534,\"gid\":65534,\"additionalGids\":[]},\"args\":"
      "[\"id\"],\"env\":" DOCKER_ENV
      ",\"cwd\":\"/\",\"capabilities\":" ALL5(NBS) ",\"oomScoreAdj\":0,\"noNewPrivileges\":true}";
  assert_json(&f, want);
  ck_assert_ptr_null(clamp_findings_denied(&f.findings));
  ck_assert_ptr_nonnull(find(&f, "user.uid"));
  ck_assert_ptr_nonnull(find(&f, "capabilities"));
  ck_assert_ptr_nonnull(find(&f, "noNewPrivileges"));
  /* Idempotent. */
  size_t n = f.findings.len;
  harden_process(&f);
  assert_json(&f, want);
  ck_assert_uint_eq(f.findings.len, n);
}
END_TEST

START_TEST(test_docker_exec_user_1000)
{
  _cleanup_free_ char *text = clamp_test_read_data("unit/docker/exec-user-1000.json", NULL);
  _cleanup_fx_ struct fx f;
  fx_init(&f, text);
  harden_process(&f);
  /* uid kept; gid 0 (no /etc/group in the image) and group 0 out; Docker
   * gives a non-root exec effective and permitted but no ambient, so the
   * process would hold nothing and clamp grants nothing. */
  assert_json(&f, "{\"user\":{\"uid\":1000,\"gid\":65534,\"additionalGids\":[]},\"args\":"
                  "[\"id\"],\"env\":" DOCKER_ENV ",\"cwd\":\"/\",\"capabilities\":" ALL5(
                      "[]") ",\"oomScoreAdj\":0,\"noNewPrivileges\":true}");
  ck_assert_ptr_null(find(&f, "user.uid"));
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
  ck_assert_ptr_nonnull(find(&f, "apparmorProfile"));
}
END_TEST

/* ---- whole configs from real `docker run` (invariant 1: idempotence) ---- */

static void host_facts(struct clamp_harden_host *h)
{
  struct utsname u;
  memset(h, 0, sizeof *h);
  ck_assert_int_eq(uname(&u), 0);
  ck_assert_int_eq(sscanf(u.release, "%u.%u", &h->seccomp.kernel_major, &h->seccomp.kernel_minor),
                   2);
  h->seccomp.scmp_arch = clamp_seccomp_native_arch();
  h->seccomp.go_arch = clamp_seccomp_native_go_arch();
  h->oracle = clamp_seccomp_oracle();
}

static char *harden_config_text(struct fx *f)
{
  struct clamp_harden_host host;
  host_facts(&host);
  struct clamp_error *err = NULL;
  int r = clamp_harden_config(&f->ctx, &host, &err);
  ck_assert_msg(r == 0, "harden failed: %s", err ? err->msg : "?");
  ck_assert_msg(clamp_findings_denied(&f->findings) == NULL, "denied: %s",
                clamp_findings_denied(&f->findings)->field);
  struct clamp_buf b;
  clamp_buf_init(&b);
  ck_assert_int_eq(clamp_json_serialize(f->doc->root, &b, &err), 0);
  return clamp_buf_steal(&b);
}

static const char *const docker_configs[] = {
  "default", "user-1000", "user-1000-capadd", "privileged", "cap-add-all", "seccomp-unconfined",
};

START_TEST(test_docker_config_hardened_and_idempotent)
{
  _cleanup_free_ char *rel = clamp_xasprintf("unit/docker/%s.json", docker_configs[_i]);
  _cleanup_free_ char *text = clamp_test_read_data(rel, NULL);
  _cleanup_fx_ struct fx f;
  fx_init(&f, text);
  _cleanup_free_ char *once = harden_config_text(&f);
  ck_assert_uint_gt(f.findings.len, 0);

  struct clamp_json *p = process_of(&f);
  struct clamp_json *user = clamp_json_object_get(p, "user");
  bool user1000 = strncmp(docker_configs[_i], "user-1000", 9) == 0;
  assert_node_text(clamp_json_object_get(user, "uid"), user1000 ? "1000" : "65534");
  assert_node_text(clamp_json_object_get(user, "gid"), "65534");
  assert_node_text(clamp_json_object_get(user, "additionalGids"), "[]");
  assert_node_text(clamp_json_object_get(p, "capabilities"), user1000 ? ALL5("[]") : ALL5(NBS));
  assert_node_text(clamp_json_object_get(p, "noNewPrivileges"), "true");
  assert_node_text(clamp_json_object_get(clamp_json_object_get(f.doc->root, "root"), "readonly"),
                   "true");
  /* runc 1.1 rejects non-empty flags; crun reads a missing one as
   * SPEC_ALLOW: always "flags": []. */
  struct clamp_json *sc =
      clamp_json_object_get(clamp_json_object_get(f.doc->root, "linux"), "seccomp");
  ck_assert_ptr_nonnull(sc);
  assert_node_text(clamp_json_object_get(sc, "flags"), "[]");

  /* Run again on the written text: nothing changes, nothing to report. */
  _cleanup_fx_ struct fx g;
  fx_init(&g, once);
  _cleanup_free_ char *twice = harden_config_text(&g);
  ck_assert_str_eq(twice, once);
  ck_assert_msg(g.findings.len == 0, "second run: %zu findings, first: %s", g.findings.len,
                g.findings.len ? g.findings.items[0].field : "");
}
END_TEST

/* ---- the enforce/deny/warn switch and finding text ---- */

START_TEST(test_violation_switch)
{
  static const struct
  {
    enum clamp_action a;
    bool ret;
    size_t n;
    enum clamp_finding_kind kind;
  } c[] = { { CLAMP_ACTION_ENFORCE, true, 1, CHANGED },
            { CLAMP_ACTION_DENY, false, 1, DENIED },
            { CLAMP_ACTION_WARN, false, 1, WARNED },
            { CLAMP_ACTION_OFF, false, 0, CHANGED } };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, "{}");
      f.policy.actions[U] = c[i].a;
      ck_assert(clamp_rule_violation(&f.ctx, U, "a.b", "0", "1", "why") == c[i].ret);
      ck_assert_uint_eq(f.findings.len, c[i].n);
      if (c[i].n)
        assert_finding(&f, 0, U, c[i].kind, "a.b", "0", "1");
      ck_assert(clamp_rule_enabled(&f.ctx, U) == (c[i].a != CLAMP_ACTION_OFF));
    }
  /* refuse: DENIED under enforce and deny, WARNED under warn. */
  static const enum clamp_action ra[] = { CLAMP_ACTION_ENFORCE, CLAMP_ACTION_DENY,
                                          CLAMP_ACTION_WARN, CLAMP_ACTION_OFF };
  static const int rk[] = { DENIED, DENIED, WARNED, -1 };
  for (size_t i = 0; i < 4; i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, "{}");
      f.policy.actions[FD] = ra[i];
      clamp_rule_refuse(&f.ctx, FD, "process.cwd", "why");
      ck_assert_uint_eq(f.findings.len, rk[i] < 0 ? 0 : 1);
      if (rk[i] >= 0)
        assert_finding(&f, 0, FD, (enum clamp_finding_kind)rk[i], "process.cwd", NULL, NULL);
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
