/* SPDX-License-Identifier: Apache-2.0 */
/* The argument-set algebra: every operator matches what libseccomp
 * compares, boolean operations are exact, and sets come back out as
 * rules that rebuild the same set (canonical form). */
#include <stdlib.h>
#include <string.h>

#include "clamp/scmp_args.h"
#include "clamp/util.h"
#include "testutil.h"

#define MAXU UINT64_MAX

/* What a condition means, written out directly (the oracle the algebra
 * is checked against). */
static bool cond_holds(const struct clamp_scmp_cond *c, const uint64_t a[6])
{
  uint64_t x = a[c->index];
  switch (c->op)
    {
      case CLAMP_SCMP_CMP_NE:
        return x != c->value;
      case CLAMP_SCMP_CMP_LT:
        return x < c->value;
      case CLAMP_SCMP_CMP_LE:
        return x <= c->value;
      case CLAMP_SCMP_CMP_EQ:
        return x == c->value;
      case CLAMP_SCMP_CMP_GE:
        return x >= c->value;
      case CLAMP_SCMP_CMP_GT:
        return x > c->value;
      case CLAMP_SCMP_CMP_MASKED_EQ:
        return (x & c->value) == c->value_two;
    }
  return false;
}

static bool rule_holds(const struct clamp_scmp_rule *r, const uint64_t a[6])
{
  for (unsigned k = 0; k < r->n; k++)
    if (!cond_holds(&r->c[k], a))
      return false;
  return true;
}

/* A small deterministic generator (xorshift64*). */
static uint64_t rnd(uint64_t *s)
{
  *s ^= *s >> 12;
  *s ^= *s << 25;
  *s ^= *s >> 27;
  return *s * 0x2545F4914F6CDD1DULL;
}

static const uint64_t INTERESTING[] = {
  0,           1,
  2,           7,
  8,           9,
  15,          16,
  17,          37,
  38,          39,
  40,          41,
  0x20000,     0x20008,
  0x7e020000,  0x7fffffff,
  0x80000000,  0xffffffff,
  0x100000000, 0x8000000000000000ULL,
  MAXU - 1,    MAXU,
};

static uint64_t pick(uint64_t *s)
{
  uint64_t r = rnd(s);
  switch (r % 4)
    {
      case 0:
        return INTERESTING[(r >> 8) % CLAMP_N_ELEMENTS(INTERESTING)];
      case 1:
        return (r >> 8) % 64;
      case 2:
        return INTERESTING[(r >> 8) % CLAMP_N_ELEMENTS(INTERESTING)] + ((r >> 40) % 3) - 1;
      default:
        return rnd(s);
    }
}

static struct clamp_scmp_cond random_cond(uint64_t *s, unsigned max_index)
{
  struct clamp_scmp_cond c;
  c.index = (unsigned)(rnd(s) % (max_index + 1));
  c.op = (enum clamp_scmp_op)(rnd(s) % 7);
  c.value = pick(s);
  c.value_two = 0;
  if (c.op == CLAMP_SCMP_CMP_MASKED_EQ)
    {
      c.value = rnd(s) % 2 ? pick(s) : (rnd(s) & rnd(s) & 0xff0ff0ffULL);
      c.value_two = rnd(s) % 3 ? (pick(s) & c.value) : pick(s);
    }
  return c;
}

/* Values around every constant of the conditions (and the usual edges). */
static size_t grid_values(const struct clamp_scmp_cond *c, size_t n, uint64_t *out, size_t cap)
{
  size_t k = 0;
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(INTERESTING) && k < cap; i++)
    out[k++] = INTERESTING[i];
  for (size_t i = 0; i < n && k + 8 <= cap; i++)
    {
      out[k++] = c[i].value;
      out[k++] = c[i].value - 1;
      out[k++] = c[i].value + 1;
      out[k++] = c[i].value_two;
      out[k++] = c[i].value_two | ~c[i].value;
      out[k++] = c[i].value_two ^ (c[i].value & -c[i].value);
      out[k++] = c[i].value_two + 1;
      out[k++] = ~c[i].value;
    }
  return k;
}

