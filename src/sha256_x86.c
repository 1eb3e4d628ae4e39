/* SPDX-License-Identifier: Apache-2.0 */
/* SHA-256 on the x86 SHA extensions (SHA256RNDS2, SHA256MSG1/2). clamp
 * hashes the profiles it caches on every container start; this does in
 * hardware what sha256.c does in C, about ten times faster. The block
 * function follows FIPS 180-4 6.2.2 four rounds at a time:
 *  - the instructions keep the working variables as two vectors, ABEF
 *    and CDGH, instead of the state's order A..H;
 *  - SHA256RNDS2 runs two rounds with the two low words of W+K;
 *  - the message schedule W16.. is built four words at a time:
 *    MSG1 adds sigma0 of the next word, the words W[t-7] are added from
 *    the two previous vectors, and MSG2 adds sigma1 of W[t-2]. */
#include "sha256_x86.h"

#if defined(__x86_64__) && __has_include(<sys/platform/x86.h>)

#include <immintrin.h>
#include <sys/platform/x86.h>

bool clamp_sha256_x86_available(void)
{
  return CPU_FEATURE_ACTIVE(SHA) && CPU_FEATURE_ACTIVE(SSSE3) && CPU_FEATURE_ACTIVE(SSE4_1);
}

#define TARGET __attribute__((target("sha,ssse3,sse4.1")))

/* Two SHA256RNDS2, four rounds: wk holds W[t..t+3] + K[t..t+3]. */
TARGET static inline void four_rounds(__m128i *abef, __m128i *cdgh, __m128i wk)
{
  *cdgh = _mm_sha256rnds2_epu32(*cdgh, *abef, wk);
  *abef = _mm_sha256rnds2_epu32(*abef, *cdgh, _mm_shuffle_epi32(wk, 0x0E));
}

TARGET void clamp_sha256_x86_compress(uint32_t h[8], const uint8_t *p, size_t n,
                                      const uint32_t k[64])
{
  /* Big-endian words: reverse the bytes of each 32-bit lane. */
  const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);

  /* h[0..3] = A B C D, h[4..7] = E F G H (lane 0 first). */
  __m128i dcba = _mm_loadu_si128((const __m128i *)&h[0]);
  __m128i hgfe = _mm_loadu_si128((const __m128i *)&h[4]);
  __m128i cdab = _mm_shuffle_epi32(dcba, 0xB1);
  __m128i efgh = _mm_shuffle_epi32(hgfe, 0x1B);
  __m128i abef = _mm_alignr_epi8(cdab, efgh, 8);
  __m128i cdgh = _mm_blend_epi16(efgh, cdab, 0xF0);

  for (; n > 0; n--, p += 64)
    {
      __m128i abef0 = abef, cdgh0 = cdgh;
      __m128i w[4];
      for (int i = 0; i < 16; i++)
        {
          __m128i *x = &w[i % 4];
          if (i < 4)
            *x = _mm_shuffle_epi8(_mm_loadu_si128((const __m128i *)(p + 16 * i)), bswap);
          else
            {
              /* W[4i..4i+3] from W[4i-16..4i-1]: x still holds the
               * oldest four, w[(i+1)%4] the next, w[(i+2)%4] and
               * w[(i+3)%4] the newest eight. */
              __m128i t = _mm_sha256msg1_epu32(*x, w[(i + 1) % 4]);
              t = _mm_add_epi32(t, _mm_alignr_epi8(w[(i + 3) % 4], w[(i + 2) % 4], 4));
              *x = _mm_sha256msg2_epu32(t, w[(i + 3) % 4]);
            }
          __m128i kv = _mm_loadu_si128((const __m128i *)&k[4 * i]);
          four_rounds(&abef, &cdgh, _mm_add_epi32(*x, kv));
        }
      abef = _mm_add_epi32(abef, abef0);
      cdgh = _mm_add_epi32(cdgh, cdgh0);
    }

  /* Back to A..H. */
  __m128i feba = _mm_shuffle_epi32(abef, 0x1B);
  __m128i dchg = _mm_shuffle_epi32(cdgh, 0xB1);
  _mm_storeu_si128((__m128i *)&h[0], _mm_blend_epi16(feba, dchg, 0xF0));
  _mm_storeu_si128((__m128i *)&h[4], _mm_alignr_epi8(dchg, feba, 8));
}

#else

bool clamp_sha256_x86_available(void) { return false; }

void clamp_sha256_x86_compress(uint32_t h[8], const uint8_t *p, size_t n, const uint32_t k[64])
{
  (void)h, (void)p, (void)n, (void)k;
}

#endif
