/* SPDX-License-Identifier: Apache-2.0 */
/* mounts.*: what a container may mount from the host, and how.
 *
 * | control                     | rule                 | what                             |
 * |-----------------------------|----------------------|----------------------------------|
 * | CIS 5.32                    | mounts.engine-socket | no bind of a docker, containerd, |
 * |                             |                      |   crio or podman socket, nor of  |
 * |                             |                      |   a directory holding one (even  |
 * |                             |                      |   read-only: connect() works on  |
 * |                             |                      |   a read-only mount) — refused   |
 * | CIS 5.6                     | mounts.host-system   | no read-write bind of /, /boot,  |
 * |                             |                      |   /dev, /etc, /lib, /proc, /sys, |
 * |                             |                      |   /usr or below — refused        |
 * | CIS 5.5, 5.6; CVE-2022-0492 | mounts.pseudo-fs     | no extra read-write proc, sysfs  |
 * |                             |                      |   or cgroup mount — refused      |
 * | CIS 5.6; NIST SP 800-190    | mounts.bind-options  | every bind mount nosuid,nodev    |
 * |   4.4.4                     |                      |                                  |
 * | CIS 5.20                    | mounts.propagation   | shared/rshared become rprivate,  |
 * |                             |                      |   in mounts and                  |
 * |                             |                      |   linux.rootfsPropagation        |
 *
 * A bind mount is what runc 1.1 (libcontainer/specconv) makes one: any
 * mount whose options hold "bind" or "rbind", whatever its type; crun
 * also takes type "bind" alone, so that counts too (and type "rbind":
 * a mount that fails as anything else costs nothing to check). runc joins a
 * relative bind source to the bundle directory (filepath.Join, which
 * cleans it); an absolute one goes to mount(2) as written, and the
 * kernel follows symlinks. So a source is compared twice: as written
 * (made absolute and cleaned) and as resolved through the host's
 * symlinks (host->paths). Either one matching is a match: the lexical
 * form also covers a symlink swapped between this check and runc's
 * mount.
 *
 * runc applies mount options in order and the last of a pair wins, so
 * "ro" then "rw" is read-write, and "rrw" (runc 1.1: mount_setattr,
 * recursive) undoes a plain "ro". */
#include <string.h>

#include "clamp/harden.h"
#include "clamp/path.h"
#include "clamp/spec.h"

/* The engines' API sockets at their standard places. Bind-mounting any
 * of them, or a directory above one, hands the container the engine (and
 * so root on the host). */
static const char *const engine_sockets[] = {
  "/run/docker.sock",
  "/var/run/docker.sock",
  "/run/containerd/containerd.sock",
  "/var/run/containerd/containerd.sock",
  "/run/containerd/containerd.sock.ttrpc",
  "/var/run/containerd/containerd.sock.ttrpc",
  "/run/docker/containerd/containerd.sock",
  "/var/run/docker/containerd/containerd.sock",
  "/run/crio/crio.sock",
  "/var/run/crio/crio.sock",
  "/run/podman/podman.sock",
  "/var/run/podman/podman.sock",
};

/* Socket names refused anywhere (rootless podman, a custom -H, a copy). */
static const char *const engine_socket_names[] = {
  "docker.sock",
  "containerd.sock",
  "crio.sock",
  "podman.sock",
};

/* CIS 5.6's sensitive host directories ("/" itself is checked apart: every
 * path is under it). */
static const char *const host_system_dirs[] = {
  "/boot", "/dev", "/etc", "/lib", "/proc", "/sys", "/usr",
};

/* Pseudo filesystems and where the runtime's own mount of each goes. */
static const struct
{
  const char *type, *standard;
} pseudo_fs[] = {
  { "proc", "/proc" },
  { "sysfs", "/sys" },
  { "cgroup", "/sys/fs/cgroup" },
  { "cgroup2", "/sys/fs/cgroup" },
};

