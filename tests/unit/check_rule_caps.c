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

#include "clamp/harden.h"
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

#define C CLAMP_RULE_CAPS_ALLOWLIST
#define CHANGED CLAMP_FINDING_CHANGED
#define DENIED CLAMP_FINDING_DENIED
#define WARNED CLAMP_FINDING_WARNED

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

#define NBS "[\"CAP_NET_BIND_SERVICE\"]"
#define ALL5(x)                                                                                    \
  "{\"bounding\":" x ",\"effective\":" x ",\"inheritable\":" x ",\"permitted\":" x                 \
  ",\"ambient\":" x "}"
#define ROOT5(x)                                                                                   \
  "{\"bounding\":" x ",\"effective\":" x ",\"inheritable\":[],\"permitted\":" x ",\"ambient\":[]}"

#define PROC(uid, caps)                                                                            \
  "{\"process\":{\"user\":{\"uid\":" uid ",\"gid\":" uid "},\"capabilities\":" caps                \
  ",\"args\":[\"sh\"]}}"

static void run_caps(struct fx *f, uint32_t input_uid)
{
  struct clamp_error *err = NULL;
  int r = clamp_rule_caps(&f->ctx, process_of(f), "process", input_uid, &err);
  ck_assert_msg(r == 0, "rule failed: %s", err ? err->msg : "?");
}

static const struct clamp_finding *find(const struct fx *f, const char *field)
{
  for (size_t i = 0; i < f->findings.len; i++)
    if (strcmp(f->findings.items[i].field, field) == 0)
      return &f->findings.items[i];
  return NULL;
}

/* Docker's default root container, after user.nonroot made it 65534: the
 * input uid 0 held its bounding set, NET_BIND_SERVICE is in it, and the
 * non-root process gets it in all five sets. */
START_TEST(test_docker_root_keeps_allowlisted_bounding)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, PROC("65534", DOCKER_SETS));
  run_caps(&f, 0);
  assert_json(&f, PROC("65534", ALL5(NBS)));
  ck_assert_uint_eq(f.findings.len, 1);
  assert_finding(&f, 0, C, CHANGED, "process.capabilities", DOCKER_CAPS_LIST,
                 "[CAP_NET_BIND_SERVICE]");
}
END_TEST

/* If the process stays root (user.nonroot off), survivors stay in the
 * sets root uses; inheritable and ambient are emptied. */
START_TEST(test_root_stays_root)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, PROC("0", DOCKER_SETS));
  run_caps(&f, 0);
  assert_json(&f, PROC("0", ROOT5(NBS)));
  ck_assert_uint_eq(f.findings.len, 1);
}
END_TEST

/* For uid 0 only the bounding set counts: a capability in effective and
 * permitted but not in bounding is not held after execve. */
START_TEST(test_root_needs_bounding)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, PROC("65534", "{\"bounding\":[\"CAP_CHOWN\"],\"effective\":" NBS ",\"permitted\":" NBS
                            ",\"inheritable\":" NBS ",\"ambient\":" NBS "}"));
  run_caps(&f, 0);
  assert_json(&f, PROC("65534", ALL5("[]")));
  assert_finding(&f, 0, C, CHANGED, "process.capabilities", "[CAP_CHOWN, CAP_NET_BIND_SERVICE]",
                 "[]");
}
END_TEST

/* Docker's `-u 1000` (with or without --cap-add NET_BIND_SERVICE): only
 * bounding, effective and permitted. A non-root process keeps nothing of
 * those across execve, so clamp grants nothing. */
START_TEST(test_docker_user_1000_keeps_nothing)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, PROC("1000", DOCKER_SETS));
  run_caps(&f, 1000);
  assert_json(&f, PROC("1000", ALL5("[]")));
  ck_assert_uint_eq(f.findings.len, 1);
  assert_finding(&f, 0, C, CHANGED, "process.capabilities", DOCKER_CAPS_LIST, "[]");

  _cleanup_fx_ struct fx g;
  fx_init(&g, PROC("1000", "{\"bounding\":" NBS ",\"effective\":" NBS ",\"permitted\":" NBS "}"));
  run_caps(&g, 1000);
  assert_json(&g, PROC("1000", ALL5("[]")));
}
END_TEST

