/* SPDX-License-Identifier: Apache-2.0 */
/* Go's strconv as runc 1.1.5 uses it (src/gostrconv.c), tested against
 * Go's own rules (strconv/atoi.go, strconv/atob.go): ParseBool takes
 * exactly 1 t T TRUE true True and 0 f F FALSE false False; ParseInt base
 * 0 takes the 0x, 0o, 0b and 0 prefixes and underscores between digits,
 * base 10 neither; a value out of int64 is a range error, anything else a
 * syntax error. The flags that use them are tested in check_cli.c. */
#include <stdbool.h>
#include <stdint.h>

#include "clamp/cli.h"
#include "testutil.h"

/* ---- Go's strconv.ParseBool ---- */

START_TEST(test_go_parse_bool)
{
  static const char *const t[] = { "1", "t", "T", "TRUE", "true", "True" };
  static const char *const f[] = { "0", "f", "F", "FALSE", "false", "False" };
  static const char *const bad[] = { "",   "yes", "no",    "on",    "tRUE",  "TRue", "fALSE",
                                     "2",  " 1",  "true ", "00",    "y",     "n",    "-1",
                                     "+1", "01",  "truee", "FALSe", "True\n" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(t); i++)
    {
      bool b = false;
      ck_assert_int_eq(clamp_go_parse_bool(t[i], &b), 0);
      ck_assert_msg(b, "%s", t[i]);
      b = true;
      ck_assert_int_eq(clamp_go_parse_bool(f[i], &b), 0);
      ck_assert_msg(!b, "%s", f[i]);
    }
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(bad); i++)
    {
      bool b = false;
      ck_assert_msg(clamp_go_parse_bool(bad[i], &b) < 0, "accepted \"%s\"", bad[i]);
    }
}
END_TEST

/* ---- Go's strconv.ParseInt ---- */

struct int_case
{
  const char *s;
  int base;
  int r; /* 0, -1 syntax, -2 range */
  int64_t v;
};

static void check_ints(const struct int_case *c, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      int64_t v = 12345;
      int r = clamp_go_parse_int(c[i].s, c[i].base, &v);
      ck_assert_msg(r == c[i].r, "ParseInt(\"%s\", %d): got %d, want %d", c[i].s, c[i].base, r,
                    c[i].r);
      if (r == 0)
        ck_assert_msg(v == c[i].v, "ParseInt(\"%s\", %d) = %lld, want %lld", c[i].s, c[i].base,
                      (long long)v, (long long)c[i].v);
    }
}

