/* SPDX-License-Identifier: Apache-2.0 */
/* ns.*: the container has namespaces of its own, never the host's.
 *
 * | rule            | control                                 | what                  |
 * |-----------------|-----------------------------------------|-----------------------|
 * | ns.host-pid     | CIS 5.16; Pod Security baseline hostPID | no pid namespace, or  |
 * |                 |                                         |   the host's: denied  |
 * | ns.host-ipc     | CIS 5.17; Pod Security baseline hostIPC | the same for ipc      |
 * | ns.host-uts     | CIS 5.21                                | the same for uts      |
 * | ns.host-mount   | CIS 5.6 (host mount namespace)          | the same for mount    |
 * | ns.host-network | CIS 5.10; Pod Security baseline         | the same for network  |
 * |                 |   hostNetwork                           |                       |
 * | ns.host-user    | CIS 5.31 (host user namespace)          | a path to the host's  |
 * |                 |                                         |   user ns: denied     |
 * | ns.cgroup       | CIS 5.25 (cgroup namespace)             | none, or the host's:  |
 * |                 |                                         |   a private one is    |
 * |                 |                                         |   added (default warn)|
 *
 * A namespace "path" joins an existing namespace; that is allowed (a
 * Kubernetes pod's containers share its sandbox's namespaces) unless it is
 * the host's own: the (st_dev, st_ino) of the path equals that of
 * /proc/1/ns/<type> or of clamp's own /proc/self/ns/<type> (clamp may run
 * in a private mount namespace). The identities come from struct
 * clamp_ns_host (src/host_ns.c). A path clamp cannot stat is an error:
 * runc could not join it either.
 *
 * No user namespace is normal (most containers have none). The cgroup
 * namespace is a warning by default, because Docker on cgroup v1 hosts
 * gives none; under enforce clamp adds {"type": "cgroup"}, or drops the
 * path of one that is the host's.
 *
 * Limit: the check is on the path as it is when clamp runs. A path whose
 * components someone else can change (a symlink in a writable directory,
 * a /proc/PID that exits and is reused) could name another namespace
 * when runc opens it; only paths the config's author and root control
 * are safe to trust this way.
 *
 * Entries are read as runc 1.1 reads them (libcontainer/specconv
 * createLibcontainerConfig): a type other than the seven it knows, or the
 * same type twice, is an error; an empty path means a new namespace. */
#include <string.h>

#include "clamp/harden.h"
#include "clamp/spec.h"

static const char *const spec_names[CLAMP_NS__COUNT] = {
  [CLAMP_NS_PID] = "pid",       [CLAMP_NS_IPC] = "ipc",         [CLAMP_NS_UTS] = "uts",
  [CLAMP_NS_MOUNT] = "mount",   [CLAMP_NS_NETWORK] = "network", [CLAMP_NS_USER] = "user",
  [CLAMP_NS_CGROUP] = "cgroup",
};

static const char *const proc_names[CLAMP_NS__COUNT] = {
  [CLAMP_NS_PID] = "pid",       [CLAMP_NS_IPC] = "ipc",     [CLAMP_NS_UTS] = "uts",
  [CLAMP_NS_MOUNT] = "mnt",     [CLAMP_NS_NETWORK] = "net", [CLAMP_NS_USER] = "user",
  [CLAMP_NS_CGROUP] = "cgroup",
};

/* What sharing the host's namespace of each type gives away. */
static const char *const shared[CLAMP_NS__COUNT] = {
  [CLAMP_NS_PID] = "the host's processes would be visible and could be signalled",
  [CLAMP_NS_IPC] = "the host's shared memory and message queues would be reachable",
  [CLAMP_NS_UTS] = "the container could change the host's hostname",
  [CLAMP_NS_MOUNT] = "the container would see and change the host's mounts",
  [CLAMP_NS_NETWORK] = "the container would use the host's network interfaces and sockets",
  [CLAMP_NS_USER] = "ids in the container would be the host's ids",
  [CLAMP_NS_CGROUP] = "the container would see the host's cgroup tree",
};