START_TEST(test_each_operator)
{
  struct clamp_scmp_args_mgr *m = clamp_scmp_args_mgr_new(100000);
  uint64_t seed = 0x1234567;
  for (int iter = 0; iter < 400; iter++)
    {
      clamp_scmp_args_reset(m);
      struct clamp_scmp_cond c = random_cond(&seed, 5);
      clamp_scmp_args s = clamp_scmp_args_cond(m, &c);
      uint64_t vals[64];
      size_t nv = grid_values(&c, 1, vals, 64);
      for (size_t i = 0; i < nv; i++)
        {
          uint64_t a[6] = { 5, 5, 5, 5, 5, 5 };
          a[c.index] = vals[i];
          EXPECT(clamp_scmp_args_contains(m, s, a) == cond_holds(&c, a),
                 "%s %llu/%llu on arg%u at %llu", clamp_scmp_op_name(c.op),
                 (unsigned long long)c.value, (unsigned long long)c.value_two, c.index,
                 (unsigned long long)vals[i]);
        }
    }
  clamp_scmp_args_mgr_free(m);
}
END_TEST

START_TEST(test_edges)
{
  struct clamp_scmp_args_mgr *m = clamp_scmp_args_mgr_new(1000);
  struct clamp_scmp_cond lt0 = { 0, CLAMP_SCMP_CMP_LT, 0, 0 };
  struct clamp_scmp_cond gtmax = { 1, CLAMP_SCMP_CMP_GT, MAXU, 0 };
  struct clamp_scmp_cond ge0 = { 2, CLAMP_SCMP_CMP_GE, 0, 0 };
  struct clamp_scmp_cond lemax = { 3, CLAMP_SCMP_CMP_LE, MAXU, 0 };
  struct clamp_scmp_cond mask0 = { 4, CLAMP_SCMP_CMP_MASKED_EQ, 0, 0 };
  struct clamp_scmp_cond mask_bad = { 4, CLAMP_SCMP_CMP_MASKED_EQ, 0xf0, 0x0f };
  ck_assert_uint_eq(clamp_scmp_args_cond(m, &lt0), CLAMP_SCMP_ARGS_NONE);
  ck_assert_uint_eq(clamp_scmp_args_cond(m, &gtmax), CLAMP_SCMP_ARGS_NONE);
  ck_assert_uint_eq(clamp_scmp_args_cond(m, &ge0), CLAMP_SCMP_ARGS_ALL);
  ck_assert_uint_eq(clamp_scmp_args_cond(m, &lemax), CLAMP_SCMP_ARGS_ALL);
  /* mask 0: (x & 0) == 0 always; a datum outside the mask never matches */
  ck_assert_uint_eq(clamp_scmp_args_cond(m, &mask0), CLAMP_SCMP_ARGS_ALL);
  ck_assert_uint_eq(clamp_scmp_args_cond(m, &mask_bad), CLAMP_SCMP_ARGS_NONE);
  ck_assert_uint_eq(clamp_scmp_args_nodes(m), 0);
  clamp_scmp_args_mgr_free(m);
}
END_TEST

/* Random boolean combinations agree with their meaning, and equal sets
 * get equal ids whatever way they were built. */
