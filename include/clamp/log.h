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
/* when as RFC 3339 UTC ("2026-12-07T12:00:00Z"), into out (at least
 * CLAMP_TIME_MAX bytes). Not strftime: glibc's strftime calls tzset(),
 * which reads /etc/localtime, for a format that never needs a zone. */
#define CLAMP_TIME_MAX 72
void clamp_log_time(time_t when, char out[CLAMP_TIME_MAX]);

char *clamp_log_format(const struct clamp_log *log, const char *level, const char *msg,
                       time_t when);
/* Append a line. Errors go to stderr when there is no log file; other
 * levels are dropped then. Failures to log are ignored: logging must not
 * change what clamp decides. */
void clamp_log_write(const struct clamp_log *log, const char *level, const char *msg);
/* Whether clamp_log_write would write a line at level. */
bool clamp_log_wants(const struct clamp_log *log, const char *level);
/* Lines made by clamp_log_format, to the log file in one write (nothing
 * without a file): many findings cost one open. */
void clamp_log_append(const struct clamp_log *log, const char *text, size_t len);

#endif
