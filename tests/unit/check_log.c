/* SPDX-License-Identifier: Apache-2.0 */
/* runc's --log line formats (src/log.c), tested against what runc 1.1.5
 * itself writes (logrus 1.x; checked with /usr/bin/runc here):
 *   text: time="2026-11-22T13:18:40Z" level=error msg="runc: \"create\" requires ..."
 *   json: {"level":"error","msg":"...","time":"<RFC3339>"}
 * logrus's TextFormatter quotes a value with Go's %q (strconv.Quote) when it
 * holds anything beyond [A-Za-z0-9-._/@^+]; the JSON formatter sorts keys.
 * containerd reads the last "error" line of the JSON log, and fails to
 * report anything if a line is not JSON or its time is not RFC3339.
 * Issue 2: the line is appended to --log, or goes to stderr when there is
 * no --log; stdout is never written. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "clamp/json.h"
#include "clamp/log.h"
#include "testutil.h"

static char *fmt(bool json, const char *level, const char *msg, time_t t)
{
  struct clamp_log log = { .path = NULL, .json = json, .debug = false };
  return clamp_log_format(&log, level, msg, t);
}

static void text_is(const char *msg, const char *want_msg_field)
{
  _cleanup_free_ char *line = fmt(false, "error", msg, 0);
  _cleanup_free_ char *want =
      clamp_xasprintf("time=\"1970-01-01T00:00:00Z\" level=error msg=%s\n", want_msg_field);
  ck_assert_str_eq(line, want);
}

/* ---- text ---- */

START_TEST(test_text_line)
{
  text_is("clamp: process.user.uid: denied", "\"clamp: process.user.uid: denied\"");
  /* Nothing to quote: bare, as logrus writes it. */
  text_is("hello", "hello");
  text_is("a-b.c_d/e@f^g+h", "a-b.c_d/e@f^g+h");
  text_is("", "");
  _cleanup_free_ char *w = fmt(false, "warning", "x y", 1700000000);
  ck_assert_str_eq(w, "time=\"2023-11-14T22:13:20Z\" level=warning msg=\"x y\"\n");
  _cleanup_free_ char *d = fmt(false, "debug", "k=v", 86399);
  ck_assert_str_eq(d, "time=\"1970-01-01T23:59:59Z\" level=debug msg=\"k=v\"\n");
}
END_TEST

START_TEST(test_text_quotes_like_go)
{
  /* runc's own line: msg="runc: \"create\" requires exactly 1 argument(s)" */
  text_is("runc: \"create\" requires exactly 1 argument(s)",
          "\"runc: \\\"create\\\" requires exactly 1 argument(s)\"");
  text_is("back\\slash", "\"back\\\\slash\"");
  text_is("two\nlines\tand tab", "\"two\\nlines\\tand tab\"");
  text_is("\x01\x1f\x7f", "\"\\x01\\x1f\\x7f\"");
  /* Printable Unicode stays as it is under %q. */
  text_is("caf\xc3\xa9 \xe2\x82\xac", "\"caf\xc3\xa9 \xe2\x82\xac\"");
}
END_TEST

/* Go's strconv.Quote has short escapes for \a \b \f \r \v, which logrus
 * uses; a line clamp writes should read the same as runc's. */
START_TEST(test_text_short_escapes_like_go)
{
  text_is("cr\rbell\a", "\"cr\\rbell\\a\"");
  text_is("\b\f\v", "\"\\b\\f\\v\"");
}
END_TEST

/* Go's %q writes invalid UTF-8 bytes as \xNN and non-printable runes as
 * \uNNNN, so a log line is always valid UTF-8. */
START_TEST(test_text_invalid_utf8_like_go)
{
  text_is("bad\xff", "\"bad\\xff\"");
  text_is("nel\xc2\x85", "\"nel\\u0085\"");
}
END_TEST

/* ---- json ---- */

START_TEST(test_json_line)
{
  _cleanup_free_ char *line = fmt(true, "error", "clamp: config.json: denied", 0);
  ck_assert_str_eq(line, "{\"level\":\"error\",\"msg\":\"clamp: config.json: denied\","
                         "\"time\":\"1970-01-01T00:00:00Z\"}\n");
  _cleanup_free_ char *w = fmt(true, "warning", "w", 1700000000);
  ck_assert_str_eq(w, "{\"level\":\"warning\",\"msg\":\"w\",\"time\":\"2023-11-14T22:13:20Z\"}\n");
}
END_TEST

