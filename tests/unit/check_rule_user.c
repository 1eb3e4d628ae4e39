/* SPDX-License-Identifier: Apache-2.0 */
/* user.nonroot (src/rules/user.c), tested against issue 2's rule 1:
 *  - uid 0 becomes 65534, gid 0 becomes 65534; gid 0 leaves
 *    additionalGids; a non-zero uid or gid the container asked for is kept;
 *  - with a user namespace the final uid and gid must be mapped, to a
 *    non-zero host id, or the container is refused;
 *  - idmapped mounts (mounts[].uidMappings/gidMappings) are refused.
 * A missing user object, or a null uid, is uid 0 to runc (Go's zero
 * value). Every case also checks the warn/deny/off actions and that a
 * second run changes nothing. */
#include <string.h>

#include "rulefx.h"

/* Run the process rule; returns the input uid it reports. */
static uint32_t run_user(struct fx *f)
{
  struct clamp_error *err = NULL;
  uint32_t in = 424242;
  int r = clamp_rule_user_process(&f->ctx, fx_process(f), "process", &in, &err);
  fx_assert_ok(f, r, &err);
  return in;
}

/* The process rule, for fx_check_errors. */
static int user_process(struct fx *f, struct clamp_error **err)
{
  uint32_t in;
  return clamp_rule_user_process(&f->ctx, fx_process(f), "process", &in, err);
}

static int user_namespace(struct fx *f, struct clamp_error **err)
{
  return clamp_rule_user_namespace(&f->ctx, f->doc->root, err);
}

static void run_userns(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, user_namespace(f, &err), &err);
}

#define U CLAMP_RULE_USER_NONROOT

/* ---- process.user ---- */

START_TEST(test_root_becomes_nobody)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"process\":{\"user\":{\"uid\":0,\"gid\":0},\"args\":[\"sh\"]}}");
  ck_assert_uint_eq(run_user(&f), 0);
  fx_assert_json(&f, "{\"process\":{\"user\":{\"uid\":65534,\"gid\":65534},\"args\":[\"sh\"]}}");
  ck_assert_uint_eq(f.findings.len, 2);
  fx_assert_finding(&f, 0, U, CHANGED, "process.user.uid", "0", "65534");
  fx_assert_finding(&f, 1, U, CHANGED, "process.user.gid", "0", "65534");
  ck_assert_ptr_null(clamp_findings_denied(&f.findings));
}
END_TEST

START_TEST(test_missing_user_is_root)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"process\":{\"args\":[\"sh\"]}}");
  ck_assert_uint_eq(run_user(&f), 0);
  fx_assert_json(&f, "{\"process\":{\"args\":[\"sh\"],\"user\":{\"uid\":65534,\"gid\":65534}}}");
  ck_assert_uint_eq(f.findings.len, 2);

  /* An empty object, a null user, null ids: all uid 0 / gid 0. */
  static const struct
  {
    const char *name, *in, *want;
  } c[] = {
    { "no ids", "{\"process\":{\"user\":{\"additionalGids\":[5]}}}",
      "{\"process\":{\"user\":{\"additionalGids\":[5],\"uid\":65534,\"gid\":65534}}}" },
    { "null ids", "{\"process\":{\"user\":{\"uid\":null,\"gid\":null,\"umask\":18}}}",
      "{\"process\":{\"user\":{\"uid\":65534,\"gid\":65534,\"umask\":18}}}" },
    { "null user", "{\"process\":{\"user\":null,\"cwd\":\"/\"}}",
      "{\"process\":{\"user\":{\"uid\":65534,\"gid\":65534},\"cwd\":\"/\"}}" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_fx_ struct fx g;
      fx_init(&g, c[i].in);
      g.name = c[i].name;
      run_user(&g);
      fx_assert_json(&g, c[i].want);
    }
}
END_TEST

