/* SPDX-License-Identifier: Apache-2.0 */
/* runtime.c's clamp_runtime_version: the first line of `<rt> --version`,
 * run without a shell; a runtime that fails, is killed or prints nothing
 * is an error naming it. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "clamp/runtime.h"
#include "testutil.h"

static char *script(const char *dir, const char *name, const char *body)
{
  char *path = clamp_xasprintf("%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fprintf(f, "#!/bin/sh\n%s\n", body);
  fclose(f);
  ck_assert_int_eq(chmod(path, 0755), 0);
  return path;
}

static char *version_of(const char *path, struct clamp_error **err)
{
  struct clamp_runtime rt = { (char *)path, CLAMP_FLAVOR_RUNC };
  return clamp_runtime_version(&rt, err);
}

START_TEST(test_version)
{
  _cleanup_tmpdir_ char *dir = clamp_test_tmpdir("runtime", 0700);
  _cleanup_free_ char *ok = script(dir, "runc",
                                   "[ \"$1\" = --version ] || exit 3\n"
                                   "echo 'runc version 9.9.9'; echo 'commit: x'; echo err >&2");
  struct clamp_error *err = NULL;
  _cleanup_free_ char *v = version_of(ok, &err);
  ck_assert_ptr_nonnull(v);
  ck_assert_str_eq(v, "runc version 9.9.9");

  /* Odd bytes are escaped, not passed on. */
  _cleanup_free_ char *odd = script(dir, "odd", "printf 'v\\033[1m\"x\"\\n'");
  _cleanup_free_ char *w = version_of(odd, &err);
  ck_assert_ptr_nonnull(w);
  ck_assert_str_eq(w, "v\\x1B[1m\\\"x\\\"");
}
END_TEST

START_TEST(test_version_errors)
{
  _cleanup_tmpdir_ char *dir = clamp_test_tmpdir("runtime", 0700);
  static const struct
  {
    const char *name, *body, *want;
  } c[] = {
    { "fails", "echo 'runc version 1'; exit 4", "exit status 4" },
    { "silent", "exit 0", "printed nothing" },
    { "killed", "kill -9 $$", "killed by signal 9" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_free_ char *p = script(dir, c[i].name, c[i].body);
      struct clamp_error *err = NULL;
      char *v = version_of(p, &err);
      ck_assert_msg(v == NULL, "%s: %s", c[i].name, v);
      ck_assert_ptr_nonnull(err);
      ck_assert_msg(strstr(err->msg, c[i].want) != NULL && strstr(err->msg, p) != NULL, "%s: %s",
                    c[i].name, err->msg);
      clamp_error_free(err);
    }
  /* Not there at all: execv fails in the child (status 127). */
  struct clamp_error *err = NULL;
  ck_assert_ptr_null(version_of("/nonexistent/runc", &err));
  ck_assert_ptr_nonnull(strstr(err->msg, "exit status 127"));
  clamp_error_free(err);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("runtime");
  TCase *tc = tcase_create("runtime");
  tcase_add_test(tc, test_version);
  tcase_add_test(tc, test_version_errors);
  suite_add_tcase(s, tc);
  return s;
}
