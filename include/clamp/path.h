/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_PATH_H
#define CLAMP_PATH_H

#include <stdbool.h>
#include <stddef.h>

/* Lexical path handling for paths inside the container, the way runc
 * treats them (Go's filepath.Clean on a path rooted at "/"). */

/* "/" + p cleaned: repeated slashes collapsed, "." removed, ".." resolved
 * lexically and never above "/". Always absolute. Caller frees. */
char *clamp_path_clean(const char *p);
/* The same into out, which must hold strlen(p) + 2 bytes. Returns out. */
char *clamp_path_clean_into(const char *p, char *out);

/* clean is dir or below it (both cleaned). */
bool clamp_path_is_under(const char *clean, const char *dir);

/* clean is at or under /proc/<any>/{fd,root,cwd} or
 * /proc/<any>/task/<any>/{fd,root,cwd}: magic links to a process's open
 * files and directories (CVE-2024-21626 used /proc/self/fd/N). */
bool clamp_path_is_proc_fd(const char *clean);

#endif
