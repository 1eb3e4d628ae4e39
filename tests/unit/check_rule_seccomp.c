/* SPDX-License-Identifier: Apache-2.0 */
/* seccomp.default (src/rules/seccomp.c): a container without a profile gets
 * clamp's, one with a profile gets the intersection, and the memo that
 * lets a warm create skip that work gives exactly what computing gives. */
#include <string.h>

#include "clamp/harden.h"
#include "rulefx.h"
#include "testutil.h"

/* ---- an in-memory memo that counts what the rule asks of it ---- */

#define STORE_MAX 16

struct store
{
  size_t gets, hits, puts;
  size_t n;
  uint8_t keys[STORE_MAX][32];
  char *values[STORE_MAX];
  struct clamp_memo memo;
};

static struct clamp_json *seccomp_of(const struct fx *f)
{
  return clamp_json_object_get(clamp_json_object_get(f->doc->root, "linux"), "seccomp");
}

static char **store_slot(struct store *s, const uint8_t key[32])
{
  for (size_t i = 0; i < s->n; i++)
    if (memcmp(s->keys[i], key, 32) == 0)
      return &s->values[i];
  return NULL;
}

static bool store_get(void *self, const uint8_t key[32], struct clamp_buf *out)
{
  struct store *s = self;
  s->gets++;
  char **v = store_slot(s, key);
  if (v == NULL)
    return false;
  s->hits++;
  clamp_buf_puts(out, *v);
  return true;
}

static void store_put(void *self, const uint8_t key[32], const void *value, size_t len)
{
  struct store *s = self;
  s->puts++;
  char **v = store_slot(s, key);
  if (v == NULL)
    {
      ck_assert_uint_lt(s->n, STORE_MAX);
      memcpy(s->keys[s->n], key, 32);
      v = &s->values[s->n++];
    }
  free(*v);
  *v = clamp_xstrndup(value, len);
}

static void store_init(struct store *s)
{
  memset(s, 0, sizeof *s);
  s->memo = (struct clamp_memo){ .self = s, .get = store_get, .put = store_put };
}

static void store_free(struct store *s)
{
  for (size_t i = 0; i < s->n; i++)
    free(s->values[i]);
}
#define _cleanup_store_ __attribute__((cleanup(store_free)))

/* Run the rule on f with this machine's facts and, if s is set, its memo. */
static void run_with(struct fx *f, struct store *s, const char *code_id)
{
  struct clamp_harden_host host;
  fx_host_facts(&host);
  if (s != NULL)
    {
      host.memo = &s->memo;
      host.code_id = code_id;
    }
  struct clamp_error *err = NULL;
  fx_assert_ok(f, clamp_rule_seccomp(&f->ctx, f->doc->root, &host, &err), &err);
}

static void run(struct fx *f) { run_with(f, NULL, NULL); }

/* The rule on json without a memo: the text it writes, and its finding. */
static char *computed(const char *json, char **reason)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, json);
  run(&f);
  *reason = f.findings.len ? clamp_xstrdup(f.findings.items[0].reason) : NULL;
  return clamp_test_text(f.doc->root);
}

static const char NONE[] = "{\"process\":{\"capabilities\":{\"bounding\":[\"CAP_KILL\"]}}}";
static const char EMPTY[] = "{\"linux\":{\"seccomp\":{}}}";
/* Allows everything but ptrace and kill, which clamp's profile allows. */
static const char THEIRS[] = "{\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_ALLOW\","
                             "\"syscalls\":[{\"names\":[\"ptrace\",\"kill\"],"
                             "\"action\":\"SCMP_ACT_ERRNO\"}]}}}";

/* ---- the rule ---- */

