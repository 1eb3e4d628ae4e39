/* SPDX-License-Identifier: Apache-2.0 */
#include "clamp/runtime.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
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

/* The child's side: stdout to the pipe, stdin and stderr to /dev/null. */
static void version_child(const char *path, int out) __attribute__((noreturn));
static void version_child(const char *path, int out)
{
  int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  if (null < 0 || dup2(out, STDOUT_FILENO) < 0 || dup2(null, STDIN_FILENO) < 0
      || dup2(null, STDERR_FILENO) < 0)
    _exit(127);
  char *const argv[] = { (char *)path, (char *)"--version", NULL };
  execv(path, argv);
  _exit(127);
}

char *clamp_runtime_version(const struct clamp_runtime *rt, struct clamp_error **err)
{
  int p[2];
  if (pipe2(p, O_CLOEXEC) < 0)
    {
      clamp_error_sys(err, errno, "pipe");
      return NULL;
    }
  pid_t pid = fork();
  if (pid < 0)
    {
      int e = errno;
      close(p[0]);
      close(p[1]);
      clamp_error_sys(err, e, "fork");
      return NULL;
    }
  if (pid == 0)
    version_child(rt->path, p[1]);
  close(p[1]);
  char buf[4096];
  size_t got = 0;
  while (got < sizeof buf - 1)
    {
      ssize_t k = read(p[0], buf + got, sizeof buf - 1 - got);
      if (k < 0 && errno == EINTR)
        continue;
      if (k <= 0)
        break;
      got += (size_t)k;
    }
  close(p[0]); /* a chatty child gets EPIPE rather than blocking us */
  buf[got] = '\0';
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      {
        clamp_error_sys(err, errno, "waitpid");
        return NULL;
      }
  if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
    {
      clamp_error_sys(err, 0, "%s --version: %s %d", rt->path,
                      WIFEXITED(status) ? "exit status" : "killed by signal",
                      WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status));
      return NULL;
    }
  size_t n = strcspn(buf, "\n");
  if (n == 0)
    {
      clamp_error_sys(err, 0, "%s --version printed nothing", rt->path);
      return NULL;
    }
  _cleanup_buf_ struct clamp_buf line;
  clamp_buf_init(&line);
  clamp_buf_put_escaped(&line, buf, n);
  return clamp_buf_steal(&line);
}