/* A non-zero uid holds what is ambient (which the kernel raises only when
 * it is also permitted and inheritable). */
START_TEST(test_nonroot_from_ambient)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, PROC("1000", "{\"bounding\":[\"CAP_NET_BIND_SERVICE\",\"CAP_SYS_ADMIN\"],"
                           "\"effective\":[\"CAP_NET_BIND_SERVICE\",\"CAP_SYS_ADMIN\"],"
                           "\"inheritable\":[\"CAP_SYS_ADMIN\",\"CAP_NET_BIND_SERVICE\"],"
                           "\"permitted\":[\"CAP_NET_BIND_SERVICE\",\"CAP_SYS_ADMIN\"],"
                           "\"ambient\":[\"CAP_SYS_ADMIN\",\"CAP_NET_BIND_SERVICE\"]}"));
  run_caps(&f, 1000);
  assert_json(&f, PROC("1000", ALL5(NBS)));
  assert_finding(&f, 0, C, CHANGED, "process.capabilities", "[CAP_NET_BIND_SERVICE, CAP_SYS_ADMIN]",
                 "[CAP_NET_BIND_SERVICE]");

  /* Ambient without inheritable: runc cannot raise it, the process does
   * not hold it. */
  _cleanup_fx_ struct fx g;
  fx_init(&g, PROC("1000", "{\"bounding\":" NBS ",\"effective\":" NBS ",\"permitted\":" NBS
                           ",\"ambient\":" NBS "}"));
  run_caps(&g, 1000);
  assert_json(&g, PROC("1000", ALL5("[]")));

  /* Ambient without permitted: same. */
  _cleanup_fx_ struct fx h;
  fx_init(&h, PROC("1000", "{\"bounding\":" NBS ",\"inheritable\":" NBS ",\"ambient\":" NBS "}"));
  run_caps(&h, 1000);
  assert_json(&h, PROC("1000", ALL5("[]")));
}
END_TEST

/* Already what clamp writes: nothing to do, no finding. */
START_TEST(test_compliant_unchanged)
{
  static const char *const in[] = { PROC("1000", ALL5(NBS)), PROC("1000", ALL5("[]")),
                                    PROC("0", ROOT5(NBS)) };
  static const uint32_t uid[] = { 1000, 1000, 0 };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(in); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, in[i]);
      run_caps(&f, uid[i]);
      assert_json(&f, in[i]);
      ck_assert_msg(f.findings.len == 0, "case %zu", i);
    }
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
  assert_json(&f, PROC("65534", ALL5(NBS)));
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
  assert_json(&f, PROC("65534", ALL5("[]")));
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
      const struct clamp_finding *x = find(&f, want[i].field);
      ck_assert_msg(x != NULL, "no finding for %s", want[i].field);
      ck_assert_int_eq(x->rule, C);
      ck_assert_int_eq(x->kind, CHANGED);
      ck_assert_str_eq(x->from, want[i].from);
    }
  ck_assert_ptr_nonnull(find(&f, "process.capabilities"));
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
  assert_json(&f, PROC("65534", ALL5(NBS)));
  ck_assert_ptr_nonnull(find(&f, "process.capabilities.bounding[0]"));
  ck_assert_ptr_null(find(&f, "process.capabilities.bounding[1]"));
}
END_TEST

/* runc with no capabilities object leaves a root process everything it
 * had; clamp writes five empty sets. */
START_TEST(test_missing_capabilities)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"process\":{\"user\":{\"uid\":65534,\"gid\":65534},\"args\":[\"sh\"]}}");
  run_caps(&f, 0);
  assert_json(&f, "{\"process\":{\"user\":{\"uid\":65534,\"gid\":65534},\"args\":[\"sh\"],"
                  "\"capabilities\":" ALL5("[]") "}}");
  ck_assert_uint_eq(f.findings.len, 1);
  assert_finding(&f, 0, C, CHANGED, "process.capabilities", "(unset)", "[]");

  _cleanup_fx_ struct fx g;
  fx_init(&g, PROC("0", "null"));
  run_caps(&g, 0);
  assert_json(&g, PROC("0", ROOT5("[]")));

  _cleanup_fx_ struct fx h;
  fx_init(&h, PROC("65534", "{\"bounding\":" NBS ",\"effective\":null,\"ambient\":null}"));
  run_caps(&h, 0);
  assert_json(&h, PROC("65534", ALL5(NBS)));
}
END_TEST