static bool has_option(const struct clamp_json *opts, const char *o)
{
  for (size_t i = 0; opts != NULL && i < opts->u.arr.len; i++)
    if (strcmp(opts->u.arr.items[i]->u.str.s, o) == 0)
      return true;
  return false;
}

/* The mount's options as they are now (a rule before may have replaced
 * them): an array of strings (checked by clamp_spec_read_mounts), or NULL. */
static struct clamp_json *options_of(const struct clamp_mount *m)
{
  struct clamp_json *o = clamp_json_object_get(m->obj, "options");
  return clamp_json_is(o, CLAMP_JSON_ARRAY) ? o : NULL;
}

static bool is_bind(const struct clamp_mount *m)
{
  return (m->type != NULL && (strcmp(m->type, "bind") == 0 || strcmp(m->type, "rbind") == 0))
         || has_option(m->options, "bind") || has_option(m->options, "rbind");
}

/* Whether the mount ends up read-only, options applied in order as runc
 * does: "ro"/"rw" set and clear MS_RDONLY; "rro"/"rrw" set or clear the
 * recursive attribute, applied after the mount, so "rrw" wins over "ro".
 * runc 1.1 and crun apply the recursive ones to binds alone: for other
 * mounts (recursive false) only "ro"/"rw" count. */
static bool readonly_as(const struct clamp_json *opts, bool recursive)
{
  bool ro = false;
  int rec = 0; /* 1: rro, -1: rrw, 0: neither */
  for (size_t i = 0; opts != NULL && i < opts->u.arr.len; i++)
    {
      const char *o = opts->u.arr.items[i]->u.str.s;
      if (strcmp(o, "ro") == 0)
        ro = true;
      else if (strcmp(o, "rw") == 0)
        ro = false;
      else if (recursive && strcmp(o, "rro") == 0)
        rec = 1;
      else if (recursive && strcmp(o, "rrw") == 0)
        rec = -1;
    }
  return rec == 1 || (ro && rec == 0);
}

static bool is_readonly(const struct clamp_json *opts) { return readonly_as(opts, true); }

/* The last component of a cleaned absolute path ("" for "/"). */
static const char *base_name(const char *clean) { return strrchr(clean, '/') + 1; }

static bool is_socket_name(const char *clean)
{
  const char *b = base_name(clean);
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(engine_socket_names); i++)
    if (strcmp(b, engine_socket_names[i]) == 0)
      return true;
  return false;
}

/* A bind source, both ways it is compared. */
struct source
{
  char *lexical;  /* absolute and cleaned */
  char *resolved; /* symlinks resolved (equal to lexical without a resolver) */
};

/* The standard sockets resolved through the host's symlinks, once per
 * run and only when a bind mount needs them. */
struct sockets
{
  bool ready;
  char *resolved[CLAMP_N_ELEMENTS(engine_sockets)];
};

static char *resolve(const struct clamp_harden_host *host, const char *path)
{
  char *r = NULL;
  if (host != NULL && host->paths != NULL)
    r = host->paths->resolve(host->paths->self, path);
  if (r == NULL)
    return clamp_path_clean(path);
  /* Whatever a resolver says, compare clean absolute paths. */
  char *clean = clamp_path_clean(r);
  free(r);
  return clean;
}

/* A path as runc uses it: relative ones joined to the bundle. */
static void path_of(const struct clamp_harden_host *host, const char *src, struct source *s)
{
  _cleanup_free_ char *abs = NULL;
  if (src[0] == '/')
    abs = clamp_xstrdup(src);
  else
    {
      /* runc: filepath.Join(bundle, source), which cleans lexically. */
      const char *bundle = host && host->bundle ? host->bundle : "/";
      _cleanup_free_ char *joined = clamp_xasprintf("%s/%s", bundle, src);
      abs = clamp_path_clean(joined);
    }
  s->lexical = clamp_path_clean(abs);
  s->resolved = resolve(host, abs);
}

