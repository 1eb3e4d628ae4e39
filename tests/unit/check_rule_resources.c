/* SPDX-License-Identifier: Apache-2.0 */
/* resources.pids, resources.memory, resources.cpu, rlimits.core
 * (src/rules/resources.c), process.personality (src/rules/personality.c)
 * and runc update's flags and -r file (src/rules/update.c):
 *  - pids.limit unset, 0 or negative becomes the policy's limit (4096), one
 *    above the maximum becomes the maximum; in an update 0 or absent keeps
 *    the current limit and a negative one becomes the maximum;
 *  - memory and CPU defaults apply only when the policy sets them;
 *  - RLIMIT_CORE is at most the policy's (0), added when missing, but not
 *    to an exec process file whose list is empty;
 *  - linux.personality other than LINUX without flags is denied;
 *  - unified cgroup v2 keys that would override a clamped limit go. */
#include <string.h>

#include "clamp/spec.h"
#include "clifx.h"
#include "rulefx.h"

#define PIDS CLAMP_RULE_RESOURCES_PIDS
#define MEM CLAMP_RULE_RESOURCES_MEMORY
#define CPU CLAMP_RULE_RESOURCES_CPU
#define CORE CLAMP_RULE_RLIMITS_CORE
#define PERS CLAMP_RULE_PERSONALITY

#define GIB "1073741824"

static void run_resources(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, clamp_rule_resources(&f->ctx, f->doc->root, &err), &err);
}

static void run_update(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, clamp_rule_update_resources(&f->ctx, f->doc->root, &err), &err);
}

static void run_rlimits(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, clamp_rule_rlimits(&f->ctx, fx_process(f), "process", false, &err), &err);
}

static void run_rlimits_exec(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, clamp_rule_rlimits(&f->ctx, f->doc->root, "", true, &err), &err);
}

static void run_personality(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, clamp_rule_personality(&f->ctx, f->doc->root, &err), &err);
}

/* One input through a rule: the document it becomes, the number of
 * findings and the first one (field, from, to; compared unless NULL). */
struct rcase
{
  const char *name, *in, *want;
  size_t n;
  enum clamp_rule_id rule;
  const char *field, *from, *to;
};

enum pol
{
  POL_DEFAULT,
  POL_LIMITS, /* memory 1 GiB, shares 512, quota 50000, period 100000, pids 100..200 */
};

static void set_policy(struct clamp_policy *p, enum pol pol)
{
  if (pol != POL_LIMITS)
    return;
  p->memory_limit = 1073741824;
  p->cpu_shares = 512;
  p->cpu_quota = 50000;
  p->cpu_period = 100000;
  p->pids_limit = 100;
  p->pids_max = 200;
  p->core_limit = 1024;
}

/* Each case, then the rule again on its result: nothing more changes. */
static void check_cases(void (*run)(struct fx *f), enum pol pol, const struct rcase *c, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, c[i].in);
      f.name = c[i].name;
      set_policy(&f.policy, pol);
      run(&f);
      fx_assert_json(&f, c[i].want);
      ck_assert_msg(f.findings.len == c[i].n, "%s: %zu findings, want %zu", c[i].name,
                    f.findings.len, c[i].n);
      if (c[i].n > 0)
        fx_assert_finding(&f, 0, c[i].rule, CHANGED, c[i].field, c[i].from, c[i].to);
      clamp_findings_free(&f.findings);
      run(&f);
      fx_assert_json(&f, c[i].want);
      ck_assert_msg(f.findings.len == 0, "%s: second run: %zu findings", c[i].name, f.findings.len);
    }
}

#define PIDS_JSON(x) "{\"linux\":{\"resources\":{\"pids\":{\"limit\":" x "}}}}"
#define LP "linux.resources.pids.limit"

