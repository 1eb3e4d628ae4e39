/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_ARENA_H
#define CLAMP_ARENA_H

#include <stddef.h>

/* A bump allocator. Everything allocated from an arena is released at
 * once with clamp_arena_free(); a parsed document lives in one, so an
 * error half way through a rewrite leaks nothing and costs no frees. */
struct clamp_arena;

struct clamp_arena *clamp_arena_new(void);
void clamp_arena_free(struct clamp_arena *a);
/* size bytes aligned for any structure clamp stores (8 bytes). */
void *clamp_arena_alloc(struct clamp_arena *a, size_t size);
/* Expect about bytes more allocations: later chunks are made larger (up
 * to 4 MiB), so a big document takes a few large chunks. */
void clamp_arena_reserve(struct clamp_arena *a, size_t bytes);
/* Grow an allocation made from this arena (old_size bytes are kept). */
void *clamp_arena_realloc(struct clamp_arena *a, void *p, size_t old_size, size_t new_size);
/* Strings are not aligned. */
char *clamp_arena_strndup(struct clamp_arena *a, const char *s, size_t n);
char *clamp_arena_strdup(struct clamp_arena *a, const char *s);

#endif
