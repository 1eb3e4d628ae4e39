/* SPDX-License-Identifier: Apache-2.0 */
#include <string.h>

#include "clamp/json.h"
#include "clamp/sha256.h"
#include "testutil.h"

static struct clamp_json_doc *parse_ok(const char *text, size_t len)
{
  struct clamp_error *err = NULL;
  struct clamp_json_doc *doc = clamp_json_parse(text, len, &err);
  ck_assert_msg(doc != NULL, "unexpected parse error: %s", err ? err->msg : "?");
  return doc;
}

/* Parse must fail and the message must contain want. */
static void parse_bad(const char *text, size_t len, const char *want)
{
  _cleanup_error_ struct clamp_error *err = NULL;
  struct clamp_json_doc *doc = clamp_json_parse(text, len, &err);
  ck_assert_msg(doc == NULL, "parsed, but should fail: %.*s", (int)len, text);
  ck_assert_ptr_nonnull(err);
  ck_assert_int_eq(err->kind, CLAMP_ERR_INPUT);
  ck_assert_msg(strstr(err->msg, want) != NULL, "message %s lacks %s", err->msg, want);
}
#define BAD(lit, want) parse_bad(lit, sizeof(lit) - 1, want)

static char *roundtrip(const char *text)
{
  _cleanup_json_doc_ struct clamp_json_doc *doc = parse_ok(text, strlen(text));
  struct clamp_buf out;
  clamp_buf_init(&out);
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_json_serialize(doc->root, &out, &err), 0);
  return clamp_buf_steal(&out);
}

START_TEST(test_roundtrip_keeps_order_unknown_and_numbers)
{
  const char *in = "{\"zeta\":1,\"alpha\":{\"x-unknown\":[true,false,null]},"
                   "\"mask\":18446744073709551615,\"neg\":-0,\"f\":1.50e+10,\"big\":"
                   "123456789012345678901234567890,\"s\":\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00/\"}";
  _cleanup_free_ char *out = roundtrip(in);
  ck_assert_str_eq(
      out, "{\"zeta\":1,\"alpha\":{\"x-unknown\":[true,false,null]},"
           "\"mask\":18446744073709551615,\"neg\":-0,\"f\":1.50e+10,\"big\":"
           "123456789012345678901234567890,\"s\":\"a\\\"b\\\\c\\n\xc3\xa9\xf0\x9f\x98\x80/\"}");
}
END_TEST

START_TEST(test_roundtrip_unicode_raw)
{
  _cleanup_free_ char *out = roundtrip("[\"\xe2\x82\xac\",\"\xf4\x8f\xbf\xbf\",\"\xc5\xbf\"]");
  ck_assert_str_eq(out, "[\"\xe2\x82\xac\",\"\xf4\x8f\xbf\xbf\",\"\xc5\xbf\"]");
}
END_TEST

START_TEST(test_reject_duplicates)
{
  BAD("{\"a\":1,\"a\":2}", "duplicate key \"a\"");
  BAD("{\"p\":{\"uid\":0,\"gid\":1,\"uid\":2}}", "p: duplicate key \"uid\"");
  /* An escaped spelling is the same key once decoded. */
  BAD("{\"process\":1,\"proce\\u0073s\":2}", "duplicate key \"process\"");
  BAD("[{\"x\":[{\"k\":1,\"k\":1}]}]", "[0].x[0]: duplicate key \"k\"");
}
END_TEST

START_TEST(test_reject_duplicates_in_big_object)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  clamp_buf_putc(&b, '{');
  for (int i = 0; i < 5000; i++)
    clamp_buf_printf(&b, "\"k%d\":%d,", i, i);
  clamp_buf_puts(&b, "\"k4321\":0}");
  parse_bad(b.data, b.len, "duplicate key \"k4321\"");
  clamp_buf_free(&b);
}
END_TEST

START_TEST(test_reject_nul)
{
  BAD("{\"a\":\"x\0y\"}", "NUL byte");
  BAD("{\"a\":1}\0", "NUL byte");
  BAD("{\"a\\u0000b\":1}", "\\u0000");
  BAD("{\"a\":\"\\u0000\"}", "\\u0000");
}
END_TEST

