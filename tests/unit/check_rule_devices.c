/* SPDX-License-Identifier: Apache-2.0 */
/* The privileged-container rules (src/rules/devices.c, src/rules/paths.c):
 *  - devices.allowlist: linux.devices keeps only runc's standard nodes
 *    (null 1:3, zero 1:5, full 1:7, random 1:8, urandom 1:9, tty 5:0,
 *    all "c" at exactly those paths); everything else is removed;
 *  - devices.cgroup: linux.resources.devices that grants more than
 *    deny-all plus runc's default rules becomes exactly that; a list at or
 *    below it is left alone;
 *  - sysfs.readonly: the /sys mount (and sysfs or cgroup mounts beneath)
 *    is "ro", and /proc/sys is in readonlyPaths;
 *  - paths.masked: maskedPaths and readonlyPaths hold runc's and Docker's
 *    defaults; the input's own entries keep their order, missing ones are
 *    appended. */
#include <string.h>

#include "rulefx.h"

#define RA CLAMP_RULE_DEVICES_ALLOWLIST
#define RC CLAMP_RULE_DEVICES_CGROUP
#define RS CLAMP_RULE_SYSFS_READONLY
#define RM CLAMP_RULE_PATHS_MASKED

/* ---- helpers ---- */

static int devices(struct fx *f, struct clamp_error **err)
{
  return clamp_rule_devices(&f->ctx, f->doc->root, err);
}

static int paths(struct fx *f, struct clamp_error **err)
{
  return clamp_rule_paths(&f->ctx, f->doc->root, err);
}

static void run_devices(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, devices(f, &err), &err);
}

static void run_paths(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, paths(f, &err), &err);
}

/* One rule of a file alone: the other rules of that file are off. */
static void only(struct fx *f, enum clamp_rule_id keep, const enum clamp_rule_id *others, size_t n)
{
  for (size_t i = 0; i < n; i++)
    if (others[i] != keep)
      f->policy.actions[others[i]] = CLAMP_ACTION_OFF;
}

static const enum clamp_rule_id device_rules[] = { RA, RC };
static const enum clamp_rule_id path_rules[] = { RS, RM };

static void run_allowlist(struct fx *f)
{
  only(f, RA, device_rules, 2);
  run_devices(f);
}

static void run_cgroup(struct fx *f)
{
  only(f, RC, device_rules, 2);
  run_devices(f);
}

static void run_sysfs(struct fx *f)
{
  only(f, RS, path_rules, 2);
  run_paths(f);
}

static void run_masked(struct fx *f)
{
  only(f, RM, path_rules, 2);
  run_paths(f);
}

/* run(f) a second time changes nothing and records nothing new. */
static void assert_idempotent(struct fx *f, void (*run)(struct fx *f))
{
  _cleanup_free_ char *once = clamp_test_text(f->doc->root);
  size_t n = f->findings.len;
  run(f);
  ck_assert_msg(f->findings.len == n, "%s: second run added %zu findings", f->name ? f->name : "",
                f->findings.len - n);
  fx_assert_json(f, once);
}

/* The rule turns in into want (want NULL: leaves it alone, no finding). */
static void becomes(void (*run)(struct fx *f), const char *name, const char *in, const char *want)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  f.name = name;
  run(&f);
  if (want == NULL)
    fx_assert_untouched(&f, in);
  else
    {
      fx_assert_json(&f, want);
      ck_assert_msg(f.findings.len == 1, "%s: %zu findings", name, f.findings.len);
      assert_idempotent(&f, run);
    }
}

/* ---- JSON pieces ---- */

#define DEV(path, type, maj, min)                                                                  \
  "{\"path\":\"" path "\",\"type\":\"" type "\",\"major\":" #maj ",\"minor\":" #min                \
  ",\"fileMode\":438,\"uid\":0,\"gid\":0}"
#define NULLDEV DEV("/dev/null", "c", 1, 3)
#define ZERO DEV("/dev/zero", "c", 1, 5)
#define FULL DEV("/dev/full", "c", 1, 7)
#define RANDOM DEV("/dev/random", "c", 1, 8)
#define URANDOM DEV("/dev/urandom", "c", 1, 9)
#define TTY DEV("/dev/tty", "c", 5, 0)
#define KMSG DEV("/dev/kmsg", "c", 1, 11)
#define LOOP0 DEV("/dev/loop0", "b", 7, 0)
#define LDEVS(x) "{\"linux\":{\"devices\":" x "}}"

