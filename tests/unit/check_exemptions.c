/* SPDX-License-Identifier: Apache-2.0 */
/* Exemptions (src/exemptions.c): which exemptions a container's
 * annotations match (every key, exact values, read as runc reads a
 * map[string]string), and the effective policy they make: actions only
 * lowered, capabilities added to the allowlist, uid 0 kept only under
 * allow_root. The base policy is never changed. */
#include <string.h>

#include "clamp/exemptions.h"
#include "rulefx.h"

#define NS_KEY "io.kubernetes.cri.sandbox-namespace"

/* A policy with three exemptions: the debug namespace (ptrace, root, caps
 * rule warned), a two-key one, and one that turns seccomp off. */
static const char policy_text[] =
    "{\"version\":1,"
    "\"rules\":{\"seccomp.default\":\"deny\"},"
    "\"exemptions\":["
    "{\"name\":\"debug namespace\",\"match\":{\"" NS_KEY "\":\"debug\"},"
    "\"rules\":{\"caps.allowlist\":\"warn\"},"
    "\"capabilities\":{\"allow\":[\"CAP_SYS_PTRACE\"]},\"user\":{\"allow_root\":true}},"
    "{\"name\":\"two keys\",\"match\":{\"a\":\"1\",\"b\":\"2\"},"
    "\"capabilities\":{\"allow\":[\"CAP_NET_RAW\",\"CAP_SYS_PTRACE\",\"CAP_NET_BIND_SERVICE\"]},"
    "\"rules\":{\"caps.allowlist\":\"off\",\"seccomp.default\":\"enforce\"}},"
    "{\"name\":\"no seccomp\",\"match\":{\"c\":\"x\"},\"rules\":{\"seccomp.default\":\"off\"}}"
    "]}";

static void load(struct clamp_policy *p, const char *text)
{
  struct clamp_error *err = NULL;
  ck_assert_msg(clamp_policy_parse(p, text, strlen(text), "test", &err) == 0, "%s",
                err ? err->msg : "");
}

/* Apply the policy to annotations (JSON text, or NULL: none). */
static void apply(const struct clamp_policy *p, const char *annotations,
                  struct clamp_effective_policy *out)
{
  _cleanup_json_doc_ struct clamp_json_doc *doc =
      annotations ? clamp_test_parse(annotations) : NULL;
  struct clamp_error *err = NULL;
  ck_assert_msg(clamp_exemptions_apply(p, doc ? doc->root : NULL, out, &err) == 0, "%s: %s",
                annotations ? annotations : "(none)", err ? err->msg : "");
}

/* The names of the matched exemptions, joined by "|". */
static char *matched(const struct clamp_effective_policy *e)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  for (size_t i = 0; i < e->n_matched; i++)
    clamp_buf_printf(&b, "%s%s", i ? "|" : "", e->matched[i]->name);
  clamp_buf_putc(&b, '\0');
  return clamp_buf_steal(&b);
}

static void assert_matches(const struct clamp_policy *p, const char *annotations, const char *want)
{
  _cleanup_effective_policy_ struct clamp_effective_policy e;
  apply(p, annotations, &e);
  _cleanup_free_ char *got = matched(&e);
  ck_assert_msg(strcmp(got, want) == 0, "%s: matched \"%s\", want \"%s\"",
                annotations ? annotations : "(none)", got, want);
}

START_TEST(test_matching)
{
  struct clamp_policy p;
  load(&p, policy_text);
  ck_assert_uint_eq(p.n_exemptions, 3);
  assert_matches(&p, NULL, "");
  assert_matches(&p, "null", "");
  assert_matches(&p, "{}", "");
  assert_matches(&p, "{\"" NS_KEY "\":\"debug\"}", "debug namespace");
  /* Among others, in any order; escapes decode to the same key. */
  assert_matches(&p, "{\"x\":\"y\",\"io.kubernetes.cri.sandbox-n\\u0061mespace\":\"debug\"}",
                 "debug namespace");
  /* Exact values and keys: no prefix, no case folding, no trimming. */
  assert_matches(&p, "{\"" NS_KEY "\":\"debug2\"}", "");
  assert_matches(&p, "{\"" NS_KEY "\":\"debu\"}", "");
  assert_matches(&p, "{\"" NS_KEY "\":\"Debug\"}", "");
  assert_matches(&p, "{\"" NS_KEY "\":\"debug \"}", "");
  assert_matches(&p, "{\"IO.kubernetes.cri.sandbox-namespace\":\"debug\"}", "");
  assert_matches(&p, "{\"" NS_KEY "-x\":\"debug\"}", "");
  /* A null value is "" to runc, and no exemption matches "". */
  assert_matches(&p, "{\"" NS_KEY "\":null}", "");
  /* Several keys: all of them. */
  assert_matches(&p, "{\"a\":\"1\"}", "");
  assert_matches(&p, "{\"b\":\"2\"}", "");
  assert_matches(&p, "{\"a\":\"1\",\"b\":\"3\"}", "");
  assert_matches(&p, "{\"b\":\"2\",\"a\":\"1\"}", "two keys");
  /* Several exemptions: in policy order. */
  assert_matches(&p, "{\"c\":\"x\",\"a\":\"1\",\"b\":\"2\",\"" NS_KEY "\":\"debug\"}",
                 "debug namespace|two keys|no seccomp");
  clamp_policy_free(&p);
}
END_TEST

