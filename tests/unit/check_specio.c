/* SPDX-License-Identifier: Apache-2.0 */
/* Safe reading and atomic rewriting of config.json (src/specio.c), tested
 * against issue 2 ("Reading and writing config.json"):
 *  - only clamp's own user may write the bundle: a bundle directory or
 *    config.json owned by anyone else, or group- or world-writable, is
 *    refused (root for a rootful engine, the user for rootless podman);
 *  - config.json is opened relative to a pinned directory fd with
 *    O_NOFOLLOW: a symlink is an error; so is anything but a regular file,
 *    and a file over 16 MiB;
 *  - the rewrite goes to a temp file in the same directory, is fsynced and
 *    renamed over the original, keeping its mode and owner;
 *  - after any error the original is byte-identical.
 * These tests run as root (CI does) and change ownership and modes of
 * their own temporary directories; each runs in Check's forked child. */
#include <errno.h>
#include <fcntl.h>
#include <linux/fs.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "clamp/specio.h"
#include "testutil.h"

/* The issue: "files over 16 MiB" are refused. */
#define MAX_CONFIG (16u * 1024u * 1024u)

static const char config_text[] = "{\"ociVersion\":\"1.0.2\",\"process\":{\"args\":[\"sh\"]}}\n";

/* ---- temporary bundles ---- */

/* A fresh directory under /tmp (root-owned, sticky): mode 0755. */
static char *make_tmpdir(void) { return clamp_test_tmpdir("specio", 0755); }

static void write_file(const char *path, const char *data, size_t len, mode_t mode)
{
  int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(write(fd, data, len), (ssize_t)len);
  ck_assert_int_eq(fchmod(fd, mode), 0);
  close(fd);
}

static char *slurp(const char *path, size_t *len)
{
  char *text = clamp_test_read_file(path, len);
  ck_assert_msg(text != NULL, "cannot read %s", path);
  return text;
}

/* path holds exactly the len bytes at data. */
static void assert_file_is(const char *path, const void *data, size_t len)
{
  size_t got_len;
  _cleanup_free_ char *got = slurp(path, &got_len);
  ck_assert_uint_eq(got_len, len);
  ck_assert_mem_eq(got, data, len);
}

/* A bundle: dir/config.json with config_text, mode 0644. */
static char *make_bundle(void)
{
  char *d = make_tmpdir();
  _cleanup_free_ char *p = clamp_xasprintf("%s/config.json", d);
  write_file(p, config_text, sizeof config_text - 1, 0644);
  return d;
}

/* Read must fail with an input error containing want. */
static void read_refused(const char *dir, const char *name, const char *want)
{
  struct clamp_specfile f;
  clamp_specfile_init(&f);
  _cleanup_error_ struct clamp_error *err = NULL;
  ck_assert_int_lt(clamp_specfile_read(dir, name, &f, &err), 0);
  ck_assert_ptr_nonnull(err);
  ck_assert_int_eq(err->kind, CLAMP_ERR_INPUT);
  ck_assert_msg(strstr(err->msg, want) != NULL, "\"%s\" lacks \"%s\"", err->msg, want);
  clamp_specfile_close(&f);
}

static size_t count_entries(const char *dir)
{
  size_t n = 0;
  _cleanup_free_ char *cmd = clamp_xasprintf("ls -A '%s' | wc -l", dir);
  FILE *p = popen(cmd, "r");
  ck_assert_ptr_nonnull(p);
  ck_assert_int_eq(fscanf(p, "%zu", &n), 1);
  pclose(p);
  return n;
}

/* Read dir/config.json into *f, which must work; the caller closes f. */
static void read_bundle(const char *d, struct clamp_specfile *f)
{
  struct clamp_error *err = NULL;
  clamp_specfile_init(f);
  ck_assert_msg(clamp_specfile_read(d, "config.json", f, &err) == 0, "%s", err ? err->msg : "");
}

