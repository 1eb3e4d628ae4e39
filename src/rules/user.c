/* SPDX-License-Identifier: Apache-2.0 */
/* user.nonroot: the container process never runs as uid 0 or gid 0.
 *
 * | control                                   | what                        |
 * |-------------------------------------------|-----------------------------|
 * | Pod Security restricted: runAsNonRoot,    | uid 0 -> policy uid         |
 * |   runAsUser                               |                             |
 * | (restricted, optional) runAsGroup,        | gid 0 -> policy gid; 0 out  |
 * |   supplementalGroups                      |   of additionalGids         |
 * | CIS 4.1 (a user for the container)        |                             |
 * | CIS 5.31, NIST 800-190 4.4.3              | user namespaces: the final  |
 * |                                           |   ids map to non-root host  |
 * |                                           |   ids; idmapped mounts out  |
 *
 * A non-zero uid or gid the container asked for is kept. Under a policy
 * with allow_root (only an exemption sets it) uid 0 and gid 0 are kept
 * too. */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "clamp/harden.h"
#include "clamp/spec.h"

static char *u32str(uint32_t v) { return clamp_xasprintf("%" PRIu32, v); }

/* Set obj.key = v when the rule is enforced, with a finding either way. */
static int fix_id(struct clamp_rule_ctx *ctx, struct clamp_json *user, const char *user_path,
                  const char *key, uint32_t to, const char *reason)
{
  _cleanup_free_ char *field = clamp_field(user_path, key);
  _cleanup_free_ char *tos = u32str(to);
  if (clamp_rule_violation(ctx, CLAMP_RULE_USER_NONROOT, field, "0", tos, reason))
    clamp_json_object_set(ctx->doc, user, key, clamp_json_new_uint(ctx->doc, to));
  return 0;
}

int clamp_rule_user_process(struct clamp_rule_ctx *ctx, struct clamp_json *process,
                            const char *path, uint32_t *input_uid, struct clamp_error **err)
{
  _cleanup_free_ char *user_path = clamp_field(path, "user");
  struct clamp_json *user;
  uint32_t uid = 0, gid = 0;
  struct clamp_json *gids = NULL;

  if (clamp_spec_get_object(process, path, "user", &user, err) < 0)
    return -1;
  if (user != NULL)
    {
      if (clamp_spec_get_uint32(user, user_path, "uid", &uid, err) < 0
          || clamp_spec_get_uint32(user, user_path, "gid", &gid, err) < 0
          || clamp_spec_get_array(user, user_path, "additionalGids", &gids, err) < 0)
        return -1;
    }
  /* Validate every additional gid before changing anything. */
  bool has_root_group = false;
  for (size_t i = 0; gids != NULL && i < gids->u.arr.len; i++)
    {
      uint64_t g;
      if (clamp_spec_number_u64(gids->u.arr.items[i], UINT32_MAX, &g) < 0)
        {
          _cleanup_free_ char *p = clamp_xasprintf("%s.additionalGids[%zu]", user_path, i);
          return clamp_spec_type_error(err, p, "an integer from 0 to 4294967295",
                                       gids->u.arr.items[i]);
        }
      has_root_group |= g == 0;
    }
  *input_uid = uid;
  if (!clamp_rule_enabled(ctx, CLAMP_RULE_USER_NONROOT))
    return 0;
  /* An exemption's "allow uid 0" (user.allow_root): the root user and
   * group are kept. The user-namespace checks (clamp_rule_user_namespace)
   * still apply. */
  if (ctx->policy->allow_root)
    return 0;

  if (uid == 0 || gid == 0)
    {
      /* A missing user object means uid 0 and gid 0 to runc. */
      if (user == NULL)
        {
          user = clamp_json_new_object(ctx->doc);
          if (ctx->policy->actions[CLAMP_RULE_USER_NONROOT] == CLAMP_ACTION_ENFORCE)
            clamp_json_object_set(ctx->doc, process, "user", user);
        }
      if (uid == 0)
        fix_id(ctx, user, user_path, "uid", ctx->policy->uid, "containers must not run as root");
      if (gid == 0)
        fix_id(ctx, user, user_path, "gid", ctx->policy->gid,
               "containers must not run with the root group");
    }
  if (has_root_group)
    {
      _cleanup_free_ char *field = clamp_field(user_path, "additionalGids");
      _cleanup_free_ char *from = clamp_format_list(gids);
      struct clamp_json *kept = clamp_json_new_array(ctx->doc);
      for (size_t i = 0; i < gids->u.arr.len; i++)
        {
          uint64_t g = 0;
          clamp_spec_number_u64(gids->u.arr.items[i], UINT32_MAX, &g); /* checked above */
          if (g != 0)
            clamp_json_array_append(ctx->doc, kept, gids->u.arr.items[i]);
        }
      _cleanup_free_ char *to = clamp_format_list(kept);
      if (clamp_rule_violation(ctx, CLAMP_RULE_USER_NONROOT, field, from, to,
                               "group 0 (root) is not allowed as a supplementary group"))
        clamp_json_object_set(ctx->doc, user, "additionalGids", kept);
    }
  return 0;
}