/* runc reads annotations as map[string]string: anything else is an error
 * for runc, and so for clamp, whatever the policy. */
START_TEST(test_bad_annotations)
{
  static const struct
  {
    const char *json, *msg;
  } c[] = {
    { "[]", "annotations: expected an object of strings, got an array" },
    { "\"debug\"", "annotations: expected an object of strings, got a string" },
    { "{\"" NS_KEY "\":1}", "annotations.\"" NS_KEY "\": expected a string, got a number" },
    { "{\"ok\":\"\",\"b\":true}", "annotations.\"b\": expected a string, got a boolean" },
    { "{\"b\":{}}", "annotations.\"b\": expected a string, got an object" },
    { "{\"b\":[\"debug\"]}", "annotations.\"b\": expected a string, got an array" },
  };
  struct clamp_policy none;
  clamp_policy_default(&none);
  struct clamp_policy p;
  load(&p, policy_text);
  const struct clamp_policy *policies[] = { &none, &p };
  for (size_t k = 0; k < 2; k++)
    for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
      {
        _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_test_parse(c[i].json);
        _cleanup_effective_policy_ struct clamp_effective_policy e;
        _cleanup_error_ struct clamp_error *err = NULL;
        ck_assert_msg(clamp_exemptions_apply(policies[k], doc->root, &e, &err) < 0, "accepted %s",
                      c[i].json);
        clamp_test_assert_prefix(err->msg, c[i].msg);
        ck_assert_uint_eq(e.n_matched, 0);
      }
  clamp_policy_free(&p);
}
END_TEST

static bool cap_listed(const struct clamp_policy *p, const char *cap)
{
  return clamp_policy_cap_allowed(p, cap);
}

START_TEST(test_relaxations)
{
  struct clamp_policy p;
  load(&p, policy_text);
  enum clamp_rule_id caps = CLAMP_RULE_CAPS_ALLOWLIST, sc = CLAMP_RULE_SECCOMP_DEFAULT;

  /* No match: the base policy, unchanged and not copied. */
  {
    _cleanup_effective_policy_ struct clamp_effective_policy e;
    apply(&p, "{\"" NS_KEY "\":\"prod\"}", &e);
    ck_assert_int_eq(memcmp(e.policy.actions, p.actions, sizeof p.actions), 0);
    ck_assert_ptr_eq(e.policy.cap_allowlist, p.cap_allowlist);
    ck_assert(!e.policy.allow_root);
    ck_assert_ptr_null(e.policy.owned);
  }
  /* The debug namespace: caps rule warned, SYS_PTRACE added, root kept. */
  {
    _cleanup_effective_policy_ struct clamp_effective_policy e;
    apply(&p, "{\"" NS_KEY "\":\"debug\"}", &e);
    ck_assert_int_eq(e.policy.actions[caps], CLAMP_ACTION_WARN);
    ck_assert_int_eq(e.policy.actions[sc], CLAMP_ACTION_DENY);
    ck_assert_int_eq(e.policy.actions[CLAMP_RULE_USER_NONROOT], CLAMP_ACTION_ENFORCE);
    ck_assert_uint_eq(e.policy.n_cap_allowlist, 2);
    ck_assert_str_eq(e.policy.cap_allowlist[0], "CAP_NET_BIND_SERVICE");
    ck_assert_str_eq(e.policy.cap_allowlist[1], "CAP_SYS_PTRACE");
    ck_assert(e.policy.allow_root);
    ck_assert_ptr_null(e.policy.owned);
    /* The base policy is untouched. */
    ck_assert_int_eq(p.actions[caps], CLAMP_ACTION_ENFORCE);
    ck_assert_uint_eq(p.n_cap_allowlist, 1);
    ck_assert(!p.allow_root);
  }
  /* Two exemptions: the less strict action wins, whatever the order;
   * capabilities are merged once each, in order. */
  {
    _cleanup_effective_policy_ struct clamp_effective_policy e;
    apply(&p, "{\"a\":\"1\",\"b\":\"2\",\"" NS_KEY "\":\"debug\",\"c\":\"x\"}", &e);
    ck_assert_uint_eq(e.n_matched, 3);
    ck_assert_int_eq(e.policy.actions[caps], CLAMP_ACTION_OFF);
    ck_assert_int_eq(e.policy.actions[sc], CLAMP_ACTION_OFF);
    ck_assert_uint_eq(e.policy.n_cap_allowlist, 3);
    ck_assert_str_eq(e.policy.cap_allowlist[0], "CAP_NET_BIND_SERVICE");
    ck_assert_str_eq(e.policy.cap_allowlist[1], "CAP_SYS_PTRACE");
    ck_assert_str_eq(e.policy.cap_allowlist[2], "CAP_NET_RAW");
    ck_assert(cap_listed(&e.policy, "CAP_NET_RAW"));
    ck_assert(!cap_listed(&p, "CAP_NET_RAW"));
    ck_assert(e.policy.allow_root);
  }
  {
    _cleanup_effective_policy_ struct clamp_effective_policy e;
    apply(&p, "{\"a\":\"1\",\"b\":\"2\"}", &e);
    /* seccomp.default "enforce" is below the policy's "deny". */
    ck_assert_int_eq(e.policy.actions[sc], CLAMP_ACTION_ENFORCE);
    ck_assert(!e.policy.allow_root);
  }
  clamp_policy_free(&p);
}
END_TEST

