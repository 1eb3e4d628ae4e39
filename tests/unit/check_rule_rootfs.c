/* SPDX-License-Identifier: Apache-2.0 */
/* rootfs.readonly (src/rules/rootfs.c), tested against issue 2's rule 3:
 *  - root.readonly is set to true;
 *  - tmpfs mounts at /tmp and /run with nosuid,nodev,noexec,mode=1777,
 *    size=64m are added unless a mount already targets that path (in any
 *    spelling: "/tmp/", "//tmp");
 *  - every existing tmpfs, shm or mqueue mount gets nosuid,nodev,noexec,
 *    except that the /dev tmpfs never gets nodev;
 *  - added mounts go before any existing mount beneath their path
 *    (e.g. /run/secrets), so they never hide it. */
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

#define CHANGED CLAMP_FINDING_CHANGED
#define DENIED CLAMP_FINDING_DENIED
#define WARNED CLAMP_FINDING_WARNED
#define R CLAMP_RULE_ROOTFS_READONLY

#define TMPFS_OPTS "[\"nosuid\",\"nodev\",\"noexec\",\"mode=1777\",\"size=64m\"]"
#define NEW_TMP                                                                                    \
  "{\"destination\":\"/tmp\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":" TMPFS_OPTS "}"
#define NEW_RUN                                                                                    \
  "{\"destination\":\"/run\",\"type\":\"tmpfs\",\"source\":\"tmpfs\",\"options\":" TMPFS_OPTS "}"
#define ADDED_TMP "tmpfs /tmp [nosuid, nodev, noexec, mode=1777, size=64m]"
#define ADDED_RUN "tmpfs /run [nosuid, nodev, noexec, mode=1777, size=64m]"

/* A spec with a read-only root and the given mounts array. */
#define SPEC(mounts) "{\"root\":{\"path\":\"rootfs\",\"readonly\":true},\"mounts\":" mounts "}"
#define M(dest, type, opts)                                                                        \
  "{\"destination\":\"" dest "\",\"type\":\"" type "\",\"source\":\"s\",\"options\":" opts "}"

static void run_rootfs(struct fx *f)
{
  struct clamp_error *err = NULL;
  int r = clamp_rule_rootfs(&f->ctx, f->doc->root, &err);
  ck_assert_msg(r == 0, "rule failed: %s", err ? err->msg : "?");
}

static void assert_node(const struct clamp_json *v, const char *want)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_json_serialize(v, &b, &err), 0);
  ck_assert_str_eq(b.data, want);
  clamp_buf_free(&b);
}

static const struct clamp_json *mount_at(const struct fx *f, size_t i)
{
  const struct clamp_json *m = clamp_json_object_get(f->doc->root, "mounts");
  ck_assert_msg(i < m->u.arr.len, "no mounts[%zu] (have %zu)", i, m->u.arr.len);
  return m->u.arr.items[i];
}

static size_t n_mounts(const struct fx *f)
{
  return clamp_json_object_get(f->doc->root, "mounts")->u.arr.len;
}

