/* SPDX-License-Identifier: Apache-2.0 */
#include "clamp/log.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "clamp/json.h"

/* logrus's TextFormatter quotes a value with Go's %q when it holds
 * anything beyond [A-Za-z0-9-._/@^+]. */
static bool needs_quoting(const char *s)
{
  for (; *s; s++)
    {
      char c = *s;
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
            || strchr("-._/@^+", c) != NULL))
        return true;
    }
  return false;
}

/* Length of a valid UTF-8 sequence at s, or 0. */
static size_t utf8_len(const unsigned char *s)
{
  size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC0 ? 2 : 0;
  for (size_t i = 1; i < n; i++)
    if (s[i] == '\0')
      return 0;
  return n && clamp_utf8_valid((const char *)s, n) ? n : 0;
}

/* Go's %q (strconv.Quote), which logrus uses: short escapes, \x for
 * other control bytes and invalid UTF-8, \u for C1 controls. */
static void put_go_quoted(struct clamp_buf *b, const char *str)
{
  static const char short_from[] = "\a\b\f\n\r\t\v", short_to[] = "abfnrtv";
  const unsigned char *s = (const unsigned char *)str;
  clamp_buf_putc(b, '"');
  while (*s)
    {
      unsigned char c = *s;
      const char *sh = c < 0x20 ? strchr(short_from, c) : NULL;
      if (c == '"' || c == '\\')
        {
          clamp_buf_putc(b, '\\');
          clamp_buf_putc(b, (char)c);
          s++;
        }
      else if (sh != NULL)
        {
          clamp_buf_putc(b, '\\');
          clamp_buf_putc(b, short_to[sh - short_from]);
          s++;
        }
      else if (c < 0x20 || c == 0x7F)
        {
          clamp_buf_printf(b, "\\x%02x", c);
          s++;
        }
      else if (c < 0x80)
        clamp_buf_putc(b, (char)*s++);
      else
        {
          size_t n = utf8_len(s);
          if (n == 0)
            clamp_buf_printf(b, "\\x%02x", *s++);
          else if (n == 2 && s[0] == 0xC2 && s[1] < 0xA0)
            {
              clamp_buf_printf(b, "\\u%04x", (unsigned)s[1]); /* U+0080..U+009F */
              s += 2;
            }
          else
            {
              clamp_buf_append(b, s, n);
              s += n;
            }
        }
    }
  clamp_buf_putc(b, '"');
}

void clamp_log_time(time_t when, char out[CLAMP_TIME_MAX])
{
  struct tm tm;
  gmtime_r(&when, &tm);
  snprintf(out, CLAMP_TIME_MAX, "%04d-%02d-%02dT%02d:%02d:%02dZ", tm.tm_year + 1900, tm.tm_mon + 1,
           tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
}

char *clamp_log_format(const struct clamp_log *log, const char *level, const char *msg, time_t when)
{
  char ts[CLAMP_TIME_MAX];
  clamp_log_time(when, ts);

  struct clamp_buf b;
  clamp_buf_init(&b);
  if (log->json)
    {
      /* yajl is clamp's only JSON generator, so the line is a tree. */
      _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_json_doc_new();
      struct clamp_json *o = clamp_json_new_object(doc);
      clamp_json_object_set(doc, o, "level", clamp_json_new_string(doc, level));
      clamp_json_object_set(doc, o, "msg", clamp_json_new_string(doc, msg));
      clamp_json_object_set(doc, o, "time", clamp_json_new_string(doc, ts));
      _cleanup_error_ struct clamp_error *err = NULL;
      if (clamp_json_serialize(o, &b, &err) < 0)
        {
          clamp_buf_free(&b);
          clamp_buf_printf(&b,
                           "{\"level\":\"error\",\"msg\":\"clamp: cannot format a log line\","
                           "\"time\":\"%s\"}",
                           ts);
        }
    }
  else
    {
      clamp_buf_printf(&b, "time=\"%s\" level=%s msg=", ts, level);
      if (needs_quoting(msg))
        put_go_quoted(&b, msg);
      else
        clamp_buf_puts(&b, msg);
    }
  clamp_buf_putc(&b, '\n');
  return clamp_buf_steal(&b);
}

bool clamp_log_wants(const struct clamp_log *log, const char *level)
{
  if (strcmp(level, "debug") == 0 && !log->debug)
    return false;
  return log->path != NULL || strcmp(level, "error") == 0;
}

/* text to the log file, or to stderr when there is none (or it cannot be
 * opened) and to_stderr. One write, so lines stay whole. */
static void append(const struct clamp_log *log, const char *text, size_t len, bool to_stderr)
{
  _cleanup_close_ int fd = -1;
  int out = STDERR_FILENO;
  if (log->path != NULL)
    {
      /* As runc opens it (main.go configLogrus). */
      fd = open(log->path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0644);
      if (fd >= 0)
        out = fd;
      else if (!to_stderr)
        return;
    }
  else if (!to_stderr)
    return;
  ssize_t w;
  do
    w = write(out, text, len);
  while (w < 0 && errno == EINTR);
}

void clamp_log_append(const struct clamp_log *log, const char *text, size_t len)
{
  if (len > 0)
    append(log, text, len, false);
}

void clamp_log_write(const struct clamp_log *log, const char *level, const char *msg)
{
  if (!clamp_log_wants(log, level))
    return;
  _cleanup_free_ char *line = clamp_log_format(log, level, msg, time(NULL));
  append(log, line, strlen(line), strcmp(level, "error") == 0);
}