/* clang-format off */
#define CG(allow, rest) "{\"allow\":" allow rest ",\"access\":\"rwm\"}"
#define CGC(allow, maj, min) CG(allow, ",\"type\":\"c\",\"major\":" #maj ",\"minor\":" #min)
#define YES "true"
#define NO "false"
#define DENY_ALL CG(NO, "")
#define ALLOW_ALL CG(YES, "")
/* What devices.cgroup writes. */
#define STD_CG                                                                                     \
  "[" DENY_ALL "," CGC(YES, 1, 3) "," CGC(YES, 1, 5) "," CGC(YES, 1, 7) "," CGC(YES, 1, 8)         \
  "," CGC(YES, 1, 9) "," CGC(YES, 5, 0) "," CGC(YES, 5, 1) "," CGC(YES, 5, 2)                      \
  "," CG(YES, ",\"type\":\"c\",\"major\":136") "," CGC(YES, 10, 200) "]"
#define STD_CG_TEXT                                                                                \
  "[deny a *:* rwm, allow c 1:3 rwm, allow c 1:5 rwm, allow c 1:7 rwm, allow c 1:8 rwm, "          \
  "allow c 1:9 rwm, allow c 5:0 rwm, allow c 5:1 rwm, allow c 5:2 rwm, allow c 136:* rwm, "        \
  "allow c 10:200 rwm]"
#define CGRULES(x) "{\"linux\":{\"resources\":{\"devices\":" x "}}}"
/* Docker 20.10's default rules (tests/data/docker/default). */
#define DOCKER_CG                                                                                  \
  "[" DENY_ALL "," CGC(YES, 1, 5) "," CGC(YES, 1, 3) "," CGC(YES, 1, 9) "," CGC(YES, 1, 8)         \
  "," CGC(YES, 5, 0) "," CGC(YES, 5, 1) "," CGC(NO, 10, 229) "]"
/* clang-format on */

#define MASKED_ALL "[" MASKED_ITEMS "]"
#define MASKED_ITEMS                                                                               \
  "\"/proc/asound\",\"/proc/acpi\",\"/proc/interrupts\",\"/proc/kcore\",\"/proc/keys\","           \
  "\"/proc/latency_stats\",\"/proc/timer_list\",\"/proc/timer_stats\",\"/proc/sched_debug\","      \
  "\"/proc/scsi\",\"/sys/firmware\",\"/sys/devices/virtual/powercap\""
#define READONLY_ITEMS                                                                             \
  "\"/proc/bus\",\"/proc/fs\",\"/proc/irq\",\"/proc/sys\",\"/proc/sysrq-trigger\""
#define READONLY_ALL "[" READONLY_ITEMS "]"

/* ---- the Docker fixtures ---- */

static struct clamp_json *linux_of(const struct fx *f)
{
  return clamp_json_object_get(f->doc->root, "linux");
}

/* What `docker run --privileged` hands the runtime (102 host devices,
 * allow-all cgroup rule, /sys rw, no masked or read-only paths) comes
 * out with runc's standard devices and defaults only. */
START_TEST(test_docker_privileged)
{
  _cleanup_free_ char *text = clamp_test_read_data("docker/privileged/config.json", NULL);
  _cleanup_fx_ struct fx f;
  fx_init(&f, text);
  f.name = "privileged";
  run_devices(&f);
  run_paths(&f);

  const struct clamp_json *devs = clamp_json_object_get(linux_of(&f), "devices");
  /* Docker lists the host's own nodes, in path order; /dev/ptmx goes. */
  ck_assert_uint_eq(devs->u.arr.len, 6);
  static const char *const want[] = { "/dev/full", "/dev/null",    "/dev/random",
                                      "/dev/tty",  "/dev/urandom", "/dev/zero" };
  for (size_t i = 0; i < 6; i++)
    ck_assert_str_eq(clamp_json_object_get(devs->u.arr.items[i], "path")->u.str.s, want[i]);
  fx_assert_node(&f,
                 clamp_json_object_get(clamp_json_object_get(linux_of(&f), "resources"), "devices"),
                 STD_CG);
  fx_assert_node(&f, clamp_json_object_get(linux_of(&f), "maskedPaths"), MASKED_ALL);
  fx_assert_node(&f, clamp_json_object_get(linux_of(&f), "readonlyPaths"), READONLY_ALL);
  const struct clamp_json *sys = clamp_json_object_get(f.doc->root, "mounts")->u.arr.items[3];
  fx_assert_node(&f, sys,
                 "{\"destination\":\"/sys\",\"type\":\"sysfs\",\"source\":\"sysfs\","
                 "\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"ro\"]}");
  const struct clamp_json *cg = clamp_json_object_get(f.doc->root, "mounts")->u.arr.items[4];
  fx_assert_node(&f, cg,
                 "{\"destination\":\"/sys/fs/cgroup\",\"type\":\"cgroup\",\"source\":\"cgroup\","
                 "\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"ro\"]}");

  ck_assert_uint_eq(f.findings.len, 6);
  fx_assert_finding(&f, 0, RA, CHANGED, "linux.devices", NULL, "(removed)");
  ck_assert_msg(strstr(f.findings.items[0].from, "/dev/kmsg c 1:11") != NULL, "%s",
                f.findings.items[0].from);
  ck_assert_msg(strstr(f.findings.items[0].from, "/dev/loop0 b 7:0") != NULL, "%s",
                f.findings.items[0].from);
  ck_assert_msg(strstr(f.findings.items[0].from, "/dev/ptmx c 5:2") != NULL, "%s",
                f.findings.items[0].from);
  ck_assert_msg(strstr(f.findings.items[0].from, "/dev/null") == NULL, "%s",
                f.findings.items[0].from);
  fx_assert_finding(&f, 1, RC, CHANGED, "linux.resources.devices", "[allow a *:* rwm]",
                    STD_CG_TEXT);
  fx_assert_finding(&f, 2, RM, CHANGED, "linux.maskedPaths", "(unset)", NULL);
  fx_assert_finding(&f, 3, RM, CHANGED, "linux.readonlyPaths", "(unset)",
                    "[/proc/bus, /proc/fs, /proc/irq, /proc/sys, /proc/sysrq-trigger]");
  fx_assert_finding(&f, 4, RS, CHANGED, "mounts[3].options", "[nosuid, noexec, nodev]",
                    "[nosuid, noexec, nodev, ro]");
  fx_assert_finding(&f, 5, RS, CHANGED, "mounts[4].options", "[nosuid, noexec, nodev]",
                    "[nosuid, noexec, nodev, ro]");

  _cleanup_free_ char *once = clamp_test_text(f.doc->root);
  size_t n = f.findings.len;
  run_devices(&f);
  run_paths(&f);
  ck_assert_uint_eq(f.findings.len, n);
  fx_assert_json(&f, once);
}
END_TEST

