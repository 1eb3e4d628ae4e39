/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_HOST_MOUNTS_H
#define CLAMP_HOST_MOUNTS_H

#include <stdbool.h>
#include <stddef.h>

#include "clamp/harden.h"

/* The host facts behind the mounts rules (src/host_mounts.c): the bundle
 * directory and a resolver of host paths through symlinks, which
 * remembers what it has looked at (Docker's three binds share a
 * directory, the engines' sockets share /run). */
struct clamp_host_mounts
{
  struct clamp_path_resolver resolver;
  char *bundle; /* absolute, or NULL when it could not be found */
  struct clamp_host_path_seen *seen;
  size_t n_seen, cap_seen;
};

/* Fill m for bundle (as runc will chdir to it; may be relative to the
 * working directory) and point host's bundle and paths at it. m must
 * outlive host's use. */
void clamp_host_mounts_init(struct clamp_host_mounts *m, const char *bundle,
                            struct clamp_harden_host *host);
void clamp_host_mounts_free(struct clamp_host_mounts *m);

/* path (absolute) as the kernel walks it: every symlink followed and ".."
 * taken from the resolved parent, up to the first component that does
 * not exist; the rest appended and cleaned lexically. m (may be NULL)
 * remembers lookups. Caller frees. */
char *clamp_host_resolve_path(struct clamp_host_mounts *m, const char *path);

#endif
