/* SPDX-License-Identifier: Apache-2.0 */
/* The runc-compatible shim's pipeline (see shim.h). Data flows one way:
 * every stage returns an error instead of exiting, and nothing is written
 * to disk before every check has passed. */
#include "clamp/shim.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "clamp/audit.h"
#include "clamp/cachedir.h"
#include "clamp/exemptions.h"
#include "clamp/harden.h"
#include "clamp/host.h"
#include "clamp/policy.h"
#include "clamp/seccomp.h"
#include "clamp/sha256.h"
#include "clamp/spec.h"
#include "clamp/specio.h"

void clamp_shim_plan_init(struct clamp_shim_plan *plan)
{
  memset(plan, 0, sizeof *plan);
  clamp_command_init(&plan->cmd);
  plan->keep_fd = -1;
}

void clamp_shim_plan_free(struct clamp_shim_plan *plan)
{
  if (plan->argv)
    {
      for (char **a = plan->argv; *a; a++)
        free(*a);
      free(plan->argv);
    }
  clamp_runtime_free(&plan->rt);
  clamp_command_free(&plan->cmd);
  if (plan->keep_fd >= 0)
    close(plan->keep_fd);
  clamp_shim_plan_init(plan);
}

/* Where to log when the global flags could not be parsed: the same flags,
 * found leniently, so the error still reaches the engine. */
static void log_from_argv(int argc, char *const argv[], struct clamp_log *log)
{
  for (int i = 1; i < argc; i++)
    {
      const char *a = argv[i];
      const char *v = NULL;
      if (a[0] != '-')
        break;
      a += a[1] == '-' ? 2 : 1;
      if (strncmp(a, "log=", 4) == 0 || strncmp(a, "log-format=", 11) == 0)
        v = strchr(a, '=') + 1;
      else if ((strcmp(a, "log") == 0 || strcmp(a, "log-format") == 0) && i + 1 < argc)
        v = argv[++i];
      if (v == NULL)
        continue;
      if (strncmp(a, "log-format", 10) == 0)
        log->json = strcmp(v, "json") == 0;
      else
        log->path = v;
    }
}

static void log_from_command(const struct clamp_command *cmd, struct clamp_log *log)
{
  const struct clamp_flag_value *l = &cmd->flags[CLAMP_F_LOG];
  const struct clamp_flag_value *f = &cmd->flags[CLAMP_F_LOG_FORMAT];
  log->path = l->set && l->s && *l->s ? l->s : NULL;
  log->json = f->set && f->s && strcmp(f->s, "json") == 0;
  log->debug = cmd->flags[CLAMP_F_DEBUG].b;
}

static void pass_through(int argc, char *const argv[], struct clamp_shim_plan *plan)
{
  plan->argv = clamp_xcalloc((size_t)argc + 1, sizeof *plan->argv);
  plan->argv[0] = clamp_xstrdup(plan->rt.path);
  for (int i = 1; i < argc; i++)
    plan->argv[i] = clamp_xstrdup(argv[i]);
}

/* What clamp decided about one create, run, restore or exec: the audit
 * line's content, and whether the line was written. */
struct decision
{
  struct clamp_shim_plan *plan;
  const struct clamp_policy *policy;
  struct clamp_findings findings;
  uint8_t seccomp[32]; /* the compiled filter's digest */
  bool has_seccomp;
  const char *bundle; /* absolute; NULL for exec */
  char **exemptions;  /* the names of those that matched */
  size_t n_exemptions;
  bool audited;
};

static int audit(struct decision *dec, const struct clamp_error *failure, struct clamp_error **err);

static void decision_free(struct decision *dec)
{
  clamp_findings_free(&dec->findings);
  for (size_t i = 0; i < dec->n_exemptions; i++)
    free(dec->exemptions[i]);
  free(dec->exemptions);
}