/* Docker's default container: devices and /sys are already fine; only
 * the masked paths newer than Docker 20.10 are added. */
START_TEST(test_docker_default)
{
  _cleanup_free_ char *text = clamp_test_read_data("docker/default/config.json", NULL);
  _cleanup_fx_ struct fx f;
  fx_init(&f, text);
  run_devices(&f);
  run_paths(&f);
  ck_assert_uint_eq(f.findings.len, 1);
  fx_assert_finding(&f, 0, RM, CHANGED, "linux.maskedPaths", NULL,
                    "[/proc/asound, /proc/acpi, /proc/kcore, /proc/keys, /proc/latency_stats, "
                    "/proc/timer_list, /proc/timer_stats, /proc/sched_debug, /proc/scsi, "
                    "/sys/firmware, /proc/interrupts, /sys/devices/virtual/powercap]");
  fx_assert_node(&f,
                 clamp_json_object_get(clamp_json_object_get(linux_of(&f), "resources"), "devices"),
                 DOCKER_CG);
}
END_TEST

/* ---- devices.allowlist ---- */

START_TEST(test_allowlist_keeps_standard)
{
  static const struct
  {
    const char *name, *in;
  } ok[] = {
    { "all six", LDEVS("[" NULLDEV "," ZERO "," FULL "," RANDOM "," URANDOM "," TTY "]") },
    { "empty", LDEVS("[]") },
    { "null", LDEVS("null") },
    { "absent", "{\"linux\":{}}" },
    { "no linux", "{}" },
    /* Owner and mode are the engine's business. */
    { "other mode", LDEVS("[{\"path\":\"/dev/null\",\"type\":\"c\",\"major\":1,\"minor\":3,"
                          "\"fileMode\":420,\"uid\":1000,\"gid\":1000}]") },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(ok); i++)
    becomes(run_allowlist, ok[i].name, ok[i].in, NULL);
}
END_TEST

