/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_SPECIO_H
#define CLAMP_SPECIO_H

#include <stddef.h>
#include <sys/stat.h>

#include "clamp/error.h"
#include "clamp/util.h"

/* Safe reading and atomic rewriting of config.json and process files.
 *
 * config.json is attacker-influenced and runc re-reads it by path, so
 * clamp must make sure nobody but its own user can swap the file between
 * clamp's check and runc's read:
 *  - the directory path is resolved once (realpath) and then walked from
 *    "/" with O_NOFOLLOW; every directory on the way must belong to root
 *    or to clamp's euid, and one that others can write must be sticky
 *    (like /tmp);
 *  - the directory itself must belong to clamp's euid and not be group- or
 *    world-writable; it stays pinned by an fd;
 *  - the file is opened relative to that fd with O_NOFOLLOW (a symlink is
 *    an error), must be a regular file of clamp's euid, not group- or
 *    world-writable, and at most CLAMP_JSON_MAX_SIZE bytes;
 *  - the rewrite goes to a fresh temp file in the same directory (mode and
 *    owner of the original), is fsynced, then renamed over the original.
 * After any error the original is untouched. */

struct clamp_specfile
{
  int dirfd;
  char *dir;  /* absolute, symlink-free directory path */
  char *name; /* the file's name in dir */
  char *path; /* dir/name */
  struct stat st;
  char *data; /* the file's bytes, NUL-terminated */
  size_t len;
  /* Set before reading to read the bytes into this document's arena, in
   * the memory the tree parsed from them will use (they live as long as
   * the document); NULL: malloc. */
  struct clamp_json_doc *doc;
};

void clamp_specfile_init(struct clamp_specfile *f);
void clamp_specfile_close(struct clamp_specfile *f);
static inline void clamp_specfile_closep(struct clamp_specfile *f) { clamp_specfile_close(f); }
#define _cleanup_specfile_ __attribute__((cleanup(clamp_specfile_closep)))

/* Open and read dir/name. dir may be relative to the working directory. */
int clamp_specfile_read(const char *dir, const char *name, struct clamp_specfile *f,
                        struct clamp_error **err);
/* Open and read the file at path (split into directory and name). */
int clamp_specfile_read_path(const char *path, struct clamp_specfile *f, struct clamp_error **err);
/* Atomically replace the file with data. */
int clamp_specfile_write(struct clamp_specfile *f, const char *data, size_t len,
                         struct clamp_error **err);

#endif