/* The real Docker 20.10 default spec (tests/data/unit/docker/default.json). */
START_TEST(test_docker_default)
{
  _cleanup_free_ char *text = clamp_test_read_data("unit/docker/default.json", NULL);
  _cleanup_fx_ struct fx f;
  fx_init(&f, text);
  run_rootfs(&f);
  assert_node(
      clamp_json_object_get(f.doc->root, "root"),
      "{\"path\":\"/tmp/clamp-cap/data/overlay2/63919e6c6d9753a22df17b9b387a4692b5cf49e58026"
      "87bc0e61224e5711ba7f/merged\",\"readonly\":true}");
  ck_assert_uint_eq(n_mounts(&f), 12);
  /* /dev keeps its device nodes usable: noexec added, never nodev. */
  assert_node(mount_at(&f, 1), "{\"destination\":\"/dev\",\"type\":\"tmpfs\",\"source\":\"tmpfs\","
                               "\"options\":[\"nosuid\",\"strictatime\",\"mode=755\","
                               "\"size=65536k\",\"noexec\"]}");
  /* Already nosuid,noexec,nodev. */
  assert_node(mount_at(&f, 5), "{\"destination\":\"/dev/mqueue\",\"type\":\"mqueue\",\"source\":"
                               "\"mqueue\",\"options\":[\"nosuid\",\"noexec\",\"nodev\"]}");
  assert_node(mount_at(&f, 6),
              "{\"destination\":\"/dev/shm\",\"type\":\"tmpfs\",\"source\":\"shm\","
              "\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"mode=1777\","
              "\"size=67108864\"]}");
  /* No mount beneath /tmp or /run: both go at the end, /tmp first. */
  assert_node(mount_at(&f, 10), NEW_TMP);
  assert_node(mount_at(&f, 11), NEW_RUN);
  ck_assert_uint_eq(f.findings.len, 4);
  assert_finding(&f, 0, R, CHANGED, "root.readonly", "false", "true");
  assert_finding(&f, 1, R, CHANGED, "mounts[1].options",
                 "[nosuid, strictatime, mode=755, size=65536k]",
                 "[nosuid, strictatime, mode=755, size=65536k, noexec]");
  assert_finding(&f, 2, R, CHANGED, "mounts", "(no mount there)", ADDED_TMP);
  assert_finding(&f, 3, R, CHANGED, "mounts", "(no mount there)", ADDED_RUN);
}
END_TEST

START_TEST(test_docker_default_idempotent)
{
  _cleanup_free_ char *text = clamp_test_read_data("unit/docker/default.json", NULL);
  _cleanup_fx_ struct fx f;
  fx_init(&f, text);
  run_rootfs(&f);
  struct clamp_buf once;
  clamp_buf_init(&once);
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_json_serialize(f.doc->root, &once, &err), 0);
  size_t n = f.findings.len;
  run_rootfs(&f);
  ck_assert_uint_eq(f.findings.len, n);
  assert_json(&f, once.data);
  clamp_buf_free(&once);
}
END_TEST

START_TEST(test_readonly_set)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"root\":{\"path\":\"rootfs\",\"readonly\":false},\"mounts\":[" NEW_TMP "," NEW_RUN
              "]}");
  run_rootfs(&f);
  assert_json(&f, "{\"root\":{\"path\":\"rootfs\",\"readonly\":true},\"mounts\":[" NEW_TMP
                  "," NEW_RUN "]}");
  ck_assert_uint_eq(f.findings.len, 1);
  assert_finding(&f, 0, R, CHANGED, "root.readonly", "false", "true");

  _cleanup_fx_ struct fx g;
  fx_init(&g, "{\"root\":{\"readonly\":null,\"path\":\"r\"},\"mounts\":[" NEW_TMP "," NEW_RUN "]}");
  run_rootfs(&g);
  assert_json(&g,
              "{\"root\":{\"readonly\":true,\"path\":\"r\"},\"mounts\":[" NEW_TMP "," NEW_RUN "]}");

  _cleanup_fx_ struct fx h;
  fx_init(&h, SPEC("[" NEW_TMP "," NEW_RUN "]"));
  run_rootfs(&h);
  assert_json(&h, SPEC("[" NEW_TMP "," NEW_RUN "]"));
  ck_assert_uint_eq(h.findings.len, 0);
}
END_TEST

START_TEST(test_no_mounts_at_all)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"root\":{\"path\":\"rootfs\",\"readonly\":true}}");
  run_rootfs(&f);
  assert_json(&f, SPEC("[" NEW_TMP "," NEW_RUN "]"));
  _cleanup_fx_ struct fx g;
  fx_init(&g, SPEC("[]"));
  run_rootfs(&g);
  assert_json(&g, SPEC("[" NEW_TMP "," NEW_RUN "]"));
  _cleanup_fx_ struct fx h;
  fx_init(&h, "{\"root\":{\"path\":\"rootfs\",\"readonly\":true},\"mounts\":null}");
  run_rootfs(&h);
  assert_json(&h, SPEC("[" NEW_TMP "," NEW_RUN "]"));
}
END_TEST

