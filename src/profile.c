/* SPDX-License-Identifier: Apache-2.0 */
/* Seccomp profiles as data (include/clamp/profile.h): Docker's format
 * resolved into OCI linux.seccomp, and the intersection of two OCI
 * profiles, both written in one canonical form.
 *
 * Per syscall, a profile P is read as the set A_P of argument vectors it
 * surely allows (clamp_scmp_args sets, exact):
 *   default deny:  A_P = OR(allow rules) AND NOT OR(deny rules)
 *   default allow: A_P = NOT OR(deny rules)
 * where rules whose action equals the default are ignored, as runc skips
 * them (libcontainer/seccomp matchCall). A deny rule wins over an allow
 * rule it overlaps: libseccomp's choice between them is not specified, so
 * "surely" means both readings allow. The result allows A_O AND A_T and
 * denies the rest; because the sets are canonical, so is its text. */
#include "clamp/profile.h"

#include <string.h>

#include "clamp/arena.h"
#include "clamp/profile_model.h"
#include "clamp/scmp_args.h"

/* Bounds that make "exact" affordable: beyond them a syscall is denied
 * and reported as inexact. libseccomp turns each rule into a few BPF
 * instructions and the kernel accepts 4096 (BPF_MAXINSNS). */
#define MAX_RULES_PER_SYSCALL 256u
#define MAX_NODES 65536u

/* A deny group: the arguments one deny action applies to. */
struct group
{
  struct clamp_scmp_action act;
  clamp_scmp_args set;
};

struct sem
{
  clamp_scmp_args allow; /* A_P */
  struct group *g;
  size_t n, cap;
};

enum out_kind
{
  OUT_FULL_ALLOW,
  OUT_COND_ALLOW,
  OUT_UNCOND_DENY,
  OUT_COND_DENY,
};

struct out
{
  enum out_kind kind;
  const char *name;
  struct clamp_scmp_action act;
  size_t rule;                     /* into ctx.rules, for the conditional kinds */
  const struct clamp_scmp_rule *r; /* set from rule once ctx.rules is final */
};

struct ctx
{
  const struct clamp_profile_model *ours, *theirs; /* theirs NULL: normalise ours */
  struct clamp_scmp_action rdef;                   /* the result's default */
  bool rdef_allows;
  struct clamp_scmp_args_mgr *m;
  struct sem so, st;
  struct clamp_scmp_rules rules;
  struct out *out;
  size_t n_out, cap_out;
  const char **narrowed, **inexact;
  size_t n_narrowed, n_inexact, cap_narrowed, cap_inexact;
};

static void ctx_free(struct ctx *c)
{
  clamp_scmp_args_mgr_free(c->m);
  free(c->so.g);
  free(c->st.g);
  clamp_scmp_rules_free(&c->rules);
  free(c->out);
  free(c->narrowed);
  free(c->inexact);
}

static void push_name(const char ***v, size_t *n, size_t *cap, const char *name)
{
  if (*n == *cap)
    {
      *cap = *cap ? 2 * *cap : 16;
      *v = clamp_xrealloc(*v, *cap * sizeof **v);
    }
  (*v)[(*n)++] = name;
}

static void push_out(struct ctx *c, enum out_kind kind, const char *name,
                     struct clamp_scmp_action act, size_t rule)
{
  if (c->n_out == c->cap_out)
    {
      c->cap_out = c->cap_out ? 2 * c->cap_out : 512;
      c->out = clamp_xrealloc(c->out, c->cap_out * sizeof *c->out);
    }
  c->out[c->n_out++] = (struct out){ kind, name, act, rule, NULL };
}

/* ---- per syscall semantics ---------------------------------------------- */

static clamp_scmp_args rule_set(struct clamp_scmp_args_mgr *m, const struct clamp_profile_model *pm,
                                const struct clamp_pm_rule *r)
{
  if (r->n_conds == 0)
    return CLAMP_SCMP_ARGS_ALL;
  clamp_scmp_args s = r->ored ? CLAMP_SCMP_ARGS_NONE : CLAMP_SCMP_ARGS_ALL;
  for (uint32_t k = 0; k < r->n_conds; k++)
    {
      clamp_scmp_args c = clamp_scmp_args_cond(m, &pm->conds[r->first_cond + k]);
      s = r->ored ? clamp_scmp_args_or(m, s, c) : clamp_scmp_args_and(m, s, c);
    }
  return s;
}

