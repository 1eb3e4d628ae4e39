/* SPDX-License-Identifier: Apache-2.0 */
/* rootfs.readonly: a read-only root filesystem, with writable scratch
 * space only on tmpfs mounts that cannot hold executables, setuid
 * binaries or device nodes.
 *
 * | control                          | what                                  |
 * |----------------------------------|---------------------------------------|
 * | CIS 5.13                         | root.readonly = true                  |
 * | NIST SP 800-190 4.4.4            | /tmp and /run as nosuid,nodev,noexec  |
 * |                                  |   tmpfs unless a mount targets them   |
 * | CIS 5.5 (hardening of defaults)  | tmpfs, shm and mqueue mounts get      |
 * |                                  |   nosuid,nodev,noexec                 |
 *
 * The /dev tmpfs holds the container's device nodes, so it may get nosuid
 * and noexec but never nodev. runc applies mount options in order and the
 * last of a pair wins ("exec" after "noexec" re-enables exec), so the
 * opposite options are removed, not just outvoted. */
#include <string.h>

#include "clamp/harden.h"
#include "clamp/path.h"
#include "clamp/spec.h"

/* Flags to require and their opposites (plain and recursive forms). */
struct flag
{
  const char *set;
  const char *opposite[2];
};

static const struct flag flags[] = {
  { "nosuid", { "suid", "rsuid" } },
  { "nodev", { "dev", "rdev" } },
  { "noexec", { "exec", "rexec" } },
};

static bool has_option(const struct clamp_json *opts, const char *o)
{
  for (size_t i = 0; opts != NULL && i < opts->u.arr.len; i++)
    if (strcmp(opts->u.arr.items[i]->u.str.s, o) == 0)
      return true;
  return false;
}

/* The options mount should have, or NULL when it already complies. */
static struct clamp_json *fixed_options(struct clamp_json_doc *doc, const struct clamp_json *opts,
                                        bool keep_dev)
{
  bool ok = true;
  for (size_t f = 0; f < CLAMP_N_ELEMENTS(flags); f++)
    {
      if (keep_dev && strcmp(flags[f].set, "nodev") == 0)
        continue;
      ok &= has_option(opts, flags[f].set) && !has_option(opts, flags[f].opposite[0])
            && !has_option(opts, flags[f].opposite[1]);
    }
  if (ok)
    return NULL;
  struct clamp_json *out = clamp_json_new_array(doc);
  for (size_t i = 0; opts != NULL && i < opts->u.arr.len; i++)
    {
      const char *o = opts->u.arr.items[i]->u.str.s;
      bool drop = false;
      for (size_t f = 0; f < CLAMP_N_ELEMENTS(flags); f++)
        {
          if (keep_dev && strcmp(flags[f].set, "nodev") == 0)
            continue;
          drop |= strcmp(o, flags[f].opposite[0]) == 0 || strcmp(o, flags[f].opposite[1]) == 0;
        }
      if (!drop)
        clamp_json_array_append(doc, out, opts->u.arr.items[i]);
    }
  for (size_t f = 0; f < CLAMP_N_ELEMENTS(flags); f++)
    if (!(keep_dev && strcmp(flags[f].set, "nodev") == 0) && !has_option(out, flags[f].set))
      clamp_json_array_append(doc, out, clamp_json_new_string(doc, flags[f].set));
  return out;
}

static bool is_scratch_mount(const struct clamp_mount *m)
{
  return (m->type != NULL && (strcmp(m->type, "tmpfs") == 0 || strcmp(m->type, "mqueue") == 0))
         || strcmp(m->dest_clean, "/dev/shm") == 0 || strcmp(m->dest_clean, "/dev/mqueue") == 0;
}

static struct clamp_json *string_array(struct clamp_json_doc *doc, const char *const *v)
{
  struct clamp_json *a = clamp_json_new_array(doc);
  for (; *v; v++)
    clamp_json_array_append(doc, a, clamp_json_new_string(doc, *v));
  return a;
}

static int rootfs_readonly(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                           struct clamp_error **err)
{
  struct clamp_json *root;
  bool ro = false;
  if (clamp_spec_get_object(spec, "", "root", &root, err) < 0
      || (root != NULL && clamp_spec_get_bool(root, "root", "readonly", &ro, err) < 0))
    return -1;
  if (root == NULL)
    return clamp_error_input(err, "root: missing (the bundle must name its root filesystem)");
  if (!ro
      && clamp_rule_violation(ctx, CLAMP_RULE_ROOTFS_READONLY, "root.readonly", "false", "true",
                              "the root filesystem is read-only; writable space comes from "
                              "tmpfs mounts"))
    clamp_json_object_set(ctx->doc, root, "readonly", clamp_json_new_bool(ctx->doc, true));
  return 0;
}

