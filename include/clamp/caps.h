/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_CAPS_H
#define CLAMP_CAPS_H

#include <stdbool.h>
#include <stddef.h>

/* The libcap adapter (src/caps.c is the only file that includes
 * <sys/capability.h>). runc matches capability names exactly
 * ("CAP_CHOWN"); libcap's own parser is lenient (lowercase, numbers,
 * trailing junk), so it only checks names here and never decides what is
 * granted. */

/* True when name is a canonical "CAP_X" name that libcap knows and the
 * running kernel supports. */
bool clamp_cap_is_canonical(const char *name);

/* Write the canonical name of capability number n into buf (at least 32
 * bytes); returns false when libcap or the kernel does not know n. */
bool clamp_cap_name(unsigned n, char *buf, size_t len);

/* Number of capabilities the running kernel supports. */
unsigned clamp_cap_count(void);

#endif