/* An existing tmpfs gets nosuid,nodev,noexec; "exec", "suid" and "dev"
 * (and their recursive forms) are removed, since runc applies options in
 * order and a later "exec" would undo "noexec". */
START_TEST(test_existing_tmpfs_fixed)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, SPEC("[" M("/tmp", "tmpfs",
                         "[\"rw\",\"exec\",\"suid\",\"dev\",\"size=10m\","
                         "\"noexec\",\"rexec\",\"rsuid\",\"rdev\",\"exec\"]") "]"));
  run_rootfs(&f);
  assert_json(&f, SPEC("[" M("/tmp", "tmpfs",
                             "[\"rw\",\"size=10m\",\"noexec\",\"nosuid\","
                             "\"nodev\"]") "," NEW_RUN "]"));
  ck_assert_uint_eq(f.findings.len, 2);
  assert_finding(&f, 0, R, CHANGED, "mounts[0].options",
                 "[rw, exec, suid, dev, size=10m, noexec, rexec, rsuid, rdev, exec]",
                 "[rw, size=10m, noexec, nosuid, nodev]");
  assert_finding(&f, 1, R, CHANGED, "mounts", "(no mount there)", ADDED_RUN);
}
END_TEST

START_TEST(test_scratch_kinds)
{
  /* tmpfs anywhere, mqueue by type, /dev/shm and /dev/mqueue by path
   * whatever their type (Docker's --ipc shareable makes a bind). */
  _cleanup_fx_ struct fx f;
  fx_init(
      &f,
      SPEC("[" M("/data", "tmpfs", "null") "," M("/mq", "mqueue", "[]") "," M(
          "/dev/shm", "bind",
          "[\"rbind\",\"rprivate\"]") "," M("/dev/mqueue", "bind",
                                            "[\"rbind\"]") "," M("/srv", "bind",
                                                                 "[\"rbind\",\"exec\"]") "," M("/pr"
                                                                                               "oc",
                                                                                               "pro"
                                                                                               "c",
                                                                                               "[]") "," NEW_TMP
                                                                                                     "," NEW_RUN
                                                                                                     "]"));
  run_rootfs(&f);
  assert_json(
      &f,
      SPEC("[" M("/data", "tmpfs", "[\"nosuid\",\"nodev\",\"noexec\"]") "," M("/mq", "mqueue", "[\"nosuid\",\"nodev\",\"noexec\"]") "," M(
          "/dev/shm", "bind",
          "[\"rbind\",\"rprivate\",\"nosuid\",\"nodev\","
          "\"noexec\"]") "," M("/dev/mqueue", "bind",
                               "[\"rbind\",\"nosuid\",\"nodev\",\"noexec\"]") "," M("/srv", "bind",
                                                                                    "[\"rbind\""
                                                                                    ",\"exec\""
                                                                                    "]") "," M("/pr"
                                                                                               "oc",
                                                                                               "pro"
                                                                                               "c",
                                                                                               "[]") "," NEW_TMP
                                                                                                     "," NEW_RUN
                                                                                                     "]"));
  ck_assert_uint_eq(f.findings.len, 4);
  assert_finding(&f, 0, R, CHANGED, "mounts[0].options", "(unset)", "[nosuid, nodev, noexec]");
  assert_finding(&f, 3, R, CHANGED, "mounts[3].options", "[rbind]",
                 "[rbind, nosuid, nodev, noexec]");
}
END_TEST