START_TEST(test_pids_default_policy)
{
  static const struct rcase c[] = {
    { "no linux", "{\"process\":{}}",
      "{\"process\":{},\"linux\":{\"resources\":{\"pids\":{\"limit\":4096}}}}", 1, PIDS, LP,
      "(unset)", "4096" },
    { "linux null", "{\"linux\":null}", PIDS_JSON("4096"), 1, PIDS, LP, "(unset)", "4096" },
    { "resources null", "{\"linux\":{\"resources\":null}}", PIDS_JSON("4096"), 1, PIDS, LP,
      "(unset)", "4096" },
    { "pids empty", "{\"linux\":{\"resources\":{\"pids\":{}}}}", PIDS_JSON("4096"), 1, PIDS, LP,
      "(unset)", "4096" },
    { "zero", PIDS_JSON("0"), PIDS_JSON("4096"), 1, PIDS, LP, "0", "4096" },
    { "unlimited", PIDS_JSON("-1"), PIDS_JSON("4096"), 1, PIDS, LP, "-1", "4096" },
    { "min int64", PIDS_JSON("-9223372036854775808"), PIDS_JSON("4096"), 1, PIDS, LP,
      "-9223372036854775808", "4096" },
    { "above", PIDS_JSON("4097"), PIDS_JSON("4096"), 1, PIDS, LP, "4097", "4096" },
    { "max int64", PIDS_JSON("9223372036854775807"), PIDS_JSON("4096"), 1, PIDS, LP,
      "9223372036854775807", "4096" },
    { "below kept", PIDS_JSON("100"), PIDS_JSON("100"), 0, PIDS, NULL, NULL, NULL },
    { "equal kept", PIDS_JSON("4096"), PIDS_JSON("4096"), 0, PIDS, NULL, NULL, NULL },
    { "order and neighbours kept",
      "{\"linux\":{\"resources\":{\"memory\":{\"limit\":5},\"pids\":{\"limit\":-1,\"x\":1}},"
      "\"y\":2}}",
      "{\"linux\":{\"resources\":{\"memory\":{\"limit\":5},\"pids\":{\"limit\":4096,\"x\":1}},"
      "\"y\":2}}",
      1, PIDS, LP, "-1", "4096" },
    /* Memory and CPU: the default policy sets none, so nothing else. */
    { "no memory or cpu default",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":1},\"memory\":{\"limit\":-1},"
      "\"unified\":{\"memory.max\":\"max\",\"cpu.max\":\"max\"}}}}",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":1},\"memory\":{\"limit\":-1},"
      "\"unified\":{\"memory.max\":\"max\",\"cpu.max\":\"max\"}}}}",
      0, PIDS, NULL, NULL, NULL },
    { "unified pids.max removed",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":10},\"unified\":{\"pids.max\":\"max\","
      "\"io.weight\":\"10\"}}}}",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":10},\"unified\":{\"io.weight\":\"10\"}}}}", 1,
      PIDS, "linux.resources.unified[\"pids.max\"]", "\"max\"", "(removed)" },
  };
  check_cases(run_resources, POL_DEFAULT, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_limits_policy)
{
  static const struct rcase c[] = {
    { "pids unset gets the limit", "{\"linux\":{}}",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":100},\"memory\":{\"limit\":" GIB
      "},\"cpu\":{\"shares\":512,\"quota\":50000,\"period\":100000}}}}",
      5, PIDS, LP, "(unset)", "100" },
    { "pids between limit and max kept, above max clamped",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":300},\"memory\":{\"limit\":1},"
      "\"cpu\":{\"shares\":2,\"quota\":10000}}}}",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":200},\"memory\":{\"limit\":1},"
      "\"cpu\":{\"shares\":2,\"quota\":10000}}}}",
      1, PIDS, LP, "300", "200" },
    { "memory above",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":150},\"memory\":{\"limit\":"
      "2147483648},\"cpu\":{\"shares\":2,\"quota\":1}}}}",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":150},\"memory\":{\"limit\":" GIB
      "},\"cpu\":{\"shares\":2,\"quota\":1}}}}",
      1, MEM, "linux.resources.memory.limit", "2147483648", GIB },
    { "memory unlimited, swap kept",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":150},\"memory\":{\"limit\":-1,\"swap\":-1},"
      "\"cpu\":{\"shares\":2,\"quota\":1}}}}",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":150},\"memory\":{\"limit\":" GIB
      ",\"swap\":-1},\"cpu\":{\"shares\":2,\"quota\":1}}}}",
      1, MEM, "linux.resources.memory.limit", "-1", GIB },
    /* An input quota keeps its own period. */
    { "cpu shares 0, quota kept without a period",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":150},\"memory\":{\"limit\":1},"
      "\"cpu\":{\"shares\":0,\"quota\":20000}}}}",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":150},\"memory\":{\"limit\":1},"
      "\"cpu\":{\"shares\":512,\"quota\":20000}}}}",
      1, CPU, "linux.resources.cpu.shares", "0", "512" },
    { "cpu quota unlimited",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":150},\"memory\":{\"limit\":1},"
      "\"cpu\":{\"shares\":3,\"quota\":-1,\"period\":250000}}}}",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":150},\"memory\":{\"limit\":1},"
      "\"cpu\":{\"shares\":3,\"quota\":50000,\"period\":100000}}}}",
      2, CPU, "linux.resources.cpu.quota", "-1", "50000" },
    /* The policy's share is 50000/100000 of a CPU: a quota is capped for
     * its own period, and a period too short for that share (the kernel's
     * smallest quota is 1000) gets the policy's quota and period. */
    { "cpu quota above the share for its period",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":150},\"memory\":{\"limit\":1},"
      "\"cpu\":{\"shares\":3,\"quota\":50000,\"period\":10000}}}}",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":150},\"memory\":{\"limit\":1},"
      "\"cpu\":{\"shares\":3,\"quota\":5000,\"period\":10000}}}}",
      1, CPU, "linux.resources.cpu.quota", "50000", "5000" },
    { "cpu period too short for the share",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":150},\"memory\":{\"limit\":1},"
      "\"cpu\":{\"shares\":3,\"quota\":1000,\"period\":1000}}}}",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":150},\"memory\":{\"limit\":1},"
      "\"cpu\":{\"shares\":3,\"quota\":50000,\"period\":100000}}}}",
      1, CPU, "linux.resources.cpu.quota", "1000", "50000 (period 100000)" },
    { "cpu quota within the share kept",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":150},\"memory\":{\"limit\":1},"
      "\"cpu\":{\"shares\":3,\"quota\":100000,\"period\":200000}}}}",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":150},\"memory\":{\"limit\":1},"
      "\"cpu\":{\"shares\":3,\"quota\":100000,\"period\":200000}}}}",
      0, CPU, NULL, NULL, NULL },
    { "unified overrides removed",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":150},\"memory\":{\"limit\":1},"
      "\"cpu\":{\"shares\":3,\"quota\":1},\"unified\":{\"memory.max\":\"max\",\"memory.high\":"
      "\"max\",\"cpu.max\":\"max\",\"cpu.weight\":\"10000\",\"memory.min\":\"0\"}}}}",
      "{\"linux\":{\"resources\":{\"pids\":{\"limit\":150},\"memory\":{\"limit\":1},"
      "\"cpu\":{\"shares\":3,\"quota\":1},\"unified\":{\"memory.min\":\"0\"}}}}",
      4, MEM, "linux.resources.unified[\"memory.max\"]", "\"max\"", "(removed)" },
  };
  check_cases(run_resources, POL_LIMITS, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

#define CORE0 "{\"type\":\"RLIMIT_CORE\",\"hard\":0,\"soft\":0}"
#define NOFILE "{\"type\":\"RLIMIT_NOFILE\",\"hard\":1024,\"soft\":1024}"
#define PROC_RL(x) "{\"process\":{\"rlimits\":" x "}}"
#define RL "process.rlimits"

START_TEST(test_rlimits_core)
{
  static const struct rcase c[] = {
    { "absent", "{\"process\":{}}", PROC_RL("[" CORE0 "]"), 1, CORE, RL, "(no RLIMIT_CORE)",
      "RLIMIT_CORE hard 0, soft 0" },
    { "null", PROC_RL("null"), PROC_RL("[" CORE0 "]"), 1, CORE, RL, NULL, NULL },
    { "others kept", PROC_RL("[" NOFILE "]"), PROC_RL("[" NOFILE "," CORE0 "]"), 1, CORE, RL, NULL,
      NULL },
    { "lowered", PROC_RL("[{\"type\":\"RLIMIT_CORE\",\"hard\":18446744073709551615,\"soft\":5}]"),
      PROC_RL("[" CORE0 "]"), 1, CORE, "process.rlimits[0]", "hard 18446744073709551615, soft 5",
      "hard 0, soft 0" },
    { "hard and soft missing are 0", PROC_RL("[{\"type\":\"RLIMIT_CORE\"}]"),
      PROC_RL("[{\"type\":\"RLIMIT_CORE\"}]"), 0, CORE, NULL, NULL, NULL },
    { "every duplicate lowered",
      PROC_RL("[" CORE0 ",{\"type\":\"RLIMIT_CORE\",\"hard\":1,\"soft\":1}]"),
      PROC_RL("[" CORE0 "," CORE0 "]"), 1, CORE, "process.rlimits[1]", NULL, NULL },
    /* runc matches type names exactly: this is not RLIMIT_CORE (runc
     * refuses it), so one is added. */
    { "lowercase is another type", PROC_RL("[{\"type\":\"rlimit_core\",\"hard\":5,\"soft\":5}]"),
      PROC_RL("[{\"type\":\"rlimit_core\",\"hard\":5,\"soft\":5}," CORE0 "]"), 1, CORE, RL, NULL,
      NULL },
  };
  check_cases(run_rlimits, POL_DEFAULT, c, CLAMP_N_ELEMENTS(c));
  static const struct rcase lim[] = {
    { "policy core limit", PROC_RL("[{\"type\":\"RLIMIT_CORE\",\"hard\":100000,\"soft\":10}]"),
      PROC_RL("[{\"type\":\"RLIMIT_CORE\",\"hard\":1024,\"soft\":10}]"), 1, CORE,
      "process.rlimits[0]", "hard 100000, soft 10", "hard 1024, soft 10" },
  };
  check_cases(run_rlimits, POL_LIMITS, lim, CLAMP_N_ELEMENTS(lim));
  /* An exec process file: an empty list keeps the container's rlimits. */
  static const struct rcase ex[] = {
    { "exec absent", "{\"args\":[\"sh\"]}", "{\"args\":[\"sh\"]}", 0, CORE, NULL, NULL, NULL },
    { "exec empty", "{\"rlimits\":[]}", "{\"rlimits\":[]}", 0, CORE, NULL, NULL, NULL },
    { "exec others", "{\"rlimits\":[" NOFILE "]}", "{\"rlimits\":[" NOFILE "," CORE0 "]}", 1, CORE,
      "rlimits", NULL, NULL },
    { "exec lowered", "{\"rlimits\":[{\"type\":\"RLIMIT_CORE\",\"hard\":9,\"soft\":9}]}",
      "{\"rlimits\":[" CORE0 "]}", 1, CORE, "rlimits[0]", "hard 9, soft 9", "hard 0, soft 0" },
  };
  check_cases(run_rlimits_exec, POL_DEFAULT, ex, CLAMP_N_ELEMENTS(ex));
}
END_TEST

START_TEST(test_personality)
{
  static const char *const ok[] = {
    "{}",
    "{\"linux\":{}}",
    "{\"linux\":{\"personality\":null}}",
    "{\"linux\":{\"personality\":{\"domain\":\"LINUX\"}}}",
    "{\"linux\":{\"personality\":{\"domain\":\"LINUX\",\"flags\":[]}}}",
    "{\"linux\":{\"personality\":{\"domain\":\"LINUX\",\"flags\":null}}}",
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(ok); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, ok[i]);
      f.name = ok[i];
      run_personality(&f);
      fx_assert_untouched(&f, ok[i]);
    }
  static const char *const bad[] = {
    "{\"linux\":{\"personality\":{\"domain\":\"LINUX32\"}}}",
    "{\"linux\":{\"personality\":{\"domain\":\"LINUX\",\"flags\":[\"ADDR_NO_RANDOMIZE\"]}}}",
    "{\"linux\":{\"personality\":{}}}",
    "{\"linux\":{\"personality\":{\"domain\":\"linux\"}}}",
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(bad); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, bad[i]);
      f.name = bad[i];
      run_personality(&f);
      fx_assert_json(&f, bad[i]);
      ck_assert_msg(f.findings.len == 1, "%s: %zu findings", bad[i], f.findings.len);
      fx_assert_finding(&f, 0, PERS, DENIED, "linux.personality", NULL, NULL);
    }
}
END_TEST

START_TEST(test_actions)
{
  static const struct fx_action_case pids[] = {
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, LP, "-1", "4096" },
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, LP, "-1", "4096" },
    { "off", CLAMP_ACTION_OFF, 0, WARNED, NULL, NULL, NULL },
  };
  fx_check_actions(PIDS_JSON("-1"), PIDS, run_resources, true, pids, CLAMP_N_ELEMENTS(pids));
  /* warn and deny never make "linux" for a config without one. */
  static const struct fx_action_case unset[] = {
    { "warn unset", CLAMP_ACTION_WARN, 1, WARNED, LP, "(unset)", "4096" },
    { "deny unset", CLAMP_ACTION_DENY, 1, DENIED, LP, "(unset)", "4096" },
  };
  fx_check_actions("{\"process\":{}}", PIDS, run_resources, true, unset, CLAMP_N_ELEMENTS(unset));
  static const struct fx_action_case core[] = {
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, RL, NULL, NULL },
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, RL, NULL, NULL },
    { "off", CLAMP_ACTION_OFF, 0, WARNED, NULL, NULL, NULL },
  };
  fx_check_actions("{\"process\":{}}", CORE, run_rlimits, true, core, CLAMP_N_ELEMENTS(core));
  static const struct fx_action_case pers[] = {
    { "enforce", CLAMP_ACTION_ENFORCE, 1, DENIED, "linux.personality", NULL, NULL },
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "linux.personality", NULL, NULL },
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, "linux.personality", NULL, NULL },
    { "off", CLAMP_ACTION_OFF, 0, WARNED, NULL, NULL, NULL },
  };
  fx_check_actions("{\"linux\":{\"personality\":{\"domain\":\"LINUX32\"}}}", PERS, run_personality,
                   true, pers, CLAMP_N_ELEMENTS(pers));
  /* Memory and CPU with a policy that sets them. */
  for (int a = 0; a < 3; a++)
    {
      static const enum clamp_action acts[] = { CLAMP_ACTION_WARN, CLAMP_ACTION_DENY,
                                                CLAMP_ACTION_OFF };
      const char *in = "{\"linux\":{\"resources\":{\"pids\":{\"limit\":150}}}}";
      _cleanup_fx_ struct fx f;
      fx_init(&f, in);
      f.name = clamp_policy_action_name(acts[a]);
      set_policy(&f.policy, POL_LIMITS);
      f.policy.actions[MEM] = acts[a];
      f.policy.actions[CPU] = acts[a];
      run_resources(&f);
      fx_assert_json(&f, in);
      ck_assert_msg(f.findings.len == (acts[a] == CLAMP_ACTION_OFF ? 0u : 4u), "%s: %zu findings",
                    f.name, f.findings.len);
      for (size_t i = 0; i < f.findings.len; i++)
        ck_assert_int_eq(f.findings.items[i].kind, acts[a] == CLAMP_ACTION_WARN ? WARNED : DENIED);
    }
}
END_TEST

