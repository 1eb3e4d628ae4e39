/* SPDX-License-Identifier: Apache-2.0 */
/* The seccomp compile cache: a warm create proves its profile compiles
 * without calling libseccomp's compiler (DESIGN.md 4, "Seccomp"). A marker
 * file named by the cache key says "this profile compiled, to this BPF
 * digest, with this clamp, this libseccomp and this kernel".
 *
 * The cache may only make clamp skip work, never accept something it
 * would refuse, so anything doubtful about it (ownership, permissions,
 * symlinks, marker contents) makes it a miss or disables it silently. */
#include "clamp/seccomp.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "clamp/sha256.h"

#define CACHE_FORMAT "clamp-seccomp-cache-v1"
/* 64 hex digits and a newline. */
#define MARKER_LEN 65u

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

int clamp_seccomp_cache_open(struct clamp_seccomp_cache *cache, const char *path,
                             struct clamp_error **err)
{
  (void)err; /* nothing here is fatal: without a cache clamp compiles */
  cache->dirfd = -1;
  if (path == NULL || *path == '\0')
    return 0;
  _cleanup_close_ int fd = open_dir_nofollow(path);
  if (fd < 0)
    return 0;
  struct stat st;
  if (fstat(fd, &st) < 0 || !S_ISDIR(st.st_mode))
    return 0;
  /* Only clamp's euid may write markers: a marker written by anyone else
   * could make clamp skip the compile check of a profile that fails. */
  if (st.st_uid != geteuid() || (st.st_mode & 077) != 0)
    return 0;
  cache->dirfd = clamp_steal_fd(&fd);
  return 0;
}

void clamp_seccomp_cache_close(struct clamp_seccomp_cache *cache)
{
  if (cache != NULL && cache->dirfd >= 0)
    {
      close(cache->dirfd);
      cache->dirfd = -1;
    }
}

/* The key: length-prefixed fields, so no two different inputs can
 * concatenate to the same bytes. */
static int cache_key(const struct clamp_json *oci, const char *kernel_release, char hex[65],
                     struct clamp_error **err)
{
  _cleanup_buf_ struct clamp_buf canon;
  clamp_buf_init(&canon);
  if (clamp_json_serialize(oci, &canon, err) < 0)
    return -1;
  char libver[32];
  clamp_seccomp_library_version(libver, sizeof libver);
  const char *release = kernel_release != NULL ? kernel_release : "";

  struct clamp_sha256 s;
  clamp_sha256_init(&s);
  clamp_sha256_update_field(&s, CACHE_FORMAT, strlen(CACHE_FORMAT));
  clamp_sha256_update_field(&s, CLAMP_VERSION, strlen(CLAMP_VERSION));
  clamp_sha256_update_field(&s, libver, strlen(libver));
  clamp_sha256_update_field(&s, release, strlen(release));
  clamp_sha256_update_field(&s, canon.data, canon.len);
  uint8_t key[32];
  clamp_sha256_final(&s, key);
  clamp_sha256_hex(key, hex);
  return 0;
}

static int hex_value(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

/* A hit only for a regular file owned by euid holding exactly 64
 * lowercase hex digits and a newline. */
static bool read_marker(int dirfd, const char *name, uint8_t digest[32])
{
  /* O_NONBLOCK: a FIFO in place of a marker must not hang clamp. */
  _cleanup_close_ int fd = openat(dirfd, name, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd < 0)
    return false;
  struct stat st;
  if (fstat(fd, &st) < 0 || !S_ISREG(st.st_mode) || st.st_uid != geteuid()
      || st.st_size != (off_t)MARKER_LEN)
    return false;
  char buf[MARKER_LEN + 1];
  size_t got = 0;
  while (got < sizeof buf)
    {
      ssize_t k = read(fd, buf + got, sizeof buf - got);
      if (k < 0 && errno == EINTR)
        continue;
      if (k < 0)
        return false;
      if (k == 0)
        break;
      got += (size_t)k;
    }
  if (got != MARKER_LEN || buf[64] != '\n')
    return false;
  for (size_t i = 0; i < 32; i++)
    {
      int hi = hex_value(buf[2 * i]), lo = hex_value(buf[2 * i + 1]);
      if (hi < 0 || lo < 0)
        return false;
      digest[i] = (uint8_t)(hi << 4 | lo);
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

/* Best effort: a marker that cannot be written only costs a compile next
 * time. Written under a fresh name and renamed into place, so a reader
 * sees a whole marker or none. */
static void write_marker(int dirfd, const char *name, const uint8_t digest[32])
{
  char line[MARKER_LEN + 1];
  clamp_sha256_hex(digest, line);
  line[64] = '\n';
  line[65] = '\0';
  char tmp[64];
  temp_name(tmp);
  _cleanup_close_ int fd =
      openat(dirfd, tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0)
    return;
  bool ok = write(fd, line, MARKER_LEN) == (ssize_t)MARKER_LEN;
  ok = close(clamp_steal_fd(&fd)) == 0 && ok;
  if (!ok || renameat(dirfd, tmp, dirfd, name) < 0)
    unlinkat(dirfd, tmp, 0);
}

int clamp_seccomp_check(struct clamp_seccomp_cache *cache, const struct clamp_json *oci,
                        const char *kernel_release, uint8_t bpf_digest[32], bool *cached,
                        struct clamp_error **err)
{
  *cached = false;
  bool use_cache = cache != NULL && cache->dirfd >= 0 && clamp_json_is(oci, CLAMP_JSON_OBJECT);
  char key[65];
  if (use_cache && cache_key(oci, kernel_release, key, err) < 0)
    return -1;
  if (use_cache && read_marker(cache->dirfd, key, bpf_digest))
    {
      *cached = true;
      return 0;
    }
  if (clamp_seccomp_compile(oci, bpf_digest, err) < 0)
    return -1;
  if (use_cache)
    write_marker(cache->dirfd, key, bpf_digest);
  return 0;
}
