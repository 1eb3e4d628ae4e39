/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers every unit test links (tests/unit/testutil.c). A helper that
 * fails a test does so with a Check assertion naming what it was given. */
#ifndef CLAMP_TESTUTIL_H
#define CLAMP_TESTUTIL_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "clamp/json.h"

/* Each check_<module>.c defines the suite it runs. */
Suite *clamp_test_suite(void);

/* Check records every passing ck_assert in a file; hot loops only call it
 * when they fail. */
#define EXPECT(cond, ...)                                                                          \
  do                                                                                               \
    {                                                                                              \
      if (!(cond))                                                                                 \
        ck_abort_msg(__VA_ARGS__);                                                                 \
    }                                                                                              \
  while (0)

/* ---- files ---- */

/* A whole file, NUL-terminated, or NULL when it cannot be opened; *len
 * (if len) gets its size. */
char *clamp_test_read_file(const char *path, size_t *len);
/* Read a file under tests/data (aborts on failure); *len gets its size. */
char *clamp_test_read_data(const char *relpath, size_t *len);

/* A fresh directory /tmp/clamp-<name>-XXXXXX with the given mode. */
char *clamp_test_tmpdir(const char *name, mode_t mode);
/* Remove a tree (undoing chattr +i on the way); nftw's result. */
int clamp_test_rm_rf(const char *path);
/* For a tmpdir that goes when its variable leaves scope. */
void clamp_test_rm_tmpdirp(char **dir);
#define _cleanup_tmpdir_ __attribute__((cleanup(clamp_test_rm_tmpdirp)))

/* ---- JSON ---- */

/* Parse a fixture; one that does not parse fails the test. */
struct clamp_json_doc *clamp_test_parse(const char *json);
/* The same, written with single quotes for double quotes (profiles). */
struct clamp_json_doc *clamp_test_parse_q(const char *text);
/* Parse a file: NULL when it cannot be opened; failing to parse fails. */
struct clamp_json_doc *clamp_test_parse_file(const char *path);
/* Parse a file under tests/data, which must exist. */
struct clamp_json_doc *clamp_test_parse_data(const char *relpath);

/* v serialized, malloc'ed. */
char *clamp_test_text(const struct clamp_json *v);
/* v (which must exist) serializes to exactly want; label, if not NULL,
 * names the case in the message. */
void clamp_test_assert_text(const struct clamp_json *v, const char *want, const char *label);

/* ---- seccomp ---- */

/* A Docker-like OCI profile, single-quoted: default EPERM, the x86
 * family, read allowed, socket allowed except AF_ALG (38) and AF_VSOCK
 * (40), clone without namespace flags, clone3 ENOSYS. */
extern const char clamp_test_dockerish[];

/* Compile a single-quoted OCI seccomp profile as runc would (it must
 * compile); out gets the digest clamp_seccomp_compile reports. */
void clamp_test_digest_q(const char *profile, uint8_t out[32]);

/* ---- messages and argv ---- */

/* msg starts with prefix. */
void clamp_test_assert_prefix(const char *msg, const char *prefix);

/* The number of words in a NULL-terminated argv. */
int clamp_test_argc(char *const *argv);
/* A malloc'ed argv's words joined with '|'; frees v. */
char *clamp_test_join_argv(char **v);

#endif