/* Reading dir/config.json must work; what names the case. */
static void read_ok(const char *dir, const char *what)
{
  struct clamp_specfile f;
  clamp_specfile_init(&f);
  struct clamp_error *err = NULL;
  ck_assert_msg(clamp_specfile_read(dir, "config.json", &f, &err) == 0, "%s: %s", what,
                err ? err->msg : "");
  clamp_specfile_close(&f);
}

/* ---- reading ---- */

START_TEST(test_read_ok)
{
  _cleanup_free_ char *d = make_bundle();
  struct clamp_specfile f;
  read_bundle(d, &f);
  ck_assert_uint_eq(f.len, sizeof config_text - 1);
  ck_assert_mem_eq(f.data, config_text, f.len);
  ck_assert_int_eq(f.data[f.len], '\0');
  ck_assert_str_eq(f.dir, d);
  ck_assert_str_eq(f.name, "config.json");
  _cleanup_free_ char *p = clamp_xasprintf("%s/config.json", d);
  ck_assert_str_eq(f.path, p);
  ck_assert_int_ge(f.dirfd, 0);
  ck_assert(S_ISREG(f.st.st_mode));
  /* The pinned fd is the bundle directory itself. */
  struct stat a, b;
  ck_assert_int_eq(fstat(f.dirfd, &a), 0);
  ck_assert_int_eq(stat(d, &b), 0);
  ck_assert(a.st_ino == b.st_ino && a.st_dev == b.st_dev);
  clamp_specfile_close(&f);
  ck_assert_int_eq(f.dirfd, -1);
  clamp_test_rm_rf(d);
}
END_TEST

/* A relative or symlinked bundle path is resolved once: the runtime gets
 * the absolute, symlink-free directory clamp checked. */
/* Read into a document: the bytes live in its arena, closing the file
 * leaves them alone, and they parse in place. Small and large files. */
START_TEST(test_read_into_document)
{
  for (int big = 0; big < 2; big++)
    {
      char *d = make_tmpdir();
      _cleanup_free_ char *p = clamp_xasprintf("%s/config.json", d);
      struct clamp_buf text;
      clamp_buf_init(&text);
      clamp_buf_puts(&text, "{\"env\":[");
      for (int i = 0; i < (big ? 40000 : 3); i++)
        clamp_buf_printf(&text, "%s\"VARIABLE_%06d=value\"", i ? "," : "", i);
      clamp_buf_puts(&text, "]}");
      write_file(p, text.data, text.len, 0644);

      struct clamp_json_doc *doc = clamp_json_doc_new();
      struct clamp_specfile f;
      clamp_specfile_init(&f);
      f.doc = doc;
      struct clamp_error *err = NULL;
      ck_assert_msg(clamp_specfile_read(d, "config.json", &f, &err) == 0, "%s",
                    err ? err->msg : "");
      ck_assert_uint_eq(f.len, text.len);
      ck_assert_mem_eq(f.data, text.data, text.len);
      ck_assert_int_eq(f.data[f.len], '\0');
      const char *data = f.data;
      size_t len = f.len;
      clamp_specfile_close(&f);
      ck_assert_mem_eq(data, text.data, len); /* still there */
      doc->root = clamp_json_parse_in(doc, data, len, &err);
      ck_assert_ptr_nonnull(doc->root);
      ck_assert_uint_eq(clamp_json_object_get(doc->root, "env")->u.arr.len, big ? 40000 : 3);
      clamp_json_doc_free(doc);
      clamp_buf_free(&text);
      clamp_test_rm_rf(d);
      free(d);
    }
}
END_TEST

