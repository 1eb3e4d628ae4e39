/* SPDX-License-Identifier: Apache-2.0 */
/* caps.allowlist: every capability is dropped except those on the
 * allowlist that the original process would really have held after
 * execve. clamp never grants more than the input would have given.
 *
 * | control                                      | what                     |
 * |----------------------------------------------|--------------------------|
 * | CIS 5.4                                      | capabilities restricted  |
 * | Pod Security restricted: capabilities        | drop ALL, add only       |
 * |                                              |   NET_BIND_SERVICE       |
 *
 * What the process holds after execve (capabilities(7), runc 1.1's
 * finalizeNamespace): uid 0 gains its bounding set (the kernel treats root
 * as having every file capability). A non-zero uid keeps only its ambient
 * set, and the kernel raises an ambient capability only if it is also
 * permitted and inheritable (runc 1.1 fails the start otherwise). So with
 * Docker's `-u 1000 --cap-add X`, which sets bounding, effective and
 * permitted but never ambient, the process ends with nothing.
 *
 * A non-root survivor is written into all five sets: without inheritable
 * and ambient the kernel drops it at execve. Input names match exactly,
 * as runc matches them; lowercase, numbers and unknown names are dropped
 * and reported, never granted. */
#include <string.h>

#include "clamp/caps.h"
#include "clamp/harden.h"
#include "clamp/spec.h"

static const char *const set_names[] = { "bounding", "effective", "inheritable", "permitted",
                                         "ambient" };
enum
{
  SET_BOUNDING,
  SET_EFFECTIVE,
  SET_INHERITABLE,
  SET_PERMITTED,
  SET_AMBIENT,
  N_SETS
};

static bool contains(const struct clamp_json *arr, const char *name)
{
  for (size_t i = 0; arr != NULL && i < arr->u.arr.len; i++)
    if (strcmp(arr->u.arr.items[i]->u.str.s, name) == 0)
      return true;
  return false;
}

static bool same_set(const struct clamp_json *arr, const struct clamp_json *want)
{
  size_t n = arr ? arr->u.arr.len : 0;
  if (n != want->u.arr.len)
    return false;
  for (size_t i = 0; i < n; i++)
    if (strcmp(arr->u.arr.items[i]->u.str.s, want->u.arr.items[i]->u.str.s) != 0)
      return false;
  return true;
}

/* Report input names runc would silently ignore: they are dropped. */
static void report_unknown(struct clamp_rule_ctx *ctx, const char *caps_path,
                           struct clamp_json *sets[N_SETS])
{
  for (size_t s = 0; s < N_SETS; s++)
    for (size_t i = 0; sets[s] != NULL && i < sets[s]->u.arr.len; i++)
      {
        const struct clamp_json *v = sets[s]->u.arr.items[i];
        if (clamp_cap_is_canonical(v->u.str.s))
          continue;
        _cleanup_free_ char *field = clamp_xasprintf("%s.%s[%zu]", caps_path, set_names[s], i);
        _cleanup_free_ char *q = clamp_quote(v->u.str.s, v->u.str.len);
        clamp_rule_violation(ctx, CLAMP_RULE_CAPS_ALLOWLIST, field, q, "(dropped)",
                             "not a capability name runc recognises (names are exact and "
                             "upper-case, e.g. CAP_CHOWN)");
      }
}

int clamp_rule_caps(struct clamp_rule_ctx *ctx, struct clamp_json *process, const char *path,
                    uint32_t input_uid, struct clamp_error **err)
{
  _cleanup_free_ char *caps_path = clamp_field(path, "capabilities");
  struct clamp_json *caps;
  struct clamp_json *sets[N_SETS] = { NULL };

  if (clamp_spec_get_object(process, path, "capabilities", &caps, err) < 0)
    return -1;
  for (size_t s = 0; caps != NULL && s < N_SETS; s++)
    {
      _cleanup_free_ char *p = clamp_field(caps_path, set_names[s]);
      if (clamp_spec_get_array(caps, caps_path, set_names[s], &sets[s], err) < 0
          || (sets[s] != NULL && clamp_spec_check_string_array(sets[s], p, err) < 0))
        return -1;
    }
  if (!clamp_rule_enabled(ctx, CLAMP_RULE_CAPS_ALLOWLIST))
    return 0;

  /* Survivors, in allowlist order. */
  struct clamp_json *keep = clamp_json_new_array(ctx->doc);
  for (size_t i = 0; i < ctx->policy->n_cap_allowlist; i++)
    {
      const char *cap = ctx->policy->cap_allowlist[i];
      bool held = input_uid == 0
                      ? contains(sets[SET_BOUNDING], cap)
                      : contains(sets[SET_AMBIENT], cap) && contains(sets[SET_PERMITTED], cap)
                            && contains(sets[SET_INHERITABLE], cap);
      if (held)
        clamp_json_array_append(ctx->doc, keep, clamp_json_new_string(ctx->doc, cap));
    }

  /* The uid the process will run as, after the user rule. */
  uint32_t final_uid = input_uid;
  struct clamp_json *user = clamp_json_object_get(process, "user");
  if (clamp_json_is(user, CLAMP_JSON_OBJECT)
      && clamp_spec_get_uint32(user, "", "uid", &final_uid, err) < 0)
    return -1;

  struct clamp_json *empty = clamp_json_new_array(ctx->doc);
  struct clamp_json *want[N_SETS];
  for (size_t s = 0; s < N_SETS; s++)
    want[s] = (final_uid != 0 || s == SET_BOUNDING || s == SET_EFFECTIVE || s == SET_PERMITTED)
                  ? keep
                  : empty;

  bool changed = caps == NULL;
  for (size_t s = 0; s < N_SETS; s++)
    changed |= !same_set(sets[s], want[s]);
  if (!changed)
    return 0;

  report_unknown(ctx, caps_path, sets);

  /* One finding for the whole change: the union of what was asked for,
   * and what is left. */
  struct clamp_json *asked = clamp_json_new_array(ctx->doc);
  for (size_t s = 0; s < N_SETS; s++)
    for (size_t i = 0; sets[s] != NULL && i < sets[s]->u.arr.len; i++)
      if (!contains(asked, sets[s]->u.arr.items[i]->u.str.s))
        clamp_json_array_append(ctx->doc, asked, sets[s]->u.arr.items[i]);
  _cleanup_free_ char *from = caps == NULL ? clamp_xstrdup("(unset)") : clamp_format_list(asked);
  _cleanup_free_ char *to = clamp_format_list(keep);
  const char *reason =
      final_uid != 0
          ? "only allowlisted capabilities the process would really hold are kept, in all "
            "five sets so that a non-root process keeps them across execve"
          : "only allowlisted capabilities the process would really hold are kept";
  if (!clamp_rule_violation(ctx, CLAMP_RULE_CAPS_ALLOWLIST, caps_path, from, to, reason))
    return 0;

  struct clamp_json *out = clamp_json_new_object(ctx->doc);
  for (size_t s = 0; s < N_SETS; s++)
    clamp_json_object_set(ctx->doc, out, set_names[s], clamp_json_copy(ctx->doc, want[s]));
  clamp_json_object_set(ctx->doc, process, "capabilities", out);
  return 0;
}
