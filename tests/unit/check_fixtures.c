/* SPDX-License-Identifier: Apache-2.0 */
/* Every config.json and process file captured from a real engine
 * (tests/data/{docker,podman}/CASE/, made by tests/fixtures/make-fixtures.sh)
 * gets exactly the outcome its row in cases[] expects under the built-in
 * policy: either it hardens without error, hardening the result again
 * changes nothing (DESIGN.md invariant 1) and the seccomp profile in the
 * result compiles; or it is refused, by exactly the rules the row names. */
#include <dirent.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "clamp/harden.h"
#include "clamp/seccomp.h"
#include "clamp/spec.h"
#include "rulefx.h"
#include "testutil.h"

/* What one captured case must yield. Rule ids are space-separated; an id
 * that names no rule fails the test (a typo must not pass). */
struct fixture_case
{
  const char *dir;
  /* The rules that refuse the config (each with at least one DENIED
   * finding, and no other rule refusing); NULL: it hardens. */
  const char *denied;
  /* Rules that must report something on the first pass (changed or
   * warned) besides the rules every engine config trips; NULL: none
   * required. */
  const char *reported;
};

/* The rule whose id is s[0..n). */
static enum clamp_rule_id rule_by_id(const char *s, size_t n)
{
  for (size_t i = 0; i < CLAMP_RULE__COUNT; i++)
    {
      const char *id = clamp_rule_info((enum clamp_rule_id)i)->id;
      if (strlen(id) == n && strncmp(id, s, n) == 0)
        return (enum clamp_rule_id)i;
    }
  ck_abort_msg("fixture expectation names no rule: %.*s", (int)n, s);
  return CLAMP_RULE__COUNT;
}

/* Whether rule is in the space-separated list. */
static bool listed(const char *list, enum clamp_rule_id rule)
{
  for (const char *p = list; p != NULL && *p;)
    {
      p += strspn(p, " ");
      size_t n = strcspn(p, " ");
      if (n > 0 && rule_by_id(p, n) == rule)
        return true;
      p += n;
    }
  return false;
}

static bool has_finding(const struct clamp_findings *f, enum clamp_rule_id rule, bool denied)
{
  for (size_t i = 0; i < f->len; i++)
    if (f->items[i].rule == rule && (f->items[i].kind == CLAMP_FINDING_DENIED) == denied
        && f->items[i].kind != CLAMP_FINDING_NA)
      return true;
  return false;
}

/* Every rule in list has a finding of the kind wanted. */
static void check_listed(const char *what, const char *list, const struct clamp_findings *f,
                         bool denied)
{
  for (const char *p = list; p != NULL && *p;)
    {
      p += strspn(p, " ");
      size_t n = strcspn(p, " ");
      if (n == 0)
        break;
      enum clamp_rule_id rule = rule_by_id(p, n);
      ck_assert_msg(has_finding(f, rule, denied), "%s: expected %s to %s it", what,
                    clamp_rule_info(rule)->id, denied ? "refuse" : "report on");
      p += n;
    }
}

/* Harden text as kind under the built-in policy; returns the serialized
 * result, or NULL when the policy refused it (findings say why). */
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
  if (clamp_findings_denied(findings) != NULL)
    return NULL;
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

static int check_file(const char *rel, enum clamp_spec_kind kind, const struct fixture_case *c)
{
  char path[4096];
  struct stat st;
  snprintf(path, sizeof path, "%s/%s", CLAMP_TEST_DATA, rel);
  if (stat(path, &st) != 0)
    return 0;
  size_t len;
  _cleanup_free_ char *text = clamp_test_read_data(rel, &len);
  _cleanup_findings_ struct clamp_findings f1;
  _cleanup_findings_ struct clamp_findings f2;
  clamp_findings_init(&f1);
  clamp_findings_init(&f2);
  _cleanup_free_ char *once = harden(rel, text, len, kind, &f1);
  ck_assert_msg(f1.len > 0, "%s: an engine's config should need hardening", rel);
  check_listed(rel, c->reported, &f1, false);
  if (c->denied != NULL)
    {
      /* Refused: by the rules named, and by no other. */
      ck_assert_msg(once == NULL, "%s: expected a refusal by %s, but it hardened", rel, c->denied);
      check_listed(rel, c->denied, &f1, true);
      for (size_t i = 0; i < f1.len; i++)
        if (f1.items[i].kind == CLAMP_FINDING_DENIED)
          ck_assert_msg(listed(c->denied, f1.items[i].rule), "%s: also refused by %s at %s (%s)",
                        rel, clamp_rule_info(f1.items[i].rule)->id, f1.items[i].field,
                        f1.items[i].reason ? f1.items[i].reason : "");
      return 1;
    }
  const struct clamp_finding *denied = clamp_findings_denied(&f1);
  ck_assert_msg(denied == NULL, "%s: denied by %s: %s %s", rel,
                denied ? clamp_rule_info(denied->rule)->id : "", denied ? denied->field : "",
                denied ? denied->reason : "");
  _cleanup_free_ char *twice = harden(rel, once, strlen(once), kind, &f2);
  ck_assert_msg(twice != NULL && strcmp(once, twice) == 0, "%s: hardening is not idempotent", rel);
  ck_assert_msg(f2.len == 0, "%s: second pass still reports %zu findings (first: %s)", rel, f2.len,
                f2.len ? f2.items[0].field : "");
  return 1;
}

