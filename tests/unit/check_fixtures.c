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

/* The host as dockerd left it for --network host: its exec-root's
 * netns/default is a bind mount of the host's network namespace. Other
 * paths do not exist here. */
static int fake_ns_stat(void *opaque, const char *path, uint64_t *dev, uint64_t *ino)
{
  (void)opaque;
  size_t n = strlen(path), k = strlen("/netns/default");
  if (n < k || strcmp(path + n - k, "/netns/default") != 0)
    return -2; /* -ENOENT */
  *dev = 4;
  *ino = 4026531840;
  return 0;
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
  host.ns.init[CLAMP_NS_NETWORK] =
      (struct clamp_ns_id){ .known = true, .dev = 4, .ino = 4026531840 };
  host.ns.stat = fake_ns_stat;
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
  /* Nothing enforceable is left (DESIGN.md invariant 1): what a second
   * pass reports are warnings and "not applicable" only (no engine here
   * gives a cgroup namespace, API_KEY is still in the environment, this
   * host has no LSM). */
  for (size_t i = 0; i < f2.len; i++)
    ck_assert_msg(f2.items[i].kind == CLAMP_FINDING_WARNED || f2.items[i].kind == CLAMP_FINDING_NA,
                  "%s: second pass still %s %s at %s", rel,
                  f2.items[i].kind == CLAMP_FINDING_DENIED ? "refuses by" : "changes",
                  clamp_rule_info(f2.items[i].rule)->id, f2.items[i].field);
  return 1;
}

/* One test point per captured case: its config.json and, for exec cases,
 * the runc exec --process file.
 *
 * The rows after volume-secrets are the host-namespace, engine-socket,
 * device, sysctl and secret-in-env captures, each with the decision a
 * security engineer expects. Mind what the engines add to every container: Docker's default config
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
  { "docker/pid-host", "ns.host-pid", NULL },
  /* linux.namespaces[1].path is dockerd's netns/default: the host's. */
  { "docker/network-host", "ns.host-network", NULL },
  /* No ipc namespace, and the host's /dev/shm bound read-write. */
  { "docker/ipc-host", "ns.host-ipc mounts.host-system", NULL },
  { "docker/docker-sock", "mounts.engine-socket", NULL },
  /* /dev/kmsg and its cgroup allow rule are removed. */
  { "docker/device", NULL, "devices.allowlist devices.cgroup" },
  /* kernel.msgmax is dropped; the two safe ones Docker adds stay. */
  { "docker/sysctl", NULL, "sysctls.safe" },
  /* API_KEY=... is warned about (the default action). */
  { "docker/env-secret", NULL, "env.secrets" },
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

/* What `--privileged` hands the runtime (every host device node, an
 * allow-all device cgroup, /sys read-write, no masked or read-only paths)
 * comes out of every rule with runc's standard devices only, a deny-all
 * device cgroup, a read-only /sys and the default masked and read-only
 * paths (src/rules/devices.c, src/rules/paths.c). */
static const char *const privileged_cases[] = { "docker/privileged", "podman/privileged" };

static bool has_str(const struct clamp_json *arr, const char *s)
{
  for (size_t i = 0; clamp_json_is(arr, CLAMP_JSON_ARRAY) && i < arr->u.arr.len; i++)
    if (clamp_json_string_eq(arr->u.arr.items[i], s))
      return true;
  return false;
}

