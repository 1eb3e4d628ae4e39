/* SPDX-License-Identifier: Apache-2.0 */
/* Host facts for the mounts rules: where a bind mount's source really is.
 * The kernel follows symlinks in a bind source at mount time, so the rules
 * compare the resolved path. A path that does not exist (runc would fail
 * to mount it) or cannot be resolved is resolved as far as it exists and
 * cleaned lexically for the rest: the check is never skipped. */
#include "clamp/host_mounts.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "clamp/path.h"
#include "clamp/util.h"

/* The longest prefix of path that realpath resolves, with the rest
 * appended and the whole cleaned; path itself cleaned when no prefix
 * resolves. */
static char *resolve_prefix(const char *path)
{
  _cleanup_free_ char *prefix = clamp_xstrdup(path);
  size_t len = strlen(prefix);
  while (len > 0)
    {
      while (len > 0 && prefix[len - 1] == '/')
        len--;
      while (len > 0 && prefix[len - 1] != '/')
        len--;
      if (len == 0)
        break;
      prefix[len] = '\0';
      _cleanup_free_ char *real = realpath(prefix, NULL);
      if (real != NULL)
        {
          _cleanup_free_ char *joined = clamp_xasprintf("%s/%s", real, path + len);
          return clamp_path_clean(joined);
        }
    }
  return clamp_path_clean(path);
}

char *clamp_host_resolve_path(const char *path)
{
  char *real = realpath(path, NULL);
  if (real != NULL)
    return real;
  /* The missing part was cleaned lexically: a ".." in it may lead back to
   * something that exists (a/missing/../link), so resolve once more; the
   * path is clean now, so once is enough. */
  _cleanup_free_ char *first = resolve_prefix(path);
  real = realpath(first, NULL);
  return real != NULL ? real : resolve_prefix(first);
}

static char *resolve(void *self, const char *path)
{
  (void)self;
  return clamp_host_resolve_path(path);
}

void clamp_host_mounts_init(struct clamp_host_mounts *m, const char *bundle,
                            struct clamp_harden_host *host)
{
  m->resolver.self = m;
  m->resolver.resolve = resolve;
  m->bundle = bundle ? realpath(bundle, NULL) : NULL;
  host->bundle = m->bundle;
  host->paths = &m->resolver;
}

void clamp_host_mounts_free(struct clamp_host_mounts *m)
{
  free(m->bundle);
  m->bundle = NULL;
}
