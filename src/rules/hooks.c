/* SPDX-License-Identifier: Apache-2.0 */
/* hooks.allowlist: OCI hooks run as root on the host, outside every
 * namespace and confinement of the container, so a config that can name
 * any program as a hook can run anything on the host.
 *
 * | control                                  | what                        |
 * |------------------------------------------|-----------------------------|
 * | OCI runtime-spec "POSIX-platform Hooks"  | hooks.{prestart,            |
 * |   (run in the runtime's namespace)       |   createRuntime,            |
 * | NIST SP 800-190 4.4.3 (host protection)  |   createContainer,          |
 * |                                          |   startContainer, poststart,|
 * |                                          |   poststop}[i].path on the  |
 * |                                          |   policy's hooks.allow      |
 *
 * With hooks.allow null (the default) every hook is allowed: Docker adds
 * its own libnetwork-setkey prestart hook (the dockerd binary). With a
 * list, a hook whose path, cleaned, is not exactly on it is refused
 * (enforce and deny; a hook cannot be dropped without changing what the
 * container is). A relative or missing path is never on the list. */
#include <string.h>

#include "clamp/harden.h"
#include "clamp/path.h"
#include "clamp/spec.h"

static const char *const hook_kinds[] = {
  "prestart", "createRuntime", "createContainer", "startContainer", "poststart", "poststop",
};

static bool hook_allowed(const struct clamp_policy *p, const char *path)
{
  if (path == NULL || path[0] != '/')
    return false;
  _cleanup_free_ char *clean = clamp_path_clean(path);
  for (size_t i = 0; i < p->n_hook_allow; i++)
    if (strcmp(clean, p->hook_allow[i]) == 0)
      return true;
  return false;
}

int clamp_rule_hooks(struct clamp_rule_ctx *ctx, struct clamp_json *spec, struct clamp_error **err)
{
  if (!clamp_rule_enabled(ctx, CLAMP_RULE_HOOKS_ALLOWLIST) || !ctx->policy->hooks_restricted)
    return 0;
  struct clamp_json *hooks;
  if (clamp_spec_get_object(spec, "", "hooks", &hooks, err) < 0)
    return -1;
  if (hooks == NULL)
    return 0;
  for (size_t k = 0; k < CLAMP_N_ELEMENTS(hook_kinds); k++)
    {
      struct clamp_json *arr;
      if (clamp_spec_get_array(hooks, "hooks", hook_kinds[k], &arr, err) < 0)
        return -1;
      for (size_t i = 0; arr != NULL && i < arr->u.arr.len; i++)
        {
          const struct clamp_json *h = arr->u.arr.items[i];
          _cleanup_free_ char *p = clamp_xasprintf("hooks.%s[%zu]", hook_kinds[k], i);
          const char *path;
          if (!clamp_json_is(h, CLAMP_JSON_OBJECT))
            return clamp_spec_type_error(err, p, "an object", h);
          if (clamp_spec_get_string(h, p, "path", &path, err) < 0)
            return -1;
          if (hook_allowed(ctx->policy, path))
            continue;
          _cleanup_free_ char *f = clamp_xasprintf("%s.path", p);
          _cleanup_free_ char *q = path ? clamp_quote(path, strlen(path)) : NULL;
          _cleanup_free_ char *reason =
              path == NULL ? clamp_xstrdup("a hook without a path")
              : path[0] != '/'
                  ? clamp_xasprintf("hook %s is not an absolute path", q)
                  : clamp_xasprintf("hook %s is not on the policy's hooks.allow list (hooks "
                                    "run as root on the host)",
                                    q);
          clamp_rule_refuse(ctx, CLAMP_RULE_HOOKS_ALLOWLIST, f, reason);
        }
    }
  return 0;
}