/* One test point per captured case: its config.json and, for exec cases,
 * the runc exec --process file.
 *
 * The rows after volume-secrets are the host-namespace, engine-socket,
 * device, sysctl and secret-in-env captures. Under today's rules they all
 * harden (nothing refuses them yet). The comment on each row is what it
 * should yield once the rules for its area exist: move it into the row.
 * Mind what the engines add to every container: Docker's default config
 * already has the sysctls net.ipv4.ip_unprivileged_port_start=0 and
 * net.ipv4.ping_group_range="0 2147483647" (both Pod Security "safe"),
 * and --network host is a network namespace with a path (dockerd's
 * .../netns/default), not a missing one. */
static const struct fixture_case cases[] = {
  { "docker/default", NULL, NULL },
  { "docker/privileged", NULL, NULL },
  { "docker/cap-add-all", NULL, NULL },
  { "docker/user-1000", NULL, NULL },
  { "docker/user-1000-netbind", NULL, NULL },
  { "docker/seccomp-unconfined", NULL, NULL },
  { "docker/read-only-tmpfs", NULL, NULL },
  { "docker/volume-secrets", NULL, NULL },
  /* .denied = "ns.host-pid" (no pid entry in linux.namespaces) */
  { "docker/pid-host", NULL, NULL },
  /* .denied = "ns.host-network" (linux.namespaces[1].path names the host's
   * network namespace) */
  { "docker/network-host", NULL, NULL },
  /* .denied = "ns.host-ipc" (no ipc entry in linux.namespaces) */
  { "docker/ipc-host", NULL, NULL },
  /* .denied = "mounts.engine-socket" (bind of /var/run/docker.sock) */
  { "docker/docker-sock", NULL, NULL },
  /* .denied = "devices.host" or the device rule's id (/dev/kmsg in
   * linux.devices and an allow rule for c 1:11 in
   * linux.resources.devices) */
  { "docker/device", NULL, NULL },
  /* .denied (or .reported, if the rule drops it) = the sysctl rule's id:
   * kernel.msgmax is not in Pod Security's safe set; the two safe ones
   * Docker always adds must pass */
  { "docker/sysctl", NULL, NULL },
  /* .reported = the env rule's id (warn: API_KEY looks like a secret) */
  { "docker/env-secret", NULL, NULL },
  { "docker/exec-default", NULL, NULL },
  { "docker/exec-root-privileged", NULL, NULL },
  { "docker/exec-user-1000", NULL, NULL },
  { "podman/default", NULL, NULL },
  { "podman/user-1000", NULL, NULL },
  { "podman/privileged", NULL, NULL },
  { "podman/exec-default", NULL, NULL },
};

START_TEST(test_engine_fixture)
{
  const struct fixture_case *c = &cases[_i];
  _cleanup_free_ char *config = clamp_xasprintf("%s/config.json", c->dir);
  _cleanup_free_ char *process = clamp_xasprintf("%s/process.json", c->dir);
  /* The fixtures are committed: their absence is a failure, not a skip. */
  ck_assert_msg(check_file(config, CLAMP_SPEC_CONFIG, c) == 1, "%s: missing", config);
  if (strstr(c->dir, "/exec-") != NULL)
    {
      /* The row is about config.json; the exec's process file hardens. */
      const struct fixture_case none = { c->dir, NULL, NULL };
      ck_assert_msg(check_file(process, CLAMP_SPEC_PROCESS, &none) == 1, "%s: missing", process);
    }
}
END_TEST

/* Every captured case has a row: a new capture needs a deliberate
 * expectation, it is not skipped. */
START_TEST(test_every_capture_listed)
{
  static const char *const engines[] = { "docker", "podman" };
  for (size_t e = 0; e < CLAMP_N_ELEMENTS(engines); e++)
    {
      char path[4096];
      snprintf(path, sizeof path, "%s/%s", CLAMP_TEST_DATA, engines[e]);
      DIR *d = opendir(path);
      ck_assert_msg(d != NULL, "%s: cannot open", path);
      struct dirent *de;
      while ((de = readdir(d)) != NULL)
        {
          if (de->d_name[0] == '.')
            continue;
          _cleanup_free_ char *dir = clamp_xasprintf("%s/%s", engines[e], de->d_name);
          bool found = false;
          for (size_t i = 0; i < CLAMP_N_ELEMENTS(cases) && !found; i++)
            found = strcmp(cases[i].dir, dir) == 0;
          ck_assert_msg(found, "%s has no row in cases[] (check_fixtures.c)", dir);
        }
      closedir(d);
    }
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("fixtures");
  TCase *tc = tcase_create("fixtures");
  tcase_set_timeout(tc, 120);
  tcase_add_loop_test(tc, test_engine_fixture, 0, (int)CLAMP_N_ELEMENTS(cases));
  tcase_add_test(tc, test_every_capture_listed);
  suite_add_tcase(s, tc);
  return s;
}