const char *clamp_ns_spec_name(enum clamp_ns_type t) { return spec_names[t]; }
const char *clamp_ns_proc_name(enum clamp_ns_type t) { return proc_names[t]; }

/* What linux.namespaces holds, validated. */
struct ns_entry
{
  bool present;
  size_t index;
  const char *path; /* NULL or "": a new namespace */
};

static int read_entries(const struct clamp_json *namespaces, struct ns_entry *e,
                        struct clamp_error **err)
{
  memset(e, 0, CLAMP_NS__COUNT * sizeof *e);
  for (size_t i = 0; namespaces != NULL && i < namespaces->u.arr.len; i++)
    {
      const struct clamp_json *ns = namespaces->u.arr.items[i];
      _cleanup_free_ char *p = clamp_xasprintf("linux.namespaces[%zu]", i);
      const char *type, *path;
      if (!clamp_json_is(ns, CLAMP_JSON_OBJECT))
        return clamp_spec_type_error(err, p, "an object", ns);
      if (clamp_spec_get_string(ns, p, "type", &type, err) < 0
          || clamp_spec_get_string(ns, p, "path", &path, err) < 0)
        return -1;
      if (type == NULL)
        return clamp_error_input(err, "%s.type: missing (runc needs the namespace's type)", p);
      size_t t = 0;
      while (t < CLAMP_NS__COUNT && strcmp(spec_names[t], type) != 0)
        t++;
      if (t == CLAMP_NS__COUNT)
        {
          _cleanup_free_ char *q = clamp_quote(type, strlen(type));
          return clamp_error_input(err,
                                   "%s.type: %s is not a namespace type runc 1.1 knows (pid, "
                                   "network, mount, ipc, uts, user, cgroup)",
                                   p, q);
        }
      if (e[t].present)
        return clamp_error_input(err,
                                 "%s.type: \"%s\" is listed twice (also linux.namespaces[%zu])", p,
                                 type, e[t].index);
      e[t].present = true;
      e[t].index = i;
      e[t].path = path != NULL && *path != '\0' ? path : NULL;
      if (e[t].path != NULL && e[t].path[0] != '/')
        {
          _cleanup_free_ char *q = clamp_quote(path, strlen(path));
          return clamp_error_input(err, "%s.path: %s is not an absolute path", p, q);
        }
    }
  return 0;
}

static bool same(const struct clamp_ns_id *a, uint64_t dev, uint64_t ino)
{
  return a->known && a->dev == dev && a->ino == ino;
}

/* Which of the host's namespaces e's path is (CLAMP_NS__COUNT: none); an
 * error if it cannot be checked. */
static int host_ns_of(const struct clamp_ns_host *host, enum clamp_ns_type t,
                      const struct ns_entry *e, int *out, struct clamp_error **err)
{
  _cleanup_free_ char *q = clamp_quote(e->path, strlen(e->path));
  if (host == NULL || host->stat == NULL)
    return clamp_error_input(err,
                             "linux.namespaces[%zu].path: %s: clamp cannot check that it is not "
                             "the host's %s namespace",
                             e->index, q, spec_names[t]);
  uint64_t dev = 0, ino = 0;
  int r = host->stat(host->opaque, e->path, &dev, &ino);
  if (r < 0)
    return clamp_error_input(err,
                             "linux.namespaces[%zu].path: %s: %s (clamp must check that it is not "
                             "the host's %s namespace)",
                             e->index, q, strerror(-r), spec_names[t]);
  /* Any of the host's namespaces: one of another type fails in setns()
   * anyway, and is refused here with a clearer message. */
  if (host->collect != NULL)
    host->collect(host->opaque);
  *out = CLAMP_NS__COUNT;
  for (int k = 0; k < CLAMP_NS__COUNT && *out == CLAMP_NS__COUNT; k++)
    if (same(&host->init[k], dev, ino) || same(&host->self[k], dev, ino))
      *out = k;
  return 0;
}

