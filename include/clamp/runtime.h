/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_RUNTIME_H
#define CLAMP_RUNTIME_H

#include "clamp/cli.h"
#include "clamp/error.h"

/* The real runtime clamp hands over to. */
struct clamp_runtime
{
  char *path;
  enum clamp_flavor flavor;
};

/* Find it: explicit (CLAMP_RUNTIME or the policy's runtime.path: an
 * absolute path, or a name looked up in path_env; label names where it
 * came from in errors, e.g. "CLAMP_RUNTIME="), else runc in the usual
 * places, then in path_env. A runtime
 * that is clamp itself (same device and inode as /proc/self/exe) is
 * refused when named explicitly and skipped when searching. */
int clamp_runtime_find(const char *explicit_runtime, const char *label, const char *path_env,
                       struct clamp_runtime *rt, struct clamp_error **err);
void clamp_runtime_free(struct clamp_runtime *rt);

/* Run `<rt> --version` (fork and execv, no shell; stdin and stderr on
 * /dev/null) and return the first line it prints (at most 4 KiB are
 * read). An error when it cannot run, exits non-zero or prints nothing.
 * Caller frees. */
char *clamp_runtime_version(const struct clamp_runtime *rt, struct clamp_error **err);

/* Replace clamp with the runtime (execv: same pid, fds, stdin and
 * environment). Returns only on failure. */
int clamp_runtime_exec(const struct clamp_runtime *rt, char *const argv[],
                       struct clamp_error **err);

#endif
