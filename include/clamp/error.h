/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_ERROR_H
#define CLAMP_ERROR_H

#include "clamp/util.h"

/* One error object is threaded through every call (crun's model): a
 * function that fails returns a negative value (or NULL) and fills *err.
 * Callers add context with clamp_error_wrap(). Only main() turns an error
 * into a log line and an exit status. */

/* What kind of failure this is; it decides the exit status. */
enum clamp_error_kind
{
  /* The input is malformed or the policy refuses it: exit status 1. */
  CLAMP_ERR_INPUT = 1,
  /* clamp or its environment failed (I/O, missing runtime, libseccomp): 2. */
  CLAMP_ERR_INTERNAL = 2,
};

struct clamp_error
{
  enum clamp_error_kind kind;
  int errnum; /* errno value when a system call failed, else 0 */
  char *msg;  /* "what: why", already escaped where it quotes input */
};

/* Set *err (which must be NULL) and return -1. */
int clamp_error_set(struct clamp_error **err, enum clamp_error_kind kind, int errnum,
                    const char *fmt, ...) CLAMP_PRINTF(4, 5);
/* Shorthands. */
int clamp_error_input(struct clamp_error **err, const char *fmt, ...) CLAMP_PRINTF(2, 3);
int clamp_error_sys(struct clamp_error **err, int errnum, const char *fmt, ...) CLAMP_PRINTF(3, 4);
/* Prefix the message of an existing error with "<context>: " and return -1. */
int clamp_error_wrap(struct clamp_error **err, const char *fmt, ...) CLAMP_PRINTF(2, 3);
void clamp_error_free(struct clamp_error *err);

static inline void clamp_error_freep(struct clamp_error **e)
{
  clamp_error_free(*e);
  *e = NULL;
}
#define _cleanup_error_ __attribute__((cleanup(clamp_error_freep)))

#endif