START_TEST(test_no_profile_gets_clamps)
{
  static const struct
  {
    const char *json, *from;
  } c[] = {
    { NONE, "(none)" },
    { EMPTY, "(empty)" },
    { "{\"linux\":{\"seccomp\":null}}", "(none)" },
    { "{\"linux\":{\"seccomp\":{\"architectures\":[\"SCMP_ARCH_X86_64\"]}}}", "(empty)" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, c[i].json);
      f.name = c[i].json;
      run(&f);
      ck_assert_uint_eq(f.findings.len, 1);
      fx_assert_finding(&f, 0, CLAMP_RULE_SECCOMP_DEFAULT, CHANGED, "linux.seccomp", c[i].from,
                        "(clamp's profile)");
      ck_assert_str_eq(f.findings.items[0].reason,
                       "containers run under clamp's default seccomp profile");
      struct clamp_json *sc = seccomp_of(&f);
      fx_assert_node(&f, clamp_json_object_get(sc, "defaultAction"), "\"SCMP_ACT_ERRNO\"");
      fx_assert_node(&f, clamp_json_object_get(sc, "flags"), "[]");
    }
}
END_TEST

START_TEST(test_their_profile_is_intersected)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, THEIRS);
  run(&f);
  ck_assert_uint_eq(f.findings.len, 1);
  fx_assert_finding(&f, 0, CLAMP_RULE_SECCOMP_DEFAULT, CHANGED, "linux.seccomp",
                    "(the container's profile)", "(clamp's profile)");
  /* Their default allows everything: the result keeps clamp's default
   * (deny), and their denial of kill survives: clamp's own profile lists
   * kill as allowed, the result does not. */
  struct clamp_json *sc = seccomp_of(&f);
  fx_assert_node(&f, clamp_json_object_get(sc, "defaultAction"), "\"SCMP_ACT_ERRNO\"");
  _cleanup_free_ char *text = clamp_test_text(sc);
  _cleanup_free_ char *reason = NULL;
  _cleanup_free_ char *ours = computed(NONE, &reason);
  ck_assert_ptr_nonnull(strstr(ours, "\"kill\""));
  ck_assert_ptr_null(strstr(text, "\"kill\""));
  clamp_test_assert_prefix(f.findings.items[0].reason, "intersected with clamp's default profile");

  /* Hardened once, the profile is a fixed point: nothing more to say. */
  _cleanup_free_ char *once = clamp_test_text(f.doc->root);
  _cleanup_fx_ struct fx g;
  fx_init(&g, once);
  run(&g);
  fx_assert_untouched(&g, once);
}
END_TEST