START_TEST(test_read_relative_and_symlinked_dir)
{
  _cleanup_free_ char *d = make_bundle();
  _cleanup_free_ char *parent = make_tmpdir();
  _cleanup_free_ char *link = clamp_xasprintf("%s/link", parent);
  ck_assert_int_eq(symlink(d, link), 0);
  struct clamp_specfile f;
  clamp_specfile_init(&f);
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_specfile_read(link, "config.json", &f, &err), 0);
  ck_assert_str_eq(f.dir, d);
  clamp_specfile_close(&f);

  ck_assert_int_eq(chdir(d), 0);
  ck_assert_int_eq(clamp_specfile_read(".", "config.json", &f, &err), 0);
  ck_assert_str_eq(f.dir, d);
  clamp_specfile_close(&f);
  ck_assert_int_eq(chdir("/"), 0);
  clamp_test_rm_rf(parent);
  clamp_test_rm_rf(d);
}
END_TEST

START_TEST(test_read_symlinked_config_refused)
{
  _cleanup_free_ char *d = make_bundle();
  _cleanup_free_ char *real = clamp_xasprintf("%s/real.json", d);
  _cleanup_free_ char *p = clamp_xasprintf("%s/config.json", d);
  write_file(real, config_text, sizeof config_text - 1, 0644);
  ck_assert_int_eq(unlink(p), 0);
  ck_assert_int_eq(symlink("real.json", p), 0);
  read_refused(d, "config.json", "symlink");
  /* Also a symlink to a file outside the bundle, and a dangling one. */
  ck_assert_int_eq(unlink(p), 0);
  ck_assert_int_eq(symlink("/etc/hostname", p), 0);
  read_refused(d, "config.json", "symlink");
  ck_assert_int_eq(unlink(p), 0);
  ck_assert_int_eq(symlink("/nonexistent", p), 0);
  read_refused(d, "config.json", "symlink");
  clamp_test_rm_rf(d);
}
END_TEST

START_TEST(test_read_not_regular)
{
  _cleanup_free_ char *d = make_tmpdir();
  _cleanup_free_ char *p = clamp_xasprintf("%s/config.json", d);
  /* A FIFO must be refused without blocking on open or read. */
  ck_assert_int_eq(mkfifo(p, 0644), 0);
  read_refused(d, "config.json", "not a regular file");
  ck_assert_int_eq(unlink(p), 0);
  ck_assert_int_eq(mkdir(p, 0755), 0);
  read_refused(d, "config.json", "not a regular file");
  ck_assert_int_eq(rmdir(p), 0);
  ck_assert_int_eq(mknod(p, S_IFCHR | 0644, makedev(1, 3)), 0); /* /dev/null */
  read_refused(d, "config.json", "not a regular file");
  clamp_test_rm_rf(d);
}
END_TEST

START_TEST(test_read_missing)
{
  _cleanup_free_ char *d = make_tmpdir();
  struct clamp_specfile f;
  clamp_specfile_init(&f);
  _cleanup_error_ struct clamp_error *err = NULL;
  ck_assert_int_lt(clamp_specfile_read(d, "config.json", &f, &err), 0);
  ck_assert_int_eq(err->errnum, ENOENT);
  clamp_specfile_close(&f);
  _cleanup_error_ struct clamp_error *err2 = NULL;
  ck_assert_int_lt(clamp_specfile_read("/nonexistent/bundle", "config.json", &f, &err2), 0);
  ck_assert_int_eq(err2->errnum, ENOENT);
  clamp_specfile_close(&f);
  clamp_test_rm_rf(d);
}
END_TEST

/* With path at each of the bad modes, reading dir's config.json is
 * refused; at each good one it works. */
static void check_modes(const char *dir, const char *path, const mode_t *bad, size_t n_bad,
                        const mode_t *good, size_t n_good)
{
  for (size_t i = 0; i < n_bad; i++)
    {
      ck_assert_int_eq(chmod(path, bad[i]), 0);
      read_refused(dir, "config.json", "writable by group or others");
    }
  for (size_t i = 0; i < n_good; i++)
    {
      ck_assert_int_eq(chmod(path, good[i]), 0);
      _cleanup_free_ char *what = clamp_xasprintf("mode %o", good[i]);
      read_ok(dir, what);
    }
}

