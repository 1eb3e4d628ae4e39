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

/* Run the process rule; returns the input uid it reports. */
static uint32_t run_user(struct fx *f)
{
  struct clamp_error *err = NULL;
  uint32_t in = 424242;
  int r = clamp_rule_user_process(&f->ctx, process_of(f), "process", &in, &err);
  ck_assert_msg(r == 0, "rule failed: %s", err ? err->msg : "?");
  return in;
}

static void run_userns(struct fx *f)
{
  struct clamp_error *err = NULL;
  int r = clamp_rule_user_namespace(&f->ctx, f->doc->root, &err);
  ck_assert_msg(r == 0, "rule failed: %s", err ? err->msg : "?");
}

/* The rule must fail with an input error starting with prefix, and leave
 * the document as it was. */
static void user_error(const char *json, const char *prefix)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, json);
  _cleanup_error_ struct clamp_error *err = NULL;
  uint32_t in;
  ck_assert_int_lt(clamp_rule_user_process(&f.ctx, process_of(&f), "process", &in, &err), 0);
  ck_assert_int_eq(err->kind, CLAMP_ERR_INPUT);
  ck_assert_msg(strncmp(err->msg, prefix, strlen(prefix)) == 0, "\"%s\" does not start with \"%s\"",
                err->msg, prefix);
  assert_json(&f, json);
}

#define U CLAMP_RULE_USER_NONROOT
#define CHANGED CLAMP_FINDING_CHANGED
#define DENIED CLAMP_FINDING_DENIED
#define WARNED CLAMP_FINDING_WARNED

/* ---- process.user ---- */

START_TEST(test_root_becomes_nobody)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"process\":{\"user\":{\"uid\":0,\"gid\":0},\"args\":[\"sh\"]}}");
  ck_assert_uint_eq(run_user(&f), 0);
  assert_json(&f, "{\"process\":{\"user\":{\"uid\":65534,\"gid\":65534},\"args\":[\"sh\"]}}");
  ck_assert_uint_eq(f.findings.len, 2);
  assert_finding(&f, 0, U, CHANGED, "process.user.uid", "0", "65534");
  assert_finding(&f, 1, U, CHANGED, "process.user.gid", "0", "65534");
  ck_assert_ptr_null(clamp_findings_denied(&f.findings));
}
END_TEST

START_TEST(test_missing_user_is_root)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"process\":{\"args\":[\"sh\"]}}");
  ck_assert_uint_eq(run_user(&f), 0);
  assert_json(&f, "{\"process\":{\"args\":[\"sh\"],\"user\":{\"uid\":65534,\"gid\":65534}}}");
  ck_assert_uint_eq(f.findings.len, 2);

  /* An empty object, a null user, null ids: all uid 0 / gid 0. */
  _cleanup_fx_ struct fx g;
  fx_init(&g, "{\"process\":{\"user\":{\"additionalGids\":[5]}}}");
  run_user(&g);
  assert_json(&g, "{\"process\":{\"user\":{\"additionalGids\":[5],\"uid\":65534,\"gid\":65534}}}");

  _cleanup_fx_ struct fx h;
  fx_init(&h, "{\"process\":{\"user\":{\"uid\":null,\"gid\":null,\"umask\":18}}}");
  run_user(&h);
  assert_json(&h, "{\"process\":{\"user\":{\"uid\":65534,\"gid\":65534,\"umask\":18}}}");

  _cleanup_fx_ struct fx k;
  fx_init(&k, "{\"process\":{\"user\":null,\"cwd\":\"/\"}}");
  run_user(&k);
  assert_json(&k, "{\"process\":{\"user\":{\"uid\":65534,\"gid\":65534},\"cwd\":\"/\"}}");
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
      uint32_t uid = run_user(&f);
      ck_assert_uint_ne(uid, 0);
      assert_json(&f, in[i]);
      ck_assert_uint_eq(f.findings.len, 0);
    }
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"process\":{\"user\":{\"uid\":1000,\"gid\":1000}}}");
  ck_assert_uint_eq(run_user(&f), 1000);
}
END_TEST

START_TEST(test_only_the_zero_id_changes)
{
  _cleanup_fx_ struct fx a;
  fx_init(&a, "{\"process\":{\"user\":{\"uid\":1000,\"gid\":0}}}");
  ck_assert_uint_eq(run_user(&a), 1000);
  assert_json(&a, "{\"process\":{\"user\":{\"uid\":1000,\"gid\":65534}}}");
  ck_assert_uint_eq(a.findings.len, 1);
  assert_finding(&a, 0, U, CHANGED, "process.user.gid", "0", "65534");

  _cleanup_fx_ struct fx b;
  fx_init(&b, "{\"process\":{\"user\":{\"uid\":0,\"gid\":1000}}}");
  ck_assert_uint_eq(run_user(&b), 0);
  assert_json(&b, "{\"process\":{\"user\":{\"uid\":65534,\"gid\":1000}}}");
  ck_assert_uint_eq(b.findings.len, 1);
  assert_finding(&b, 0, U, CHANGED, "process.user.uid", "0", "65534");
}
END_TEST