static void add_to_group(struct sem *s, struct clamp_scmp_args_mgr *m, struct clamp_scmp_action act,
                         clamp_scmp_args set)
{
  size_t i = 0;
  while (i < s->n && clamp_scmp_action_cmp(s->g[i].act, act) < 0)
    i++;
  if (i < s->n && clamp_scmp_action_eq(s->g[i].act, act))
    {
      s->g[i].set = clamp_scmp_args_or(m, s->g[i].set, set);
      return;
    }
  if (s->n == s->cap)
    {
      s->cap = s->cap ? 2 * s->cap : 8;
      s->g = clamp_xrealloc(s->g, s->cap * sizeof *s->g);
    }
  memmove(&s->g[i + 1], &s->g[i], (s->n - i) * sizeof *s->g);
  s->g[i] = (struct group){ act, set };
  s->n++;
}

/* A_P and P's deny groups (sorted by action) for one syscall; call NULL:
 * P does not name it. pm NULL: the neutral profile (allows everything). */
static void compute_sem(struct clamp_scmp_args_mgr *m, const struct clamp_profile_model *pm,
                        const struct clamp_pm_call *call, struct sem *s)
{
  s->n = 0;
  if (pm == NULL)
    {
      s->allow = CLAMP_SCMP_ARGS_ALL;
      return;
    }
  clamp_scmp_args allow = CLAMP_SCMP_ARGS_NONE, deny = CLAMP_SCMP_ARGS_NONE;
  for (uint32_t ref = call ? call->head : UINT32_MAX; ref != UINT32_MAX; ref = pm->refs[ref].next)
    {
      const struct clamp_pm_rule *r = &pm->rules[pm->refs[ref].rule];
      if (clamp_scmp_action_eq(r->act, pm->def))
        continue; /* runc: "This rule is redundant, silently skip it" */
      clamp_scmp_args set = rule_set(m, pm, r);
      if (clamp_scmp_action_allows(r->act))
        allow = clamp_scmp_args_or(m, allow, set);
      else
        {
          add_to_group(s, m, r->act, set);
          deny = clamp_scmp_args_or(m, deny, set);
        }
    }
  s->allow = clamp_scmp_action_allows(pm->def) ? clamp_scmp_args_not(m, deny)
                                               : clamp_scmp_args_minus(m, allow, deny);
}

/* ---- emission of one syscall -------------------------------------------- */

/* Conditional rules for set with action act (allow: ALLOW); false when
 * they would pass the per-syscall bound. */
static bool emit_set(struct ctx *c, const char *name, clamp_scmp_args set,
                     struct clamp_scmp_action act, bool allow, size_t out_start)
{
  size_t used = c->n_out - out_start;
  if (used > MAX_RULES_PER_SYSCALL)
    return false;
  size_t first = c->rules.len;
  long n = clamp_scmp_args_to_rules(c->m, set, MAX_RULES_PER_SYSCALL - used, &c->rules);
  if (n < 0)
    return false;
  for (size_t k = first; k < c->rules.len; k++)
    push_out(c, allow ? OUT_COND_ALLOW : OUT_COND_DENY, name, act, k);
  return true;
}

/* The deny groups of both sides, ours first, made disjoint (the first in
 * that order keeps an overlap: libseccomp refuses one condition set with
 * two actions), without those equal to the result's default and outside
 * keep (the allowed set). Returns false when past the bound. */
static bool emit_groups(struct ctx *c, const char *name, const struct sem *const *sides,
                        size_t n_sides, clamp_scmp_args keep, size_t out_start)
{
  clamp_scmp_args covered = keep;
  for (size_t s = 0; s < n_sides; s++)
    for (size_t i = 0; i < sides[s]->n; i++)
      {
        const struct group *g = &sides[s]->g[i];
        clamp_scmp_args set = clamp_scmp_args_minus(c->m, g->set, covered);
        covered = clamp_scmp_args_or(c->m, covered, g->set);
        if (clamp_scmp_action_eq(g->act, c->rdef) || set == CLAMP_SCMP_ARGS_NONE)
          continue;
        if (!emit_set(c, name, set, g->act, false, out_start))
          return false;
      }
  return true;
}

