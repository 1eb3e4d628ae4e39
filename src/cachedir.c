/* SPDX-License-Identifier: Apache-2.0 */
/* clamp's cache directory (see cachedir.h). The cache may only make clamp
 * skip work, never accept something it would refuse, so anything doubtful
 * about it (ownership, permissions, symlinks, file type, size) makes it a
 * miss or disables it silently. */
#include "clamp/cachedir.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clamp/sha256.h"

/* Memo values are a resolved seccomp profile and a sentence: far below
 * this. Anything larger is not ours. */
#define MEMO_MAX (1u << 20)

/* Walk path one component at a time with O_NOFOLLOW, so no symlink
 * anywhere in it is followed, creating missing directories with mode
 * 0700. Returns an O_PATH fd of the final directory or -1. */
static int open_dir_nofollow(const char *path)
{
  const int flags = O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
  _cleanup_close_ int fd = open(path[0] == '/' ? "/" : ".", flags);
  if (fd < 0)
    return -1;
  _cleanup_free_ char *copy = clamp_xstrdup(path);
  char *save = NULL;
  for (char *c = strtok_r(copy, "/", &save); c != NULL; c = strtok_r(NULL, "/", &save))
    {
      if (strcmp(c, ".") == 0)
        continue;
      /* ".." would let a path leave the directories it names. */
      if (strcmp(c, "..") == 0)
        return -1;
      int next = openat(fd, c, flags);
      if (next < 0 && errno == ENOENT)
        {
          if (mkdirat(fd, c, 0700) < 0 && errno != EEXIST)
            return -1;
          next = openat(fd, c, flags);
        }
      if (next < 0)
        return -1;
      close(fd);
      fd = next;
    }
  return clamp_steal_fd(&fd);
}

int clamp_cachedir_open(const char *path)
{
  if (path == NULL || *path == '\0')
    return -1;
  _cleanup_close_ int fd = open_dir_nofollow(path);
  if (fd < 0)
    return -1;
  struct stat st;
  if (fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode))
    return -1;
  /* Only clamp's euid may write here: a file written by anyone else
   * could make clamp skip a check. */
  if (st.st_uid != geteuid() || (st.st_mode & 077) != 0)
    return -1;
  return clamp_steal_fd(&fd);
}

bool clamp_cachedir_read(int dirfd, const char *name, size_t max, struct clamp_buf *out)
{
  out->len = 0;
  /* O_NONBLOCK: a FIFO in place of a file must not hang clamp. */
  _cleanup_close_ int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return false;
  struct stat st;
  if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid() || st.st_size < 0
      || (uint64_t)st.st_size > max)
    return false;
  size_t want = (size_t)st.st_size;
  /* One byte more than the size, to see a file that grew meanwhile. */
  clamp_buf_reserve(out, want + 1);
  while (out->len <= want)
    {
      ssize_t k = read(fd, out->data + out->len, want + 1 - out->len);
      if (k < 0 && errno == EINTR)
        continue;
      if (k <= 0)
        break;
      out->len += (size_t)k;
    }
  if (out->len != want)
    {
      out->len = 0;
      return false;
    }
  return true;
}

static void temp_name(char out[64])
{
  uint8_t rnd[12];
  if (getrandom(rnd, sizeof rnd, GRND_NONBLOCK) != (ssize_t)sizeof rnd)
    {
      /* Early boot without entropy: O_EXCL still keeps this safe, the
       * name only needs to be unlikely to collide. */
      struct timespec ts = { 0 };
      clock_gettime(CLOCK_MONOTONIC, &ts);
      uint64_t v = (uint64_t)ts.tv_nsec ^ ((uint64_t)ts.tv_sec << 30) ^ (uint64_t)getpid();
      for (size_t i = 0; i < sizeof rnd; i++)
        rnd[i] = (uint8_t)(v >> (8 * (i % 8)));
    }
  int n = snprintf(out, 64, ".tmp-");
  for (size_t i = 0; i < sizeof rnd && n < 62; i++)
    n += snprintf(out + n, (size_t)(64 - n), "%02x", rnd[i]);
}

static bool write_all(int fd, const char *data, size_t len)
{
  while (len > 0)
    {
      ssize_t k = write(fd, data, len);
      if (k < 0 && errno == EINTR)
        continue;
      if (k <= 0)
        return false;
      data += k;
      len -= (size_t)k;
    }
  return true;
}

void clamp_cachedir_write(int dirfd, const char *name, const void *data, size_t len)
{
  char tmp[64];
  temp_name(tmp);
  _cleanup_close_ int fd =
      openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return;
  bool ok = write_all(fd, data, len);
  ok = close(clamp_steal_fd(&fd)) == 0 && ok;
  if (!ok || renameat(dirfd, tmp, dirfd, name) < 0)
    unlinkat(dirfd, tmp, 0);
}

bool clamp_cachedir_once_per(int dirfd, const char *name, time_t now, time_t window)
{
  if (dirfd < 0)
    return true;
  struct stat st;
  /* A marker from the future (a clock set back) does not silence
   * anything for longer than the window. */
  if (fstatat(dirfd, name, &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISREG(st.st_mode)
      && st.st_uid == geteuid() && st.st_mtime <= now && now - st.st_mtime < window)
    return false;
  clamp_cachedir_write(dirfd, name, "", 0);
  return true;
}

static void memo_name(const uint8_t key[32], char out[70])
{
  memcpy(out, "memo-", 5);
  clamp_sha256_hex(key, out + 5);
}

static bool memo_get(void *self, const uint8_t key[32], struct clamp_buf *out)
{
  const struct clamp_cachedir_memo *m = self;
  char name[70];
  memo_name(key, name);
  _cleanup_buf_ struct clamp_buf got;
  clamp_buf_init(&got);
  if (m->dirfd < 0 || !clamp_cachedir_read(m->dirfd, name, MEMO_MAX, &got))
    return false;
  clamp_buf_append(out, got.data, got.len);
  return true;
}

static void memo_put(void *self, const uint8_t key[32], const void *value, size_t len)
{
  const struct clamp_cachedir_memo *m = self;
  char name[70];
  memo_name(key, name);
  if (m->dirfd >= 0 && len <= MEMO_MAX)
    clamp_cachedir_write(m->dirfd, name, value, len);
}

void clamp_cachedir_memo_init(struct clamp_cachedir_memo *m, int dirfd)
{
  m->dirfd = dirfd;
  m->memo.self = m;
  m->memo.get = memo_get;
  m->memo.put = memo_put;
}