START_TEST(test_allowlist_removes)
{
  static const struct
  {
    const char *name, *in, *want, *removed;
  } c[] = {
    { "kmsg and loop0", LDEVS("[" KMSG "," NULLDEV "," LOOP0 "," TTY "]"),
      LDEVS("[" NULLDEV "," TTY "]"), "[/dev/kmsg c 1:11, /dev/loop0 b 7:0]" },
    { "only extras", LDEVS("[" KMSG "]"), LDEVS("[]"), "[/dev/kmsg c 1:11]" },
    /* A standard path with another number is another device. */
    { "null as kmsg", LDEVS("[" DEV("/dev/null", "c", 1, 11) "]"), LDEVS("[]"),
      "[/dev/null c 1:11]" },
    { "null as block", LDEVS("[" DEV("/dev/null", "b", 1, 3) "]"), LDEVS("[]"),
      "[/dev/null b 1:3]" },
    { "null as u", LDEVS("[" DEV("/dev/null", "u", 1, 3) "]"), LDEVS("[]"), "[/dev/null u 1:3]" },
    { "tty as tty0", LDEVS("[" DEV("/dev/tty", "c", 4, 0) "]"), LDEVS("[]"), "[/dev/tty c 4:0]" },
    /* runc compares paths exactly: another spelling is another node. */
    { "double slash", LDEVS("[" DEV("/dev//null", "c", 1, 3) "]"), LDEVS("[]"),
      "[/dev//null c 1:3]" },
    { "relative", LDEVS("[" DEV("dev/null", "c", 1, 3) "]"), LDEVS("[]"), "[dev/null c 1:3]" },
    /* runc makes these itself; an entry would be the host's. */
    { "console", LDEVS("[" DEV("/dev/console", "c", 5, 1) "]"), LDEVS("[]"),
      "[/dev/console c 5:1]" },
    { "ptmx", LDEVS("[" DEV("/dev/ptmx", "c", 5, 2) "]"), LDEVS("[]"), "[/dev/ptmx c 5:2]" },
    { "fifo", LDEVS("[{\"path\":\"/dev/f\",\"type\":\"p\"}]"), LDEVS("[]"), "[/dev/f p 0:0]" },
    { "escaped path", LDEVS("[" DEV("/dev/a\\nb", "c", 1, 1) "]"), LDEVS("[]"),
      "[/dev/a\\nb c 1:1]" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      becomes(run_allowlist, c[i].name, c[i].in, c[i].want);
      _cleanup_fx_ struct fx f;
      fx_init(&f, c[i].in);
      f.name = c[i].name;
      run_allowlist(&f);
      fx_assert_finding(&f, 0, RA, CHANGED, "linux.devices", c[i].removed, "(removed)");
    }
}
END_TEST

START_TEST(test_allowlist_actions)
{
  static const struct fx_action_case c[] = {
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "linux.devices", "[/dev/kmsg c 1:11]", "(removed)" },
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, "linux.devices", "[/dev/kmsg c 1:11]", NULL },
    { "off", CLAMP_ACTION_OFF, 0, CHANGED, NULL, NULL, NULL },
  };
  fx_check_actions(LDEVS("[" KMSG "," NULLDEV "]"), RA, run_allowlist, true, c,
                   CLAMP_N_ELEMENTS(c));
}
END_TEST

/* ---- devices.cgroup ---- */

START_TEST(test_cgroup_within_standard)
{
  static const struct
  {
    const char *name, *in;
  } ok[] = {
    { "docker default", CGRULES(DOCKER_CG) },
    { "what clamp writes", CGRULES(STD_CG) },
    { "deny all only", CGRULES("[" DENY_ALL "]") },
    { "podman", CGRULES("[{\"allow\":false,\"access\":\"rwm\"}]") },
    { "read null", CGRULES("[" DENY_ALL ",{\"allow\":true,\"type\":\"c\",\"major\":1,"
                           "\"minor\":3,\"access\":\"r\"}]") },
    { "one pty", CGRULES("[" DENY_ALL "," CGC(YES, 136, 4) "]") },
    { "deny rules after",
      CGRULES("[" DENY_ALL "," CGC(NO, 1, 11) "," CG(NO, ",\"type\":\"b\"") "]") },
    /* The last "a" rule wins: everything before it is gone. */
    { "allow all, then deny all", CGRULES("[" ALLOW_ALL "," CGC(YES, 1, 11) "," DENY_ALL "]") },
    /* An "a" rule resets all, whatever numbers it names. */
    { "a with numbers", CGRULES("[" ALLOW_ALL ",{\"allow\":false,\"type\":\"a\",\"major\":1,"
                                "\"minor\":3,\"access\":\"rwm\"}]") },
    { "null members", CGRULES("[{\"allow\":false,\"type\":null,\"major\":null,\"minor\":null,"
                              "\"access\":\"rwm\"}]") },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(ok); i++)
    becomes(run_cgroup, ok[i].name, ok[i].in, NULL);
}
END_TEST