/* One linux.uidMappings / gidMappings entry. */
struct idmap
{
  uint32_t container, host, size;
};

static int read_mappings(const struct clamp_json *arr, const char *path, struct idmap **out,
                         size_t *n, struct clamp_error **err)
{
  *out = NULL;
  *n = 0;
  if (arr == NULL)
    return 0;
  struct idmap *m = clamp_xcalloc(arr->u.arr.len, sizeof *m);
  for (size_t i = 0; i < arr->u.arr.len; i++)
    {
      const struct clamp_json *e = arr->u.arr.items[i];
      _cleanup_free_ char *p = clamp_xasprintf("%s[%zu]", path, i);
      if (!clamp_json_is(e, CLAMP_JSON_OBJECT))
        {
          free(m);
          return clamp_spec_type_error(err, p, "an object", e);
        }
      if (clamp_spec_get_uint32(e, p, "containerID", &m[i].container, err) < 0
          || clamp_spec_get_uint32(e, p, "hostID", &m[i].host, err) < 0
          || clamp_spec_get_uint32(e, p, "size", &m[i].size, err) < 0)
        {
          free(m);
          return -1;
        }
    }
  *out = m;
  *n = arr->u.arr.len;
  return 0;
}

/* No mapping may reach host id 0 at all: an exec could otherwise pick the
 * container id that lands on host root. */
static void check_no_host_root(struct clamp_rule_ctx *ctx, const struct idmap *m, size_t n,
                               const char *maps_field)
{
  for (size_t i = 0; i < n; i++)
    if (m[i].size > 0 && m[i].host == 0)
      {
        _cleanup_free_ char *r = clamp_xasprintf(
            "container id %" PRIu32 " maps to host id 0 (root); mappings must not reach host root",
            m[i].container);
        _cleanup_free_ char *f = clamp_xasprintf("%s[%zu]", maps_field, i);
        clamp_rule_refuse(ctx, CLAMP_RULE_USER_NONROOT, f, r);
      }
}

/* id must be mapped (to a non-zero host id, which check_no_host_root
 * already guarantees). */
static void check_mapped(struct clamp_rule_ctx *ctx, const char *what, uint32_t id,
                         const struct idmap *m, size_t n, const char *maps_field)
{
  for (size_t i = 0; i < n; i++)
    if ((uint64_t)id >= m[i].container && (uint64_t)id < (uint64_t)m[i].container + m[i].size)
      return;
  _cleanup_free_ char *r = clamp_xasprintf(
      "%s %" PRIu32 " is not mapped in %s, so clamp cannot tell which host id it runs as", what, id,
      maps_field);
  clamp_rule_refuse(ctx, CLAMP_RULE_USER_NONROOT, maps_field, r);
}