START_TEST(test_dev_never_nodev)
{
  static const char *const spellings[] = { "/dev", "/dev/", "//dev", "/dev/." };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(spellings); i++)
    {
      _cleanup_fx_ struct fx f;
      _cleanup_free_ char *in = clamp_xasprintf(
          SPEC("[{\"destination\":\"%s\",\"type\":\"tmpfs\",\"options\":[\"dev\",\"exec\","
               "\"suid\",\"mode=755\"]}," NEW_TMP "," NEW_RUN "]"),
          spellings[i]);
      _cleanup_free_ char *want = clamp_xasprintf(
          SPEC("[{\"destination\":\"%s\",\"type\":\"tmpfs\",\"options\":[\"dev\",\"mode=755\","
               "\"nosuid\",\"noexec\"]}," NEW_TMP "," NEW_RUN "]"),
          spellings[i]);
      fx_init(&f, in);
      run_rootfs(&f);
      assert_json(&f, want);
      ck_assert_uint_eq(f.findings.len, 1);
    }
  /* Compliant /dev (no nodev) is left alone. */
  const char *ok = SPEC(
      "[" M("/dev", "tmpfs", "[\"nosuid\",\"noexec\",\"mode=755\"]") "," NEW_TMP "," NEW_RUN "]");
  _cleanup_fx_ struct fx g;
  fx_init(&g, ok);
  run_rootfs(&g);
  assert_json(&g, ok);
  ck_assert_uint_eq(g.findings.len, 0);
}
END_TEST

/* A mount that targets /tmp or /run in any spelling means clamp adds none
 * there, whatever its type. */
START_TEST(test_existing_target_spellings)
{
  static const char *const tmp[] = { "/tmp", "/tmp/", "//tmp", "/run/../tmp", "/./tmp", "tmp" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(tmp); i++)
    {
      _cleanup_fx_ struct fx f;
      _cleanup_free_ char *in = clamp_xasprintf(
          SPEC("[{\"destination\":\"%s\",\"type\":\"bind\",\"source\":\"/h\",\"options\":"
               "[\"rbind\"]}]"),
          tmp[i]);
      _cleanup_free_ char *want = clamp_xasprintf(
          SPEC("[{\"destination\":\"%s\",\"type\":\"bind\",\"source\":\"/h\",\"options\":"
               "[\"rbind\"]}," NEW_RUN "]"),
          tmp[i]);
      fx_init(&f, in);
      run_rootfs(&f);
      ck_assert_msg(f.findings.len == 1, "%s: %zu findings", tmp[i], f.findings.len);
      assert_json(&f, want);
    }
  _cleanup_fx_ struct fx r;
  fx_init(&r, SPEC("[" M("/run/", "tmpfs", "[\"nosuid\",\"nodev\",\"noexec\"]") "]"));
  run_rootfs(&r);
  assert_json(&r,
              SPEC("[" M("/run/", "tmpfs", "[\"nosuid\",\"nodev\",\"noexec\"]") "," NEW_TMP "]"));
}
END_TEST

/* Added tmpfs mounts go before the first mount beneath their path, so they
 * never hide it (runc mounts in order). */
START_TEST(test_added_before_mounts_beneath)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, SPEC("[" M("/proc", "proc", "[]") "," M("/runner", "bind", "[]") "," M(
                  "/run/secrets", "bind", "[\"ro\"]") "," M("/tmp/.X11-unix", "bind",
                                                            "[]") "," M("/run/other", "bind",
                                                                        "[]") "]"));
  run_rootfs(&f);
  assert_json(&f,
              SPEC("[" M("/proc", "proc", "[]") "," M("/runner", "bind", "[]") "," NEW_RUN "," M(
                  "/run/secrets", "bind", "[\"ro\"]") "," NEW_TMP
                                                      "," M("/tmp/.X11-unix", "bind", "[]") "," M(
                                                          "/run/other", "bind", "[]") "]"));

  /* Unclean spellings of a mount beneath. */
  _cleanup_fx_ struct fx g;
  fx_init(&g,
          SPEC("[" M("//run//secrets/", "bind", "[]") "," M("/tmp/../tmp/a", "bind", "[]") "]"));
  run_rootfs(&g);
  assert_json(&g, SPEC("[" NEW_RUN "," M("//run//secrets/", "bind", "[]") "," NEW_TMP "," M(
                      "/tmp/../tmp/a", "bind", "[]") "]"));
}
END_TEST

