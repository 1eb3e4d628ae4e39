/* SPDX-License-Identifier: Apache-2.0 */
/* Host facts for the namespace rules (src/rules/namespaces.c): which
 * namespaces are the host's. */
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

#include "clamp/host.h"

static int stat_path(void *opaque, const char *path, uint64_t *dev, uint64_t *ino)
{
  (void)opaque;
  struct stat st;
  if (stat(path, &st) < 0)
    return -errno;
  *dev = (uint64_t)st.st_dev;
  *ino = (uint64_t)st.st_ino;
  return 0;
}

static void ns_id(const char *pid, enum clamp_ns_type t, struct clamp_ns_id *out)
{
  char path[64];
  snprintf(path, sizeof path, "/proc/%s/ns/%s", pid, clamp_ns_proc_name(t));
  out->known = stat_path(NULL, path, &out->dev, &out->ino) == 0;
}

/* The fourteen lookups, once, when the first namespace path is checked. */
static void collect_ids(void *opaque)
{
  struct clamp_ns_host *h = opaque;
  for (int t = 0; t < CLAMP_NS__COUNT; t++)
    {
      ns_id("1", (enum clamp_ns_type)t, &h->init[t]);
      ns_id("self", (enum clamp_ns_type)t, &h->self[t]);
    }
  h->collect = NULL;
}

void clamp_host_ns_collect(struct clamp_ns_host *h)
{
  h->stat = stat_path;
  h->opaque = h;
  h->collect = collect_ids;
}