START_TEST(test_root_group_leaves_additional_gids)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"process\":{\"user\":{\"uid\":1000,\"gid\":1000,\"additionalGids\":"
              "[0,10,0,4294967295]}}}");
  run_user(&f);
  assert_json(&f, "{\"process\":{\"user\":{\"uid\":1000,\"gid\":1000,\"additionalGids\":"
                  "[10,4294967295]}}}");
  ck_assert_uint_eq(f.findings.len, 1);
  assert_finding(&f, 0, U, CHANGED, "process.user.additionalGids", "[0, 10, 0, 4294967295]",
                 "[10, 4294967295]");

  _cleanup_fx_ struct fx g;
  fx_init(&g, "{\"process\":{\"user\":{\"uid\":0,\"gid\":0,\"additionalGids\":[0]}}}");
  run_user(&g);
  assert_json(&g, "{\"process\":{\"user\":{\"uid\":65534,\"gid\":65534,\"additionalGids\":[]}}}");
  ck_assert_uint_eq(g.findings.len, 3);
  assert_finding(&g, 2, U, CHANGED, "process.user.additionalGids", "[0]", "[]");
}
END_TEST

START_TEST(test_policy_ids)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"process\":{\"user\":{\"uid\":0,\"gid\":0}}}");
  f.policy.uid = 1234;
  f.policy.gid = 4321;
  run_user(&f);
  assert_json(&f, "{\"process\":{\"user\":{\"uid\":1234,\"gid\":4321}}}");
  assert_finding(&f, 0, U, CHANGED, "process.user.uid", "0", "1234");
  assert_finding(&f, 1, U, CHANGED, "process.user.gid", "0", "4321");
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
  assert_json(&f, "{\"user\":{\"uid\":65534,\"gid\":65534,\"additionalGids\":[1]},\"args\":"
                  "[\"id\"]}");
  ck_assert_uint_eq(f.findings.len, 3);
  assert_finding(&f, 0, U, CHANGED, "user.uid", "0", "65534");
  assert_finding(&f, 1, U, CHANGED, "user.gid", "0", "65534");
  assert_finding(&f, 2, U, CHANGED, "user.additionalGids", "[0, 1]", "[1]");
}
END_TEST

START_TEST(test_bad_ids_are_errors)
{
  user_error("{\"process\":{\"user\":{\"uid\":1000.0}}}", "process.user.uid: ");
  user_error("{\"process\":{\"user\":{\"uid\":-1}}}", "process.user.uid: ");
  user_error("{\"process\":{\"user\":{\"uid\":4294967296}}}", "process.user.uid: ");
  user_error("{\"process\":{\"user\":{\"uid\":\"0\"}}}", "process.user.uid: ");
  user_error("{\"process\":{\"user\":{\"uid\":1e3}}}", "process.user.uid: ");
  user_error("{\"process\":{\"user\":{\"uid\":1,\"gid\":-0}}}", "process.user.gid: ");
  user_error("{\"process\":{\"user\":{\"uid\":1,\"gid\":1,\"additionalGids\":[1,\"0\"]}}}",
             "process.user.additionalGids[1]: ");
  user_error("{\"process\":{\"user\":{\"uid\":1,\"gid\":1,\"additionalGids\":[4294967296]}}}",
             "process.user.additionalGids[0]: ");
  user_error("{\"process\":{\"user\":{\"uid\":1,\"gid\":1,\"additionalGids\":0}}}",
             "process.user.additionalGids: ");
  user_error("{\"process\":{\"user\":[]}}", "process.user: ");
  /* Validation comes before any change: uid 0 is not rewritten when a
   * later field is bad. */
  user_error("{\"process\":{\"user\":{\"uid\":0,\"gid\":0,\"additionalGids\":[0,-1]}}}",
             "process.user.additionalGids[1]: ");
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
    assert_json(&f, in);
    ck_assert_uint_eq(f.findings.len, 3);
    assert_finding(&f, 0, U, WARNED, "process.user.uid", "0", "65534");
    assert_finding(&f, 1, U, WARNED, "process.user.gid", "0", "65534");
    assert_finding(&f, 2, U, WARNED, "process.user.additionalGids", "[0]", "[]");
    ck_assert_ptr_null(clamp_findings_denied(&f.findings));
  }
  /* deny: refused, not changed. */
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, in);
    f.policy.actions[U] = CLAMP_ACTION_DENY;
    run_user(&f);
    assert_json(&f, in);
    ck_assert_uint_eq(f.findings.len, 3);
    assert_finding(&f, 0, U, DENIED, "process.user.uid", NULL, NULL);
    ck_assert_ptr_eq(clamp_findings_denied(&f.findings), &f.findings.items[0]);
  }
  /* deny with no user object: nothing is added to the document. */
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, "{\"process\":{\"args\":[\"sh\"]}}");
    f.policy.actions[U] = CLAMP_ACTION_DENY;
    run_user(&f);
    assert_json(&f, "{\"process\":{\"args\":[\"sh\"]}}");
    ck_assert_uint_eq(f.findings.len, 2);
    ck_assert_int_eq(f.findings.items[0].kind, DENIED);
  }
  /* off: nothing at all, but the input uid is still reported. */
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, in);
    f.policy.actions[U] = CLAMP_ACTION_OFF;
    ck_assert_uint_eq(run_user(&f), 0);
    assert_json(&f, in);
    ck_assert_uint_eq(f.findings.len, 0);
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
  assert_json(&f, once);
  size_t n = f.findings.len;
  ck_assert_uint_eq(n, 3);
  ck_assert_uint_eq(run_user(&f), 65534);
  assert_json(&f, once);
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
      run_userns(&f);
      ck_assert_msg(f.findings.len == 0, "case %zu: %s", i,
                    f.findings.len ? f.findings.items[0].reason : "");
      assert_json(&f, ok[i]);
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
  assert_json(&f, json);
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
  ck_assert_uint_eq(f.findings.len, 0);
  assert_json(&f, in);
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
  assert_json(&f,
              USERNS_SPEC("65534", "65534", "", "[" MAP(0, 1000, 1) "," MAP(1, 100000, 65536) "]",
                          "[" MAP(0, 1000, 1) "," MAP(1, 100000, 65536) "]"));
}
END_TEST