static int resources_call(struct fx *f, struct clamp_error **err)
{
  return clamp_rule_resources(&f->ctx, f->doc->root, err);
}

static int rlimits_call(struct fx *f, struct clamp_error **err)
{
  return clamp_rule_rlimits(&f->ctx, fx_process(f), "process", false, err);
}

static int personality_call(struct fx *f, struct clamp_error **err)
{
  return clamp_rule_personality(&f->ctx, f->doc->root, err);
}

static int update_call(struct fx *f, struct clamp_error **err)
{
  return clamp_rule_update_resources(&f->ctx, f->doc->root, err);
}

START_TEST(test_bad_input)
{
  static const struct fx_error_case res[] = {
    { "{\"linux\":[]}", "linux: " },
    { "{\"linux\":{\"resources\":\"x\"}}", "linux.resources: " },
    { "{\"linux\":{\"resources\":{\"pids\":1}}}", "linux.resources.pids: " },
    { PIDS_JSON("\"1\""), "linux.resources.pids.limit: " },
    { PIDS_JSON("1.5"), "linux.resources.pids.limit: " },
    { PIDS_JSON("1e3"), "linux.resources.pids.limit: " },
    { PIDS_JSON("9223372036854775808"), "linux.resources.pids.limit: " },
    { "{\"linux\":{\"resources\":{\"pids\":{\"limit\":1},\"memory\":{\"limit\":true}}}}",
      "linux.resources.memory.limit: " },
    { "{\"linux\":{\"resources\":{\"pids\":{\"limit\":1},\"cpu\":{\"shares\":-1}}}}",
      "linux.resources.cpu.shares: " },
    { "{\"linux\":{\"resources\":{\"pids\":{\"limit\":1},\"cpu\":{\"period\":1.0}}}}",
      "linux.resources.cpu.period: " },
  };
  fx_check_errors(resources_call, true, res, CLAMP_N_ELEMENTS(res));
  static const struct fx_error_case rl[] = {
    { PROC_RL("{}"), "process.rlimits: " },
    { PROC_RL("[1]"), "process.rlimits[0]: " },
    { PROC_RL("[" CORE0 ",{\"type\":5}]"), "process.rlimits[1].type: " },
    { PROC_RL("[{\"type\":\"RLIMIT_CORE\",\"hard\":-1}]"), "process.rlimits[0].hard: " },
    { PROC_RL("[{\"type\":\"RLIMIT_CORE\",\"soft\":18446744073709551616}]"),
      "process.rlimits[0].soft: " },
  };
  fx_check_errors(rlimits_call, true, rl, CLAMP_N_ELEMENTS(rl));
  static const struct fx_error_case pe[] = {
    { "{\"linux\":{\"personality\":\"LINUX\"}}", "linux.personality: " },
    { "{\"linux\":{\"personality\":{\"domain\":1}}}", "linux.personality.domain: " },
    { "{\"linux\":{\"personality\":{\"domain\":\"LINUX\",\"flags\":\"x\"}}}",
      "linux.personality.flags: " },
    { "{\"linux\":{\"personality\":{\"domain\":\"LINUX\",\"flags\":[1]}}}",
      "linux.personality.flags[0]: " },
  };
  fx_check_errors(personality_call, true, pe, CLAMP_N_ELEMENTS(pe));
  static const struct fx_error_case up[] = {
    { "[]", "update --resources: " },
    { "{\"pids\":{\"limit\":\"9\"}}", "update --resources.pids.limit: " },
  };
  fx_check_errors(update_call, true, up, CLAMP_N_ELEMENTS(up));
}
END_TEST