START_TEST(test_actions)
{
  static const struct fx_action_case c[] = {
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "linux.seccomp", "(none)", "(clamp's profile)" },
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, "linux.seccomp", "(none)", NULL },
    { "off", CLAMP_ACTION_OFF, 0, CHANGED, NULL, NULL, NULL },
  };
  fx_check_actions(NONE, CLAMP_RULE_SECCOMP_DEFAULT, run, true, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

static int call_rule(struct fx *f, struct clamp_error **err)
{
  struct clamp_harden_host host;
  fx_host_facts(&host);
  return clamp_rule_seccomp(&f->ctx, f->doc->root, &host, err);
}

START_TEST(test_bad_input)
{
  static const struct fx_error_case c[] = {
    { "{\"linux\":{\"seccomp\":5}}", "linux.seccomp: expected an object" },
    { "{\"linux\":[]}", "linux: expected an object" },
    { "{\"process\":{\"capabilities\":{\"bounding\":[1]}}}",
      "process.capabilities.bounding[0]: expected a string" },
    { "{\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_NOTIFY\"}}}", "linux.seccomp" },
  };
  fx_check_errors(call_rule, true, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

/* ---- the memo ---- */

/* A cold run stores what it computed; a warm one reads it back and
 * changes the document exactly as the cold one did. */
START_TEST(test_memo_miss_then_hit)
{
  static const char *const inputs[] = { NONE, EMPTY, THEIRS };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(inputs); i++)
    {
      _cleanup_free_ char *reason = NULL;
      _cleanup_free_ char *want = computed(inputs[i], &reason);
      _cleanup_store_ struct store s;
      store_init(&s);
      for (int round = 0; round < 2; round++)
        {
          _cleanup_fx_ struct fx f;
          fx_init(&f, inputs[i]);
          run_with(&f, &s, "build test");
          _cleanup_free_ char *got = clamp_test_text(f.doc->root);
          ck_assert_str_eq(got, want);
          ck_assert_uint_eq(f.findings.len, 1);
          ck_assert_str_eq(f.findings.items[0].reason, reason);
        }
      ck_assert_uint_eq(s.gets, 2);
      ck_assert_uint_eq(s.hits, 1);
      ck_assert_uint_eq(s.puts, 1);
    }
}
END_TEST

/* A profile already at least as strict as clamp's is remembered as
 * "unchanged", and a hit changes nothing either. */
START_TEST(test_memo_unchanged)
{
  _cleanup_free_ char *reason = NULL;
  _cleanup_free_ char *hardened = computed(THEIRS, &reason);
  _cleanup_store_ struct store s;
  store_init(&s);
  for (int round = 0; round < 2; round++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, hardened);
      run_with(&f, &s, "build test");
      fx_assert_untouched(&f, hardened);
    }
  ck_assert_uint_eq(s.hits, 1);
  ck_assert_uint_eq(s.n, 1);
  ck_assert_str_eq(s.values[0], "{\"result\":null,\"reason\":\"\"}");
}
END_TEST

/* What a hit returns is used as is: the store must be trusted (the shim's
 * is a directory only clamp's user can write). */
START_TEST(test_memo_value_is_used)
{
  _cleanup_store_ struct store s;
  store_init(&s);
  _cleanup_fx_ struct fx f;
  fx_init(&f, NONE);
  run_with(&f, &s, "build test");
  ck_assert_uint_eq(s.n, 1);
  free(s.values[0]);
  s.values[0] = clamp_xstrdup("{\"result\":{\"defaultAction\":\"SCMP_ACT_KILL_PROCESS\"},"
                              "\"reason\":\"from the memo\"}");
  _cleanup_fx_ struct fx g;
  fx_init(&g, NONE);
  run_with(&g, &s, "build test");
  fx_assert_node(&g, seccomp_of(&g), "{\"defaultAction\":\"SCMP_ACT_KILL_PROCESS\"}");
  ck_assert_str_eq(g.findings.items[0].reason, "from the memo");
}
END_TEST

/* Anything but a well-formed value is a miss: the rule computes, and
 * stores a good value over the bad one. */
START_TEST(test_memo_bad_values_are_misses)
{
  static const char *const bad[] = {
    "",
    "nope",
    "[]",
    "{\"result\":{}}",
    "{\"reason\":\"x\"}",
    "{\"result\":1,\"reason\":\"x\"}",
    "{\"result\":\"x\",\"reason\":\"x\"}",
    "{\"result\":{},\"reason\":5}",
    "{\"result\":null,\"reason\":\"x\"}",
    "{\"result\":{},\"reason\":\"\"}",
    "{\"result\":{},\"reason\":\"x\",\"more\":1}",
    "{\"result\":{},\"reason\":\"x\"} trailing",
  };
  _cleanup_free_ char *reason = NULL;
  _cleanup_free_ char *want = computed(NONE, &reason);
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(bad); i++)
    {
      _cleanup_store_ struct store s;
      store_init(&s);
      _cleanup_fx_ struct fx f;
      fx_init(&f, NONE);
      run_with(&f, &s, "build test");
      _cleanup_free_ char *good = clamp_xstrdup(s.values[0]);
      free(s.values[0]);
      s.values[0] = clamp_xstrdup(bad[i]);

      _cleanup_fx_ struct fx g;
      fx_init(&g, NONE);
      run_with(&g, &s, "build test");
      _cleanup_free_ char *got = clamp_test_text(g.doc->root);
      ck_assert_msg(strcmp(got, want) == 0, "value %s", bad[i]);
      ck_assert_str_eq(g.findings.items[0].reason, reason);
      ck_assert_uint_eq(s.puts, 2);
      ck_assert_str_eq(s.values[0], good);
    }
}
END_TEST

