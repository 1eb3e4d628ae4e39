/* SPDX-License-Identifier: Apache-2.0 */
#include "clamp/specio.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <unistd.h>

#include "clamp/json.h"

void clamp_specfile_init(struct clamp_specfile *f)
{
  memset(f, 0, sizeof *f);
  f->dirfd = -1;
}

void clamp_specfile_close(struct clamp_specfile *f)
{
  if (f->dirfd >= 0)
    close(f->dirfd);
  free(f->dir);
  free(f->name);
  free(f->path);
  if (f->doc == NULL)
    free(f->data);
  clamp_specfile_init(f);
}

/* A directory on the way to the bundle: owned by root or by us, and if
 * others may write it, sticky (so they cannot rename our entries). */
static int check_ancestor(const struct stat *st, const char *path, struct clamp_error **err)
{
  uid_t me = geteuid();
  if (st->st_uid != 0 && st->st_uid != me)
    return clamp_error_input(err,
                             "%s: owned by uid %u; every directory on the path must belong "
                             "to root or to uid %u",
                             path, (unsigned)st->st_uid, (unsigned)me);
  if ((st->st_mode & (S_IWGRP | S_IWOTH)) && !(st->st_mode & S_ISVTX))
    return clamp_error_input(err, "%s: writable by group or others and not sticky", path);
  return 0;
}

