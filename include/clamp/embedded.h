/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_EMBEDDED_H
#define CLAMP_EMBEDDED_H

#include <stddef.h>

/* Files compiled into the binary by tools/embed.py (profiles/meson.build). */
extern const char clamp_embedded_default_profile[];
extern const size_t clamp_embedded_default_profile_len;
extern const unsigned char clamp_embedded_default_profile_sha256[32];
extern const char clamp_embedded_default_policy[];
extern const size_t clamp_embedded_default_policy_len;
extern const unsigned char clamp_embedded_default_policy_sha256[32];

#endif
