/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_SHA256_X86_H
#define CLAMP_SHA256_X86_H

/* Private to sha256.c: the SHA-256 block function on the x86 SHA
 * extensions, for CPUs that have them. */

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* True when this CPU can run clamp_sha256_x86_compress (from the feature
 * bits glibc read at start-up: no CPUID here). */
bool clamp_sha256_x86_available(void);
/* Process n 64-byte blocks at p into h. */
void clamp_sha256_x86_compress(uint32_t h[8], const uint8_t *p, size_t n, const uint32_t k[64]);

#endif
