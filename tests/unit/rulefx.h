/* SPDX-License-Identifier: Apache-2.0 */
/* The rule tests' fixture (tests/unit/rulefx.c): one parsed document, the
 * default policy, and the findings the rules record about it. */
#ifndef CLAMP_RULEFX_H
#define CLAMP_RULEFX_H

#include "clamp/harden.h"
#include "testutil.h"

struct fx
{
  struct clamp_policy policy;
  struct clamp_json_doc *doc;
  struct clamp_findings findings;
  struct clamp_rule_ctx ctx;
  /* The table case being run, named in every fx_assert_ message; NULL
   * outside a table. */
  const char *name;
};

/* json must parse (the test fails otherwise); the policy is the default. */
void fx_init(struct fx *f, const char *json);
void fx_free(struct fx *f);
#define _cleanup_fx_ __attribute__((cleanup(fx_free)))

/* The document's "process" member (NULL if none). */
struct clamp_json *fx_process(const struct fx *f);
/* The first finding at field, or NULL. */
const struct clamp_finding *fx_find(const struct fx *f, const char *field);

/* The whole document serializes to exactly want. */
void fx_assert_json(const struct fx *f, const char *want);
/* So does v, a node of it, which must exist. */
void fx_assert_node(const struct fx *f, const struct clamp_json *v, const char *want);
/* Finding i exists and is rule/kind at field; from and to are compared
 * when not NULL. */
void fx_assert_finding(const struct fx *f, size_t i, enum clamp_rule_id rule,
                       enum clamp_finding_kind kind, const char *field, const char *from,
                       const char *to);
/* The document is still json, and no finding was recorded. */
void fx_assert_untouched(const struct fx *f, const char *json);
/* A rule returned r, and *err: r must be 0 (*err, if any, is named and
 * freed). */
void fx_assert_ok(const struct fx *f, int r, struct clamp_error **err);
/* A rule returned r, and *err: r must be negative, with an error whose
 * message starts with prefix. */
void fx_assert_error(const struct fx *f, int r, struct clamp_error *const *err, const char *prefix);

/* One action other than enforce, tried on a document that violates rule:
 * the number of findings it must record and, when n > 0, the first one's
 * kind (a warning must deny nothing) and, when field is set, its field,
 * from and to (each compared when not NULL). */
struct fx_action_case
{
  const char *name;
  enum clamp_action action;
  size_t n;
  enum clamp_finding_kind kind;
  const char *field, *from, *to;
};

/* Each case on a fresh fixture over json, with rule's action set, after
 * run(f); if unchanged, the document must come out as it went in. */
void fx_check_actions(const char *json, enum clamp_rule_id rule, void (*run)(struct fx *f),
                      bool unchanged, const struct fx_action_case *c, size_t n);

/* A document a rule must refuse as bad input, with an error message that
 * starts with prefix. */
struct fx_error_case
{
  const char *json, *prefix;
};

/* Each case on a fresh fixture: call fails with such an input error; if
 * unchanged, the document is left as it was. */
void fx_check_errors(int (*call)(struct fx *f, struct clamp_error **err), bool unchanged,
                     const struct fx_error_case *c, size_t n);

/* This machine's kernel, architecture and libseccomp, as the shim finds
 * them. */
void fx_host_facts(struct clamp_harden_host *h);

/* A hardened engine config (no cgroup namespace) on a host like fx_host_facts
 * describes is reported again, but nothing changes: findings are exactly
 * ns.cgroup's warning about linux.namespaces and lsm.confined's "not
 * applicable". */
bool fx_only_reports(const struct clamp_findings *f);

#define CHANGED CLAMP_FINDING_CHANGED
#define DENIED CLAMP_FINDING_DENIED
#define WARNED CLAMP_FINDING_WARNED

/* What the capability rule writes for a non-root process: the survivors in
 * all five sets. */
#define NBS "[\"CAP_NET_BIND_SERVICE\"]"
#define ALL5(x)                                                                                    \
  "{\"bounding\":" x ",\"effective\":" x ",\"inheritable\":" x ",\"permitted\":" x                 \
  ",\"ambient\":" x "}"

#endif
