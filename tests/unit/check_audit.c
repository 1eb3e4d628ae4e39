/* SPDX-License-Identifier: Apache-2.0 */
/* The audit trail (src/audit.c). Issue 3: every create, exec and update
 * decision is one JSON line with the time, command, container id, bundle,
 * the policy's digest, each rule's outcome (changed from -> to, denied,
 * warned, not applicable) and the compiled seccomp filter's digest; lines
 * are appended with O_APPEND in one write, so parallel containers never
 * interleave. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clamp/audit.h"
#include "testutil.h"

static void add(struct clamp_findings *fs, enum clamp_rule_id rule, enum clamp_finding_kind kind,
                const char *field, const char *from, const char *to, const char *reason)
{
  fs->items = clamp_xrealloc(fs->items, (fs->len + 1) * sizeof *fs->items);
  fs->items[fs->len++] = (struct clamp_finding){
    .rule = rule,
    .kind = kind,
    .field = field ? clamp_xstrdup(field) : NULL,
    .from = from ? clamp_xstrdup(from) : NULL,
    .to = to ? clamp_xstrdup(to) : NULL,
    .reason = reason ? clamp_xstrdup(reason) : NULL,
  };
}

static void digest(uint8_t d[32], uint8_t start)
{
  for (int i = 0; i < 32; i++)
    d[i] = (uint8_t)(start + i);
}

START_TEST(test_format_allowed)
{
  _cleanup_findings_ struct clamp_findings fs;
  clamp_findings_init(&fs);
  add(&fs, CLAMP_RULE_USER_NONROOT, CLAMP_FINDING_CHANGED, "process.user.uid", "0", "65534",
      "never root");
  add(&fs, CLAMP_RULE_NO_NEW_PRIVS, CLAMP_FINDING_WARNED, "process.noNewPrivileges", "false",
      "true", NULL);
  uint8_t pd[32], sd[32];
  digest(pd, 0);
  digest(sd, 0xe0);
  struct clamp_audit_record r = {
    .when = 1700000000,
    .command = "create",
    .id = "c1",
    .bundle = "/run/b",
    .policy_source = "/etc/clamp/policy.json",
    .policy_digest = pd,
    .findings = &fs,
    .seccomp_digest = sd,
  };
  struct clamp_error *err = NULL;
  size_t len = 0;
  _cleanup_free_ char *line = clamp_audit_format(&r, &len, &err);
  ck_assert_ptr_nonnull(line);
  ck_assert_str_eq(
      line,
      "{\"time\":\"2023-11-14T22:13:20Z\",\"command\":\"create\",\"id\":\"c1\","
      "\"bundle\":\"/run/b\",\"policy\":{\"source\":\"/etc/clamp/policy.json\","
      "\"sha256\":\"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\"},"
      "\"decision\":\"allowed\",\"findings\":["
      "{\"rule\":\"user.nonroot\",\"control\":\"CIS 4.1; Pod Security restricted: runAsNonRoot, "
      "runAsUser\",\"outcome\":\"changed\",\"field\":\"process.user.uid\",\"from\":\"0\","
      "\"to\":\"65534\",\"reason\":\"never root\"},"
      "{\"rule\":\"process.no-new-privileges\",\"control\":\"CIS 5.26; Pod Security restricted: "
      "allowPrivilegeEscalation\",\"outcome\":\"warned\",\"field\":\"process.noNewPrivileges\","
      "\"from\":\"false\",\"to\":\"true\"}],"
      "\"seccomp\":\"sha256:e0e1e2e3e4e5e6e7e8e9eaebecedeeeff0f1f2f3f4f5f6f7f8f9fafbfcfdfeff\"}\n");
  ck_assert_uint_eq(len, strlen(line));
}
END_TEST

START_TEST(test_format_refused_and_hostile)
{
  _cleanup_findings_ struct clamp_findings fs;
  clamp_findings_init(&fs);
  add(&fs, CLAMP_RULE_PROC_FD, CLAMP_FINDING_DENIED, "process.cwd", NULL, NULL, "magic\nlink");
  add(&fs, CLAMP_RULE_EXEC_LSM, CLAMP_FINDING_NA, NULL, NULL, NULL, NULL);
  uint8_t pd[32];
  digest(pd, 0);
  struct clamp_audit_record r = {
    .when = 0,
    .command = "exec",
    .id = "evil\"\n{\"decision\":\"allowed\"}",
    .policy_source = "(built-in)",
    .policy_digest = pd,
    .error = "process.cwd: denied",
    .findings = &fs,
  };
  struct clamp_error *err = NULL;
  size_t len = 0;
  _cleanup_free_ char *line = clamp_audit_format(&r, &len, &err);
  ck_assert_ptr_nonnull(line);
  /* One line, whatever the input holds. */
  ck_assert_ptr_eq(strchr(line, '\n'), line + len - 1);
  ck_assert_str_eq(
      line, "{\"time\":\"1970-01-01T00:00:00Z\",\"command\":\"exec\","
            "\"id\":\"evil\\\"\\n{\\\"decision\\\":\\\"allowed\\\"}\","
            "\"policy\":{\"source\":\"(built-in)\","
            "\"sha256\":\"000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f\"},"
            "\"decision\":\"refused\",\"error\":\"process.cwd: denied\",\"findings\":["
            "{\"rule\":\"escape.proc-fd\",\"control\":\"CVE-2024-21626\",\"outcome\":\"denied\","
            "\"field\":\"process.cwd\",\"reason\":\"magic\\nlink\"},"
            "{\"rule\":\"exec.lsm\",\"control\":\"CIS 5.2, 5.3, 5.23\","
            "\"outcome\":\"not applicable\"}]}\n");
}
END_TEST

