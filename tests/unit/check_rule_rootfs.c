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

#include "rulefx.h"

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
#define SCRATCH_OPTS "[\"nosuid\",\"nodev\",\"noexec\"]"
#define M(dest, type, opts)                                                                        \
  "{\"destination\":\"" dest "\",\"type\":\"" type "\",\"source\":\"s\",\"options\":" opts "}"

static int rootfs(struct fx *f, struct clamp_error **err)
{
  return clamp_rule_rootfs(&f->ctx, f->doc->root, err);
}

static void run_rootfs(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, rootfs(f, &err), &err);
}

/* The rule turns in into want; name says which case failed. */
static void rootfs_becomes(const char *name, const char *in, const char *want)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  f.name = name;
  run_rootfs(&f);
  fx_assert_json(&f, want);
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

/* The real Docker 20.10 default spec (tests/data/docker/default/config.json). */
START_TEST(test_docker_default)
{
  _cleanup_free_ char *text = clamp_test_read_data("docker/default/config.json", NULL);
  _cleanup_fx_ struct fx f;
  fx_init(&f, text);
  /* The path names the capture's private data root; only readonly changes. */
  _cleanup_free_ char *path =
      clamp_test_text(clamp_json_object_get(clamp_json_object_get(f.doc->root, "root"), "path"));
  run_rootfs(&f);
  _cleanup_free_ char *want_root = clamp_xasprintf("{\"path\":%s,\"readonly\":true}", path);
  fx_assert_node(&f, clamp_json_object_get(f.doc->root, "root"), want_root);
  ck_assert_uint_eq(n_mounts(&f), 12);
  /* /dev keeps its device nodes usable: noexec added, never nodev. */
  fx_assert_node(&f, mount_at(&f, 1),
                 "{\"destination\":\"/dev\",\"type\":\"tmpfs\",\"source\":\"tmpfs\","
                 "\"options\":[\"nosuid\",\"strictatime\",\"mode=755\","
                 "\"size=65536k\",\"noexec\"]}");
  /* Already nosuid,noexec,nodev. */
  fx_assert_node(&f, mount_at(&f, 5),
                 "{\"destination\":\"/dev/mqueue\",\"type\":\"mqueue\",\"source\":"
                 "\"mqueue\",\"options\":[\"nosuid\",\"noexec\",\"nodev\"]}");
  fx_assert_node(&f, mount_at(&f, 6),
                 "{\"destination\":\"/dev/shm\",\"type\":\"tmpfs\",\"source\":\"shm\","
                 "\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"mode=1777\","
                 "\"size=67108864\"]}");
  /* No mount beneath /tmp or /run: both go at the end, /tmp first. */
  fx_assert_node(&f, mount_at(&f, 10), NEW_TMP);
  fx_assert_node(&f, mount_at(&f, 11), NEW_RUN);
  ck_assert_uint_eq(f.findings.len, 4);
  fx_assert_finding(&f, 0, R, CHANGED, "root.readonly", "false", "true");
  fx_assert_finding(&f, 1, R, CHANGED, "mounts[1].options",
                    "[nosuid, strictatime, mode=755, size=65536k]",
                    "[nosuid, strictatime, mode=755, size=65536k, noexec]");
  fx_assert_finding(&f, 2, R, CHANGED, "mounts", "(no mount there)", ADDED_TMP);
  fx_assert_finding(&f, 3, R, CHANGED, "mounts", "(no mount there)", ADDED_RUN);
}
END_TEST

START_TEST(test_docker_default_idempotent)
{
  _cleanup_free_ char *text = clamp_test_read_data("docker/default/config.json", NULL);
  _cleanup_fx_ struct fx f;
  fx_init(&f, text);
  run_rootfs(&f);
  _cleanup_free_ char *once = clamp_test_text(f.doc->root);
  size_t n = f.findings.len;
  run_rootfs(&f);
  ck_assert_uint_eq(f.findings.len, n);
  fx_assert_json(&f, once);
}
END_TEST

