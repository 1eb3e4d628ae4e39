/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_LOG_H
#define CLAMP_LOG_H

#include <stdbool.h>
#include <time.h>

#include "clamp/error.h"

/* Lines in runc's --log format, so an engine shows clamp's messages as it
 * shows runc's ("OCI runtime create failed: clamp: ..."):
 *   text: time="2026-11-22T12:00:00Z" level=error msg="clamp: ..."
 *   json: {"level":"error","msg":"clamp: ...","time":"2026-11-22T12:00:00Z"}
 * containerd reads the last "error" line of the JSON log. Each line is one
 * write(2) with O_APPEND, so parallel writers never interleave. Nothing is
 * ever written to stdout. */

struct clamp_log
{
  const char *path; /* --log, or NULL: errors go to stderr */
  bool json;        /* --log-format json */
  bool debug;       /* --debug */
};

/* Format one line (with the trailing newline). */
char *clamp_log_format(const struct clamp_log *log, const char *level, const char *msg,
                       time_t when);
/* Append a line. Errors go to stderr when there is no log file; other
 * levels are dropped then. Failures to log are ignored: logging must not
 * change what clamp decides. */
void clamp_log_write(const struct clamp_log *log, const char *level, const char *msg);

#endif
