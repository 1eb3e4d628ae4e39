/* SPDX-License-Identifier: Apache-2.0 */
/* clamp: a drop-in replacement for runc that hardens every container it
 * starts, then execs the real runtime. This file only reads the
 * environment, prints the version when asked and turns an error into one
 * log line and an exit status: 1 for bad input or a policy refusal, 2 for
 * an internal or environment failure. It never writes to stdout otherwise
 * (for create, stdout is the container's stdio). */
#include <stdio.h>
#include <stdlib.h>

#include "clamp/shim.h"

static int fail(const struct clamp_log *log, struct clamp_error *err)
{
  char *msg = clamp_xasprintf("clamp: %s", err->msg);
  clamp_log_write(log, "error", msg);
  free(msg);
  int status = err->kind == CLAMP_ERR_INPUT ? 1 : 2;
  clamp_error_free(err);
  return status;
}

int main(int argc, char *argv[])
{
  const struct clamp_shim_env env = {
    .runtime = getenv("CLAMP_RUNTIME"),
    .policy = getenv("CLAMP_POLICY"),
    .path = getenv("PATH"),
    .cache_dir = getenv("CLAMP_SECCOMP_CACHE"),
    .xdg_runtime_dir = getenv("XDG_RUNTIME_DIR"),
  };
  struct clamp_shim_plan plan;
  struct clamp_error *err = NULL;

  clamp_shim_plan_init(&plan);
  if (clamp_shim_prepare(argc, argv, &env, &plan, &err) < 0)
    return fail(&plan.log, err);
  if (plan.print_version)
    {
      printf("clamp version %s\n", CLAMP_VERSION);
      fflush(stdout);
    }
  clamp_runtime_exec(&plan.rt, plan.argv, &err);
  return fail(&plan.log, err);
}
