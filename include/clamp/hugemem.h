/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_HUGEMEM_H
#define CLAMP_HUGEMEM_H

#include <stddef.h>

/* Large buffers in transparent huge pages. On the VMs clamp runs on, each
 * 4 KiB page fault costs microseconds, so filling a few MiB of fresh
 * memory (the tree of a 1 MiB config.json) costs as much as parsing it;
 * one fault on a 2 MiB huge page replaces 512. The arena uses it for its
 * largest chunks. The kernel may ignore the advice (THP off): then these
 * are ordinary pages. */

/* A private anonymous mapping of at least len bytes, 2 MiB aligned, in
 * whole huge pages (*mapped gets its length), or NULL. */
void *clamp_huge_map(size_t len, size_t *mapped);
void clamp_huge_unmap(void *p, size_t mapped);

#endif
