/* SPDX-License-Identifier: Apache-2.0 */
/* Parsing argv as the shim does, for the CLI tests and the exec flag rule
 * tests (tests/unit/clifx.c). */
#ifndef CLAMP_CLIFX_H
#define CLAMP_CLIFX_H

#include "clamp/cli.h"
#include "testutil.h"

/* An argv as the shim gets it: "clamp" and the words given. */
#define ARGV(...) ((char *const[]){ "clamp", __VA_ARGS__, NULL })
#define ARGV0 ((char *const[]){ "clamp", NULL })

/* argv must parse, with no error object left behind. */
void clifx_parse_ok(struct clamp_command *cmd, enum clamp_flavor fl, char *const *argv);
#define parse_ok(cmd, argv) clifx_parse_ok(cmd, CLAMP_FLAVOR_RUNC, argv)

/* The parse must fail with an input error whose message contains every
 * string given (NULL-terminated). */
void clifx_parse_bad(enum clamp_flavor fl, char *const *argv, ...);
#define parse_bad(argv, ...) clifx_parse_bad(CLAMP_FLAVOR_RUNC, argv, __VA_ARGS__, NULL)
#define parse_bad_crun(argv, ...) clifx_parse_bad(CLAMP_FLAVOR_CRUN, argv, __VA_ARGS__, NULL)

/* The canonical argv for runtime, joined with '|'. */
char *clifx_canon(const struct clamp_command *cmd, const char *runtime, enum clamp_flavor fl);

/* The positionals, joined with '|', are want. */
void clifx_assert_args(const struct clamp_command *cmd, const char *want);
/* The canonical argv for /usr/bin/runc or /usr/bin/crun, joined with
 * '|', is want. */
void clifx_assert_canon(const struct clamp_command *cmd, enum clamp_flavor fl, const char *want);

#endif
