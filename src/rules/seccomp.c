/* SPDX-License-Identifier: Apache-2.0 */
/* seccomp.default: every container runs under a seccomp profile at least
 * as strict as clamp's default.
 *
 * | control                                        | what                  |
 * |------------------------------------------------|-----------------------|
 * | CIS 5.22                                       | seccomp not disabled  |
 * | Pod Security restricted: seccompProfile        | RuntimeDefault or     |
 * |                                                |   stricter            |
 * | Docker's default profile + ptrace,             | what the default      |
 * |   process_vm_*, io_uring_*                     |   profile blocks      |
 *
 * The policy's profile (Docker's format) is resolved against the final
 * capability bounding set, as Docker resolves its own, then intersected
 * with whatever profile the container brought: a syscall is allowed only
 * where both allow it. The compile check through libseccomp happens later,
 * outside the pure rules. */
#include <string.h>

#include "clamp/harden.h"
#include "clamp/spec.h"

/* The final bounding set, as strings owned by the tree. */
static int final_bounding(struct clamp_json *spec, const char ***caps, size_t *n,
                          struct clamp_error **err)
{
  struct clamp_json *process = clamp_json_object_get(spec, "process");
  struct clamp_json *c = clamp_json_object_get(process, "capabilities");
  struct clamp_json *b;
  *caps = NULL;
  *n = 0;
  if (!clamp_json_is(c, CLAMP_JSON_OBJECT))
    return 0;
  if (clamp_spec_get_array(c, "process.capabilities", "bounding", &b, err) < 0
      || (b != NULL && clamp_spec_check_string_array(b, "process.capabilities.bounding", err) < 0))
    return -1;
  if (b == NULL)
    return 0;
  *caps = clamp_xcalloc(b->u.arr.len + 1, sizeof **caps);
  for (size_t i = 0; i < b->u.arr.len; i++)
    (*caps)[i] = b->u.arr.items[i]->u.str.s;
  *n = b->u.arr.len;
  return 0;
}

static char *describe_stats(const struct clamp_profile_stats *st)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  clamp_buf_puts(&b, "intersected with clamp's default profile");
  if (st->n_narrowed > 0)
    {
      clamp_buf_printf(&b,
                       "; %zu syscall%s the container's profile allowed %s now denied "
                       "at least in part (",
                       st->n_narrowed, st->n_narrowed == 1 ? "" : "s",
                       st->n_narrowed == 1 ? "is" : "are");
      size_t shown = st->n_narrowed < 8 ? st->n_narrowed : 8;
      for (size_t i = 0; i < shown; i++)
        clamp_buf_printf(&b, "%s%s", i ? ", " : "", st->narrowed[i]);
      clamp_buf_puts(&b, st->n_narrowed > shown ? ", ...)" : ")");
    }
  if (st->n_inexact > 0)
    {
      clamp_buf_printf(&b, "; denied because their argument filters could not be intersected "
                           "exactly: ");
      size_t shown = st->n_inexact < 8 ? st->n_inexact : 8;
      for (size_t i = 0; i < shown; i++)
        clamp_buf_printf(&b, "%s%s", i ? ", " : "", st->inexact[i]);
    }
  return clamp_buf_steal(&b);
}

int clamp_rule_seccomp(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                       const struct clamp_harden_host *host, struct clamp_error **err)
{
  if (!clamp_rule_enabled(ctx, CLAMP_RULE_SECCOMP_DEFAULT))
    return 0;

  struct clamp_json *linux_;
  if (clamp_spec_get_object(spec, "", "linux", &linux_, err) < 0)
    return -1;
  struct clamp_json *theirs = linux_ ? clamp_json_object_get(linux_, "seccomp") : NULL;
  if (!clamp_json_is_absent(theirs) && !clamp_json_is(theirs, CLAMP_JSON_OBJECT))
    return clamp_spec_type_error(err, "linux.seccomp", "an object", theirs);

  _cleanup_json_doc_ struct clamp_json_doc *pdoc =
      clamp_json_parse(ctx->policy->seccomp_profile, ctx->policy->seccomp_profile_len, err);
  if (pdoc == NULL)
    return clamp_error_wrap(err, "policy seccomp profile");

  _cleanup_free_ const char **caps = NULL;
  size_t n_caps;
  if (final_bounding(spec, &caps, &n_caps, err) < 0)
    return -1;
  struct clamp_json *ours =
      clamp_profile_to_oci(ctx->doc, pdoc->root, caps, n_caps, &host->seccomp, host->oracle, err);
  if (ours == NULL)
    return clamp_error_wrap(err, "policy seccomp profile");

  struct clamp_json *result;
  _cleanup_free_ char *reason = NULL;
  const char *from;
  if (clamp_profile_oci_is_empty(theirs))
    {
      result = ours;
      from = clamp_json_is_absent(theirs) ? "(none)" : "(empty)";
      reason = clamp_xstrdup("containers run under clamp's default seccomp profile");
    }
  else
    {
      struct clamp_profile_stats stats;
      memset(&stats, 0, sizeof stats);
      result = clamp_profile_intersect(ctx->doc, ours, theirs, host->oracle, &stats, err);
      if (result == NULL)
        return clamp_error_wrap(err, "linux.seccomp");
      if (clamp_json_equal(result, theirs))
        return 0;
      from = "(the container's profile)";
      reason = describe_stats(&stats);
    }
  if (!clamp_rule_violation(ctx, CLAMP_RULE_SECCOMP_DEFAULT, "linux.seccomp", from,
                            "(clamp's profile)", reason))
    return 0;
  if (linux_ == NULL)
    {
      linux_ = clamp_json_new_object(ctx->doc);
      clamp_json_object_set(ctx->doc, spec, "linux", linux_);
    }
  clamp_json_object_set(ctx->doc, linux_, "seccomp", result);
  return 0;
}
