/* SPDX-License-Identifier: Apache-2.0 */
#include "clamp/util.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static void oom(void)
{
  static const char msg[] = "clamp: out of memory\n";
  ssize_t r = write(STDERR_FILENO, msg, sizeof msg - 1);
  (void)r;
  abort();
}

void *clamp_xmalloc(size_t n)
{
  void *p = malloc(n ? n : 1);
  if (p == NULL)
    oom();
  return p;
}

void *clamp_xcalloc(size_t n, size_t size)
{
  void *p = calloc(n ? n : 1, size ? size : 1);
  if (p == NULL)
    oom();
  return p;
}

void *clamp_xrealloc(void *p, size_t n)
{
  void *q = realloc(p, n ? n : 1);
  if (q == NULL)
    oom();
  return q;
}

char *clamp_xstrdup(const char *s)
{
  char *p = strdup(s);
  if (p == NULL)
    oom();
  return p;
}

char *clamp_xstrndup(const char *s, size_t n)
{
  char *p = clamp_xmalloc(n + 1);
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

char *clamp_xvasprintf(const char *fmt, va_list ap)
{
  /* Format into a stack buffer first; most messages fit. (A first call
   * with a NULL buffer also works but trips a GCC 12 false positive under
   * -fsanitize=undefined.) */
  char small[256];
  va_list ap2;
  va_copy(ap2, ap);
  int n = vsnprintf(small, sizeof small, fmt, ap2);
  va_end(ap2);
  if (n < 0)
    oom();
  if ((size_t)n < sizeof small)
    return clamp_xstrndup(small, (size_t)n);
  char *p = clamp_xmalloc((size_t)n + 1);
  vsnprintf(p, (size_t)n + 1, fmt, ap);
  return p;
}

char *clamp_xasprintf(const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *p = clamp_xvasprintf(fmt, ap);
  va_end(ap);
  return p;
}

bool clamp_str_has_prefix(const char *s, const char *prefix)
{
  return strncmp(s, prefix, strlen(prefix)) == 0;
}

void clamp_buf_init(struct clamp_buf *b)
{
  b->data = NULL;
  b->len = 0;
  b->cap = 0;
}

void clamp_buf_free(struct clamp_buf *b)
{
  free(b->data);
  clamp_buf_init(b);
}

void clamp_buf_reserve(struct clamp_buf *b, size_t extra)
{
  if (b->len + extra + 1 <= b->cap)
    return;
  size_t cap = b->cap ? b->cap : 64;
  while (cap < b->len + extra + 1)
    {
      if (cap > SIZE_MAX / 2)
        oom();
      cap *= 2;
    }
  b->data = clamp_xrealloc(b->data, cap);
  b->cap = cap;
  b->data[b->len] = '\0';
}

void clamp_buf_append(struct clamp_buf *b, const void *data, size_t len)
{
  clamp_buf_reserve(b, len);
  if (len)
    memcpy(b->data + b->len, data, len);
  b->len += len;
  b->data[b->len] = '\0';
}

void clamp_buf_puts(struct clamp_buf *b, const char *s) { clamp_buf_append(b, s, strlen(s)); }

void clamp_buf_putc(struct clamp_buf *b, char c) { clamp_buf_append(b, &c, 1); }

void clamp_buf_printf(struct clamp_buf *b, const char *fmt, ...)
{
  va_list ap;
  va_start(ap, fmt);
  char *p = clamp_xvasprintf(fmt, ap);
  va_end(ap);
  clamp_buf_puts(b, p);
  free(p);
}

/* Decode one UTF-8 sequence strictly; returns its length or 0 if the bytes
 * at s are not a well-formed, shortest-form scalar value. */
static size_t utf8_seq(const unsigned char *s, size_t len, uint32_t *cp)
{
  if (s[0] < 0x80)
    {
      *cp = s[0];
      return 1;
    }
  size_t n;
  uint32_t c, min;
  if ((s[0] & 0xE0) == 0xC0)
    n = 2, c = s[0] & 0x1F, min = 0x80;
  else if ((s[0] & 0xF0) == 0xE0)
    n = 3, c = s[0] & 0x0F, min = 0x800;
  else if ((s[0] & 0xF8) == 0xF0)
    n = 4, c = s[0] & 0x07, min = 0x10000;
  else
    return 0;
  if (n > len)
    return 0;
  for (size_t i = 1; i < n; i++)
    {
      if ((s[i] & 0xC0) != 0x80)
        return 0;
      c = (c << 6) | (s[i] & 0x3F);
    }
  if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
    return 0;
  *cp = c;
  return n;
}

void clamp_buf_put_escaped(struct clamp_buf *b, const char *s, size_t len)
{
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len)
    {
      unsigned char c = u[i];
      if (c == '\\' || c == '"')
        {
          clamp_buf_putc(b, '\\');
          clamp_buf_putc(b, (char)c);
          i++;
        }
      else if (c >= 0x20 && c < 0x7F)
        {
          clamp_buf_putc(b, (char)c);
          i++;
        }
      else if (c == '\n')
        clamp_buf_puts(b, "\\n"), i++;
      else if (c == '\t')
        clamp_buf_puts(b, "\\t"), i++;
      else
        {
          uint32_t cp;
          size_t n = c >= 0x80 ? utf8_seq(u + i, len - i, &cp) : 0;
          if (n > 0)
            {
              clamp_buf_printf(b, "\\u{%X}", (unsigned)cp);
              i += n;
            }
          else
            {
              clamp_buf_printf(b, "\\x%02X", (unsigned)c);
              i++;
            }
        }
    }
}

char *clamp_quote(const char *s, size_t len)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  clamp_buf_putc(&b, '"');
  clamp_buf_put_escaped(&b, s, len);
  clamp_buf_putc(&b, '"');
  return clamp_buf_steal(&b);
}

char *clamp_buf_steal(struct clamp_buf *b)
{
  if (b->data == NULL)
    clamp_buf_reserve(b, 0);
  char *p = b->data;
  clamp_buf_init(b);
  return p;
}
