/* SPDX-License-Identifier: Apache-2.0 */
/* ns.* (src/rules/namespaces.c), tested against the issue:
 *  - a missing pid, ipc, uts, mount or network namespace is denied, each
 *    under its own rule; a missing user namespace is normal;
 *  - a namespace path that is the host's (same st_dev and st_ino as
 *    /proc/1/ns/<type> or clamp's /proc/self/ns/<type>) is denied, user
 *    included; joining another container's namespace is allowed;
 *  - a path that cannot be stat'ed is an error naming the field;
 *  - a missing cgroup namespace warns by default; enforce adds one;
 *  - bad entries are errors as in runc 1.1 (unknown type, duplicates).
 * Host facts are a fake: no test touches /proc. */
#include <errno.h>
#include <string.h>

#include "clamp/host.h"
#include "rulefx.h"

/* The fake host. PID 1's namespaces are (10, 1..7) in enum order; clamp
 * runs in a private mount namespace (10, 40). */
struct fake_path
{
  const char *path;
  int err; /* or 0 */
  uint64_t dev, ino;
};

static const struct fake_path fake_paths[] = {
  { "/proc/1/ns/pid", 0, 10, 1 },
  { "/proc/1/ns/ipc", 0, 10, 2 },
  { "/proc/1/ns/uts", 0, 10, 3 },
  { "/proc/1/ns/mnt", 0, 10, 4 },
  { "/proc/1/ns/net", 0, 10, 5 },
  { "/proc/1/ns/user", 0, 10, 6 },
  { "/proc/1/ns/cgroup", 0, 10, 7 },
  { "/proc/self/ns/mnt", 0, 10, 40 },
  { "/run/netns/host", 0, 10, 5 },     /* a bind mount of the host's */
  { "/proc/4242/ns/net", 0, 10, 500 }, /* another container's */
  { "/proc/4242/ns/ipc", 0, 10, 501 },
  { "/proc/4242/ns/user", 0, 10, 502 },
  { "/proc/4242/ns/cgroup", 0, 10, 503 },
  { "/proc/4242/ns/pid", 0, 10, 504 },
  { "/proc/4242/ns/mnt", 0, 10, 505 },
  { "/proc/4242/ns/uts", 0, 10, 506 },
  { "/gone", ENOENT, 0, 0 },
  { "/proc/1/ns/sealed", EACCES, 0, 0 },
  /* Same inode number as the host's net, another device: not the host's. */
  { "/other-dev", 0, 11, 5 },
};

static int fake_stat(void *opaque, const char *path, uint64_t *dev, uint64_t *ino)
{
  int *calls = opaque;
  if (calls)
    (*calls)++;
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(fake_paths); i++)
    if (strcmp(fake_paths[i].path, path) == 0)
      {
        if (fake_paths[i].err)
          return -fake_paths[i].err;
        *dev = fake_paths[i].dev;
        *ino = fake_paths[i].ino;
        return 0;
      }
  return -ENOENT;
}

static void fake_host(struct clamp_ns_host *h, int *calls)
{
  memset(h, 0, sizeof *h);
  for (int t = 0; t < CLAMP_NS__COUNT; t++)
    {
      h->init[t] = (struct clamp_ns_id){ true, 10, (uint64_t)t + 1 };
      h->self[t] = h->init[t];
    }
  h->self[CLAMP_NS_MOUNT].ino = 40;
  h->stat = fake_stat;
  h->opaque = calls;
}

static int ns_rule(struct fx *f, struct clamp_error **err)
{
  struct clamp_ns_host h;
  fake_host(&h, NULL);
  return clamp_rule_namespaces(&f->ctx, f->doc->root, &h, err);
}

static void run_ns(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, ns_rule(f, &err), &err);
}

#define NS(x) "{\"type\":\"" x "\"}"
#define NSP(x, p) "{\"type\":\"" x "\",\"path\":\"" p "\"}"
/* runc spec's five, in its order. */
#define RUNC5 NS("pid") "," NS("network") "," NS("ipc") "," NS("uts") "," NS("mount")
#define CFG(list) "{\"linux\":{\"namespaces\":[" list "]}}"