START_TEST(test_custom_policy_tmpfs)
{
  static const char *const opts[] = { "nosuid", "size=1m", NULL };
  static const struct clamp_tmpfs only[] = { { "/scratch", opts } };
  _cleanup_fx_ struct fx f;
  fx_init(&f, SPEC("[]"));
  f.policy.tmpfs = only;
  f.policy.n_tmpfs = 1;
  run_rootfs(&f);
  assert_json(&f, SPEC("[{\"destination\":\"/scratch\",\"type\":\"tmpfs\",\"source\":\"tmpfs\","
                       "\"options\":[\"nosuid\",\"size=1m\"]}]"));
}
END_TEST

START_TEST(test_rootfs_actions)
{
  _cleanup_free_ char *text = clamp_test_read_data("unit/docker/default.json", NULL);
  static const enum clamp_action acts[] = { CLAMP_ACTION_WARN, CLAMP_ACTION_DENY };
  static const enum clamp_finding_kind kinds[] = { WARNED, DENIED };
  for (size_t a = 0; a < 2; a++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, text);
      f.policy.actions[R] = acts[a];
      run_rootfs(&f);
      assert_json(&f, text);
      ck_assert_uint_eq(f.findings.len, 4);
      for (size_t i = 0; i < 4; i++)
        ck_assert_int_eq(f.findings.items[i].kind, kinds[a]);
      ck_assert_str_eq(f.findings.items[0].field, "root.readonly");
      ck_assert_str_eq(f.findings.items[1].field, "mounts[1].options");
    }
  _cleanup_fx_ struct fx f;
  fx_init(&f, text);
  f.policy.actions[R] = CLAMP_ACTION_OFF;
  run_rootfs(&f);
  assert_json(&f, text);
  ck_assert_uint_eq(f.findings.len, 0);
}
END_TEST

START_TEST(test_rootfs_bad_input)
{
  static const struct
  {
    const char *json, *prefix;
  } c[] = {
    { "{\"mounts\":[]}", "root: missing" },
    { "{\"root\":null}", "root: missing" },
    { "{\"root\":[]}", "root: " },
    { "{\"root\":{\"readonly\":\"true\"}}", "root.readonly: " },
    { "{\"root\":{\"readonly\":1}}", "root.readonly: " },
    { SPEC("{}"), "mounts: " },
    { SPEC("[\"/tmp\"]"), "mounts[0]: " },
    { SPEC("[{\"destination\":5}]"), "mounts[0].destination: " },
    { SPEC("[{\"destination\":\"/a\",\"type\":[]}]"), "mounts[0].type: " },
    { SPEC("[{\"destination\":\"/a\",\"options\":\"ro\"}]"), "mounts[0].options: " },
    { SPEC("[{\"destination\":\"/a\"},{\"destination\":\"/b\",\"options\":[\"ro\",1]}]"),
      "mounts[1].options[1]: " },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, c[i].json);
      _cleanup_error_ struct clamp_error *err = NULL;
      ck_assert_int_lt(clamp_rule_rootfs(&f.ctx, f.doc->root, &err), 0);
      ck_assert_int_eq(err->kind, CLAMP_ERR_INPUT);
      ck_assert_msg(strncmp(err->msg, c[i].prefix, strlen(c[i].prefix)) == 0,
                    "\"%s\" does not start with \"%s\"", err->msg, c[i].prefix);
    }
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("rule_rootfs");
  TCase *tc = tcase_create("rule_rootfs");
  tcase_add_test(tc, test_docker_default);
  tcase_add_test(tc, test_docker_default_idempotent);
  tcase_add_test(tc, test_readonly_set);
  tcase_add_test(tc, test_no_mounts_at_all);
  tcase_add_test(tc, test_existing_tmpfs_fixed);
  tcase_add_test(tc, test_scratch_kinds);
  tcase_add_test(tc, test_dev_never_nodev);
  tcase_add_test(tc, test_existing_target_spellings);
  tcase_add_test(tc, test_added_before_mounts_beneath);
  tcase_add_test(tc, test_custom_policy_tmpfs);
  tcase_add_test(tc, test_rootfs_actions);
  tcase_add_test(tc, test_rootfs_bad_input);
  suite_add_tcase(s, tc);
  return s;
}
