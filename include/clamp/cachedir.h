/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_CACHEDIR_H
#define CLAMP_CACHEDIR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "clamp/harden.h"
#include "clamp/util.h"

/* clamp's cache directory (DESIGN.md 4, "Seccomp"): small files that let
 * a warm create skip work it did before. Only clamp's euid may write
 * there, since a file planted by anyone else could make clamp skip a
 * check. Everything here is best effort: a cache that cannot be used, or
 * a file in it that looks wrong in any way, is a miss, never an error and
 * never a reason to accept something. */

/* Open the directory at path, creating missing components with mode 0700,
 * following no symlink and no "..". Returns an O_PATH directory fd, or -1
 * when the directory cannot be used safely: not owned by euid, or with
 * any group or other permission bit. */
int clamp_cachedir_open(const char *path);

/* Read the file name (a plain name, no '/') into out. False unless it is
 * a regular file owned by euid of at most max bytes, read whole. out is
 * left empty on false. */
bool clamp_cachedir_read(int dirfd, const char *name, size_t max, struct clamp_buf *out);

/* Store data under name: written to a fresh temporary name and renamed
 * into place, so readers see the whole file or none. Failures are
 * ignored; the next run only redoes the work. */
void clamp_cachedir_write(int dirfd, const char *name, const void *data, size_t len);

/* For rate limits: true when the marker name (a plain name) was not
 * stamped within the last window seconds before now, and then stamps it;
 * false otherwise. True when dirfd is -1: without a cache nothing is
 * limited. */
bool clamp_cachedir_once_per(int dirfd, const char *name, time_t now, time_t window);

/* A memo (harden.h) whose entries are files "memo-<hex key>" in the
 * directory dirfd. The struct must outlive the memo's use. */
struct clamp_cachedir_memo
{
  int dirfd;
  struct clamp_memo memo;
};
void clamp_cachedir_memo_init(struct clamp_cachedir_memo *m, int dirfd);

#endif
