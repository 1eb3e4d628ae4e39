/* SPDX-License-Identifier: Apache-2.0 */
/* caps.allowlist (src/rules/caps.c), tested against issue 2's rule 2:
 * a capability survives only if it is on the allowlist (default
 * NET_BIND_SERVICE) and the original process would have held it after
 * execve: for an input uid 0, in the bounding set; for an input non-zero
 * uid, in the ambient set (which the kernel raises only when the
 * capability is also permitted and inheritable). With a non-root final
 * uid, survivors go into all five sets; everything else is emptied. Input
 * names match exactly; other spellings are dropped and reported. */
#include <string.h>

#include "rulefx.h"

#define C CLAMP_RULE_CAPS_ALLOWLIST

/* Docker 20.10's 14 default capabilities, in its order. */
#define DOCKER_CAPS                                                                                \
  "[\"CAP_CHOWN\",\"CAP_DAC_OVERRIDE\",\"CAP_FSETID\",\"CAP_FOWNER\",\"CAP_MKNOD\","               \
  "\"CAP_NET_RAW\",\"CAP_SETGID\",\"CAP_SETUID\",\"CAP_SETFCAP\",\"CAP_SETPCAP\","                 \
  "\"CAP_NET_BIND_SERVICE\",\"CAP_SYS_CHROOT\",\"CAP_KILL\",\"CAP_AUDIT_WRITE\"]"
#define DOCKER_CAPS_LIST                                                                           \
  "[CAP_CHOWN, CAP_DAC_OVERRIDE, CAP_FSETID, CAP_FOWNER, CAP_MKNOD, CAP_NET_RAW, CAP_SETGID, "     \
  "CAP_SETUID, CAP_SETFCAP, CAP_SETPCAP, CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_KILL, "         \
  "CAP_AUDIT_WRITE]"
/* What Docker writes: bounding, effective and permitted; no inheritable,
 * no ambient (moby's WithCapabilities; runtime-notes.md section 5). */
#define DOCKER_SETS                                                                                \
  "{\"bounding\":" DOCKER_CAPS ",\"effective\":" DOCKER_CAPS ",\"permitted\":" DOCKER_CAPS "}"

#define ROOT5(x)                                                                                   \
  "{\"bounding\":" x ",\"effective\":" x ",\"inheritable\":[],\"permitted\":" x ",\"ambient\":[]}"

#define PROC(uid, caps)                                                                            \
  "{\"process\":{\"user\":{\"uid\":" uid ",\"gid\":" uid "},\"capabilities\":" caps                \
  ",\"args\":[\"sh\"]}}"

/* The rule for a process whose input uid was 1, for fx_check_errors. */
static int caps_uid1(struct fx *f, struct clamp_error **err)
{
  return clamp_rule_caps(&f->ctx, fx_process(f), "process", 1, err);
}

static void run_caps(struct fx *f, uint32_t input_uid)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, clamp_rule_caps(&f->ctx, fx_process(f), "process", input_uid, &err), &err);
}

/* The input uid was 0. */
static void run_caps_root(struct fx *f) { run_caps(f, 0); }

/* The rule, for a process whose input uid was input_uid, turns in into
 * want, recording n findings (n < 0: not checked); if from is set, the
 * first is a change of process.capabilities from `from` to `to`. name
 * says which case failed. */
static void caps_check(const char *name, const char *in, uint32_t input_uid, const char *want,
                       int n, const char *from, const char *to)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  f.name = name;
  run_caps(&f, input_uid);
  fx_assert_json(&f, want);
  if (n >= 0)
    ck_assert_msg(f.findings.len == (size_t)n, "%s: %zu findings, want %d", name, f.findings.len,
                  n);
  if (from)
    fx_assert_finding(&f, 0, C, CHANGED, "process.capabilities", from, to);
}

/* Only the document is checked. */
static void caps_become(const char *name, const char *in, uint32_t input_uid, const char *want)
{
  caps_check(name, in, input_uid, want, -1, NULL, NULL);
}

/* Docker's default root container, after user.nonroot made it 65534: the
 * input uid 0 held its bounding set, NET_BIND_SERVICE is in it, and the
 * non-root process gets it in all five sets. */