/* Roll-out mode: an exemption's actions only warn too, and "off" stays
 * off. */
START_TEST(test_warn_mode)
{
  struct clamp_policy p;
  load(&p, "{\"version\":1,\"mode\":\"warn\",\"exemptions\":["
           "{\"name\":\"e\",\"match\":{\"k\":\"v\"},"
           "\"rules\":{\"caps.allowlist\":\"enforce\",\"rootfs.readonly\":\"off\"}}]}");
  _cleanup_effective_policy_ struct clamp_effective_policy e;
  apply(&p, "{\"k\":\"v\"}", &e);
  ck_assert_int_eq(e.policy.actions[CLAMP_RULE_CAPS_ALLOWLIST], CLAMP_ACTION_WARN);
  ck_assert_int_eq(e.policy.actions[CLAMP_RULE_ROOTFS_READONLY], CLAMP_ACTION_OFF);
  ck_assert_int_eq(e.policy.actions[CLAMP_RULE_USER_NONROOT], CLAMP_ACTION_WARN);
  clamp_policy_free(&p);
}
END_TEST

/* The process of `docker run` (root, Docker's capabilities plus
 * SYS_PTRACE), hardened by user.nonroot and caps.allowlist under the
 * effective policy for annotations. */
#define ROOT_PTRACE                                                                                \
  "{\"process\":{\"user\":{\"uid\":0,\"gid\":0,\"additionalGids\":[0]},"                           \
  "\"capabilities\":{\"bounding\":[\"CAP_CHOWN\",\"CAP_NET_BIND_SERVICE\",\"CAP_SYS_PTRACE\"],"    \
  "\"effective\":[\"CAP_CHOWN\",\"CAP_NET_BIND_SERVICE\",\"CAP_SYS_PTRACE\"],"                     \
  "\"permitted\":[\"CAP_CHOWN\",\"CAP_NET_BIND_SERVICE\",\"CAP_SYS_PTRACE\"]},\"args\":[\"sh\"]}}"

static void harden_process(const struct clamp_policy *p, const char *annotations, const char *in,
                           const char *want_user, const char *want_caps)
{
  _cleanup_effective_policy_ struct clamp_effective_policy e;
  apply(p, annotations, &e);
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  f.name = annotations ? annotations : "(none)";
  f.ctx.policy = &e.policy;
  struct clamp_error *err = NULL;
  uint32_t input_uid = 99;
  fx_assert_ok(&f, clamp_rule_user_process(&f.ctx, fx_process(&f), "process", &input_uid, &err),
               &err);
  fx_assert_ok(&f, clamp_rule_caps(&f.ctx, fx_process(&f), "process", input_uid, &err), &err);
  fx_assert_node(&f, clamp_json_object_get(fx_process(&f), "user"), want_user);
  fx_assert_node(&f, clamp_json_object_get(fx_process(&f), "capabilities"), want_caps);
}

#define PTRACE_NBS "[\"CAP_NET_BIND_SERVICE\",\"CAP_SYS_PTRACE\"]"
#define ROOT5(x)                                                                                   \
  "{\"bounding\":" x ",\"effective\":" x ",\"inheritable\":[],\"permitted\":" x ",\"ambient\":[]}"

