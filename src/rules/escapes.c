/* SPDX-License-Identifier: Apache-2.0 */
/* Known escape patterns, refused whatever the runtime's patch level.
 *
 * | rule                  | control        | what                            |
 * |-----------------------|----------------|---------------------------------|
 * | escape.proc-fd        | CVE-2024-21626 | process.cwd or a mount          |
 * |                       |                |   destination under /proc/PID/fd|
 * |                       |                |   (and root, cwd, task/TID/)  |
 * | process.oom-score-adj | host resources | a negative oomScoreAdj -> 0     |
 *
 * runc before 1.1.12 leaked a host directory fd into the container; a cwd
 * of /proc/self/fd/N then resolved outside the root filesystem. */
#include <inttypes.h>
#include <string.h>

#include "clamp/harden.h"
#include "clamp/path.h"
#include "clamp/spec.h"

static const char proc_fd_reason[] = "paths under /proc/<pid>/fd, root or cwd are magic links "
                                     "that can lead out of the container (CVE-2024-21626)";

static int check_mount_destinations(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                                    struct clamp_error **err)
{
  const struct clamp_mounts *mounts;
  if (clamp_rule_mounts(ctx, spec, &mounts, err) < 0)
    return -1;
  for (size_t i = 0; i < mounts->len; i++)
    if (mounts->items[i].destination != NULL && clamp_path_is_proc_fd(mounts->items[i].dest_clean))
      {
        _cleanup_free_ char *field = clamp_xasprintf("mounts[%zu].destination", i);
        clamp_rule_refuse(ctx, CLAMP_RULE_PROC_FD, field, proc_fd_reason);
      }
  return 0;
}

int clamp_rule_escapes(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                       struct clamp_json *process, const char *path, struct clamp_error **err)
{
  const char *cwd;
  int64_t oom;
  int has_oom;

  if (clamp_spec_get_string(process, path, "cwd", &cwd, err) < 0)
    return -1;
  if ((has_oom = clamp_spec_get_int64(process, path, "oomScoreAdj", &oom, err)) < 0)
    return -1;
  if (clamp_rule_enabled(ctx, CLAMP_RULE_PROC_FD))
    {
      if (cwd != NULL)
        {
          _cleanup_free_ char *clean = clamp_path_clean(cwd);
          if (clamp_path_is_proc_fd(clean))
            {
              _cleanup_free_ char *field = clamp_field(path, "cwd");
              clamp_rule_refuse(ctx, CLAMP_RULE_PROC_FD, field, proc_fd_reason);
            }
        }
      if (spec != NULL && check_mount_destinations(ctx, spec, err) < 0)
        return -1;
    }
  if (has_oom && oom < 0)
    {
      _cleanup_free_ char *field = clamp_field(path, "oomScoreAdj");
      _cleanup_free_ char *from = clamp_xasprintf("%" PRId64, oom);
      if (clamp_rule_violation(ctx, CLAMP_RULE_OOM_SCORE_ADJ, field, from, "0",
                               "a negative score shields the container from the OOM killer at "
                               "the host's expense"))
        clamp_json_object_set(ctx->doc, process, "oomScoreAdj", clamp_json_new_int(ctx->doc, 0));
    }
  return 0;
}
