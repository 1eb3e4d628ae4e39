/* SPDX-License-Identifier: Apache-2.0 */
/* annotations.crun: crun reads some annotations as configuration that
 * overrides what config.json says about security.
 *
 * | annotation (crun 1.8, crun.1.md)  | what it does                        |
 * |-----------------------------------|-------------------------------------|
 * | run.oci.seccomp_bpf_data          | raw BPF replaces linux.seccomp      |
 * |                                   |   (CIS 5.22 seccomp not disabled)   |
 * | run.oci.seccomp.receiver          | seccomp listener fd to a host socket|
 * | run.oci.seccomp.plugins           | dlopen()s plugins into crun (root)  |
 * | run.oci.keep_original_groups      | skips setgroups: the caller's       |
 * |                                   |   supplementary groups stay         |
 * | run.oci.hooks.* (stdout, stderr)  | files crun creates on the host for  |
 * |                                   |   hooks' output                     |
 *
 * Each is removed under enforce (one finding lists the keys; values are
 * not shown: a BPF blob is long and unreadable), refused under deny,
 * unless the policy's annotations.allow names it. Removal is safe for
 * runc, which ignores them all. crun compares keys exactly, as Go's map
 * does, so the match is exact and case-sensitive. */
#include <string.h>

#include "clamp/harden.h"
#include "clamp/spec.h"

static const char *const weakening[] = {
  "run.oci.seccomp_bpf_data",
  "run.oci.seccomp.receiver",
  "run.oci.seccomp.plugins",
  "run.oci.keep_original_groups",
};

#define HOOKS_PREFIX "run.oci.hooks."

bool clamp_annotation_is_crun_weakening(const char *key)
{
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(weakening); i++)
    if (strcmp(key, weakening[i]) == 0)
      return true;
  return clamp_str_has_prefix(key, HOOKS_PREFIX);
}

static bool allowed(const struct clamp_policy *p, const char *key)
{
  for (size_t i = 0; i < p->n_annotation_allow; i++)
    if (strcmp(key, p->annotation_allow[i]) == 0)
      return true;
  return false;
}

int clamp_rule_annotations(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                           struct clamp_error **err)
{
  if (!clamp_rule_enabled(ctx, CLAMP_RULE_ANNOTATIONS_CRUN))
    return 0;
  struct clamp_json *ann;
  if (clamp_spec_get_object(spec, "", "annotations", &ann, err) < 0)
    return -1;
  if (ann == NULL)
    return 0;
  size_t n = ann->u.obj.len, n_bad = 0;
  _cleanup_free_ const char **bad = clamp_xcalloc(n + 1, sizeof *bad);
  _cleanup_buf_ struct clamp_buf b;
  clamp_buf_init(&b);
  clamp_buf_putc(&b, '[');
  for (size_t i = 0; i < n; i++)
    {
      const struct clamp_json_member *m = &ann->u.obj.members[i];
      /* map[string]string to runc: any other value is a decode error. */
      if (!clamp_json_is(m->value, CLAMP_JSON_STRING))
        {
          _cleanup_free_ char *q = clamp_quote(m->key, m->key_len);
          _cleanup_free_ char *f = clamp_xasprintf("annotations.%s", q);
          return clamp_spec_type_error(err, f, "a string", m->value);
        }
      if (!clamp_annotation_is_crun_weakening(m->key) || allowed(ctx->policy, m->key))
        continue;
      if (n_bad)
        clamp_buf_puts(&b, ", ");
      clamp_buf_put_escaped(&b, m->key, m->key_len);
      bad[n_bad++] = m->key;
    }
  if (n_bad == 0)
    return 0;
  clamp_buf_putc(&b, ']');
  _cleanup_free_ char *from = clamp_buf_steal(&b);
  if (clamp_rule_violation(ctx, CLAMP_RULE_ANNOTATIONS_CRUN, "annotations", from, "(removed)",
                           "crun reads these annotations as settings that bypass linux.seccomp, "
                           "the process's groups or the host's file system; the policy's "
                           "annotations.allow does not list them"))
    /* The keys live in the document's arena, not in the members. */
    for (size_t j = 0; j < n_bad; j++)
      while (clamp_json_object_remove(ann, bad[j]))
        ;
  return 0;
}