START_TEST(test_read_dir_owner_and_mode)
{
  _cleanup_free_ char *d = make_bundle();
  ck_assert_int_eq(chown(d, 1000, 0), 0);
  read_refused(d, "config.json", "owned by uid 1000");
  ck_assert_int_eq(chown(d, 0, 1000), 0); /* group does not matter, its write bit does */
  read_ok(d, "group 1000");
  static const mode_t bad[] = { 0775, 0757, 0777, 01777, 0720 };
  static const mode_t good[] = { 0755, 0700, 0711, 0555 };
  check_modes(d, d, bad, CLAMP_N_ELEMENTS(bad), good, CLAMP_N_ELEMENTS(good));
  clamp_test_rm_rf(d);
}
END_TEST

START_TEST(test_read_file_owner_and_mode)
{
  _cleanup_free_ char *d = make_bundle();
  _cleanup_free_ char *p = clamp_xasprintf("%s/config.json", d);
  ck_assert_int_eq(chown(p, 1000, 0), 0);
  read_refused(d, "config.json", "owned by uid 1000");
  ck_assert_int_eq(chown(p, 0, 0), 0);
  static const mode_t bad[] = { 0664, 0646, 0666, 0620, 0602 };
  static const mode_t good[] = { 0644, 0600, 0444, 0400 };
  check_modes(d, p, bad, CLAMP_N_ELEMENTS(bad), good, CLAMP_N_ELEMENTS(good));
  clamp_test_rm_rf(d);
}
END_TEST

/* Every directory on the way must belong to root or clamp's user, and be
 * sticky if others may write it: otherwise its owner could swap the
 * bundle after the check. */
START_TEST(test_read_ancestors)
{
  _cleanup_free_ char *top = make_tmpdir();
  _cleanup_free_ char *mid = clamp_xasprintf("%s/mid", top);
  _cleanup_free_ char *b = clamp_xasprintf("%s/mid/bundle", top);
  _cleanup_free_ char *p = clamp_xasprintf("%s/config.json", b);
  ck_assert_int_eq(mkdir(mid, 0755), 0);
  ck_assert_int_eq(mkdir(b, 0755), 0);
  write_file(p, config_text, sizeof config_text - 1, 0644);

  ck_assert_int_eq(chown(mid, 1000, 1000), 0);
  read_refused(b, "config.json", "owned by uid 1000");
  ck_assert_int_eq(chown(mid, 0, 0), 0);
  ck_assert_int_eq(chmod(mid, 0777), 0);
  read_refused(b, "config.json", "writable by group or others and not sticky");
  ck_assert_int_eq(chmod(mid, 0775), 0);
  read_refused(b, "config.json", "writable by group or others and not sticky");
  /* Sticky and root-owned, like /tmp: fine. */
  ck_assert_int_eq(chmod(mid, 01777), 0);
  read_ok(b, "sticky 01777");
  clamp_test_rm_rf(top);
}
END_TEST

/* A rootless engine: clamp runs as the user, who owns the bundle. Files
 * of that user are accepted; root's file in the user's bundle is not. */
START_TEST(test_read_as_other_euid)
{
  _cleanup_free_ char *top = make_tmpdir();
  _cleanup_free_ char *b = clamp_xasprintf("%s/bundle", top);
  _cleanup_free_ char *p = clamp_xasprintf("%s/config.json", b);
  ck_assert_int_eq(mkdir(b, 0755), 0);
  write_file(p, config_text, sizeof config_text - 1, 0644);
  ck_assert_int_eq(chown(b, 1000, 1000), 0);
  ck_assert_int_eq(chown(p, 1000, 1000), 0);

  ck_assert_int_eq(setegid(1000), 0);
  ck_assert_int_eq(seteuid(1000), 0);
  read_ok(b, "euid 1000");
  ck_assert_int_eq(seteuid(0), 0);

  ck_assert_int_eq(chown(p, 0, 0), 0);
  ck_assert_int_eq(seteuid(1000), 0);
  read_refused(b, "config.json", "owned by uid 0");
  ck_assert_int_eq(seteuid(0), 0);

  /* Root reading the user's bundle: not clamp's user either. */
  ck_assert_int_eq(setegid(0), 0);
  read_refused(b, "config.json", "owned by uid 1000");
  clamp_test_rm_rf(top);
}
END_TEST

