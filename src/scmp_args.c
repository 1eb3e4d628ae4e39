/* SPDX-License-Identifier: Apache-2.0 */
/* Sets of syscall argument vectors as reduced ordered BDDs (see
 * include/clamp/scmp_args.h for why). Variable v in 0..383 is bit
 * (63 - v % 64) of argument v / 64, so each argument's bits are adjacent,
 * most significant first: an interval or a masked equality on one
 * argument is then a chain of at most 64 nodes, and the part of a diagram
 * that tests one argument can be cut out and turned into conditions on
 * that argument alone. */
#include "clamp/scmp_args.h"

#include <string.h>

#include "clamp/util.h"

#define N_VARS (64u * CLAMP_SCMP_N_ARGS)
#define TERMINAL_VAR N_VARS

enum
{
  OP_AND = 1,
  OP_OR = 2,
  OP_NOT = 3,
};

struct node
{
  uint32_t var;
  uint32_t lo, hi; /* lo: the bit is 0; hi: the bit is 1 */
};

struct slot
{
  uint32_t id;
  uint32_t gen; /* the slot is empty unless gen == the manager's gen */
};

struct centry
{
  uint32_t a, b, r;
  uint32_t gen_op; /* gen << 2 | op */
};

#define CACHE_SIZE 1024u /* entries; a power of two */

struct clamp_scmp_args_mgr
{
  struct node *nodes;
  uint32_t n, cap, limit;
  /* Nodes made over the manager's life, and the bound on them: a hostile
   * profile cannot make one call slow, whatever it spreads its rules over. */
  uint64_t made, budget;
  struct slot *uniq;
  uint32_t umask;
  struct centry *cache;
  uint32_t gen;
  bool overflow;
  /* scratch for cutting a diagram at an argument boundary */
  uint32_t *memo, *stamp;
  uint32_t stamp_gen;
};

/* ---- rules -------------------------------------------------------------- */

void clamp_scmp_rules_free(struct clamp_scmp_rules *r)
{
  free(r->v);
  r->v = NULL;
  r->len = r->cap = 0;
}

static struct clamp_scmp_rule *rules_push(struct clamp_scmp_rules *r)
{
  if (r->len == r->cap)
    {
      r->cap = r->cap ? 2 * r->cap : 16;
      r->v = clamp_xrealloc(r->v, r->cap * sizeof *r->v);
    }
  struct clamp_scmp_rule *x = &r->v[r->len++];
  memset(x, 0, sizeof *x);
  return x;
}

static const char *const OP_NAMES[] = {
  [CLAMP_SCMP_CMP_NE] = "SCMP_CMP_NE",
  [CLAMP_SCMP_CMP_LT] = "SCMP_CMP_LT",
  [CLAMP_SCMP_CMP_LE] = "SCMP_CMP_LE",
  [CLAMP_SCMP_CMP_EQ] = "SCMP_CMP_EQ",
  [CLAMP_SCMP_CMP_GE] = "SCMP_CMP_GE",
  [CLAMP_SCMP_CMP_GT] = "SCMP_CMP_GT",
  [CLAMP_SCMP_CMP_MASKED_EQ] = "SCMP_CMP_MASKED_EQ",
};

const char *clamp_scmp_op_name(enum clamp_scmp_op op)
{
  return (size_t)op < CLAMP_N_ELEMENTS(OP_NAMES) ? OP_NAMES[op] : NULL;
}

int clamp_scmp_op_parse(const char *name, enum clamp_scmp_op *op)
{
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(OP_NAMES); i++)
    if (strcmp(name, OP_NAMES[i]) == 0)
      {
        *op = (enum clamp_scmp_op)i;
        return 0;
      }
  return -1;
}

static int cmp_u64(uint64_t a, uint64_t b) { return a < b ? -1 : a > b; }

int clamp_scmp_rule_cmp(const struct clamp_scmp_rule *a, const struct clamp_scmp_rule *b)
{
  for (unsigned i = 0; i < a->n && i < b->n; i++)
    {
      const struct clamp_scmp_cond *x = &a->c[i], *y = &b->c[i];
      int r = cmp_u64(x->index, y->index);
      if (r == 0)
        r = cmp_u64((uint64_t)x->op, (uint64_t)y->op);
      if (r == 0)
        r = cmp_u64(x->value, y->value);
      if (r == 0)
        r = cmp_u64(x->value_two, y->value_two);
      if (r != 0)
        return r;
    }
  return cmp_u64(a->n, b->n);
}

