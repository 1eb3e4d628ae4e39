/* SPDX-License-Identifier: Apache-2.0 */
/* SHA-256 written from FIPS 180-4 (sections 4.1.2, 4.2.2, 5.1.1, 5.3.3
 * and 6.2). Used for cache keys and digests of compiled filters, never
 * for anything secret, so no attempt is made at constant time. */
#include "clamp/sha256.h"

#include <string.h>

#include "sha256_x86.h"

/* FIPS 180-4, 4.2.2: the first 32 bits of the fractional parts of the
 * cube roots of the first 64 primes. */
static const uint32_t K[64] = {
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
};

/* FIPS 180-4, 5.3.3: the first 32 bits of the fractional parts of the
 * square roots of the first 8 primes. */
static const uint32_t H0[8] = {
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

static inline uint32_t rotr(uint32_t x, unsigned n) { return (x >> n) | (x << (32u - n)); }

/* FIPS 180-4, 4.1.2 (4.2) to (4.7). */
static inline uint32_t ch(uint32_t x, uint32_t y, uint32_t z) { return (x & y) ^ (~x & z); }
static inline uint32_t maj(uint32_t x, uint32_t y, uint32_t z)
{
  return (x & y) ^ (x & z) ^ (y & z);
}
static inline uint32_t big_sigma0(uint32_t x) { return rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22); }
static inline uint32_t big_sigma1(uint32_t x) { return rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25); }
static inline uint32_t small_sigma0(uint32_t x) { return rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3); }
static inline uint32_t small_sigma1(uint32_t x) { return rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10); }

static uint32_t load_be32(const uint8_t *p)
{
  return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | (uint32_t)p[3];
}

static void store_be32(uint8_t *p, uint32_t v)
{
  p[0] = (uint8_t)(v >> 24);
  p[1] = (uint8_t)(v >> 16);
  p[2] = (uint8_t)(v >> 8);
  p[3] = (uint8_t)v;
}

static void store_be64(uint8_t *p, uint64_t v)
{
  for (int i = 7; i >= 0; i--)
    {
      p[i] = (uint8_t)v;
      v >>= 8;
    }
}

/* FIPS 180-4, 6.2.2: process one 512-bit block. */
static void compress(uint32_t h[8], const uint8_t block[64])
{
  uint32_t w[64];
  for (int t = 0; t < 16; t++)
    w[t] = load_be32(block + 4 * t);
  for (int t = 16; t < 64; t++)
    w[t] = small_sigma1(w[t - 2]) + w[t - 7] + small_sigma0(w[t - 15]) + w[t - 16];

  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  for (int t = 0; t < 64; t++)
    {
      uint32_t t1 = hh + big_sigma1(e) + ch(e, f, g) + K[t] + w[t];
      uint32_t t2 = big_sigma0(a) + maj(a, b, c);
      hh = g;
      g = f;
      f = e;
      e = d + t1;
      d = c;
      c = b;
      b = a;
      a = t1 + t2;
    }
  h[0] += a;
  h[1] += b;
  h[2] += c;
  h[3] += d;
  h[4] += e;
  h[5] += f;
  h[6] += g;
  h[7] += hh;
}

/* n blocks at p, in hardware where the CPU can. */
static void compress_blocks(struct clamp_sha256 *s, const uint8_t *p, size_t n)
{
  if (s->hw)
    clamp_sha256_x86_compress(s->h, p, n, K);
  else
    for (; n > 0; n--, p += 64)
      compress(s->h, p);
}

void clamp_sha256_init_portable(struct clamp_sha256 *s)
{
  memcpy(s->h, H0, sizeof s->h);
  s->total = 0;
  s->used = 0;
  s->hw = false;
  memset(s->block, 0, sizeof s->block);
}

void clamp_sha256_init(struct clamp_sha256 *s)
{
  clamp_sha256_init_portable(s);
  s->hw = clamp_sha256_x86_available();
}

void clamp_sha256_update(struct clamp_sha256 *s, const void *data, size_t len)
{
  const uint8_t *p = data;
  if (len == 0)
    return; /* data may be NULL then */
  s->total += len;
  if (s->used > 0)
    {
      size_t take = sizeof s->block - s->used;
      if (take > len)
        take = len;
      memcpy(s->block + s->used, p, take);
      s->used += take;
      p += take;
      len -= take;
      if (s->used < sizeof s->block)
        return;
      compress_blocks(s, s->block, 1);
      s->used = 0;
    }
  size_t whole = len / sizeof s->block;
  if (whole > 0)
    {
      compress_blocks(s, p, whole);
      p += whole * sizeof s->block;
      len -= whole * sizeof s->block;
    }
  if (len > 0)
    {
      memcpy(s->block, p, len);
      s->used = len;
    }
}

void clamp_sha256_update_field(struct clamp_sha256 *s, const void *data, size_t len)
{
  uint8_t prefix[8];
  store_be64(prefix, (uint64_t)len);
  clamp_sha256_update(s, prefix, sizeof prefix);
  clamp_sha256_update(s, data, len);
}

/* FIPS 180-4, 5.1.1: append a 1 bit, zeros up to 448 mod 512 bits, then
 * the message length in bits as a 64-bit big-endian number. */
void clamp_sha256_final(struct clamp_sha256 *s, uint8_t out[32])
{
  uint64_t bits = s->total * 8u;
  s->block[s->used++] = 0x80;
  if (s->used > 56)
    {
      memset(s->block + s->used, 0, sizeof s->block - s->used);
      compress_blocks(s, s->block, 1);
      s->used = 0;
    }
  memset(s->block + s->used, 0, 56 - s->used);
  store_be64(s->block + 56, bits);
  compress_blocks(s, s->block, 1);
  for (int i = 0; i < 8; i++)
    store_be32(out + 4 * i, s->h[i]);
  /* The state is spent; wipe it so a reuse without init is obvious. */
  memset(s, 0, sizeof *s);
}

void clamp_sha256_hex(const uint8_t digest[32], char out[65])
{
  static const char hex[] = "0123456789abcdef";
  for (size_t i = 0; i < 32; i++)
    {
      out[2 * i] = hex[digest[i] >> 4];
      out[2 * i + 1] = hex[digest[i] & 0x0f];
    }
  out[64] = '\0';
}