START_TEST(test_read_size_cap)
{
  _cleanup_free_ char *d = make_tmpdir();
  _cleanup_free_ char *p = clamp_xasprintf("%s/config.json", d);
  int fd = open(p, O_WRONLY | O_CREAT | O_CLOEXEC, 0644);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(ftruncate(fd, (off_t)MAX_CONFIG + 1), 0);
  close(fd);
  read_refused(d, "config.json", "larger than");

  fd = open(p, O_WRONLY | O_CLOEXEC);
  ck_assert_int_eq(ftruncate(fd, (off_t)MAX_CONFIG), 0);
  close(fd);
  struct clamp_specfile f;
  read_bundle(d, &f);
  ck_assert_uint_eq(f.len, MAX_CONFIG);
  clamp_specfile_close(&f);
  clamp_test_rm_rf(d);
}
END_TEST

START_TEST(test_read_path)
{
  _cleanup_free_ char *d = make_tmpdir();
  _cleanup_free_ char *p = clamp_xasprintf("%s/process.json", d);
  write_file(p, "{}", 2, 0600);
  struct clamp_specfile f;
  clamp_specfile_init(&f);
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_specfile_read_path(p, &f, &err), 0);
  ck_assert_str_eq(f.dir, d);
  ck_assert_str_eq(f.name, "process.json");
  ck_assert_str_eq(f.path, p);
  ck_assert_str_eq(f.data, "{}");
  clamp_specfile_close(&f);

  ck_assert_int_eq(chdir(d), 0);
  ck_assert_int_eq(clamp_specfile_read_path("process.json", &f, &err), 0);
  ck_assert_str_eq(f.path, p);
  clamp_specfile_close(&f);
  ck_assert_int_eq(chdir("/"), 0);

  static const char *const bad[] = { "/", "dir/", "/tmp/.", "/tmp/..", "" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(bad); i++)
    {
      _cleanup_error_ struct clamp_error *e = NULL;
      ck_assert_msg(clamp_specfile_read_path(bad[i], &f, &e) < 0, "accepted \"%s\"", bad[i]);
      clamp_specfile_close(&f);
    }
  clamp_test_rm_rf(d);
}
END_TEST

/* ---- writing ---- */

START_TEST(test_write_replaces_keeping_mode_and_owner)
{
  static const mode_t modes[] = { 0640, 0600, 0444, 0644 };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(modes); i++)
    {
      _cleanup_free_ char *d = make_bundle();
      _cleanup_free_ char *p = clamp_xasprintf("%s/config.json", d);
      ck_assert_int_eq(chown(p, 0, 4321), 0);
      ck_assert_int_eq(chmod(p, modes[i]), 0);
      struct stat before;
      ck_assert_int_eq(stat(p, &before), 0);
      struct clamp_specfile f;
      read_bundle(d, &f);
      struct clamp_error *err = NULL;
      const char *out = "{\"ociVersion\":\"1.0.2\"}";
      ck_assert_int_eq(clamp_specfile_write(&f, out, strlen(out), &err), 0);
      clamp_specfile_close(&f);
      struct stat after;
      ck_assert_int_eq(stat(p, &after), 0);
      ck_assert_msg((after.st_mode & 07777) == modes[i], "mode %o, want %o", after.st_mode & 07777,
                    modes[i]);
      ck_assert_uint_eq(after.st_uid, 0);
      ck_assert_uint_eq(after.st_gid, 4321);
      /* A new inode took the name (rename), not an in-place rewrite. */
      ck_assert_uint_ne(after.st_ino, before.st_ino);
      assert_file_is(p, out, strlen(out));
      ck_assert_uint_eq(count_entries(d), 1); /* no temp file left */
      clamp_test_rm_rf(d);
    }
}
END_TEST