/* runc update -r: absent or 0 keeps the current value. */
START_TEST(test_update_resources)
{
  static const struct rcase c[] = {
    { "empty", "{}", "{}", 0, PIDS, NULL, NULL, NULL },
    { "zero kept", "{\"pids\":{\"limit\":0}}", "{\"pids\":{\"limit\":0}}", 0, PIDS, NULL, NULL,
      NULL },
    { "below kept", "{\"pids\":{\"limit\":100}}", "{\"pids\":{\"limit\":100}}", 0, PIDS, NULL, NULL,
      NULL },
    { "above", "{\"pids\":{\"limit\":100000}}", "{\"pids\":{\"limit\":4096}}", 1, PIDS,
      "update --resources: pids.limit", "100000", "4096" },
    { "unlimited", "{\"pids\":{\"limit\":-1}}", "{\"pids\":{\"limit\":4096}}", 1, PIDS,
      "update --resources: pids.limit", "-1", "4096" },
    { "memory without a policy", "{\"memory\":{\"limit\":-1}}", "{\"memory\":{\"limit\":-1}}", 0,
      PIDS, NULL, NULL, NULL },
    { "unified", "{\"unified\":{\"pids.max\":\"max\"}}", "{\"unified\":{}}", 1, PIDS,
      "update --resources: unified[\"pids.max\"]", "\"max\"", "(removed)" },
  };
  check_cases(run_update, POL_DEFAULT, c, CLAMP_N_ELEMENTS(c));
  static const struct rcase lim[] = {
    { "all kept when unset", "{\"cpu\":{\"shares\":0,\"quota\":0}}",
      "{\"cpu\":{\"shares\":0,\"quota\":0}}", 0, PIDS, NULL, NULL, NULL },
    { "memory lifted", "{\"memory\":{\"limit\":-1,\"swap\":-1}}",
      "{\"memory\":{\"limit\":" GIB ",\"swap\":-1}}", 1, MEM, "update --resources: memory.limit",
      "-1", GIB },
    { "quota lifted", "{\"cpu\":{\"quota\":-1}}", "{\"cpu\":{\"quota\":50000}}", 1, CPU,
      "update --resources: cpu.quota", "-1", "50000" },
    { "quota lifted with a period", "{\"cpu\":{\"quota\":-1,\"period\":7000}}",
      "{\"cpu\":{\"quota\":50000,\"period\":100000}}", 2, CPU, "update --resources: cpu.quota",
      "-1", "50000" },
    { "pids to the max", "{\"pids\":{\"limit\":-1}}", "{\"pids\":{\"limit\":200}}", 1, PIDS,
      "update --resources: pids.limit", "-1", "200" },
  };
  check_cases(run_update, POL_LIMITS, lim, CLAMP_N_ELEMENTS(lim));
}
END_TEST

