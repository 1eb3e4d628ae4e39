/* SPDX-License-Identifier: Apache-2.0 */
#include "clamp/hugemem.h"

#include <stdint.h>
#include <sys/mman.h>

#define HUGE_PAGE (2u * 1024u * 1024u)

void *clamp_huge_map(size_t len, size_t *mapped)
{
  *mapped = 0;
  if (len == 0 || len > SIZE_MAX / 2)
    return NULL;
  size_t whole = (len + HUGE_PAGE - 1) & ~(size_t)(HUGE_PAGE - 1);
  /* One huge page more than needed, to cut an aligned range out of. */
  unsigned char *m =
      mmap(NULL, whole + HUGE_PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (m == MAP_FAILED)
    return NULL;
  unsigned char *s =
      (unsigned char *)(((uintptr_t)m + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
  /* Give back the unaligned ends; failing to only wastes address space. */
  if (s > m)
    munmap(m, (size_t)(s - m));
  if (s + whole < m + whole + HUGE_PAGE)
    munmap(s + whole, (size_t)(m + whole + HUGE_PAGE - (s + whole)));
  (void)madvise(s, whole, MADV_HUGEPAGE);
  *mapped = whole;
  return s;
}

void clamp_huge_unmap(void *p, size_t mapped)
{
  if (p != NULL && mapped > 0)
    munmap(p, mapped);
}