/* The directory is pinned by its fd: renaming it after the read does not
 * redirect the write. */
START_TEST(test_write_goes_to_pinned_dir)
{
  _cleanup_free_ char *d = make_bundle();
  _cleanup_free_ char *moved = clamp_xasprintf("%s-moved", d);
  struct clamp_specfile f;
  read_bundle(d, &f);
  ck_assert_int_eq(rename(d, moved), 0);
  ck_assert_int_eq(mkdir(d, 0755), 0); /* an impostor at the old path */
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_specfile_write(&f, "{}", 2, &err), 0);
  clamp_specfile_close(&f);
  _cleanup_free_ char *p = clamp_xasprintf("%s/config.json", moved);
  assert_file_is(p, "{}", 2);
  ck_assert_uint_eq(count_entries(d), 0);
  clamp_test_rm_rf(moved);
  clamp_test_rm_rf(d);
}
END_TEST

/* Run in a private mount namespace so that a tiny tmpfs can fill up. */
static void private_mounts(void)
{
  ck_assert_int_eq(unshare(CLONE_NEWNS), 0);
  ck_assert_int_eq(mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL), 0);
}

/* A bundle (config_text, 0644) on a 1 MiB tmpfs of its own, in a private
 * mount namespace; the caller unmounts it. */
static char *tmpfs_bundle(void)
{
  private_mounts();
  char *d = make_tmpdir();
  ck_assert_int_eq(mount("tmpfs", d, "tmpfs", 0, "size=1m,mode=0755"), 0);
  _cleanup_free_ char *p = clamp_xasprintf("%s/config.json", d);
  write_file(p, config_text, sizeof config_text - 1, 0644);
  return d;
}

START_TEST(test_failed_write_leaves_original)
{
  private_mounts();
  _cleanup_free_ char *d = make_tmpdir();
  ck_assert_int_eq(mount("tmpfs", d, "tmpfs", MS_NOSUID | MS_NODEV, "size=64k,mode=0755"), 0);
  _cleanup_free_ char *p = clamp_xasprintf("%s/config.json", d);
  /* 40 KiB of original, so a 1 MiB rewrite cannot fit beside it. */
  struct clamp_buf orig;
  clamp_buf_init(&orig);
  clamp_buf_putc(&orig, '[');
  for (int i = 0; i < 4000; i++)
    clamp_buf_printf(&orig, "%s%05d", i ? "," : "", i);
  clamp_buf_putc(&orig, ']');
  write_file(p, orig.data, orig.len, 0640);
  struct stat before;
  ck_assert_int_eq(stat(p, &before), 0);

  struct clamp_specfile f;
  read_bundle(d, &f);
  size_t big_len = 1024 * 1024;
  _cleanup_free_ char *big = clamp_xmalloc(big_len);
  memset(big, ' ', big_len);
  _cleanup_error_ struct clamp_error *err = NULL;
  ck_assert_int_lt(clamp_specfile_write(&f, big, big_len, &err), 0);
  ck_assert_ptr_nonnull(err);
  ck_assert_int_eq(err->errnum, ENOSPC);
  clamp_specfile_close(&f);

  assert_file_is(p, orig.data, orig.len);
  struct stat after;
  ck_assert_int_eq(stat(p, &after), 0);
  ck_assert_uint_eq(after.st_ino, before.st_ino);
  ck_assert_uint_eq(after.st_mode & 07777, 0640);
  ck_assert_uint_eq(count_entries(d), 1); /* the temp file is gone */
  clamp_buf_free(&orig);
  ck_assert_int_eq(umount(d), 0);
  clamp_test_rm_rf(d);
}
END_TEST

