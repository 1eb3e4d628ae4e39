/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_BUILDID_H
#define CLAMP_BUILDID_H

#include <stddef.h>

/* The longest build ID kept, in hex, with its NUL. */
#define CLAMP_BUILD_ID_HEX_MAX 129u

/* The GNU build ID of the running program (the linker's hash over what it
 * linked; meson.build asks for one) in lowercase hex, or "" when it has
 * none or a longer one. Whatever clamp caches is keyed by it, so a rebuilt
 * clamp never trusts what another build of clamp cached, even when the
 * version number did not change. Reads the program's own headers in
 * memory: no I/O. */
void clamp_build_id_hex(char out[CLAMP_BUILD_ID_HEX_MAX]);

#endif