static int denied_error(const struct clamp_finding *f, struct clamp_error **err)
{
  const struct clamp_rule_info *info = clamp_rule_info(f->rule);
  return clamp_error_input(err, "%s: denied by %s (%s): %s", f->field ? f->field : "(input)",
                           info->id, info->control, f->reason ? f->reason : "refused by policy");
}

/* How long an exec's warning stays quiet once logged for a container:
 * health probes exec every few seconds and would flood the engine's log.
 * The audit trail still records every exec. */
#define EXEC_WARNING_WINDOW 300

/* A WARNED finding of an exec is a warning once per window per container
 * and finding; otherwise debug. */
static bool exec_warning_due(int dirfd, const char *id, const char *text, time_t now)
{
  struct clamp_sha256 s;
  uint8_t key[32];
  clamp_sha256_init(&s);
  clamp_sha256_update(&s, id, strlen(id) + 1);
  clamp_sha256_update(&s, text, strlen(text));
  clamp_sha256_final(&s, key);
  char name[72];
  memcpy(name, "warned-", 7);
  clamp_sha256_hex(key, name + 7);
  return clamp_cachedir_once_per(dirfd, name, now, EXEC_WARNING_WINDOW);
}

/* Findings to the runtime's log: warnings as warnings, the rest at level.
 * With a cache directory (exec only), repeated warnings are limited. */
static void log_findings(const struct clamp_log *log, const struct clamp_findings *fs,
                         const char *level, int limit_dirfd, const char *id)
{
  time_t now = time(NULL);
  _cleanup_buf_ struct clamp_buf lines;
  clamp_buf_init(&lines);
  for (size_t i = 0; i < fs->len; i++)
    {
      const struct clamp_finding *f = &fs->items[i];
      bool warned = f->kind == CLAMP_FINDING_WARNED;
      if (!clamp_log_wants(log, warned ? "warning" : level))
        continue;
      _cleanup_free_ char *text = clamp_finding_format(f);
      const char *lv = level;
      if (warned)
        lv = limit_dirfd < 0 || exec_warning_due(limit_dirfd, id, text, now) ? "warning" : "debug";
      if (!clamp_log_wants(log, lv))
        continue;
      _cleanup_free_ char *msg = clamp_xasprintf("clamp: %s", text);
      _cleanup_free_ char *line = clamp_log_format(log, lv, msg, now);
      clamp_buf_puts(&lines, line);
    }
  clamp_log_append(log, lines.data, lines.len);
}

/* Parse one spec file, read into f->doc, and check its keys. */
static int parse_file(struct clamp_specfile *f, enum clamp_spec_kind kind, struct clamp_error **err)
{
  _cleanup_free_ char *where = clamp_quote(f->path, strlen(f->path));
  return clamp_host_parse(f->doc, f->data, f->len, where, kind, err);
}

/* Harden and rewrite one spec file, parsed by parse_file. */
static int harden_file(struct clamp_specfile *f, enum clamp_spec_kind kind,
                       const struct clamp_policy *policy, const struct clamp_shim_env *env,
                       struct decision *dec, struct clamp_error **err)
{
  _cleanup_free_ char *where = clamp_quote(f->path, strlen(f->path));
  _cleanup_free_ char *dir =
      kind == CLAMP_SPEC_CONFIG ? clamp_host_cache_dir(env->cache_dir, env->xdg_runtime_dir) : NULL;
  __attribute__((cleanup(clamp_host_close))) struct clamp_host host;
  clamp_host_facts(&host, kind, policy, dir, dec->bundle);
  _cleanup_buf_ struct clamp_buf out;
  clamp_buf_init(&out);
  if (clamp_host_harden(f->doc, f->len, where, kind, policy, &host, &dec->findings, &out, err) < 0)
    return -1;
  const struct clamp_finding *denied = clamp_findings_denied(&dec->findings);
  if (denied != NULL)
    return denied_error(denied, err);
  if (host.has_seccomp_digest)
    {
      memcpy(dec->seccomp, host.seccomp_digest, sizeof dec->seccomp);
      dec->has_seccomp = true;
    }
  /* The decision is final: record it before anything changes on disk, so
   * a required audit trail that cannot be written leaves the file as it
   * was. */
  if (audit(dec, NULL, err) < 0)
    return -1;
  if (out.len == f->len && memcmp(out.data, f->data, f->len) == 0)
    return 0; /* already hardened: nothing to write */
  return clamp_specfile_write(f, out.data, out.len, err);
}

