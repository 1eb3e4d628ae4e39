/* SPDX-License-Identifier: Apache-2.0 */
/* SHA-256 against the FIPS 180-4 / NIST CSRC example vectors, in C and
 * (on CPUs that have them) on the x86 SHA instructions. */
#include <stdio.h>
#include <string.h>

#include "clamp/sha256.h"
#include "clamp/util.h"
#include "testutil.h"

typedef void (*init_fn)(struct clamp_sha256 *s);

static void hex_with(init_fn init, const void *data, size_t len, char out[65])
{
  struct clamp_sha256 s;
  uint8_t d[32];
  init(&s);
  clamp_sha256_update(&s, data, len);
  clamp_sha256_final(&s, d);
  clamp_sha256_hex(d, out);
}

static void hex_of(const void *data, size_t len, char out[65])
{
  hex_with(clamp_sha256_init, data, len, out);
}

static const struct
{
  const char *msg;
  const char *hex;
} KAT[] = {
  { "", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" },
  { "abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
  /* 448 bits: the padding does not fit in the first block. */
  { "abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
    "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1" },
  /* 896 bits. */
  { "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopq"
    "rs"
    "mnopqrstnopqrstu",
    "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1" },
  { "The quick brown fox jumps over the lazy dog",
    "d7a8fbb307d7809469ca9abcb0082e4f8d5651e46d3cdb762d02d0bf37c9e592" },
};

START_TEST(test_known_answers)
{
  static const init_fn inits[] = { clamp_sha256_init, clamp_sha256_init_portable };
  for (size_t k = 0; k < CLAMP_N_ELEMENTS(inits); k++)
    for (size_t i = 0; i < CLAMP_N_ELEMENTS(KAT); i++)
      {
        char hex[65];
        hex_with(inits[k], KAT[i].msg, strlen(KAT[i].msg), hex);
        ck_assert_msg(strcmp(hex, KAT[i].hex) == 0, "%s, vector %zu: %s",
                      k ? "portable" : "default", i, hex);
      }
}
END_TEST

/* The hardware and the C block functions agree on every length up to a
 * few dozen blocks, fed in one piece and in uneven pieces. */
START_TEST(test_hardware_equals_portable)
{
  struct clamp_sha256 probe;
  clamp_sha256_init(&probe);
  if (!probe.hw)
    fprintf(stderr, "# this CPU has no SHA instructions: comparing C with C\n");
  static uint8_t msg[64 * 40 + 7];
  uint32_t x = 2463534242u;
  for (size_t i = 0; i < sizeof msg; i++)
    {
      x ^= x << 13, x ^= x >> 17, x ^= x << 5;
      msg[i] = (uint8_t)x;
    }
  for (size_t len = 0; len <= sizeof msg; len += (len < 300 ? 1 : 61))
    {
      char hw[65], c[65];
      hex_with(clamp_sha256_init, msg, len, hw);
      hex_with(clamp_sha256_init_portable, msg, len, c);
      ck_assert_msg(strcmp(hw, c) == 0, "len %zu", len);

      struct clamp_sha256 s;
      uint8_t d[32];
      clamp_sha256_init(&s);
      for (size_t at = 0, step = 1; at < len; at += step, step = step * 3 % 197 + 1)
        clamp_sha256_update(&s, msg + at, step < len - at ? step : len - at);
      clamp_sha256_final(&s, d);
      clamp_sha256_hex(d, hw);
      ck_assert_msg(strcmp(hw, c) == 0, "len %zu in pieces", len);
    }
}
END_TEST

START_TEST(test_million_a)
{
  struct clamp_sha256 s;
  uint8_t d[32];
  char hex[65], chunk[1000];
  memset(chunk, 'a', sizeof chunk);
  clamp_sha256_init(&s);
  for (int i = 0; i < 1000; i++)
    clamp_sha256_update(&s, chunk, sizeof chunk);
  clamp_sha256_final(&s, d);
  clamp_sha256_hex(d, hex);
  ck_assert_str_eq(hex, "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}
END_TEST

/* Every split of the input into two or three updates gives the one-shot
 * digest, including splits around the 55/56/64-byte padding edges. */
START_TEST(test_incremental_equals_one_shot)
{
  uint8_t msg[200];
  for (size_t i = 0; i < sizeof msg; i++)
    msg[i] = (uint8_t)(i * 31 + 7);
  for (size_t len = 0; len <= sizeof msg; len++)
    {
      char want[65];
      hex_of(msg, len, want);
      for (size_t a = 0; a <= len; a += (len > 80 ? 13 : 1))
        for (size_t b = a; b <= len; b += (len > 80 ? 17 : 5))
          {
            struct clamp_sha256 s;
            uint8_t d[32];
            char got[65];
            clamp_sha256_init(&s);
            clamp_sha256_update(&s, msg, a);
            clamp_sha256_update(&s, msg + a, b - a);
            clamp_sha256_update(&s, msg + b, len - b);
            clamp_sha256_final(&s, d);
            clamp_sha256_hex(d, got);
            ck_assert_msg(strcmp(got, want) == 0, "len %zu split %zu/%zu", len, a, b);
          }
    }
}
END_TEST

static void fields(const char *const *f, size_t n, char out[65])
{
  struct clamp_sha256 s;
  uint8_t d[32];
  clamp_sha256_init(&s);
  for (size_t i = 0; i < n; i++)
    clamp_sha256_update_field(&s, f[i], strlen(f[i]));
  clamp_sha256_final(&s, d);
  clamp_sha256_hex(d, out);
}

START_TEST(test_length_prefixed_fields)
{
  static const char *const ab_c[] = { "ab", "c" };
  static const char *const a_bc[] = { "a", "bc" };
  static const char *const abc_[] = { "abc", "" };
  static const char *const abc[] = { "abc" };
  char h1[65], h2[65], h3[65], h4[65], plain[65];
  fields(ab_c, 2, h1);
  fields(a_bc, 2, h2);
  fields(abc_, 2, h3);
  fields(abc, 1, h4);
  hex_of("abc", 3, plain);
  ck_assert_str_ne(h1, h2);
  ck_assert_str_ne(h1, h3);
  ck_assert_str_ne(h2, h3);
  ck_assert_str_ne(h3, h4);
  ck_assert_str_ne(h4, plain);
  /* The prefix is the length as 8 bytes big-endian, then the bytes. */
  static const uint8_t framed[] = { 0, 0, 0, 0, 0, 0, 0, 3, 'a', 'b', 'c' };
  char want[65];
  hex_of(framed, sizeof framed, want);
  ck_assert_str_eq(h4, want);
  static const uint8_t framed2[] = {
    0, 0, 0, 0, 0, 0, 0, 3, 'a', 'b', 'c', 0, 0, 0, 0, 0, 0, 0, 0
  };
  hex_of(framed2, sizeof framed2, want);
  ck_assert_str_eq(h3, want);
}
END_TEST

START_TEST(test_hex)
{
  uint8_t d[32];
  for (int i = 0; i < 32; i++)
    d[i] = (uint8_t)(i * 37 + 5);
  char out[65];
  memset(out, 'X', sizeof out);
  clamp_sha256_hex(d, out);
  ck_assert_uint_eq(strlen(out), 64);
  ck_assert_str_eq(out, "052a4f7499bee3082d52779cc1e60b30557a9fc4e90e33587da2c7ec11365b80");
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("sha256");
  TCase *tc = tcase_create("sha256");
  tcase_add_test(tc, test_known_answers);
  tcase_add_test(tc, test_hardware_equals_portable);
  tcase_add_test(tc, test_million_a);
  tcase_add_test(tc, test_incremental_equals_one_shot);
  tcase_add_test(tc, test_length_prefixed_fields);
  tcase_add_test(tc, test_hex);
  suite_add_tcase(s, tc);
  return s;
}