/* ---- the manager -------------------------------------------------------- */

struct clamp_scmp_args_mgr *clamp_scmp_args_mgr_new(uint32_t node_limit)
{
  struct clamp_scmp_args_mgr *m = clamp_xcalloc(1, sizeof *m);
  m->limit = node_limit < 16 ? 16 : node_limit;
  m->budget = (uint64_t)m->limit * 16u;
  m->cap = 256;
  m->nodes = clamp_xmalloc(m->cap * sizeof *m->nodes);
  m->memo = clamp_xcalloc(m->cap, sizeof *m->memo);
  m->stamp = clamp_xcalloc(m->cap, sizeof *m->stamp);
  m->umask = 511;
  m->uniq = clamp_xcalloc(m->umask + 1, sizeof *m->uniq);
  m->cache = clamp_xcalloc(CACHE_SIZE, sizeof *m->cache);
  m->nodes[0] = (struct node){ TERMINAL_VAR, 0, 0 };
  m->nodes[1] = (struct node){ TERMINAL_VAR, 1, 1 };
  m->n = 2;
  m->gen = 1;
  return m;
}

void clamp_scmp_args_mgr_free(struct clamp_scmp_args_mgr *m)
{
  if (m == NULL)
    return;
  free(m->nodes);
  free(m->memo);
  free(m->stamp);
  free(m->uniq);
  free(m->cache);
  free(m);
}

/* Forgetting is O(1): slots and cache entries of an older generation are
 * empty. When the generation counter wraps, clear for real. */
void clamp_scmp_args_reset(struct clamp_scmp_args_mgr *m)
{
  m->n = 2;
  m->overflow = false;
  if (++m->gen >= (1u << 30))
    {
      memset(m->uniq, 0, (m->umask + 1) * sizeof *m->uniq);
      memset(m->cache, 0, CACHE_SIZE * sizeof *m->cache);
      m->gen = 1;
    }
}

bool clamp_scmp_args_overflowed(const struct clamp_scmp_args_mgr *m) { return m->overflow; }

uint32_t clamp_scmp_args_nodes(const struct clamp_scmp_args_mgr *m) { return m->n - 2; }

static uint32_t hash3(uint32_t a, uint32_t b, uint32_t c)
{
  uint64_t h = (uint64_t)a * 0x9E3779B97F4A7C15u ^ (uint64_t)b * 0xC2B2AE3D27D4EB4Fu
               ^ (uint64_t)c * 0x165667B19E3779F9u;
  h ^= h >> 29;
  return (uint32_t)(h ^ (h >> 32));
}

static void uniq_insert(struct clamp_scmp_args_mgr *m, uint32_t id)
{
  const struct node *x = &m->nodes[id];
  uint32_t i = hash3(x->var, x->lo, x->hi) & m->umask;
  while (m->uniq[i].gen == m->gen)
    i = (i + 1) & m->umask;
  m->uniq[i] = (struct slot){ id, m->gen };
}

static void grow(struct clamp_scmp_args_mgr *m)
{
  if (m->n == m->cap)
    {
      m->cap *= 2;
      m->nodes = clamp_xrealloc(m->nodes, m->cap * sizeof *m->nodes);
      m->memo = clamp_xrealloc(m->memo, m->cap * sizeof *m->memo);
      m->stamp = clamp_xrealloc(m->stamp, m->cap * sizeof *m->stamp);
      memset(m->stamp + m->cap / 2, 0, m->cap / 2 * sizeof *m->stamp);
    }
  /* Keep the unique table at most half full. */
  if (2u * (m->n + 1u) > m->umask + 1u)
    {
      free(m->uniq);
      m->umask = 2u * m->umask + 1u;
      m->uniq = clamp_xcalloc(m->umask + 1, sizeof *m->uniq);
      for (uint32_t id = 2; id < m->n; id++)
        uniq_insert(m, id);
    }
}