static const struct group *first_full_group(const struct sem *s)
{
  for (size_t i = 0; i < s->n; i++)
    if (s->g[i].set == CLAMP_SCMP_ARGS_ALL)
      return &s->g[i];
  return NULL;
}

static void uncond_deny(struct ctx *c, const char *name, struct clamp_scmp_action act)
{
  if (!clamp_scmp_action_eq(act, c->rdef))
    push_out(c, OUT_UNCOND_DENY, name, act, 0);
}

/* The result denies the syscall entirely (default deny-class): with our
 * action where ours denies it entirely, else with theirs. */
static void deny_all(struct ctx *c, const char *name, size_t out_start)
{
  size_t rules_start = c->rules.len;
  bool ours = c->so.allow == CLAMP_SCMP_ARGS_NONE;
  const struct sem *s = ours ? &c->so : &c->st;
  const struct clamp_profile_model *pm = ours ? c->ours : c->theirs;
  const struct group *full = first_full_group(s);
  if (full != NULL)
    uncond_deny(c, name, full->act);
  else if (!ours && !clamp_scmp_action_allows(pm->def))
    uncond_deny(c, name, pm->def);
  else if (!emit_groups(c, name, &s, 1, CLAMP_SCMP_ARGS_NONE, out_start))
    {
      /* Too many rules for the errno detail: the default denies it all. */
      c->n_out = out_start;
      c->rules.len = rules_start;
    }
}

static bool emit_call(struct ctx *c, const char *name, clamp_scmp_args a, size_t out_start)
{
  const struct sem *sides[2] = { &c->so, &c->st };
  if (!c->rdef_allows)
    {
      if (a == CLAMP_SCMP_ARGS_ALL)
        push_out(c, OUT_FULL_ALLOW, name, c->rdef, 0);
      else if (a == CLAMP_SCMP_ARGS_NONE)
        deny_all(c, name, out_start);
      else
        {
          if (!emit_set(c, name, a, (struct clamp_scmp_action){ CLAMP_SCMP_ACT_ALLOW, 0 }, true,
                        out_start))
            return false;
          size_t mid = c->n_out, rules_mid = c->rules.len;
          /* Their errno where they deny explicitly: optional detail, so
           * dropped rather than failing when past the bound. */
          if (!emit_groups(c, name, sides, 2, a, out_start))
            {
              c->n_out = mid;
              c->rules.len = rules_mid;
            }
        }
      return true;
    }
  if (a == CLAMP_SCMP_ARGS_ALL)
    return true;
  const struct group *full = first_full_group(&c->so);
  if (full == NULL)
    full = first_full_group(&c->st);
  if (full != NULL)
    {
      uncond_deny(c, name, full->act);
      return true;
    }
  /* Default allow-class: the deny groups are exactly NOT a. */
  return emit_groups(c, name, sides, 2, a, out_start);
}

static void do_call(struct ctx *c, const char *name, const struct clamp_pm_call *co,
                    const struct clamp_pm_call *ct)
{
  clamp_scmp_args_reset(c->m);
  compute_sem(c->m, c->ours, co, &c->so);
  compute_sem(c->m, c->theirs, ct, &c->st);
  clamp_scmp_args a = clamp_scmp_args_and(c->m, c->so.allow, c->st.allow);
  size_t out_start = c->n_out, rules_start = c->rules.len;
  bool exact = !clamp_scmp_args_overflowed(c->m) && emit_call(c, name, a, out_start)
               && !clamp_scmp_args_overflowed(c->m);
  if (!exact)
    {
      c->n_out = out_start;
      c->rules.len = rules_start;
      a = CLAMP_SCMP_ARGS_NONE;
      push_name(&c->inexact, &c->n_inexact, &c->cap_inexact, name);
      if (c->rdef_allows)
        push_out(c, OUT_UNCOND_DENY, name, (struct clamp_scmp_action){ CLAMP_SCMP_ACT_ERRNO, 1 },
                 0);
    }
  if (c->st.allow != CLAMP_SCMP_ARGS_NONE && (a != c->st.allow || !exact))
    push_name(&c->narrowed, &c->n_narrowed, &c->cap_narrowed, name);
}