/* A refusal that is not a rewrite (a runtime flag, restore): an error
 * under enforce and deny, a warning under warn, nothing under off; the
 * finding goes into the decision either way. */
static int refuse(struct decision *dec, enum clamp_rule_id rule, const char *what, const char *why,
                  struct clamp_error **err)
{
  struct clamp_rule_ctx ctx = { .policy = dec->policy, .findings = &dec->findings };
  size_t before = dec->findings.len;
  clamp_rule_refuse(&ctx, rule, what, why);
  if (dec->findings.len == before || dec->findings.items[before].kind != CLAMP_FINDING_DENIED)
    return 0;
  return clamp_error_input(err, "%s: denied by %s: %s", what, clamp_rule_info(rule)->id, why);
}

static int refuse_flag(struct decision *dec, enum clamp_flag_id id, const char *why,
                       struct clamp_error **err)
{
  const struct clamp_command *cmd = &dec->plan->cmd;
  if (!cmd->flags[id].b)
    return 0;
  _cleanup_free_ char *what = clamp_xasprintf("%s --%s", cmd->verb_name, clamp_cli_flag_name(id));
  return refuse(dec, CLAMP_RULE_RUNTIME_FLAGS, what, why, err);
}

static int prepare_bundle(struct clamp_shim_plan *plan, const struct clamp_shim_env *env,
                          const struct clamp_policy *policy, struct decision *dec,
                          struct clamp_error **err)
{
  struct clamp_command *cmd = &plan->cmd;
  if (cmd->verb == CLAMP_VERB_RESTORE
      && refuse(dec, CLAMP_RULE_RESTORE, "restore",
                "CRIU restores credentials, capabilities and seccomp from its checkpoint image, "
                "not from config.json, so clamp cannot harden it",
                err)
             < 0)
    return -1;
  if (refuse_flag(dec, CLAMP_F_NO_PIVOT,
                  "without pivot_root the container can escape its root with chroot tricks", err)
          < 0
      || refuse_flag(dec, CLAMP_F_NO_NEW_KEYRING,
                     "the container would share the caller's session keyring", err)
             < 0)
    return -1;

  const struct clamp_flag_value *b = &cmd->flags[CLAMP_F_BUNDLE];
  const char *bundle = b->set && b->s && *b->s ? b->s : ".";
  const struct clamp_flag_value *c = &cmd->flags[CLAMP_F_CONFIG];
  bool own_config = c->set && c->s && strcmp(c->s, "config.json") != 0;

