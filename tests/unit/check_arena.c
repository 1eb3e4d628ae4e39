/* SPDX-License-Identifier: Apache-2.0 */
/* The arena (src/arena.c): aligned structures, unaligned strings, growth
 * in place, and blocks that never overlap, in small and huge-page
 * chunks alike. */
#include <stdint.h>
#include <string.h>

#include "clamp/arena.h"
#include "clamp/util.h"
#include "testutil.h"

struct block
{
  unsigned char *p;
  size_t len;
};

/* Fill every block with its own byte, then check all of them: any overlap
 * shows as a wrong byte. */
static void check_disjoint(const struct block *b, size_t n)
{
  for (size_t i = 0; i < n; i++)
    memset(b[i].p, (int)(i % 251 + 1), b[i].len);
  for (size_t i = 0; i < n; i++)
    for (size_t k = 0; k < b[i].len; k++)
      if (b[i].p[k] != (unsigned char)(i % 251 + 1))
        ck_abort_msg("block %zu byte %zu was overwritten", i, k);
}

START_TEST(test_alignment_and_disjoint)
{
  struct clamp_arena *a = clamp_arena_new();
  static struct block b[6000];
  uint32_t x = 12345;
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(b); i++)
    {
      x ^= x << 13, x ^= x >> 17, x ^= x << 5;
      size_t len = x % 97;
      if (i % 3 == 0)
        {
          b[i].p = (unsigned char *)clamp_arena_strndup(a, "abcdefghijklmnopqrstuvwxyz", len % 27);
          ck_assert_uint_eq(strlen((char *)b[i].p), len % 27);
          b[i].len = len % 27 + 1;
        }
      else
        {
          /* Now and then a block larger than a quarter chunk. */
          if (i % 1000 == 1)
            len = 40000 + i;
          b[i].p = clamp_arena_alloc(a, len);
          ck_assert_uint_eq((uintptr_t)b[i].p % 8, 0);
          b[i].len = len;
        }
    }
  check_disjoint(b, CLAMP_N_ELEMENTS(b));
  clamp_arena_free(a);
}
END_TEST

START_TEST(test_realloc)
{
  struct clamp_arena *a = clamp_arena_new();
  /* The last block grows in place and keeps its bytes. */
  char *p = clamp_arena_alloc(a, 8);
  memcpy(p, "01234567", 8);
  char *q = clamp_arena_realloc(a, p, 8, 64);
  ck_assert_ptr_eq(p, q);
  ck_assert_mem_eq(q, "01234567", 8);
  /* One that is no longer last moves, with its bytes. */
  char *r = clamp_arena_alloc(a, 16);
  memset(r, 'r', 16);
  char *s = clamp_arena_realloc(a, q, 64, 128);
  ck_assert_ptr_ne(s, q);
  ck_assert_mem_eq(s, "01234567", 8);
  ck_assert_uint_eq((uintptr_t)s % 8, 0);
  for (int i = 0; i < 16; i++)
    ck_assert_int_eq(r[i], 'r');
  /* Shrinking is a no-op. */
  ck_assert_ptr_eq(clamp_arena_realloc(a, s, 128, 4), s);
  clamp_arena_free(a);
}
END_TEST

/* A big reservation makes huge-page sized chunks; they behave like any
 * other memory (whether the kernel backs them with huge pages is its
 * choice). */
START_TEST(test_big_document)
{
  struct clamp_arena *a = clamp_arena_new();
  clamp_arena_reserve(a, 6u << 20);
  static struct block b[20000];
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(b); i++)
    {
      b[i].len = 24 + i % 400;
      b[i].p = clamp_arena_alloc(a, b[i].len);
    }
  check_disjoint(b, CLAMP_N_ELEMENTS(b));
  clamp_arena_free(a);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("arena");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_alignment_and_disjoint);
  tcase_add_test(tc, test_realloc);
  tcase_add_test(tc, test_big_document);
  suite_add_tcase(s, tc);
  return s;
}