START_TEST(test_boolean_exact_and_canonical)
{
  struct clamp_scmp_args_mgr *m = clamp_scmp_args_mgr_new(200000);
  uint64_t seed = 99;
  for (int iter = 0; iter < 300; iter++)
    {
      clamp_scmp_args_reset(m);
      struct clamp_scmp_cond c[4];
      clamp_scmp_args s[4];
      for (int i = 0; i < 4; i++)
        {
          c[i] = random_cond(&seed, 2);
          s[i] = clamp_scmp_args_cond(m, &c[i]);
        }
      /* f = (c0 AND c1) OR NOT (c2 OR c3) - c0 */
      clamp_scmp_args f = clamp_scmp_args_minus(
          m,
          clamp_scmp_args_or(m, clamp_scmp_args_and(m, s[0], s[1]),
                             clamp_scmp_args_not(m, clamp_scmp_args_or(m, s[2], s[3]))),
          s[0]);
      /* the same set by De Morgan */
      clamp_scmp_args g = clamp_scmp_args_and(
          m, clamp_scmp_args_not(m, s[0]),
          clamp_scmp_args_and(m, clamp_scmp_args_not(m, s[2]), clamp_scmp_args_not(m, s[3])));
      ck_assert_uint_eq(f, g);
      ck_assert(!clamp_scmp_args_overflowed(m));
      ck_assert_uint_eq(clamp_scmp_args_or(m, clamp_scmp_args_and(m, s[1], s[2]),
                                           clamp_scmp_args_minus(m, s[1], s[2])),
                        s[1]);
      uint64_t vals[64];
      size_t nv = grid_values(c, 4, vals, 64);
      for (size_t i = 0; i < nv; i++)
        for (size_t j = 0; j < nv; j += 3)
          for (size_t k = 0; k < nv; k += 5)
            {
              uint64_t a[6] = { vals[i], vals[j], vals[k], 0, 0, 0 };
              bool h0 = cond_holds(&c[0], a), h2 = cond_holds(&c[2], a), h3 = cond_holds(&c[3], a);
              EXPECT(clamp_scmp_args_contains(m, f, a) == (!h0 && !h2 && !h3), "f at %llx",
                     (unsigned long long)a[0]);
            }
    }
  clamp_scmp_args_mgr_free(m);
}
END_TEST

static clamp_scmp_args from_rules(struct clamp_scmp_args_mgr *m, const struct clamp_scmp_rules *r,
                                  size_t from)
{
  clamp_scmp_args s = CLAMP_SCMP_ARGS_NONE;
  for (size_t i = from; i < r->len; i++)
    {
      clamp_scmp_args t = CLAMP_SCMP_ARGS_ALL;
      for (unsigned k = 0; k < r->v[i].n; k++)
        t = clamp_scmp_args_and(m, t, clamp_scmp_args_cond(m, &r->v[i].c[k]));
      s = clamp_scmp_args_or(m, s, t);
    }
  return s;
}

/* to_rules gives disjoint rules with distinct, sorted indices whose union
 * is the set, and the same rules again from the rebuilt set. */