  /* The file is read into the document's memory (specio.h). */
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_json_doc_new();
  _cleanup_specfile_ struct clamp_specfile f;
  clamp_specfile_init(&f);
  f.doc = doc;
  int r = own_config ? clamp_specfile_read_path(c->s, &f, err)
                     : clamp_specfile_read(bundle, "config.json", &f, err);
  if (r < 0 || parse_file(&f, CLAMP_SPEC_CONFIG, err) < 0)
    return -1;
  /* The policy for this container: relaxed by the exemptions its
   * annotations match, and used for everything that reads config.json.
   * The audit line names the base policy and the exemptions. */
  _cleanup_effective_policy_ struct clamp_effective_policy eff;
  clamp_effective_policy_init(&eff);
  if (clamp_exemptions_apply(policy, clamp_json_object_get(doc->root, "annotations"), &eff, err)
      < 0)
    {
      _cleanup_free_ char *where = clamp_quote(f.path, strlen(f.path));
      return clamp_error_wrap(err, "%s", where);
    }
  dec->exemptions = eff.n_matched ? clamp_xcalloc(eff.n_matched, sizeof *dec->exemptions) : NULL;
  for (size_t i = 0; i < eff.n_matched; i++)
    {
      dec->exemptions[dec->n_exemptions++] = clamp_xstrdup(eff.matched[i]->name);
      _cleanup_free_ char *what = clamp_exemption_describe(eff.matched[i]);
      _cleanup_free_ char *m = clamp_xasprintf("clamp: %s", what);
      clamp_log_write(&plan->log, "info", m);
    }
  /* The runtime gets absolute paths to exactly what clamp checked. */
  if (own_config)
    {
      char *real = realpath(bundle, NULL);
      if (real == NULL)
        return clamp_error_sys(err, errno, "bundle");
      dec->bundle = clamp_command_own(cmd, real);
    }
  else
    dec->bundle = clamp_command_own(cmd, clamp_xstrdup(f.dir));
  if (harden_file(&f, CLAMP_SPEC_CONFIG, &eff.policy, env, dec, err) < 0)
    return -1;
  log_findings(&plan->log, &dec->findings, "info", -1, NULL);

  cmd->flags[CLAMP_F_BUNDLE].s = dec->bundle;
  cmd->flags[CLAMP_F_BUNDLE].set = true;
  if (own_config)
    cmd->flags[CLAMP_F_CONFIG].s = clamp_command_own(cmd, clamp_xstrdup(f.path));
  else
    cmd->flags[CLAMP_F_CONFIG].set = false; /* "config.json" is the default */
  return 0;
}

static int prepare_exec(struct clamp_shim_plan *plan, const struct clamp_shim_env *env,
                        const struct clamp_policy *policy, struct decision *dec,
                        struct clamp_error **err)
{
  struct clamp_command *cmd = &plan->cmd;
  _cleanup_json_doc_ struct clamp_json_doc *scratch = clamp_json_doc_new();
  struct clamp_rule_ctx ctx = { .doc = scratch, .policy = policy, .findings = &dec->findings };
  if (clamp_rule_exec_flags(&ctx, cmd, err) < 0)
    return -1;
  const struct clamp_finding *denied = clamp_findings_denied(&dec->findings);
  if (denied != NULL)
    return denied_error(denied, err);

  struct clamp_flag_value *p = &cmd->flags[CLAMP_F_PROCESS];
  if (p->set && p->s && *p->s)
    {
      _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_json_doc_new();
      _cleanup_specfile_ struct clamp_specfile f;
      clamp_specfile_init(&f);
      f.doc = doc;
      /* No exemptions for exec: a process file has no annotations, and
       * the container's config.json is runc's state by now, not ours to
       * trust. exec gets the base policy, which is stricter. */
      if (clamp_specfile_read_path(p->s, &f, err) < 0 || parse_file(&f, CLAMP_SPEC_PROCESS, err) < 0
          || harden_file(&f, CLAMP_SPEC_PROCESS, policy, env, dec, err) < 0)
        return -1;
      p->s = clamp_command_own(cmd, clamp_xstrdup(f.path));
    }
  else
    p->set = false;
  /* Exec runs for every health probe: its changes are debug-level, and
   * a warning is repeated once per EXEC_WARNING_WINDOW. */
  int limit_dirfd = -1;
  for (size_t i = 0; i < dec->findings.len && limit_dirfd < 0; i++)
    if (dec->findings.items[i].kind == CLAMP_FINDING_WARNED)
      {
        _cleanup_free_ char *dir = clamp_host_cache_dir(env->cache_dir, env->xdg_runtime_dir);
        limit_dirfd = dir != NULL ? clamp_cachedir_open(dir) : -1;
        break;
      }
  const char *id = cmd->n_args > 0 ? cmd->args[0] : "";
  log_findings(&plan->log, &dec->findings, "debug", limit_dirfd, id);
  if (limit_dirfd >= 0)
    close(limit_dirfd);
  return 0;
}