START_TEST(test_docker_root_keeps_allowlisted_bounding)
{
  caps_check("docker root", PROC("65534", DOCKER_SETS), 0, PROC("65534", ALL5(NBS)), 1,
             DOCKER_CAPS_LIST, "[CAP_NET_BIND_SERVICE]");
}
END_TEST

/* If the process stays root (user.nonroot off), survivors stay in the
 * sets root uses; inheritable and ambient are emptied. */
START_TEST(test_root_stays_root)
{
  caps_check("root", PROC("0", DOCKER_SETS), 0, PROC("0", ROOT5(NBS)), 1, NULL, NULL);
}
END_TEST

/* For uid 0 only the bounding set counts: a capability in effective and
 * permitted but not in bounding is not held after execve. */
START_TEST(test_root_needs_bounding)
{
  caps_check("not in bounding",
             PROC("65534", "{\"bounding\":[\"CAP_CHOWN\"],\"effective\":" NBS ",\"permitted\":" NBS
                           ",\"inheritable\":" NBS ",\"ambient\":" NBS "}"),
             0, PROC("65534", ALL5("[]")), -1, "[CAP_CHOWN, CAP_NET_BIND_SERVICE]", "[]");
}
END_TEST

/* Docker's `-u 1000` (with or without --cap-add NET_BIND_SERVICE): only
 * bounding, effective and permitted. A non-root process keeps nothing of
 * those across execve, so clamp grants nothing. */
START_TEST(test_docker_user_1000_keeps_nothing)
{
  caps_check("docker -u 1000", PROC("1000", DOCKER_SETS), 1000, PROC("1000", ALL5("[]")), 1,
             DOCKER_CAPS_LIST, "[]");

  caps_become("--cap-add NET_BIND_SERVICE",
              PROC("1000", "{\"bounding\":" NBS ",\"effective\":" NBS ",\"permitted\":" NBS "}"),
              1000, PROC("1000", ALL5("[]")));
}
END_TEST

/* A non-zero uid holds what is ambient (which the kernel raises only when
 * it is also permitted and inheritable). */
START_TEST(test_nonroot_from_ambient)
{
  caps_check("ambient",
             PROC("1000", "{\"bounding\":[\"CAP_NET_BIND_SERVICE\",\"CAP_SYS_ADMIN\"],"
                          "\"effective\":[\"CAP_NET_BIND_SERVICE\",\"CAP_SYS_ADMIN\"],"
                          "\"inheritable\":[\"CAP_SYS_ADMIN\",\"CAP_NET_BIND_SERVICE\"],"
                          "\"permitted\":[\"CAP_NET_BIND_SERVICE\",\"CAP_SYS_ADMIN\"],"
                          "\"ambient\":[\"CAP_SYS_ADMIN\",\"CAP_NET_BIND_SERVICE\"]}"),
             1000, PROC("1000", ALL5(NBS)), -1, "[CAP_NET_BIND_SERVICE, CAP_SYS_ADMIN]",
             "[CAP_NET_BIND_SERVICE]");

  /* Ambient without inheritable: runc cannot raise it, the process does
   * not hold it. */
  caps_become("ambient without inheritable",
              PROC("1000", "{\"bounding\":" NBS ",\"effective\":" NBS ",\"permitted\":" NBS
                           ",\"ambient\":" NBS "}"),
              1000, PROC("1000", ALL5("[]")));
  /* Ambient without permitted: same. */
  caps_become("ambient without permitted",
              PROC("1000", "{\"bounding\":" NBS ",\"inheritable\":" NBS ",\"ambient\":" NBS "}"),
              1000, PROC("1000", ALL5("[]")));
}
END_TEST

/* Already what clamp writes: nothing to do, no finding. */
START_TEST(test_compliant_unchanged)
{
  static const char *const in[] = { PROC("1000", ALL5(NBS)), PROC("1000", ALL5("[]")),
                                    PROC("0", ROOT5(NBS)) };
  static const uint32_t uid[] = { 1000, 1000, 0 };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(in); i++)
    caps_check(in[i], in[i], uid[i], in[i], 0, NULL, NULL);
}
END_TEST

