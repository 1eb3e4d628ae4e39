/* SPDX-License-Identifier: Apache-2.0 */
#include "clamp/arena.h"

#include <stdint.h>
#include <string.h>

#include "clamp/util.h"

#define ARENA_ALIGN 16u
#define ARENA_CHUNK (64u * 1024u)

struct chunk
{
  struct chunk *next;
  size_t size;
  size_t used;
  _Alignas(16) unsigned char data[];
};

struct clamp_arena
{
  struct chunk *head;
};

struct clamp_arena *clamp_arena_new(void) { return clamp_xcalloc(1, sizeof(struct clamp_arena)); }

void clamp_arena_free(struct clamp_arena *a)
{
  if (a == NULL)
    return;
  struct chunk *c = a->head;
  while (c != NULL)
    {
      struct chunk *n = c->next;
      free(c);
      c = n;
    }
  free(a);
}

void *clamp_arena_alloc(struct clamp_arena *a, size_t size)
{
  size_t need = (size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  if (need < size)
    abort();
  struct chunk *c = a->head;
  if (c == NULL || c->size - c->used < need)
    {
      size_t csize = need > ARENA_CHUNK / 4 ? need : ARENA_CHUNK;
      if (need > ARENA_CHUNK / 4 && c != NULL)
        {
          /* A large block gets its own chunk behind the current one, so the
           * current chunk's free space is not wasted. */
          struct chunk *big = clamp_xmalloc(sizeof *big + csize);
          big->size = csize;
          big->used = need;
          big->next = c->next;
          c->next = big;
          return big->data;
        }
      c = clamp_xmalloc(sizeof *c + csize);
      c->size = csize;
      c->used = 0;
      c->next = a->head;
      a->head = c;
    }
  void *p = c->data + c->used;
  c->used += need;
  return p;
}

void *clamp_arena_realloc(struct clamp_arena *a, void *p, size_t old_size, size_t new_size)
{
  if (new_size <= old_size)
    return p;
  struct chunk *c = a->head;
  size_t old_aligned = (old_size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  size_t new_aligned = (new_size + ARENA_ALIGN - 1) & ~(size_t)(ARENA_ALIGN - 1);
  /* Grow in place when p is the last allocation of the current chunk. */
  if (p != NULL && c != NULL && (unsigned char *)p + old_aligned == c->data + c->used
      && c->size - c->used >= new_aligned - old_aligned)
    {
      c->used += new_aligned - old_aligned;
      return p;
    }
  void *q = clamp_arena_alloc(a, new_size);
  if (p != NULL && old_size)
    memcpy(q, p, old_size);
  return q;
}

char *clamp_arena_strndup(struct clamp_arena *a, const char *s, size_t n)
{
  char *p = clamp_arena_alloc(a, n + 1);
  if (n)
    memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *clamp_arena_strdup(struct clamp_arena *a, const char *s)
{
  return clamp_arena_strndup(a, s, strlen(s));
}
