/* SPDX-License-Identifier: Apache-2.0 */
/* Go's strconv.ParseInt and ParseBool, byte for byte, because runc parses
 * its flags with them: "0x10" is 16 for --preserve-fds (base 0), while
 * exec's --user goes through Atoi (base 10, no prefixes, no underscores)
 * and then truncates to uint32, so "4294967296" means uid 0. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "clamp/cli.h"

static char lower(char c) { return (char)(c | ('x' - 'X')); }

/* strconv's underscoreOK: underscores only between digits, or between a
 * base prefix and a digit. */
static bool underscore_ok(const char *s)
{
  char saw = '^';
  size_t i = 0, n;
  if (*s == '+' || *s == '-')
    s++;
  n = strlen(s);
  bool hex = false;
  if (n >= 2 && s[0] == '0' && (lower(s[1]) == 'b' || lower(s[1]) == 'o' || lower(s[1]) == 'x'))
    {
      i = 2;
      saw = '0';
      hex = lower(s[1]) == 'x';
    }
  for (; i < n; i++)
    {
      if ((s[i] >= '0' && s[i] <= '9') || (hex && lower(s[i]) >= 'a' && lower(s[i]) <= 'f'))
        {
          saw = '0';
          continue;
        }
      if (s[i] == '_')
        {
          if (saw != '0')
            return false;
          saw = '_';
          continue;
        }
      if (saw == '_')
        return false;
      saw = '!';
    }
  return saw != '_';
}

/* strconv.ParseUint(s, base, 64) for base 0 or 10. */
static int parse_uint(const char *s, int base, uint64_t *out)
{
  const char *s0 = s;
  bool base0 = base == 0;
  if (*s == '\0')
    return -1;
  if (base0)
    {
      base = 10;
      if (s[0] == '0')
        {
          size_t n = strlen(s);
          if (n >= 3 && lower(s[1]) == 'b')
            base = 2, s += 2;
          else if (n >= 3 && lower(s[1]) == 'o')
            base = 8, s += 2;
          else if (n >= 3 && lower(s[1]) == 'x')
            base = 16, s += 2;
          else
            base = 8, s += 1;
        }
    }
  uint64_t v = 0;
  bool underscores = false;
  for (; *s; s++)
    {
      char c = *s;
      unsigned d;
      if (c == '_' && base0)
        {
          underscores = true;
          continue;
        }
      if (c >= '0' && c <= '9')
        d = (unsigned)(c - '0');
      else if (lower(c) >= 'a' && lower(c) <= 'z')
        d = (unsigned)(lower(c) - 'a' + 10);
      else
        return -1;
      if (d >= (unsigned)base)
        return -1;
      /* Go reports the overflow at once, before any later bad digit. */
      if (v > (UINT64_MAX - d) / (uint64_t)base)
        return -2;
      v = v * (uint64_t)base + d;
    }
  if (underscores && !underscore_ok(s0))
    return -1;
  *out = v;
  return 0;
}

int clamp_go_parse_int(const char *s, int base, int64_t *out)
{
  bool neg = false;
  if (*s == '\0')
    return -1;
  if (*s == '+' || *s == '-')
    {
      neg = *s == '-';
      s++;
    }
  uint64_t u;
  int r = parse_uint(s, base, &u);
  if (r < 0)
    return r;
  if (!neg && u > (uint64_t)INT64_MAX)
    return -2;
  if (neg && u > (uint64_t)INT64_MAX + 1)
    return -2;
  *out = neg ? (int64_t)(0 - u) : (int64_t)u;
  return 0;
}

int clamp_go_parse_bool(const char *s, bool *out)
{
  static const char *const t[] = { "1", "t", "T", "TRUE", "true", "True" };
  static const char *const f[] = { "0", "f", "F", "FALSE", "false", "False" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(t); i++)
    {
      if (strcmp(s, t[i]) == 0)
        {
          *out = true;
          return 0;
        }
      if (strcmp(s, f[i]) == 0)
        {
          *out = false;
          return 0;
        }
    }
  return -1;
}

/* go-units parseSize with the binary map, as runc update calls it:
 * ^(\d+(\.\d+)*) ?([kKmMgGtTpP])?[iI]?[bB]?$, then strconv.ParseFloat of
 * the number (so "1.2.3" matches but fails), times the unit, truncated to
 * int64. glibc's strtod rounds correctly, as ParseFloat does, and the C
 * locale's decimal point is '.', so both read the same double. */
int clamp_go_ram_in_bytes(const char *s, int64_t *out)
{
  size_t i = strspn(s, "0123456789");
  size_t dots = 0;
  if (i == 0)
    return -1;
  while (s[i] == '.' && s[i + 1] >= '0' && s[i + 1] <= '9')
    {
      dots++;
      i++;
      i += strspn(s + i, "0123456789");
    }
  size_t num_len = i;
  if (s[i] == ' ')
    i++;
  double mult = 1;
  const char *u = strchr("kKmMgGtTpP", s[i]);
  if (s[i] != '\0' && u != NULL)
    {
      static const double m[] = { 1024.0, 1048576.0, 1073741824.0, 1099511627776.0,
                                  1125899906842624.0 };
      mult = m[(u - "kKmMgGtTpP") / 2];
      i++;
    }
  if (s[i] == 'i' || s[i] == 'I')
    i++;
  if (s[i] == 'b' || s[i] == 'B')
    i++;
  if (s[i] != '\0' || dots > 1)
    return -1;
  char buf[64];
  if (num_len >= sizeof buf)
    return -2; /* longer than any int64 needs: refused, not rounded */
  memcpy(buf, s, num_len);
  buf[num_len] = '\0';
  errno = 0;
  double v = strtod(buf, NULL);
  if (errno == ERANGE && v > 1)
    return -2;
  v *= mult;
  if (!(v < 9223372036854775808.0))
    return -2;
  *out = (int64_t)v;
  return 0;
}