START_TEST(test_rules_round_trip)
{
  struct clamp_scmp_args_mgr *m = clamp_scmp_args_mgr_new(200000);
  uint64_t seed = 4242;
  int emitted = 0;
  for (int iter = 0; iter < 400; iter++)
    {
      clamp_scmp_args_reset(m);
      clamp_scmp_args s = CLAMP_SCMP_ARGS_NONE;
      struct clamp_scmp_cond all[12];
      size_t na = 0;
      for (int t = 0; t < 3; t++)
        {
          clamp_scmp_args term = CLAMP_SCMP_ARGS_ALL;
          for (int k = 0; k < 2; k++)
            {
              all[na] = random_cond(&seed, 2);
              term = clamp_scmp_args_and(m, term, clamp_scmp_args_cond(m, &all[na]));
              na++;
            }
          s = rnd(&seed) % 4 ? clamp_scmp_args_or(m, s, term) : clamp_scmp_args_minus(m, s, term);
        }
      struct clamp_scmp_rules r1 = { 0 }, r2 = { 0 };
      long n = clamp_scmp_args_to_rules(m, s, 256, &r1);
      if (n < 0)
        {
          clamp_scmp_rules_free(&r1);
          continue;
        }
      emitted++;
      for (size_t i = 0; i < r1.len; i++)
        for (unsigned k = 1; k < r1.v[i].n; k++)
          ck_assert_uint_lt(r1.v[i].c[k - 1].index, r1.v[i].c[k].index);
      ck_assert_uint_eq(from_rules(m, &r1, 0), s);
      ck_assert_int_eq(clamp_scmp_args_to_rules(m, from_rules(m, &r1, 0), 256, &r2), n);
      for (size_t i = 0; i < r1.len; i++)
        ck_assert_int_eq(clamp_scmp_rule_cmp(&r1.v[i], &r2.v[i]), 0);
      /* pairwise disjoint, checked on a grid */
      uint64_t vals[128];
      size_t nv = grid_values(all, na, vals, 128);
      for (size_t i = 0; i < nv; i++)
        for (size_t j = 0; j < nv; j += 7)
          {
            uint64_t a[6] = { vals[i], vals[j], vals[(i + j) % nv], 0, 0, 0 };
            int hits = 0;
            for (size_t q = 0; q < r1.len; q++)
              hits += rule_holds(&r1.v[q], a);
            EXPECT(hits <= 1, "rules overlap");
            EXPECT(hits == clamp_scmp_args_contains(m, s, a), "rules are not the set");
          }
      clamp_scmp_rules_free(&r1);
      clamp_scmp_rules_free(&r2);
    }
  ck_assert_int_gt(emitted, 300);
  clamp_scmp_args_mgr_free(m);
}
END_TEST

static int rule_cmp_void(const void *a, const void *b) { return clamp_scmp_rule_cmp(a, b); }

/* Emit the set of these OR-ed single conditions and compare the text. */
static void expect_rules(const struct clamp_scmp_cond *conds, size_t n, bool and_them,
                         const char *want)
{
  struct clamp_scmp_args_mgr *m = clamp_scmp_args_mgr_new(10000);
  clamp_scmp_args s = and_them ? CLAMP_SCMP_ARGS_ALL : CLAMP_SCMP_ARGS_NONE;
  for (size_t i = 0; i < n; i++)
    {
      clamp_scmp_args c = clamp_scmp_args_cond(m, &conds[i]);
      s = and_them ? clamp_scmp_args_and(m, s, c) : clamp_scmp_args_or(m, s, c);
    }
  struct clamp_scmp_rules r = { 0 };
  ck_assert_int_ge(clamp_scmp_args_to_rules(m, s, 256, &r), 0);
  if (r.len > 1)
    qsort(r.v, r.len, sizeof *r.v, rule_cmp_void);
  struct clamp_buf b;
  clamp_buf_init(&b);
  for (size_t i = 0; i < r.len; i++)
    {
      clamp_buf_puts(&b, i ? " | " : "");
      for (unsigned k = 0; k < r.v[i].n; k++)
        {
          const struct clamp_scmp_cond *c = &r.v[i].c[k];
          clamp_buf_printf(&b, "%sarg%u %s %#llx", k ? " & " : "", c->index,
                           clamp_scmp_op_name(c->op) + 9, (unsigned long long)c->value);
          if (c->op == CLAMP_SCMP_CMP_MASKED_EQ)
            clamp_buf_printf(&b, " %#llx", (unsigned long long)c->value_two);
        }
    }
  ck_assert_str_eq(b.data ? b.data : "", want);
  clamp_buf_free(&b);
  clamp_scmp_rules_free(&r);
  clamp_scmp_args_mgr_free(m);
}

#define C(i, op, v, v2)                                                                            \
  {                                                                                                \
    i, CLAMP_SCMP_CMP_##op, v, v2                                                                  \
  }

