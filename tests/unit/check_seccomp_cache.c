/* SPDX-License-Identifier: Apache-2.0 */
/* The seccomp compile cache (src/seccomp_cache.c): a warm check compiles
 * nothing, and anything doubtful about the cache makes it a miss or
 * disables it. Temporary directories live under a mkdtemp and are
 * removed. */
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clamp/buildid.h"
#include "clamp/seccomp.h"
#include "clamp/sha256.h"
#include "testutil.h"

static bool check(struct clamp_seccomp_cache *cache, const char *profile, const char *release,
                  uint8_t digest[32])
{
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_test_parse_q(profile);
  _cleanup_error_ struct clamp_error *err = NULL;
  bool cached = true;
  int r = clamp_seccomp_check(cache, doc->root, release, digest, &cached, &err);
  ck_assert_msg(r == 0, "check failed: %s", err ? err->msg : "?");
  return cached;
}

static void open_cache(struct clamp_seccomp_cache *c, const char *path)
{
  _cleanup_error_ struct clamp_error *err = NULL;
  c->dirfd = 42;
  ck_assert_int_eq(clamp_seccomp_cache_open(c, path, &err), 0);
  ck_assert_ptr_null(err);
}

/* The one marker in dir (there must be exactly one). */
static char *only_marker(const char *dir)
{
  _cleanup_free_ char *cmd = clamp_xasprintf("ls -A '%s'", dir);
  FILE *p = popen(cmd, "r");
  ck_assert_ptr_nonnull(p);
  char line[256], name[256] = "";
  int n = 0;
  while (fgets(line, sizeof line, p) != NULL)
    {
      n++;
      snprintf(name, sizeof name, "%s", line);
    }
  pclose(p);
  ck_assert_int_eq(n, 1);
  name[strcspn(name, "\n")] = '\0';
  ck_assert_uint_eq(strlen(name), 64);
  return clamp_xasprintf("%s/%s", dir, name);
}

static void write_file(const char *path, const char *content)
{
  unlink(path);
  FILE *f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fputs(content, f);
  fclose(f);
  chmod(path, 0600);
}

START_TEST(test_cache_miss_then_hit)
{
  _cleanup_tmpdir_ char *tmp = clamp_test_tmpdir("check-seccomp", 0700);
  _cleanup_free_ char *dir = clamp_xasprintf("%s/a/b/cache", tmp);
  struct clamp_seccomp_cache c;
  open_cache(&c, dir);
  ck_assert_int_ge(c.dirfd, 0);
  ck_assert_int_ne(fcntl(c.dirfd, F_GETFD) & FD_CLOEXEC, 0);
  struct stat st;
  ck_assert_int_eq(stat(dir, &st), 0);
  ck_assert_uint_eq(st.st_mode & 07777, 0700);
  _cleanup_free_ char *mid = clamp_xasprintf("%s/a", tmp);
  ck_assert_int_eq(stat(mid, &st), 0);
  ck_assert_uint_eq(st.st_mode & 07777, 0700);

  uint8_t d1[32], d2[32], want[32];
  clamp_test_digest_q(clamp_test_dockerish, want);
  ck_assert(!check(&c, clamp_test_dockerish, "6.1.0-test", d1));
  ck_assert_int_eq(memcmp(d1, want, 32), 0);
  ck_assert(check(&c, clamp_test_dockerish, "6.1.0-test", d2));
  ck_assert_int_eq(memcmp(d2, want, 32), 0);

  /* The marker: 0600, the digest in hex and a newline, nothing else. */
  _cleanup_free_ char *marker = only_marker(dir);
  ck_assert_int_eq(lstat(marker, &st), 0);
  ck_assert(S_ISREG(st.st_mode));
  ck_assert_uint_eq(st.st_mode & 07777, 0600);
  char hex[65], text[80] = "";
  clamp_sha256_hex(want, hex);
  FILE *f = fopen(marker, "r");
  ck_assert_ptr_nonnull(f);
  size_t n = fread(text, 1, sizeof text - 1, f);
  fclose(f);
  ck_assert_uint_eq(n, 65);
  _cleanup_free_ char *line = clamp_xasprintf("%s\n", hex);
  ck_assert_str_eq(text, line);

  /* A hit does not compile: a marker with another digest is believed. */
  write_file(marker, "00000000000000000000000000000000000000000000000000000000000000ff\n");
  ck_assert(check(&c, clamp_test_dockerish, "6.1.0-test", d2));
  for (int i = 0; i < 31; i++)
    ck_assert_uint_eq(d2[i], 0);
  ck_assert_uint_eq(d2[31], 0xff);

  /* Reopening an existing cache works too. */
  clamp_seccomp_cache_close(&c);
  ck_assert_int_eq(c.dirfd, -1);
  open_cache(&c, dir);
  ck_assert_int_ge(c.dirfd, 0);
  ck_assert(check(&c, clamp_test_dockerish, "6.1.0-test", d2));
  clamp_seccomp_cache_close(&c);
}
END_TEST