/* ---- canonical text ----------------------------------------------------- */

static int cmp_str(const void *a, const void *b)
{
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static int cmp_out(const void *a, const void *b)
{
  const struct out *x = a, *y = b;
  if (x->kind != y->kind)
    return x->kind < y->kind ? -1 : 1;
  int r = 0;
  if (x->kind == OUT_UNCOND_DENY)
    r = clamp_scmp_action_cmp(x->act, y->act);
  if (r == 0)
    r = strcmp(x->name, y->name);
  if (r == 0 && x->kind == OUT_COND_DENY)
    r = clamp_scmp_action_cmp(x->act, y->act);
  if (r == 0 && (x->kind == OUT_COND_ALLOW || x->kind == OUT_COND_DENY))
    r = clamp_scmp_rule_cmp(x->r, y->r);
  return r;
}

/* Sort the entries: grouped by kind first (stable), then each group only
 * if it is out of order; the fully allowed names usually come in sorted,
 * from ours. */
static void sort_out(struct ctx *c)
{
  if (c->n_out == 0)
    return;
  size_t start[OUT_COND_DENY + 2] = { 0 };
  for (size_t i = 0; i < c->n_out; i++)
    start[c->out[i].kind + 1]++;
  for (size_t k = 1; k < CLAMP_N_ELEMENTS(start); k++)
    start[k] += start[k - 1];
  _cleanup_free_ struct out *tmp = clamp_xmalloc((c->n_out + 1) * sizeof *tmp);
  size_t pos[OUT_COND_DENY + 1];
  memcpy(pos, start, sizeof pos);
  for (size_t i = 0; i < c->n_out; i++)
    tmp[pos[c->out[i].kind]++] = c->out[i];
  memcpy(c->out, tmp, c->n_out * sizeof *tmp);
  for (size_t k = 0; k + 1 < CLAMP_N_ELEMENTS(start); k++)
    {
      struct out *b = c->out + start[k];
      size_t n = start[k + 1] - start[k];
      size_t i = 1;
      while (i < n && cmp_out(&b[i - 1], &b[i]) <= 0)
        i++;
      if (i < n)
        qsort(b, n, sizeof *b, cmp_out);
    }
}

static struct clamp_json *action_json(struct clamp_json_doc *doc, struct clamp_scmp_action a)
{
  return clamp_json_new_string(doc, clamp_scmp_action_name(a));
}

static struct clamp_json *args_json(struct clamp_json_doc *doc, const struct clamp_scmp_rule *r)
{
  struct clamp_json *args = clamp_json_new_array(doc);
  for (unsigned k = 0; k < r->n; k++)
    {
      const struct clamp_scmp_cond *cd = &r->c[k];
      struct clamp_json *a = clamp_json_new_object(doc);
      clamp_json_object_set(doc, a, "index", clamp_json_new_uint(doc, cd->index));
      clamp_json_object_set(doc, a, "value", clamp_json_new_uint(doc, cd->value));
      if (cd->op == CLAMP_SCMP_CMP_MASKED_EQ)
        clamp_json_object_set(doc, a, "valueTwo", clamp_json_new_uint(doc, cd->value_two));
      clamp_json_object_set(doc, a, "op", clamp_json_new_string(doc, clamp_scmp_op_name(cd->op)));
      clamp_json_array_append(doc, args, a);
    }
  return args;
}

/* Entries in canonical order: one unconditional ALLOW entry (sorted
 * names); conditional ALLOW rules by name and rule; unconditional denies
 * grouped by action; conditional denies by name, action and rule. */
static struct clamp_json *syscalls_json(struct ctx *c, struct clamp_json_doc *doc)
{
  for (size_t i = 0; i < c->n_out; i++)
    if (c->out[i].kind == OUT_COND_ALLOW || c->out[i].kind == OUT_COND_DENY)
      c->out[i].r = &c->rules.v[c->out[i].rule];
  sort_out(c);
  struct clamp_json *list = clamp_json_new_array(doc);
  for (size_t i = 0; i < c->n_out;)
    {
      const struct out *o = &c->out[i];
      struct clamp_json *e = clamp_json_new_object(doc);
      struct clamp_json *names = clamp_json_new_array(doc);
      struct clamp_scmp_action act = o->act;
      size_t j = i;
      if (o->kind == OUT_FULL_ALLOW || o->kind == OUT_COND_ALLOW)
        act = (struct clamp_scmp_action){ CLAMP_SCMP_ACT_ALLOW, 0 };
      do
        clamp_json_array_append(doc, names, clamp_json_new_string(doc, c->out[j++].name));
      while (j < c->n_out && c->out[j].kind == o->kind
             && (o->kind == OUT_FULL_ALLOW
                 || (o->kind == OUT_UNCOND_DENY && clamp_scmp_action_eq(c->out[j].act, o->act))));
      clamp_json_object_set(doc, e, "names", names);
      clamp_json_object_set(doc, e, "action", action_json(doc, act));
      if (clamp_scmp_action_has_errno(act))
        clamp_json_object_set(doc, e, "errnoRet", clamp_json_new_uint(doc, act.errno_ret));
      if (o->kind == OUT_COND_ALLOW || o->kind == OUT_COND_DENY)
        clamp_json_object_set(doc, e, "args", args_json(doc, o->r));
      clamp_json_array_append(doc, list, e);
      i = j;
    }
  return list;
}

static void fill_names(struct clamp_json_doc *doc, const char **v, size_t n, size_t *n_out,
                       const char **out)
{
  if (n > 1)
    qsort(v, n, sizeof *v, cmp_str);
  *n_out = n;
  for (size_t i = 0; i < n && i < 8; i++)
    out[i] = clamp_arena_strdup(doc->arena, v[i]);
}

/* ours and theirs intersected (theirs NULL: ours normalised). */
static struct clamp_json *run(struct clamp_json_doc *doc, const struct clamp_profile_model *ours,
                              const struct clamp_profile_model *theirs,
                              struct clamp_profile_stats *stats)
{
  struct ctx c;
  memset(&c, 0, sizeof c);
  c.ours = ours;
  c.theirs = theirs;
  /* Our default, unless it allows and theirs denies: a syscall neither
   * names must stay denied where theirs denies it. */
  const struct clamp_profile_model *dsrc = ours;
  if (clamp_scmp_action_allows(ours->def) && theirs != NULL
      && !clamp_scmp_action_allows(theirs->def))
    dsrc = theirs;
  c.rdef = dsrc->def;
  c.rdef_allows = clamp_scmp_action_allows(c.rdef);
  c.m = clamp_scmp_args_mgr_new(MAX_NODES);

  for (size_t i = 0; i < ours->n_calls; i++)
    {
      const struct clamp_pm_call *co = &ours->calls[i];
      if (!co->known)
        continue;
      const struct clamp_pm_call *ct =
          theirs ? clamp_profile_model_find(theirs, co->name, co->hash) : NULL;
      do_call(&c, co->name, co, ct);
    }
  for (size_t i = 0; theirs != NULL && i < theirs->n_calls; i++)
    {
      const struct clamp_pm_call *ct = &theirs->calls[i];
      if (ct->known && clamp_profile_model_find(ours, ct->name, ct->hash) == NULL)
        do_call(&c, ct->name, NULL, ct);
    }

  struct clamp_json *root = clamp_json_new_object(doc);
  clamp_json_object_set(doc, root, "defaultAction", action_json(doc, c.rdef));
  if (dsrc->has_default_errno)
    clamp_json_object_set(doc, root, "defaultErrnoRet", clamp_json_new_uint(doc, c.rdef.errno_ret));
  /* runc's filter always holds the native architecture and adds those
   * listed, so listing ours that theirs lists too gives exactly the
   * architectures both filters cover. */
  struct clamp_json *archs = clamp_json_new_array(doc);
  for (size_t i = 0; i < ours->n_archs; i++)
    {
      bool keep = theirs == NULL;
      for (size_t k = 0; !keep && k < theirs->n_archs; k++)
        keep = strcmp(ours->archs[i], theirs->archs[k]) == 0;
      if (keep)
        clamp_json_array_append(doc, archs, clamp_json_new_string(doc, ours->archs[i]));
    }
  clamp_json_object_set(doc, root, "architectures", archs);
  /* runc 1.1 refuses non-empty flags; crun defaults to SPEC_ALLOW without
   * the member. */
  clamp_json_object_set(doc, root, "flags", clamp_json_new_array(doc));
  clamp_json_object_set(doc, root, "syscalls", syscalls_json(&c, doc));

  if (stats != NULL)
    {
      memset(stats, 0, sizeof *stats);
      fill_names(doc, c.narrowed, c.n_narrowed, &stats->n_narrowed, stats->narrowed);
      fill_names(doc, c.inexact, c.n_inexact, &stats->n_inexact, stats->inexact);
    }
  ctx_free(&c);
  return root;
}

static void model_freep(struct clamp_profile_model *pm) { clamp_profile_model_free(pm); }
#define _cleanup_model_ __attribute__((cleanup(model_freep)))

struct clamp_json *clamp_profile_to_oci(struct clamp_json_doc *doc,
                                        const struct clamp_json *profile, const char *const *caps,
                                        size_t n_caps, const struct clamp_seccomp_host *host,
                                        const struct clamp_syscall_oracle *oracle,
                                        struct clamp_error **err)
{
  _cleanup_model_ struct clamp_profile_model pm;
  clamp_profile_model_init(&pm);
  int r = clamp_profile_model_from_docker(&pm, profile, caps, n_caps, host, oracle, err);
  if (r < 0)
    return NULL;
  if (r == 0)
    {
      clamp_error_input(err, "is empty (no defaultAction and no syscalls): it would run "
                             "containers without seccomp");
      return NULL;
    }
  return run(doc, &pm, NULL, NULL);
}

bool clamp_profile_oci_is_empty(const struct clamp_json *seccomp)
{
  if (clamp_json_is_absent(seccomp))
    return true;
  if (!clamp_json_is(seccomp, CLAMP_JSON_OBJECT))
    return false;
  const struct clamp_json *d = clamp_json_object_get(seccomp, "defaultAction");
  const struct clamp_json *s = clamp_json_object_get(seccomp, "syscalls");
  bool no_default =
      clamp_json_is_absent(d) || (clamp_json_is(d, CLAMP_JSON_STRING) && d->u.str.len == 0);
  bool no_syscalls =
      clamp_json_is_absent(s) || (clamp_json_is(s, CLAMP_JSON_ARRAY) && s->u.arr.len == 0);
  return no_default && no_syscalls;
}

struct clamp_json *
clamp_profile_intersect(struct clamp_json_doc *doc, const struct clamp_json *ours,
                        const struct clamp_json *theirs, const struct clamp_syscall_oracle *oracle,
                        struct clamp_profile_stats *stats, struct clamp_error **err)
{
  if (clamp_profile_oci_is_empty(theirs))
    {
      clamp_error_input(err, "is empty: runc would run the container without seccomp, so "
                             "there is nothing to intersect");
      return NULL;
    }
  _cleanup_model_ struct clamp_profile_model o;
  _cleanup_model_ struct clamp_profile_model t;
  clamp_profile_model_init(&o);
  clamp_profile_model_init(&t);
  if (clamp_profile_model_from_oci(&o, ours, oracle, CLAMP_PM_UNKNOWN_DENY_ERROR, NULL, err) < 0)
    {
      clamp_error_wrap(err, "clamp's profile");
      return NULL;
    }
  if (clamp_profile_model_from_oci(&t, theirs, oracle, CLAMP_PM_UNKNOWN_SKIP, &o, err) < 0)
    return NULL;
  return run(doc, &o, &t, stats);
}