START_TEST(test_emitted_forms)
{
  /* Docker's socket rules: LT 38, EQ 39, GT 40 come back as LE/EQ/GE. */
  const struct clamp_scmp_cond sock[] = { C(0, LT, 38, 0), C(0, EQ, 39, 0), C(0, GT, 40, 0) };
  expect_rules(sock, 3, false, "arg0 LE 0x25 | arg0 EQ 0x27 | arg0 GE 0x29");
  /* Everything but one value is NE. */
  const struct clamp_scmp_cond ne[] = { C(2, LT, 9, 0), C(2, GT, 9, 0) };
  expect_rules(ne, 2, false, "arg2 NE 0x9");
  /* [17, 37] as aligned blocks: runc would OR a GE and an LE in one rule. */
  const struct clamp_scmp_cond mid[] = { C(1, GE, 17, 0), C(1, LE, 37, 0) };
  expect_rules(mid, 2, true,
               "arg1 EQ 0x11 | arg1 MASKED_EQ 0xfffffffffffffff8 0x18 | arg1 MASKED_EQ "
               "0xfffffffffffffffc 0x14 | arg1 MASKED_EQ 0xfffffffffffffffc 0x20 | arg1 "
               "MASKED_EQ 0xfffffffffffffffe 0x12 | arg1 MASKED_EQ 0xfffffffffffffffe 0x24");
  /* A masked equality comes back unchanged. */
  const struct clamp_scmp_cond clone[] = { C(0, MASKED_EQ, 0x7e020000, 0) };
  expect_rules(clone, 1, false, "arg0 MASKED_EQ 0x7e020000 0");
  /* Two masks with consistent bits are one mask; inconsistent, nothing. */
  const struct clamp_scmp_cond two[] = { C(0, MASKED_EQ, 0xf0, 0x10), C(0, MASKED_EQ, 0x0f, 0x1) };
  expect_rules(two, 2, true, "arg0 MASKED_EQ 0xff 0x11");
  const struct clamp_scmp_cond clash[] = { C(0, MASKED_EQ, 0xf0, 0x10),
                                           C(0, MASKED_EQ, 0x30, 0x20) };
  expect_rules(clash, 2, true, "");
  /* A mask and an interval: exact, as masked equalities. */
  const struct clamp_scmp_cond mi[] = { C(0, MASKED_EQ, 0x1, 0x1), C(0, LT, 8, 0) };
  expect_rules(mi, 2, true, "arg0 EQ 0x1 | arg0 EQ 0x3 | arg0 EQ 0x5 | arg0 EQ 0x7");
  /* Personality's five values stay five EQ. */
  const struct clamp_scmp_cond pers[] = { C(0, EQ, 0, 0), C(0, EQ, 8, 0), C(0, EQ, 0x20000, 0),
                                          C(0, EQ, 0x20008, 0), C(0, EQ, 0xffffffff, 0) };
  expect_rules(pers, 5, false,
               "arg0 EQ 0 | arg0 EQ 0x8 | arg0 EQ 0x20000 | arg0 EQ 0x20008 | arg0 EQ 0xffffffff");
  /* Two indices: the product, one rule per combination, indices sorted. */
  const struct clamp_scmp_cond prod[] = { C(2, NE, 9, 0), C(0, EQ, 16, 0) };
  expect_rules(prod, 2, true, "arg0 EQ 0x10 & arg2 NE 0x9");
  /* OR of conditions on two indices: disjoint pieces. */
  expect_rules(prod, 2, false, "arg0 NE 0x10 & arg2 NE 0x9 | arg0 EQ 0x10");
}
END_TEST