/* ---- missing namespaces ---- */

/* runc spec's default: only the cgroup warning; nothing changes. */
START_TEST(test_runc_default_warns_cgroup)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, CFG(RUNC5));
  run_ns(&f);
  fx_assert_json(&f, CFG(RUNC5));
  ck_assert_uint_eq(f.findings.len, 1);
  fx_assert_finding(&f, 0, CLAMP_RULE_NS_CGROUP, WARNED, "linux.namespaces",
                    "(no cgroup namespace)", "{\"type\": \"cgroup\"}");
}
END_TEST

/* All six and a user namespace: nothing to say. */
START_TEST(test_complete_untouched)
{
  static const char *const in = CFG(RUNC5 "," NS("cgroup") "," NS("user"));
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  run_ns(&f);
  fx_assert_untouched(&f, in);
}
END_TEST

/* Each of the five missing: denied under its own rule, in rule order. */
START_TEST(test_missing_each_denied)
{
  static const struct
  {
    const char *json;
    enum clamp_rule_id rule;
    const char *word;
  } c[] = {
    { CFG(NS("network") "," NS("ipc") "," NS("uts") "," NS("mount") "," NS("cgroup")),
      CLAMP_RULE_NS_HOST_PID, "no pid namespace" },
    { CFG(NS("pid") "," NS("network") "," NS("uts") "," NS("mount") "," NS("cgroup")),
      CLAMP_RULE_NS_HOST_IPC, "no ipc namespace" },
    { CFG(NS("pid") "," NS("network") "," NS("ipc") "," NS("mount") "," NS("cgroup")),
      CLAMP_RULE_NS_HOST_UTS, "no uts namespace" },
    { CFG(NS("pid") "," NS("network") "," NS("ipc") "," NS("uts") "," NS("cgroup")),
      CLAMP_RULE_NS_HOST_MOUNT, "no mount namespace" },
    { CFG(NS("pid") "," NS("ipc") "," NS("uts") "," NS("mount") "," NS("cgroup")),
      CLAMP_RULE_NS_HOST_NETWORK, "no network namespace" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, c[i].json);
      f.name = c[i].word;
      run_ns(&f);
      fx_assert_json(&f, c[i].json);
      ck_assert_uint_eq(f.findings.len, 1);
      fx_assert_finding(&f, 0, c[i].rule, DENIED, "linux.namespaces", NULL, NULL);
      ck_assert_ptr_nonnull(strstr(f.findings.items[0].reason, c[i].word));
    }
}
END_TEST

/* No linux, no namespaces, null, empty: the five denials in order and the
 * cgroup warning. */
START_TEST(test_nothing_at_all)
{
  static const char *const c[] = { "{}", "{\"linux\":null}", "{\"linux\":{}}",
                                   "{\"linux\":{\"namespaces\":null}}",
                                   "{\"linux\":{\"namespaces\":[]}}" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, c[i]);
      f.name = c[i];
      run_ns(&f);
      fx_assert_json(&f, c[i]);
      ck_assert_uint_eq(f.findings.len, 6);
      for (size_t k = 0; k < 5; k++)
        fx_assert_finding(&f, k, CLAMP_RULE_NS_HOST_PID + k, DENIED, "linux.namespaces", NULL,
                          NULL);
      fx_assert_finding(&f, 5, CLAMP_RULE_NS_CGROUP, WARNED, "linux.namespaces", NULL, NULL);
    }
}
END_TEST

/* ---- paths ---- */

/* The host's own namespace of each type, by PID 1's path: denied under
 * that type's rule, at the path. */