START_TEST(test_readonly_set)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"root\":{\"path\":\"rootfs\",\"readonly\":false},\"mounts\":[" NEW_TMP "," NEW_RUN
              "]}");
  run_rootfs(&f);
  fx_assert_json(&f, "{\"root\":{\"path\":\"rootfs\",\"readonly\":true},\"mounts\":[" NEW_TMP
                     "," NEW_RUN "]}");
  ck_assert_uint_eq(f.findings.len, 1);
  fx_assert_finding(&f, 0, R, CHANGED, "root.readonly", "false", "true");

  rootfs_becomes(
      "null readonly",
      "{\"root\":{\"readonly\":null,\"path\":\"r\"},\"mounts\":[" NEW_TMP "," NEW_RUN "]}",
      "{\"root\":{\"readonly\":true,\"path\":\"r\"},\"mounts\":[" NEW_TMP "," NEW_RUN "]}");

  _cleanup_fx_ struct fx h;
  fx_init(&h, SPEC("[" NEW_TMP "," NEW_RUN "]"));
  run_rootfs(&h);
  fx_assert_untouched(&h, SPEC("[" NEW_TMP "," NEW_RUN "]"));
}
END_TEST

START_TEST(test_no_mounts_at_all)
{
  static const struct
  {
    const char *name, *in;
  } c[] = {
    { "no mounts", "{\"root\":{\"path\":\"rootfs\",\"readonly\":true}}" },
    { "empty mounts", SPEC("[]") },
    { "null mounts", "{\"root\":{\"path\":\"rootfs\",\"readonly\":true},\"mounts\":null}" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    rootfs_becomes(c[i].name, c[i].in, SPEC("[" NEW_TMP "," NEW_RUN "]"));
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
  fx_assert_json(&f, SPEC("[" M("/tmp", "tmpfs",
                                "[\"rw\",\"size=10m\",\"noexec\",\"nosuid\","
                                "\"nodev\"]") "," NEW_RUN "]"));
  ck_assert_uint_eq(f.findings.len, 2);
  fx_assert_finding(&f, 0, R, CHANGED, "mounts[0].options",
                    "[rw, exec, suid, dev, size=10m, noexec, rexec, rsuid, rdev, exec]",
                    "[rw, size=10m, noexec, nosuid, nodev]");
  fx_assert_finding(&f, 1, R, CHANGED, "mounts", "(no mount there)", ADDED_RUN);
}
END_TEST

/* Scratch mounts of every kind, before and after. */
#define DATA_IN M("/data", "tmpfs", "null")
#define DATA_OUT M("/data", "tmpfs", SCRATCH_OPTS)
#define MQ_IN M("/mq", "mqueue", "[]")
#define MQ_OUT M("/mq", "mqueue", SCRATCH_OPTS)
#define SHM_IN M("/dev/shm", "bind", "[\"rbind\",\"rprivate\"]")
#define SHM_OUT M("/dev/shm", "bind", "[\"rbind\",\"rprivate\",\"nosuid\",\"nodev\",\"noexec\"]")
#define DEV_MQ_IN M("/dev/mqueue", "bind", "[\"rbind\"]")
#define DEV_MQ_OUT M("/dev/mqueue", "bind", "[\"rbind\",\"nosuid\",\"nodev\",\"noexec\"]")
#define SRV M("/srv", "bind", "[\"rbind\",\"exec\"]")
#define PROC M("/proc", "proc", "[]")

START_TEST(test_scratch_kinds)
{
  /* tmpfs anywhere, mqueue by type, /dev/shm and /dev/mqueue by path
   * whatever their type (Docker's --ipc shareable makes a bind). */
  _cleanup_fx_ struct fx f;
  fx_init(&f, SPEC("[" DATA_IN "," MQ_IN "," SHM_IN "," DEV_MQ_IN "," SRV "," PROC "," NEW_TMP
                   "," NEW_RUN "]"));
  run_rootfs(&f);
  fx_assert_json(&f, SPEC("[" DATA_OUT "," MQ_OUT "," SHM_OUT "," DEV_MQ_OUT "," SRV "," PROC
                          "," NEW_TMP "," NEW_RUN "]"));
  ck_assert_uint_eq(f.findings.len, 4);
  fx_assert_finding(&f, 0, R, CHANGED, "mounts[0].options", "(unset)", "[nosuid, nodev, noexec]");
  fx_assert_finding(&f, 3, R, CHANGED, "mounts[3].options", "[rbind]",
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
      f.name = spellings[i];
      run_rootfs(&f);
      fx_assert_json(&f, want);
      ck_assert_msg(f.findings.len == 1, "%s: %zu findings", spellings[i], f.findings.len);
    }
  /* Compliant /dev (no nodev) is left alone. */
  const char *ok = SPEC(
      "[" M("/dev", "tmpfs", "[\"nosuid\",\"noexec\",\"mode=755\"]") "," NEW_TMP "," NEW_RUN "]");
  _cleanup_fx_ struct fx g;
  fx_init(&g, ok);
  run_rootfs(&g);
  fx_assert_untouched(&g, ok);
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
      f.name = tmp[i];
      run_rootfs(&f);
      ck_assert_msg(f.findings.len == 1, "%s: %zu findings", tmp[i], f.findings.len);
      fx_assert_json(&f, want);
    }
  rootfs_becomes("/run/", SPEC("[" M("/run/", "tmpfs", SCRATCH_OPTS) "]"),
                 SPEC("[" M("/run/", "tmpfs", SCRATCH_OPTS) "," NEW_TMP "]"));
}
END_TEST

/* Added tmpfs mounts go before the first mount beneath their path, so they
 * never hide it (runc mounts in order). */
/* Mounts beneath /run and /tmp, some spelt uncleanly. */
#define RUNNER M("/runner", "bind", "[]")
#define SECRETS M("/run/secrets", "bind", "[\"ro\"]")
#define X11 M("/tmp/.X11-unix", "bind", "[]")
#define OTHER M("/run/other", "bind", "[]")
#define UNCLEAN_RUN M("//run//secrets/", "bind", "[]")
#define UNCLEAN_TMP M("/tmp/../tmp/a", "bind", "[]")

START_TEST(test_added_before_mounts_beneath)
{
  rootfs_becomes(
      "beneath", SPEC("[" PROC "," RUNNER "," SECRETS "," X11 "," OTHER "]"),
      SPEC("[" PROC "," RUNNER "," NEW_RUN "," SECRETS "," NEW_TMP "," X11 "," OTHER "]"));
  /* Unclean spellings of a mount beneath. */
  rootfs_becomes("unclean", SPEC("[" UNCLEAN_RUN "," UNCLEAN_TMP "]"),
                 SPEC("[" NEW_RUN "," UNCLEAN_RUN "," NEW_TMP "," UNCLEAN_TMP "]"));
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
  fx_assert_json(&f, SPEC("[{\"destination\":\"/scratch\",\"type\":\"tmpfs\",\"source\":\"tmpfs\","
                          "\"options\":[\"nosuid\",\"size=1m\"]}]"));
}
END_TEST

START_TEST(test_rootfs_actions)
{
  _cleanup_free_ char *text = clamp_test_read_data("docker/default/config.json", NULL);
  static const struct
  {
    const char *name;
    enum clamp_action action;
    enum clamp_finding_kind kind;
  } c[] = { { "warn", CLAMP_ACTION_WARN, WARNED }, { "deny", CLAMP_ACTION_DENY, DENIED } };
  for (size_t a = 0; a < CLAMP_N_ELEMENTS(c); a++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, text);
      f.name = c[a].name;
      f.policy.actions[R] = c[a].action;
      run_rootfs(&f);
      fx_assert_json(&f, text);
      ck_assert_msg(f.findings.len == 4, "%s: %zu findings", c[a].name, f.findings.len);
      for (size_t i = 0; i < 4; i++)
        ck_assert_msg(f.findings.items[i].kind == c[a].kind, "%s: finding %zu is kind %d",
                      c[a].name, i, (int)f.findings.items[i].kind);
      fx_assert_finding(&f, 0, R, c[a].kind, "root.readonly", NULL, NULL);
      fx_assert_finding(&f, 1, R, c[a].kind, "mounts[1].options", NULL, NULL);
    }
  _cleanup_fx_ struct fx f;
  fx_init(&f, text);
  f.policy.actions[R] = CLAMP_ACTION_OFF;
  run_rootfs(&f);
  fx_assert_untouched(&f, text);
}
END_TEST

START_TEST(test_rootfs_bad_input)
{
  static const struct fx_error_case c[] = {
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
  fx_check_errors(rootfs, false, c, CLAMP_N_ELEMENTS(c));
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