/* An -r file is checked for keys Go would fold, like a config: runc
 * update decodes it into specs.LinuxResources. Map keys (unified) are
 * data, matched exactly. */
START_TEST(test_update_keys)
{
  static const struct
  {
    const char *json;
    bool ok;
  } c[] = {
    { "{\"pids\":{\"limit\":1},\"unified\":{\"PIDS.MAX\":\"1\"}}", true },
    { "{\"Pids\":{\"limit\":-1}}", false },
    { "{\"pids\":{\"LIMIT\":-1}}", false },
    { "{\"memory\":{\"\u212aernel\":1}}", false }, /* Kelvin sign */
    { "{\"cpu\":{\"quota\":1},\"blockio\":{}}", false },
    { "[]", false },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, c[i].json);
      struct clamp_error *err = NULL;
      int r = clamp_spec_check_keys(f.doc->root, CLAMP_SPEC_RESOURCES, &err);
      ck_assert_msg((r == 0) == c[i].ok, "%s: %d (%s)", c[i].json, r, err ? err->msg : "");
      clamp_error_free(err);
    }
}
END_TEST

/* runc update's flags through the parser and the rule: the canonical
 * argv runc gets. */
struct ucase
{
  const char *name;
  const char *argv[8]; /* after "clamp update" */
  enum pol pol;
  const char *want; /* canonical argv after "runc|update|" */
  size_t n;
  const char *error; /* or: the start of the error */
};