START_TEST(test_cgroup_rewritten)
{
  static const struct
  {
    const char *name, *in, *want, *from;
  } c[] = {
    { "privileged", CGRULES("[" ALLOW_ALL "]"), CGRULES(STD_CG), "[allow a *:* rwm]" },
    { "empty", CGRULES("[]"), CGRULES(STD_CG), "[]" },
    { "null", CGRULES("null"), CGRULES(STD_CG), "(unset)" },
    { "no resources", "{\"linux\":{}}", "{\"linux\":{\"resources\":{\"devices\":" STD_CG "}}}",
      "(unset)" },
    { "no linux", "{}", "{\"linux\":{\"resources\":{\"devices\":" STD_CG "}}}", "(unset)" },
    { "kmsg", CGRULES("[" DENY_ALL "," CGC(YES, 1, 11) "]"), CGRULES(STD_CG),
      "[deny a *:* rwm, allow c 1:11 rwm]" },
    { "loop0",
      CGRULES("[" DENY_ALL ",{\"allow\":true,\"type\":\"b\",\"major\":7,\"minor\":0,"
              "\"access\":\"rw\"}]"),
      CGRULES(STD_CG), "[deny a *:* rwm, allow b 7:0 rw]" },
    /* mknod anywhere: runc 1.1 adds it itself, clamp does not grant it. */
    { "mknod any", CGRULES("[" DENY_ALL ",{\"allow\":true,\"type\":\"c\",\"access\":\"m\"}]"),
      CGRULES(STD_CG), "[deny a *:* rwm, allow c *:* m]" },
    { "all of major 1",
      CGRULES("[" DENY_ALL ",{\"allow\":true,\"type\":\"c\",\"major\":1,"
              "\"access\":\"r\"}]"),
      CGRULES(STD_CG), "[deny a *:* rwm, allow c 1:* r]" },
    /* Without a deny-all rule the cgroup starts as its parent. */
    { "no reset", CGRULES("[" CGC(YES, 1, 3) "]"), CGRULES(STD_CG), "[allow c 1:3 rwm]" },
    { "empty type is a",
      CGRULES("[" DENY_ALL ",{\"allow\":true,\"type\":\"\",\"access\":"
              "\"r\"}]"),
      CGRULES(STD_CG), "[deny a *:* rwm, allow a *:* r]" },
    /* Only a deny-all with every access resets. */
    { "partial deny all", CGRULES("[" ALLOW_ALL ",{\"allow\":false,\"access\":\"rw\"}]"),
      CGRULES(STD_CG), "[allow a *:* rwm, deny a *:* rw]" },
    { "partial allow all", CGRULES("[" DENY_ALL ",{\"allow\":true,\"access\":\"r\"}]"),
      CGRULES(STD_CG), "[deny a *:* rwm, allow a *:* r]" },
    { "deny all, then allow all", CGRULES("[" DENY_ALL "," ALLOW_ALL "]"), CGRULES(STD_CG),
      "[deny a *:* rwm, allow a *:* rwm]" },
    /* Over-approximated: a later deny is taken to remove nothing. */
    { "allowed then denied", CGRULES("[" DENY_ALL "," CGC(YES, 1, 11) "," CGC(NO, 1, 11) "]"),
      CGRULES(STD_CG), NULL },
    /* A number the kernel's dev_t cannot hold is not a standard one. */
    { "big major", CGRULES("[" DENY_ALL "," CGC(YES, 4097, 3) "]"), CGRULES(STD_CG),
      "[deny a *:* rwm, allow c 4097:3 rwm]" },
    { "other members kept",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":5},\"devices\":[" ALLOW_ALL "]}}}",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":5},\"devices\":" STD_CG "}}}", NULL },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      becomes(run_cgroup, c[i].name, c[i].in, c[i].want);
      _cleanup_fx_ struct fx f;
      fx_init(&f, c[i].in);
      f.name = c[i].name;
      run_cgroup(&f);
      fx_assert_finding(&f, 0, RC, CHANGED, "linux.resources.devices", c[i].from, STD_CG_TEXT);
    }
}
END_TEST

