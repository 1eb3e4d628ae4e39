/* SPDX-License-Identifier: Apache-2.0 */
/* The audit trail (audit.h). The record is built as a JSON tree and
 * serialized by the yajl adapter, so every string from the input is
 * escaped; the line is written with a single O_APPEND write. */
#include "clamp/audit.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clamp/json.h"
#include "clamp/log.h"
#include "clamp/sha256.h"

static const char *const outcomes[] = {
  [CLAMP_FINDING_CHANGED] = "changed",
  [CLAMP_FINDING_DENIED] = "denied",
  [CLAMP_FINDING_WARNED] = "warned",
  [CLAMP_FINDING_NA] = "not applicable",
};

static void set_string(struct clamp_json_doc *d, struct clamp_json *o, const char *key,
                       const char *value)
{
  if (value != NULL)
    clamp_json_object_set(d, o, key, clamp_json_new_string(d, value));
}

static void set_digest(struct clamp_json_doc *d, struct clamp_json *o, const char *key,
                       const uint8_t *digest, const char *prefix)
{
  if (digest == NULL)
    return;
  char hex[65];
  clamp_sha256_hex(digest, hex);
  _cleanup_free_ char *v = clamp_xasprintf("%s%s", prefix, hex);
  set_string(d, o, key, v);
}

static struct clamp_json *finding_json(struct clamp_json_doc *d, const struct clamp_finding *f)
{
  const struct clamp_rule_info *info = clamp_rule_info(f->rule);
  struct clamp_json *o = clamp_json_new_object(d);
  set_string(d, o, "rule", info->id);
  set_string(d, o, "control", info->control);
  set_string(d, o, "outcome", outcomes[f->kind]);
  set_string(d, o, "field", f->field);
  set_string(d, o, "from", f->from);
  set_string(d, o, "to", f->to);
  set_string(d, o, "reason", f->reason);
  return o;
}

char *clamp_audit_format(const struct clamp_audit_record *r, size_t *len, struct clamp_error **err)
{
  _cleanup_json_doc_ struct clamp_json_doc *d = clamp_json_doc_new();
  struct clamp_json *o = clamp_json_new_object(d);
  char ts[CLAMP_TIME_MAX];
  clamp_log_time(r->when, ts);
  set_string(d, o, "time", ts);
  set_string(d, o, "command", r->command);
  set_string(d, o, "id", r->id);
  set_string(d, o, "bundle", r->bundle);
  struct clamp_json *policy = clamp_json_new_object(d);
  set_string(d, policy, "source", r->policy_source);
  set_digest(d, policy, "sha256", r->policy_digest, "");
  clamp_json_object_set(d, o, "policy", policy);
  set_string(d, o, "decision", r->error ? "refused" : "allowed");
  set_string(d, o, "error", r->error);
  struct clamp_json *fs = clamp_json_new_array(d);
  /* At most CLAMP_AUDIT_FINDINGS_PER_RULE of one rule and outcome in
   * detail; the rest as one entry that counts them, so that a config with
   * thousands of mounts does not write megabytes per container. */
  size_t seen[CLAMP_RULE__COUNT][CLAMP_N_ELEMENTS(outcomes)] = { { 0 } };
  for (size_t i = 0; r->findings != NULL && i < r->findings->len; i++)
    {
      const struct clamp_finding *f = &r->findings->items[i];
      if (seen[f->rule][f->kind]++ < CLAMP_AUDIT_FINDINGS_PER_RULE)
        clamp_json_array_append(d, fs, finding_json(d, f));
    }
  for (size_t rule = 0; rule < CLAMP_RULE__COUNT; rule++)
    for (size_t k = 0; k < CLAMP_N_ELEMENTS(outcomes); k++)
      if (seen[rule][k] > CLAMP_AUDIT_FINDINGS_PER_RULE)
        {
          const struct clamp_rule_info *info = clamp_rule_info((enum clamp_rule_id)rule);
          struct clamp_json *x = clamp_json_new_object(d);
          set_string(d, x, "rule", info->id);
          set_string(d, x, "control", info->control);
          set_string(d, x, "outcome", outcomes[k]);
          clamp_json_object_set(
              d, x, "omitted",
              clamp_json_new_int(d, (int64_t)(seen[rule][k] - CLAMP_AUDIT_FINDINGS_PER_RULE)));
          clamp_json_array_append(d, fs, x);
        }
  clamp_json_object_set(d, o, "findings", fs);
  set_digest(d, o, "seccomp", r->seccomp_digest, "sha256:");
  if (r->n_exemptions > 0)
    {
      struct clamp_json *xs = clamp_json_new_array(d);
      for (size_t i = 0; i < r->n_exemptions; i++)
        clamp_json_array_append(d, xs, clamp_json_new_string(d, r->exemptions[i]));
      clamp_json_object_set(d, o, "exemptions", xs);
    }
  return clamp_json_serialize_line(o, len, err);
}

/* Create the missing directories above path: the log's own 0700, any
 * missing one above it 0755 (like /var/log). */
static int make_parents(const char *path)
{
  _cleanup_free_ char *dir = clamp_xstrdup(path);
  char *last = strrchr(dir, '/');
  if (last == NULL || last == dir)
    return 0;
  *last = '\0';
  for (char *p = dir + 1;; p++)
    {
      bool end = *p == '\0';
      if (*p != '/' && !end)
        continue;
      *p = '\0';
      if (mkdir(dir, end ? 0700 : 0755) < 0 && errno != EEXIST)
        return -1;
      if (end)
        return 0;
      *p = '/';
    }
}

int clamp_audit_append(const char *path, const char *line, size_t len, struct clamp_error **err)
{
  _cleanup_free_ char *q = clamp_quote(path, strlen(path));
  /* O_NONBLOCK: a FIFO planted at the name must not hang clamp. */
  const int flags = O_WRONLY | O_APPEND | O_CREAT | O_NOFOLLOW | O_NOCTTY | O_NONBLOCK | O_CLOEXEC;
  int fd = open(path, flags, 0600);
  if (fd < 0 && errno == ENOENT)
    {
      /* The directories, once: /var/log/clamp on a fresh host. */
      if (make_parents(path) < 0)
        return clamp_error_sys(err, errno, "audit log %s", q);
      fd = open(path, flags, 0600);
    }
  if (fd < 0)
    return clamp_error_sys(err, errno, "audit log %s", q);
  _cleanup_close_ int owned = fd;
  struct stat st;
  if (fstat(fd, &st) < 0)
    return clamp_error_sys(err, errno, "audit log %s", q);
  if (!S_ISREG(st.st_mode))
    return clamp_error_input(err, "audit log %s: not a regular file", q);
  ssize_t w = write(fd, line, len);
  if (w < 0)
    return clamp_error_sys(err, errno, "audit log %s", q);
  if ((size_t)w != len)
    return clamp_error_sys(err, EIO, "audit log %s: short write", q);
  return 0;
}