START_TEST(test_userns_actions)
{
  const char *in =
      USERNS_SPEC("65534", "65534", "", "[" MAP(0, 100000, 10) "]", "[" MAP(0, 100000, 65536) "]");
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, in);
    f.policy.actions[U] = CLAMP_ACTION_WARN;
    run_userns(&f);
    ck_assert_uint_eq(f.findings.len, 1);
    assert_finding(&f, 0, U, WARNED, "linux.uidMappings", NULL, NULL);
    ck_assert_ptr_null(clamp_findings_denied(&f.findings));
  }
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, in);
    f.policy.actions[U] = CLAMP_ACTION_DENY;
    run_userns(&f);
    ck_assert_uint_eq(f.findings.len, 1);
    assert_finding(&f, 0, U, DENIED, "linux.uidMappings", NULL, NULL);
  }
  {
    _cleanup_fx_ struct fx f;
    fx_init(&f, in);
    f.policy.actions[U] = CLAMP_ACTION_OFF;
    run_userns(&f);
    ck_assert_uint_eq(f.findings.len, 0);
  }
}
END_TEST

START_TEST(test_userns_bad_types)
{
  static const struct
  {
    const char *json, *prefix;
  } c[] = {
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
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, c[i].json);
      _cleanup_error_ struct clamp_error *err = NULL;
      ck_assert_int_lt(clamp_rule_user_namespace(&f.ctx, f.doc->root, &err), 0);
      ck_assert_msg(strncmp(err->msg, c[i].prefix, strlen(c[i].prefix)) == 0,
                    "\"%s\" does not start with \"%s\"", err->msg, c[i].prefix);
    }
}
END_TEST

/* ---- idmapped mounts ---- */

START_TEST(test_idmapped_mounts_refused)
{
  const char *in =
      "{\"process\":{\"user\":{\"uid\":1000,\"gid\":1000}},\"mounts\":["
      "{\"destination\":\"/proc\",\"type\":\"proc\"},"
      "{\"destination\":\"/data\",\"type\":\"bind\",\"source\":\"/srv\","
      "\"uidMappings\":[" MAP(
          0, 100000,
          65536) "]},"
                 "{\"destination\":\"/d2\",\"type\":\"bind\",\"source\":\"/srv\","
                 "\"gidMappings\":[" MAP(
                     0, 100000,
                     65536) "]},"
                            "{\"destination\":\"/d3\",\"type\":\"bind\",\"source\":\"/srv\","
                            "\"uidMappings\":[],\"gidMappings\":null}]}";
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  run_userns(&f);
  ck_assert_uint_eq(f.findings.len, 2);
  assert_finding(&f, 0, U, DENIED, "mounts[1].uidMappings", NULL, NULL);
  assert_finding(&f, 1, U, DENIED, "mounts[2].gidMappings", NULL, NULL);
  assert_json(&f, in);

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
