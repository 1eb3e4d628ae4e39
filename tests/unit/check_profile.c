/* SPDX-License-Identifier: Apache-2.0 */
/* Seccomp profile algebra (profile.h). The assertions go through an
 * evaluator written here from runc 1.1.5's rules (not from src/), which
 * says for a syscall and its arguments whether a profile surely allows
 * it; results are also compiled by libseccomp and run through
 * tests/unit/bpf_sim.c for a few x86_64 syscalls. */
#include <dirent.h>
#include <errno.h>
#include <linux/audit.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>

#include "bpf_sim.h"
#include "clamp/embedded.h"
#include "clamp/profile.h"
#include "clamp/seccomp.h"
#include "testutil.h"

#define MAXU UINT64_MAX
#define PODMAN_PROFILE "/usr/share/containers/seccomp.json"

static const struct clamp_seccomp_host HOST = { "SCMP_ARCH_X86_64", "amd64", 6, 1 };

static const char *const DOCKER_CAPS[] = {
  "CAP_CHOWN",   "CAP_DAC_OVERRIDE", "CAP_FSETID",           "CAP_FOWNER",
  "CAP_MKNOD",   "CAP_NET_RAW",      "CAP_SETGID",           "CAP_SETUID",
  "CAP_SETFCAP", "CAP_SETPCAP",      "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
  "CAP_KILL",    "CAP_AUDIT_WRITE",
};
/* clamp's default allowlist: the bounding set O is made for. */
static const char *const NBS_ONLY[] = { "CAP_NET_BIND_SERVICE" };
/* Docker's minus NET_RAW, MKNOD and AUDIT_WRITE (containers-common). */
static const char *const PODMAN_CAPS[] = {
  "CAP_CHOWN",  "CAP_DAC_OVERRIDE", "CAP_FSETID",  "CAP_FOWNER",           "CAP_SETGID",
  "CAP_SETUID", "CAP_SETFCAP",      "CAP_SETPCAP", "CAP_NET_BIND_SERVICE", "CAP_SYS_CHROOT",
  "CAP_KILL",
};

/* ---- the oracle: a table of names ---------------------------------------- */

/* Names libseccomp 2.5.4 (upstream) does not know. */
static const char *const UNKNOWN[] = {
  "listmount", "statmount", "uretprobe", "mseal", "cachestat", "map_shadow_stack", "no_such_call",
};

static const char *const EXTRA_KNOWN[] = {
  "keyctl",          "add_key",        "request_key",    "kexec_load",
  "kexec_file_load", "io_uring_setup", "io_uring_enter", "io_uring_register",
  "userfaultfd",     "move_pages",     "lookup_dcookie", "uselib",
  "ustat",           "sysfs",          "_sysctl",        "nfsservctl",
  "swapon",          "swapoff",        "pivot_root",     "clone3",
  "mount",           "socketcall",     "getpid",
};

struct table
{
  char **v;
  size_t n, cap;
};

/* What every test works against: the oracle's table of names, and the
 * arena the profiles it makes live in. world_new() builds it for each
 * test, so that no state outlives a test. */
struct world
{
  struct table names;
  struct clamp_syscall_oracle oracle;
  struct clamp_json_doc *doc;
};

static int cmp_strp(const void *a, const void *b)
{
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void table_add(struct table *t, const char *s)
{
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(UNKNOWN); i++)
    if (strcmp(s, UNKNOWN[i]) == 0)
      return;
  if (t->n == t->cap)
    {
      t->cap = t->cap ? 2 * t->cap : 512;
      t->v = clamp_xrealloc(t->v, t->cap * sizeof *t->v);
    }
  t->v[t->n++] = clamp_xstrdup(s);
}

static void table_add_profile(struct table *t, const struct clamp_json *p)
{
  const struct clamp_json *sc = clamp_json_object_get(p, "syscalls");
  for (size_t i = 0; clamp_json_is(sc, CLAMP_JSON_ARRAY) && i < sc->u.arr.len; i++)
    {
      const struct clamp_json *names = clamp_json_object_get(sc->u.arr.items[i], "names");
      for (size_t k = 0; clamp_json_is(names, CLAMP_JSON_ARRAY) && k < names->u.arr.len; k++)
        if (clamp_json_is(names->u.arr.items[k], CLAMP_JSON_STRING))
          table_add(t, names->u.arr.items[k]->u.str.s);
    }
}

/* The oracle's known(): data is the sorted struct table. */
static bool table_known(const char *name, void *data)
{
  const struct table *t = data;
  return bsearch(&name, t->v, t->n, sizeof *t->v, cmp_strp) != NULL;
}

static bool known(const struct world *w, const char *name)
{
  return w->oracle.known(name, w->oracle.data);
}

static struct clamp_json_doc *default_profile(void)
{
  _cleanup_error_ struct clamp_error *err = NULL;
  struct clamp_json_doc *d =
      clamp_json_parse(clamp_embedded_default_profile, clamp_embedded_default_profile_len, &err);
  ck_assert_msg(d != NULL, "default.json: %s", err ? err->msg : "?");
  return d;
}

/* The names of the extra list and of every profile the tests read. */
static struct world *world_new(void)
{
  struct world *w = clamp_xcalloc(1, sizeof *w);
  w->oracle.known = table_known;
  w->oracle.data = &w->names;
  w->doc = clamp_json_doc_new();
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(EXTRA_KNOWN); i++)
    table_add(&w->names, EXTRA_KNOWN[i]);
  struct clamp_json_doc *d = default_profile();
  table_add_profile(&w->names, d->root);
  clamp_json_doc_free(d);
  d = clamp_test_parse_data("seccomp/docker-like.json");
  table_add_profile(&w->names, d->root);
  clamp_json_doc_free(d);
  d = clamp_test_parse_file(PODMAN_PROFILE);
  if (d != NULL)
    {
      table_add_profile(&w->names, d->root);
      clamp_json_doc_free(d);
    }
  qsort(w->names.v, w->names.n, sizeof *w->names.v, cmp_strp);
  return w;
}

static void world_freep(struct world **pw)
{
  struct world *w = *pw;
  if (w == NULL)
    return;
  for (size_t i = 0; i < w->names.n; i++)
    free(w->names.v[i]);
  free(w->names.v);
  clamp_json_doc_free(w->doc);
  free(w);
}
#define _cleanup_world_ __attribute__((cleanup(world_freep)))

/* Long texts: print both on a mismatch (Check limits its own messages). */
static void expect_text(const char *got, const char *want)
{
  if (strcmp(got, want) == 0)
    return;
  size_t i = 0;
  while (got[i] && got[i] == want[i])
    i++;
  fprintf(stderr, "# got:  %s\n# want: %s\n", got, want);
  ck_abort_msg("texts differ at byte %zu: got ...%.60s", i, got + (i > 20 ? i - 20 : 0));
}

static struct clamp_json *to_oci(const struct world *w, const struct clamp_json *p,
                                 const char *const *caps, size_t n)
{
  _cleanup_error_ struct clamp_error *err = NULL;
  struct clamp_json *o = clamp_profile_to_oci(w->doc, p, caps, n, &HOST, &w->oracle, &err);
  ck_assert_msg(o != NULL, "to_oci: %s", err ? err->msg : "?");
  return o;
}

static struct clamp_json *intersect(const struct world *w, const struct clamp_json *o,
                                    const struct clamp_json *t, struct clamp_profile_stats *st)
{
  _cleanup_error_ struct clamp_error *err = NULL;
  struct clamp_json *r = clamp_profile_intersect(w->doc, o, t, &w->oracle, st, &err);
  ck_assert_msg(r != NULL, "intersect: %s", err ? err->msg : "?");
  return r;
}

/* O: clamp's default profile for a bounding set. */
static struct clamp_json *make_o(const struct world *w, const char *const *caps, size_t n)
{
  _cleanup_json_doc_ struct clamp_json_doc *d = default_profile();
  return clamp_json_copy(w->doc, to_oci(w, d->root, caps, n));
}

/* ---- an evaluator by runc's rules ---------------------------------------- */

struct ev_rule
{
  const char *name;
  const char *action;
  uint64_t errno_ret;
  const struct clamp_json *args;
};

struct ev
{
  const char *def;
  uint64_t def_errno;
  struct ev_rule *r;
  size_t n;
};

static uint64_t num(const struct clamp_json *v) { return v ? strtoull(v->u.str.s, NULL, 10) : 0; }

/* KILL is KILL_THREAD; ERRNO and TRACE mean EPERM without errnoRet. */
static const char *canon_action(const char *a)
{
  return strcmp(a, "SCMP_ACT_KILL") == 0 ? "SCMP_ACT_KILL_THREAD" : a;
}

static bool takes_errno(const char *a)
{
  return strcmp(a, "SCMP_ACT_ERRNO") == 0 || strcmp(a, "SCMP_ACT_TRACE") == 0;
}

static bool allows(const char *a)
{
  return strcmp(a, "SCMP_ACT_ALLOW") == 0 || strcmp(a, "SCMP_ACT_LOG") == 0;
}

static void ev_load(const struct world *w, struct ev *e, const struct clamp_json *p)
{
  memset(e, 0, sizeof *e);
  e->def = canon_action(clamp_json_object_get(p, "defaultAction")->u.str.s);
  const struct clamp_json *de = clamp_json_object_get(p, "defaultErrnoRet");
  e->def_errno = takes_errno(e->def) ? (de ? num(de) : 1) : 0;
  const struct clamp_json *sc = clamp_json_object_get(p, "syscalls");
  size_t cap = 0;
  for (size_t i = 0; sc && i < sc->u.arr.len; i++)
    {
      const struct clamp_json *s = sc->u.arr.items[i];
      const struct clamp_json *names = clamp_json_object_get(s, "names");
      const char *act = canon_action(clamp_json_object_get(s, "action")->u.str.s);
      const struct clamp_json *er = clamp_json_object_get(s, "errnoRet");
      uint64_t en = takes_errno(act) ? (er ? num(er) : 1) : 0;
      for (size_t k = 0; k < names->u.arr.len; k++)
        {
          if (!known(w, names->u.arr.items[k]->u.str.s))
            continue; /* runc skips names libseccomp does not know */
          if (e->n == cap)
            {
              cap = cap ? 2 * cap : 256;
              e->r = clamp_xrealloc(e->r, cap * sizeof *e->r);
            }
          e->r[e->n++] = (struct ev_rule){ names->u.arr.items[k]->u.str.s, act, en,
                                           clamp_json_object_get(s, "args") };
        }
    }
}

