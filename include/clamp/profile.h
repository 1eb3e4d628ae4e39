/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_PROFILE_H
#define CLAMP_PROFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "clamp/error.h"
#include "clamp/json.h"

/* Seccomp profiles as data: Docker's profile format resolved into OCI
 * linux.seccomp, and the intersection of two OCI profiles. Everything here
 * is pure (no libseccomp, no I/O): the caller passes the host facts and a
 * function that says whether libseccomp knows a syscall name.
 *
 * Output is canonical: the same semantics always serialize to the same
 * bytes, so hardening an already hardened config changes nothing
 * (DESIGN.md invariant 1). The canonical OCI object is
 *   { "defaultAction", ["defaultErrnoRet"], "architectures", "flags": [],
 *     "syscalls": [...] }
 * and always carries "flags": [] (runc 1.1 rejects non-empty flags; crun
 * defaults to SPEC_ALLOW when flags is absent). */

struct clamp_seccomp_host
{
  const char *scmp_arch; /* native arch as libseccomp names it: "SCMP_ARCH_X86_64" */
  const char *go_arch;   /* the same in Go's spelling, for includes/excludes.arches: "amd64" */
  unsigned kernel_major; /* for includes/excludes.minKernel */
  unsigned kernel_minor;
};

/* Does libseccomp know this syscall name on the native arch? */
typedef bool (*clamp_syscall_known_fn)(const char *name, void *data);

struct clamp_syscall_oracle
{
  clamp_syscall_known_fn known;
  void *data;
};

/* Resolve a profile in Docker's format into canonical OCI linux.seccomp.
 *   profile: { defaultAction, defaultErrnoRet?, architectures? | archMap?,
 *              syscalls: [{ names|name, action, errnoRet?, args?, comment?,
 *                           includes?{caps,arches,minKernel},
 *                           excludes?{caps,arches,minKernel} }] }
 *   caps:    the container's final capability bounding set (canonical
 *            "CAP_X" names); includes.caps/excludes.caps are evaluated
 *            against it, as Docker does against the bounding set.
 * Architectures: archMap entries whose architecture is the native one
 * contribute it plus its subArchitectures; a plain "architectures" list is
 * used as is; with neither, the native arch alone.
 * A syscall name libseccomp does not know is skipped in an allow-class
 * rule (as runc does) and is an error in a deny-class rule (unless runc
 * would skip that rule anyway as equal to the default action), because a
 * denial that cannot be compiled is a hole the author did not intend.
 * SCMP_ACT_NOTIFY, listenerPath and unknown actions or operators are
 * errors that name the field. */
struct clamp_json *clamp_profile_to_oci(struct clamp_json_doc *doc,
                                        const struct clamp_json *profile, const char *const *caps,
                                        size_t n_caps, const struct clamp_seccomp_host *host,
                                        const struct clamp_syscall_oracle *oracle,
                                        struct clamp_error **err);

/* True for a linux.seccomp value that runc treats as "no seccomp": absent,
 * null, {} or no defaultAction and no syscalls. */
bool clamp_profile_oci_is_empty(const struct clamp_json *seccomp);

struct clamp_profile_stats
{
  /* Syscall names (sorted, at most 8 kept) that the container's profile
   * allowed in full or in part and the result denies in full or in part. */
  size_t n_narrowed;
  const char *narrowed[8];
  /* Syscall names the result denies only because the argument conditions
   * of the two profiles could not be intersected exactly. */
  size_t n_inexact;
  const char *inexact[8];
};

/* The intersection of ours (canonical OCI, as clamp_profile_to_oci makes
 * it) and theirs (the container's linux.seccomp, any valid OCI profile):
 * a syscall with given arguments is allowed only where both allow it.
 *  - ERRNO, KILL, KILL_THREAD, KILL_PROCESS, TRAP and TRACE deny; LOG and
 *    ALLOW allow. SCMP_ACT_NOTIFY, listenerPath and listenerMetadata in
 *    theirs are errors.
 *  - The result's default action and errno are ours (unless ours allows
 *    by default and theirs denies: then theirs, so that a syscall neither
 *    names stays denied). Its architectures are those of ours that theirs
 *    lists too: runc's filter always holds the native architecture and
 *    adds the listed ones, so this is exactly what both filters cover.
 *  - A syscall ours denies keeps our action and errno; one only theirs
 *    denies keeps theirs.
 *  - Argument conditions are intersected exactly (runc ANDs the
 *    conditions of one rule unless an argument index repeats, in which
 *    case every condition becomes its own rule, ORed). Where the result
 *    cannot be expressed exactly, the syscall is denied and reported in
 *    stats->inexact.
 * theirs must not be empty (see clamp_profile_oci_is_empty). stats may be
 * NULL. */
struct clamp_json *
clamp_profile_intersect(struct clamp_json_doc *doc, const struct clamp_json *ours,
                        const struct clamp_json *theirs, const struct clamp_syscall_oracle *oracle,
                        struct clamp_profile_stats *stats, struct clamp_error **err);

#endif