START_TEST(test_nonzero_ids_kept)
{
  static const char *const in[] = {
    "{\"process\":{\"user\":{\"uid\":1000,\"gid\":1000}}}",
    "{\"process\":{\"user\":{\"uid\":1,\"gid\":4294967295,\"additionalGids\":[1,2]}}}",
    "{\"process\":{\"user\":{\"uid\":65534,\"gid\":65534,\"additionalGids\":[]}}}",
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(in); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, in[i]);
      f.name = in[i];
      uint32_t uid = run_user(&f);
      ck_assert_msg(uid != 0, "%s: uid 0", in[i]);
      fx_assert_untouched(&f, in[i]);
    }
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"process\":{\"user\":{\"uid\":1000,\"gid\":1000}}}");
  ck_assert_uint_eq(run_user(&f), 1000);
}
END_TEST

START_TEST(test_only_the_zero_id_changes)
{
  static const struct
  {
    const char *name, *in;
    uint32_t uid;
    const char *want, *field;
  } c[] = {
    { "gid 0", "{\"process\":{\"user\":{\"uid\":1000,\"gid\":0}}}", 1000,
      "{\"process\":{\"user\":{\"uid\":1000,\"gid\":65534}}}", "process.user.gid" },
    { "uid 0", "{\"process\":{\"user\":{\"uid\":0,\"gid\":1000}}}", 0,
      "{\"process\":{\"user\":{\"uid\":65534,\"gid\":1000}}}", "process.user.uid" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, c[i].in);
      f.name = c[i].name;
      uint32_t uid = run_user(&f);
      ck_assert_msg(uid == c[i].uid, "%s: input uid %u, want %u", c[i].name, uid, c[i].uid);
      fx_assert_json(&f, c[i].want);
      ck_assert_msg(f.findings.len == 1, "%s: %zu findings", c[i].name, f.findings.len);
      fx_assert_finding(&f, 0, U, CHANGED, c[i].field, "0", "65534");
    }
}
END_TEST

START_TEST(test_root_group_leaves_additional_gids)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"process\":{\"user\":{\"uid\":1000,\"gid\":1000,\"additionalGids\":"
              "[0,10,0,4294967295]}}}");
  run_user(&f);
  fx_assert_json(&f, "{\"process\":{\"user\":{\"uid\":1000,\"gid\":1000,\"additionalGids\":"
                     "[10,4294967295]}}}");
  ck_assert_uint_eq(f.findings.len, 1);
  fx_assert_finding(&f, 0, U, CHANGED, "process.user.additionalGids", "[0, 10, 0, 4294967295]",
                    "[10, 4294967295]");

  _cleanup_fx_ struct fx g;
  fx_init(&g, "{\"process\":{\"user\":{\"uid\":0,\"gid\":0,\"additionalGids\":[0]}}}");
  run_user(&g);
  fx_assert_json(&g,
                 "{\"process\":{\"user\":{\"uid\":65534,\"gid\":65534,\"additionalGids\":[]}}}");
  ck_assert_uint_eq(g.findings.len, 3);
  fx_assert_finding(&g, 2, U, CHANGED, "process.user.additionalGids", "[0]", "[]");
}
END_TEST

START_TEST(test_policy_ids)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"process\":{\"user\":{\"uid\":0,\"gid\":0}}}");
  f.policy.uid = 1234;
  f.policy.gid = 4321;
  run_user(&f);
  fx_assert_json(&f, "{\"process\":{\"user\":{\"uid\":1234,\"gid\":4321}}}");
  fx_assert_finding(&f, 0, U, CHANGED, "process.user.uid", "0", "1234");
  fx_assert_finding(&f, 1, U, CHANGED, "process.user.gid", "0", "4321");
}
END_TEST

