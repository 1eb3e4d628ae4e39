/* SPDX-License-Identifier: Apache-2.0 */
/* process.no-new-privileges: setuid binaries and file capabilities cannot
 * raise the process's privileges (prctl PR_SET_NO_NEW_PRIVS).
 *
 * | control                                            | what            |
 * |----------------------------------------------------|-----------------|
 * | CIS 5.26                                           | no-new-privs on |
 * | Pod Security restricted: allowPrivilegeEscalation  |                 |
 */
#include "clamp/harden.h"
#include "clamp/spec.h"

int clamp_rule_no_new_privs(struct clamp_rule_ctx *ctx, struct clamp_json *process,
                            const char *path, struct clamp_error **err)
{
  bool nnp = false;
  int r = clamp_spec_get_bool(process, path, "noNewPrivileges", &nnp, err);
  if (r < 0)
    return -1;
  if (nnp)
    return 0;
  _cleanup_free_ char *field = clamp_field(path, "noNewPrivileges");
  if (clamp_rule_violation(ctx, CLAMP_RULE_NO_NEW_PRIVS, field, r ? "false" : "(unset)", "true",
                           "setuid binaries and file capabilities must not raise privileges"))
    clamp_json_object_set(ctx->doc, process, "noNewPrivileges",
                          clamp_json_new_bool(ctx->doc, true));
  return 0;
}