/* The rename itself fails (the target is immutable): original intact,
 * temp file removed. */
START_TEST(test_failed_rename_leaves_original)
{
  _cleanup_free_ char *d = tmpfs_bundle();
  _cleanup_free_ char *p = clamp_xasprintf("%s/config.json", d);
  int fd = open(p, O_RDONLY | O_CLOEXEC);
  ck_assert_int_ge(fd, 0);
  int flags = FS_IMMUTABLE_FL;
  if (ioctl(fd, FS_IOC_SETFLAGS, &flags) < 0)
    {
      close(fd);
      umount(d);
      clamp_test_rm_rf(d);
      ck_abort_msg("cannot set FS_IMMUTABLE_FL on tmpfs: %s", strerror(errno));
    }
  struct clamp_specfile f;
  read_bundle(d, &f);
  _cleanup_error_ struct clamp_error *err = NULL;
  ck_assert_int_lt(clamp_specfile_write(&f, "{}", 2, &err), 0);
  ck_assert_int_eq(err->errnum, EPERM);
  clamp_specfile_close(&f);
  flags = 0;
  ck_assert_int_eq(ioctl(fd, FS_IOC_SETFLAGS, &flags), 0);
  close(fd);
  assert_file_is(p, config_text, sizeof config_text - 1);
  ck_assert_uint_eq(count_entries(d), 1);
  ck_assert_int_eq(umount(d), 0);
  clamp_test_rm_rf(d);
}
END_TEST

/* An immutable directory: the temp file cannot even be created. */
START_TEST(test_failed_create_leaves_original)
{
  _cleanup_free_ char *d = tmpfs_bundle();
  _cleanup_free_ char *p = clamp_xasprintf("%s/config.json", d);
  struct clamp_specfile f;
  read_bundle(d, &f);
  /* Read-only remount: nothing can be created in it. */
  ck_assert_int_eq(mount(NULL, d, NULL, MS_REMOUNT | MS_RDONLY, NULL), 0);
  _cleanup_error_ struct clamp_error *err = NULL;
  ck_assert_int_lt(clamp_specfile_write(&f, "{}", 2, &err), 0);
  ck_assert_int_eq(err->errnum, EROFS);
  clamp_specfile_close(&f);
  size_t len;
  _cleanup_free_ char *got = slurp(p, &len);
  ck_assert_mem_eq(got, config_text, len);
  ck_assert_uint_eq(count_entries(d), 1);
  ck_assert_int_eq(umount(d), 0);
  clamp_test_rm_rf(d);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("specio");
  TCase *tc = tcase_create("specio");
  tcase_add_test(tc, test_read_ok);
  tcase_add_test(tc, test_read_into_document);
  tcase_add_test(tc, test_read_relative_and_symlinked_dir);
  tcase_add_test(tc, test_read_symlinked_config_refused);
  tcase_add_test(tc, test_read_not_regular);
  tcase_add_test(tc, test_read_missing);
  tcase_add_test(tc, test_read_dir_owner_and_mode);
  tcase_add_test(tc, test_read_file_owner_and_mode);
  tcase_add_test(tc, test_read_ancestors);
  tcase_add_test(tc, test_read_as_other_euid);
  tcase_add_test(tc, test_read_size_cap);
  tcase_add_test(tc, test_read_path);
  tcase_add_test(tc, test_write_replaces_keeping_mode_and_owner);
  tcase_add_test(tc, test_write_goes_to_pinned_dir);
  tcase_add_test(tc, test_failed_write_leaves_original);
  tcase_add_test(tc, test_failed_rename_leaves_original);
  tcase_add_test(tc, test_failed_create_leaves_original);
  suite_add_tcase(s, tc);
  return s;
}
