/* SPDX-License-Identifier: Apache-2.0 */
/* seccomp.default: every container runs under a seccomp profile at least
 * as strict as clamp's default.
 *
 * | control                                        | what                  |
 * |------------------------------------------------|-----------------------|
 * | CIS 5.22                                       | seccomp not disabled  |
 * | Pod Security restricted: seccompProfile        | RuntimeDefault or     |
 * |                                                |   stricter            |
 * | Docker's default profile + ptrace,             | what the default      |
 * |   process_vm_*, io_uring_*                     |   profile blocks      |
 *
 * The policy's profile (Docker's format) is resolved against the final
 * capability bounding set, as Docker resolves its own, then intersected
 * with whatever profile the container brought: a syscall is allowed only
 * where both allow it. The compile check through libseccomp happens later,
 * outside the pure rules. */
#include <stdio.h>
#include <string.h>

#include "clamp/harden.h"
#include "clamp/sha256.h"
#include "clamp/spec.h"

/* The final bounding set, as strings owned by the tree. */
static int final_bounding(struct clamp_json *spec, const char ***caps, size_t *n,
                          struct clamp_error **err)
{
  struct clamp_json *process = clamp_json_object_get(spec, "process");
  struct clamp_json *c = clamp_json_object_get(process, "capabilities");
  struct clamp_json *b;
  *caps = NULL;
  *n = 0;
  if (!clamp_json_is(c, CLAMP_JSON_OBJECT))
    return 0;
  if (clamp_spec_get_array(c, "process.capabilities", "bounding", &b, err) < 0
      || (b != NULL && clamp_spec_check_string_array(b, "process.capabilities.bounding", err) < 0))
    return -1;
  if (b == NULL)
    return 0;
  *caps = clamp_xcalloc(b->u.arr.len + 1, sizeof **caps);
  for (size_t i = 0; i < b->u.arr.len; i++)
    (*caps)[i] = b->u.arr.items[i]->u.str.s;
  *n = b->u.arr.len;
  return 0;
}

static char *describe_stats(const struct clamp_profile_stats *st)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  clamp_buf_puts(&b, "intersected with clamp's default profile");
  if (st->n_narrowed > 0)
    {
      clamp_buf_printf(&b,
                       "; %zu syscall%s the container's profile allowed %s now denied "
                       "at least in part (",
                       st->n_narrowed, st->n_narrowed == 1 ? "" : "s",
                       st->n_narrowed == 1 ? "is" : "are");
      size_t shown = st->n_narrowed < 8 ? st->n_narrowed : 8;
      for (size_t i = 0; i < shown; i++)
        clamp_buf_printf(&b, "%s%s", i ? ", " : "", st->narrowed[i]);
      clamp_buf_puts(&b, st->n_narrowed > shown ? ", ...)" : ")");
    }
  if (st->n_inexact > 0)
    {
      clamp_buf_printf(&b, "; denied because their argument filters could not be intersected "
                           "exactly: ");
      size_t shown = st->n_inexact < 8 ? st->n_inexact : 8;
      for (size_t i = 0; i < shown; i++)
        clamp_buf_printf(&b, "%s%s", i ? ", " : "", st->inexact[i]);
    }
  return clamp_buf_steal(&b);
}

/* What the rule works out for one set of inputs: the linux.seccomp the
 * container gets, or NULL when its own profile is already at least as
 * strict, and the reason given for a change. */
struct outcome
{
  struct clamp_json *result;
  char *reason;
};

static void outcome_free(struct outcome *o) { free(o->reason); }

static int compute(struct clamp_rule_ctx *ctx, const struct clamp_json *theirs, bool empty,
                   const char *const *caps, size_t n_caps, const struct clamp_harden_host *host,
                   struct outcome *out, struct clamp_error **err)
{
  _cleanup_json_doc_ struct clamp_json_doc *pdoc =
      clamp_json_parse(ctx->policy->seccomp_profile, ctx->policy->seccomp_profile_len, err);
  if (pdoc == NULL)
    return clamp_error_wrap(err, "policy seccomp profile");
  struct clamp_json *ours =
      clamp_profile_to_oci(ctx->doc, pdoc->root, caps, n_caps, &host->seccomp, host->oracle, err);
  if (ours == NULL)
    return clamp_error_wrap(err, "policy seccomp profile");
  if (empty)
    {
      out->result = ours;
      out->reason = clamp_xstrdup("containers run under clamp's default seccomp profile");
      return 0;
    }
  struct clamp_profile_stats stats;
  memset(&stats, 0, sizeof stats);
  struct clamp_json *result =
      clamp_profile_intersect(ctx->doc, ours, theirs, host->oracle, &stats, err);
  if (result == NULL)
    return clamp_error_wrap(err, "linux.seccomp");
  if (!clamp_json_equal(result, theirs))
    {
      out->result = result;
      out->reason = describe_stats(&stats);
    }
  return 0;
}

/* ---- the memo: compute() is pure, and Docker gives every container the
 * same profile, so a warm create reuses the answer instead of resolving
 * and intersecting ~350 syscalls again (most of clamp's own time). The
 * key covers every input compute() reads; the value is
 * {"result": OCI profile | null, "reason": string}. ---- */

#define MEMO_FORMAT "clamp seccomp.default memo v2"

static void key_field(struct clamp_sha256 *s, const char *text)
{
  clamp_sha256_update_field(s, text, strlen(text));
}