START_TEST(test_host_paths_denied)
{
  static const struct
  {
    const char *json;
    enum clamp_rule_id rule;
    const char *field;
  } c[] = {
    { CFG(NSP("pid", "/proc/1/ns/pid") "," NS("network") "," NS("ipc") "," NS("uts") "," NS(
          "mount") "," NS("cgroup")),
      CLAMP_RULE_NS_HOST_PID, "linux.namespaces[0].path" },
    { CFG(NS("pid") "," NS("network") "," NSP("ipc", "/proc/1/ns/ipc") "," NS("uts") "," NS(
          "mount") "," NS("cgroup")),
      CLAMP_RULE_NS_HOST_IPC, "linux.namespaces[2].path" },
    { CFG(NS("pid") "," NS("network") "," NS("ipc") "," NSP("uts", "/proc/1/ns/uts") "," NS(
          "mount") "," NS("cgroup")),
      CLAMP_RULE_NS_HOST_UTS, "linux.namespaces[3].path" },
    { CFG(NS("pid") "," NS("network") "," NS("ipc") "," NS("uts") "," NSP(
          "mount", "/proc/1/ns/mnt") "," NS("cgroup")),
      CLAMP_RULE_NS_HOST_MOUNT, "linux.namespaces[4].path" },
    { CFG(NS("pid") "," NSP("network", "/proc/1/ns/net") "," NS("ipc") "," NS("uts") "," NS(
          "mount") "," NS("cgroup")),
      CLAMP_RULE_NS_HOST_NETWORK, "linux.namespaces[1].path" },
    { CFG(RUNC5 "," NS("cgroup") "," NSP("user", "/proc/1/ns/user")), CLAMP_RULE_NS_HOST_USER,
      "linux.namespaces[6].path" },
    /* clamp's own mount namespace, which is not PID 1's. */
    { CFG(NS("pid") "," NS("network") "," NS("ipc") "," NS("uts") "," NSP(
          "mount", "/proc/self/ns/mnt") "," NS("cgroup")),
      CLAMP_RULE_NS_HOST_MOUNT, "linux.namespaces[4].path" },
    /* A bind mount of the host's network namespace (ip netns). */
    { CFG(NS("pid") "," NSP("network", "/run/netns/host") "," NS("ipc") "," NS("uts") "," NS(
          "mount") "," NS("cgroup")),
      CLAMP_RULE_NS_HOST_NETWORK, "linux.namespaces[1].path" },
    /* The host's network namespace passed off as a pid namespace. */
    { CFG(NSP("pid", "/proc/1/ns/net") "," NS("network") "," NS("ipc") "," NS("uts") "," NS(
          "mount") "," NS("cgroup")),
      CLAMP_RULE_NS_HOST_PID, "linux.namespaces[0].path" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, c[i].json);
      f.name = c[i].field;
      run_ns(&f);
      fx_assert_json(&f, c[i].json);
      ck_assert_msg(f.findings.len == 1, "case %zu: %zu findings", i, f.findings.len);
      fx_assert_finding(&f, 0, c[i].rule, DENIED, c[i].field, NULL, NULL);
      ck_assert_ptr_nonnull(strstr(f.findings.items[0].reason, "is the host's"));
    }
}
END_TEST

/* Joining another container's namespaces by path (a Kubernetes pod):
 * allowed, every type; an empty path is a new namespace. */
START_TEST(test_join_other_container)
{
  static const char *const in =
      CFG(NSP("pid", "/proc/4242/ns/pid") "," NSP("network", "/proc/4242/ns/net") "," NSP(
          "ipc",
          "/proc"
          "/4242"
          "/ns/"
          "ipc") "," NSP("uts", "/proc/4242/ns/uts") "," NSP("mount",
                                                             "") "," NSP("cgroup",
                                                                         "/proc/4242/ns/"
                                                                         "cgroup") "," NSP("us"
                                                                                           "e"
                                                                                           "r",
                                                                                           "/p"
                                                                                           "ro"
                                                                                           "c/"
                                                                                           "42"
                                                                                           "42"
                                                                                           "/n"
                                                                                           "s/"
                                                                                           "us"
                                                                                           "e"
                                                                                           "r"));
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  int calls = 0;
  struct clamp_ns_host h;
  fake_host(&h, &calls);
  struct clamp_error *err = NULL;
  fx_assert_ok(&f, clamp_rule_namespaces(&f.ctx, f.doc->root, &h, &err), &err);
  fx_assert_untouched(&f, in);
  ck_assert_int_eq(calls, 6); /* the empty path is not stat'ed */
}
END_TEST