START_TEST(test_privileged_fixture_contained)
{
  _cleanup_free_ char *rel = clamp_xasprintf("%s/config.json", privileged_cases[_i]);
  size_t len;
  _cleanup_free_ char *text = clamp_test_read_data(rel, &len);
  struct clamp_findings findings;
  clamp_findings_init(&findings);
  _cleanup_free_ char *out = harden(rel, text, len, CLAMP_SPEC_CONFIG, &findings);
  clamp_findings_free(&findings);
  struct clamp_error *err = NULL;
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_json_parse(out, strlen(out), &err);
  ck_assert_ptr_nonnull(doc);
  const struct clamp_json *lnx = clamp_json_object_get(doc->root, "linux");

  /* Devices: exactly runc's six, by path and number. */
  static const struct
  {
    const char *path, *major, *minor;
  } std[] = { { "/dev/null", "1", "3" },   { "/dev/zero", "1", "5" },    { "/dev/full", "1", "7" },
              { "/dev/random", "1", "8" }, { "/dev/urandom", "1", "9" }, { "/dev/tty", "5", "0" } };
  const struct clamp_json *devs = clamp_json_object_get(lnx, "devices");
  ck_assert_msg(clamp_json_is(devs, CLAMP_JSON_ARRAY) && devs->u.arr.len <= 6, "%s: %zu devices",
                rel, devs ? devs->u.arr.len : 0);
  for (size_t i = 0; i < devs->u.arr.len; i++)
    {
      const struct clamp_json *d = devs->u.arr.items[i];
      bool found = false;
      for (size_t k = 0; k < CLAMP_N_ELEMENTS(std) && !found; k++)
        found = clamp_json_string_eq(clamp_json_object_get(d, "path"), std[k].path)
                && clamp_json_string_eq(clamp_json_object_get(d, "type"), "c")
                && strcmp(clamp_json_object_get(d, "major")->u.str.s, std[k].major) == 0
                && strcmp(clamp_json_object_get(d, "minor")->u.str.s, std[k].minor) == 0;
      _cleanup_free_ char *t = clamp_test_text(d);
      ck_assert_msg(found, "%s: device %s is not standard", rel, t);
    }

  /* The device cgroup: deny-all first, then allow rules of runc's list
   * only (no wildcard type, no block device, no mknod-anywhere). */
  const struct clamp_json *cg =
      clamp_json_object_get(clamp_json_object_get(lnx, "resources"), "devices");
  _cleanup_free_ char *cgt = clamp_test_text(cg);
  ck_assert_msg(clamp_json_is(cg, CLAMP_JSON_ARRAY) && cg->u.arr.len == 11, "%s: %s", rel, cgt);
  _cleanup_free_ char *first = clamp_test_text(cg->u.arr.items[0]);
  ck_assert_str_eq(first, "{\"allow\":false,\"access\":\"rwm\"}");
  for (size_t i = 1; i < cg->u.arr.len; i++)
    {
      const struct clamp_json *r = cg->u.arr.items[i];
      ck_assert_msg(clamp_json_string_eq(clamp_json_object_get(r, "type"), "c")
                        && clamp_json_is(clamp_json_object_get(r, "major"), CLAMP_JSON_NUMBER),
                    "%s: %s", rel, cgt);
    }
  ck_assert_msg(strstr(cgt, "\"major\":1,\"minor\":11") == NULL, "%s: kmsg allowed: %s", rel, cgt);

  /* /sys and the cgroup mount beneath it are read-only. */
  const struct clamp_json *mounts = clamp_json_object_get(doc->root, "mounts");
  size_t n_sys = 0;
  for (size_t i = 0; i < mounts->u.arr.len; i++)
    {
      const struct clamp_json *m = mounts->u.arr.items[i];
      const struct clamp_json *dest = clamp_json_object_get(m, "destination");
      if (!clamp_str_has_prefix(dest->u.str.s, "/sys"))
        continue;
      n_sys++;
      const struct clamp_json *o = clamp_json_object_get(m, "options");
      _cleanup_free_ char *ot = clamp_test_text(o);
      ck_assert_msg(has_str(o, "ro") && !has_str(o, "rw"), "%s: %s options %s", rel, dest->u.str.s,
                    ot);
    }
  ck_assert_uint_eq(n_sys, 2);

  /* The default masked and read-only paths. */
  static const char *const masked[] = {
    "/proc/asound",      "/proc/acpi",          "/proc/interrupts", "/proc/kcore",
    "/proc/keys",        "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
    "/proc/sched_debug", "/proc/scsi",          "/sys/firmware",    "/sys/devices/virtual/powercap"
  };
  static const char *const readonly[] = { "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys",
                                          "/proc/sysrq-trigger" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(masked); i++)
    ck_assert_msg(has_str(clamp_json_object_get(lnx, "maskedPaths"), masked[i]), "%s: %s", rel,
                  masked[i]);
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(readonly); i++)
    ck_assert_msg(has_str(clamp_json_object_get(lnx, "readonlyPaths"), readonly[i]), "%s: %s", rel,
                  readonly[i]);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("fixtures");
  TCase *tc = tcase_create("fixtures");
  tcase_set_timeout(tc, 120);
  tcase_add_loop_test(tc, test_engine_fixture, 0, (int)CLAMP_N_ELEMENTS(cases));
  tcase_add_loop_test(tc, test_privileged_fixture_contained, 0,
                      (int)CLAMP_N_ELEMENTS(privileged_cases));
  tcase_add_test(tc, test_every_capture_listed);
  suite_add_tcase(s, tc);
  return s;
}
