/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_SHA256_H
#define CLAMP_SHA256_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* SHA-256 (FIPS 180-4), for cache keys and audit digests. */
struct clamp_sha256
{
  uint32_t h[8];
  uint64_t total;
  uint8_t block[64];
  size_t used;
  bool hw; /* the x86 SHA extensions (src/sha256_x86.c) */
};

/* Uses the CPU's SHA instructions when it has them. */
void clamp_sha256_init(struct clamp_sha256 *s);
/* Never uses them: for tests that compare the two. */
void clamp_sha256_init_portable(struct clamp_sha256 *s);
void clamp_sha256_update(struct clamp_sha256 *s, const void *data, size_t len);
/* Feed len as 8 bytes big-endian, then the bytes: fields hashed this way
 * cannot run into each other ("ab"+"c" differs from "a"+"bc"). */
void clamp_sha256_update_field(struct clamp_sha256 *s, const void *data, size_t len);
void clamp_sha256_final(struct clamp_sha256 *s, uint8_t out[32]);
/* 64 hex digits and a NUL. */
void clamp_sha256_hex(const uint8_t digest[32], char out[65]);

#endif