START_TEST(test_caps_idempotent)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, PROC("65534", DOCKER_SETS));
  run_caps(&f, 0);
  ck_assert_uint_eq(f.findings.len, 1);
  /* Second run: the process is now uid 65534 with all five sets. */
  run_caps(&f, 65534);
  fx_assert_json(&f, PROC("65534", ALL5(NBS)));
  ck_assert_uint_eq(f.findings.len, 1);
}
END_TEST

/* Names are matched exactly, as runc matches them: lowercase, numbers,
 * padding and unknown names are dropped and reported, never granted. */
START_TEST(test_noncanonical_names_dropped)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, PROC("65534", "{\"bounding\":[\"cap_net_bind_service\",\"10\","
                            "\"CAP_NET_BIND_SERVICE \",\"NET_BIND_SERVICE\",\"CAP_FOO\","
                            "\"Cap_Net_Bind_Service\"]}"));
  run_caps(&f, 0);
  fx_assert_json(&f, PROC("65534", ALL5("[]")));
  static const struct
  {
    const char *field, *from;
  } want[] = {
    { "process.capabilities.bounding[0]", "\"cap_net_bind_service\"" },
    { "process.capabilities.bounding[1]", "\"10\"" },
    { "process.capabilities.bounding[2]", "\"CAP_NET_BIND_SERVICE \"" },
    { "process.capabilities.bounding[3]", "\"NET_BIND_SERVICE\"" },
    { "process.capabilities.bounding[4]", "\"CAP_FOO\"" },
    { "process.capabilities.bounding[5]", "\"Cap_Net_Bind_Service\"" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(want); i++)
    {
      const struct clamp_finding *x = fx_find(&f, want[i].field);
      ck_assert_msg(x != NULL, "no finding for %s", want[i].field);
      ck_assert_int_eq(x->rule, C);
      ck_assert_int_eq(x->kind, CHANGED);
      ck_assert_str_eq(x->from, want[i].from);
    }
  ck_assert_ptr_nonnull(fx_find(&f, "process.capabilities"));
  ck_assert_uint_eq(f.findings.len, CLAMP_N_ELEMENTS(want) + 1);
}
END_TEST

/* A non-canonical spelling next to the canonical one: the canonical one
 * counts, the other is reported. */
START_TEST(test_noncanonical_beside_canonical)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, PROC("65534", "{\"bounding\":[\"cap_sys_admin\",\"CAP_NET_BIND_SERVICE\"]}"));
  run_caps(&f, 0);
  fx_assert_json(&f, PROC("65534", ALL5(NBS)));
  ck_assert_ptr_nonnull(fx_find(&f, "process.capabilities.bounding[0]"));
  ck_assert_ptr_null(fx_find(&f, "process.capabilities.bounding[1]"));
}
END_TEST

/* runc with no capabilities object leaves a root process everything it
 * had; clamp writes five empty sets. */
START_TEST(test_missing_capabilities)
{
  caps_check("no capabilities",
             "{\"process\":{\"user\":{\"uid\":65534,\"gid\":65534},\"args\":[\"sh\"]}}", 0,
             "{\"process\":{\"user\":{\"uid\":65534,\"gid\":65534},\"args\":[\"sh\"],"
             "\"capabilities\":" ALL5("[]") "}}",
             1, "(unset)", "[]");

  caps_become("null capabilities", PROC("0", "null"), 0, PROC("0", ROOT5("[]")));
  caps_become("null sets",
              PROC("65534", "{\"bounding\":" NBS ",\"effective\":null,\"ambient\":null}"), 0,
              PROC("65534", ALL5(NBS)));
}
END_TEST

/* docker run --privileged / --cap-add ALL: everything asked for, one
 * capability kept. */
START_TEST(test_privileged_everything)
{
  caps_become("privileged",
              PROC("65534", "{\"bounding\":[\"CAP_SYS_ADMIN\",\"CAP_NET_ADMIN\",\"CAP_SYS_MODULE\","
                            "\"CAP_NET_BIND_SERVICE\",\"CAP_SYS_PTRACE\",\"CAP_BPF\"],"
                            "\"effective\":[\"CAP_SYS_ADMIN\"],\"inheritable\":[\"CAP_SYS_ADMIN\"],"
                            "\"permitted\":[\"CAP_SYS_ADMIN\"],\"ambient\":[\"CAP_SYS_ADMIN\"]}"),
              0, PROC("65534", ALL5(NBS)));
}
END_TEST