static bool cond_true(const struct clamp_json *a, const uint64_t args[6])
{
  uint64_t x = args[num(clamp_json_object_get(a, "index"))];
  uint64_t v = num(clamp_json_object_get(a, "value"));
  uint64_t v2 = num(clamp_json_object_get(a, "valueTwo"));
  const char *op = clamp_json_object_get(a, "op")->u.str.s;
  if (strcmp(op, "SCMP_CMP_NE") == 0)
    return x != v;
  if (strcmp(op, "SCMP_CMP_LT") == 0)
    return x < v;
  if (strcmp(op, "SCMP_CMP_LE") == 0)
    return x <= v;
  if (strcmp(op, "SCMP_CMP_EQ") == 0)
    return x == v;
  if (strcmp(op, "SCMP_CMP_GE") == 0)
    return x >= v;
  if (strcmp(op, "SCMP_CMP_GT") == 0)
    return x > v;
  EXPECT(strcmp(op, "SCMP_CMP_MASKED_EQ") == 0, "operator %s", op);
  return (x & v) == v2;
}

/* runc: conditions ANDed, unless an index repeats: then each its own rule. */
static bool rule_matches(const struct ev_rule *r, const uint64_t args[6])
{
  size_t n = clamp_json_is(r->args, CLAMP_JSON_ARRAY) ? r->args->u.arr.len : 0;
  if (n == 0)
    return true;
  unsigned seen = 0;
  bool repeated = false;
  for (size_t i = 0; i < n; i++)
    {
      unsigned bit = 1u << num(clamp_json_object_get(r->args->u.arr.items[i], "index"));
      repeated |= (seen & bit) != 0;
      seen |= bit;
    }
  for (size_t i = 0; i < n; i++)
    {
      bool t = cond_true(r->args->u.arr.items[i], args);
      if (repeated && t)
        return true;
      if (!repeated && !t)
        return false;
    }
  return !repeated;
}

struct verdict
{
  bool allowed;
  const char *action; /* what answers a denied call: the first deny rule or the default */
  uint64_t errno_ret;
};

/* Surely allowed: an allow-class rule (or an allow-class default) and no
 * deny-class rule matches. Rules equal to the default are skipped. */
static struct verdict ev_eval(const struct ev *e, const char *name, const uint64_t args[6])
{
  bool allow_hit = false, deny_hit = false;
  struct verdict v = { false, e->def, e->def_errno };
  for (size_t i = 0; i < e->n; i++)
    {
      const struct ev_rule *r = &e->r[i];
      if (strcmp(r->name, name) != 0)
        continue;
      if (strcmp(r->action, e->def) == 0 && r->errno_ret == e->def_errno)
        continue;
      if (!rule_matches(r, args))
        continue;
      if (allows(r->action))
        allow_hit = true;
      else if (!deny_hit)
        {
          deny_hit = true;
          v.action = r->action;
          v.errno_ret = r->errno_ret;
        }
    }
  v.allowed = !deny_hit && (allow_hit || allows(e->def));
  return v;
}

static bool ev_allows(const struct world *w, const struct clamp_json *p, const char *name,
                      const uint64_t args[6])
{
  struct ev e;
  ev_load(w, &e, p);
  bool r = ev_eval(&e, name, args).allowed;
  free(e.r);
  return r;
}

#define A6(...) ((const uint64_t[6]){ __VA_ARGS__ })

/* ---- the properties, for one T ------------------------------------------- */

struct vals
{
  uint64_t v[6][96];
  size_t n[6];
};

static void val_add(struct vals *g, unsigned i, uint64_t x)
{
  for (size_t k = 0; k < g->n[i]; k++)
    if (g->v[i][k] == x)
      return;
  if (g->n[i] < CLAMP_N_ELEMENTS(g->v[i]))
    g->v[i][g->n[i]++] = x;
}

/* 0, 1, the 32-bit and 64-bit edges, and around every constant any of
 * the profiles compares this syscall's arguments with. */
static void grid_collect(struct vals *g, const struct ev *e, const char *name)
{
  for (size_t i = 0; i < e->n; i++)
    {
      if (strcmp(e->r[i].name, name) != 0 || !clamp_json_is(e->r[i].args, CLAMP_JSON_ARRAY))
        continue;
      for (size_t k = 0; k < e->r[i].args->u.arr.len; k++)
        {
          const struct clamp_json *a = e->r[i].args->u.arr.items[k];
          unsigned idx = (unsigned)num(clamp_json_object_get(a, "index"));
          uint64_t v = num(clamp_json_object_get(a, "value"));
          uint64_t v2 = num(clamp_json_object_get(a, "valueTwo"));
          if (g->n[idx] == 0)
            {
              static const uint64_t BASE[] = { 0,          1,           2,        0x7fffffff,
                                               0xffffffff, 0x100000000, MAXU - 1, MAXU };
              for (size_t b = 0; b < CLAMP_N_ELEMENTS(BASE); b++)
                val_add(g, idx, BASE[b]);
            }
          uint64_t c[] = { v - 1,
                           v,
                           v + 1,
                           v2,
                           v2 + 1,
                           v2 - 1,
                           v2 | ~v,
                           v2 ^ (v & -v),
                           v2 ^ (v & ~(v >> 1) & ~(v >> 2) & (UINT64_C(1) << 63 | v)),
                           ~v };
          for (size_t q = 0; q < CLAMP_N_ELEMENTS(c); q++)
            val_add(g, idx, c[q]);
        }
    }
}

static bool name_in(const char *const *v, size_t n, const char *name)
{
  for (size_t i = 0; i < n && i < 8; i++)
    if (strcmp(v[i], name) == 0)
      return true;
  return false;
}

/* Every argument vector of the grid for name: fn(args) for each. */
static size_t grid_walk(const struct vals *g, void (*fn)(const uint64_t[6], void *), void *data)
{
  unsigned used[6];
  size_t nu = 0, total = 1;
  for (unsigned i = 0; i < 6; i++)
    if (g->n[i] > 0)
      {
        used[nu++] = i;
        total *= g->n[i];
      }
  uint64_t seed = 0x9e3779b97f4a7c15ULL;
  size_t count = total > 30000 ? 30000 : total;
  for (size_t c = 0; c < count; c++)
    {
      uint64_t args[6] = { 0, 0, 0, 0, 0, 0 };
      size_t x = c;
      if (total > 30000)
        {
          seed ^= seed << 13;
          seed ^= seed >> 7;
          seed ^= seed << 17;
          x = (size_t)(seed % total);
        }
      for (size_t u = 0; u < nu; u++)
        {
          args[used[u]] = g->v[used[u]][x % g->n[used[u]]];
          x /= g->n[used[u]];
        }
      fn(args, data);
    }
  return count;
}

struct prop
{
  const struct ev *o, *t, *r;
  const char *name, *label;
  bool exact;
  size_t checked;
};

static void prop_check(const uint64_t args[6], void *data)
{
  struct prop *p = data;
  struct verdict vo = ev_eval(p->o, p->name, args);
  struct verdict vt = ev_eval(p->t, p->name, args);
  struct verdict vr = ev_eval(p->r, p->name, args);
  EXPECT(!vr.allowed || (vo.allowed && vt.allowed),
         "%s: result allows %s(%#llx, %#llx, %#llx) but ours=%d theirs=%d", p->label, p->name,
         (unsigned long long)args[0], (unsigned long long)args[1], (unsigned long long)args[2],
         vo.allowed, vt.allowed);
  if (p->exact)
    EXPECT(vr.allowed == (vo.allowed && vt.allowed),
           "%s: result %s %s(%#llx, %#llx, %#llx), ours=%d theirs=%d", p->label,
           vr.allowed ? "allows" : "denies", p->name, (unsigned long long)args[0],
           (unsigned long long)args[1], (unsigned long long)args[2], vo.allowed, vt.allowed);
  /* Where ours denies by an explicit rule, or only ours denies, the
   * result answers as ours does. */
  bool ours_rule = !(strcmp(vo.action, p->o->def) == 0 && vo.errno_ret == p->o->def_errno);
  if (!vo.allowed && (ours_rule || vt.allowed) && p->exact)
    EXPECT(strcmp(vr.action, vo.action) == 0 && vr.errno_ret == vo.errno_ret,
           "%s: %s(%#llx) answered %s(%llu), ours says %s(%llu)", p->label, p->name,
           (unsigned long long)args[0], vr.action, (unsigned long long)vr.errno_ret, vo.action,
           (unsigned long long)vo.errno_ret);
  p->checked++;
}

/* x86_64 numbers for the filter check through libseccomp and bpf_sim. */
static const struct
{
  const char *name;
  int nr;
} NRS[] = {
  { "socket", SYS_socket },
  { "clone", SYS_clone },
  { "personality", SYS_personality },
  { "clone3", SYS_clone3 },
  { "mount", SYS_mount },
  { "unshare", SYS_unshare },
  { "read", SYS_read },
  { "ptrace", SYS_ptrace },
  { "setns", SYS_setns },
  { "mkdir", SYS_mkdir },
  { "getpid", SYS_getpid },
  { "chroot", SYS_chroot },
  { "io_uring_setup", SYS_io_uring_setup },
  { "bpf", SYS_bpf },
  { "keyctl", SYS_keyctl },
  { "write", SYS_write },
  { "kill", SYS_kill },
  { "ioctl", SYS_ioctl },
};

static uint32_t expected_ret(struct verdict v)
{
  if (v.allowed)
    return SECCOMP_RET_ALLOW;
  if (strcmp(v.action, "SCMP_ACT_ERRNO") == 0)
    return SECCOMP_RET_ERRNO | (uint32_t)v.errno_ret;
  if (strcmp(v.action, "SCMP_ACT_TRACE") == 0)
    return SECCOMP_RET_TRACE | (uint32_t)v.errno_ret;
  if (strcmp(v.action, "SCMP_ACT_TRAP") == 0)
    return SECCOMP_RET_TRAP;
  if (strcmp(v.action, "SCMP_ACT_KILL_PROCESS") == 0)
    return SECCOMP_RET_KILL_PROCESS;
  return SECCOMP_RET_KILL_THREAD;
}

struct bpfc
{
  const struct clamp_buf *bpf;
  const struct ev *r;
  const char *name, *label;
  int nr;
};

static void bpf_check(const uint64_t args[6], void *data)
{
  struct bpfc *b = data;
  struct seccomp_data d;
  memset(&d, 0, sizeof d);
  d.nr = b->nr;
  d.arch = AUDIT_ARCH_X86_64;
  memcpy(d.args, args, sizeof d.args);
  uint32_t ret = 0;
  const char *why = NULL;
  EXPECT(bpf_sim_run((const struct sock_filter *)b->bpf->data,
                     b->bpf->len / sizeof(struct sock_filter), &d, &ret, &why)
             == 0,
         "simulator: %s", why);
  struct verdict v = ev_eval(b->r, b->name, args);
  uint32_t want = expected_ret(v);
  if (v.allowed && allows(b->r->def) && strcmp(b->r->def, "SCMP_ACT_LOG") == 0)
    want = SECCOMP_RET_LOG;
  EXPECT(ret == want, "%s: filter answers %s(%#llx, %#llx, %#llx) with %#x, not %#x", b->label,
         b->name, (unsigned long long)args[0], (unsigned long long)args[1],
         (unsigned long long)args[2], ret, want);
}