/* The node (var, lo, hi), shared and reduced. */
static uint32_t mk(struct clamp_scmp_args_mgr *m, uint32_t var, uint32_t lo, uint32_t hi)
{
  if (lo == hi)
    return lo;
  if (m->overflow)
    return CLAMP_SCMP_ARGS_NONE;
  uint32_t i = hash3(var, lo, hi) & m->umask;
  while (m->uniq[i].gen == m->gen)
    {
      const struct node *x = &m->nodes[m->uniq[i].id];
      if (x->var == var && x->lo == lo && x->hi == hi)
        return m->uniq[i].id;
      i = (i + 1) & m->umask;
    }
  if (m->n - 2 >= m->limit || m->made >= m->budget)
    {
      m->overflow = true;
      return CLAMP_SCMP_ARGS_NONE;
    }
  grow(m);
  uint32_t id = m->n++;
  m->made++;
  m->nodes[id] = (struct node){ var, lo, hi };
  uniq_insert(m, id);
  return id;
}

static uint32_t apply(struct clamp_scmp_args_mgr *m, unsigned op, uint32_t a, uint32_t b)
{
  switch (op)
    {
      case OP_AND:
        if (a == 0 || b == 0)
          return 0;
        if (a == 1 || a == b)
          return b;
        if (b == 1)
          return a;
        break;
      case OP_OR:
        if (a == 1 || b == 1)
          return 1;
        if (a == 0 || a == b)
          return b;
        if (b == 0)
          return a;
        break;
      default:
        if (a <= 1)
          return 1 - a;
        b = 0;
        break;
    }
  /* Past the node limit every result is garbage anyway: stop at once
   * rather than recurse (the cache is not filled after an overflow). */
  if (m->overflow)
    return CLAMP_SCMP_ARGS_NONE;
  if (op != OP_NOT && a > b)
    {
      uint32_t t = a;
      a = b;
      b = t;
    }
  uint32_t h = hash3(a, b, op) & (CACHE_SIZE - 1);
  struct centry *c = &m->cache[h];
  uint32_t tag = m->gen << 2 | op;
  if (c->gen_op == tag && c->a == a && c->b == b)
    return c->r;

  struct node na = m->nodes[a], nb = m->nodes[b];
  uint32_t v = op == OP_NOT ? na.var : (na.var < nb.var ? na.var : nb.var);
  uint32_t alo = na.var == v ? na.lo : a, ahi = na.var == v ? na.hi : a;
  uint32_t blo = nb.var == v ? nb.lo : b, bhi = nb.var == v ? nb.hi : b;
  uint32_t lo = apply(m, op, alo, blo);
  uint32_t hi = apply(m, op, ahi, bhi);
  uint32_t r = mk(m, v, lo, hi);
  if (!m->overflow)
    {
      c = &m->cache[h];
      *c = (struct centry){ a, b, r, tag };
    }
  return r;
}

clamp_scmp_args clamp_scmp_args_and(struct clamp_scmp_args_mgr *m, clamp_scmp_args a,
                                    clamp_scmp_args b)
{
  return apply(m, OP_AND, a, b);
}

clamp_scmp_args clamp_scmp_args_or(struct clamp_scmp_args_mgr *m, clamp_scmp_args a,
                                   clamp_scmp_args b)
{
  return apply(m, OP_OR, a, b);
}

clamp_scmp_args clamp_scmp_args_not(struct clamp_scmp_args_mgr *m, clamp_scmp_args a)
{
  return apply(m, OP_NOT, a, 0);
}

clamp_scmp_args clamp_scmp_args_minus(struct clamp_scmp_args_mgr *m, clamp_scmp_args a,
                                      clamp_scmp_args b)
{
  if (a == 0 || b == 1)
    return 0;
  if (b == 0)
    return a;
  return apply(m, OP_AND, a, apply(m, OP_NOT, b, 0));
}

/* ---- conditions --------------------------------------------------------- */

static uint32_t var_of(unsigned index, unsigned bit) { return 64u * index + 63u - bit; }

/* {x : (x & mask) == datum}, built from the least significant bit up. */
static uint32_t cube(struct clamp_scmp_args_mgr *m, unsigned index, uint64_t mask, uint64_t datum)
{
  if ((datum & ~mask) != 0)
    return CLAMP_SCMP_ARGS_NONE;
  uint32_t x = CLAMP_SCMP_ARGS_ALL;
  for (unsigned b = 0; b < 64; b++)
    if (mask >> b & 1)
      x = (datum >> b & 1) ? mk(m, var_of(index, b), 0, x) : mk(m, var_of(index, b), x, 0);
  return x;
}