/* Thousands of findings of one rule (a config with thousands of bind
 * mounts) are listed up to the limit, then counted. */
START_TEST(test_format_caps_repeats)
{
  _cleanup_findings_ struct clamp_findings fs;
  clamp_findings_init(&fs);
  for (int i = 0; i < 1000; i++)
    {
      _cleanup_free_ char *field = clamp_xasprintf("mounts[%d].options", i);
      add(&fs, CLAMP_RULE_MOUNTS_BIND_OPTIONS, CLAMP_FINDING_CHANGED, field, "[rbind]",
          "[rbind, nosuid, nodev]", "r");
    }
  add(&fs, CLAMP_RULE_MOUNTS_BIND_OPTIONS, CLAMP_FINDING_WARNED, "x", NULL, NULL, NULL);
  add(&fs, CLAMP_RULE_USER_NONROOT, CLAMP_FINDING_CHANGED, "process.user.uid", "0", "65534", NULL);
  uint8_t pd[32];
  digest(pd, 0);
  struct clamp_audit_record r = {
    .when = 0, .command = "create", .policy_source = "p", .policy_digest = pd, .findings = &fs
  };
  struct clamp_error *err = NULL;
  size_t len = 0;
  _cleanup_free_ char *line = clamp_audit_format(&r, &len, &err);
  ck_assert_ptr_nonnull(line);
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_test_parse(line);
  const struct clamp_json *list = clamp_json_object_get(doc->root, "findings");
  ck_assert_uint_eq(list->u.arr.len, CLAMP_AUDIT_FINDINGS_PER_RULE + 3);
  /* In order: the detailed ones, then one entry per rule and outcome
   * that was cut, with how many it left out. */
  const struct clamp_json *last = list->u.arr.items[list->u.arr.len - 1];
  clamp_test_assert_text(
      last,
      "{\"rule\":\"mounts.bind-options\",\"control\":\"CIS 5.6; NIST SP 800-190 "
      "4.4.4: bind mounts nosuid,nodev\",\"outcome\":\"changed\",\"omitted\":968}",
      "the count");
  clamp_test_assert_text(
      clamp_json_object_get(list->u.arr.items[CLAMP_AUDIT_FINDINGS_PER_RULE + 1], "rule"),
      "\"user.nonroot\"", "other rules are kept");
  ck_assert_uint_lt(len, 16384);
}
END_TEST

START_TEST(test_append_creates_private_file)
{
  _cleanup_tmpdir_ char *dir = clamp_test_tmpdir("audit", 0700);
  _cleanup_free_ char *path = clamp_xasprintf("%s/log/audit.log", dir);
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_audit_append(path, "a\n", 2, &err), 0);
  ck_assert_int_eq(clamp_audit_append(path, "b\n", 2, &err), 0);
  _cleanup_free_ char *text = clamp_test_read_file(path, NULL);
  ck_assert_str_eq(text, "a\nb\n");
  struct stat st;
  ck_assert_int_eq(stat(path, &st), 0);
  ck_assert_uint_eq(st.st_mode & 07777, 0600);
  _cleanup_free_ char *sub = clamp_xasprintf("%s/log", dir);
  ck_assert_int_eq(stat(sub, &st), 0);
  ck_assert_uint_eq(st.st_mode & 07777, 0700);
  /* Deeper: the missing directories above the log's own are made 0755. */
  _cleanup_free_ char *deep = clamp_xasprintf("%s/a/b/audit.log", dir);
  ck_assert_int_eq(clamp_audit_append(deep, "c\n", 2, &err), 0);
  _cleanup_free_ char *a = clamp_xasprintf("%s/a", dir);
  _cleanup_free_ char *ab = clamp_xasprintf("%s/a/b", dir);
  ck_assert_int_eq(stat(a, &st), 0);
  ck_assert_uint_eq(st.st_mode & 07777, 0755 & ~(mode_t)umask(umask(0)));
  ck_assert_int_eq(stat(ab, &st), 0);
  ck_assert_uint_eq(st.st_mode & 07777, 0700);
}
END_TEST