START_TEST(test_json_escapes_and_parses)
{
  const char *msg = "q\"b\\n\nc\x01t\ttail \xc3\xa9";
  _cleanup_free_ char *line = fmt(true, "error", msg, 1);
  /* One line: the only newline is the last byte. */
  size_t len = strlen(line);
  ck_assert_int_eq(line[len - 1], '\n');
  ck_assert_ptr_eq(strchr(line, '\n'), line + len - 1);
  /* Valid JSON with exactly level, msg, time, and msg round-trips. */
  struct clamp_error *err = NULL;
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_json_parse(line, len - 1, &err);
  ck_assert_msg(doc != NULL, "%s", err ? err->msg : "");
  ck_assert_uint_eq(doc->root->u.obj.len, 3);
  ck_assert_str_eq(doc->root->u.obj.members[0].key, "level");
  ck_assert_str_eq(doc->root->u.obj.members[1].key, "msg");
  ck_assert_str_eq(doc->root->u.obj.members[2].key, "time");
  ck_assert_str_eq(clamp_json_object_get(doc->root, "msg")->u.str.s, msg);
  ck_assert_str_eq(clamp_json_object_get(doc->root, "time")->u.str.s, "1970-01-01T00:00:01Z");
}
END_TEST

/* ---- writing ---- */

static char *tmpname(void) { return clamp_test_tmpdir("log", 0700); }

static char *slurp(const char *path)
{
  char *text = clamp_test_read_file(path, NULL);
  return text ? text : clamp_xstrdup("(missing)");
}

static void rm_dir(const char *d) { ck_assert_int_eq(clamp_test_rm_rf(d), 0); }

