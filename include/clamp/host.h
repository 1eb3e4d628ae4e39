/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_HOST_H
#define CLAMP_HOST_H

#include <stdbool.h>
#include <stddef.h>

#include "clamp/harden.h"

/* Collection of the host facts the pure rules need (struct
 * clamp_harden_host); the shim calls these from host_facts(). */

/* The namespaces of PID 1 and of this process, and stat(2) for paths.
 * A namespace file that cannot be stat'ed is left unknown. */
void clamp_host_ns_collect(struct clamp_ns_host *h);

/* AppArmor and SELinux; apparmor_profile (or NULL) is the profile whose
 * loaded state is wanted. */
void clamp_host_lsm_collect(struct clamp_lsm_host *h, const char *apparmor_profile);

/* Whether the text of /sys/kernel/security/apparmor/profiles ("name
 * (mode)" lines) lists profile in enforce mode. Exposed for tests. */
bool clamp_host_apparmor_profile_listed(const char *text, size_t len, const char *profile);

#endif