/* {x : x >= c}: from the low bits up, x's low bits compared with c's. */
static uint32_t ge(struct clamp_scmp_args_mgr *m, unsigned index, uint64_t c)
{
  uint32_t x = CLAMP_SCMP_ARGS_ALL;
  for (unsigned b = 0; b < 64; b++)
    x = (c >> b & 1) ? mk(m, var_of(index, b), 0, x) : mk(m, var_of(index, b), x, 1);
  return x;
}

/* {x : x <= c} */
static uint32_t le(struct clamp_scmp_args_mgr *m, unsigned index, uint64_t c)
{
  uint32_t x = CLAMP_SCMP_ARGS_ALL;
  for (unsigned b = 0; b < 64; b++)
    x = (c >> b & 1) ? mk(m, var_of(index, b), 1, x) : mk(m, var_of(index, b), x, 0);
  return x;
}

clamp_scmp_args clamp_scmp_args_cond(struct clamp_scmp_args_mgr *m, const struct clamp_scmp_cond *c)
{
  unsigned i = c->index;
  if (i >= CLAMP_SCMP_N_ARGS)
    return CLAMP_SCMP_ARGS_NONE;
  switch (c->op)
    {
      case CLAMP_SCMP_CMP_NE:
        return clamp_scmp_args_not(m, cube(m, i, UINT64_MAX, c->value));
      case CLAMP_SCMP_CMP_LT:
        return c->value == 0 ? CLAMP_SCMP_ARGS_NONE : le(m, i, c->value - 1);
      case CLAMP_SCMP_CMP_LE:
        return le(m, i, c->value);
      case CLAMP_SCMP_CMP_EQ:
        return cube(m, i, UINT64_MAX, c->value);
      case CLAMP_SCMP_CMP_GE:
        return ge(m, i, c->value);
      case CLAMP_SCMP_CMP_GT:
        return c->value == UINT64_MAX ? CLAMP_SCMP_ARGS_NONE : ge(m, i, c->value + 1);
      case CLAMP_SCMP_CMP_MASKED_EQ:
        /* libseccomp: (arg & datum_a) == datum_b, runc passes value as
         * datum_a (the mask) and valueTwo as datum_b. */
        return cube(m, i, c->value, c->value_two);
    }
  return CLAMP_SCMP_ARGS_NONE;
}

bool clamp_scmp_args_contains(const struct clamp_scmp_args_mgr *m, clamp_scmp_args s,
                              const uint64_t args[CLAMP_SCMP_N_ARGS])
{
  while (s > 1)
    {
      const struct node *x = &m->nodes[s];
      uint64_t bit = args[x->var / 64] >> (63 - x->var % 64) & 1;
      s = bit ? x->hi : x->lo;
    }
  return s == 1;
}

/* ---- one argument's sets ------------------------------------------------ *
 * Below, a "slice" is a diagram whose variables all belong to argument
 * `index`: the set of values of that argument on a path to one exit of the
 * full diagram. */

static unsigned bitpos(const struct clamp_scmp_args_mgr *m, uint32_t s)
{
  return 63u - m->nodes[s].var % 64u;
}

static uint64_t bits_above(unsigned b) { return b >= 63 ? 0 : UINT64_MAX << (b + 1); }

/* The smallest completion of the bits below `top` (exclusive of the
 * fixed ones in base) that reaches terminal t from s. In a reduced diagram
 * every inner node reaches both terminals, so this fails only when s is
 * the other terminal. */
static bool min_from(const struct clamp_scmp_args_mgr *m, uint32_t s, uint32_t t, uint64_t base,
                     uint64_t *y)
{
  while (s > 1)
    {
      const struct node *x = &m->nodes[s];
      if (x->lo > 1 || x->lo == t)
        s = x->lo;
      else
        {
          base |= UINT64_C(1) << bitpos(m, s);
          s = x->hi;
        }
    }
  if (s != t)
    return false;
  *y = base;
  return true;
}