static void source_of(const struct clamp_harden_host *host, const struct clamp_mount *m,
                      struct source *s)
{
  path_of(host, m->source ? m->source : "", s);
}

static void source_free(struct source *s)
{
  free(s->lexical);
  free(s->resolved);
}

static void sockets_free(struct sockets *k)
{
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(k->resolved); i++)
    free(k->resolved[i]);
}

static void sockets_ready(const struct clamp_harden_host *host, struct sockets *k)
{
  if (k->ready)
    return;
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(engine_sockets); i++)
    k->resolved[i] = resolve(host, engine_sockets[i]);
  k->ready = true;
}

/* Whether sock is path or below it; n is path's length (a config can
 * have thousands of binds: no strlen per socket). */
static bool socket_under(const char *sock, const char *path, size_t n)
{
  if (n == 1)
    return true; /* "/" */
  return strncmp(sock, path, n) == 0 && (sock[n] == '\0' || sock[n] == '/');
}

/* Why path (a source, either form) gives away an engine socket, or NULL. */
static const char *socket_reason(const char *path, const struct sockets *k)
{
  if (is_socket_name(path))
    return "a container engine's socket gives control of the host (even read-only)";
  size_t n = strlen(path);
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(engine_sockets); i++)
    if (socket_under(engine_sockets[i], path, n) || socket_under(k->resolved[i], path, n))
      return strcmp(engine_sockets[i], path) == 0 || strcmp(k->resolved[i], path) == 0
                 ? "a container engine's socket gives control of the host (even read-only)"
                 : "the directory holds a container engine's socket, which gives control of "
                   "the host (even read-only)";
  return NULL;
}

static bool is_host_system(const char *path)
{
  if (strcmp(path, "/") == 0)
    return true;
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(host_system_dirs); i++)
    if (clamp_path_is_under(path, host_system_dirs[i]))
      return true;
  return false;
}

/* Whether s is at or below the container's root (either form). */
static bool in_rootfs(const struct source *s, const struct source *rootfs)
{
  return rootfs->lexical != NULL
         && (clamp_path_is_under(s->lexical, rootfs->lexical)
             || clamp_path_is_under(s->resolved, rootfs->resolved)
             || clamp_path_is_under(s->lexical, rootfs->resolved)
             || clamp_path_is_under(s->resolved, rootfs->lexical));
}

static void check_bind(struct clamp_rule_ctx *ctx, const struct clamp_harden_host *host, size_t i,
                       const struct clamp_mount *m, struct sockets *k, const struct source *rootfs)
{
  bool sock_on = clamp_rule_enabled(ctx, CLAMP_RULE_MOUNTS_ENGINE_SOCKET);
  bool sys_on = clamp_rule_enabled(ctx, CLAMP_RULE_MOUNTS_HOST_SYSTEM);
  if (!sock_on && !sys_on)
    return;
  struct source s = { NULL, NULL };
  source_of(host, m, &s);
  _cleanup_free_ char *lexical = s.lexical;
  _cleanup_free_ char *resolved = s.resolved;
  _cleanup_free_ char *field = clamp_xasprintf("mounts[%zu].source", i);
  if (sock_on)
    {
      sockets_ready(host, k);
      const char *why = socket_reason(resolved, k);
      if (why == NULL)
        why = socket_reason(lexical, k);
      if (why != NULL)
        clamp_rule_refuse(ctx, CLAMP_RULE_MOUNTS_ENGINE_SOCKET, field, why);
    }
  if (sys_on && !is_readonly(m->options) && (is_host_system(resolved) || is_host_system(lexical)))
    clamp_rule_refuse(ctx, CLAMP_RULE_MOUNTS_HOST_SYSTEM, field,
                      "a read-write bind mount of a host system directory (mount it read-only)");
  /* /proc/<pid>/root, cwd and fd are magic links to anywhere on the host:
   * what they lead to depends on the process and on who looks (clamp may
   * not be allowed to follow them where runc is), so no check holds. */
  if ((sys_on || sock_on) && (clamp_path_is_proc_fd(lexical) || clamp_path_is_proc_fd(resolved)))
    clamp_rule_refuse(ctx, sys_on ? CLAMP_RULE_MOUNTS_HOST_SYSTEM : CLAMP_RULE_MOUNTS_ENGINE_SOCKET,
                      field,
                      "a bind source through /proc/<pid>/root, cwd or fd, which lead anywhere on "
                      "the host");
  /* runc mounts a bind after the mounts before it, inside the new root:
   * a source in the container's own root is whatever those made of it
   * (rootfs/proc/1/root is the host's / while runc init sets up). */
  if ((sys_on || sock_on) && in_rootfs(&s, rootfs))
    clamp_rule_refuse(ctx, sys_on ? CLAMP_RULE_MOUNTS_HOST_SYSTEM : CLAMP_RULE_MOUNTS_ENGINE_SOCKET,
                      field,
                      "a bind source inside the container's own root filesystem is resolved after "
                      "the container's other mounts (its proc shows the host's root there)");
}

