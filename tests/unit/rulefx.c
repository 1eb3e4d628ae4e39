/* SPDX-License-Identifier: Apache-2.0 */
/* The rule tests' fixture (rulefx.h). */
#include "rulefx.h"

#include <stdio.h>
#include <string.h>
#include <sys/utsname.h>

#include "clamp/seccomp.h"

/* "case: " for a table case, "" otherwise. */
#define LABEL_FMT "%s%s"
#define LABEL(f) ((f)->name ? (f)->name : ""), ((f)->name ? ": " : "")

void fx_init(struct fx *f, const char *json)
{
  clamp_policy_default(&f->policy);
  f->doc = clamp_test_parse(json);
  clamp_findings_init(&f->findings);
  f->ctx = (struct clamp_rule_ctx){ .doc = f->doc, .policy = &f->policy, .findings = &f->findings };
  f->name = NULL;
}

void fx_free(struct fx *f)
{
  clamp_findings_free(&f->findings);
  clamp_json_doc_free(f->doc);
}

struct clamp_json *fx_process(const struct fx *f)
{
  return clamp_json_object_get(f->doc->root, "process");
}

const struct clamp_finding *fx_find(const struct fx *f, const char *field)
{
  for (size_t i = 0; i < f->findings.len; i++)
    if (f->findings.items[i].field && strcmp(f->findings.items[i].field, field) == 0)
      return &f->findings.items[i];
  return NULL;
}

void fx_assert_json(const struct fx *f, const char *want)
{
  clamp_test_assert_text(f->doc->root, want, f->name);
}

void fx_assert_node(const struct fx *f, const struct clamp_json *v, const char *want)
{
  clamp_test_assert_text(v, want, f->name);
}

static void assert_str(const struct fx *f, size_t i, const char *what, const char *got,
                       const char *want)
{
  ck_assert_msg(got != NULL && strcmp(got, want) == 0,
                LABEL_FMT "finding %zu: %s is \"%s\", want \"%s\"", LABEL(f), i, what,
                got ? got : "(null)", want);
}

void fx_assert_finding(const struct fx *f, size_t i, enum clamp_rule_id rule,
                       enum clamp_finding_kind kind, const char *field, const char *from,
                       const char *to)
{
  ck_assert_msg(i < f->findings.len, LABEL_FMT "finding %zu missing (have %zu)", LABEL(f), i,
                f->findings.len);
  const struct clamp_finding *x = &f->findings.items[i];
  ck_assert_msg(x->rule == rule, LABEL_FMT "finding %zu: rule %d, want %d", LABEL(f), i,
                (int)x->rule, (int)rule);
  ck_assert_msg(x->kind == kind, LABEL_FMT "finding %zu: kind %d, want %d", LABEL(f), i,
                (int)x->kind, (int)kind);
  assert_str(f, i, "field", x->field, field);
  if (from)
    assert_str(f, i, "from", x->from, from);
  if (to)
    assert_str(f, i, "to", x->to, to);
}

void fx_assert_untouched(const struct fx *f, const char *json)
{
  fx_assert_json(f, json);
  ck_assert_msg(f->findings.len == 0, LABEL_FMT "%zu findings, first at %s", LABEL(f),
                f->findings.len, f->findings.len ? f->findings.items[0].field : "");
}

void fx_assert_ok(const struct fx *f, int r, struct clamp_error **err)
{
  ck_assert_msg(r == 0, LABEL_FMT "rule failed: %s", LABEL(f), *err ? (*err)->msg : "?");
  clamp_error_free(*err);
  *err = NULL;
}

void fx_assert_error(const struct fx *f, int r, struct clamp_error *const *err, const char *prefix)
{
  ck_assert_msg(r < 0, LABEL_FMT "rule succeeded, want an error \"%s...\"", LABEL(f), prefix);
  ck_assert_msg(*err != NULL, LABEL_FMT "rule failed without an error object", LABEL(f));
  ck_assert_msg(strncmp((*err)->msg, prefix, strlen(prefix)) == 0,
                LABEL_FMT "\"%s\" does not start with \"%s\"", LABEL(f), (*err)->msg, prefix);
}

void fx_check_actions(const char *json, enum clamp_rule_id rule, void (*run)(struct fx *f),
                      bool unchanged, const struct fx_action_case *c, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, json);
      f.name = c[i].name;
      f.policy.actions[rule] = c[i].action;
      run(&f);
      if (unchanged)
        fx_assert_json(&f, json);
      ck_assert_msg(f.findings.len == c[i].n, "%s: %zu findings, want %zu", c[i].name,
                    f.findings.len, c[i].n);
      if (c[i].n == 0)
        continue;
      if (c[i].field)
        fx_assert_finding(&f, 0, rule, c[i].kind, c[i].field, c[i].from, c[i].to);
      else
        ck_assert_msg(f.findings.items[0].kind == c[i].kind, "%s: finding 0 is kind %d, want %d",
                      c[i].name, (int)f.findings.items[0].kind, (int)c[i].kind);
      if (c[i].kind == CLAMP_FINDING_WARNED)
        ck_assert_msg(clamp_findings_denied(&f.findings) == NULL, "%s: a warning denied",
                      c[i].name);
    }
}

void fx_check_errors(int (*call)(struct fx *f, struct clamp_error **err), bool unchanged,
                     const struct fx_error_case *c, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, c[i].json);
      f.name = c[i].json;
      _cleanup_error_ struct clamp_error *err = NULL;
      int r = call(&f, &err);
      fx_assert_error(&f, r, &err, c[i].prefix);
      ck_assert_msg(err->kind == CLAMP_ERR_INPUT, "%s: error kind %d", c[i].json, (int)err->kind);
      if (unchanged)
        fx_assert_json(&f, c[i].json);
    }
}

void fx_host_facts(struct clamp_harden_host *h)
{
  struct utsname u;
  memset(h, 0, sizeof *h);
  ck_assert_int_eq(uname(&u), 0);
  ck_assert_int_eq(sscanf(u.release, "%u.%u", &h->seccomp.kernel_major, &h->seccomp.kernel_minor),
                   2);
  h->seccomp.scmp_arch = clamp_seccomp_native_arch();
  h->seccomp.go_arch = clamp_seccomp_native_go_arch();
  h->oracle = clamp_seccomp_oracle();
}

bool fx_only_reports(const struct clamp_findings *f)
{
  if (f->len != 2)
    return false;
  const struct clamp_finding *a = &f->items[0], *b = &f->items[1];
  return a->rule == CLAMP_RULE_NS_CGROUP && a->kind == CLAMP_FINDING_WARNED
         && strcmp(a->field, "linux.namespaces") == 0 && b->rule == CLAMP_RULE_LSM_CONFINED
         && b->kind == CLAMP_FINDING_NA && b->field == NULL;
}