static int check_idmapped_mounts(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                                 struct clamp_error **err)
{
  const struct clamp_mounts *mounts;
  if (clamp_rule_mounts(ctx, spec, &mounts, err) < 0)
    return -1;
  for (size_t i = 0; i < mounts->len; i++)
    {
      const struct clamp_json *maps[2] = { mounts->items[i].uid_mappings,
                                           mounts->items[i].gid_mappings };
      static const char *const keys[2] = { "uidMappings", "gidMappings" };
      for (size_t k = 0; k < 2; k++)
        if (maps[k] != NULL && maps[k]->u.arr.len > 0)
          {
            _cleanup_free_ char *f = clamp_xasprintf("mounts[%zu].%s", i, keys[k]);
            clamp_rule_refuse(ctx, CLAMP_RULE_USER_NONROOT, f,
                              "idmapped mounts are not allowed: they let the container own "
                              "host files as another user");
          }
    }
  return 0;
}

int clamp_rule_user_namespace(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                              struct clamp_error **err)
{
  if (!clamp_rule_enabled(ctx, CLAMP_RULE_USER_NONROOT))
    return 0;
  if (check_idmapped_mounts(ctx, spec, err) < 0)
    return -1;

  struct clamp_json *linux_, *process, *user;
  if (clamp_spec_get_object(spec, "", "linux", &linux_, err) < 0)
    return -1;
  const struct clamp_json *userns;
  size_t userns_index = 0;
  int found = clamp_spec_find_namespace(linux_, "user", &userns, &userns_index, err);
  if (found <= 0)
    return found;

  struct clamp_json *uidmaps, *gidmaps;
  if (clamp_spec_get_array(linux_, "linux", "uidMappings", &uidmaps, err) < 0
      || clamp_spec_get_array(linux_, "linux", "gidMappings", &gidmaps, err) < 0)
    return -1;
  _cleanup_free_ struct idmap *um = NULL, *gm = NULL;
  size_t nu, ng;
  if (read_mappings(uidmaps, "linux.uidMappings", &um, &nu, err) < 0
      || read_mappings(gidmaps, "linux.gidMappings", &gm, &ng, err) < 0)
    return -1;
  if (nu == 0 || ng == 0)
    {
      _cleanup_free_ char *f = clamp_xasprintf("linux.namespaces[%zu]", userns_index);
      clamp_rule_refuse(ctx, CLAMP_RULE_USER_NONROOT, f,
                        "a user namespace without linux.uidMappings and linux.gidMappings: clamp "
                        "cannot check which host ids the container runs as");
      return 0;
    }

  uint32_t uid = 0, gid = 0;
  struct clamp_json *gids = NULL;
  if (clamp_spec_get_object(spec, "", "process", &process, err) < 0)
    return -1;
  if (process != NULL && clamp_spec_get_object(process, "process", "user", &user, err) < 0)
    return -1;
  if (process != NULL && user != NULL
      && (clamp_spec_get_uint32(user, "process.user", "uid", &uid, err) < 0
          || clamp_spec_get_uint32(user, "process.user", "gid", &gid, err) < 0
          || clamp_spec_get_array(user, "process.user", "additionalGids", &gids, err) < 0))
    return -1;

  check_no_host_root(ctx, um, nu, "linux.uidMappings");
  check_no_host_root(ctx, gm, ng, "linux.gidMappings");
  check_mapped(ctx, "uid", uid, um, nu, "linux.uidMappings");
  check_mapped(ctx, "gid", gid, gm, ng, "linux.gidMappings");
  for (size_t i = 0; gids != NULL && i < gids->u.arr.len; i++)
    {
      uint64_t g;
      if (clamp_spec_number_u64(gids->u.arr.items[i], UINT32_MAX, &g) == 0)
        check_mapped(ctx, "additional gid", (uint32_t)g, gm, ng, "linux.gidMappings");
    }
  return 0;
}