START_TEST(test_custom_allowlist_order)
{
  static const char *const allow[] = { "CAP_KILL", "CAP_NET_BIND_SERVICE", "CAP_SYS_TIME" };
  _cleanup_fx_ struct fx f;
  fx_init(&f, PROC("65534", DOCKER_SETS));
  f.policy.cap_allowlist = allow;
  f.policy.n_cap_allowlist = CLAMP_N_ELEMENTS(allow);
  run_caps(&f, 0);
  /* Allowlist order; CAP_SYS_TIME was never held. */
  fx_assert_json(&f, PROC("65534", ALL5("[\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"]")));
  fx_assert_finding(&f, 0, C, CHANGED, "process.capabilities", DOCKER_CAPS_LIST,
                    "[CAP_KILL, CAP_NET_BIND_SERVICE]");

  _cleanup_fx_ struct fx g;
  fx_init(&g, PROC("65534", DOCKER_SETS));
  g.policy.n_cap_allowlist = 0;
  run_caps(&g, 0);
  fx_assert_json(&g, PROC("65534", ALL5("[]")));
}
END_TEST

START_TEST(test_caps_actions)
{
  /* Warn and deny report and leave the document; off says nothing. */
  static const struct fx_action_case c[] = {
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "process.capabilities", DOCKER_CAPS_LIST,
      "[CAP_NET_BIND_SERVICE]" },
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, "process.capabilities", NULL, NULL },
    { "off", CLAMP_ACTION_OFF, 0, CHANGED, NULL, NULL, NULL },
  };
  fx_check_actions(PROC("65534", DOCKER_SETS), C, run_caps_root, true, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_caps_bad_types)
{
  static const struct fx_error_case c[] = {
    { PROC("1", "\"CAP_KILL\""), "process.capabilities: " },
    { PROC("1", "{\"bounding\":\"CAP_KILL\"}"), "process.capabilities.bounding: " },
    { PROC("1", "{\"ambient\":[\"CAP_KILL\",1]}"), "process.capabilities.ambient[1]: " },
    { PROC("1", "{\"effective\":[null]}"), "process.capabilities.effective[0]: " },
    { PROC("1", "{\"permitted\":{}}"), "process.capabilities.permitted: " },
  };
  fx_check_errors(caps_uid1, true, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_process_file_field)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"user\":{\"uid\":1000},\"capabilities\":{\"bounding\":[\"cap_kill\"]}}");
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_rule_caps(&f.ctx, f.doc->root, "", 1000, &err), 0);
  fx_assert_json(&f, "{\"user\":{\"uid\":1000},\"capabilities\":" ALL5("[]") "}");
  ck_assert_ptr_nonnull(fx_find(&f, "capabilities"));
  ck_assert_ptr_nonnull(fx_find(&f, "capabilities.bounding[0]"));
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("rule_caps");
  TCase *tc = tcase_create("rule_caps");
  tcase_add_test(tc, test_docker_root_keeps_allowlisted_bounding);
  tcase_add_test(tc, test_root_stays_root);
  tcase_add_test(tc, test_root_needs_bounding);
  tcase_add_test(tc, test_docker_user_1000_keeps_nothing);
  tcase_add_test(tc, test_nonroot_from_ambient);
  tcase_add_test(tc, test_compliant_unchanged);
  tcase_add_test(tc, test_caps_idempotent);
  tcase_add_test(tc, test_noncanonical_names_dropped);
  tcase_add_test(tc, test_noncanonical_beside_canonical);
  tcase_add_test(tc, test_missing_capabilities);
  tcase_add_test(tc, test_privileged_everything);
  tcase_add_test(tc, test_custom_allowlist_order);
  tcase_add_test(tc, test_caps_actions);
  tcase_add_test(tc, test_caps_bad_types);
  tcase_add_test(tc, test_process_file_field);
  suite_add_tcase(s, tc);
  return s;
}