/* Every input of the computation is in the key: change any one and the
 * rule misses. The same inputs give the same key. */
START_TEST(test_memo_key_inputs)
{
  _cleanup_store_ struct store s;
  store_init(&s);
  struct variant
  {
    const char *json, *code_id;
    int tweak; /* 0 none, 1 policy profile digest, 2 kernel, 3 arch */
  } v[] = {
    { NONE, "build A", 0 },
    { NONE, "build A", 0 }, /* the same: a hit */
    { EMPTY, "build A", 0 },
    { THEIRS, "build A", 0 },
    { "{\"process\":{\"capabilities\":{\"bounding\":[\"CAP_SYS_ADMIN\"]}}}", "build A", 0 },
    { "{\"process\":{\"capabilities\":{\"bounding\":[\"CAP_KILL\",\"CAP_SYS_PTRACE\"]}}}",
      "build A", 0 },
    { NONE, "build B", 0 },
    { NONE, "build A", 1 },
    { NONE, "build A", 2 },
    { NONE, "build A", 3 },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(v); i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, v[i].json);
      struct clamp_harden_host host;
      fx_host_facts(&host);
      host.memo = &s.memo;
      host.code_id = v[i].code_id;
      if (v[i].tweak == 1)
        f.policy.seccomp_profile_sha256[0] ^= 1;
      if (v[i].tweak == 2)
        host.seccomp.kernel_minor++;
      if (v[i].tweak == 3)
        host.seccomp.go_arch = "arm64";
      struct clamp_error *err = NULL;
      fx_assert_ok(&f, clamp_rule_seccomp(&f.ctx, f.doc->root, &host, &err), &err);
    }
  ck_assert_uint_eq(s.gets, CLAMP_N_ELEMENTS(v));
  ck_assert_uint_eq(s.hits, 1);
  ck_assert_uint_eq(s.n, CLAMP_N_ELEMENTS(v) - 1);
}
END_TEST

/* Without a code identity (a clamp without a build ID) there is no memo. */
START_TEST(test_memo_needs_code_id)
{
  _cleanup_store_ struct store s;
  store_init(&s);
  _cleanup_fx_ struct fx f;
  fx_init(&f, NONE);
  run_with(&f, &s, NULL);
  ck_assert_uint_eq(f.findings.len, 1);
  ck_assert_uint_eq(s.gets + s.puts, 0);
}
END_TEST

/* A failed computation stores nothing. */
START_TEST(test_memo_errors_not_stored)
{
  _cleanup_store_ struct store s;
  store_init(&s);
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"linux\":{\"seccomp\":{\"defaultAction\":\"SCMP_ACT_NOTIFY\"}}}");
  struct clamp_harden_host host;
  fx_host_facts(&host);
  host.memo = &s.memo;
  host.code_id = "build test";
  _cleanup_error_ struct clamp_error *err = NULL;
  ck_assert_int_lt(clamp_rule_seccomp(&f.ctx, f.doc->root, &host, &err), 0);
  ck_assert_uint_eq(s.gets, 1);
  ck_assert_uint_eq(s.puts, 0);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("rule_seccomp");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_no_profile_gets_clamps);
  tcase_add_test(tc, test_their_profile_is_intersected);
  tcase_add_test(tc, test_actions);
  tcase_add_test(tc, test_bad_input);
  tcase_add_test(tc, test_memo_miss_then_hit);
  tcase_add_test(tc, test_memo_unchanged);
  tcase_add_test(tc, test_memo_value_is_used);
  tcase_add_test(tc, test_memo_bad_values_are_misses);
  tcase_add_test(tc, test_memo_key_inputs);
  tcase_add_test(tc, test_memo_needs_code_id);
  tcase_add_test(tc, test_memo_errors_not_stored);
  suite_add_tcase(s, tc);
  return s;
}