START_TEST(test_update_flags)
{
  static const struct ucase c[] = {
    { "pids above",
      { "--pids-limit", "100000", "ctr" },
      POL_DEFAULT,
      "--pids-limit=4096|--|ctr",
      1,
      NULL },
    { "pids unlimited",
      { "--pids-limit=-1", "ctr" },
      POL_DEFAULT,
      "--pids-limit=4096|--|ctr",
      1,
      NULL },
    { "pids below",
      { "ctr", "--pids-limit", "100" },
      POL_DEFAULT,
      "--pids-limit=100|--|ctr",
      0,
      NULL },
    { "pids hex as Go reads it",
      { "--pids-limit", "0x10", "ctr" },
      POL_DEFAULT,
      "--pids-limit=16|--|ctr",
      0,
      NULL },
    { "pids zero keeps",
      { "--pids-limit", "0", "ctr" },
      POL_DEFAULT,
      "--pids-limit=0|--|ctr",
      0,
      NULL },
    { "memory canonical",
      { "--memory", "1.5k", "ctr" },
      POL_DEFAULT,
      "--memory=1536|--|ctr",
      0,
      NULL },
    { "memory unlimited, no policy",
      { "--memory=-1", "ctr" },
      POL_DEFAULT,
      "--memory=-1|--|ctr",
      0,
      NULL },
    { "memory unlimited",
      { "--memory=-1", "ctr" },
      POL_LIMITS,
      "--memory=" GIB "|--|ctr",
      1,
      NULL },
    { "memory above", { "--memory", "2g", "ctr" }, POL_LIMITS, "--memory=" GIB "|--|ctr", 1, NULL },
    { "memory units",
      { "--memory", "512 MiB", "ctr" },
      POL_LIMITS,
      "--memory=536870912|--|ctr",
      0,
      NULL },
    { "memory bad",
      { "--memory", "lots", "ctr" },
      POL_DEFAULT,
      NULL,
      0,
      "update: --memory: invalid size \"lots\"" },
    { "memory two dots",
      { "--memory", "1.2.3", "ctr" },
      POL_DEFAULT,
      NULL,
      0,
      "update: --memory: invalid size" },
    { "memory negative",
      { "--memory", "-2", "ctr" },
      POL_DEFAULT,
      NULL,
      0,
      "update: --memory: invalid size" },
    { "memory overflow",
      { "--memory", "9000000p", "ctr" },
      POL_DEFAULT,
      NULL,
      0,
      "update: --memory: \"9000000p\" is out of range" },
    { "quota unlimited",
      { "--cpu-quota", "-1", "ctr" },
      POL_LIMITS,
      "--cpu-quota=50000|--|ctr",
      1,
      NULL },
    { "quota kept",
      { "--cpu-quota", "+20000", "ctr" },
      POL_LIMITS,
      "--cpu-quota=20000|--|ctr",
      0,
      NULL },
    { "quota bad",
      { "--cpu-quota", "0x10", "ctr" },
      POL_LIMITS,
      NULL,
      0,
      "update: --cpu-quota: invalid value \"0x10\"" },
    /* A shorter period alone would raise the share of the current quota. */
    { "period alone",
      { "--cpu-period", "1000", "ctr" },
      POL_LIMITS,
      "--cpu-period=100000|--cpu-quota=50000|--|ctr",
      1,
      NULL },
    { "quota above the share",
      { "--cpu-quota", "100000000", "--cpu-period", "100000", "ctr" },
      POL_LIMITS,
      "--cpu-period=100000|--cpu-quota=50000|--|ctr",
      1,
      NULL },
    { "quota within the share for its period",
      { "--cpu-quota", "100000", "--cpu-period", "200000", "ctr" },
      POL_LIMITS,
      "--cpu-period=200000|--cpu-quota=100000|--|ctr",
      0,
      NULL },
    { "quota alone gets the policy's period",
      { "--cpu-quota", "80000", "ctr" },
      POL_LIMITS,
      "--cpu-period=100000|--cpu-quota=50000|--|ctr",
      1,
      NULL },
    { "no policy quota: nothing to cap",
      { "--cpu-period", "1000", "ctr" },
      POL_DEFAULT,
      "--cpu-period=1000|--|ctr",
      0,
      NULL },
    { "others passed on",
      { "--cpu-share", "2", "--blkio-weight", "10", "ctr" },
      POL_LIMITS,
      "--blkio-weight=10|--cpu-share=2|--|ctr",
      0,
      NULL },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      char *argv[12] = { "clamp", "update" };
      size_t n = 2;
      for (size_t k = 0; c[i].argv[k]; k++)
        argv[n++] = (char *)c[i].argv[k];
      _cleanup_command_ struct clamp_command cmd;
      clifx_parse_ok(&cmd, CLAMP_FLAVOR_RUNC, argv);
      _cleanup_fx_ struct fx f;
      fx_init(&f, "{}");
      f.name = c[i].name;
      set_policy(&f.policy, c[i].pol);
      struct clamp_error *err = NULL;
      int r = clamp_rule_update_flags(&f.ctx, &cmd, &err);
      if (c[i].error)
        {
          fx_assert_error(&f, r, &err, c[i].error);
          clamp_error_free(err);
          continue;
        }
      fx_assert_ok(&f, r, &err);
      ck_assert_msg(f.findings.len == c[i].n, "%s: %zu findings", c[i].name, f.findings.len);
      _cleanup_free_ char *canon = clifx_canon(&cmd, "runc", CLAMP_FLAVOR_RUNC);
      _cleanup_free_ char *want = clamp_xasprintf("runc|update|%s", c[i].want);
      ck_assert_msg(strcmp(canon, want) == 0, "%s: %s, want %s", c[i].name, canon, want);
    }
}
END_TEST

