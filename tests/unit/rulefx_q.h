/* SPDX-License-Identifier: Apache-2.0 */
/* rulefx.h with documents written in single quotes for double quotes, for
 * the rule tests whose inputs are mostly JSON. */
#ifndef CLAMP_RULEFX_Q_H
#define CLAMP_RULEFX_Q_H

#include "rulefx.h"

/* text with every ' made a ", malloc'ed. */
static inline char *dq(const char *text)
{
  char *s = clamp_xstrdup(text);
  for (char *c = s; *c; c++)
    if (*c == '\'')
      *c = '"';
  return s;
}

static inline void init_q(struct fx *f, const char *text)
{
  _cleanup_free_ char *j = dq(text);
  fx_init(f, j);
}

static inline void assert_json_q(const struct fx *f, const char *text)
{
  _cleanup_free_ char *j = dq(text);
  fx_assert_json(f, j);
}

static inline void check_actions_q(const char *text, enum clamp_rule_id rule,
                                   void (*run)(struct fx *f), bool unchanged,
                                   const struct fx_action_case *c, size_t n)
{
  _cleanup_free_ char *j = dq(text);
  fx_check_actions(j, rule, run, unchanged, c, n);
}

/* Each document (single-quoted) makes call fail with an input error whose
 * message starts with prefix, leaving the document as it was. */
static inline void check_errors_q(int (*call)(struct fx *f, struct clamp_error **err),
                                  const struct fx_error_case *c, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      _cleanup_free_ char *j = dq(c[i].json);
      struct fx_error_case one = { j, c[i].prefix };
      fx_check_errors(call, true, &one, 1);
    }
}

#endif