/* Filesystems a container may mount itself besides binds: the ones
 * runtimes and engines use. Anything else (ext4 of a host disk, overlay
 * over host directories, devtmpfs, debugfs, nfs, ...) reaches the host. */
static const char *const own_fs[] = { "tmpfs", "mqueue", "devpts" };

static void check_pseudo_fs(struct clamp_rule_ctx *ctx, size_t i, const struct clamp_mount *m)
{
  _cleanup_free_ char *field = clamp_xasprintf("mounts[%zu].type", i);
  if (m->type == NULL)
    {
      clamp_rule_refuse(ctx, CLAMP_RULE_MOUNTS_PSEUDO_FS, field,
                        "a mount that is not a bind needs a filesystem type clamp can check");
      return;
    }
  for (size_t p = 0; p < CLAMP_N_ELEMENTS(own_fs); p++)
    if (strcmp(m->type, own_fs[p]) == 0)
      return;
  for (size_t p = 0; p < CLAMP_N_ELEMENTS(pseudo_fs); p++)
    if (strcmp(m->type, pseudo_fs[p].type) == 0)
      {
        if (strcmp(m->dest_clean, pseudo_fs[p].standard) == 0)
          return;
        /* maskedPaths and readonlyPaths apply at /proc and /sys only: a
         * second proc or sysfs shows what they hide, read-only or not. */
        bool cgroup = strncmp(m->type, "cgroup", 6) == 0;
        if (cgroup && readonly_as(m->options, false))
          return;
        _cleanup_free_ char *why =
            cgroup ? clamp_xasprintf("an extra read-write %s mount (only the runtime's own at %s "
                                     "may be read-write; \"rro\" does not apply to it)",
                                     m->type, pseudo_fs[p].standard)
                   : clamp_xasprintf("an extra %s mount (masked and read-only paths apply only "
                                     "at %s)",
                                     m->type, pseudo_fs[p].standard);
        clamp_rule_refuse(ctx, CLAMP_RULE_MOUNTS_PSEUDO_FS, field, why);
        return;
      }
  _cleanup_free_ char *q = clamp_quote(m->type, strlen(m->type));
  _cleanup_free_ char *why = clamp_xasprintf(
      "a %s filesystem: a container mounts only tmpfs, proc, sysfs, cgroup, mqueue, devpts and "
      "binds (a host disk, overlay or device filesystem reaches the host)",
      q);
  clamp_rule_refuse(ctx, CLAMP_RULE_MOUNTS_PSEUDO_FS, field, why);
}

static bool is_shared(const char *o)
{
  return strcmp(o, "shared") == 0 || strcmp(o, "rshared") == 0;
}