START_TEST(test_parse_int_base0)
{
  static const struct int_case c[] = {
    { "0", 0, 0, 0 },
    { "-0", 0, 0, 0 },
    { "+0", 0, 0, 0 },
    { "+5", 0, 0, 5 },
    { "-5", 0, 0, -5 },
    { "0x10", 0, 0, 16 },
    { "0X1f", 0, 0, 31 },
    { "-0x10", 0, 0, -16 },
    { "0o17", 0, 0, 15 },
    { "0O17", 0, 0, 15 },
    { "017", 0, 0, 15 },
    { "0b1", 0, 0, 1 },
    { "0B101", 0, 0, 5 },
    { "1_000", 0, 0, 1000 },
    { "0x_1f", 0, 0, 31 },
    { "0_17", 0, 0, 15 },
    { "1_2_3", 0, 0, 123 },
    { "9223372036854775807", 0, 0, INT64_MAX },
    { "-9223372036854775808", 0, 0, INT64_MIN },
    { "0x7fffffffffffffff", 0, 0, INT64_MAX },
    { "-0x8000000000000000", 0, 0, INT64_MIN },
    { "9223372036854775808", 0, -2, 0 },
    { "-9223372036854775809", 0, -2, 0 },
    { "0x8000000000000000", 0, -2, 0 },
    { "18446744073709551615", 0, -2, 0 },
    { "18446744073709551616", 0, -2, 0 },
    { "99999999999999999999999", 0, -2, 0 },
    { "", 0, -1, 0 },
    { "+", 0, -1, 0 },
    { "-", 0, -1, 0 },
    { "0x", 0, -1, 0 },
    { "0b", 0, -1, 0 },
    { "0o", 0, -1, 0 },
    { "0b2", 0, -1, 0 },
    { "08", 0, -1, 0 },
    { "0o8", 0, -1, 0 },
    { "0xg", 0, -1, 0 },
    { "_1", 0, -1, 0 },
    { "1_", 0, -1, 0 },
    { "1__0", 0, -1, 0 },
    { "0_", 0, -1, 0 },
    { "+_1", 0, -1, 0 },
    { "0x__1", 0, -1, 0 },
    { "1e3", 0, -1, 0 },
    { "1.0", 0, -1, 0 },
    { " 1", 0, -1, 0 },
    { "1 ", 0, -1, 0 },
    { "++1", 0, -1, 0 },
    { "+-1", 0, -1, 0 },
    { "--1", 0, -1, 0 },
    { "\xef\xbc\x91", 0, -1, 0 }, /* U+FF11 FULLWIDTH DIGIT ONE */
  };
  check_ints(c, CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_parse_int_base10)
{
  static const struct int_case c[] = {
    { "0", 10, 0, 0 },
    { "010", 10, 0, 10 },
    { "+0", 10, 0, 0 },
    { "-0", 10, 0, 0 },
    { "4294967296", 10, 0, 4294967296LL },
    { "-4294967296", 10, 0, -4294967296LL },
    { "9223372036854775807", 10, 0, INT64_MAX },
    { "-9223372036854775808", 10, 0, INT64_MIN },
    { "9223372036854775808", 10, -2, 0 },
    { "-9223372036854775809", 10, -2, 0 },
    { "0x10", 10, -1, 0 },
    { "0o17", 10, -1, 0 },
    { "0b1", 10, -1, 0 },
    { "1_000", 10, -1, 0 },
    { "_1", 10, -1, 0 },
    { "", 10, -1, 0 },
    { "a", 10, -1, 0 },
    { "12a", 10, -1, 0 },
  };
  check_ints(c, CLAMP_N_ELEMENTS(c));
}
END_TEST

/* Go's ParseUint returns ErrRange as soon as the value overflows, before
 * it looks at the rest of the text (strconv/atoi.go: "n*base overflows"
 * returns at once), so an overflowing prefix wins over later junk. Only the
 * error class differs; both are errors. */
START_TEST(test_parse_int_overflow_before_junk)
{
  static const struct int_case c[] = {
    { "99999999999999999999x", 10, -2, 0 },
    { "99999999999999999999_", 0, -2, 0 },
    { "0xffffffffffffffffffz", 0, -2, 0 },
  };
  check_ints(c, CLAMP_N_ELEMENTS(c));
}
END_TEST

/* go-units RAMInBytes, as runc update reads --memory. */
START_TEST(test_ram_in_bytes)
{
  static const struct
  {
    const char *in;
    int r;
    int64_t want;
  } c[] = {
    { "0", 0, 0 },
    { "1", 0, 1 },
    { "1k", 0, 1024 },
    { "1K", 0, 1024 },
    { "1kb", 0, 1024 },
    { "1KiB", 0, 1024 },
    { "1 MiB", 0, 1048576 },
    { "1.5k", 0, 1536 },
    { "0.5b", 0, 0 },
    { "1g", 0, 1073741824 },
    { "2t", 0, 2199023255552 },
    { "1p", 0, 1125899906842624 },
    { "8191p", 0, 9222246136947933184 },
    { "9007199254740993", 0, 9007199254740992 }, /* through a float64, as Go does */
    { "1b", 0, 1 },
    { "1i", 0, 1 },
    { "", -1, 0 },
    { "-1", -1, 0 },
    { "+1", -1, 0 },
    { "1.", -1, 0 },
    { ".5", -1, 0 },
    { "1.2.3", -1, 0 },
    { "1e3", -1, 0 },
    { "0x10", -1, 0 },
    { "1  k", -1, 0 },
    { "1kk", -1, 0 },
    { "1 ", 0, 1 },
    { "1x", -1, 0 },
    { "1bi", -1, 0 },
    { "8192p", -2, 0 },
    { "9223372036854775808", -2, 0 },
    { "1000000000000000000000000000000000000000000000000000000000000000000", -2, 0 },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      int64_t v = 0;
      int r = clamp_go_ram_in_bytes(c[i].in, &v);
      ck_assert_msg(r == c[i].r, "%s: %d, want %d", c[i].in, r, c[i].r);
      if (r == 0)
        ck_assert_msg(v == c[i].want, "%s: %lld, want %lld", c[i].in, (long long)v,
                      (long long)c[i].want);
    }
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("gostrconv");
  TCase *tc = tcase_create("gostrconv");
  tcase_add_test(tc, test_go_parse_bool);
  tcase_add_test(tc, test_parse_int_base0);
  tcase_add_test(tc, test_parse_int_base10);
  tcase_add_test(tc, test_parse_int_overflow_before_junk);
  tcase_add_test(tc, test_ram_in_bytes);
  suite_add_tcase(s, tc);
  return s;
}