START_TEST(test_root_and_caps_only_under_exemption)
{
  struct clamp_policy p;
  load(&p, "{\"version\":1,\"exemptions\":["
           "{\"name\":\"root\",\"match\":{\"" NS_KEY "\":\"debug\"},\"user\":{\"allow_root\":true},"
           "\"capabilities\":{\"allow\":[\"CAP_SYS_PTRACE\"]}},"
           "{\"name\":\"ptrace\",\"match\":{\"" NS_KEY "\":\"trace\"},"
           "\"capabilities\":{\"allow\":[\"CAP_SYS_PTRACE\"]}}]}");
  /* No exemption: non-root, SYS_PTRACE dropped. */
  harden_process(&p, NULL, ROOT_PTRACE, "{\"uid\":65534,\"gid\":65534,\"additionalGids\":[]}",
                 ALL5(NBS));
  harden_process(&p, "{\"" NS_KEY "\":\"prod\"}", ROOT_PTRACE,
                 "{\"uid\":65534,\"gid\":65534,\"additionalGids\":[]}", ALL5(NBS));
  /* allow_root: uid 0, gid 0 and the root group kept; root's capability
   * sets (bounding, effective, permitted) keep SYS_PTRACE. */
  harden_process(&p, "{\"" NS_KEY "\":\"debug\"}", ROOT_PTRACE,
                 "{\"uid\":0,\"gid\":0,\"additionalGids\":[0]}", ROOT5(PTRACE_NBS));
  /* Capabilities alone: non-root, SYS_PTRACE in all five sets. */
  harden_process(&p, "{\"" NS_KEY "\":\"trace\"}", ROOT_PTRACE,
                 "{\"uid\":65534,\"gid\":65534,\"additionalGids\":[]}", ALL5(PTRACE_NBS));
  /* An added capability is still only kept if the process held it. */
  harden_process(&p, "{\"" NS_KEY "\":\"trace\"}",
                 "{\"process\":{\"user\":{\"uid\":0,\"gid\":0},\"capabilities\":{\"bounding\":"
                 "[\"CAP_NET_BIND_SERVICE\"]},\"args\":[\"sh\"]}}",
                 "{\"uid\":65534,\"gid\":65534}", ALL5(NBS));
  clamp_policy_free(&p);
}
END_TEST

/* allow_root keeps the user-namespace checks: a mapping onto host root is
 * still refused. */
START_TEST(test_allow_root_keeps_userns_checks)
{
  struct clamp_policy p;
  load(&p, "{\"version\":1,\"exemptions\":[{\"name\":\"root\",\"match\":{\"k\":\"v\"},"
           "\"user\":{\"allow_root\":true}}]}");
  _cleanup_effective_policy_ struct clamp_effective_policy e;
  apply(&p, "{\"k\":\"v\"}", &e);
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"process\":{\"user\":{\"uid\":0,\"gid\":0}},\"linux\":{\"namespaces\":"
              "[{\"type\":\"user\"}],\"uidMappings\":[{\"containerID\":0,\"hostID\":0,\"size\":1}],"
              "\"gidMappings\":[{\"containerID\":0,\"hostID\":1000,\"size\":1}]}}");
  f.ctx.policy = &e.policy;
  struct clamp_error *err = NULL;
  fx_assert_ok(&f, clamp_rule_user_namespace(&f.ctx, f.doc->root, &err), &err);
  fx_assert_finding(&f, 0, CLAMP_RULE_USER_NONROOT, DENIED, "linux.uidMappings[0]", NULL, NULL);
  clamp_policy_free(&p);
}
END_TEST

START_TEST(test_describe)
{
  struct clamp_policy p;
  load(&p, policy_text);
  _cleanup_free_ char *one = clamp_exemption_describe(&p.exemptions[0]);
  ck_assert_str_eq(one, "exemption debug namespace applies (annotation " NS_KEY "=debug)");
  _cleanup_free_ char *two = clamp_exemption_describe(&p.exemptions[1]);
  ck_assert_str_eq(two, "exemption two keys applies (annotations a=1, b=2)");
  clamp_policy_free(&p);
  /* Odd bytes are escaped for the log. */
  load(&p, "{\"version\":1,\"exemptions\":[{\"name\":\"q\\\"\\n\",\"match\":{\"k\\t\":\"v\"},"
           "\"user\":{\"allow_root\":true}}]}");
  _cleanup_free_ char *odd = clamp_exemption_describe(&p.exemptions[0]);
  ck_assert_ptr_null(strchr(odd, '\n'));
  ck_assert_ptr_null(strchr(odd, '\t'));
  clamp_policy_free(&p);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("exemptions");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_matching);
  tcase_add_test(tc, test_bad_annotations);
  tcase_add_test(tc, test_relaxations);
  tcase_add_test(tc, test_warn_mode);
  tcase_add_test(tc, test_root_and_caps_only_under_exemption);
  tcase_add_test(tc, test_allow_root_keeps_userns_checks);
  tcase_add_test(tc, test_describe);
  suite_add_tcase(s, tc);
  return s;
}
