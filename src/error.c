/* SPDX-License-Identifier: Apache-2.0 */
#include "clamp/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static int set_v(struct clamp_error **err, enum clamp_error_kind kind, int errnum, const char *fmt,
                 va_list ap)
{
  if (err == NULL)
    return -1;
  /* A second error never replaces the first: the first is the cause. */
  if (*err != NULL)
    return -1;
  struct clamp_error *e = clamp_xcalloc(1, sizeof *e);
  e->kind = kind;
  e->errnum = errnum;
  char *m = clamp_xvasprintf(fmt, ap);
  if (errnum != 0)
    {
      e->msg = clamp_xasprintf("%s: %s", m, strerror(errnum));
      free(m);
    }
  else
    e->msg = m;
  *err = e;
  return -1;
}

int clamp_error_set(struct clamp_error **err, enum clamp_error_kind kind, int errnum,
                    const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  set_v(err, kind, errnum, fmt, ap);
  va_end(ap);
  return -1;
}

int clamp_error_input(struct clamp_error **err, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  set_v(err, CLAMP_ERR_INPUT, 0, fmt, ap);
  va_end(ap);
  return -1;
}

int clamp_error_sys(struct clamp_error **err, int errnum, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  set_v(err, CLAMP_ERR_INTERNAL, errnum, fmt, ap);
  va_end(ap);
  return -1;
}

int clamp_error_wrap(struct clamp_error **err, const char *fmt, ...)
{
  if (err == NULL || *err == NULL)
    return -1;
  va_list ap;
  va_start(ap, fmt);
  char *prefix = clamp_xvasprintf(fmt, ap);
  va_end(ap);
  char *m = clamp_xasprintf("%s: %s", prefix, (*err)->msg);
  free(prefix);
  free((*err)->msg);
  (*err)->msg = m;
  return -1;
}

void clamp_error_free(struct clamp_error *err)
{
  if (err == NULL)
    return;
  free(err->msg);
  free(err);
}
