/* SPDX-License-Identifier: Apache-2.0 */
/* The seccomp compile cache: a warm create proves its profile compiles
 * without calling libseccomp's compiler (DESIGN.md 4, "Seccomp"). A marker
 * file named by the cache key says "this profile compiled, to this BPF
 * digest, with this build of clamp, this libseccomp and this kernel". The
 * directory and file handling, and why it can be trusted, is cachedir.c's. */
#include "clamp/seccomp.h"

#include <string.h>
#include <unistd.h>

#include "clamp/buildid.h"
#include "clamp/cachedir.h"
#include "clamp/sha256.h"

#define CACHE_FORMAT "clamp-seccomp-cache-v2"
/* 64 hex digits and a newline. */
#define MARKER_LEN 65u

int clamp_seccomp_cache_open(struct clamp_seccomp_cache *cache, const char *path,
                             struct clamp_error **err)
{
  (void)err; /* nothing here is fatal: without a cache clamp compiles */
  cache->dirfd = clamp_cachedir_open(path);
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
static void cache_key(const struct clamp_json *oci, const char *kernel_release, char hex[65])
{
  char libver[32];
  clamp_seccomp_library_version(libver, sizeof libver);
  const char *release = kernel_release != NULL ? kernel_release : "";
  char build[CLAMP_BUILD_ID_HEX_MAX];
  clamp_build_id_hex(build);

  struct clamp_sha256 s;
  clamp_sha256_init(&s);
  clamp_sha256_update_field(&s, CACHE_FORMAT, strlen(CACHE_FORMAT));
  clamp_sha256_update_field(&s, CLAMP_VERSION, strlen(CLAMP_VERSION));
  clamp_sha256_update_field(&s, build, strlen(build));
  clamp_sha256_update_field(&s, libver, strlen(libver));
  clamp_sha256_update_field(&s, release, strlen(release));
  clamp_json_hash(oci, &s);
  uint8_t key[32];
  clamp_sha256_final(&s, key);
  clamp_sha256_hex(key, hex);
}

static int hex_value(char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  return -1;
}

/* A hit only for a marker of exactly 64 lowercase hex digits and a
 * newline. */
static bool read_marker(int dirfd, const char *name, uint8_t digest[32])
{
  _cleanup_buf_ struct clamp_buf buf;
  clamp_buf_init(&buf);
  if (!clamp_cachedir_read(dirfd, name, MARKER_LEN, &buf) || buf.len != MARKER_LEN
      || buf.data[64] != '\n')
    return false;
  for (size_t i = 0; i < 32; i++)
    {
      int hi = hex_value(buf.data[2 * i]), lo = hex_value(buf.data[2 * i + 1]);
      if (hi < 0 || lo < 0)
        return false;
      digest[i] = (uint8_t)(hi << 4 | lo);
    }
  return true;
}

static void write_marker(int dirfd, const char *name, const uint8_t digest[32])
{
  char line[MARKER_LEN + 1];
  clamp_sha256_hex(digest, line);
  line[64] = '\n';
  clamp_cachedir_write(dirfd, name, line, MARKER_LEN);
}

int clamp_seccomp_check(struct clamp_seccomp_cache *cache, const struct clamp_json *oci,
                        const char *kernel_release, uint8_t bpf_digest[32], bool *cached,
                        struct clamp_error **err)
{
  *cached = false;
  bool use_cache = cache != NULL && cache->dirfd >= 0 && clamp_json_is(oci, CLAMP_JSON_OBJECT);
  char key[65];
  if (use_cache)
    cache_key(oci, kernel_release, key);
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
