/* SPDX-License-Identifier: Apache-2.0 */
/* Strict UTF-8 and string-escape checks that run before yajl sees the
 * input. yajl accepts overlong forms, encoded surrogates and code points
 * above U+10FFFF, and it silently turns a lone "\uD800" escape into "?".
 * Go's encoding/json turns invalid UTF-8 into U+FFFD instead. Where two
 * readers repair bad input differently they can disagree about what a key
 * or value is, so clamp refuses such input outright. */
#include <stdint.h>
#include <string.h>

#include "clamp/json.h"

/* Length of the shortest-form UTF-8 sequence at s, or 0 if invalid. */
static size_t seq_len(const unsigned char *s, size_t avail)
{
  unsigned char c = s[0];
  if (c < 0x80)
    return 1;
  size_t n;
  uint32_t cp, min;
  if (c >= 0xC2 && c <= 0xDF)
    n = 2, cp = c & 0x1Fu, min = 0x80;
  else if ((c & 0xF0) == 0xE0)
    n = 3, cp = c & 0x0Fu, min = 0x800;
  else if (c >= 0xF0 && c <= 0xF4)
    n = 4, cp = c & 0x07u, min = 0x10000;
  else
    return 0; /* continuation byte, C0/C1 overlong lead, or F5..FF */
  if (avail < n)
    return 0;
  for (size_t i = 1; i < n; i++)
    {
      if ((s[i] & 0xC0) != 0x80)
        return 0;
      cp = (cp << 6) | (s[i] & 0x3Fu);
    }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
    return 0;
  return n;
}

bool clamp_utf8_valid(const char *s, size_t len)
{
  const unsigned char *u = (const unsigned char *)s;
  size_t i = 0;
  while (i < len)
    {
      if (u[i] < 0x80)
        {
          i++;
          continue;
        }
      size_t n = seq_len(u + i, len - i);
      if (n == 0)
        return false;
      i += n;
    }
  return true;
}

static int hexval(unsigned char c)
{
  if (c >= '0' && c <= '9')
    return c - '0';
  if (c >= 'a' && c <= 'f')
    return c - 'a' + 10;
  if (c >= 'A' && c <= 'F')
    return c - 'A' + 10;
  return -1;
}

/* Read "\uXXXX" at s (s[0] == '\\'); returns the code unit or -1. */
static long read_u_escape(const unsigned char *s, size_t avail)
{
  if (avail < 6 || s[0] != '\\' || s[1] != 'u')
    return -1;
  long v = 0;
  for (int i = 2; i < 6; i++)
    {
      int h = hexval(s[i]);
      if (h < 0)
        return -1;
      v = v * 16 + h;
    }
  return v;
}

/* The ASCII bytes the prescan must look at: NUL and a backslash. */
static const bool special_ascii[128] = { [0] = true, ['\\'] = true };

/* Neither one of those nor part of a multi-byte sequence. */
static inline bool plain_byte(unsigned char c) { return c < 0x80 && !special_ascii[c]; }

/* Eight plain bytes at once: no byte has its high bit set, is zero or is
 * a backslash. (x - 0x01..) & ~x & 0x80.. is non-zero exactly when some
 * byte of x is zero. */
static inline bool plain_word(const unsigned char *p)
{
  const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
  uint64_t w;
  memcpy(&w, p, sizeof w);
  uint64_t b = w ^ (ones * '\\');
  uint64_t hit = w | ((w - ones) & ~w) | ((b - ones) & ~b);
  return (hit & highs) == 0;
}

int clamp_json_prescan(const char *buf, size_t len, size_t *offset, const char **why)
{
  const unsigned char *u = (const unsigned char *)buf;
  size_t i = 0;
  while (i < len)
    {
      /* Most bytes are plain ASCII that needs no look: skip them fast. */
      while (len - i >= 8 && plain_word(u + i))
        i += 8;
      while (i < len && plain_byte(u[i]))
        i++;
      if (i == len)
        break;
      unsigned char c = u[i];
      if (c == 0)
        {
          *offset = i;
          *why = "NUL byte";
          return -1;
        }
      if (c >= 0x80)
        {
          size_t n = seq_len(u + i, len - i);
          if (n == 0)
            {
              *offset = i;
              *why = "invalid UTF-8 (malformed, overlong, surrogate or above U+10FFFF)";
              return -1;
            }
          i += n;
          continue;
        }
      /* A backslash. Valid JSON has them only in strings, where each
       * starts a two-byte escape or a \\uXXXX one; one outside a string is
       * a syntax error that yajl reports, so which one is which does not
       * need tracking. Only \u needs a look; yajl checks the rest. */
      if (i + 1 >= len || u[i + 1] != 'u')
        {
          i += 2;
          continue;
        }
      long cu = read_u_escape(u + i, len - i);
      if (cu < 0)
        {
          i += 2; /* malformed: yajl reports it */
          continue;
        }
      if (cu == 0)
        {
          *offset = i;
          *why = "\\u0000 escape";
          return -1;
        }
      if (cu >= 0xDC00 && cu <= 0xDFFF)
        {
          *offset = i;
          *why = "unpaired low surrogate escape";
          return -1;
        }
      if (cu >= 0xD800 && cu <= 0xDBFF)
        {
          long lo = read_u_escape(u + i + 6, len - i - 6);
          if (lo < 0xDC00 || lo > 0xDFFF)
            {
              *offset = i;
              *why = "unpaired high surrogate escape";
              return -1;
            }
          i += 12;
          continue;
        }
      i += 6;
    }
  return 0;
}
