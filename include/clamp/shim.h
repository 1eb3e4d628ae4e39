/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_SHIM_H
#define CLAMP_SHIM_H

#include <stdbool.h>

#include "clamp/cli.h"
#include "clamp/error.h"
#include "clamp/log.h"
#include "clamp/runtime.h"

/* The whole pipeline of the runc-compatible shim, minus the two things
 * only main() does (printing and execv):
 *   argv -> command -> locate spec -> safe read -> strict parse -> policy
 *   -> harden -> seccomp check -> atomic write -> log -> plan(execv). */

/* What main() reads from its environment and passes in (no globals). */
struct clamp_shim_env
{
  const char *runtime;         /* CLAMP_RUNTIME */
  const char *policy;          /* CLAMP_POLICY: the policy file (else /etc/clamp/policy.json) */
  const char *path;            /* PATH */
  const char *cache_dir;       /* CLAMP_SECCOMP_CACHE: overrides the default cache location */
  const char *xdg_runtime_dir; /* XDG_RUNTIME_DIR: the cache of a non-root clamp */
};

struct clamp_shim_plan
{
  struct clamp_log log;     /* where messages go, known as early as possible */
  struct clamp_runtime rt;  /* what to execv */
  char **argv;              /* its argv */
  bool print_version;       /* print clamp's version on stdout first */
  struct clamp_command cmd; /* the parsed command (owns strings argv may point at) */
  int keep_fd;              /* an fd the runtime inherits (update's resources), or -1 */
};

void clamp_shim_plan_init(struct clamp_shim_plan *plan);
void clamp_shim_plan_free(struct clamp_shim_plan *plan);

/* Decide what to run. On error nothing has been changed on disk, and
 * plan->log says where the error line goes. */
int clamp_shim_prepare(int argc, char *const argv[], const struct clamp_shim_env *env,
                       struct clamp_shim_plan *plan, struct clamp_error **err);

#endif