START_TEST(test_process_file_paths)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"user\":{\"uid\":0,\"gid\":0,\"additionalGids\":[0,1]},\"args\":[\"id\"]}");
  struct clamp_error *err = NULL;
  uint32_t in = 9;
  ck_assert_int_eq(clamp_rule_user_process(&f.ctx, f.doc->root, "", &in, &err), 0);
  ck_assert_uint_eq(in, 0);
  fx_assert_json(&f, "{\"user\":{\"uid\":65534,\"gid\":65534,\"additionalGids\":[1]},\"args\":"
                     "[\"id\"]}");
  ck_assert_uint_eq(f.findings.len, 3);
  fx_assert_finding(&f, 0, U, CHANGED, "user.uid", "0", "65534");
  fx_assert_finding(&f, 1, U, CHANGED, "user.gid", "0", "65534");
  fx_assert_finding(&f, 2, U, CHANGED, "user.additionalGids", "[0, 1]", "[1]");
}
END_TEST

START_TEST(test_bad_ids_are_errors)
{
  /* Each leaves the document as it was. */
  static const struct fx_error_case c[] = {
    { "{\"process\":{\"user\":{\"uid\":1000.0}}}", "process.user.uid: " },
    { "{\"process\":{\"user\":{\"uid\":-1}}}", "process.user.uid: " },
    { "{\"process\":{\"user\":{\"uid\":4294967296}}}", "process.user.uid: " },
    { "{\"process\":{\"user\":{\"uid\":\"0\"}}}", "process.user.uid: " },
    { "{\"process\":{\"user\":{\"uid\":1e3}}}", "process.user.uid: " },
    { "{\"process\":{\"user\":{\"uid\":1,\"gid\":-0}}}", "process.user.gid: " },
    { "{\"process\":{\"user\":{\"uid\":1,\"gid\":1,\"additionalGids\":[1,\"0\"]}}}",
      "process.user.additionalGids[1]: " },
    { "{\"process\":{\"user\":{\"uid\":1,\"gid\":1,\"additionalGids\":[4294967296]}}}",
      "process.user.additionalGids[0]: " },
    { "{\"process\":{\"user\":{\"uid\":1,\"gid\":1,\"additionalGids\":0}}}",
      "process.user.additionalGids: " },
    { "{\"process\":{\"user\":[]}}", "process.user: " },
    /* Validation comes before any change: uid 0 is not rewritten when a
     * later field is bad. */
    { "{\"process\":{\"user\":{\"uid\":0,\"gid\":0,\"additionalGids\":[0,-1]}}}",
      "process.user.additionalGids[1]: " },
  };
  fx_check_errors(user_process, true, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_actions)
{
  static const char *const in = "{\"process\":{\"user\":{\"uid\":0,\"gid\":0,\"additionalGids\":"
                                "[0]}}}";
  /* warn: reported, not changed. */
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, in);
    f.policy.actions[U] = CLAMP_ACTION_WARN;
    ck_assert_uint_eq(run_user(&f), 0);
    fx_assert_json(&f, in);
    ck_assert_uint_eq(f.findings.len, 3);
    fx_assert_finding(&f, 0, U, WARNED, "process.user.uid", "0", "65534");
    fx_assert_finding(&f, 1, U, WARNED, "process.user.gid", "0", "65534");
    fx_assert_finding(&f, 2, U, WARNED, "process.user.additionalGids", "[0]", "[]");
    ck_assert_ptr_null(clamp_findings_denied(&f.findings));
  }
  /* deny: refused, not changed. */
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, in);
    f.policy.actions[U] = CLAMP_ACTION_DENY;
    run_user(&f);
    fx_assert_json(&f, in);
    ck_assert_uint_eq(f.findings.len, 3);
    fx_assert_finding(&f, 0, U, DENIED, "process.user.uid", NULL, NULL);
    ck_assert_ptr_eq(clamp_findings_denied(&f.findings), &f.findings.items[0]);
  }
  /* deny with no user object: nothing is added to the document. */
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{\"process\":{\"args\":[\"sh\"]}}");
    f.policy.actions[U] = CLAMP_ACTION_DENY;
    run_user(&f);
    fx_assert_json(&f, "{\"process\":{\"args\":[\"sh\"]}}");
    ck_assert_uint_eq(f.findings.len, 2);
    ck_assert_int_eq(f.findings.items[0].kind, DENIED);
  }
  /* off: nothing at all, but the input uid is still reported. */
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, in);
    f.policy.actions[U] = CLAMP_ACTION_OFF;
    ck_assert_uint_eq(run_user(&f), 0);
    fx_assert_untouched(&f, in);
  }
}
END_TEST