/* shared and rshared become one rprivate, where the first was. */
static void fix_propagation(struct clamp_rule_ctx *ctx, size_t i, const struct clamp_mount *m,
                            bool *changed)
{
  struct clamp_json *opts = options_of(m);
  bool any = false;
  for (size_t j = 0; opts != NULL && j < opts->u.arr.len && !any; j++)
    any = is_shared(opts->u.arr.items[j]->u.str.s);
  if (!any)
    return;
  struct clamp_json *out = clamp_json_new_array(ctx->doc);
  bool put = false;
  for (size_t j = 0; j < opts->u.arr.len; j++)
    {
      struct clamp_json *o = opts->u.arr.items[j];
      if (!is_shared(o->u.str.s))
        clamp_json_array_append(ctx->doc, out, o);
      else if (!put)
        {
          clamp_json_array_append(ctx->doc, out, clamp_json_new_string(ctx->doc, "rprivate"));
          put = true;
        }
    }
  _cleanup_free_ char *field = clamp_xasprintf("mounts[%zu].options", i);
  _cleanup_free_ char *from = clamp_format_list(opts);
  _cleanup_free_ char *to = clamp_format_list(out);
  if (clamp_rule_violation(ctx, CLAMP_RULE_MOUNTS_PROPAGATION, field, from, to,
                           "shared propagation lets mounts cross between host and container"))
    {
      clamp_json_object_set(ctx->doc, m->obj, "options", out);
      *changed = true;
    }
}

/* Flags a bind mount must have, and their opposites (plain and runc 1.1's
 * recursive forms), which are removed rather than outvoted. */
static const struct
{
  const char *set, *opposite[2];
} bind_flags[] = {
  { "nosuid", { "suid", "rsuid" } },
  { "nodev", { "dev", "rdev" } },
};

static bool is_bind_opposite(const char *o)
{
  for (size_t f = 0; f < CLAMP_N_ELEMENTS(bind_flags); f++)
    if (strcmp(o, bind_flags[f].opposite[0]) == 0 || strcmp(o, bind_flags[f].opposite[1]) == 0)
      return true;
  return false;
}

/* A read-only rbind is read-only at its top only (runc 1.1 and crun
 * remount one mount): `-v /:/host:ro` would leave the host's /proc, /sys
 * and /dev beneath writable. "rro" (mount_setattr, Linux 5.12) makes the
 * whole tree read-only, as Docker 25 does for ro binds. */
static bool needs_rro(const struct clamp_mount *m, const struct clamp_json *opts)
{
  bool recursive = (m->type != NULL && strcmp(m->type, "rbind") == 0) || has_option(opts, "rbind");
  return recursive && is_readonly(opts) && !has_option(opts, "rro");
}

static void fix_bind_options(struct clamp_rule_ctx *ctx, size_t i, const struct clamp_mount *m,
                             bool *changed)
{
  struct clamp_json *opts = options_of(m);
  bool rro = needs_rro(m, opts);
  bool ok = !rro;
  for (size_t f = 0; f < CLAMP_N_ELEMENTS(bind_flags); f++)
    ok &= has_option(opts, bind_flags[f].set);
  for (size_t j = 0; opts != NULL && j < opts->u.arr.len; j++)
    ok &= !is_bind_opposite(opts->u.arr.items[j]->u.str.s);
  if (ok)
    return;
  struct clamp_json *out = clamp_json_new_array(ctx->doc);
  for (size_t j = 0; opts != NULL && j < opts->u.arr.len; j++)
    if (!is_bind_opposite(opts->u.arr.items[j]->u.str.s))
      clamp_json_array_append(ctx->doc, out, opts->u.arr.items[j]);
  for (size_t f = 0; f < CLAMP_N_ELEMENTS(bind_flags); f++)
    if (!has_option(out, bind_flags[f].set))
      clamp_json_array_append(ctx->doc, out, clamp_json_new_string(ctx->doc, bind_flags[f].set));
  if (rro)
    clamp_json_array_append(ctx->doc, out, clamp_json_new_string(ctx->doc, "rro"));
  _cleanup_free_ char *field = clamp_xasprintf("mounts[%zu].options", i);
  _cleanup_free_ char *from = clamp_format_list(opts);
  _cleanup_free_ char *to = clamp_format_list(out);
  if (clamp_rule_violation(ctx, CLAMP_RULE_MOUNTS_BIND_OPTIONS, field, from, to,
                           rro ? "a read-only rbind must be read-only below its top too (rro), "
                                 "and a bind mount must not carry setuid binaries or device nodes"
                               : "a bind mount must not carry setuid binaries or device nodes"))
    {
      clamp_json_object_set(ctx->doc, m->obj, "options", out);
      *changed = true;
    }
}