START_TEST(test_reject_bad_utf8)
{
  BAD("[\"\xc0\xaf\"]", "invalid UTF-8");         /* overlong '/' */
  BAD("[\"\xe0\x80\xaf\"]", "invalid UTF-8");     /* overlong, 3 bytes */
  BAD("[\"\xed\xa0\x80\"]", "invalid UTF-8");     /* raw surrogate U+D800 */
  BAD("[\"\xf4\x90\x80\x80\"]", "invalid UTF-8"); /* U+110000 */
  BAD("[\"\xff\"]", "invalid UTF-8");
  BAD("[\"\x80\"]", "invalid UTF-8");
  BAD("[\"\xe2\x82\"]", "invalid UTF-8"); /* truncated */
  BAD("{\"\xc3\":1}", "invalid UTF-8");
}
END_TEST

START_TEST(test_reject_surrogate_escapes)
{
  BAD("[\"\\ud800\"]", "unpaired high surrogate");
  BAD("[\"\\uD800x\"]", "unpaired high surrogate");
  BAD("[\"\\ud800\\u0041\"]", "unpaired high surrogate");
  BAD("[\"\\udc00\"]", "unpaired low surrogate");
  BAD("{\"\\udfff\":1}", "unpaired low surrogate");
}
END_TEST

START_TEST(test_reject_syntax)
{
  BAD("{\"a\":1} {\"a\":2}", "trailing garbage");
  BAD("{\"a\":1} x", "trailing garbage");
  BAD("{\"a\":1 /* c */}", "line 1");
  BAD("// c\n{}", "line 1");
  BAD("{\"a\":01}", "line 1");
  BAD("", "");
  BAD("   ", "");
  BAD("{\"a\":[1,2}", "line 1");
  BAD("{\"a\":\"\t\"}", "line 1"); /* raw control character */
}
END_TEST

START_TEST(test_depth_limit)
{
  char deep[200];
  memset(deep, '[', 64);
  memset(deep + 64, ']', 64);
  _cleanup_json_doc_ struct clamp_json_doc *ok = parse_ok(deep, 128);
  memset(deep, '[', 65);
  memset(deep + 65, ']', 65);
  parse_bad(deep, 130, "nesting deeper than 64");
}
END_TEST

START_TEST(test_size_limit)
{
  size_t n = CLAMP_JSON_MAX_SIZE + 1;
  char *big = malloc(n);
  memset(big, ' ', n);
  big[0] = '1';
  parse_bad(big, n, "larger than");
  free(big);
}
END_TEST

START_TEST(test_error_position) { BAD("{\n  \"a\": 1,\n  \"b\": \xc3\x28\n}", "line 3 column 8"); }
END_TEST

START_TEST(test_mutation)
{
  _cleanup_json_doc_ struct clamp_json_doc *doc = parse_ok("{\"a\":1,\"b\":[1,2],\"c\":null}", 26);
  struct clamp_json *root = doc->root;
  clamp_json_object_set(doc, root, "a", clamp_json_new_string(doc, "x"));
  clamp_json_object_set(doc, root, "d", clamp_json_new_bool(doc, true));
  ck_assert(clamp_json_object_remove(root, "b"));
  ck_assert(!clamp_json_object_remove(root, "b"));
  struct clamp_json *c = clamp_json_object_ensure(doc, root, "c", CLAMP_JSON_ARRAY);
  ck_assert_ptr_nonnull(c);
  clamp_json_array_append(doc, c, clamp_json_new_uint(doc, 18446744073709551615ULL));
  clamp_json_array_insert(doc, c, 0, clamp_json_new_int(doc, -5));
  clamp_json_array_insert(doc, c, 1, clamp_json_new_null(doc));
  clamp_json_array_remove(c, 1);
  ck_assert_ptr_null(clamp_json_object_ensure(doc, root, "a", CLAMP_JSON_OBJECT));
  struct clamp_buf out;
  clamp_buf_init(&out);
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_json_serialize(root, &out, &err), 0);
  ck_assert_str_eq(out.data, "{\"a\":\"x\",\"c\":[-5,18446744073709551615],\"d\":true}");
  struct clamp_json *copy = clamp_json_copy(doc, root);
  ck_assert(clamp_json_equal(copy, root));
  clamp_json_object_set(doc, copy, "d", clamp_json_new_bool(doc, false));
  ck_assert(!clamp_json_equal(copy, root));
  clamp_buf_free(&out);
}
END_TEST

START_TEST(test_serialize_escapes_controls)
{
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_json_doc_new();
  struct clamp_json *s = clamp_json_new_string(doc, "a\x01\n\"\\");
  struct clamp_buf out;
  clamp_buf_init(&out);
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_json_serialize(s, &out, &err), 0);
  ck_assert_str_eq(out.data, "\"a\\u0001\\n\\\"\\\\\"");
  clamp_buf_free(&out);
}
END_TEST