START_TEST(test_user_idempotent)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"process\":{\"user\":{\"uid\":0,\"additionalGids\":[0,7]}}}");
  run_user(&f);
  const char *once =
      "{\"process\":{\"user\":{\"uid\":65534,\"additionalGids\":[7],\"gid\":65534}}}";
  fx_assert_json(&f, once);
  size_t n = f.findings.len;
  ck_assert_uint_eq(n, 3);
  ck_assert_uint_eq(run_user(&f), 65534);
  fx_assert_json(&f, once);
  ck_assert_uint_eq(f.findings.len, n);
}
END_TEST

/* ---- user namespaces ---- */

#define USERNS_SPEC(uid, gid, extra_gids, umaps, gmaps)                                            \
  "{\"process\":{\"user\":{\"uid\":" uid ",\"gid\":" gid extra_gids "}},"                          \
  "\"linux\":{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"user\"}],"                            \
  "\"uidMappings\":" umaps ",\"gidMappings\":" gmaps "}}"

#define MAP(c, h, s) "{\"containerID\":" #c ",\"hostID\":" #h ",\"size\":" #s "}"

START_TEST(test_userns_mapped_ok)
{
  static const char *const ok[] = {
    USERNS_SPEC("65534", "65534", "", "[" MAP(0, 100000, 65536) "]", "[" MAP(0, 100000, 65536) "]"),
    /* rootless podman's shape: 0 -> the user, 1.. -> subuids. */
    USERNS_SPEC("65534", "65534", ",\"additionalGids\":[5]",
                "[" MAP(0, 1000, 1) "," MAP(1, 100000, 65536) "]",
                "[" MAP(0, 1000, 1) "," MAP(1, 100000, 65536) "]"),
    /* The last id of a range is mapped: 65534 in [0, 65535). */
    USERNS_SPEC("65534", "1000", "", "[" MAP(0, 100000, 65535) "]", "[" MAP(1000, 5000, 1) "]"),
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(ok); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, ok[i]);
      f.name = ok[i];
      run_userns(&f);
      ck_assert_msg(f.findings.len == 0, "case %zu: %s", i,
                    f.findings.len ? f.findings.items[0].reason : "");
      fx_assert_json(&f, ok[i]);
    }
}
END_TEST

/* One refusal expected, at field. */
static void userns_refused(const char *json, const char *field)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, json);
  run_userns(&f);
  ck_assert_msg(f.findings.len >= 1, "no finding for %s", json);
  const struct clamp_finding *d = clamp_findings_denied(&f.findings);
  ck_assert_ptr_nonnull(d);
  ck_assert_int_eq(d->rule, U);
  ck_assert_str_eq(d->field, field);
  ck_assert_ptr_nonnull(d->reason);
  fx_assert_json(&f, json);
}

START_TEST(test_userns_unmapped_refused)
{
  /* uid not mapped: the range ends one short. */
  userns_refused(USERNS_SPEC("65534", "65534", "", "[" MAP(0, 100000, 65534) "]",
                             "[" MAP(0, 100000, 65536) "]"),
                 "linux.uidMappings");
  /* gid not mapped. */
  userns_refused(
      USERNS_SPEC("1000", "2000", "", "[" MAP(0, 100000, 65536) "]", "[" MAP(0, 100000, 1000) "]"),
      "linux.gidMappings");
  /* an additional gid not mapped. */
  userns_refused(USERNS_SPEC("1000", "1000", ",\"additionalGids\":[70000]",
                             "[" MAP(0, 100000, 65536) "]", "[" MAP(0, 100000, 65536) "]"),
                 "linux.gidMappings");
  /* empty mapping lists. */
  userns_refused(USERNS_SPEC("1000", "1000", "", "[]", "[" MAP(0, 100000, 65536) "]"),
                 "linux.namespaces[1]");
}
END_TEST