START_TEST(test_bounds)
{
  /* More rules than allowed: -1 and nothing appended. */
  struct clamp_scmp_args_mgr *m = clamp_scmp_args_mgr_new(100000);
  clamp_scmp_args s = CLAMP_SCMP_ARGS_NONE;
  for (uint64_t v = 0; v < 300; v++)
    {
      struct clamp_scmp_cond c = C(0, EQ, v * 3, 0);
      s = clamp_scmp_args_or(m, s, clamp_scmp_args_cond(m, &c));
    }
  struct clamp_scmp_rules r = { 0 };
  struct clamp_scmp_cond one = C(1, EQ, 1, 0);
  ck_assert_int_eq(clamp_scmp_args_to_rules(m, clamp_scmp_args_cond(m, &one), 256, &r), 1);
  ck_assert_int_eq(clamp_scmp_args_to_rules(m, s, 256, &r), -1);
  ck_assert_uint_eq(r.len, 1);
  ck_assert_int_eq(clamp_scmp_args_to_rules(m, s, 300, &r), 300);
  ck_assert_uint_eq(r.len, 301);
  ck_assert_int_eq(clamp_scmp_args_to_rules(m, CLAMP_SCMP_ARGS_ALL, 1, &r), 1);
  ck_assert_uint_eq(r.v[301].n, 0);
  ck_assert_int_eq(clamp_scmp_args_to_rules(m, CLAMP_SCMP_ARGS_NONE, 1, &r), 0);
  clamp_scmp_rules_free(&r);
  clamp_scmp_args_mgr_free(m);

  /* A node limit: the manager says so, and stays so until reset. */
  m = clamp_scmp_args_mgr_new(100);
  struct clamp_scmp_cond a = C(0, GE, 12345, 0), b = C(1, LE, 99999, 0);
  clamp_scmp_args x =
      clamp_scmp_args_and(m, clamp_scmp_args_cond(m, &a), clamp_scmp_args_cond(m, &b));
  ck_assert(clamp_scmp_args_overflowed(m));
  ck_assert_int_eq(clamp_scmp_args_to_rules(m, x, 10, &r), -1);
  clamp_scmp_args_reset(m);
  ck_assert(!clamp_scmp_args_overflowed(m));
  x = clamp_scmp_args_cond(m, &a);
  ck_assert(!clamp_scmp_args_overflowed(m));
  ck_assert_int_eq(clamp_scmp_args_to_rules(m, x, 10, &r), 1);
  ck_assert_int_eq(r.v[0].c[0].op, CLAMP_SCMP_CMP_GE);
  clamp_scmp_rules_free(&r);
  /* The life-long budget (16 times the limit, 1600 nodes, about 160 of
   * them made above): 64 nodes at a time, round 22 goes over, for good. */
  int rounds = 0;
  for (; rounds < 40; rounds++)
    {
      clamp_scmp_args_reset(m);
      struct clamp_scmp_cond g = C(2, GE, 1000 + (uint64_t)rounds, 0);
      clamp_scmp_args_cond(m, &g);
      if (clamp_scmp_args_overflowed(m))
        break;
    }
  ck_assert_int_eq(rounds, 22);
  clamp_scmp_args_reset(m);
  clamp_scmp_args_cond(m, &a);
  ck_assert(clamp_scmp_args_overflowed(m));
  clamp_scmp_args_mgr_free(m);
}
END_TEST

START_TEST(test_op_names)
{
  enum clamp_scmp_op op;
  ck_assert_int_eq(clamp_scmp_op_parse("SCMP_CMP_MASKED_EQ", &op), 0);
  ck_assert_int_eq(op, CLAMP_SCMP_CMP_MASKED_EQ);
  ck_assert_str_eq(clamp_scmp_op_name(CLAMP_SCMP_CMP_NE), "SCMP_CMP_NE");
  ck_assert_int_eq(clamp_scmp_op_parse("SCMP_CMP_FOO", &op), -1);
  ck_assert_int_eq(clamp_scmp_op_parse("scmp_cmp_eq", &op), -1);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("scmp_args");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_each_operator);
  tcase_add_test(tc, test_edges);
  tcase_add_test(tc, test_boolean_exact_and_canonical);
  tcase_add_test(tc, test_rules_round_trip);
  tcase_add_test(tc, test_emitted_forms);
  tcase_add_test(tc, test_bounds);
  tcase_add_test(tc, test_op_names);
  suite_add_tcase(s, tc);
  return s;
}