/* A cgroup namespace of its own: add one, or make the host's a new one. */
static void fix_cgroup(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                       const struct ns_entry *e, int host_ns)
{
  struct clamp_json *namespaces;
  if (e->present)
    {
      _cleanup_free_ char *f = clamp_xasprintf("linux.namespaces[%zu].path", e->index);
      _cleanup_free_ char *q = clamp_quote(e->path, strlen(e->path));
      _cleanup_free_ char *r =
          clamp_xasprintf("it is the host's %s namespace", spec_names[host_ns]);
      if (!clamp_rule_violation(ctx, CLAMP_RULE_NS_CGROUP, f, q, "(a new cgroup namespace)", r))
        return;
      namespaces = clamp_json_object_get(clamp_json_object_get(spec, "linux"), "namespaces");
      clamp_json_object_remove(namespaces->u.arr.items[e->index], "path");
      return;
    }
  if (!clamp_rule_violation(ctx, CLAMP_RULE_NS_CGROUP, "linux.namespaces", "(no cgroup namespace)",
                            "{\"type\": \"cgroup\"}", shared[CLAMP_NS_CGROUP]))
    return;
  /* Types were checked: linux and namespaces are objects/arrays or absent. */
  struct clamp_json *linux_ = clamp_json_object_ensure(ctx->doc, spec, "linux", CLAMP_JSON_OBJECT);
  namespaces = clamp_json_object_ensure(ctx->doc, linux_, "namespaces", CLAMP_JSON_ARRAY);
  struct clamp_json *ns = clamp_json_new_object(ctx->doc);
  clamp_json_object_set(ctx->doc, ns, "type", clamp_json_new_string(ctx->doc, "cgroup"));
  clamp_json_array_append(ctx->doc, namespaces, ns);
}

int clamp_rule_namespaces(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                          const struct clamp_ns_host *host, struct clamp_error **err)
{
  struct clamp_json *linux_, *namespaces = NULL;
  if (clamp_spec_get_object(spec, "", "linux", &linux_, err) < 0)
    return -1;
  if (linux_ != NULL && clamp_spec_get_array(linux_, "linux", "namespaces", &namespaces, err) < 0)
    return -1;
  struct ns_entry e[CLAMP_NS__COUNT];
  if (read_entries(namespaces, e, err) < 0)
    return -1;

  for (int i = 0; i < CLAMP_NS__COUNT; i++)
    {
      enum clamp_ns_type t = (enum clamp_ns_type)i;
      enum clamp_rule_id rule = (enum clamp_rule_id)(CLAMP_RULE_NS_HOST_PID + i);
      if (!clamp_rule_enabled(ctx, rule))
        continue;
      int host_ns = CLAMP_NS__COUNT;
      if (e[t].present && e[t].path != NULL && host_ns_of(host, t, &e[t], &host_ns, err) < 0)
        return -1;
      if (t == CLAMP_NS_CGROUP)
        {
          if (!e[t].present || host_ns != CLAMP_NS__COUNT)
            fix_cgroup(ctx, spec, &e[t], host_ns);
          continue;
        }
      if (!e[t].present && t != CLAMP_NS_USER)
        {
          _cleanup_free_ char *r =
              clamp_xasprintf("no %s namespace of its own: %s", spec_names[t], shared[t]);
          clamp_rule_refuse(ctx, rule, "linux.namespaces", r);
        }
      else if (host_ns != CLAMP_NS__COUNT)
        {
          _cleanup_free_ char *f = clamp_xasprintf("linux.namespaces[%zu].path", e[t].index);
          _cleanup_free_ char *q = clamp_quote(e[t].path, strlen(e[t].path));
          _cleanup_free_ char *r = clamp_xasprintf("%s is the host's %s namespace: %s", q,
                                                   spec_names[host_ns], shared[t]);
          clamp_rule_refuse(ctx, rule, f, r);
        }
    }
  return 0;
}
