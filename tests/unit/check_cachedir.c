/* SPDX-License-Identifier: Apache-2.0 */
/* clamp's cache directory (src/cachedir.c): files are written whole or not
 * at all, and a file that is not exactly what clamp writes there is a
 * miss. Directory checks are in check_seccomp_cache.c. Temporary
 * directories live under a mkdtemp and are removed. */
#include <dirent.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clamp/cachedir.h"
#include "testutil.h"

static int open_dir(const char *path)
{
  int fd = clamp_cachedir_open(path);
  ck_assert_int_ge(fd, 0);
  return fd;
}

/* Names in dir, sorted and comma-separated. */
static char *listing(const char *dir)
{
  struct dirent **names;
  int n = scandir(dir, &names, NULL, alphasort);
  ck_assert_int_ge(n, 0);
  struct clamp_buf b;
  clamp_buf_init(&b);
  for (int i = 0; i < n; i++)
    {
      if (strcmp(names[i]->d_name, ".") != 0 && strcmp(names[i]->d_name, "..") != 0)
        clamp_buf_printf(&b, "%s%s", b.len ? "," : "", names[i]->d_name);
      free(names[i]);
    }
  free(names);
  return clamp_buf_steal(&b);
}

static bool read_named(int dirfd, const char *name, size_t max, struct clamp_buf *out)
{
  out->len = 0;
  return clamp_cachedir_read(dirfd, name, max, out);
}

START_TEST(test_write_then_read)
{
  _cleanup_tmpdir_ char *tmp = clamp_test_tmpdir("cachedir", 0700);
  _cleanup_close_ int fd = open_dir(tmp);
  clamp_cachedir_write(fd, "entry", "hello", 5);
  _cleanup_buf_ struct clamp_buf b;
  clamp_buf_init(&b);
  ck_assert(read_named(fd, "entry", 5, &b));
  ck_assert_uint_eq(b.len, 5);
  ck_assert_mem_eq(b.data, "hello", 5);
  /* Larger than the caller allows: a miss, and nothing is returned. */
  ck_assert(!read_named(fd, "entry", 4, &b));
  ck_assert_uint_eq(b.len, 0);
  /* Replaced whole; only clamp's user may read it; no temporary left. */
  clamp_cachedir_write(fd, "entry", "", 0);
  ck_assert(read_named(fd, "entry", 5, &b));
  ck_assert_uint_eq(b.len, 0);
  _cleanup_free_ char *path = clamp_xasprintf("%s/entry", tmp);
  struct stat st;
  ck_assert_int_eq(stat(path, &st), 0);
  ck_assert_uint_eq(st.st_mode & 07777, 0600);
  _cleanup_free_ char *names = listing(tmp);
  ck_assert_str_eq(names, "entry");
  ck_assert(!read_named(fd, "missing", 5, &b));
}
END_TEST

/* Only a regular file owned by clamp's user is read: not a symlink (even
 * to a good file), a FIFO (which must not hang), a directory, or a file
 * of another user. */
START_TEST(test_only_own_regular_files)
{
  _cleanup_tmpdir_ char *tmp = clamp_test_tmpdir("cachedir", 0700);
  _cleanup_close_ int fd = open_dir(tmp);
  clamp_cachedir_write(fd, "good", "data", 4);
  _cleanup_free_ char *good = clamp_xasprintf("%s/good", tmp);
  _cleanup_free_ char *link = clamp_xasprintf("%s/link", tmp);
  _cleanup_free_ char *fifo = clamp_xasprintf("%s/fifo", tmp);
  _cleanup_free_ char *dir = clamp_xasprintf("%s/dir", tmp);
  ck_assert_int_eq(symlink(good, link), 0);
  ck_assert_int_eq(mkfifo(fifo, 0600), 0);
  ck_assert_int_eq(mkdir(dir, 0700), 0);
  _cleanup_buf_ struct clamp_buf b;
  clamp_buf_init(&b);
  ck_assert(read_named(fd, "good", 100, &b));
  ck_assert(!read_named(fd, "link", 100, &b));
  ck_assert(!read_named(fd, "fifo", 100, &b));
  ck_assert(!read_named(fd, "dir", 100, &b));
  if (geteuid() == 0)
    {
      ck_assert_int_eq(chown(good, 65534, 65534), 0);
      ck_assert(!read_named(fd, "good", 100, &b));
    }
}
END_TEST

/* The memo stores under "memo-<key in hex>" and finds only that key. */
START_TEST(test_memo)
{
  _cleanup_tmpdir_ char *tmp = clamp_test_tmpdir("cachedir", 0700);
  _cleanup_close_ int fd = open_dir(tmp);
  struct clamp_cachedir_memo m;
  clamp_cachedir_memo_init(&m, fd);
  uint8_t key[32], other[32];
  for (int i = 0; i < 32; i++)
    key[i] = (uint8_t)(i * 8 + 1), other[i] = key[i];
  other[31] ^= 1;
  _cleanup_buf_ struct clamp_buf b;
  clamp_buf_init(&b);
  ck_assert(!m.memo.get(m.memo.self, key, &b));
  m.memo.put(m.memo.self, key, "{\"v\":1}", 7);
  ck_assert(m.memo.get(m.memo.self, key, &b));
  ck_assert_str_eq(b.data, "{\"v\":1}");
  b.len = 0;
  ck_assert(!m.memo.get(m.memo.self, other, &b));
  _cleanup_free_ char *names = listing(tmp);
  ck_assert_str_eq(names, "memo-0109111921293139414951596169717981899199a1a9b1b9c1c9d1d9e1e9f1f9");

  /* Without a directory the memo holds nothing. */
  struct clamp_cachedir_memo none;
  clamp_cachedir_memo_init(&none, -1);
  none.memo.put(none.memo.self, key, "x", 1);
  ck_assert(!none.memo.get(none.memo.self, key, &b));
}
END_TEST

/* The exec warnings' rate limit: once per window per marker. */
START_TEST(test_once_per)
{
  _cleanup_tmpdir_ char *dir = clamp_test_tmpdir("cachedir", 0700);
  _cleanup_close_ int fd = clamp_cachedir_open(dir);
  ck_assert_int_ge(fd, 0);
  time_t now = time(NULL);
  ck_assert(clamp_cachedir_once_per(fd, "warned-a", now, 300));
  ck_assert(!clamp_cachedir_once_per(fd, "warned-a", now, 300));
  ck_assert(!clamp_cachedir_once_per(fd, "warned-a", now + 299, 300));
  /* Another marker is independent. */
  ck_assert(clamp_cachedir_once_per(fd, "warned-b", now, 300));
  /* After the window, once more (and stamped again). */
  ck_assert(clamp_cachedir_once_per(fd, "warned-a", now + 301, 300));
  /* A stamp from the future (the clock went back) does not silence. */
  ck_assert(clamp_cachedir_once_per(fd, "warned-b", now - 3600, 300));
  /* Without a cache nothing is limited. */
  ck_assert(clamp_cachedir_once_per(-1, "warned-a", now, 300));
  ck_assert(clamp_cachedir_once_per(-1, "warned-a", now, 300));
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("cachedir");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_write_then_read);
  tcase_add_test(tc, test_only_own_regular_files);
  tcase_add_test(tc, test_memo);
  tcase_add_test(tc, test_once_per);
  suite_add_tcase(s, tc);
  return s;
}