/* Where a tmpfs at path goes: before the first mount beneath it (e.g.
 * /run/secrets), so that it never hides one, else at the end. cleans[]
 * holds the cleaned destination of every entry of mounts[], in order. */
static size_t tmpfs_position(const char *const *cleans, size_t n, const char *path)
{
  for (size_t i = 0; i < n; i++)
    if (strcmp(cleans[i], path) != 0 && clamp_path_is_under(cleans[i], path))
      return i;
  return n;
}

static void add_tmpfs_mounts(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                             const struct clamp_mounts *mounts)
{
  struct clamp_json *arr = mounts->array;
  /* The cleaned destinations of mounts[] as it grows. */
  size_t n = mounts->len;
  _cleanup_free_ const char **cleans = clamp_xcalloc(n + ctx->policy->n_tmpfs + 1, sizeof *cleans);
  for (size_t i = 0; i < n; i++)
    cleans[i] = mounts->items[i].dest_clean;

  for (size_t t = 0; t < ctx->policy->n_tmpfs; t++)
    {
      const struct clamp_tmpfs *tf = &ctx->policy->tmpfs[t];
      bool taken = false;
      for (size_t i = 0; i < mounts->len && !taken; i++)
        taken = strcmp(mounts->items[i].dest_clean, tf->path) == 0;
      if (taken)
        continue;
      struct clamp_json *mount = clamp_json_new_object(ctx->doc);
      clamp_json_object_set(ctx->doc, mount, "destination",
                            clamp_json_new_string(ctx->doc, tf->path));
      clamp_json_object_set(ctx->doc, mount, "type", clamp_json_new_string(ctx->doc, "tmpfs"));
      clamp_json_object_set(ctx->doc, mount, "source", clamp_json_new_string(ctx->doc, "tmpfs"));
      struct clamp_json *opts = string_array(ctx->doc, tf->options);
      clamp_json_object_set(ctx->doc, mount, "options", opts);
      _cleanup_free_ char *list = clamp_format_list(opts);
      _cleanup_free_ char *to = clamp_xasprintf("tmpfs %s %s", tf->path, list);
      if (!clamp_rule_violation(ctx, CLAMP_RULE_ROOTFS_READONLY, "mounts", "(no mount there)", to,
                                "writable scratch space on the read-only root"))
        continue;
      if (arr == NULL)
        {
          arr = clamp_json_new_array(ctx->doc);
          clamp_json_object_set(ctx->doc, spec, "mounts", arr);
        }
      size_t at = tmpfs_position(cleans, n, tf->path);
      clamp_json_array_insert(ctx->doc, arr, at, mount);
      memmove(cleans + at + 1, cleans + at, (n - at) * sizeof *cleans);
      cleans[at] = tf->path;
      n++;
    }
}

int clamp_rule_rootfs(struct clamp_rule_ctx *ctx, struct clamp_json *spec, struct clamp_error **err)
{
  const struct clamp_mounts *mounts;
  if (rootfs_readonly(ctx, spec, err) < 0 || clamp_rule_mounts(ctx, spec, &mounts, err) < 0)
    return -1;
  if (!clamp_rule_enabled(ctx, CLAMP_RULE_ROOTFS_READONLY))
    return 0;

  for (size_t i = 0; i < mounts->len; i++)
    {
      const struct clamp_mount *m = &mounts->items[i];
      if (!is_scratch_mount(m))
        continue;
      bool keep_dev = strcmp(m->dest_clean, "/dev") == 0;
      struct clamp_json *fixed = fixed_options(ctx->doc, m->options, keep_dev);
      if (fixed == NULL)
        continue;
      _cleanup_free_ char *field = clamp_xasprintf("mounts[%zu].options", i);
      _cleanup_free_ char *from = clamp_format_list(m->options);
      _cleanup_free_ char *to = clamp_format_list(fixed);
      if (clamp_rule_violation(ctx, CLAMP_RULE_ROOTFS_READONLY, field, from, to,
                               keep_dev ? "the /dev tmpfs must be nosuid and noexec"
                                        : "tmpfs, shm and mqueue mounts must be nosuid, nodev "
                                          "and noexec"))
        clamp_json_object_set(ctx->doc, m->obj, "options", fixed);
    }
  add_tmpfs_mounts(ctx, spec, mounts);
  clamp_rule_mounts_changed(ctx);
  return 0;
}