START_TEST(test_cache_corrupt_marker_is_miss)
{
  _cleanup_tmpdir_ char *tmp = clamp_test_tmpdir("check-seccomp", 0700);
  struct clamp_seccomp_cache c;
  open_cache(&c, tmp);
  ck_assert_int_ge(c.dirfd, 0);
  uint8_t d[32], want[32];
  clamp_test_digest_q(clamp_test_dockerish, want);
  ck_assert(!check(&c, clamp_test_dockerish, "r", d));
  _cleanup_free_ char *marker = only_marker(tmp);
  _cleanup_free_ char *good = clamp_xasprintf("%s/good", tmp);
  char hex[65];
  clamp_sha256_hex(want, hex);
  static const char *const bad[] = {
    "zz00000000000000000000000000000000000000000000000000000000000000\n",
    "00000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0000000000000000000000000000000000000000000000000000000000000000\n\n",
    "00000000000000000000000000000000000000000000000000000000000000AA\n",
    "",
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(bad); i++)
    {
      write_file(marker, bad[i]);
      ck_assert_msg(!check(&c, clamp_test_dockerish, "r", d), "marker %zu was a hit", i);
      ck_assert_int_eq(memcmp(d, want, 32), 0);
      /* The miss rewrote the marker, so the next check hits. */
      ck_assert(check(&c, clamp_test_dockerish, "r", d));
    }

  /* A symlink to a valid marker is not followed. */
  _cleanup_free_ char *line = clamp_xasprintf("%s\n", hex);
  write_file(good, line);
  unlink(marker);
  ck_assert_int_eq(symlink(good, marker), 0);
  ck_assert(!check(&c, clamp_test_dockerish, "r", d));
  ck_assert(check(&c, clamp_test_dockerish, "r", d)); /* replaced by a real file */

  /* A marker owned by someone else is not believed. */
  if (geteuid() == 0)
    {
      ck_assert_int_eq(chown(marker, 65534, 65534), 0);
      ck_assert(!check(&c, clamp_test_dockerish, "r", d));
      ck_assert(check(&c, clamp_test_dockerish, "r", d));
    }

  /* A directory or FIFO in its place is a miss, not an error or a hang. */
  unlink(marker);
  ck_assert_int_eq(mkdir(marker, 0700), 0);
  ck_assert(!check(&c, clamp_test_dockerish, "r", d));
  ck_assert(!check(&c, clamp_test_dockerish, "r", d));
  rmdir(marker);
  ck_assert_int_eq(mkfifo(marker, 0600), 0);
  ck_assert(!check(&c, clamp_test_dockerish, "r", d));
  ck_assert(check(&c, clamp_test_dockerish, "r", d));
  unlink(good);
  clamp_seccomp_cache_close(&c);
}
END_TEST

START_TEST(test_cache_refused)
{
  _cleanup_tmpdir_ char *tmp = clamp_test_tmpdir("check-seccomp", 0700);
  struct clamp_seccomp_cache c;
  uint8_t d[32];

  /* Group or other permission bits. */
  _cleanup_free_ char *open_dir = clamp_xasprintf("%s/open", tmp);
  ck_assert_int_eq(mkdir(open_dir, 0700), 0);
  ck_assert_int_eq(chmod(open_dir, 0755), 0);
  open_cache(&c, open_dir);
  ck_assert_int_eq(c.dirfd, -1);
  ck_assert(!check(&c, clamp_test_dockerish, "r", d));
  ck_assert(!check(&c, clamp_test_dockerish, "r", d));
  ck_assert_int_eq(chmod(open_dir, 0710), 0);
  open_cache(&c, open_dir);
  ck_assert_int_eq(c.dirfd, -1);

  /* Owned by another uid. */
  if (geteuid() == 0)
    {
      _cleanup_free_ char *other = clamp_xasprintf("%s/other", tmp);
      ck_assert_int_eq(mkdir(other, 0700), 0);
      ck_assert_int_eq(chown(other, 65534, 65534), 0);
      open_cache(&c, other);
      ck_assert_int_eq(c.dirfd, -1);
    }

  /* A symlink anywhere in the path. */
  _cleanup_free_ char *real = clamp_xasprintf("%s/real", tmp);
  _cleanup_free_ char *link = clamp_xasprintf("%s/link", tmp);
  _cleanup_free_ char *via_link = clamp_xasprintf("%s/link/cache", tmp);
  ck_assert_int_eq(mkdir(real, 0700), 0);
  ck_assert_int_eq(symlink(real, link), 0);
  open_cache(&c, via_link);
  ck_assert_int_eq(c.dirfd, -1);
  open_cache(&c, link);
  ck_assert_int_eq(c.dirfd, -1);
  _cleanup_free_ char *made = clamp_xasprintf("%s/real/cache", tmp);
  ck_assert_int_eq(access(made, F_OK), -1); /* nothing created through the link */

  /* A file where a directory should be, "..", empty or no path. */
  _cleanup_free_ char *file = clamp_xasprintf("%s/file", tmp);
  write_file(file, "x");
  open_cache(&c, file);
  ck_assert_int_eq(c.dirfd, -1);
  _cleanup_free_ char *dotdot = clamp_xasprintf("%s/real/../real", tmp);
  open_cache(&c, dotdot);
  ck_assert_int_eq(c.dirfd, -1);
  open_cache(&c, "");
  ck_assert_int_eq(c.dirfd, -1);
  open_cache(&c, NULL);
  ck_assert_int_eq(c.dirfd, -1);
  /* A NULL cache just compiles. */
  ck_assert(!check(NULL, clamp_test_dockerish, "r", d));
}
END_TEST