START_TEST(test_userns_host_root_refused)
{
  /* The final uid itself lands on host uid 0. */
  userns_refused(
      USERNS_SPEC("1000", "1000", "", "[" MAP(1000, 0, 1) "]", "[" MAP(0, 100000, 65536) "]"),
      "linux.uidMappings[0]");
  /* The final gid lands on host gid 0. */
  userns_refused(USERNS_SPEC("1000", "1000", "", "[" MAP(0, 100000, 65536) "]",
                             "[" MAP(0, 100000, 1000) "," MAP(1000, 0, 1) "]"),
                 "linux.gidMappings[1]");
  /* Stricter than the letter of rule 1, on purpose: any mapping that
   * reaches host id 0 is refused even when the final uid maps elsewhere,
   * because `exec -u <that container id>` (non-zero, so the exec rule lets
   * it through) would run as host root (DESIGN.md invariant 5). */
  userns_refused(USERNS_SPEC("65534", "65534", "", "[" MAP(0, 0, 4294967295) "]",
                             "[" MAP(0, 0, 4294967295) "]"),
                 "linux.uidMappings[0]");
}
END_TEST

START_TEST(test_userns_missing_mappings)
{
  const char *in = "{\"process\":{\"user\":{\"uid\":1000,\"gid\":1000}},\"linux\":"
                   "{\"namespaces\":[{\"type\":\"user\",\"path\":\"/proc/1/ns/user\"}]}}";
  userns_refused(in, "linux.namespaces[0]");
}
END_TEST

START_TEST(test_no_userns_no_check)
{
  const char *in = "{\"process\":{\"user\":{\"uid\":1000,\"gid\":1000}},\"linux\":"
                   "{\"namespaces\":[{\"type\":\"pid\"},{\"type\":\"mount\"}]}}";
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  run_userns(&f);
  fx_assert_untouched(&f, in);
  _cleanup_fx_ struct fx g;
  fx_init(&g, "{\"process\":{}}");
  run_userns(&g);
  ck_assert_uint_eq(g.findings.len, 0);
}
END_TEST

START_TEST(test_userns_after_user_rule)
{
  /* uid 0 in a rootless userns: rewritten to 65534 first, which the
   * mapping covers, so nothing is refused. */
  _cleanup_fx_ struct fx f;
  fx_init(&f, USERNS_SPEC("0", "0", "", "[" MAP(0, 1000, 1) "," MAP(1, 100000, 65536) "]",
                          "[" MAP(0, 1000, 1) "," MAP(1, 100000, 65536) "]"));
  run_user(&f);
  run_userns(&f);
  ck_assert_uint_eq(f.findings.len, 2);
  ck_assert_ptr_null(clamp_findings_denied(&f.findings));
  fx_assert_json(&f, USERNS_SPEC("65534", "65534", "",
                                 "[" MAP(0, 1000, 1) "," MAP(1, 100000, 65536) "]",
                                 "[" MAP(0, 1000, 1) "," MAP(1, 100000, 65536) "]"));
}
END_TEST