START_TEST(test_quote_escapes_input)
{
  _cleanup_free_ char *q = clamp_quote("a\"\n\x1b[1m\xc5\xbf\xff", 10);
  ck_assert_str_eq(q, "\"a\\\"\\n\\x1B[1m\\u{17F}\\xFF\"");
}
END_TEST

/* Parsing into an existing document leaves its tree alone; the same
 * checks apply. */
START_TEST(test_parse_in)
{
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_test_parse("{\"a\":1}");
  struct clamp_error *err = NULL;
  static const char more[] = "{\"b\":[true,\"x\"]}";
  struct clamp_json *v = clamp_json_parse_in(doc, more, strlen(more), &err);
  ck_assert_ptr_nonnull(v);
  clamp_test_assert_text(v, more, "parsed value");
  clamp_test_assert_text(doc->root, "{\"a\":1}", "document root");
  clamp_json_object_set(doc, doc->root, "more", v);
  clamp_test_assert_text(doc->root, "{\"a\":1,\"more\":{\"b\":[true,\"x\"]}}", "joined");

  static const char dup[] = "{\"b\":1,\"b\":2}";
  _cleanup_error_ struct clamp_error *e = NULL;
  ck_assert_ptr_null(clamp_json_parse_in(doc, dup, strlen(dup), &e));
  clamp_test_assert_prefix(e->msg, "duplicate key \"b\"");
  _cleanup_error_ struct clamp_error *e2 = NULL;
  ck_assert_ptr_null(clamp_json_parse_in(doc, "", 0, &e2));
  ck_assert_ptr_nonnull(e2);
}
END_TEST

static void hash_of(const char *json, char out[65])
{
  struct clamp_sha256 s;
  uint8_t d[32];
  clamp_sha256_init(&s);
  if (json == NULL)
    clamp_json_hash(NULL, &s);
  else
    {
      _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_test_parse(json);
      clamp_json_hash(doc->root, &s);
    }
  clamp_sha256_final(&s, d);
  clamp_sha256_hex(d, out);
}

/* The cache-key encoding tells apart trees whose text runs together, and
 * ignores only formatting. */
START_TEST(test_hash)
{
  static const char *const distinct[] = {
    NULL,
    "null",
    "true",
    "false",
    "1",
    "\"1\"",
    "1.0",
    "[]",
    "{}",
    "[[]]",
    "[null]",
    "[\"ab\",\"c\"]",
    "[\"a\",\"bc\"]",
    "[\"abc\"]",
    "{\"a\":\"b\"}",
    "{\"ab\":\"\"}",
    "{\"a\":1,\"b\":2}",
    "{\"b\":2,\"a\":1}",
    "[{},{}]",
    "[{}]",
  };
  char h[CLAMP_N_ELEMENTS(distinct)][65];
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(distinct); i++)
    {
      hash_of(distinct[i], h[i]);
      for (size_t j = 0; j < i; j++)
        ck_assert_msg(strcmp(h[i], h[j]) != 0, "%s and %s hash alike",
                      distinct[i] ? distinct[i] : "(absent)",
                      distinct[j] ? distinct[j] : "(absent)");
    }
  char a[65], b[65];
  hash_of("{\"a\": [1, \"x\"], \"b\": {}}", a);
  hash_of("{\"a\":[1,\"\\u0078\"],\"b\":{ }}", b);
  ck_assert_str_eq(a, b);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("json");
  TCase *tc = tcase_create("json");
  tcase_add_test(tc, test_roundtrip_keeps_order_unknown_and_numbers);
  tcase_add_test(tc, test_roundtrip_unicode_raw);
  tcase_add_test(tc, test_reject_duplicates);
  tcase_add_test(tc, test_reject_duplicates_in_big_object);
  tcase_add_test(tc, test_reject_nul);
  tcase_add_test(tc, test_reject_bad_utf8);
  tcase_add_test(tc, test_reject_surrogate_escapes);
  tcase_add_test(tc, test_reject_syntax);
  tcase_add_test(tc, test_depth_limit);
  tcase_add_test(tc, test_size_limit);
  tcase_add_test(tc, test_error_position);
  tcase_add_test(tc, test_mutation);
  tcase_add_test(tc, test_serialize_escapes_controls);
  tcase_add_test(tc, test_quote_escapes_input);
  tcase_add_test(tc, test_parse_in);
  tcase_add_test(tc, test_hash);
  suite_add_tcase(s, tc);
  return s;
}