/* Open the absolute, symlink-free directory path component by component. */
static int open_dir_securely(const char *path, struct clamp_error **err)
{
  _cleanup_close_ int fd = open("/", O_PATH | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0)
    return clamp_error_sys(err, errno, "open /");
  struct stat st;
  if (fstat(fd, &st) < 0)
    return clamp_error_sys(err, errno, "stat /");
  if (check_ancestor(&st, "/", err) < 0)
    return -1;
  _cleanup_free_ char *copy = clamp_xstrdup(path);
  struct clamp_buf sofar;
  clamp_buf_init(&sofar);
  char *save = NULL;
  for (char *c = strtok_r(copy, "/", &save); c != NULL; c = strtok_r(NULL, "/", &save))
    {
      clamp_buf_putc(&sofar, '/');
      clamp_buf_puts(&sofar, c);
      int next = openat(fd, c, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
      if (next < 0)
        {
          int e = errno;
          _cleanup_free_ char *q = clamp_quote(sofar.data, sofar.len);
          clamp_buf_free(&sofar);
          if (e == ENOTDIR || e == ELOOP)
            return clamp_error_input(err, "%s: not a directory (or replaced by a symlink)", q);
          return clamp_error_sys(err, e, "%s", q);
        }
      close(fd);
      fd = next;
      if (fstat(fd, &st) < 0)
        {
          clamp_buf_free(&sofar);
          return clamp_error_sys(err, errno, "stat");
        }
      /* Under a sticky, shared directory only entries of root or ours are
       * safe from renames (check_ancestor enforces the owner). */
      _cleanup_free_ char *q = clamp_quote(sofar.data, sofar.len);
      if (check_ancestor(&st, q, err) < 0)
        {
          clamp_buf_free(&sofar);
          return -1;
        }
    }
  clamp_buf_free(&sofar);
  /* The directory itself: only clamp's own user may write it. */
  _cleanup_free_ char *q = clamp_quote(path, strlen(path));
  if (st.st_uid != geteuid())
    return clamp_error_input(err, "%s: owned by uid %u, not by clamp's uid %u", q,
                             (unsigned)st.st_uid, (unsigned)geteuid());
  if (st.st_mode & (S_IWGRP | S_IWOTH))
    return clamp_error_input(err, "%s: writable by group or others", q);
  return clamp_steal_fd(&fd);
}

/* The buffer for the file: in f->doc's arena when set (nothing to free),
 * else malloc'ed. */
static char *buffer(struct clamp_specfile *f, char *old, size_t old_size, size_t size)
{
  if (f->doc != NULL)
    {
      if (old == NULL)
        clamp_json_doc_reserve(f->doc, size);
      return clamp_arena_realloc(f->doc->arena, old, old_size, size);
    }
  return clamp_xrealloc(old, size);
}

static void buffer_free(struct clamp_specfile *f, char *buf)
{
  if (f->doc == NULL)
    free(buf);
}

static int read_all(int fd, struct clamp_specfile *f, const char *qp, struct clamp_error **err)
{
  /* One byte more than fstat said, to see a file that grew meanwhile. */
  size_t cap = (size_t)f->st.st_size + 1;
  if (cap > CLAMP_JSON_MAX_SIZE + 1)
    cap = CLAMP_JSON_MAX_SIZE + 1;
  char *buf = buffer(f, NULL, 0, cap + 1);
  size_t len = 0;
  for (;;)
    {
      if (len == cap)
        {
          if (cap > CLAMP_JSON_MAX_SIZE)
            {
              buffer_free(f, buf);
              return clamp_error_input(err, "%s: larger than %u bytes", qp, CLAMP_JSON_MAX_SIZE);
            }
          size_t grown = cap * 2 > CLAMP_JSON_MAX_SIZE + 1 ? CLAMP_JSON_MAX_SIZE + 1 : cap * 2;
          buf = buffer(f, buf, cap + 1, grown + 1);
          cap = grown;
        }
      ssize_t r = read(fd, buf + len, cap - len);
      if (r < 0 && errno == EINTR)
        continue;
      if (r < 0)
        {
          int e = errno;
          buffer_free(f, buf);
          return clamp_error_sys(err, e, "read %s", qp);
        }
      if (r == 0)
        break;
      len += (size_t)r;
    }
  if (len > CLAMP_JSON_MAX_SIZE)
    {
      buffer_free(f, buf);
      return clamp_error_input(err, "%s: larger than %u bytes", qp, CLAMP_JSON_MAX_SIZE);
    }
  buf[len] = '\0';
  f->data = buf;
  f->len = len;
  return 0;
}

int clamp_specfile_read(const char *dir, const char *name, struct clamp_specfile *f,
                        struct clamp_error **err)
{
  _cleanup_free_ char *q = clamp_quote(dir, strlen(dir));
  char *real = realpath(dir, NULL);
  if (real == NULL)
    return clamp_error_sys(err, errno, "bundle %s", q);
  f->dir = real;
  f->name = clamp_xstrdup(name);
  f->path = clamp_xasprintf("%s%s%s", real, strcmp(real, "/") == 0 ? "" : "/", name);
  f->dirfd = open_dir_securely(real, err);
  if (f->dirfd < 0)
    return -1;
  _cleanup_free_ char *qp = clamp_quote(f->path, strlen(f->path));

  _cleanup_close_ int fd =
      openat(f->dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
  if (fd < 0)
    {
      int e = errno;
      if (e == ELOOP)
        return clamp_error_input(err, "%s: is a symlink; clamp reads only the file itself", qp);
      return clamp_error_sys(err, e, "open %s", qp);
    }
  if (fstat(fd, &f->st) < 0)
    return clamp_error_sys(err, errno, "stat %s", qp);
  if (!S_ISREG(f->st.st_mode))
    return clamp_error_input(err, "%s: not a regular file", qp);
  if (f->st.st_uid != geteuid())
    return clamp_error_input(err, "%s: owned by uid %u, not by clamp's uid %u", qp,
                             (unsigned)f->st.st_uid, (unsigned)geteuid());
  if (f->st.st_mode & (S_IWGRP | S_IWOTH))
    return clamp_error_input(err, "%s: writable by group or others", qp);
  return read_all(fd, f, qp, err);
}

int clamp_specfile_read_path(const char *path, struct clamp_specfile *f, struct clamp_error **err)
{
  const char *slash = strrchr(path, '/');
  _cleanup_free_ char *dir =
      slash ? clamp_xstrndup(path, (size_t)(slash - path)) : clamp_xstrdup(".");
  const char *name = slash ? slash + 1 : path;
  if (slash == path)
    {
      free(dir);
      dir = clamp_xstrdup("/");
    }
  if (*name == '\0' || strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
    {
      _cleanup_free_ char *q = clamp_quote(path, strlen(path));
      return clamp_error_input(err, "%s: not a file name", q);
    }
  return clamp_specfile_read(dir, name, f, err);
}

static int write_all(int fd, const char *data, size_t len)
{
  while (len > 0)
    {
      ssize_t w = write(fd, data, len);
      if (w < 0 && errno == EINTR)
        continue;
      if (w < 0)
        return -1;
      data += w;
      len -= (size_t)w;
    }
  return 0;
}

int clamp_specfile_write(struct clamp_specfile *f, const char *data, size_t len,
                         struct clamp_error **err)
{
  unsigned char rnd[8];
  if (getrandom(rnd, sizeof rnd, 0) != (ssize_t)sizeof rnd)
    return clamp_error_sys(err, errno, "getrandom");
  char tmp[NAME_MAX + 1];
  snprintf(tmp, sizeof tmp, ".clamp-%02x%02x%02x%02x%02x%02x%02x%02x.tmp", rnd[0], rnd[1], rnd[2],
           rnd[3], rnd[4], rnd[5], rnd[6], rnd[7]);

  _cleanup_close_ int fd =
      openat(f->dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    {
      _cleanup_free_ char *qd = clamp_quote(f->dir, strlen(f->dir));
      return clamp_error_sys(err, errno, "create a temporary file in %s", qd);
    }
  if (write_all(fd, data, len) < 0 || fchown(fd, f->st.st_uid, f->st.st_gid) < 0
      || fchmod(fd, f->st.st_mode & 07777) < 0 || fsync(fd) < 0)
    {
      int e = errno;
      unlinkat(f->dirfd, tmp, 0);
      _cleanup_free_ char *qp = clamp_quote(f->path, strlen(f->path));
      return clamp_error_sys(err, e, "write the new %s", qp);
    }
  if (renameat(f->dirfd, tmp, f->dirfd, f->name) < 0)
    {
      int e = errno;
      unlinkat(f->dirfd, tmp, 0);
      _cleanup_free_ char *qp = clamp_quote(f->path, strlen(f->path));
      return clamp_error_sys(err, e, "rename over %s", qp);
    }
  return 0;
}