/* Point fd at a fresh file; returns its path. */
static char *capture_fd(int fd, const char *dir, const char *name)
{
  char *p = clamp_xasprintf("%s/%s", dir, name);
  int f = open(p, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  ck_assert_int_ge(f, 0);
  ck_assert_int_ge(dup2(f, fd), 0);
  close(f);
  return p;
}

/* stdout and stderr go to files in a fresh directory until capture_end
 * puts them back (TAP goes to stdout when Check does not fork). */
struct capture
{
  char *dir, *out, *err;
  int saved_out, saved_err;
};

static void capture_start(struct capture *c)
{
  c->dir = tmpname();
  fflush(stdout);
  fflush(stderr);
  c->saved_out = dup(STDOUT_FILENO);
  c->saved_err = dup(STDERR_FILENO);
  ck_assert(c->saved_out >= 0 && c->saved_err >= 0);
  c->out = capture_fd(STDOUT_FILENO, c->dir, "stdout");
  c->err = capture_fd(STDERR_FILENO, c->dir, "stderr");
}

/* What reached stdout so far (flushed first). */
static char *captured_stdout(const struct capture *c)
{
  fflush(stdout);
  return slurp(c->out);
}

static void capture_end(struct capture *c)
{
  fflush(stdout);
  fflush(stderr);
  dup2(c->saved_out, STDOUT_FILENO);
  dup2(c->saved_err, STDERR_FILENO);
  close(c->saved_out);
  close(c->saved_err);
  rm_dir(c->dir);
  free(c->out);
  free(c->err);
  free(c->dir);
}

/* Lines are appended (existing content kept), the file is created 0644
 * like runc's, and nothing reaches stdout or stderr. */
START_TEST(test_write_appends_to_log)
{
  struct capture cap;
  capture_start(&cap);
  _cleanup_free_ char *path = clamp_xasprintf("%s/log.json", cap.dir);
  umask(022);
  struct clamp_log log = { .path = path, .json = true, .debug = false };
  clamp_log_write(&log, "error", "clamp: one");
  clamp_log_write(&log, "info", "clamp: two");
  clamp_log_write(&log, "debug", "clamp: not shown without --debug");
  clamp_log_write(&log, "warning", "clamp: three");
  _cleanup_free_ char *got = slurp(path);
  /* Three lines, each a JSON object with the right level and msg. */
  const char *want[][2] = { { "error", "clamp: one" },
                            { "info", "clamp: two" },
                            { "warning", "clamp: three" } };
  char *save = NULL, *line = strtok_r(got, "\n", &save);
  for (size_t i = 0; i < 3; i++, line = strtok_r(NULL, "\n", &save))
    {
      ck_assert_ptr_nonnull(line);
      _cleanup_free_ char *prefix =
          clamp_xasprintf("{\"level\":\"%s\",\"msg\":\"%s\",\"time\":\"", want[i][0], want[i][1]);
      ck_assert_msg(strncmp(line, prefix, strlen(prefix)) == 0, "line %zu: %s", i, line);
    }
  ck_assert_ptr_null(line);
  struct stat st;
  ck_assert_int_eq(stat(path, &st), 0);
  ck_assert_uint_eq(st.st_mode & 0777, 0644);

  /* An existing log keeps its content. */
  struct clamp_log text = { .path = path, .json = false, .debug = true };
  clamp_log_write(&text, "debug", "clamp: now shown");
  _cleanup_free_ char *again = slurp(path);
  ck_assert_ptr_nonnull(strstr(again, "\"msg\":\"clamp: three\""));
  ck_assert_ptr_nonnull(strstr(again, " level=debug msg=\"clamp: now shown\"\n"));

  _cleanup_free_ char *o = captured_stdout(&cap);
  _cleanup_free_ char *e = slurp(cap.err);
  ck_assert_str_eq(o, "");
  ck_assert_str_eq(e, "");
  capture_end(&cap);
}
END_TEST

/* No --log: errors go to stderr in the same format; other levels are
 * dropped; stdout stays empty. */
START_TEST(test_write_without_log_goes_to_stderr)
{
  struct capture cap;
  capture_start(&cap);
  struct clamp_log log = { .path = NULL, .json = false, .debug = true };
  clamp_log_write(&log, "info", "clamp: quiet");
  clamp_log_write(&log, "warning", "clamp: quiet too");
  clamp_log_write(&log, "error", "clamp: bad thing");
  struct clamp_log jlog = { .path = NULL, .json = true, .debug = false };
  clamp_log_write(&jlog, "error", "clamp: json");
  _cleanup_free_ char *o = captured_stdout(&cap);
  _cleanup_free_ char *e = slurp(cap.err);
  ck_assert_str_eq(o, "");
  char *nl = strchr(e, '\n');
  ck_assert_ptr_nonnull(nl);
  ck_assert(strncmp(e, "time=\"", 6) == 0);
  ck_assert_ptr_nonnull(strstr(e, "\" level=error msg=\"clamp: bad thing\"\n"));
  ck_assert_ptr_nonnull(strstr(nl + 1, "{\"level\":\"error\",\"msg\":\"clamp: json\",\"time\":\""));
  ck_assert_ptr_null(strstr(e, "quiet"));
  capture_end(&cap);
}
END_TEST

/* A log that cannot be opened changes nothing: no crash, no stdout. */
START_TEST(test_write_unwritable_log)
{
  struct capture cap;
  capture_start(&cap);
  struct clamp_log log = { .path = cap.dir, .json = true, .debug = false }; /* a directory */
  clamp_log_write(&log, "info", "clamp: x");
  clamp_log_write(&log, "error", "clamp: y");
  struct clamp_log missing = { .path = "/nonexistent/dir/log.json", .json = true };
  clamp_log_write(&missing, "error", "clamp: z");
  _cleanup_free_ char *o = captured_stdout(&cap);
  ck_assert_str_eq(o, "");
  capture_end(&cap);
}
END_TEST

/* Each line is one write(2) with O_APPEND: parallel writers (runc and
 * clamp, or several clamps) never interleave. */
START_TEST(test_parallel_writers_do_not_interleave)
{
  _cleanup_free_ char *d = tmpname();
  _cleanup_free_ char *path = clamp_xasprintf("%s/log.json", d);
  enum
  {
    WRITERS = 4,
    LINES = 300
  };
  char payload[400];
  memset(payload, 'x', sizeof payload - 1);
  payload[sizeof payload - 1] = '\0';
  for (int w = 0; w < WRITERS; w++)
    {
      pid_t pid = fork();
      ck_assert_int_ge(pid, 0);
      if (pid == 0)
        {
          struct clamp_log log = { .path = path, .json = true, .debug = false };
          for (int i = 0; i < LINES; i++)
            {
              char msg[512];
              snprintf(msg, sizeof msg, "clamp: w%d l%03d %s", w, i, payload);
              clamp_log_write(&log, "error", msg);
            }
          _exit(0);
        }
    }
  for (int w = 0; w < WRITERS; w++)
    {
      int status;
      ck_assert_int_gt(wait(&status), 0);
      ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    }
  _cleanup_free_ char *got = slurp(path);
  size_t n = 0;
  char *save = NULL;
  for (char *line = strtok_r(got, "\n", &save); line; line = strtok_r(NULL, "\n", &save), n++)
    {
      struct clamp_error *err = NULL;
      _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_json_parse(line, strlen(line), &err);
      ck_assert_msg(doc != NULL, "line %zu is not JSON: %.80s", n, line);
      ck_assert_str_eq(clamp_json_object_get(doc->root, "level")->u.str.s, "error");
    }
  ck_assert_uint_eq(n, WRITERS * LINES);
  rm_dir(d);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("log");
  TCase *tc = tcase_create("log");
  tcase_add_test(tc, test_text_line);
  tcase_add_test(tc, test_text_quotes_like_go);
  tcase_add_test(tc, test_text_short_escapes_like_go);
  tcase_add_test(tc, test_text_invalid_utf8_like_go);
  tcase_add_test(tc, test_json_line);
  tcase_add_test(tc, test_json_escapes_and_parses);
  tcase_add_test(tc, test_write_appends_to_log);
  tcase_add_test(tc, test_write_without_log_goes_to_stderr);
  tcase_add_test(tc, test_write_unwritable_log);
  tcase_add_test(tc, test_parallel_writers_do_not_interleave);
  suite_add_tcase(s, tc);
  return s;
}