/* Same inode number on another device is another namespace; a host whose
 * PID 1 namespaces are unknown (rootless) still compares with clamp's. */
START_TEST(test_identity_is_dev_and_ino)
{
  static const char *const in = CFG(NS("pid") "," NSP("network", "/other-dev") "," NS("ipc") "," NS(
      "uts") "," NS("mount") "," NS("cgroup"));
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  run_ns(&f);
  fx_assert_untouched(&f, in);

  static const char *const host = CFG(NS("pid") "," NSP("network", "/proc/1/ns/net") "," NS(
      "ipc") "," NS("uts") "," NS("mount") "," NS("cgroup"));
  _cleanup_fx_ struct fx g;
  fx_init(&g, host);
  struct clamp_ns_host h;
  fake_host(&h, NULL);
  for (int t = 0; t < CLAMP_NS__COUNT; t++)
    h.init[t].known = false;
  struct clamp_error *err = NULL;
  fx_assert_ok(&g, clamp_rule_namespaces(&g.ctx, g.doc->root, &h, &err), &err);
  fx_assert_finding(&g, 0, CLAMP_RULE_NS_HOST_NETWORK, DENIED, "linux.namespaces[1].path", NULL,
                    NULL);
}
END_TEST

/* A path that cannot be stat'ed, or no way to stat: fail closed, naming
 * the field and why. */
START_TEST(test_unstatable_path_fails_closed)
{
  static const char *const in =
      CFG(NS("pid") "," NSP("network", "/gone") "," NS("ipc") "," NS("uts") "," NS("mount"));
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  _cleanup_error_ struct clamp_error *err = NULL;
  int r = ns_rule(&f, &err);
  fx_assert_error(&f, r, &err,
                  "linux.namespaces[1].path: \"/gone\": No such file or directory (clamp must "
                  "check that it is not the host's network namespace)");
  ck_assert_int_eq(err->kind, CLAMP_ERR_INPUT);
  fx_assert_json(&f, in);

  static const char *const sealed = CFG(NSP("pid", "/proc/1/ns/sealed") "," NS("network") "," NS(
      "ipc") "," NS("uts") "," NS("mount"));
  _cleanup_fx_ struct fx g;
  fx_init(&g, sealed);
  _cleanup_error_ struct clamp_error *err2 = NULL;
  fx_assert_error(&g, ns_rule(&g, &err2), &err2,
                  "linux.namespaces[0].path: \"/proc/1/ns/sealed\": Permission denied");

  /* No stat at all (a caller that gave no host facts). */
  _cleanup_fx_ struct fx n;
  fx_init(&n, in);
  struct clamp_ns_host none;
  memset(&none, 0, sizeof none);
  _cleanup_error_ struct clamp_error *err3 = NULL;
  fx_assert_error(&n, clamp_rule_namespaces(&n.ctx, n.doc->root, &none, &err3), &err3,
                  "linux.namespaces[1].path: \"/gone\": clamp cannot check that it is not the "
                  "host's network namespace");
}
END_TEST

/* A rule that is off does not look at its paths. */
START_TEST(test_off_rule_does_not_stat)
{
  static const char *const in = CFG(NS("pid") "," NSP("network", "/gone") "," NS("ipc") "," NS(
      "uts") "," NS("mount") "," NS("cgroup"));
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  f.policy.actions[CLAMP_RULE_NS_HOST_NETWORK] = CLAMP_ACTION_OFF;
  int calls = 0;
  struct clamp_ns_host h;
  fake_host(&h, &calls);
  struct clamp_error *err = NULL;
  fx_assert_ok(&f, clamp_rule_namespaces(&f.ctx, f.doc->root, &h, &err), &err);
  fx_assert_untouched(&f, in);
  ck_assert_int_eq(calls, 0);
}
END_TEST

/* ---- cgroup ---- */