/* The smallest y >= x whose path from s (which tests bits <= top; bits
 * above top are x's) ends in terminal t. */
static bool succ(const struct clamp_scmp_args_mgr *m, uint32_t s, int top, uint64_t x, uint32_t t,
                 uint64_t *y)
{
  int pb = -1;
  if (s > 1)
    {
      pb = (int)bitpos(m, s);
      const struct node *n = &m->nodes[s];
      uint32_t lo = n->lo, hi = n->hi;
      if (!(x >> pb & 1))
        {
          if (succ(m, lo, pb - 1, x, t, y))
            return true;
          uint64_t base = (x & bits_above((unsigned)pb)) | UINT64_C(1) << pb;
          if (min_from(m, hi, t, base, y))
            return true;
        }
      else if (succ(m, hi, pb - 1, x, t, y))
        return true;
    }
  else if (s == t)
    {
      *y = x;
      return true;
    }
  /* Bits between pb and top are not tested: raise the lowest one that is
   * 0 in x and start over from s with everything below it at 0. */
  for (int b = pb + 1; b <= top; b++)
    if (!(x >> b & 1))
      {
        uint64_t base = (x & bits_above((unsigned)b)) | UINT64_C(1) << b;
        return min_from(m, s, t, base, y);
      }
  return false;
}

struct interval
{
  uint64_t lo, hi;
};

/* The maximal intervals of a slice, at most max of them; -1 if more. */
static long intervals(const struct clamp_scmp_args_mgr *m, uint32_t slice, struct interval *out,
                      size_t max)
{
  size_t n = 0;
  uint64_t x = 0;
  for (;;)
    {
      uint64_t a, b;
      if (!succ(m, slice, 63, x, 1, &a))
        break;
      if (n == max)
        return -1;
      if (!succ(m, slice, 63, a, 0, &b))
        {
          out[n++] = (struct interval){ a, UINT64_MAX };
          break;
        }
      out[n++] = (struct interval){ a, b - 1 };
      x = b;
    }
  return (long)n;
}

/* Aligned power-of-two blocks that tile [a, b]. */
static size_t block_count(uint64_t a, uint64_t b)
{
  size_t n = 0;
  for (;;)
    {
      uint64_t size = a == 0 ? UINT64_C(1) << 63 : a & -a;
      while (size - 1 > b - a)
        size >>= 1;
      n++;
      if (size - 1 == b - a)
        return n;
      a += size;
    }
}

static void cond_set(struct clamp_scmp_cond *c, unsigned index, enum clamp_scmp_op op,
                     uint64_t value, uint64_t value_two)
{
  *c = (struct clamp_scmp_cond){ index, op, value, value_two };
}

/* The conditions for one interval that is not a point, [0, b] or [a, max]. */
static size_t blocks(unsigned index, uint64_t a, uint64_t b, struct clamp_scmp_cond *out)
{
  size_t n = 0;
  for (;;)
    {
      uint64_t size = a == 0 ? UINT64_C(1) << 63 : a & -a;
      while (size - 1 > b - a)
        size >>= 1;
      if (size == 1)
        cond_set(&out[n++], index, CLAMP_SCMP_CMP_EQ, a, 0);
      else
        cond_set(&out[n++], index, CLAMP_SCMP_CMP_MASKED_EQ, ~(size - 1), a);
      if (size - 1 == b - a)
        return n;
      a += size;
    }
}

static void next_stamp(struct clamp_scmp_args_mgr *m)
{
  if (++m->stamp_gen == 0)
    {
      memset(m->stamp, 0, m->cap * sizeof *m->stamp);
      m->stamp_gen = 1;
    }
}

/* Paths from s to 1, saturating at cap (memoised in the scratch arrays). */
static size_t count_paths(struct clamp_scmp_args_mgr *m, uint32_t s, size_t cap)
{
  if (s <= 1)
    return s;
  if (m->stamp[s] == m->stamp_gen)
    return m->memo[s];
  size_t a = count_paths(m, m->nodes[s].lo, cap);
  size_t b = count_paths(m, m->nodes[s].hi, cap);
  size_t r = a + b > cap ? cap : a + b;
  m->stamp[s] = m->stamp_gen;
  m->memo[s] = (uint32_t)r;
  return r;
}