START_TEST(test_userns_actions)
{
  static const struct fx_action_case c[] = {
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "linux.uidMappings", NULL, NULL },
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, "linux.uidMappings", NULL, NULL },
    { "off", CLAMP_ACTION_OFF, 0, CHANGED, NULL, NULL, NULL },
  };
  fx_check_actions(
      USERNS_SPEC("65534", "65534", "", "[" MAP(0, 100000, 10) "]", "[" MAP(0, 100000, 65536) "]"),
      U, run_userns, false, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_userns_bad_types)
{
  static const struct fx_error_case c[] = {
    { USERNS_SPEC("1", "1", "", "[{\"containerID\":0,\"hostID\":1,\"size\":\"1\"}]", "[]"),
      "linux.uidMappings[0].size: " },
    { USERNS_SPEC("1", "1", "", "[" MAP(0, 1, 1) "]", "[{\"containerID\":-1}]"),
      "linux.gidMappings[0].containerID: " },
    { USERNS_SPEC("1", "1", "", "[5]", "[]"), "linux.uidMappings[0]: " },
    { USERNS_SPEC("1", "1", "", "{}", "[]"), "linux.uidMappings: " },
    { "{\"linux\":{\"namespaces\":{}}}", "linux.namespaces: " },
    { "{\"linux\":{\"namespaces\":[{\"type\":1}]}}", "linux.namespaces[0].type: " },
    { "{\"mounts\":[{\"destination\":\"/a\",\"uidMappings\":{}}]}", "mounts[0].uidMappings: " },
  };
  fx_check_errors(user_namespace, false, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

/* ---- idmapped mounts ---- */

START_TEST(test_idmapped_mounts_refused)
{
#define IDMAP "[" MAP(0, 100000, 65536) "]"
  const char *in = "{\"process\":{\"user\":{\"uid\":1000,\"gid\":1000}},\"mounts\":["
                   "{\"destination\":\"/proc\",\"type\":\"proc\"},"
                   "{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"/srv\","
                   "\"uidMappings\":" IDMAP "},"
                   "{\"destination\":\"/d2\",\"type\":\"bind\",\"source\":\"/srv\","
                   "\"gidMappings\":" IDMAP "},"
                   "{\"destination\":\"/d3\",\"type\":\"bind\",\"source\":\"/srv\","
                   "\"uidMappings\":[],\"gidMappings\":null}]}";
#undef IDMAP
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  run_userns(&f);
  ck_assert_uint_eq(f.findings.len, 2);
  fx_assert_finding(&f, 0, U, DENIED, "mounts[1].uidMappings", NULL, NULL);
  fx_assert_finding(&f, 1, U, DENIED, "mounts[2].gidMappings", NULL, NULL);
  fx_assert_json(&f, in);

  _cleanup_fx_ struct fx w;
  fx_init(&w, in);
  w.policy.actions[U] = CLAMP_ACTION_WARN;
  run_userns(&w);
  ck_assert_uint_eq(w.findings.len, 2);
  ck_assert_int_eq(w.findings.items[0].kind, WARNED);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("rule_user");
  TCase *tc = tcase_create("rule_user");
  tcase_add_test(tc, test_root_becomes_nobody);
  tcase_add_test(tc, test_missing_user_is_root);
  tcase_add_test(tc, test_nonzero_ids_kept);
  tcase_add_test(tc, test_only_the_zero_id_changes);
  tcase_add_test(tc, test_root_group_leaves_additional_gids);
  tcase_add_test(tc, test_policy_ids);
  tcase_add_test(tc, test_process_file_paths);
  tcase_add_test(tc, test_bad_ids_are_errors);
  tcase_add_test(tc, test_actions);
  tcase_add_test(tc, test_user_idempotent);
  tcase_add_test(tc, test_userns_mapped_ok);
  tcase_add_test(tc, test_userns_unmapped_refused);
  tcase_add_test(tc, test_userns_host_root_refused);
  tcase_add_test(tc, test_userns_missing_mappings);
  tcase_add_test(tc, test_no_userns_no_check);
  tcase_add_test(tc, test_userns_after_user_rule);
  tcase_add_test(tc, test_userns_actions);
  tcase_add_test(tc, test_userns_bad_types);
  tcase_add_test(tc, test_idmapped_mounts_refused);
  suite_add_tcase(s, tc);
  return s;
}