START_TEST(test_append_refuses_odd_files)
{
  _cleanup_tmpdir_ char *dir = clamp_test_tmpdir("audit", 0700);
  _cleanup_free_ char *target = clamp_xasprintf("%s/target", dir);
  _cleanup_free_ char *link = clamp_xasprintf("%s/link", dir);
  _cleanup_free_ char *fifo = clamp_xasprintf("%s/fifo", dir);
  ck_assert_int_eq(symlink(target, link), 0);
  ck_assert_int_eq(mkfifo(fifo, 0600), 0);
  struct clamp_error *err = NULL;
  /* A symlink at the log's name is not followed. */
  ck_assert_int_lt(clamp_audit_append(link, "x\n", 2, &err), 0);
  ck_assert_int_eq(err->errnum, ELOOP);
  ck_assert_ptr_nonnull(strstr(err->msg, "audit log"));
  clamp_error_free(err);
  err = NULL;
  ck_assert_int_ne(access(target, F_OK), 0);
  /* A directory cannot be opened for writing. */
  ck_assert_int_lt(clamp_audit_append(dir, "x\n", 2, &err), 0);
  clamp_error_free(err);
  err = NULL;
  /* A FIFO with a reader would block or feed someone else: refused
   * (O_NONBLOCK open of a FIFO without a reader fails with ENXIO). */
  ck_assert_int_lt(clamp_audit_append(fifo, "x\n", 2, &err), 0);
  clamp_error_free(err);
}
END_TEST

/* Writers in parallel, each line several KiB: every line comes out whole. */
START_TEST(test_parallel_lines_never_interleave)
{
  enum
  {
    WRITERS = 8,
    LINES = 100,
    WIDTH = 6000
  };
  _cleanup_tmpdir_ char *dir = clamp_test_tmpdir("audit", 0700);
  _cleanup_free_ char *path = clamp_xasprintf("%s/audit.log", dir);
  pid_t pids[WRITERS];
  for (int w = 0; w < WRITERS; w++)
    {
      pids[w] = fork();
      ck_assert_int_ge(pids[w], 0);
      if (pids[w] == 0)
        {
          char line[WIDTH + 1];
          memset(line, 'a' + w, WIDTH - 1);
          line[WIDTH - 1] = '\n';
          for (int i = 0; i < LINES; i++)
            {
              struct clamp_error *err = NULL;
              if (clamp_audit_append(path, line, WIDTH, &err) < 0)
                _exit(1);
            }
          _exit(0);
        }
    }
  for (int w = 0; w < WRITERS; w++)
    {
      int status;
      ck_assert_int_eq(waitpid(pids[w], &status, 0), pids[w]);
      ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
  size_t len = 0;
  _cleanup_free_ char *text = clamp_test_read_file(path, &len);
  ck_assert_uint_eq(len, (size_t)WRITERS * LINES * WIDTH);
  int count[WRITERS] = { 0 };
  for (size_t off = 0; off < len; off += WIDTH)
    {
      char c = text[off];
      EXPECT(c >= 'a' && c < 'a' + WRITERS, "line at %zu starts with %#x", off, c);
      for (size_t k = 0; k < WIDTH - 1; k++)
        EXPECT(text[off + k] == c, "line at %zu is mixed at %zu", off, k);
      EXPECT(text[off + WIDTH - 1] == '\n', "line at %zu has no end", off);
      count[c - 'a']++;
    }
  for (int w = 0; w < WRITERS; w++)
    ck_assert_int_eq(count[w], LINES);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("audit");
  TCase *tc = tcase_create("audit");
  tcase_add_test(tc, test_format_allowed);
  tcase_add_test(tc, test_format_refused_and_hostile);
  tcase_add_test(tc, test_format_caps_repeats);
  tcase_add_test(tc, test_append_creates_private_file);
  tcase_add_test(tc, test_append_refuses_odd_files);
  tcase_add_test(tc, test_parallel_lines_never_interleave);
  suite_add_tcase(s, tc);
  return s;
}