START_TEST(test_cgroup_enforce_adds_and_is_idempotent)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, CFG(RUNC5));
  f.policy.actions[CLAMP_RULE_NS_CGROUP] = CLAMP_ACTION_ENFORCE;
  run_ns(&f);
  static const char *const want = CFG(RUNC5 "," NS("cgroup"));
  fx_assert_json(&f, want);
  ck_assert_uint_eq(f.findings.len, 1);
  fx_assert_finding(&f, 0, CLAMP_RULE_NS_CGROUP, CHANGED, "linux.namespaces",
                    "(no cgroup namespace)", "{\"type\": \"cgroup\"}");

  _cleanup_fx_ struct fx g;
  fx_init(&g, want);
  g.policy.actions[CLAMP_RULE_NS_CGROUP] = CLAMP_ACTION_ENFORCE;
  run_ns(&g);
  fx_assert_untouched(&g, want);
}
END_TEST

/* With no linux at all (the five others off): linux.namespaces is made. */
START_TEST(test_cgroup_enforce_creates_linux)
{
  static const char *const c[] = { "{\"process\":{}}", "{\"process\":{},\"linux\":null}",
                                   "{\"process\":{},\"linux\":{\"namespaces\":null}}" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, c[i]);
      f.name = c[i];
      for (int k = CLAMP_RULE_NS_HOST_PID; k <= CLAMP_RULE_NS_HOST_USER; k++)
        f.policy.actions[k] = CLAMP_ACTION_OFF;
      f.policy.actions[CLAMP_RULE_NS_CGROUP] = CLAMP_ACTION_ENFORCE;
      run_ns(&f);
      fx_assert_json(&f, "{\"process\":{},\"linux\":{\"namespaces\":[" NS("cgroup") "]}}");
    }
}
END_TEST

/* The host's cgroup namespace by path: enforce makes it a new one. */
START_TEST(test_cgroup_host_path)
{
  static const char *const in = CFG(RUNC5 "," NSP("cgroup", "/proc/1/ns/cgroup"));
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  run_ns(&f); /* default: warn */
  fx_assert_json(&f, in);
  fx_assert_finding(&f, 0, CLAMP_RULE_NS_CGROUP, WARNED, "linux.namespaces[5].path",
                    "\"/proc/1/ns/cgroup\"", "(a new cgroup namespace)");

  _cleanup_fx_ struct fx g;
  fx_init(&g, in);
  g.policy.actions[CLAMP_RULE_NS_CGROUP] = CLAMP_ACTION_ENFORCE;
  run_ns(&g);
  fx_assert_json(&g, CFG(RUNC5 "," NS("cgroup")));
  fx_assert_finding(&g, 0, CLAMP_RULE_NS_CGROUP, CHANGED, "linux.namespaces[5].path", NULL, NULL);
}
END_TEST

/* ---- actions ---- */

START_TEST(test_actions)
{
  static const char *const no_pid =
      CFG(NS("network") "," NS("ipc") "," NS("uts") "," NS("mount") "," NS("cgroup"));
  static const struct fx_action_case pid[] = {
    { "enforce", CLAMP_ACTION_ENFORCE, 1, DENIED, "linux.namespaces", NULL, NULL },
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, "linux.namespaces", NULL, NULL },
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "linux.namespaces", NULL, NULL },
    { "off", CLAMP_ACTION_OFF, 0, CHANGED, NULL, NULL, NULL },
  };
  fx_check_actions(no_pid, CLAMP_RULE_NS_HOST_PID, run_ns, true, pid, CLAMP_N_ELEMENTS(pid));

  static const char *const host_user =
      CFG(RUNC5 "," NS("cgroup") "," NSP("user", "/proc/1/ns/user"));
  static const struct fx_action_case user[] = {
    { "enforce", CLAMP_ACTION_ENFORCE, 1, DENIED, "linux.namespaces[6].path", NULL, NULL },
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, "linux.namespaces[6].path", NULL, NULL },
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "linux.namespaces[6].path", NULL, NULL },
    { "off", CLAMP_ACTION_OFF, 0, CHANGED, NULL, NULL, NULL },
  };
  fx_check_actions(host_user, CLAMP_RULE_NS_HOST_USER, run_ns, true, user, CLAMP_N_ELEMENTS(user));

  static const struct fx_action_case cg[] = {
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, "linux.namespaces", NULL, NULL },
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "linux.namespaces", NULL, NULL },
    { "off", CLAMP_ACTION_OFF, 0, CHANGED, NULL, NULL, NULL },
  };
  fx_check_actions(CFG(RUNC5), CLAMP_RULE_NS_CGROUP, run_ns, true, cg, CLAMP_N_ELEMENTS(cg));
}
END_TEST