/* All of fd (at most CLAMP_JSON_MAX_SIZE bytes) into doc's memory. */
static int read_all(int fd, const char *what, struct clamp_json_doc *doc, const char **data,
                    size_t *len, struct clamp_error **err)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  for (;;)
    {
      clamp_buf_reserve(&b, b.len + 65536);
      ssize_t k = read(fd, b.data + b.len, 65536);
      if (k < 0 && errno == EINTR)
        continue;
      if (k < 0)
        {
          int e = errno;
          clamp_buf_free(&b);
          return clamp_error_sys(err, e, "update --resources: read %s", what);
        }
      if (k == 0)
        break;
      b.len += (size_t)k;
      if (b.len > CLAMP_JSON_MAX_SIZE)
        {
          clamp_buf_free(&b);
          return clamp_error_input(err, "update --resources: %s is larger than %u bytes", what,
                                   CLAMP_JSON_MAX_SIZE);
        }
    }
  *data = clamp_arena_strndup(doc->arena, b.data ? b.data : "", b.len);
  *len = b.len;
  clamp_buf_free(&b);
  return 0;
}

/* runc update -r FILE|-: clamp reads the resources (from stdin for "-",
 * which it thereby consumes), clamps them, and hands runc the result in a
 * sealed memfd that runc inherits, as -r /proc/self/fd/N. runc reads
 * exactly what clamp checked (a file could change after the check), and
 * nothing is left on disk although clamp execs runc. Flags cannot carry
 * the clamped values instead: with -r runc 1.1 ignores the other resource
 * flags. */
static int update_resources_file(struct clamp_shim_plan *plan, struct clamp_rule_ctx *ctx,
                                 struct clamp_error **err)
{
  struct clamp_command *cmd = &plan->cmd;
  struct clamp_flag_value *v = &cmd->flags[CLAMP_F_RESOURCES];
  bool from_stdin = strcmp(v->s, "-") == 0;
  _cleanup_free_ char *what =
      from_stdin ? clamp_xstrdup("(standard input)") : clamp_quote(v->s, strlen(v->s));
  const char *data;
  size_t len;
  int r;
  if (from_stdin)
    r = read_all(STDIN_FILENO, what, ctx->doc, &data, &len, err);
  else
    {
      _cleanup_close_ int fd = open(v->s, O_RDONLY | O_NOCTTY | O_CLOEXEC);
      if (fd < 0)
        return clamp_error_sys(err, errno, "update --resources: open %s", what);
      r = read_all(fd, what, ctx->doc, &data, &len, err);
    }
  if (r < 0)
    return -1;
  struct clamp_json *root = clamp_json_parse_in(ctx->doc, data, len, err);
  if (root == NULL || clamp_spec_check_keys(root, CLAMP_SPEC_RESOURCES, err) < 0
      || clamp_rule_update_resources(ctx, root, err) < 0)
    return clamp_error_wrap(err, "update --resources %s", what);
  const struct clamp_finding *denied = clamp_findings_denied(ctx->findings);
  if (denied != NULL)
    return denied_error(denied, err);

