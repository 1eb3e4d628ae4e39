/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_SECCOMP_H
#define CLAMP_SECCOMP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clamp/error.h"
#include "clamp/json.h"
#include "clamp/profile.h"

/* The libseccomp adapter: src/seccomp.c is the only file that includes
 * <seccomp.h>. It never loads a filter into clamp itself. */

/* The native architecture: libseccomp's token ("SCMP_ARCH_X86_64") and
 * Go's GOARCH spelling ("amd64", "386"); profile_model.c maps the latter to
 * the names Docker profiles use in includes/excludes.arches. Static
 * strings. */
const char *clamp_seccomp_native_arch(void);
const char *clamp_seccomp_native_go_arch(void);

/* The version of the libseccomp loaded at run time, as "2.5.4", written
 * into buf (truncated to len - 1 bytes; 32 bytes always suffice). The
 * caller owns the buffer: the module keeps no mutable state. */
void clamp_seccomp_library_version(char *buf, size_t len);

/* An oracle for profile.h backed by libseccomp's syscall table for the
 * native arch. */
const struct clamp_syscall_oracle *clamp_seccomp_oracle(void);

/* Compile an OCI linux.seccomp object exactly as runc 1.1 would
 * (libcontainer/seccomp): the default action and errno, every listed
 * architecture, one rule per name, a rule whose action equals the default
 * skipped, unknown names skipped, conditions ANDed unless an argument
 * index repeats (then one rule per condition), ERRNO/TRACE without
 * errnoRet meaning EPERM, KILL meaning KILL_THREAD. The result is
 * exported as BPF to prove it builds; digest receives the SHA-256 of that
 * program. Any failure is an error naming the rule.
 * Stricter than runc, so that what compiles is what the profile says:
 * members the OCI spec does not define, non-empty flags, listenerPath,
 * listenerMetadata and SCMP_ACT_NOTIFY are refused; errnoRet must be at
 * most 4094 (libseccomp 2.5.4 refuses 4095); a syscall given an
 * unconditional rule and another rule with a different action is refused
 * (libseccomp would silently drop one); a program longer than the
 * kernel's 4096 instructions is refused. */
int clamp_seccomp_compile(const struct clamp_json *oci, uint8_t digest[32],
                          struct clamp_error **err);

/* The same compilation; the BPF program (struct sock_filter array, host
 * byte order) is appended to bpf. Used by compile, check and tests. */
int clamp_seccomp_export_bpf(const struct clamp_json *oci, struct clamp_buf *bpf,
                             struct clamp_error **err);

/* The same compilation, written to fd: libseccomp's PFC text (a
 * human-readable listing of the filter) or the raw BPF program (struct
 * sock_filter array, host byte order, 8 bytes per instruction). For
 * clampctl seccomp export. */
int clamp_seccomp_export_pfc_fd(const struct clamp_json *oci, int fd, struct clamp_error **err);
int clamp_seccomp_export_bpf_fd(const struct clamp_json *oci, int fd, struct clamp_error **err);

/* The compile cache: a directory of marker files, one per profile that
 * compiled, named by a length-prefixed SHA-256 over (clamp version,
 * clamp build ID, libseccomp version, kernel release, the profile's
 * content as clamp_json_hash encodes it). Each marker holds the digest of the compiled BPF. The
 * directory is opened by clamp_cachedir_open (cachedir.h): owned by clamp's euid, no group or other
 * permission bits, no symlink or ".." in its path; if not, the cache is not used. */
struct clamp_seccomp_cache
{
  int dirfd; /* -1: no cache */
};

/* Open (creating with mode 0700 where needed) the cache at path. Returns
 * 0 with cache->dirfd == -1 when the cache cannot be used safely; that is
 * not an error, compilation just happens every time. */
int clamp_seccomp_cache_open(struct clamp_seccomp_cache *cache, const char *path,
                             struct clamp_error **err);
void clamp_seccomp_cache_close(struct clamp_seccomp_cache *cache);

/* Make sure oci compiles: look the profile up in the cache, compile it on
 * a miss and record the result. *cached tells which happened; bpf_digest
 * gets the compiled program's digest either way. A hit compiles nothing
 * (only seccomp_version() is asked, for the key). cache may be NULL or
 * closed (dirfd -1): then this is clamp_seccomp_compile. kernel_release
 * (uname -r) may be NULL, which keys like "". */
int clamp_seccomp_check(struct clamp_seccomp_cache *cache, const struct clamp_json *oci,
                        const char *kernel_release, uint8_t bpf_digest[32], bool *cached,
                        struct clamp_error **err);

#endif