/* All of it for one container profile T (OCI): the intersection R is a
 * fixed point, sound and (where not reported inexact) exact on the grid,
 * compiles, and the compiled filter answers what the evaluator says. */
static void check_t(const struct world *w, const struct clamp_json *o, const struct clamp_json *t,
                    const char *label, const char *must_be_inexact)
{
  struct clamp_profile_stats st;
  struct clamp_json *r = intersect(w, o, t, &st);
  _cleanup_free_ char *rt = clamp_test_text(r);

  /* fixed point */
  struct clamp_json *r2 = intersect(w, o, r, NULL);
  _cleanup_free_ char *r2t = clamp_test_text(r2);
  if (strcmp(rt, r2t) != 0)
    fprintf(stderr, "# %s: intersect(O, R) != R\n", label);
  expect_text(r2t, rt);
  ck_assert_ptr_nonnull(strstr(rt, "\"flags\":[]"));
  if (must_be_inexact)
    ck_assert_msg(name_in(st.inexact, st.n_inexact, must_be_inexact), "%s: %s not inexact", label,
                  must_be_inexact);
  else
    ck_assert_msg(st.n_inexact == 0, "%s: %zu inexact, first %s", label, st.n_inexact,
                  st.inexact[0]);

  /* soundness and exactness on the grid, for every name either names */
  struct ev eo, et, er;
  ev_load(w, &eo, o);
  ev_load(w, &et, t);
  ev_load(w, &er, r);
  const struct ev *all[] = { &eo, &et, &er };
  size_t checked = 0;
  for (size_t a = 0; a < 3; a++)
    for (size_t i = 0; i < all[a]->n; i++)
      {
        const char *name = all[a]->r[i].name;
        bool first = true;
        for (size_t q = 0; q < i && first; q++)
          first = strcmp(all[a]->r[q].name, name) != 0;
        for (size_t b = 0; b < a && first; b++)
          for (size_t q = 0; q < all[b]->n && first; q++)
            first = strcmp(all[b]->r[q].name, name) != 0;
        if (!first)
          continue;
        struct vals g;
        memset(&g, 0, sizeof g);
        for (size_t k = 0; k < 3; k++)
          grid_collect(&g, all[k], name);
        struct prop p = {
          &eo,
          &et,
          &er,
          name,
          label,
          !(st.n_inexact > 0 && (st.n_inexact > 8 || name_in(st.inexact, st.n_inexact, name))),
          0
        };
        checked += grid_walk(&g, prop_check, &p);
      }
  /* a syscall nobody names */
  struct prop p = { &eo, &et, &er, "getpid", label, true, 0 };
  prop_check(A6(0, 0, 0, 0, 0, 0), &p);
  ck_assert_uint_gt(checked, 0);
  fprintf(stderr, "# %s: %zu argument vectors checked\n", label, checked);

  /* libseccomp compiles R, and its filter agrees with the evaluator */
  _cleanup_error_ struct clamp_error *err = NULL;
  struct clamp_buf bpf;
  clamp_buf_init(&bpf);
  ck_assert_msg(clamp_seccomp_export_bpf(r, &bpf, &err) == 0, "%s: R does not compile: %s", label,
                err ? err->msg : "?");
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(NRS); i++)
    {
      struct vals g;
      memset(&g, 0, sizeof g);
      for (size_t k = 0; k < 3; k++)
        grid_collect(&g, all[k], NRS[i].name);
      struct bpfc b = { &bpf, &er, NRS[i].name, label, NRS[i].nr };
      grid_walk(&g, bpf_check, &b);
    }
  clamp_buf_free(&bpf);
  free(eo.r);
  free(et.r);
  free(er.r);
}

/* ---- property 2: what O says --------------------------------------------- */

static const char *const MUST_DENY[] = {
  "keyctl",
  "add_key",
  "request_key",
  "bpf",
  "perf_event_open",
  "userfaultfd",
  "unshare",
  "setns",
  "mount",
  "umount2",
  "pivot_root",
  "ptrace",
  "process_vm_readv",
  "process_vm_writev",
  "kcmp",
  "kexec_load",
  "kexec_file_load",
  "init_module",
  "finit_module",
  "delete_module",
  "open_by_handle_at",
  "iopl",
  "ioperm",
  "reboot",
  "swapon",
  "swapoff",
  "acct",
  "settimeofday",
  "clock_settime",
  "quotactl",
  "lookup_dcookie",
  "move_pages",
  "mbind",
  "set_mempolicy",
  "get_mempolicy",
  "uselib",
  "ustat",
  "sysfs",
  "_sysctl",
  "nfsservctl",
  "io_uring_setup",
  "io_uring_enter",
  "io_uring_register",
};

#define CLONE_NEWNS 0x00020000ULL
#define CLONE_NEWUSER 0x10000000ULL
#define CLONE_NEWNET 0x40000000ULL
#define CLONE_THREAD_FLAGS 0x003d0f00ULL /* VM|FS|FILES|SIGHAND|THREAD|SYSVSEM|SETTLS|... */

