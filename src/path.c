/* SPDX-License-Identifier: Apache-2.0 */
#include "clamp/path.h"

#include <string.h>

#include "clamp/util.h"

char *clamp_path_clean(const char *p)
{
  return clamp_path_clean_into(p, clamp_xmalloc(strlen(p) + 2));
}

char *clamp_path_clean_into(const char *p, char *out)
{
  size_t len = 0;
  out[len++] = '/';
  const char *s = p;
  while (*s)
    {
      while (*s == '/')
        s++;
      if (*s == '\0')
        break;
      const char *e = strchr(s, '/');
      size_t clen = e ? (size_t)(e - s) : strlen(s);
      if (clen == 1 && s[0] == '.')
        ;
      else if (clen == 2 && s[0] == '.' && s[1] == '.')
        {
          /* Drop the last component, never above "/". */
          while (len > 1 && out[len - 1] != '/')
            len--;
          if (len > 1)
            len--;
        }
      else
        {
          if (len > 1)
            out[len++] = '/';
          memcpy(out + len, s, clen);
          len += clen;
        }
      s += clen;
    }
  out[len] = '\0';
  return out;
}

bool clamp_path_is_under(const char *clean, const char *dir)
{
  size_t d = strlen(dir);
  if (d == 1 && dir[0] == '/')
    return true;
  return strncmp(clean, dir, d) == 0 && (clean[d] == '\0' || clean[d] == '/');
}

/* Length of the component at s (up to '/' or the end). */
static size_t comp(const char *s)
{
  const char *e = strchr(s, '/');
  return e ? (size_t)(e - s) : strlen(s);
}

static bool comp_is(const char *s, const char *name)
{
  size_t n = comp(s);
  return n == strlen(name) && memcmp(s, name, n) == 0;
}

/* Advance past the component at s and its slash; NULL at the end. */
static const char *next(const char *s)
{
  const char *e = strchr(s, '/');
  return e ? e + 1 : NULL;
}

/* fd/ holds magic links to a process's open files (runc's leaked fd in
 * CVE-2024-21626); root and cwd are magic links to its root and working
 * directories, which for a process outside the container are host paths. */
static bool magic_link_dir(const char *s)
{
  return comp_is(s, "fd") || comp_is(s, "root") || comp_is(s, "cwd");
}

bool clamp_path_is_proc_fd(const char *clean)
{
  const char *s = clean + 1; /* clean is absolute */
  if (!comp_is(s, "proc") || (s = next(s)) == NULL || comp(s) == 0 || (s = next(s)) == NULL)
    return false;
  if (magic_link_dir(s))
    return true;
  if (!comp_is(s, "task") || (s = next(s)) == NULL || comp(s) == 0 || (s = next(s)) == NULL)
    return false;
  return magic_link_dir(s);
}