/* docker run --privileged / --cap-add ALL: everything asked for, one
 * capability kept. */
START_TEST(test_privileged_everything)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, PROC("65534", "{\"bounding\":[\"CAP_SYS_ADMIN\",\"CAP_NET_ADMIN\",\"CAP_SYS_MODULE\","
                            "\"CAP_NET_BIND_SERVICE\",\"CAP_SYS_PTRACE\",\"CAP_BPF\"],"
                            "\"effective\":[\"CAP_SYS_ADMIN\"],\"inheritable\":[\"CAP_SYS_ADMIN\"],"
                            "\"permitted\":[\"CAP_SYS_ADMIN\"],\"ambient\":[\"CAP_SYS_ADMIN\"]}"));
  run_caps(&f, 0);
  assert_json(&f, PROC("65534", ALL5(NBS)));
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
  assert_json(&f, PROC("65534", ALL5("[\"CAP_KILL\",\"CAP_NET_BIND_SERVICE\"]")));
  assert_finding(&f, 0, C, CHANGED, "process.capabilities", DOCKER_CAPS_LIST,
                 "[CAP_KILL, CAP_NET_BIND_SERVICE]");

  _cleanup_fx_ struct fx g;
  fx_init(&g, PROC("65534", DOCKER_SETS));
  g.policy.n_cap_allowlist = 0;
  run_caps(&g, 0);
  assert_json(&g, PROC("65534", ALL5("[]")));
}
END_TEST

START_TEST(test_caps_actions)
{
  const char *in = PROC("65534", DOCKER_SETS);
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, in);
    f.policy.actions[C] = CLAMP_ACTION_WARN;
    run_caps(&f, 0);
    assert_json(&f, in);
    ck_assert_uint_eq(f.findings.len, 1);
    assert_finding(&f, 0, C, WARNED, "process.capabilities", DOCKER_CAPS_LIST,
                   "[CAP_NET_BIND_SERVICE]");
  }
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, in);
    f.policy.actions[C] = CLAMP_ACTION_DENY;
    run_caps(&f, 0);
    assert_json(&f, in);
    ck_assert_uint_eq(f.findings.len, 1);
    assert_finding(&f, 0, C, DENIED, "process.capabilities", NULL, NULL);
  }
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, in);
    f.policy.actions[C] = CLAMP_ACTION_OFF;
    run_caps(&f, 0);
    assert_json(&f, in);
    ck_assert_uint_eq(f.findings.len, 0);
  }
}
END_TEST

START_TEST(test_caps_bad_types)
{
  static const struct
  {
    const char *json, *prefix;
  } c[] = {
    { PROC("1", "\"CAP_KILL\""), "process.capabilities: " },
    { PROC("1", "{\"bounding\":\"CAP_KILL\"}"), "process.capabilities.bounding: " },
    { PROC("1", "{\"ambient\":[\"CAP_KILL\",1]}"), "process.capabilities.ambient[1]: " },
    { PROC("1", "{\"effective\":[null]}"), "process.capabilities.effective[0]: " },
    { PROC("1", "{\"permitted\":{}}"), "process.capabilities.permitted: " },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, c[i].json);
      _cleanup_error_ struct clamp_error *err = NULL;
      ck_assert_int_lt(clamp_rule_caps(&f.ctx, process_of(&f), "process", 1, &err), 0);
      ck_assert_msg(strncmp(err->msg, c[i].prefix, strlen(c[i].prefix)) == 0,
                    "\"%s\" does not start with \"%s\"", err->msg, c[i].prefix);
      assert_json(&f, c[i].json);
    }
}
END_TEST

START_TEST(test_process_file_field)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"user\":{\"uid\":1000},\"capabilities\":{\"bounding\":[\"cap_kill\"]}}");
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_rule_caps(&f.ctx, f.doc->root, "", 1000, &err), 0);
  assert_json(&f, "{\"user\":{\"uid\":1000},\"capabilities\":" ALL5("[]") "}");
  ck_assert_ptr_nonnull(find(&f, "capabilities"));
  ck_assert_ptr_nonnull(find(&f, "capabilities.bounding[0]"));
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