static int root_propagation(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                            struct clamp_error **err)
{
  struct clamp_json *linux_ = NULL;
  const char *prop = NULL;
  if (clamp_spec_get_object(spec, "", "linux", &linux_, err) < 0
      || (linux_ != NULL
          && clamp_spec_get_string(linux_, "linux", "rootfsPropagation", &prop, err) < 0))
    return -1;
  if (prop == NULL || !is_shared(prop))
    return 0;
  _cleanup_free_ char *from = clamp_xstrdup(prop);
  if (clamp_rule_violation(ctx, CLAMP_RULE_MOUNTS_PROPAGATION, "linux.rootfsPropagation", from,
                           "rprivate",
                           "shared propagation lets mounts cross between host and container"))
    clamp_json_object_set(ctx->doc, linux_, "rootfsPropagation",
                          clamp_json_new_string(ctx->doc, "rprivate"));
  return 0;
}

int clamp_rule_mounts_host(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                           const struct clamp_harden_host *host, struct clamp_error **err)
{
  const struct clamp_mounts *mounts;
  if (clamp_rule_mounts(ctx, spec, &mounts, err) < 0)
    return -1;
  if (clamp_rule_enabled(ctx, CLAMP_RULE_MOUNTS_PROPAGATION)
      && root_propagation(ctx, spec, err) < 0)
    return -1;

  __attribute__((cleanup(sockets_free))) struct sockets k = { 0 };
  /* root.path, as runc finds it (relative to the bundle). */
  __attribute__((cleanup(source_free))) struct source rootfs = { NULL, NULL };
  struct clamp_json *root;
  const char *root_path = NULL;
  if (clamp_spec_get_object(spec, "", "root", &root, err) < 0
      || (root != NULL && clamp_spec_get_string(root, "root", "path", &root_path, err) < 0))
    return -1;
  if (root_path != NULL && *root_path != '\0')
    path_of(host, root_path, &rootfs);
  bool changed = false;
  for (size_t i = 0; i < mounts->len; i++)
    {
      const struct clamp_mount *m = &mounts->items[i];
      if (is_bind(m))
        {
          check_bind(ctx, host, i, m, &k, &rootfs);
          if (clamp_rule_enabled(ctx, CLAMP_RULE_MOUNTS_ENGINE_SOCKET)
              && is_socket_name(m->dest_clean))
            {
              _cleanup_free_ char *field = clamp_xasprintf("mounts[%zu].destination", i);
              clamp_rule_refuse(ctx, CLAMP_RULE_MOUNTS_ENGINE_SOCKET, field,
                                "a bind mount at a container engine's socket path");
            }
        }
      else if (clamp_rule_enabled(ctx, CLAMP_RULE_MOUNTS_PSEUDO_FS))
        check_pseudo_fs(ctx, i, m);
      if (clamp_rule_enabled(ctx, CLAMP_RULE_MOUNTS_PROPAGATION))
        fix_propagation(ctx, i, m, &changed);
      if (is_bind(m) && clamp_rule_enabled(ctx, CLAMP_RULE_MOUNTS_BIND_OPTIONS))
        fix_bind_options(ctx, i, m, &changed);
    }
  if (changed)
    clamp_rule_mounts_changed(ctx);
  return 0;
}