#define MAX_INTERVALS 64
#define PREFER_INTERVALS 16

/* Conditions on one argument whose union is the slice, or -1 if more than
 * max are needed. Two canonical forms are priced and the cheaper taken
 * (intervals on a tie or when few), so the choice depends on the set only:
 *  - intervals: a point is EQ, [0,b] is LE, [a,max] is GE, all but one
 *    point is NE, anything else aligned blocks (MASKED_EQ with a prefix
 *    mask); runc would OR two conditions on one index of one rule, so an
 *    interval cannot be written as GE AND LE;
 *  - cubes: one MASKED_EQ per path of the diagram, which is how a masked
 *    equality (clone's namespace flags) comes back out unchanged. */
static long slice_conds(struct clamp_scmp_args_mgr *m, uint32_t slice, unsigned index, size_t max,
                        struct clamp_scmp_cond **out)
{
  /* Price the cubes first: the intervals only matter while they could
   * win, so stop counting them past that (clone's mask has millions). */
  next_stamp(m);
  size_t pcost = count_paths(m, slice, max + 1);
  size_t want = pcost > PREFER_INTERVALS ? pcost : PREFER_INTERVALS;
  struct interval iv[MAX_INTERVALS];
  long ni = intervals(m, slice, iv, want < MAX_INTERVALS ? want : MAX_INTERVALS);
  size_t icost = SIZE_MAX;
  bool ne = false;
  if (ni == 2 && iv[0].lo == 0 && iv[1].hi == UINT64_MAX && iv[1].lo - iv[0].hi == 2)
    {
      ne = true;
      icost = 1;
    }
  else if (ni >= 0)
    {
      icost = 0;
      for (long k = 0; k < ni; k++)
        icost += (iv[k].lo == iv[k].hi || iv[k].lo == 0 || iv[k].hi == UINT64_MAX)
                     ? 1
                     : block_count(iv[k].lo, iv[k].hi);
    }

  /* Intervals read better (personality's five EQ values rather than one
   * MASKED_EQ and an EQ), so they win up to a small count. */
  if (icost <= pcost || (ni >= 0 && icost <= PREFER_INTERVALS && icost <= max))
    {
      if (icost > max)
        return -1;
      struct clamp_scmp_cond *c = clamp_xcalloc(icost, sizeof *c);
      size_t n = 0;
      if (ne)
        cond_set(&c[n++], index, CLAMP_SCMP_CMP_NE, iv[0].hi + 1, 0);
      else
        for (long k = 0; k < ni; k++)
          {
            if (iv[k].lo == iv[k].hi)
              cond_set(&c[n++], index, CLAMP_SCMP_CMP_EQ, iv[k].lo, 0);
            else if (iv[k].lo == 0)
              cond_set(&c[n++], index, CLAMP_SCMP_CMP_LE, iv[k].hi, 0);
            else if (iv[k].hi == UINT64_MAX)
              cond_set(&c[n++], index, CLAMP_SCMP_CMP_GE, iv[k].lo, 0);
            else
              n += blocks(index, iv[k].lo, iv[k].hi, &c[n]);
          }
      *out = c;
      return (long)n;
    }
  if (pcost > max)
    return -1;
  struct clamp_scmp_cond *c = clamp_xcalloc(pcost, sizeof *c);
  size_t n = 0;
  struct
  {
    uint32_t s;
    uint64_t mask, datum;
  } stack[2 * 64 + 2];
  size_t sp = 0;
  stack[sp++].s = slice;
  stack[0].mask = stack[0].datum = 0;
  while (sp > 0)
    {
      sp--;
      uint32_t s = stack[sp].s;
      uint64_t mask = stack[sp].mask, datum = stack[sp].datum;
      if (s == 1)
        {
          if (mask == UINT64_MAX)
            cond_set(&c[n++], index, CLAMP_SCMP_CMP_EQ, datum, 0);
          else
            cond_set(&c[n++], index, CLAMP_SCMP_CMP_MASKED_EQ, mask, datum);
        }
      else
        {
          /* Never follow an edge to 0: every path taken then ends in 1
           * (in a reduced diagram every inner node reaches both), so the
           * walk costs at most 64 steps per condition. */
          uint64_t bit = UINT64_C(1) << bitpos(m, s);
          if (m->nodes[s].hi != 0)
            {
              stack[sp].s = m->nodes[s].hi;
              stack[sp].mask = mask | bit;
              stack[sp].datum = datum | bit;
              sp++;
            }
          if (m->nodes[s].lo != 0)
            {
              stack[sp].s = m->nodes[s].lo;
              stack[sp].mask = mask | bit;
              stack[sp].datum = datum;
              sp++;
            }
        }
    }
  *out = c;
  return (long)n;
}

