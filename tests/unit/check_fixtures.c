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
  suite_add_tcase(s, tc);
  return s;
}