  _cleanup_buf_ struct clamp_buf out;
  clamp_buf_init(&out);
  if (clamp_json_serialize(root, &out, err) < 0)
    return -1;
  /* Not close-on-exec: the runtime inherits it. */
  _cleanup_close_ int mfd = memfd_create("clamp-update-resources", MFD_ALLOW_SEALING);
  if (mfd < 0)
    return clamp_error_sys(err, errno, "update --resources: memfd_create");
  size_t off = 0;
  while (off < out.len)
    {
      ssize_t k = write(mfd, out.data + off, out.len - off);
      if (k < 0 && errno == EINTR)
        continue;
      if (k < 0)
        return clamp_error_sys(err, errno, "update --resources: write");
      off += (size_t)k;
    }
  if (fcntl(mfd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0
      || lseek(mfd, 0, SEEK_SET) < 0)
    return clamp_error_sys(err, errno, "update --resources: seal");
  v->s = clamp_command_own(cmd, clamp_xasprintf("/proc/self/fd/%d", mfd));
  if (plan->keep_fd >= 0)
    close(plan->keep_fd);
  plan->keep_fd = clamp_steal_fd(&mfd);
  return 0;
}

static int prepare_update(struct clamp_shim_plan *plan, const struct clamp_policy *policy,
                          struct decision *dec, struct clamp_error **err)
{
  struct clamp_command *cmd = &plan->cmd;
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_json_doc_new();
  struct clamp_rule_ctx ctx = { .doc = doc, .policy = policy, .findings = &dec->findings };
  if (clamp_rule_update_flags(&ctx, cmd, err) < 0)
    return -1;
  const struct clamp_finding *denied = clamp_findings_denied(&dec->findings);
  if (denied != NULL)
    return denied_error(denied, err);
  const struct clamp_flag_value *r = &cmd->flags[CLAMP_F_RESOURCES];
  if (r->set && r->s && *r->s && update_resources_file(plan, &ctx, err) < 0)
    return -1;
  log_findings(&plan->log, &dec->findings, "info", -1, NULL);
  return 0;
}

/* The runtime gets the policy's global flags right after its name. */
static void insert_runtime_args(struct clamp_shim_plan *plan, const struct clamp_policy *policy)
{
  if (policy->n_runtime_args == 0 || plan->argv == NULL)
    return;
  size_t n = 0;
  while (plan->argv[n])
    n++;
  char **argv = clamp_xcalloc(n + policy->n_runtime_args + 1, sizeof *argv);
  argv[0] = plan->argv[0];
  for (size_t i = 0; i < policy->n_runtime_args; i++)
    argv[1 + i] = clamp_xstrdup(policy->runtime_args[i]);
  for (size_t i = 1; i < n; i++)
    argv[policy->n_runtime_args + i] = plan->argv[i];
  free(plan->argv);
  plan->argv = argv;
}

static void policy_freep(struct clamp_policy *p) { clamp_policy_free(p); }

/* Append the decision to the policy's audit log. A line that cannot be
 * written refuses the container when the policy requires the audit
 * trail (returns -1 with err set, when nothing else failed before), and
 * is a warning otherwise. */
static int audit(struct decision *dec, const struct clamp_error *failure, struct clamp_error **err)
{
  struct clamp_shim_plan *plan = dec->plan;
  const struct clamp_policy *policy = dec->policy;
  dec->audited = true;
  if (policy->audit_log == NULL)
    return 0;
  const struct clamp_command *cmd = &plan->cmd;
  struct clamp_audit_record r = {
    .when = time(NULL),
    .command = cmd->verb_name,
    .id = cmd->n_args > 0 ? cmd->args[0] : NULL,
    .bundle = dec->bundle,
    .policy_source = policy->source,
    .policy_digest = policy->digest,
    .error = failure ? failure->msg : NULL,
    .findings = &dec->findings,
    .seccomp_digest = dec->has_seccomp ? dec->seccomp : NULL,
    .exemptions = (const char *const *)dec->exemptions,
    .n_exemptions = dec->n_exemptions,
  };
  struct clamp_error *aerr = NULL;
  size_t len = 0;
  _cleanup_free_ char *line = clamp_audit_format(&r, &len, &aerr);
  if (line != NULL)
    (void)clamp_audit_append(policy->audit_log, line, len, &aerr);
  if (aerr == NULL)
    return 0;
  if (policy->audit_required && failure == NULL)
    {
      *err = aerr;
      return clamp_error_wrap(err, "audit.required is set and the decision cannot be recorded");
    }
  _cleanup_free_ char *m = clamp_xasprintf("clamp: %s", aerr->msg);
  clamp_log_write(&plan->log, "warning", m);
  clamp_error_free(aerr);
  return 0;
}

int clamp_shim_prepare(int argc, char *const argv[], const struct clamp_shim_env *env,
                       struct clamp_shim_plan *plan, struct clamp_error **err)
{
  log_from_argv(argc, argv, &plan->log);

