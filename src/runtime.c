/* SPDX-License-Identifier: Apache-2.0 */
#include "clamp/runtime.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const usual_places[] = {
  "/usr/local/sbin/runc", "/usr/local/bin/runc", "/usr/sbin/runc",
  "/usr/bin/runc",        "/sbin/runc",          "/bin/runc",
};

static bool is_self(const struct stat *st)
{
  struct stat self;
  return stat("/proc/self/exe", &self) == 0 && self.st_dev == st->st_dev
         && self.st_ino == st->st_ino;
}

/* 1: usable, 0: not there or not executable, -1: it is clamp. */
static int candidate(const char *path)
{
  struct stat st;
  if (stat(path, &st) < 0 || !S_ISREG(st.st_mode) || access(path, X_OK) < 0)
    return 0;
  return is_self(&st) ? -1 : 1;
}

static enum clamp_flavor flavor_of(const char *path)
{
  const char *base = strrchr(path, '/');
  base = base ? base + 1 : path;
  return strncmp(base, "crun", 4) == 0 ? CLAMP_FLAVOR_CRUN : CLAMP_FLAVOR_RUNC;
}

/* Search name in a PATH-style list; skip_self skips clamp itself. */
static char *search_path(const char *name, const char *path_env, bool *found_self)
{
  if (path_env == NULL)
    return NULL;
  _cleanup_free_ char *copy = clamp_xstrdup(path_env);
  char *save = NULL;
  for (char *dir = strtok_r(copy, ":", &save); dir; dir = strtok_r(NULL, ":", &save))
    {
      if (dir[0] != '/')
        continue; /* a relative PATH entry depends on the cwd: never trust it */
      char *p = clamp_xasprintf("%s/%s", dir, name);
      int c = candidate(p);
      if (c > 0)
        return p;
      if (c < 0)
        *found_self = true;
      free(p);
    }
  return NULL;
}

int clamp_runtime_find(const char *explicit_runtime, const char *label, const char *path_env,
                       struct clamp_runtime *rt, struct clamp_error **err)
{
  rt->path = NULL;
  bool self = false;
  if (explicit_runtime != NULL && *explicit_runtime != '\0')
    {
      _cleanup_free_ char *q = clamp_quote(explicit_runtime, strlen(explicit_runtime));
      char *p = NULL;
      if (strchr(explicit_runtime, '/') != NULL)
        {
          if (explicit_runtime[0] != '/')
            return clamp_error_set(err, CLAMP_ERR_INTERNAL, 0,
                                   "%s%s: must be an absolute path or a name", label, q);
          int c = candidate(explicit_runtime);
          if (c < 0)
            self = true;
          else if (c > 0)
            p = clamp_xstrdup(explicit_runtime);
        }
      else
        p = search_path(explicit_runtime, path_env, &self);
      if (self)
        return clamp_error_set(err, CLAMP_ERR_INTERNAL, 0,
                               "%s%s is clamp itself; point it at the real runc or crun", label, q);
      if (p == NULL)
        return clamp_error_set(err, CLAMP_ERR_INTERNAL, ENOENT, "%s%s: no such executable", label,
                               q);
      rt->path = p;
      rt->flavor = flavor_of(p);
      return 0;
    }
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(usual_places); i++)
    {
      int c = candidate(usual_places[i]);
      if (c > 0)
        {
          rt->path = clamp_xstrdup(usual_places[i]);
          rt->flavor = CLAMP_FLAVOR_RUNC;
          return 0;
        }
      self |= c < 0;
    }
  rt->path = search_path("runc", path_env, &self);
  if (rt->path == NULL)
    return clamp_error_set(err, CLAMP_ERR_INTERNAL, 0,
                           self ? "no real runc found: every runc on the search path is clamp "
                                  "itself; set CLAMP_RUNTIME"
                                : "no runc found in the usual places or PATH; install runc or "
                                  "set CLAMP_RUNTIME");
  rt->flavor = CLAMP_FLAVOR_RUNC;
  return 0;
}

void clamp_runtime_free(struct clamp_runtime *rt)
{
  free(rt->path);
  rt->path = NULL;
}

int clamp_runtime_exec(const struct clamp_runtime *rt, char *const argv[], struct clamp_error **err)
{
  execv(rt->path, argv);
  _cleanup_free_ char *q = clamp_quote(rt->path, strlen(rt->path));
  return clamp_error_sys(err, errno, "execv %s", q);
}