START_TEST(test_default_profile_denies)
{
  _cleanup_world_ struct world *w = world_new();
  struct clamp_json *o = make_o(w, NBS_ONLY, 1);
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(MUST_DENY); i++)
    {
      ck_assert_msg(known(w, MUST_DENY[i]), "oracle lacks %s", MUST_DENY[i]);
      ck_assert_msg(!ev_allows(w, o, MUST_DENY[i], A6(0, 0, 0, 0, 0, 0)), "O allows %s",
                    MUST_DENY[i]);
      ck_assert_msg(!ev_allows(w, o, MUST_DENY[i], A6(1, 2, 3, 4, 5, 6)), "O allows %s",
                    MUST_DENY[i]);
    }
  /* clone only without namespace flags */
  ck_assert(ev_allows(w, o, "clone", A6(CLONE_THREAD_FLAGS, 0, 0, 0, 0, 0)));
  ck_assert(ev_allows(w, o, "clone", A6(0x11, 0, 0, 0, 0, 0)));
  ck_assert(ev_allows(w, o, "clone", A6(~0x7e020000ULL, 0, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, o, "clone", A6(CLONE_NEWNS, 0, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, o, "clone", A6(CLONE_NEWUSER | 0x11, 0, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, o, "clone", A6(CLONE_NEWNET | CLONE_THREAD_FLAGS, 0, 0, 0, 0, 0)));
  for (unsigned b = 0; b < 64; b++)
    ck_assert(ev_allows(w, o, "clone", A6(UINT64_C(1) << b, 0, 0, 0, 0, 0))
              == !((UINT64_C(1) << b) & 0x7e020000ULL));
  /* clone3 answers ENOSYS so that libc falls back to clone */
  struct ev e;
  ev_load(w, &e, o);
  struct verdict v = ev_eval(&e, "clone3", A6(0, 0, 0, 0, 0, 0));
  ck_assert(!v.allowed);
  ck_assert_str_eq(v.action, "SCMP_ACT_ERRNO");
  ck_assert_uint_eq(v.errno_ret, 38);
  v = ev_eval(&e, "mount", A6(0, 0, 0, 0, 0, 0));
  ck_assert_str_eq(v.action, "SCMP_ACT_ERRNO");
  ck_assert_uint_eq(v.errno_ret, 1);
  free(e.r);
  /* socket: every family but AF_ALG (38) and AF_VSOCK (40) */
  for (uint64_t f = 0; f < 64; f++)
    ck_assert(ev_allows(w, o, "socket", A6(f, 1, 0, 0, 0, 0)) == (f != 38 && f != 40));
  ck_assert(ev_allows(w, o, "socket", A6(MAXU, 0, 0, 0, 0, 0)));
  ck_assert(ev_allows(w, o, "socket", A6(38ULL | 1ULL << 32, 0, 0, 0, 0, 0)));
  /* personality: five values */
  const uint64_t pers_ok[] = { 0, 8, 0x20000, 0x20008, 0xffffffff };
  const uint64_t pers_bad[] = { 1, 7, 9, 0x20001, 0x400000, 0x1ffffffff, 0xfffffffe, MAXU };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(pers_ok); i++)
    ck_assert(ev_allows(w, o, "personality", A6(pers_ok[i], 0, 0, 0, 0, 0)));
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(pers_bad); i++)
    ck_assert(!ev_allows(w, o, "personality", A6(pers_bad[i], 0, 0, 0, 0, 0)));
  /* ordinary calls and the result's frame */
  ck_assert(ev_allows(w, o, "read", A6(0, 0, 0, 0, 0, 0)));
  ck_assert(ev_allows(w, o, "arch_prctl", A6(0, 0, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, o, "chroot", A6(0, 0, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, o, "listmount", A6(0, 0, 0, 0, 0, 0)));
  _cleanup_free_ char *t = clamp_test_text(o);
  const char *head = "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":1,"
                     "\"architectures\":[\"SCMP_ARCH_X86_64\"],\"flags\":[],\"syscalls\":[{"
                     "\"names\":[\"_llseek\",";
  ck_assert_msg(strncmp(t, head, strlen(head)) == 0, "%.300s", t);
  /* unknown to the oracle: not named at all */
  ck_assert_ptr_null(strstr(t, "\"listmount\""));
  ck_assert_ptr_null(strstr(t, "\"uretprobe\""));
  ck_assert_ptr_nonnull(strstr(t, "\"statx\""));
  /* compiles */
  _cleanup_error_ struct clamp_error *err = NULL;
  uint8_t digest[32];
  ck_assert_msg(clamp_seccomp_compile(o, digest, &err) == 0, "%s", err ? err->msg : "?");
}
END_TEST

START_TEST(test_default_profile_sys_admin)
{
  _cleanup_world_ struct world *w = world_new();
  const char *const caps[] = { "CAP_NET_BIND_SERVICE", "CAP_SYS_ADMIN" };
  struct clamp_json *o = make_o(w, caps, 2);
  ck_assert(ev_allows(w, o, "mount", A6(0, 0, 0, 0, 0, 0)));
  ck_assert(ev_allows(w, o, "unshare", A6(CLONE_NEWUSER, 0, 0, 0, 0, 0)));
  ck_assert(ev_allows(w, o, "clone3", A6(0, 0, 0, 0, 0, 0)));
  ck_assert(ev_allows(w, o, "clone", A6(CLONE_NEWNS | CLONE_NEWUSER, 0, 0, 0, 0, 0)));
  ck_assert(ev_allows(w, o, "bpf", A6(0, 0, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, o, "ptrace", A6(0, 0, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, o, "kexec_load", A6(0, 0, 0, 0, 0, 0)));
  _cleanup_free_ char *t = clamp_test_text(o);
  ck_assert_ptr_null(strstr(t, "\"errnoRet\":38"));
  ck_assert_ptr_null(strstr(t, "MASKED_EQ"));
  /* CAP_SYS_PTRACE alone opens ptrace and friends, whatever the kernel */
  const char *const ptr[] = { "CAP_SYS_PTRACE" };
  struct clamp_json *o2 = make_o(w, ptr, 1);
  ck_assert(ev_allows(w, o2, "ptrace", A6(0, 0, 0, 0, 0, 0)));
  ck_assert(ev_allows(w, o2, "process_vm_readv", A6(0, 0, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, o2, "mount", A6(0, 0, 0, 0, 0, 0)));
}
END_TEST

/* ---- property 1 and 3: intersections ------------------------------------- */

START_TEST(test_fixed_point_self)
{
  _cleanup_world_ struct world *w = world_new();
  struct clamp_json *o = make_o(w, NBS_ONLY, 1);
  struct clamp_profile_stats st;
  struct clamp_json *r = intersect(w, o, o, &st);
  _cleanup_free_ char *ot = clamp_test_text(o);
  _cleanup_free_ char *rt = clamp_test_text(r);
  expect_text(rt, ot);
  ck_assert_uint_eq(st.n_narrowed, 0);
  ck_assert_uint_eq(st.n_inexact, 0);
  check_t(w, o, o, "O itself", NULL);
  /* and for the other bounding sets */
  const char *const admin[] = { "CAP_SYS_ADMIN", "CAP_SYS_PTRACE", "CAP_SYS_NICE" };
  struct clamp_json *oa = make_o(w, admin, 3);
  _cleanup_free_ char *oat = clamp_test_text(oa);
  _cleanup_free_ char *rat = clamp_test_text(intersect(w, oa, oa, NULL));
  expect_text(rat, oat);
  /* to_oci of its own output (an OCI profile is valid Docker format) */
  _cleanup_free_ char *again = clamp_test_text(to_oci(w, o, NBS_ONLY, 1));
  expect_text(again, ot);
}
END_TEST

static struct clamp_json *docker_like(const struct world *w)
{
  _cleanup_json_doc_ struct clamp_json_doc *d = clamp_test_parse_data("seccomp/docker-like.json");
  return clamp_json_copy(w->doc, to_oci(w, d->root, DOCKER_CAPS, CLAMP_N_ELEMENTS(DOCKER_CAPS)));
}

START_TEST(test_docker_like)
{
  _cleanup_world_ struct world *w = world_new();
  struct clamp_json *o = make_o(w, NBS_ONLY, 1);
  struct clamp_json *t = docker_like(w);
  /* Docker's own resolution: x86 family, ptrace on >= 4.8, chroot with
   * CAP_SYS_CHROOT, clone3 ENOSYS, no io_uring */
  ck_assert(ev_allows(w, t, "ptrace", A6(0, 0, 0, 0, 0, 0)));
  ck_assert(ev_allows(w, t, "chroot", A6(0, 0, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, t, "io_uring_setup", A6(0, 0, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, t, "socket", A6(38, 0, 0, 0, 0, 0)));
  _cleanup_free_ char *tt = clamp_test_text(t);
  ck_assert_ptr_nonnull(
      strstr(tt, "\"architectures\":[\"SCMP_ARCH_X86_64\",\"SCMP_ARCH_X86\",\"SCMP_ARCH_X32\"]"));
  check_t(w, o, t, "docker-like", NULL);

  struct clamp_profile_stats st;
  struct clamp_json *r = intersect(w, o, t, &st);
  /* ptrace and chroot were Docker's; the result denies them */
  ck_assert_uint_ge(st.n_narrowed, 2);
  ck_assert(name_in(st.narrowed, st.n_narrowed, "chroot"));
  ck_assert(name_in(st.narrowed, st.n_narrowed, "ptrace"));
  ck_assert(!ev_allows(w, r, "ptrace", A6(0, 0, 0, 0, 0, 0)));
  _cleanup_free_ char *rt = clamp_test_text(r);
  ck_assert_ptr_nonnull(strstr(rt, "\"architectures\":[\"SCMP_ARCH_X86_64\"],"));
}
END_TEST

START_TEST(test_podman)
{
  _cleanup_world_ struct world *w = world_new();
  _cleanup_json_doc_ struct clamp_json_doc *p = clamp_test_parse_file(PODMAN_PROFILE);
  if (p == NULL)
    {
      fprintf(stderr, "# %s absent (golang-github-containers-common): podman case not run\n",
              PODMAN_PROFILE);
      return;
    }
  struct clamp_json *o = make_o(w, NBS_ONLY, 1);
  struct clamp_json *t = to_oci(w, p->root, PODMAN_CAPS, CLAMP_N_ELEMENTS(PODMAN_CAPS));
  /* podman without CAP_AUDIT_WRITE: socket(AF_NETLINK, *, NETLINK_AUDIT) is EINVAL */
  struct ev e;
  ev_load(w, &e, t);
  struct verdict v = ev_eval(&e, "socket", A6(16, 3, 9, 0, 0, 0));
  ck_assert(!v.allowed);
  ck_assert_uint_eq(v.errno_ret, 22);
  ck_assert(ev_eval(&e, "socket", A6(16, 3, 0, 0, 0, 0)).allowed);
  free(e.r);
  check_t(w, o, t, "podman", NULL);

  /* The NE conditions intersect exactly: socket is not denied outright. */
  struct clamp_profile_stats st;
  struct clamp_json *r = intersect(w, o, t, &st);
  ev_load(w, &e, r);
  ck_assert(ev_eval(&e, "socket", A6(2, 1, 0, 0, 0, 0)).allowed);
  ck_assert(ev_eval(&e, "socket", A6(16, 3, 0, 0, 0, 0)).allowed);
  ck_assert(ev_eval(&e, "socket", A6(16, 3, 10, 0, 0, 0)).allowed);
  v = ev_eval(&e, "socket", A6(16, 3, 9, 0, 0, 0));
  ck_assert(!v.allowed);
  ck_assert_uint_eq(v.errno_ret, 22); /* their EINVAL, carried over */
  v = ev_eval(&e, "socket", A6(40, 1, 0, 0, 0, 0));
  ck_assert(!v.allowed);
  ck_assert_uint_eq(v.errno_ret, 1); /* our EPERM */
  /* what only podman denies, by its ENOSYS default */
  v = ev_eval(&e, "statx", A6(0, 0, 0, 0, 0, 0));
  if (!ev_allows(w, t, "statx", A6(0, 0, 0, 0, 0, 0)))
    ck_assert_uint_eq(v.errno_ret, 38);
  free(e.r);
  ck_assert_uint_eq(st.n_inexact, 0);
}
END_TEST

/* Theirs: default ALLOW with a few denials of several kinds. */
static const char T_DEFAULT_ALLOW[] =
    "{'defaultAction':'SCMP_ACT_ALLOW','architectures':['SCMP_ARCH_X86_64'],'syscalls':["
    "{'names':['mkdir','mkdirat'],'action':'SCMP_ACT_ERRNO','errnoRet':13},"
    "{'names':['socket'],'action':'SCMP_ACT_ERRNO','errnoRet':97,"
    "'args':[{'index':0,'value':10,'op':'SCMP_CMP_EQ'}]},"
    "{'names':['read'],'action':'SCMP_ACT_KILL_PROCESS','args':[{'index':0,'value':1000,"
    "'op':'SCMP_CMP_GT'},{'index':2,'value':4096,'op':'SCMP_CMP_GE'}]},"
    "{'names':['ptrace','personality'],'action':'SCMP_ACT_TRAP'},"
    "{'names':['getpid'],'action':'SCMP_ACT_ALLOW'},"
    "{'names':['write'],'action':'SCMP_ACT_LOG'}]}";

/* Theirs: rules whose argument index repeats (runc ORs the conditions). */
static const char T_REPEATED[] =
    "{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':38,'syscalls':["
    "{'names':['read','write','getpid','personality','mkdir'],'action':'SCMP_ACT_ALLOW'},"
    "{'names':['socket'],'action':'SCMP_ACT_ALLOW','args':["
    "{'index':0,'value':1,'op':'SCMP_CMP_EQ'},{'index':0,'value':10,'op':'SCMP_CMP_EQ'},"
    "{'index':1,'value':3,'op':'SCMP_CMP_EQ'}]},"
    "{'names':['clone'],'action':'SCMP_ACT_ALLOW','args':["
    "{'index':0,'value':256,'op':'SCMP_CMP_GE'},{'index':0,'value':512,'op':'SCMP_CMP_LE'}]},"
    "{'names':['ioctl'],'action':'SCMP_ACT_ALLOW'},"
    "{'names':['ioctl'],'action':'SCMP_ACT_ERRNO','errnoRet':25,'args':["
    "{'index':1,'value':21531,'op':'SCMP_CMP_EQ'},{'index':1,'value':21532,'op':'SCMP_CMP_EQ'}]}]}";

/* Theirs: LOG, KILL (= KILL_THREAD), KILL_PROCESS, TRAP and TRACE. */
static const char T_ACTIONS[] =
    "{'defaultAction':'SCMP_ACT_KILL_PROCESS','architectures':['SCMP_ARCH_X86_64',"
    "'SCMP_ARCH_X86'],'syscalls':["
    "{'names':['read','write','clone','socket','personality','ioctl','mkdir','kill'],"
    "'action':'SCMP_ACT_LOG'},"
    "{'names':['write'],'action':'SCMP_ACT_KILL','args':[{'index':0,'value':2,'op':'SCMP_CMP_GT'}]}"
    ","
    "{'names':['socket'],'action':'SCMP_ACT_TRAP','args':[{'index':0,'value':16,'op':'SCMP_CMP_EQ'}"
    "]},"
    "{'names':['ioctl'],'action':'SCMP_ACT_TRACE','errnoRet':5,'args':[{'index':1,"
    "'value':4294967295,'op':'SCMP_CMP_LT'}]},"
    "{'names':['mkdir'],'action':'SCMP_ACT_TRACE'},"
    "{'names':['kill'],'action':'SCMP_ACT_KILL_PROCESS','args':[{'index':1,'value':9,'op':'SCMP_"
    "CMP_EQ'}]}]}";

/* Theirs: masked equalities that do and don't combine with ours. */
static const char T_MASKS[] =
    "{'defaultAction':'SCMP_ACT_ERRNO','syscalls':["
    "{'names':['read','getpid'],'action':'SCMP_ACT_ALLOW'},"
    "{'names':['clone'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,'value':4294967295,"
    "'valueTwo':4352,'op':'SCMP_CMP_MASKED_EQ'}]},"
    "{'names':['clone'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,'value':2147483648,"
    "'valueTwo':0,'op':'SCMP_CMP_MASKED_EQ'},{'index':1,'value':4096,'op':'SCMP_CMP_LT'}]},"
    "{'names':['personality'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,'value':"
    "18446744073709420535,'valueTwo':0,'op':'SCMP_CMP_MASKED_EQ'}]},"
    "{'names':['socket'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,'value':15,"
    "'valueTwo':8,'op':'SCMP_CMP_MASKED_EQ'}]},"
    "{'names':['socket'],'action':'SCMP_ACT_ERRNO','errnoRet':93,'args':[{'index':0,"
    "'value':255,'valueTwo':24,'op':'SCMP_CMP_MASKED_EQ'}]}]}";

/* check_t for a profile T written inline (single quotes), against O for
 * NET_BIND_SERVICE; returns their intersection, with its stats in *st
 * when st is not NULL. */
static struct clamp_json *check_inline(const struct world *w, const char *q, const char *label,
                                       const char *inexact, struct clamp_profile_stats *st)
{
  _cleanup_json_doc_ struct clamp_json_doc *parsed = clamp_test_parse_q(q);
  const struct clamp_json *t = clamp_json_copy(w->doc, parsed->root);
  const struct clamp_json *o = make_o(w, NBS_ONLY, 1);
  check_t(w, o, t, label, inexact);
  return intersect(w, o, t, st);
}

START_TEST(test_default_allow)
{
  _cleanup_world_ struct world *w = world_new();
  struct clamp_json *r = check_inline(w, T_DEFAULT_ALLOW, "default-allow", NULL, NULL);
  struct ev e;
  ev_load(w, &e, r);
  struct verdict v = ev_eval(&e, "mkdir", A6(0, 0, 0, 0, 0, 0));
  ck_assert_str_eq(v.action, "SCMP_ACT_ERRNO");
  ck_assert_uint_eq(v.errno_ret, 13);
  v = ev_eval(&e, "read", A6(1001, 0, 4096, 0, 0, 0));
  ck_assert_str_eq(v.action, "SCMP_ACT_KILL_PROCESS");
  ck_assert(ev_eval(&e, "read", A6(1000, 0, 4096, 0, 0, 0)).allowed);
  ck_assert(ev_eval(&e, "write", A6(1000, 0, 4096, 0, 0, 0)).allowed);
  v = ev_eval(&e, "personality", A6(8, 0, 0, 0, 0, 0));
  ck_assert_str_eq(v.action, "SCMP_ACT_TRAP");
  v = ev_eval(&e, "socket", A6(10, 0, 0, 0, 0, 0));
  ck_assert_uint_eq(v.errno_ret, 97);
  v = ev_eval(&e, "socket", A6(40, 0, 0, 0, 0, 0));
  ck_assert_uint_eq(v.errno_ret, 1);
  free(e.r);
}
END_TEST

START_TEST(test_repeated_index)
{
  _cleanup_world_ struct world *w = world_new();
  struct clamp_json *r = check_inline(w, T_REPEATED, "repeated-index", NULL, NULL);
  /* OR: socket(1, x), socket(10, x), socket(x, 3) for families ours allows */
  ck_assert(ev_allows(w, r, "socket", A6(1, 0, 0, 0, 0, 0)));
  ck_assert(ev_allows(w, r, "socket", A6(2, 3, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, r, "socket", A6(2, 2, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, r, "socket", A6(40, 3, 0, 0, 0, 0)));
  /* GE 256 OR LE 512 is everything, then cut to ours */
  ck_assert(ev_allows(w, r, "clone", A6(0, 0, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, r, "clone", A6(CLONE_NEWNS, 0, 0, 0, 0, 0)));
  struct ev e;
  ev_load(w, &e, r);
  struct verdict v = ev_eval(&e, "ioctl", A6(0, 21532, 0, 0, 0, 0));
  ck_assert_uint_eq(v.errno_ret, 25);
  ck_assert(ev_eval(&e, "ioctl", A6(0, 21533, 0, 0, 0, 0)).allowed);
  free(e.r);
}
END_TEST

START_TEST(test_actions)
{
  _cleanup_world_ struct world *w = world_new();
  check_inline(w, T_ACTIONS, "actions", NULL, NULL);
}
END_TEST

START_TEST(test_masks)
{
  _cleanup_world_ struct world *w = world_new();
  struct clamp_json *r = check_inline(w, T_MASKS, "masks", NULL, NULL);
  _cleanup_free_ char *rt = clamp_test_text(r);
  /* clone: their low-32-bit equality and ours combine into one mask */
  ck_assert_ptr_nonnull(strstr(rt, "{\"names\":[\"clone\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":"
                                   "[{\"index\":0,\"value\":4294967295,\"valueTwo\":4352,"
                                   "\"op\":\"SCMP_CMP_MASKED_EQ\"}]}"));
  ck_assert(ev_allows(w, r, "clone", A6(0x1100, 0, 0, 0, 0, 0)));
  ck_assert(ev_allows(w, r, "clone", A6(0x51100, 5000, 0, 0, 0, 0)) == false);
  ck_assert(ev_allows(w, r, "clone", A6(0x11, 4095, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, r, "clone", A6(0x11, 4096, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, r, "clone", A6(0x11 | CLONE_NEWNS, 1, 0, 0, 0, 0)));
  /* personality: their mask keeps 0, 8, 0x20000, 0x20008 of ours */
  ck_assert(ev_allows(w, r, "personality", A6(0x20008, 0, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, r, "personality", A6(0xffffffff, 0, 0, 0, 0, 0)));
  /* socket: families 8, 24, 40, 56, ... of theirs minus 24 (their errno) and 40 (ours) */
  ck_assert(ev_allows(w, r, "socket", A6(8, 0, 0, 0, 0, 0)));
  ck_assert(ev_allows(w, r, "socket", A6(56, 0, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, r, "socket", A6(40, 0, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, r, "socket", A6(24, 0, 0, 0, 0, 0)));
  ck_assert(!ev_allows(w, r, "socket", A6(9, 0, 0, 0, 0, 0)));
}
END_TEST

START_TEST(test_inexact)
{
  _cleanup_world_ struct world *w = world_new();
  /* 300 scattered values of read's fd: more rules than one syscall may
   * have. read is denied and reported, the rest stays exact. */
  struct clamp_buf b;
  clamp_buf_init(&b);
  clamp_buf_puts(&b, "{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['write','socket'],"
                     "'action':'SCMP_ACT_ALLOW'}");
  for (unsigned i = 0; i < 300; i++)
    clamp_buf_printf(&b,
                     ",{'names':['read'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,"
                     "'value':%u,'op':'SCMP_CMP_EQ'}]}",
                     i * 7);
  clamp_buf_puts(&b, "]}");
  struct clamp_profile_stats st;
  struct clamp_json *r = check_inline(w, b.data, "inexact", "read", &st);
  ck_assert_uint_eq(st.n_inexact, 1);
  ck_assert_str_eq(st.inexact[0], "read");
  ck_assert(name_in(st.narrowed, st.n_narrowed, "read"));
  ck_assert(!ev_allows(w, r, "read", A6(0, 0, 0, 0, 0, 0)));
  ck_assert(ev_allows(w, r, "write", A6(0, 0, 0, 0, 0, 0)));
  ck_assert(ev_allows(w, r, "socket", A6(2, 0, 0, 0, 0, 0)));
  clamp_buf_free(&b);
}
END_TEST

/* Every linux.seccomp of the Docker/podman fixtures under tests/data. */
static size_t check_fixture_dir(const struct world *w, const struct clamp_json *o, const char *rel)
{
  char dir[4096];
  snprintf(dir, sizeof dir, "%s/%s", CLAMP_TEST_DATA, rel);
  DIR *d = opendir(dir);
  if (d == NULL)
    return 0;
  size_t n = 0;
  struct dirent *de;
  while ((de = readdir(d)) != NULL)
    {
      if (de->d_name[0] == '.')
        continue;
      char path[8192];
      snprintf(path, sizeof path, "%s/%s/config.json", dir, de->d_name);
      _cleanup_json_doc_ struct clamp_json_doc *c = clamp_test_parse_file(path);
      if (c == NULL)
        continue;
      const struct clamp_json *s =
          clamp_json_object_get(clamp_json_object_get(c->root, "linux"), "seccomp");
      if (clamp_profile_oci_is_empty(s))
        continue;
      check_t(w, o, s, path, NULL);
      n++;
    }
  closedir(d);
  return n;
}

START_TEST(test_engine_fixtures)
{
  _cleanup_world_ struct world *w = world_new();
  struct clamp_json *o = make_o(w, NBS_ONLY, 1);
  size_t n = check_fixture_dir(w, o, "docker");
  ck_assert_uint_ge(n, 8);
  n += check_fixture_dir(w, o, "podman");
  ck_assert_uint_ge(n, 11);
  fprintf(stderr, "# %zu engine fixtures intersected\n", n);
}
END_TEST

/* ---- canonical text ------------------------------------------------------ */

static const char OURS_SMALL[] =
    "{'defaultAction':'SCMP_ACT_ERRNO','syscalls':["
    "{'names':['read','write','socket','getpid','clone3','mkdir'],'action':'SCMP_ACT_ALLOW'},"
    "{'name':'socket','action':'SCMP_ACT_ERRNO','errnoRet':97,'comment':'no vsock',"
    "'args':[{'index':0,'value':40,'op':'SCMP_CMP_EQ'}]},"
    "{'names':['kill'],'action':'SCMP_ACT_ALLOW','args':[{'index':1,'value':9,'op':'SCMP_CMP_NE'}],"
    "'x-unknown':{'ignored':true}},"
    "{'names':['clone3'],'action':'SCMP_ACT_ERRNO','errnoRet':38,'excludes':{'caps':['CAP_SYS_"
    "ADMIN']}},"
    "{'names':['mkdir'],'action':'SCMP_ACT_KILL','includes':{'minKernel':'6.2'}},"
    "{'names':['mkdir'],'action':'SCMP_ACT_KILL_PROCESS','includes':{'minKernel':'6.1'}}]}";

START_TEST(test_exact_text)
{
  _cleanup_world_ struct world *w = world_new();
  _cleanup_json_doc_ struct clamp_json_doc *p = clamp_test_parse_q(OURS_SMALL);
  struct clamp_json *o = to_oci(w, p->root, NULL, 0);
  _cleanup_free_ char *ot = clamp_test_text(o);
  expect_text(
      ot,
      "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
      "\"flags\":[],\"syscalls\":["
      "{\"names\":[\"getpid\",\"read\",\"write\"],\"action\":\"SCMP_ACT_ALLOW\"},"
      "{\"names\":[\"kill\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":1,\"value\":9,"
      "\"op\":\"SCMP_CMP_NE\"}]},"
      "{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":40,"
      "\"op\":\"SCMP_CMP_NE\"}]},"
      "{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_KILL_PROCESS\"},"
      "{\"names\":[\"clone3\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":38},"
      "{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":97,\"args\":[{\"index\":"
      "0,"
      "\"value\":40,\"op\":\"SCMP_CMP_EQ\"}]}]}");

  /* Theirs: ENOSYS default, read only for fd 0..2, socket only AF_INET
   * (2) and AF_INET6 (10) written two ways, kill allowed, mkdir allowed,
   * clone3 allowed, getpid not named. */
  _cleanup_json_doc_ struct clamp_json_doc *t = clamp_test_parse_q(
      "{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':38,'architectures':['SCMP_ARCH_X86_64',"
      "'SCMP_ARCH_X86'],'flags':['SECCOMP_FILTER_FLAG_SPEC_ALLOW'],'syscalls':["
      "{'names':['write','kill','mkdir','clone3','unknown_call_x'],'action':'SCMP_ACT_ALLOW'},"
      "{'names':['read'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,'value':3,'op':'SCMP_CMP_LT'}"
      "]},"
      "{'names':['socket'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,'value':2,'op':'SCMP_CMP_"
      "EQ'},"
      "{'index':0,'value':10,'op':'SCMP_CMP_EQ'}]},"
      "{'names':['write'],'action':'SCMP_ACT_ERRNO','errnoRet':9,'args':[{'index':0,'value':0,"
      "'op':'SCMP_CMP_EQ'}]}]}");
  struct clamp_profile_stats st;
  struct clamp_json *r = intersect(w, o, t->root, &st);
  _cleanup_free_ char *rt = clamp_test_text(r);
  expect_text(
      rt,
      "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
      "\"flags\":[],\"syscalls\":["
      "{\"names\":[\"kill\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":1,\"value\":9,"
      "\"op\":\"SCMP_CMP_NE\"}]},"
      "{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":2,"
      "\"op\":\"SCMP_CMP_LE\"}]},"
      "{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":2,"
      "\"op\":\"SCMP_CMP_EQ\"}]},"
      "{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":10,"
      "\"op\":\"SCMP_CMP_EQ\"}]},"
      "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_ALLOW\",\"args\":[{\"index\":0,\"value\":1,"
      "\"op\":\"SCMP_CMP_GE\"}]},"
      "{\"names\":[\"mkdir\"],\"action\":\"SCMP_ACT_KILL_PROCESS\"},"
      "{\"names\":[\"clone3\",\"getpid\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":38},"
      "{\"names\":[\"socket\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":97,\"args\":[{\"index\":"
      "0,"
      "\"value\":40,\"op\":\"SCMP_CMP_EQ\"}]},"
      "{\"names\":[\"write\"],\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":9,\"args\":[{\"index\":0,"
      "\"value\":0,\"op\":\"SCMP_CMP_EQ\"}]}]}");
  ck_assert_uint_eq(st.n_narrowed, 3);
  ck_assert_str_eq(st.narrowed[0], "clone3");
  ck_assert_str_eq(st.narrowed[1], "kill");
  ck_assert_str_eq(st.narrowed[2], "mkdir");
  ck_assert_uint_eq(st.n_inexact, 0);
  check_t(w, o, t->root, "small", NULL);

  /* The same semantics written another way gives the same bytes. */
  _cleanup_json_doc_ struct clamp_json_doc *t2 = clamp_test_parse_q(
      "{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':38,'architectures':['SCMP_ARCH_X86',"
      "'SCMP_ARCH_X86_64','SCMP_ARCH_X86'],'syscalls':["
      "{'names':['socket'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,'value':10,'op':'SCMP_CMP_"
      "EQ'}]},"
      "{'names':['clone3','mkdir'],'action':'SCMP_ACT_LOG'},"
      "{'names':['write'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,'value':1,'op':'SCMP_CMP_GE'"
      "}]},"
      "{'names':['read'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,'value':1,'op':'SCMP_CMP_LE'}"
      "]},"
      "{'names':['read'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,'value':2,'op':'SCMP_CMP_EQ'}"
      "]},"
      "{'names':['read'],'action':'SCMP_ACT_ERRNO','errnoRet':38,'args':[{'index':0,'value':2,'op':"
      "'SCMP_CMP_GT'}]},"
      "{'names':['write'],'action':'SCMP_ACT_ERRNO','errnoRet':9,'args':[{'index':0,'value':1,'op':"
      "'SCMP_CMP_LT'}]},"
      "{'names':['socket','kill'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,'value':2,'op':'"
      "SCMP_CMP_EQ'}]},"
      "{'names':['kill'],'action':'SCMP_ACT_ALLOW','args':[{'index':0,'value':2,'op':'SCMP_CMP_NE'}"
      "]}]}");
  _cleanup_free_ char *r2t = clamp_test_text(intersect(w, o, t2->root, NULL));
  expect_text(r2t, rt);
}
END_TEST

START_TEST(test_defaults_and_archs)
{
  _cleanup_world_ struct world *w = world_new();
  /* Ours allows by default: where theirs denies by default, the result
   * must too, so it takes their default. */
  _cleanup_json_doc_ struct clamp_json_doc *p = clamp_test_parse_q(
      "{'defaultAction':'SCMP_ACT_LOG','architectures':['SCMP_ARCH_X86_64','SCMP_ARCH_X32'],"
      "'syscalls':[{'names':['mount'],'action':'SCMP_ACT_ERRNO','errnoRet':1}]}");
  struct clamp_json *o = to_oci(w, p->root, NULL, 0);
  _cleanup_free_ char *ot = clamp_test_text(o);
  expect_text(ot, "{\"defaultAction\":\"SCMP_ACT_LOG\",\"architectures\":[\"SCMP_ARCH_X86_64\","
                  "\"SCMP_ARCH_X32\"],\"flags\":[],\"syscalls\":[{\"names\":[\"mount\"],"
                  "\"action\":\"SCMP_ACT_ERRNO\",\"errnoRet\":1}]}");
  _cleanup_json_doc_ struct clamp_json_doc *t = clamp_test_parse_q(
      "{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':38,'syscalls':[{'names':['read',"
      "'mount'],'action':'SCMP_ACT_ALLOW'}]}");
  _cleanup_free_ char *rt = clamp_test_text(intersect(w, o, t->root, NULL));
  expect_text(rt, "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"defaultErrnoRet\":38,"
                  "\"architectures\":[],\"flags\":[],\"syscalls\":[{\"names\":[\"read\"],"
                  "\"action\":\"SCMP_ACT_ALLOW\"},{\"names\":[\"mount\"],\"action\":"
                  "\"SCMP_ACT_ERRNO\",\"errnoRet\":1}]}");
  check_t(w, o, t->root, "ours allows by default", NULL);
  /* Both allow by default: the deny rules of both, ours first. */
  _cleanup_json_doc_ struct clamp_json_doc *t2 = clamp_test_parse_q(
      "{'defaultAction':'SCMP_ACT_ALLOW','architectures':['SCMP_ARCH_X32'],'syscalls':["
      "{'names':['mount','ptrace'],'action':'SCMP_ACT_KILL_PROCESS'},"
      "{'names':['socket'],'action':'SCMP_ACT_ERRNO','errnoRet':13,'args':[{'index':0,'value':5,"
      "'op':'SCMP_CMP_LE'}]}]}");
  _cleanup_free_ char *r2t = clamp_test_text(intersect(w, o, t2->root, NULL));
  expect_text(r2t, "{\"defaultAction\":\"SCMP_ACT_LOG\",\"architectures\":[\"SCMP_ARCH_X32\"],"
                   "\"flags\":[],\"syscalls\":[{\"names\":[\"ptrace\"],\"action\":"
                   "\"SCMP_ACT_KILL_PROCESS\"},{\"names\":[\"mount\"],\"action\":"
                   "\"SCMP_ACT_ERRNO\",\"errnoRet\":1},{\"names\":[\"socket\"],\"action\":"
                   "\"SCMP_ACT_ERRNO\",\"errnoRet\":13,\"args\":[{\"index\":0,\"value\":5,"
                   "\"op\":\"SCMP_CMP_LE\"}]}]}");
  check_t(w, o, t2->root, "both allow by default", NULL);
  /* archMap: the native entry and its sub-architectures */
  _cleanup_json_doc_ struct clamp_json_doc *am = clamp_test_parse_q(
      "{'defaultAction':'SCMP_ACT_ERRNO','archMap':[{'architecture':'SCMP_ARCH_AARCH64',"
      "'subArchitectures':['SCMP_ARCH_ARM']},{'architecture':'SCMP_ARCH_X86_64',"
      "'subArchitectures':['SCMP_ARCH_X86','SCMP_ARCH_X32']}],'syscalls':[]}");
  _cleanup_free_ char *amt = clamp_test_text(to_oci(w, am->root, NULL, 0));
  expect_text(amt, "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\","
                   "\"SCMP_ARCH_X86\",\"SCMP_ARCH_X32\"],\"flags\":[],\"syscalls\":[]}");
}
END_TEST

START_TEST(test_includes_excludes)
{
  _cleanup_world_ struct world *w = world_new();
  _cleanup_json_doc_ struct clamp_json_doc *p = clamp_test_parse_q(
      "{'defaultAction':'SCMP_ACT_ERRNO','syscalls':["
      "{'names':['read'],'action':'SCMP_ACT_ALLOW','includes':{'caps':['CAP_A','CAP_B']}},"
      "{'names':['write'],'action':'SCMP_ACT_ALLOW','excludes':{'caps':['CAP_A','CAP_B']}},"
      "{'names':['getpid'],'action':'SCMP_ACT_ALLOW','includes':{'arches':['x86','amd64']}},"
      "{'names':['kill'],'action':'SCMP_ACT_ALLOW','excludes':{'arches':['amd64']}},"
      "{'names':['mkdir'],'action':'SCMP_ACT_ALLOW','includes':{'minKernel':'6.1'}},"
      "{'names':['ptrace'],'action':'SCMP_ACT_ALLOW','includes':{'minKernel':'6.2'}},"
      "{'names':['socket'],'action':'SCMP_ACT_ALLOW','excludes':{'minKernel':'5.19'}},"
      "{'names':['clone'],'action':'SCMP_ACT_ALLOW','excludes':{'minKernel':'7.0'},"
      "'includes':{'minKernel':'','caps':[]}},"
      "{'names':['ioctl'],'action':'SCMP_ACT_ALLOW','includes':{},'excludes':null}]}");
  const char *const one[] = { "CAP_A" };
  const char *const both[] = { "CAP_B", "CAP_A" };
  const char *const none[] = { "CAP_C" };
  struct
  {
    const char *const *caps;
    size_t n;
    const char *want;
  } cases[] = {
    { one, 1, "[\"clone\",\"getpid\",\"ioctl\",\"mkdir\"]" },
    { both, 2, "[\"clone\",\"getpid\",\"ioctl\",\"mkdir\",\"read\"]" },
    { none, 1, "[\"clone\",\"getpid\",\"ioctl\",\"mkdir\",\"write\"]" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(cases); i++)
    {
      _cleanup_free_ char *t = clamp_test_text(to_oci(w, p->root, cases[i].caps, cases[i].n));
      char want[512];
      snprintf(want, sizeof want, "\"syscalls\":[{\"names\":%s,", cases[i].want);
      ck_assert_msg(strstr(t, want) != NULL, "%s lacks %s", t, want);
    }
  /* a 386 host matches "x86" in arches, as moby's goToNative does */
  struct clamp_seccomp_host h386 = { "SCMP_ARCH_X86", "386", 6, 1 };
  _cleanup_error_ struct clamp_error *err = NULL;
  struct clamp_json *o = clamp_profile_to_oci(w->doc, p->root, none, 1, &h386, &w->oracle, &err);
  ck_assert_ptr_nonnull(o);
  _cleanup_free_ char *t = clamp_test_text(o);
  ck_assert_ptr_nonnull(strstr(t, "\"architectures\":[\"SCMP_ARCH_X86\"]"));
  ck_assert_ptr_nonnull(
      strstr(t, "{\"names\":[\"clone\",\"getpid\",\"ioctl\",\"kill\",\"mkdir\",\"write\"],"));
}
END_TEST

/* ---- property 4: errors --------------------------------------------------- */

/* A call that returned r and err must have failed with exactly want. */
static void expect_input_error(const struct clamp_json *r, const struct clamp_error *err,
                               const char *want)
{
  ck_assert_ptr_null(r);
  ck_assert_ptr_nonnull(err);
  ck_assert_int_eq(err->kind, CLAMP_ERR_INPUT);
  ck_assert_msg(strcmp(err->msg, want) == 0, "got  %s\nwant %s", err->msg, want);
}

/* Theirs (q) is refused when intersected with O. */
static void bad_theirs(const struct world *w, const char *q, const char *want)
{
  _cleanup_json_doc_ struct clamp_json_doc *t = clamp_test_parse_q(q);
  struct clamp_json *o = make_o(w, NBS_ONLY, 1);
  _cleanup_error_ struct clamp_error *err = NULL;
  struct clamp_json *r = clamp_profile_intersect(w->doc, o, t->root, &w->oracle, NULL, &err);
  expect_input_error(r, err, want);
}

/* Ours (q) is refused when made into O. */
static void bad_ours(const struct world *w, const char *q, const char *want)
{
  _cleanup_json_doc_ struct clamp_json_doc *p = clamp_test_parse_q(q);
  _cleanup_error_ struct clamp_error *err = NULL;
  struct clamp_json *o =
      clamp_profile_to_oci(w->doc, p->root, NBS_ONLY, 1, &HOST, &w->oracle, &err);
  expect_input_error(o, err, want);
}

#define RULE(r)                                                                                    \
  "{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['read'],'action':'SCMP_ACT_ALLOW'}," r  \
  "]}"
#define ARG(a) RULE("{'names':['write'],'action':'SCMP_ACT_ALLOW','args':[" a "]}")

START_TEST(test_errors_theirs)
{
  _cleanup_world_ struct world *w = world_new();
  bad_theirs(w, RULE("{'names':['write'],'action':'SCMP_ACT_NOTIFY'}"),
             "syscalls[1].action: SCMP_ACT_NOTIFY is not supported (clamp does not hand syscalls "
             "to a seccomp agent)");
  bad_theirs(w, "{'defaultAction':'SCMP_ACT_NOTIFY','syscalls':[]}",
             "defaultAction: SCMP_ACT_NOTIFY is not supported (clamp does not hand syscalls to a "
             "seccomp agent)");
  bad_theirs(w, "{'defaultAction':'SCMP_ACT_ERRNO','listenerPath':'/run/agent.sock'}",
             "listenerPath: a seccomp agent is not supported (clamp refuses SCMP_ACT_NOTIFY and "
             "its listener)");
  bad_theirs(w, "{'defaultAction':'SCMP_ACT_ERRNO','listenerMetadata':'x'}",
             "listenerMetadata: a seccomp agent is not supported (clamp refuses SCMP_ACT_NOTIFY "
             "and its listener)");
  bad_theirs(w, ARG("{'index':0,'value':1,'op':'SCMP_CMP_FOO'}"),
             "syscalls[1].args[0].op: unknown operator \"SCMP_CMP_FOO\"");
  bad_theirs(w, ARG("{'index':0,'value':1}"), "syscalls[1].args[0].op: required");
  bad_theirs(w, ARG("{'index':6,'value':1,'op':'SCMP_CMP_EQ'}"),
             "syscalls[1].args[0].index: 6 is out of range (at most 5)");
  bad_theirs(w, ARG("{'value':1,'op':'SCMP_CMP_EQ'}"), "syscalls[1].args[0].index: required");
  bad_theirs(w, ARG("{'index':0,'op':'SCMP_CMP_EQ'}"), "syscalls[1].args[0].value: required");
  bad_theirs(w, RULE("{'names':['write'],'action':'SCMP_ACT_ERRNO','errnoRet':5000}"),
             "syscalls[1].errnoRet: 5000 is out of range (at most 4095)");
  bad_theirs(w, "{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':4096}",
             "defaultErrnoRet: 4096 is out of range (at most 4095)");
  bad_theirs(w, "{'defaultAction':'','syscalls':[{'names':['read'],'action':'SCMP_ACT_ALLOW'}]}",
             "defaultAction: required when syscalls are given (runc refuses an empty default "
             "action)");
  bad_theirs(w, "{'syscalls':[{'names':['read'],'action':'SCMP_ACT_ALLOW'}]}",
             "defaultAction: required when syscalls are given (runc refuses an empty default "
             "action)");
  bad_theirs(w, "{'defaultAction':'SCMP_ACT_ALOW'}",
             "defaultAction: unknown action \"SCMP_ACT_ALOW\"");
  bad_theirs(w, RULE("{'names':['write'],'action':'ALLOW\\n\\u001b[31m'}"),
             "syscalls[1].action: unknown action \"ALLOW\\n\\x1B[31m\"");
  /* types */
  bad_theirs(w, RULE("{'names':'write','action':'SCMP_ACT_ALLOW'}"),
             "syscalls[1].names: must be an array of strings, not a string");
  bad_theirs(w, RULE("{'names':['write',7],'action':'SCMP_ACT_ALLOW'}"),
             "syscalls[1].names[1]: must be a string, not a number");
  bad_theirs(w, RULE("{'names':['write',''],'action':'SCMP_ACT_ALLOW'}"),
             "syscalls[1].names[1]: must not be empty");
  bad_theirs(w, RULE("{'action':'SCMP_ACT_ALLOW'}"), "syscalls[1].names: required");
  bad_theirs(w, RULE("{'names':['write']}"), "syscalls[1].action: required");
  bad_theirs(w, RULE("{'names':['write'],'action':5}"),
             "syscalls[1].action: must be a string, not a number");
  bad_theirs(w, RULE("{'names':['write'],'action':'SCMP_ACT_ALLOW','args':{}}"),
             "syscalls[1].args: must be an array, not an object");
  bad_theirs(w, RULE("7"), "syscalls[1]: must be an object, not a number");
  bad_theirs(w, ARG("{'index':0,'value':'1','op':'SCMP_CMP_EQ'}"),
             "syscalls[1].args[0].value: must be an unsigned integer, not a string");
  bad_theirs(w, ARG("{'index':0,'value':1.0,'op':'SCMP_CMP_EQ'}"),
             "syscalls[1].args[0].value: \"1.0\" is not an unsigned integer");
  bad_theirs(w, ARG("{'index':0,'value':-1,'op':'SCMP_CMP_EQ'}"),
             "syscalls[1].args[0].value: \"-1\" is not an unsigned integer");
  bad_theirs(w, ARG("{'index':0,'value':1e3,'op':'SCMP_CMP_EQ'}"),
             "syscalls[1].args[0].value: \"1e3\" is not an unsigned integer");
  bad_theirs(w, ARG("{'index':0,'value':18446744073709551616,'op':'SCMP_CMP_EQ'}"),
             "syscalls[1].args[0].value: 18446744073709551616 is out of range (at most "
             "18446744073709551615)");
  bad_theirs(w, ARG("{'index':0,'value':1,'valueTwo':true,'op':'SCMP_CMP_MASKED_EQ'}"),
             "syscalls[1].args[0].valueTwo: must be an unsigned integer, not a boolean");
  bad_theirs(w, "{'defaultAction':'SCMP_ACT_ERRNO','architectures':['SCMP_ARCH_X86_64','amd64']}",
             "architectures[1]: unknown architecture \"amd64\"");
  bad_theirs(w, "{'defaultAction':'SCMP_ACT_ERRNO','flags':'x'}",
             "flags: must be an array of strings, not a string");
  bad_theirs(w, "{'defaultAction':'SCMP_ACT_ERRNO','syscalls':{}}",
             "syscalls: must be an array, not an object");
  /* keys runc would read and clamp would not */
  bad_theirs(w, RULE("{'names':['write'],'Action':'SCMP_ACT_ALLOW','action':'SCMP_ACT_ALLOW'}"),
             "syscalls[1].\"Action\": is not \"action\", but runc would read it as \"action\"; "
             "spell it exactly");
  bad_theirs(w, "{'defaultAction':'SCMP_ACT_ERRNO','\\u017fyscalls':[]}",
             "\"\\u{17F}yscalls\": is not \"syscalls\", but runc would read it as \"syscalls\"; "
             "spell it exactly");
  /* an empty profile is no profile */
  bad_theirs(w, "{'defaultAction':'','syscalls':[]}",
             "is empty: runc would run the container without seccomp, so there is nothing to "
             "intersect");
}
END_TEST

START_TEST(test_errors_ours)
{
  _cleanup_world_ struct world *w = world_new();
  bad_ours(w, RULE("{'names':['write'],'action':'SCMP_ACT_NOTIFY'}"),
           "syscalls[1].action: SCMP_ACT_NOTIFY is not supported (clamp does not hand syscalls "
           "to a seccomp agent)");
  bad_ours(w, "{'defaultAction':'SCMP_ACT_ERRNO','listenerPath':'/x'}",
           "listenerPath: a seccomp agent is not supported (clamp refuses SCMP_ACT_NOTIFY and its "
           "listener)");
  bad_ours(w, ARG("{'index':0,'value':1,'op':'SCMP_CMP_FOO'}"),
           "syscalls[1].args[0].op: unknown operator \"SCMP_CMP_FOO\"");
  bad_ours(w, ARG("{'index':6,'value':1,'op':'SCMP_CMP_EQ'}"),
           "syscalls[1].args[0].index: 6 is out of range (at most 5)");
  bad_ours(w, RULE("{'names':['write'],'action':'SCMP_ACT_ERRNO','errnoRet':5000}"),
           "syscalls[1].errnoRet: 5000 is out of range (at most 4095)");
  bad_ours(w, "{'defaultAction':'','syscalls':[{'names':['read'],'action':'SCMP_ACT_ALLOW'}]}",
           "defaultAction: required when syscalls are given (runc refuses an empty default "
           "action)");
  bad_ours(w, "{'defaultAction':'','syscalls':[]}",
           "is empty (no defaultAction and no syscalls): it would run containers without seccomp");
  /* A denial libseccomp cannot compile is an error in our profile... */
  bad_ours(w, RULE("{'names':['write','listmount'],'action':'SCMP_ACT_KILL_PROCESS'}"),
           "syscalls[1].names[1]: libseccomp does not know syscall \"listmount\", so this "
           "SCMP_ACT_KILL_PROCESS rule could not deny it");
  bad_ours(w, RULE("{'name':'uretprobe','action':'SCMP_ACT_ERRNO','errnoRet':38}"),
           "syscalls[1].name: libseccomp does not know syscall \"uretprobe\", so this "
           "SCMP_ACT_ERRNO rule could not deny it");
  /* Docker's extensions */
  bad_ours(w, RULE("{'name':'write','names':['kill'],'action':'SCMP_ACT_ALLOW'}"),
           "syscalls[1]: both name and names are given (moby refuses this; use names)");
  bad_ours(w, RULE("{'names':['write'],'action':'SCMP_ACT_ALLOW','includes':{'minKernel':'4'}}"),
           "syscalls[1].includes.minKernel: \"4\" is not a kernel version \"<kernel>.<major>\"");
  bad_ours(w,
           RULE("{'names':['write'],'action':'SCMP_ACT_ALLOW','excludes':{'minKernel':'4.8.1'}}"),
           "syscalls[1].excludes.minKernel: \"4.8.1\" is not a kernel version "
           "\"<kernel>.<major>\"");
  bad_ours(w, RULE("{'names':['write'],'action':'SCMP_ACT_ALLOW','excludes':{'minKernel':'0.0'}}"),
           "syscalls[1].excludes.minKernel: \"0.0\" is not a kernel version \"<kernel>.<major>\"");
  bad_ours(w,
           RULE("{'names':['write'],'action':'SCMP_ACT_ALLOW','includes':{'minKernel':'4.256'}}"),
           "syscalls[1].includes.minKernel: \"4.256\" is not a kernel version "
           "\"<kernel>.<major>\"");
  bad_ours(w, RULE("{'names':['write'],'action':'SCMP_ACT_ALLOW','includes':{'caps':'CAP_X'}}"),
           "syscalls[1].includes.caps: must be an array of strings, not a string");
  bad_ours(w, RULE("{'names':['write'],'action':'SCMP_ACT_ALLOW','excludes':[]}"),
           "syscalls[1].excludes: must be an object, not an array");
  bad_ours(w, RULE("{'names':['write'],'action':'SCMP_ACT_ALLOW','comment':1}"),
           "syscalls[1].comment: must be a string, not a number");
  bad_ours(w,
           "{'defaultAction':'SCMP_ACT_ERRNO','architectures':['SCMP_ARCH_X86_64'],'archMap':"
           "[{'architecture':'SCMP_ARCH_X86_64'}]}",
           "archMap: both architectures and archMap are given (moby refuses this; use one)");
  bad_ours(w,
           "{'defaultAction':'SCMP_ACT_ERRNO','archMap':[{'architecture':'SCMP_ARCH_X86_64',"
           "'subArchitectures':['SCMP_ARCH_I386']}]}",
           "archMap[0].subArchitectures[0]: unknown architecture \"SCMP_ARCH_I386\"");
  bad_ours(w, RULE("{'names':['write'],'action':'SCMP_ACT_ALLOW','Includes':{'caps':['CAP_X']}}"),
           "syscalls[1].\"Includes\": is not \"includes\", but runc would read it as "
           "\"includes\"; spell it exactly");
}
END_TEST

START_TEST(test_unknown_names)
{
  _cleanup_world_ struct world *w = world_new();
  /* ours: an allow rule naming unknown calls is fine (they are dropped); a
   * denial equal to the default would be skipped by runc anyway */
  _cleanup_json_doc_ struct clamp_json_doc *p = clamp_test_parse_q(
      "{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['read','listmount','statmount',"
      "'uretprobe','cachestat','map_shadow_stack'],'action':'SCMP_ACT_ALLOW'},{'names':['mseal'],"
      "'action':'SCMP_ACT_ERRNO','errnoRet':1}]}");
  struct clamp_json *o = to_oci(w, p->root, NULL, 0);
  _cleanup_free_ char *ot = clamp_test_text(o);
  expect_text(ot,
              "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[\"SCMP_ARCH_X86_64\"],"
              "\"flags\":[],\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\"}]}");
  /* theirs: unknown names skipped whatever the action, as runc does */
  _cleanup_json_doc_ struct clamp_json_doc *t = clamp_test_parse_q(
      "{'defaultAction':'SCMP_ACT_ALLOW','syscalls':[{'names':['listmount','read'],'action':"
      "'SCMP_ACT_KILL'},{'names':['no_such_call'],'action':'SCMP_ACT_ALLOW'}]}");
  _cleanup_free_ char *rt = clamp_test_text(intersect(w, o, t->root, NULL));
  expect_text(rt, "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"architectures\":[],\"flags\":[],"
                  "\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_KILL_THREAD\"}]}");
  /* clamp's default profile names calls this libseccomp may not know */
  _cleanup_json_doc_ struct clamp_json_doc *d = default_profile();
  _cleanup_free_ char *dt = clamp_test_text(d->root);
  ck_assert_ptr_nonnull(strstr(dt, "\"listmount\""));
  ck_assert_ptr_nonnull(strstr(dt, "\"uretprobe\""));
}
END_TEST

START_TEST(test_is_empty)
{
  ck_assert(clamp_profile_oci_is_empty(NULL));
  const char *const empty[] = { "null",
                                "{}",
                                "{'defaultAction':''}",
                                "{'syscalls':[]}",
                                "{'defaultAction':null,'syscalls':null}",
                                "{'architectures':['SCMP_ARCH_X86_64'],'flags':[]}" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(empty); i++)
    {
      _cleanup_json_doc_ struct clamp_json_doc *d = clamp_test_parse_q(empty[i]);
      ck_assert_msg(clamp_profile_oci_is_empty(d->root), "%s", empty[i]);
    }
  const char *const full[] = { "{'defaultAction':'SCMP_ACT_ALLOW'}",
                               "{'syscalls':[{'names':['read'],'action':'SCMP_ACT_ALLOW'}]}", "[]",
                               "{'defaultAction':7}" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(full); i++)
    {
      _cleanup_json_doc_ struct clamp_json_doc *d = clamp_test_parse_q(full[i]);
      ck_assert_msg(!clamp_profile_oci_is_empty(d->root), "%s", full[i]);
    }
}
END_TEST

/* With libseccomp's own table (as clamp runs): O and O AND Docker's
 * profile compile, and names libseccomp lacks are simply not there. */
START_TEST(test_real_oracle)
{
  _cleanup_world_ struct world *w = world_new();
  _cleanup_json_doc_ struct clamp_json_doc *d = default_profile();
  _cleanup_json_doc_ struct clamp_json_doc *dl = clamp_test_parse_data("seccomp/docker-like.json");
  _cleanup_error_ struct clamp_error *err = NULL;
  const struct clamp_syscall_oracle *real = clamp_seccomp_oracle();
  struct clamp_json *o = clamp_profile_to_oci(w->doc, d->root, NBS_ONLY, 1, &HOST, real, &err);
  ck_assert_msg(o != NULL, "%s", err ? err->msg : "?");
  struct clamp_json *t = clamp_profile_to_oci(w->doc, dl->root, DOCKER_CAPS,
                                              CLAMP_N_ELEMENTS(DOCKER_CAPS), &HOST, real, &err);
  ck_assert_msg(t != NULL, "%s", err ? err->msg : "?");
  struct clamp_json *r = clamp_profile_intersect(w->doc, o, t, real, NULL, &err);
  ck_assert_msg(r != NULL, "%s", err ? err->msg : "?");
  uint8_t digest[32];
  ck_assert_msg(clamp_seccomp_compile(o, digest, &err) == 0, "%s", err ? err->msg : "?");
  ck_assert_msg(clamp_seccomp_compile(r, digest, &err) == 0, "%s", err ? err->msg : "?");
  _cleanup_free_ char *rt = clamp_test_text(r);
  ck_assert_ptr_nonnull(strstr(rt, "\"read\""));
  ck_assert_ptr_null(strstr(rt, "\"listmount\"")); /* unknown to libseccomp 2.5.4 */
  _cleanup_free_ char *r2t =
      clamp_test_text(clamp_profile_intersect(w->doc, o, r, real, NULL, &err));
  expect_text(r2t, rt);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("profile");
  TCase *tc = tcase_create("core");
  tcase_set_timeout(tc, 120);
  tcase_add_test(tc, test_default_profile_denies);
  tcase_add_test(tc, test_default_profile_sys_admin);
  tcase_add_test(tc, test_fixed_point_self);
  tcase_add_test(tc, test_docker_like);
  tcase_add_test(tc, test_podman);
  tcase_add_test(tc, test_default_allow);
  tcase_add_test(tc, test_repeated_index);
  tcase_add_test(tc, test_actions);
  tcase_add_test(tc, test_masks);
  tcase_add_test(tc, test_inexact);
  tcase_add_test(tc, test_engine_fixtures);
  tcase_add_test(tc, test_real_oracle);
  tcase_add_test(tc, test_exact_text);
  tcase_add_test(tc, test_defaults_and_archs);
  tcase_add_test(tc, test_includes_excludes);
  tcase_add_test(tc, test_errors_theirs);
  tcase_add_test(tc, test_errors_ours);
  tcase_add_test(tc, test_unknown_names);
  tcase_add_test(tc, test_is_empty);
  suite_add_tcase(s, tc);
  return s;
}