START_TEST(test_cgroup_actions)
{
  static const struct fx_action_case c[] = {
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "linux.resources.devices", "[allow a *:* rwm]",
      STD_CG_TEXT },
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, "linux.resources.devices", NULL, NULL },
    { "off", CLAMP_ACTION_OFF, 0, CHANGED, NULL, NULL, NULL },
  };
  fx_check_actions(CGRULES("[" ALLOW_ALL "]"), RC, run_cgroup, true, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

/* ---- bad and hostile input ---- */

START_TEST(test_devices_bad_input)
{
  static const struct fx_error_case c[] = {
    { "{\"linux\":[]}", "linux: expected an object" },
    { LDEVS("{}"), "linux.devices: expected an array" },
    { LDEVS("[\"/dev/null\"]"), "linux.devices[0]: expected an object" },
    { LDEVS("[" NULLDEV ",null]"), "linux.devices[1]: expected an object" },
    { LDEVS("[{\"type\":\"c\",\"major\":1,\"minor\":3}]"), "linux.devices[0].path: missing" },
    { LDEVS("[{\"path\":\"\",\"type\":\"c\"}]"), "linux.devices[0].path: missing" },
    { LDEVS("[{\"path\":7,\"type\":\"c\"}]"), "linux.devices[0].path: expected a string" },
    { LDEVS("[{\"path\":\"/dev/x\",\"major\":1,\"minor\":3}]"), "linux.devices[0].type: missing" },
    { LDEVS("[{\"path\":\"/dev/x\",\"type\":\"\"}]"), "linux.devices[0].type: missing" },
    { LDEVS("[{\"path\":\"/dev/x\",\"type\":\"cc\"}]"),
      "linux.devices[0].type: expected \"c\", \"u\", \"b\" or \"p\", got \"cc\"" },
    { LDEVS("[{\"path\":\"/dev/x\",\"type\":\"a\"}]"), "linux.devices[0].type: expected" },
    { LDEVS("[{\"path\":\"/dev/x\",\"type\":99}]"), "linux.devices[0].type: expected a string" },
    { LDEVS("[{\"path\":\"/dev/x\",\"type\":\"c\",\"major\":-1}]"),
      "linux.devices[0].major: -1 is out of range (0 to 4095)" },
    { LDEVS("[{\"path\":\"/dev/x\",\"type\":\"c\",\"major\":4097,\"minor\":3}]"),
      "linux.devices[0].major: 4097 is out of range" },
    { LDEVS("[{\"path\":\"/dev/x\",\"type\":\"c\",\"minor\":1048576}]"),
      "linux.devices[0].minor: 1048576 is out of range (0 to 1048575)" },
    { LDEVS("[{\"path\":\"/dev/x\",\"type\":\"c\",\"major\":1.0}]"),
      "linux.devices[0].major: expected a 64-bit integer" },
    { LDEVS("[{\"path\":\"/dev/x\",\"type\":\"c\",\"major\":\"1\"}]"),
      "linux.devices[0].major: expected a 64-bit integer" },
    { LDEVS("[{\"path\":\"/dev/x\",\"type\":\"c\",\"minor\":1e3}]"),
      "linux.devices[0].minor: expected a 64-bit integer" },
    { LDEVS("[{\"path\":\"/dev/x\",\"type\":\"c\",\"major\":99999999999999999999}]"),
      "linux.devices[0].major: expected a 64-bit integer" },
    { LDEVS("[{\"path\":\"/dev/x\",\"type\":\"c\",\"fileMode\":-1}]"),
      "linux.devices[0].fileMode: " },
    { LDEVS("[{\"path\":\"/dev/x\",\"type\":\"c\",\"uid\":4294967296}]"),
      "linux.devices[0].uid: " },
    { LDEVS("[{\"path\":\"/dev/x\",\"type\":\"c\",\"gid\":\"0\"}]"), "linux.devices[0].gid: " },
    { "{\"linux\":{\"resources\":[]}}", "linux.resources: expected an object" },
    { CGRULES("{}"), "linux.resources.devices: expected an array" },
    { CGRULES("[true]"), "linux.resources.devices[0]: expected an object" },
    { CGRULES("[" DENY_ALL ",{\"allow\":true,\"type\":\"c\"}]"),
      "linux.resources.devices[1].access: missing" },
    { CGRULES("[{\"allow\":true,\"access\":\"\"}]"), "linux.resources.devices[0].access: missing" },
    { CGRULES("[{\"allow\":true,\"access\":\"rwx\"}]"),
      "linux.resources.devices[0].access: expected letters from \"rwm\", got \"rwx\"" },
    { CGRULES("[{\"allow\":true,\"access\":7}]"),
      "linux.resources.devices[0].access: expected a string" },
    { CGRULES("[{\"allow\":\"false\",\"access\":\"rwm\"}]"),
      "linux.resources.devices[0].allow: expected true or false" },
    { CGRULES("[{\"allow\":false,\"type\":\"u\",\"access\":\"rwm\"}]"),
      "linux.resources.devices[0].type: expected \"a\", \"b\" or \"c\", got \"u\"" },
    { CGRULES("[{\"allow\":false,\"type\":\"c\",\"major\":-2,\"access\":\"rwm\"}]"),
      "linux.resources.devices[0].major: -2 is out of range (-1 for any, or 0 to 4294967295)" },
    { CGRULES("[{\"allow\":false,\"type\":\"c\",\"minor\":4294967296,\"access\":\"rwm\"}]"),
      "linux.resources.devices[0].minor: 4294967296 is out of range" },
    { CGRULES("[{\"allow\":false,\"type\":\"c\",\"minor\":\"*\",\"access\":\"rwm\"}]"),
      "linux.resources.devices[0].minor: expected a 64-bit integer" },
  };
  /* Whichever list is bad, the other one is not changed either. */
  static const struct fx_error_case both[] = {
    { "{\"linux\":{\"devices\":[" KMSG "],\"resources\":{\"devices\":[{\"allow\":true}]}}}",
      "linux.resources.devices[0].access: missing" },
    { "{\"linux\":{\"devices\":[" KMSG
      ",{\"path\":\"/dev/x\"}],\"resources\":{\"devices\":[" ALLOW_ALL "]}}}",
      "linux.devices[1].type: missing" },
  };
  fx_check_errors(devices, true, c, CLAMP_N_ELEMENTS(c));
  fx_check_errors(devices, true, both, CLAMP_N_ELEMENTS(both));
}
END_TEST

/* An "off" rule reads nothing, so input only it would refuse passes. */
START_TEST(test_devices_off_reads_nothing)
{
  static const char *const in =
      "{\"linux\":{\"devices\":[{\"path\":\"/dev/x\",\"type\":\"c\",\"major\":4097}],"
      "\"resources\":{\"devices\":[{\"allow\":true,\"access\":\"rwx\"}]}}}";
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  f.policy.actions[RA] = CLAMP_ACTION_OFF;
  f.policy.actions[RC] = CLAMP_ACTION_OFF;
  run_devices(&f);
  fx_assert_untouched(&f, in);
}
END_TEST

/* ---- sysfs.readonly ---- */

#define MNT(dest, type, opts)                                                                      \
  "{\"destination\":\"" dest "\",\"type\":\"" type "\",\"source\":\"" type "\",\"options\":" opts  \
  "}"
#define WITH_RO_PATHS(mounts)                                                                      \
  "{\"mounts\":" mounts ",\"linux\":{\"readonlyPaths\":[\"/proc/sys\"]}}"

START_TEST(test_sysfs_readonly)
{
  static const struct
  {
    const char *name, *in, *want;
  } c[] = {
    { "docker default",
      WITH_RO_PATHS("[" MNT("/sys", "sysfs", "[\"nosuid\",\"noexec\",\"nodev\",\"ro\"]") "]"),
      NULL },
    { "no mounts", WITH_RO_PATHS("[]"), NULL },
    { "privileged", WITH_RO_PATHS("[" MNT("/sys", "sysfs", "[\"nosuid\"]") "]"),
      WITH_RO_PATHS("[" MNT("/sys", "sysfs", "[\"nosuid\",\"ro\"]") "]") },
    { "no options", WITH_RO_PATHS("[" MNT("/sys", "sysfs", "null") "]"),
      WITH_RO_PATHS("[" MNT("/sys", "sysfs", "[\"ro\"]") "]") },
    /* runc applies options in order: a later rw would undo ro. */
    { "ro then rw", WITH_RO_PATHS("[" MNT("/sys", "sysfs", "[\"ro\",\"nosuid\",\"rw\"]") "]"),
      WITH_RO_PATHS("[" MNT("/sys", "sysfs", "[\"ro\",\"nosuid\"]") "]") },
    { "rrw", WITH_RO_PATHS("[" MNT("/sys", "sysfs", "[\"rrw\",\"ro\"]") "]"),
      WITH_RO_PATHS("[" MNT("/sys", "sysfs", "[\"ro\"]") "]") },
    { "spelled /sys/", WITH_RO_PATHS("[" MNT("/sys/", "sysfs", "[]") "]"),
      WITH_RO_PATHS("[" MNT("/sys/", "sysfs", "[\"ro\"]") "]") },
    /* Whatever is mounted at /sys: a bind of the host's /sys too. */
    { "bind at /sys", WITH_RO_PATHS("[" MNT("/sys", "bind", "[\"rbind\"]") "]"),
      WITH_RO_PATHS("[" MNT("/sys", "bind", "[\"rbind\",\"ro\"]") "]") },
    { "cgroup beneath", WITH_RO_PATHS("[" MNT("/sys/fs/cgroup", "cgroup", "[\"rw\"]") "]"),
      WITH_RO_PATHS("[" MNT("/sys/fs/cgroup", "cgroup", "[\"ro\"]") "]") },
    { "cgroup2 beneath", WITH_RO_PATHS("[" MNT("/sys/fs/cgroup", "cgroup2", "[]") "]"),
      WITH_RO_PATHS("[" MNT("/sys/fs/cgroup", "cgroup2", "[\"ro\"]") "]") },
    /* Not /sys: a tmpfs under it and a look-alike path. */
    { "tmpfs beneath", WITH_RO_PATHS("[" MNT("/sys/x", "tmpfs", "[]") "]"), NULL },
    { "sysx", WITH_RO_PATHS("[" MNT("/sysx", "sysfs", "[]") "]"), NULL },
    { "proc/sys added", "{\"linux\":{\"readonlyPaths\":[\"/a\"]}}",
      "{\"linux\":{\"readonlyPaths\":[\"/a\",\"/proc/sys\"]}}" },
    { "no linux", "{}", "{\"linux\":{\"readonlyPaths\":[\"/proc/sys\"]}}" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    becomes(run_sysfs, c[i].name, c[i].in, c[i].want);
}
END_TEST

START_TEST(test_sysfs_actions)
{
  static const struct fx_action_case c[] = {
    { "warn", CLAMP_ACTION_WARN, 2, WARNED, "mounts[0].options", "[rw]", "[ro]" },
    { "deny", CLAMP_ACTION_DENY, 2, DENIED, "mounts[0].options", "[rw]", NULL },
    { "off", CLAMP_ACTION_OFF, 0, CHANGED, NULL, NULL, NULL },
  };
  fx_check_actions("{\"mounts\":[" MNT("/sys", "sysfs", "[\"rw\"]") "]}", RS, run_sysfs, true, c,
                   CLAMP_N_ELEMENTS(c));
}
END_TEST

/* ---- paths.masked ---- */

#define PATHS(m, r) "{\"linux\":{\"maskedPaths\":" m ",\"readonlyPaths\":" r "}}"

START_TEST(test_masked_paths)
{
  static const struct
  {
    const char *name, *in;
  } ok[] = {
    { "all", PATHS(MASKED_ALL, READONLY_ALL) },
    { "all and more", PATHS("[\"/x\"," MASKED_ITEMS "]", "[\"/proc/y\"," READONLY_ITEMS "]") },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(ok); i++)
    becomes(run_masked, ok[i].name, ok[i].in, NULL);

  /* The privileged case: both empty. */
  _cleanup_fx_ struct fx f;
  fx_init(&f, PATHS("[]", "[]"));
  f.name = "empty";
  run_masked(&f);
  fx_assert_json(&f, PATHS(MASKED_ALL, READONLY_ALL));
  ck_assert_uint_eq(f.findings.len, 2);
  fx_assert_finding(&f, 0, RM, CHANGED, "linux.maskedPaths", "[]", NULL);
  fx_assert_finding(&f, 1, RM, CHANGED, "linux.readonlyPaths", "[]",
                    "[/proc/bus, /proc/fs, /proc/irq, /proc/sys, /proc/sysrq-trigger]");
  assert_idempotent(&f, run_masked);

  /* The input's own entries stay first, in order; only missing ones are
   * added, each once; runc compares exactly, so "/proc/kcore/" is not
   * "/proc/kcore". */
  _cleanup_fx_ struct fx g;
  fx_init(&g, PATHS("[\"/z\",\"/proc/kcore/\",\"/proc/acpi\",\"/proc/acpi\"]",
                    "[\"/proc/sysrq-trigger\",\"/b\",\"/proc/bus\"]"));
  g.name = "partial";
  run_masked(&g);
  fx_assert_json(&g, PATHS("[\"/z\",\"/proc/kcore/\",\"/proc/acpi\",\"/proc/acpi\","
                           "\"/proc/asound\",\"/proc/interrupts\",\"/proc/kcore\",\"/proc/keys\","
                           "\"/proc/latency_stats\",\"/proc/timer_list\",\"/proc/timer_stats\","
                           "\"/proc/sched_debug\",\"/proc/scsi\",\"/sys/firmware\","
                           "\"/sys/devices/virtual/powercap\"]",
                           "[\"/proc/sysrq-trigger\",\"/b\",\"/proc/bus\",\"/proc/fs\","
                           "\"/proc/irq\",\"/proc/sys\"]"));
  assert_idempotent(&g, run_masked);

  becomes(run_masked, "absent", "{\"linux\":{\"maskedPaths\":" MASKED_ALL "}}",
          "{\"linux\":{\"maskedPaths\":" MASKED_ALL ",\"readonlyPaths\":" READONLY_ALL "}}");
  becomes(run_masked, "null", PATHS("null", READONLY_ALL), PATHS(MASKED_ALL, READONLY_ALL));
}
END_TEST

START_TEST(test_masked_actions)
{
  static const struct fx_action_case c[] = {
    { "warn", CLAMP_ACTION_WARN, 2, WARNED, "linux.maskedPaths", "[]", NULL },
    { "deny", CLAMP_ACTION_DENY, 2, DENIED, "linux.maskedPaths", "[]", NULL },
    { "off", CLAMP_ACTION_OFF, 0, CHANGED, NULL, NULL, NULL },
  };
  fx_check_actions(PATHS("[]", "[]"), RM, run_masked, true, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_paths_bad_input)
{
  static const struct fx_error_case c[] = {
    { "{\"linux\":\"x\"}", "linux: expected an object" },
    { PATHS("\"/proc/kcore\"", "[]"), "linux.maskedPaths: expected an array" },
    { PATHS("[\"/a\",1]", "[]"), "linux.maskedPaths[1]: expected a string" },
    { PATHS("[]", "{}"), "linux.readonlyPaths: expected an array" },
    { PATHS("[]", "[null]"), "linux.readonlyPaths[0]: expected a string" },
    { "{\"mounts\":{}}", "mounts: " },
    { "{\"mounts\":[{\"destination\":\"/sys\",\"options\":[\"ro\",5]}]}",
      "mounts[0].options[1]: " },
  };
  fx_check_errors(paths, true, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("rule_devices");
  TCase *tc = tcase_create("rule_devices");
  tcase_add_test(tc, test_docker_privileged);
  tcase_add_test(tc, test_docker_default);
  tcase_add_test(tc, test_allowlist_keeps_standard);
  tcase_add_test(tc, test_allowlist_removes);
  tcase_add_test(tc, test_allowlist_actions);
  tcase_add_test(tc, test_cgroup_within_standard);
  tcase_add_test(tc, test_cgroup_rewritten);
  tcase_add_test(tc, test_cgroup_actions);
  tcase_add_test(tc, test_devices_bad_input);
  tcase_add_test(tc, test_devices_off_reads_nothing);
  tcase_add_test(tc, test_sysfs_readonly);
  tcase_add_test(tc, test_sysfs_actions);
  tcase_add_test(tc, test_masked_paths);
  tcase_add_test(tc, test_masked_actions);
  tcase_add_test(tc, test_paths_bad_input);
  suite_add_tcase(s, tc);
  return s;
}
