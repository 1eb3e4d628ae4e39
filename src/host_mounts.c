/* SPDX-License-Identifier: Apache-2.0 */
/* Host facts for the mounts rules: where a bind mount's source really is.
 * The kernel follows symlinks in a bind source at mount time, so the rules
 * compare the resolved path. A path that does not exist (runc would fail
 * to mount it) is resolved as far as it exists and cleaned lexically for
 * the rest: the check is never skipped.
 *
 * realpath would fail on such a path, and retrying it on shorter prefixes
 * walks the path again each time; syscalls cost microseconds on the VMs
 * clamp runs on. So the walk is done here, one lstat per component, and
 * each component's answer is remembered for the next path. */
#include "clamp/host_mounts.h"

#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clamp/path.h"
#include "clamp/util.h"

#define MAX_LINKS 40 /* the kernel's limit on symlinks in one walk */
#define MEMO_MAX 128

/* What lstat (and readlink) said about one resolved path. */
struct clamp_host_path_seen
{
  char *path;
  bool exists;
  char *target; /* a symlink's target, else NULL */
};

/* Look path up: 1 exists (*target set for a symlink, owned by m or by
 * *owned), 0 missing or unreadable. */
static int look(struct clamp_host_mounts *m, const char *path, const char **target, char **owned)
{
  *target = NULL;
  *owned = NULL;
  for (size_t i = 0; m != NULL && i < m->n_seen; i++)
    if (strcmp(m->seen[i].path, path) == 0)
      {
        *target = m->seen[i].target;
        return m->seen[i].exists;
      }
  struct stat st;
  bool exists = lstat(path, &st) == 0;
  char *t = NULL;
  if (exists && S_ISLNK(st.st_mode))
    {
      char buf[PATH_MAX];
      ssize_t n = readlink(path, buf, sizeof buf - 1);
      if (n < 0)
        exists = false; /* vanished or unreadable: the kernel would fail */
      else
        {
          buf[n] = '\0';
          t = clamp_xstrdup(buf);
        }
    }
  /* Remember a bounded number of answers: the lookup is a linear scan,
   * and a config can hold thousands of mounts. */
  if (m == NULL || m->n_seen == MEMO_MAX)
    {
      *target = *owned = t;
      return exists;
    }
  if (m->n_seen == m->cap_seen)
    {
      m->cap_seen = m->cap_seen ? m->cap_seen * 2 : 32;
      m->seen = clamp_xrealloc(m->seen, m->cap_seen * sizeof *m->seen);
    }
  m->seen[m->n_seen++] = (struct clamp_host_path_seen){ clamp_xstrdup(path), exists, t };
  *target = t;
  return exists;
}

/* True when the path text s has a ".." component. */
static bool has_dotdot(const char *s)
{
  for (const char *p = strstr(s, ".."); p != NULL; p = strstr(p + 1, ".."))
    if ((p == s || p[-1] == '/') && (p[2] == '\0' || p[2] == '/'))
      return true;
  return false;
}

char *clamp_host_resolve_path(struct clamp_host_mounts *m, const char *path)
{
  struct clamp_buf out; /* resolved so far; "" stands for "/" */
  clamp_buf_init(&out);
  clamp_buf_reserve(&out, strlen(path) + 64);
  out.data[0] = '\0';
  char *todo = clamp_xstrdup(path); /* what is left to walk */
  const char *rest = todo;
  int links = 0;
  bool rewalked = false;
  while (*rest != '\0')
    {
      while (*rest == '/')
        rest++;
      size_t n = strcspn(rest, "/");
      const char *next = rest + n;
      if (n == 0 || (n == 1 && rest[0] == '.'))
        {
          rest = next;
          continue;
        }
      if (n == 2 && rest[0] == '.' && rest[1] == '.')
        {
          char *slash = strrchr(out.data, '/');
          out.len = slash ? (size_t)(slash - out.data) : 0;
          out.data[out.len] = '\0';
          rest = next;
          continue;
        }
      size_t keep = out.len;
      clamp_buf_putc(&out, '/');
      clamp_buf_append(&out, rest, n);
      const char *target;
      _cleanup_free_ char *owned = NULL;
      int exists = look(m, out.data, &target, &owned);
      if (exists && target == NULL)
        {
          rest = next;
          continue;
        }
      out.len = keep;
      out.data[out.len] = '\0';
      if (!exists || ++links > MAX_LINKS)
        {
          /* Missing (or a loop): runc's mount would fail. The rest is
           * taken lexically; but a ".." in it may lead back to something
           * that exists ("missing/../link"), so walk the cleaned rest once
           * more (it has no ".." left). */
          if (rewalked || !has_dotdot(next))
            break;
          char *joined = clamp_xasprintf("%s/%s", out.data, rest);
          free(todo);
          todo = clamp_path_clean(joined);
          free(joined);
          rest = todo;
          out.len = 0;
          out.data[0] = '\0';
          rewalked = true;
          continue;
        }
      char *joined = clamp_xasprintf("%s/%s", target, next);
      free(todo);
      todo = joined;
      rest = todo;
      if (target[0] == '/')
        {
          out.len = 0;
          out.data[0] = '\0';
        }
    }
  char *tail = clamp_xasprintf("%s/%s", out.data, rest);
  clamp_buf_free(&out);
  free(todo);
  char *clean = clamp_path_clean(tail);
  free(tail);
  return clean;
}

static char *resolve(void *self, const char *path) { return clamp_host_resolve_path(self, path); }

void clamp_host_mounts_init(struct clamp_host_mounts *m, const char *bundle,
                            struct clamp_harden_host *host)
{
  m->resolver.self = m;
  m->resolver.resolve = resolve;
  m->seen = NULL;
  m->n_seen = m->cap_seen = 0;
  /* The shim passes the bundle directory it pinned (absolute, free of
   * symlinks); anything else is made so. */
  if (bundle == NULL)
    m->bundle = NULL;
  else if (bundle[0] == '/')
    m->bundle = clamp_xstrdup(bundle);
  else
    m->bundle = realpath(bundle, NULL);
  host->bundle = m->bundle;
  host->paths = &m->resolver;
}

void clamp_host_mounts_free(struct clamp_host_mounts *m)
{
  for (size_t i = 0; i < m->n_seen; i++)
    {
      free(m->seen[i].path);
      free(m->seen[i].target);
    }
  free(m->seen);
  free(m->bundle);
  m->seen = NULL;
  m->n_seen = m->cap_seen = 0;
  m->bundle = NULL;
}
