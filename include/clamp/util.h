/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_UTIL_H
#define CLAMP_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

/* Ownership helpers in the style of bubblewrap and systemd: a variable
 * declared with one of these is released when it leaves scope, and
 * steal_pointer() hands ownership on explicitly. */
static inline void clamp_freep(void *p) { free(*(void **)p); }
static inline void clamp_closep(int *fd)
{
  if (*fd >= 0)
    close(*fd);
}
static inline void clamp_strv_freep(char ***p)
{
  if (*p == NULL)
    return;
  for (char **s = *p; *s != NULL; s++)
    free(*s);
  free(*p);
}

#define _cleanup_free_ __attribute__((cleanup(clamp_freep)))
#define _cleanup_close_ __attribute__((cleanup(clamp_closep)))
#define _cleanup_strv_ __attribute__((cleanup(clamp_strv_freep)))

static inline void *clamp_steal_pointer(void *pp)
{
  void **p = pp;
  void *v = *p;
  *p = NULL;
  return v;
}
#define steal_pointer(pp) ((__typeof__(*(pp)))clamp_steal_pointer(pp))

static inline int clamp_steal_fd(int *fd)
{
  int v = *fd;
  *fd = -1;
  return v;
}

#define CLAMP_N_ELEMENTS(a) (sizeof(a) / sizeof((a)[0]))
#define CLAMP_UNUSED __attribute__((unused))
#define CLAMP_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define CLAMP_WARN_UNUSED __attribute__((warn_unused_result))

/* A growable byte buffer, always NUL-terminated. Allocation failure
 * aborts: clamp handles small, bounded inputs and an out-of-memory
 * condition cannot be recovered from meaningfully in a shim. */
struct clamp_buf
{
  char *data;
  size_t len;
  size_t cap;
};

void clamp_buf_init(struct clamp_buf *b);
void clamp_buf_free(struct clamp_buf *b);
void clamp_buf_reserve(struct clamp_buf *b, size_t extra);
void clamp_buf_append(struct clamp_buf *b, const void *data, size_t len);
void clamp_buf_puts(struct clamp_buf *b, const char *s);
void clamp_buf_putc(struct clamp_buf *b, char c);
void clamp_buf_printf(struct clamp_buf *b, const char *fmt, ...) CLAMP_PRINTF(2, 3);
/* Append s (len bytes) in a form that is safe to show in a log line:
 * printable ASCII as is, backslash and double quote escaped, everything
 * else as \xHH or \u{...}. Input strings always go through this. */
void clamp_buf_put_escaped(struct clamp_buf *b, const char *s, size_t len);
/* Hand the buffer's memory to the caller. */
char *clamp_buf_steal(struct clamp_buf *b);

static inline void clamp_buf_freep(struct clamp_buf *b) { clamp_buf_free(b); }
#define _cleanup_buf_ __attribute__((cleanup(clamp_buf_freep)))

void *clamp_xmalloc(size_t n);
void *clamp_xcalloc(size_t n, size_t size);
void *clamp_xrealloc(void *p, size_t n);
char *clamp_xstrdup(const char *s);
char *clamp_xstrndup(const char *s, size_t n);
char *clamp_xasprintf(const char *fmt, ...) CLAMP_PRINTF(1, 2);
char *clamp_xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));
/* A quoted, escaped copy of an input string, for messages. */
char *clamp_quote(const char *s, size_t len);

bool clamp_str_has_prefix(const char *s, const char *prefix);

#endif