START_TEST(test_cache_key_inputs)
{
  _cleanup_tmpdir_ char *tmp = clamp_test_tmpdir("check-seccomp", 0700);
  struct clamp_seccomp_cache c;
  open_cache(&c, tmp);
  ck_assert_int_ge(c.dirfd, 0);
  uint8_t d[32];
  ck_assert(!check(&c, clamp_test_dockerish, "6.1.0-18-amd64", d));
  ck_assert(check(&c, clamp_test_dockerish, "6.1.0-18-amd64", d));
  /* Another kernel release is another key. */
  ck_assert(!check(&c, clamp_test_dockerish, "6.1.0-19-amd64", d));
  ck_assert(check(&c, clamp_test_dockerish, "6.1.0-19-amd64", d));
  ck_assert(!check(&c, clamp_test_dockerish, NULL, d));
  ck_assert(check(&c, clamp_test_dockerish, "", d)); /* NULL counts as "" */
  /* Another profile (even one byte of layout) is another key. */
  static const char other[] = "{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':1}";
  static const char other_reordered[] = "{'defaultErrnoRet':1,'defaultAction':'SCMP_ACT_ERRNO'}";
  uint8_t e[32];
  ck_assert(!check(&c, other, "6.1.0-18-amd64", e));
  ck_assert(check(&c, other, "6.1.0-18-amd64", e));
  ck_assert(!check(&c, other_reordered, "6.1.0-18-amd64", d));
  ck_assert_int_eq(memcmp(d, e, 32), 0);
  clamp_seccomp_cache_close(&c);
}
END_TEST

START_TEST(test_cache_does_not_hide_errors)
{
  _cleanup_tmpdir_ char *tmp = clamp_test_tmpdir("check-seccomp", 0700);
  struct clamp_seccomp_cache c;
  open_cache(&c, tmp);
  _cleanup_json_doc_ struct clamp_json_doc *doc =
      clamp_test_parse_q("{'defaultAction':'SCMP_ACT_ERRNO','flags':['SECCOMP_FILTER_FLAG_LOG']}");
  for (int i = 0; i < 2; i++)
    {
      _cleanup_error_ struct clamp_error *err = NULL;
      uint8_t d[32];
      bool cached = true;
      ck_assert_int_lt(clamp_seccomp_check(&c, doc->root, "r", d, &cached, &err), 0);
      ck_assert(!cached);
      ck_assert_ptr_nonnull(err);
      ck_assert_ptr_nonnull(strstr(err->msg, "linux.seccomp.flags: must be empty"));
    }
  /* Nothing was recorded for a profile that failed. */
  _cleanup_free_ char *cmd = clamp_xasprintf("test -z \"$(ls -A '%s')\"", tmp);
  ck_assert_int_eq(system(cmd), 0);
  clamp_seccomp_cache_close(&c);
}
END_TEST

/* The build ID that keys the caches is the one the linker wrote, as
 * readelf shows it. */
START_TEST(test_build_id)
{
  char id[CLAMP_BUILD_ID_HEX_MAX];
  clamp_build_id_hex(id);
  _cleanup_free_ char *cmd = clamp_xasprintf("readelf -n /proc/%d/exe", (int)getpid());
  FILE *p = popen(cmd, "r");
  ck_assert_ptr_nonnull(p);
  char line[512], want[256] = "";
  while (fgets(line, sizeof line, p) != NULL)
    {
      const char *b = strstr(line, "Build ID: ");
      if (b != NULL)
        snprintf(want, sizeof want, "%s", b + strlen("Build ID: "));
    }
  pclose(p);
  want[strcspn(want, "\n")] = '\0';
  ck_assert_uint_gt(strlen(want), 0);
  ck_assert_str_eq(id, want);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("seccomp_cache");
  TCase *cache = tcase_create("cache");
  tcase_add_test(cache, test_cache_miss_then_hit);
  tcase_add_test(cache, test_cache_corrupt_marker_is_miss);
  tcase_add_test(cache, test_cache_refused);
  tcase_add_test(cache, test_cache_key_inputs);
  tcase_add_test(cache, test_cache_does_not_hide_errors);
  tcase_add_test(cache, test_build_id);
  suite_add_tcase(s, cache);
  return s;
}