/* Everything on Docker's default config, twice: the second run changes
 * nothing. */
START_TEST(test_docker_default_idempotent)
{
  _cleanup_free_ char *text = clamp_test_read_data("docker/default/config.json", NULL);
  _cleanup_fx_ struct fx f;
  fx_init(&f, text);
  run_rlimits(&f);
  run_resources(&f);
  run_personality(&f);
  ck_assert_uint_eq(f.findings.len, 2);
  fx_assert_finding(&f, 0, CORE, CHANGED, RL, NULL, NULL);
  fx_assert_finding(&f, 1, PIDS, CHANGED, LP, "(unset)", "4096");
  clamp_findings_free(&f.findings);
  struct clamp_buf once;
  clamp_buf_init(&once);
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_json_serialize(f.doc->root, &once, &err), 0);
  run_rlimits(&f);
  run_resources(&f);
  run_personality(&f);
  ck_assert_uint_eq(f.findings.len, 0);
  fx_assert_json(&f, once.data);
  clamp_buf_free(&once);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("rule_resources");
  TCase *tc = tcase_create("rule_resources");
  tcase_add_test(tc, test_pids_default_policy);
  tcase_add_test(tc, test_limits_policy);
  tcase_add_test(tc, test_rlimits_core);
  tcase_add_test(tc, test_personality);
  tcase_add_test(tc, test_actions);
  tcase_add_test(tc, test_bad_input);
  tcase_add_test(tc, test_update_resources);
  tcase_add_test(tc, test_update_flags);
  tcase_add_test(tc, test_update_keys);
  tcase_add_test(tc, test_docker_default_idempotent);
  suite_add_tcase(s, tc);
  return s;
}
