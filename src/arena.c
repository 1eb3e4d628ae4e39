/* SPDX-License-Identifier: Apache-2.0 */
/* A bump allocator (arena.h). A parsed config lives in one; a 1 MiB
 * config.json makes a tree of a few MiB, and on the machines clamp runs
 * on the page faults that fill that much fresh memory cost as much as the
 * parse. Hence: no padding beyond what the data needs (strings are not
 * aligned at all), chunks that double, and transparent huge pages for the
 * largest chunks, where one fault maps 2 MiB instead of 4 KiB. */
#include "clamp/arena.h"

#include "clamp/hugemem.h"
#include "clamp/util.h"
#include <stdint.h>
#include <string.h>

/* Enough for every structure clamp puts in an arena (pointers, size_t). */
#define ARENA_ALIGN 8u
#define FIRST_CHUNK (64u * 1024u)
#define MAX_CHUNK (4u * 1024u * 1024u)
/* Chunks this large go to huge pages (hugemem.h). Small documents
 * (Docker's config makes a 70 KiB tree) never get here. */
#define HUGE_CHUNK (2u * 1024u * 1024u)

struct chunk
{
  struct chunk *next;
  size_t size; /* usable bytes in data */
  size_t used;
  size_t map_len; /* a clamp_huge_map of this length, or 0: malloc'ed */
  _Alignas(16) unsigned char data[];
};

struct clamp_arena
{
  struct chunk *head;
  size_t next_size; /* the size of the next ordinary chunk */
};

struct clamp_arena *clamp_arena_new(void)
{
  struct clamp_arena *a = clamp_xcalloc(1, sizeof *a);
  a->next_size = FIRST_CHUNK;
  return a;
}

static void chunk_free(struct chunk *c)
{
  if (c->map_len > 0)
    clamp_huge_unmap(c, c->map_len);
  else
    free(c);
}

void clamp_arena_free(struct clamp_arena *a)
{
  if (a == NULL)
    return;
  struct chunk *c = a->head;
  while (c != NULL)
    {
      struct chunk *n = c->next;
      chunk_free(c);
      c = n;
    }
  free(a);
}

/* A chunk of at least size usable bytes, huge-page backed when large. */
static struct chunk *chunk_new(size_t size)
{
  if (size > SIZE_MAX / 4)
    abort();
  size_t total = sizeof(struct chunk) + size;
  size_t mapped;
  struct chunk *c = total >= HUGE_CHUNK ? clamp_huge_map(total, &mapped) : NULL;
  if (c != NULL)
    {
      c->size = mapped - sizeof *c;
      c->map_len = mapped;
    }
  else
    {
      c = clamp_xmalloc(total);
      c->size = size;
      c->map_len = 0;
    }
  c->used = 0;
  return c;
}

static void *bump(struct clamp_arena *a, size_t size, size_t align)
{
  struct chunk *c = a->head;
  size_t pad = c != NULL ? (size_t)(-(uintptr_t)(c->data + c->used) & (align - 1)) : 0;
  if (c == NULL || c->size - c->used < size || c->size - c->used - size < pad)
    {
      if (size > a->next_size / 4 && c != NULL)
        {
          /* A large block gets its own chunk behind the current one, so
           * the current chunk's free space is not wasted. */
          struct chunk *big = chunk_new(size);
          big->used = size;
          big->next = c->next;
          c->next = big;
          return big->data;
        }
      /* Chunks are next_size bytes in all, header included, so that the
       * large ones fill whole huge pages. */
      size_t total = a->next_size;
      while (total - sizeof *c < size)
        total *= 2;
      if (a->next_size < MAX_CHUNK)
        a->next_size *= 2;
      c = chunk_new(total - sizeof *c);
      c->next = a->head;
      a->head = c;
      pad = 0; /* data is 16-aligned */
    }
  void *p = c->data + c->used + pad;
  c->used += pad + size;
  return p;
}

void *clamp_arena_alloc(struct clamp_arena *a, size_t size)
{
  return bump(a, size ? size : 1, ARENA_ALIGN);
}

void clamp_arena_reserve(struct clamp_arena *a, size_t bytes)
{
  while (a->next_size < bytes && a->next_size < MAX_CHUNK)
    a->next_size *= 2;
}

void *clamp_arena_realloc(struct clamp_arena *a, void *p, size_t old_size, size_t new_size)
{
  if (new_size <= old_size)
    return p;
  struct chunk *c = a->head;
  /* Grow in place when p is the last allocation of the current chunk. */
  if (p != NULL && c != NULL && (unsigned char *)p + old_size == c->data + c->used
      && c->size - c->used >= new_size - old_size)
    {
      c->used += new_size - old_size;
      return p;
    }
  void *q = clamp_arena_alloc(a, new_size);
  if (p != NULL && old_size)
    memcpy(q, p, old_size);
  return q;
}

char *clamp_arena_strndup(struct clamp_arena *a, const char *s, size_t n)
{
  if (n == SIZE_MAX)
    abort();
  char *p = bump(a, n + 1, 1);
  if (n)
    memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *clamp_arena_strdup(struct clamp_arena *a, const char *s)
{
  return clamp_arena_strndup(a, s, strlen(s));
}