  /* The policy first: it may name the runtime. */
  bool named = env->policy != NULL && *env->policy != '\0';
  __attribute__((cleanup(policy_freep))) struct clamp_policy policy;
  struct clamp_error *policy_err = NULL;
  int have_policy =
      clamp_policy_load(&policy, named ? env->policy : CLAMP_POLICY_PATH, named, &policy_err);
  _cleanup_free_ char *policy_label =
      clamp_xasprintf("runtime.path of the policy %s: ", policy.source);

  struct clamp_error *rt_err = NULL;
  bool from_env = env->runtime != NULL && *env->runtime != '\0';
  const char *explicit_rt = from_env ? env->runtime : policy.runtime_path;
  int have_rt = clamp_runtime_find(explicit_rt, from_env ? "CLAMP_RUNTIME=" : policy_label,
                                   env->path, &plan->rt, &rt_err);
  enum clamp_flavor flavor = have_rt == 0 ? plan->rt.flavor : CLAMP_FLAVOR_RUNC;

  if (clamp_cli_parse(argc, argv, flavor, &plan->cmd, err) < 0)
    {
      clamp_error_free(rt_err);
      clamp_error_free(policy_err);
      return -1;
    }
  log_from_command(&plan->cmd, &plan->log);
  if (have_rt < 0)
    {
      clamp_error_free(policy_err);
      *err = rt_err;
      return -1;
    }
  struct clamp_command *cmd = &plan->cmd;
  if (cmd->flags[CLAMP_F_VERSION].b)
    {
      clamp_error_free(policy_err);
      plan->print_version = true;
      plan->argv = clamp_xcalloc(3, sizeof *plan->argv);
      plan->argv[0] = clamp_xstrdup(plan->rt.path);
      plan->argv[1] = clamp_xstrdup("--version");
      return 0;
    }
  if (!clamp_cli_verb_hardened(cmd->verb) || cmd->flags[CLAMP_F_HELP].b)
    {
      /* Pass-through commands (state, delete, ...) keep working with a
       * broken policy, so containers can still be stopped and removed;
       * the error is logged. */
      if (have_policy < 0)
        {
          _cleanup_free_ char *m = clamp_xasprintf("clamp: %s", policy_err->msg);
          clamp_log_write(&plan->log, "warning", m);
        }
      clamp_error_free(policy_err);
      pass_through(argc, argv, plan);
      insert_runtime_args(plan, &policy);
      return 0;
    }
  if (have_policy < 0)
    {
      /* Fail closed: no container starts under a policy clamp cannot read. */
      *err = policy_err;
      return -1;
    }
  if (!cmd->help)
    {
      __attribute__((cleanup(decision_free))) struct decision dec;
      memset(&dec, 0, sizeof dec);
      dec.plan = plan;
      dec.policy = &policy;
      clamp_findings_init(&dec.findings);
      int r = cmd->verb == CLAMP_VERB_EXEC     ? prepare_exec(plan, env, &policy, &dec, err)
              : cmd->verb == CLAMP_VERB_UPDATE ? prepare_update(plan, &policy, &dec, err)
                                               : prepare_bundle(plan, env, &policy, &dec, err);
      /* A failure after the decision was recorded (writing the file) is
       * recorded too: the last line for a container is the outcome. */
      if (r < 0 || !dec.audited)
        if (audit(&dec, r < 0 ? *err : NULL, err) < 0)
          return -1;
      if (r < 0)
        return -1;
    }
  plan->argv = clamp_cli_canonical_argv(cmd, plan->rt.path, plan->rt.flavor);
  insert_runtime_args(plan, &policy);
  return 0;
}