static void memo_key(const struct clamp_rule_ctx *ctx, const struct clamp_json *theirs, bool empty,
                     const char *const *caps, size_t n_caps, const struct clamp_harden_host *host,
                     uint8_t key[32])
{
  const struct clamp_seccomp_host *sh = &host->seccomp;
  struct clamp_sha256 s;
  clamp_sha256_init(&s);
  key_field(&s, MEMO_FORMAT);
  key_field(&s, host->code_id);
  clamp_sha256_update_field(&s, ctx->policy->seccomp_profile_sha256,
                            sizeof ctx->policy->seccomp_profile_sha256);
  char num[64];
  snprintf(num, sizeof num, "%zu", n_caps);
  key_field(&s, num);
  for (size_t i = 0; i < n_caps; i++)
    key_field(&s, caps[i]);
  key_field(&s, sh->scmp_arch ? sh->scmp_arch : "");
  key_field(&s, sh->go_arch ? sh->go_arch : "");
  snprintf(num, sizeof num, "%u.%u", sh->kernel_major, sh->kernel_minor);
  key_field(&s, num);
  /* An empty profile of any spelling gives the same result. */
  key_field(&s, empty ? "empty" : "profile");
  if (!empty)
    clamp_json_hash(theirs, &s);
  clamp_sha256_final(&s, key);
}

/* A stored value, strictly: anything else is a miss. */
static bool memo_load(struct clamp_rule_ctx *ctx, const struct clamp_memo *memo,
                      const uint8_t key[32], struct outcome *out)
{
  _cleanup_buf_ struct clamp_buf value;
  clamp_buf_init(&value);
  if (!memo->get(memo->self, key, &value))
    return false;
  /* Parsed straight into the document: a hit needs no copy. */
  _cleanup_error_ struct clamp_error *ignored = NULL;
  struct clamp_json *root = clamp_json_parse_in(ctx->doc, value.data, value.len, &ignored);
  if (!clamp_json_is(root, CLAMP_JSON_OBJECT) || root->u.obj.len != 2)
    return false;
  struct clamp_json *result = clamp_json_object_get(root, "result");
  const struct clamp_json *reason = clamp_json_object_get(root, "reason");
  bool unchanged = clamp_json_is(result, CLAMP_JSON_NULL);
  if (!(unchanged || clamp_json_is(result, CLAMP_JSON_OBJECT))
      || !clamp_json_is(reason, CLAMP_JSON_STRING) || unchanged != (reason->u.str.len == 0))
    return false;
  out->result = unchanged ? NULL : result;
  out->reason = unchanged ? NULL : clamp_xstrdup(reason->u.str.s);
  return true;
}

static void memo_store(const struct clamp_memo *memo, const uint8_t key[32],
                       const struct outcome *o)
{
  /* The result's nodes stay in ctx->doc: the value only points at them. */
  _cleanup_json_doc_ struct clamp_json_doc *d = clamp_json_doc_new();
  struct clamp_json *root = clamp_json_new_object(d);
  clamp_json_object_set(d, root, "result", o->result ? o->result : clamp_json_new_null(d));
  clamp_json_object_set(d, root, "reason", clamp_json_new_string(d, o->reason ? o->reason : ""));
  _cleanup_buf_ struct clamp_buf value;
  clamp_buf_init(&value);
  _cleanup_error_ struct clamp_error *ignored = NULL;
  if (clamp_json_serialize(root, &value, &ignored) == 0)
    memo->put(memo->self, key, value.data, value.len);
}

static int outcome_for(struct clamp_rule_ctx *ctx, const struct clamp_json *theirs, bool empty,
                       const char *const *caps, size_t n_caps, const struct clamp_harden_host *host,
                       struct outcome *out, struct clamp_error **err)
{
  const struct clamp_memo *memo = host->code_id != NULL ? host->memo : NULL;
  uint8_t key[32];
  if (memo != NULL)
    {
      memo_key(ctx, theirs, empty, caps, n_caps, host, key);
      if (memo_load(ctx, memo, key, out))
        return 0;
    }
  if (compute(ctx, theirs, empty, caps, n_caps, host, out, err) < 0)
    return -1;
  if (memo != NULL)
    memo_store(memo, key, out);
  return 0;
}

int clamp_rule_seccomp(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                       const struct clamp_harden_host *host, struct clamp_error **err)
{
  if (!clamp_rule_enabled(ctx, CLAMP_RULE_SECCOMP_DEFAULT))
    return 0;

  struct clamp_json *linux_;
  if (clamp_spec_get_object(spec, "", "linux", &linux_, err) < 0)
    return -1;
  struct clamp_json *theirs = linux_ ? clamp_json_object_get(linux_, "seccomp") : NULL;
  if (!clamp_json_is_absent(theirs) && !clamp_json_is(theirs, CLAMP_JSON_OBJECT))
    return clamp_spec_type_error(err, "linux.seccomp", "an object", theirs);

  _cleanup_free_ const char **caps = NULL;
  size_t n_caps;
  if (final_bounding(spec, &caps, &n_caps, err) < 0)
    return -1;
  bool empty = clamp_profile_oci_is_empty(theirs);
  __attribute__((cleanup(outcome_free))) struct outcome o = { NULL, NULL };
  if (outcome_for(ctx, theirs, empty, caps, n_caps, host, &o, err) < 0)
    return -1;
  if (o.result == NULL)
    return 0;

  const char *from = !empty                         ? "(the container's profile)"
                     : clamp_json_is_absent(theirs) ? "(none)"
                                                    : "(empty)";
  if (!clamp_rule_violation(ctx, CLAMP_RULE_SECCOMP_DEFAULT, "linux.seccomp", from,
                            "(clamp's profile)", o.reason))
    return 0;
  if (linux_ == NULL)
    {
      linux_ = clamp_json_new_object(ctx->doc);
      clamp_json_object_set(ctx->doc, spec, "linux", linux_);
    }
  clamp_json_object_set(ctx->doc, linux_, "seccomp", o.result);
  return 0;
}