/* ---- bad input ---- */

START_TEST(test_bad_input)
{
  static const struct fx_error_case c[] = {
    { "{\"linux\":[]}", "linux: expected an object" },
    { "{\"linux\":{\"namespaces\":{}}}", "linux.namespaces: expected an array" },
    { "{\"linux\":{\"namespaces\":\"pid\"}}", "linux.namespaces: expected an array" },
    { CFG(NS("pid") ",null"), "linux.namespaces[1]: expected an object" },
    { CFG("\"pid\""), "linux.namespaces[0]: expected an object" },
    { CFG("{}"), "linux.namespaces[0].type: missing" },
    { CFG("{\"type\":null}"), "linux.namespaces[0].type: missing" },
    { CFG("{\"type\":1}"), "linux.namespaces[0].type: expected a string" },
    { CFG(NS("pid") "," NS("net")),
      "linux.namespaces[1].type: \"net\" is not a namespace type runc 1.1 knows" },
    { CFG(NS("PID")), "linux.namespaces[0].type: \"PID\" is not a namespace type" },
    { CFG(NS("time")), "linux.namespaces[0].type: \"time\" is not a namespace type" },
    { CFG(NS("")), "linux.namespaces[0].type: \"\" is not a namespace type" },
    { CFG(NS("pid ")), "linux.namespaces[0].type: \"pid \" is not a namespace type" },
    { CFG("{\"type\":\"p\xc3\xaf"
          "d\"}"),
      "linux.namespaces[0].type: \"p" },
    { CFG(NS("pid") "," NS("network") "," NSP("pid", "/proc/4242/ns/pid")),
      "linux.namespaces[2].type: \"pid\" is listed twice (also linux.namespaces[0])" },
    { CFG(NS("user") "," NS("user")), "linux.namespaces[1].type: \"user\" is listed twice" },
    { CFG("{\"type\":\"pid\",\"path\":7}"), "linux.namespaces[0].path: expected a string" },
    { CFG(NSP("network", "proc/1/ns/net")),
      "linux.namespaces[0].path: \"proc/1/ns/net\" is not an absolute path" },
    { CFG(NSP("network", "./x")), "linux.namespaces[0].path: \"./x\" is not an absolute path" },
  };
  fx_check_errors(ns_rule, true, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

/* Hostile: thousands of entries after the five are checked one by one
 * and the first duplicate is named; odd bytes in a path are quoted. */
START_TEST(test_hostile)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  clamp_buf_puts(&b, "{\"linux\":{\"namespaces\":[" RUNC5);
  for (int i = 0; i < 5000; i++)
    clamp_buf_puts(&b, "," NSP("network", "/proc/4242/ns/net"));
  clamp_buf_puts(&b, "]}}");
  _cleanup_free_ char *big = clamp_buf_steal(&b);
  static struct fx_error_case c[1];
  c[0].json = big;
  c[0].prefix = "linux.namespaces[5].type: \"network\" is listed twice (also linux.namespaces[1])";
  fx_check_errors(ns_rule, true, c, 1);

  static const char *const odd = CFG(NS("pid") "," NSP(
      "network", "/proc/1/ns/net\\n\\u001b[31m") "," NS("ipc") "," NS("uts") "," NS("mount"));
  _cleanup_fx_ struct fx f;
  fx_init(&f, odd);
  _cleanup_error_ struct clamp_error *err = NULL;
  fx_assert_error(&f, ns_rule(&f, &err), &err,
                  "linux.namespaces[1].path: \"/proc/1/ns/net\\n\\x1B[31m\": No such file");
}
END_TEST

START_TEST(test_names)
{
  ck_assert_str_eq(clamp_ns_spec_name(CLAMP_NS_NETWORK), "network");
  ck_assert_str_eq(clamp_ns_proc_name(CLAMP_NS_NETWORK), "net");
  ck_assert_str_eq(clamp_ns_proc_name(CLAMP_NS_MOUNT), "mnt");
  for (int t = 0; t < CLAMP_NS__COUNT; t++)
    {
      _cleanup_free_ char *id = clamp_xasprintf("ns.%s", clamp_ns_spec_name(t));
      const char *rule = clamp_rule_info(CLAMP_RULE_NS_HOST_PID + t)->id;
      if (t == CLAMP_NS_CGROUP)
        ck_assert_str_eq(rule, "ns.cgroup");
      else
        ck_assert_msg(strncmp(rule, "ns.host-", 8) == 0 && strcmp(rule + 8, id + 3) == 0,
                      "rule %s for %s", rule, id);
    }
}
END_TEST

/* The collector on this host (src/host_ns.c): clamp's own namespaces are
 * always known and its stat agrees with them; PID 1's may not be (a
 * sandbox whose PID 1 cannot be ptraced). */
START_TEST(test_collect_on_this_host)
{
  struct clamp_ns_host h;
  memset(&h, 0, sizeof h);
  clamp_host_ns_collect(&h);
  ck_assert(h.stat != NULL);
  /* Nothing is looked up until a path needs it. */
  ck_assert(!h.self[CLAMP_NS_PID].known);
  ck_assert(h.collect != NULL);
  h.collect(h.opaque);
  ck_assert(h.collect == NULL);
  for (int t = 0; t < CLAMP_NS__COUNT; t++)
    {
      ck_assert_msg(h.self[t].known, "/proc/self/ns/%s", clamp_ns_proc_name(t));
      _cleanup_free_ char *path = clamp_xasprintf("/proc/self/ns/%s", clamp_ns_proc_name(t));
      uint64_t dev = 0, ino = 0;
      ck_assert_int_eq(h.stat(h.opaque, path, &dev, &ino), 0);
      ck_assert(dev == h.self[t].dev && ino == h.self[t].ino);
    }
  uint64_t dev, ino;
  ck_assert_int_eq(h.stat(h.opaque, "/nonexistent/ns", &dev, &ino), -ENOENT);
  /* The whole rule against the real host: clamp's own network namespace
   * by path is refused. */
  _cleanup_fx_ struct fx f;
  fx_init(&f, CFG(NS("pid") "," NSP("network", "/proc/self/ns/net") "," NS("ipc") "," NS(
                  "uts") "," NS("mount") "," NS("cgroup")));
  struct clamp_ns_host lazy;
  memset(&lazy, 0, sizeof lazy);
  clamp_host_ns_collect(&lazy);
  struct clamp_error *err = NULL;
  fx_assert_ok(&f, clamp_rule_namespaces(&f.ctx, f.doc->root, &lazy, &err), &err);
  fx_assert_finding(&f, 0, CLAMP_RULE_NS_HOST_NETWORK, DENIED, "linux.namespaces[1].path", NULL,
                    NULL);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("rule_ns");
  TCase *tc = tcase_create("rule_ns");
  tcase_add_test(tc, test_runc_default_warns_cgroup);
  tcase_add_test(tc, test_complete_untouched);
  tcase_add_test(tc, test_missing_each_denied);
  tcase_add_test(tc, test_nothing_at_all);
  tcase_add_test(tc, test_host_paths_denied);
  tcase_add_test(tc, test_join_other_container);
  tcase_add_test(tc, test_identity_is_dev_and_ino);
  tcase_add_test(tc, test_unstatable_path_fails_closed);
  tcase_add_test(tc, test_off_rule_does_not_stat);
  tcase_add_test(tc, test_cgroup_enforce_adds_and_is_idempotent);
  tcase_add_test(tc, test_cgroup_enforce_creates_linux);
  tcase_add_test(tc, test_cgroup_host_path);
  tcase_add_test(tc, test_actions);
  tcase_add_test(tc, test_bad_input);
  tcase_add_test(tc, test_hostile);
  tcase_add_test(tc, test_names);
  tcase_add_test(tc, test_collect_on_this_host);
  suite_add_tcase(s, tc);
  return s;
}