/* ---- cutting a diagram at an argument boundary ------------------------- */

static bool below_index(const struct clamp_scmp_args_mgr *m, uint32_t s, unsigned index)
{
  return m->nodes[s].var >= 64u * (index + 1u);
}

/* The exits of the top slice of s (which tests argument `index` first):
 * nodes of later arguments, or terminals, reached through nodes of
 * `index`. */
static void collect_exits(struct clamp_scmp_args_mgr *m, uint32_t s, unsigned index,
                          uint32_t **exits, size_t *n, size_t *cap)
{
  if (m->stamp[s] == m->stamp_gen)
    return;
  m->stamp[s] = m->stamp_gen;
  if (below_index(m, s, index))
    {
      if (*n == *cap)
        {
          *cap = *cap ? 2 * *cap : 8;
          *exits = clamp_xrealloc(*exits, *cap * sizeof **exits);
        }
      (*exits)[(*n)++] = s;
      return;
    }
  uint32_t lo = m->nodes[s].lo, hi = m->nodes[s].hi;
  collect_exits(m, lo, index, exits, n, cap);
  collect_exits(m, hi, index, exits, n, cap);
}

/* The values of argument `index` whose path leads to exit e. */
static uint32_t slice_to(struct clamp_scmp_args_mgr *m, uint32_t s, unsigned index, uint32_t e)
{
  if (below_index(m, s, index))
    return s == e ? 1u : 0u;
  if (m->stamp[s] == m->stamp_gen)
    return m->memo[s];
  struct node x = m->nodes[s];
  uint32_t lo = slice_to(m, x.lo, index, e);
  uint32_t hi = slice_to(m, x.hi, index, e);
  uint32_t r = mk(m, x.var, lo, hi);
  /* mk may have grown the scratch arrays; index them afresh. */
  m->stamp[s] = m->stamp_gen;
  m->memo[s] = r;
  return r;
}

static int decompose(struct clamp_scmp_args_mgr *m, uint32_t s, struct clamp_scmp_rule *prefix,
                     size_t max, size_t base, struct clamp_scmp_rules *out)
{
  if (s == 0)
    return 0;
  if (s == 1)
    {
      if (out->len - base >= max)
        return -1;
      *rules_push(out) = *prefix;
      return 0;
    }
  unsigned index = m->nodes[s].var / 64u;
  _cleanup_free_ uint32_t *exits = NULL;
  size_t n = 0, cap = 0;
  next_stamp(m);
  collect_exits(m, s, index, &exits, &n, &cap);
  for (size_t k = 0; k < n; k++)
    {
      if (exits[k] == 0)
        continue;
      next_stamp(m);
      uint32_t slice = slice_to(m, s, index, exits[k]);
      if (m->overflow)
        return -1;
      _cleanup_free_ struct clamp_scmp_cond *conds = NULL;
      long nc = slice_conds(m, slice, index, max, &conds);
      if (nc < 0)
        return -1;
      for (long j = 0; j < nc; j++)
        {
          prefix->c[prefix->n++] = conds[j];
          int r = decompose(m, exits[k], prefix, max, base, out);
          prefix->n--;
          if (r < 0)
            return -1;
        }
    }
  return 0;
}

long clamp_scmp_args_to_rules(struct clamp_scmp_args_mgr *m, clamp_scmp_args s, size_t max_rules,
                              struct clamp_scmp_rules *out)
{
  size_t base = out->len;
  struct clamp_scmp_rule prefix;
  memset(&prefix, 0, sizeof prefix);
  if (m->overflow || decompose(m, s, &prefix, max_rules, base, out) < 0 || m->overflow)
    {
      out->len = base;
      return -1;
    }
  return (long)(out->len - base);
}
