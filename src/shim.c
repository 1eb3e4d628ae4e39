/* SPDX-License-Identifier: Apache-2.0 */
/* The runc-compatible shim's pipeline (see shim.h). Data flows one way:
 * every stage returns an error instead of exiting, and nothing is written
 * to disk before every check has passed. */
#include "clamp/shim.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "clamp/buildid.h"
#include "clamp/cachedir.h"
#include "clamp/exemptions.h"
#include "clamp/harden.h"
#include "clamp/policy.h"
#include "clamp/seccomp.h"
#include "clamp/spec.h"
#include "clamp/specio.h"

void clamp_shim_plan_init(struct clamp_shim_plan *plan)
{
  memset(plan, 0, sizeof *plan);
  clamp_command_init(&plan->cmd);
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

static char *cache_dir(const struct clamp_shim_env *env)
{
  if (env->cache_dir != NULL && *env->cache_dir != '\0')
    return clamp_xstrdup(env->cache_dir);
  if (geteuid() == 0)
    return clamp_xstrdup("/run/clamp/seccomp-cache");
  if (env->xdg_runtime_dir != NULL && env->xdg_runtime_dir[0] == '/')
    return clamp_xasprintf("%s/clamp/seccomp-cache", env->xdg_runtime_dir);
  return NULL;
}

/* The facts about this host that the pure rules need, and the cache
 * directory behind the seccomp rule's memo and the compile check. */
struct host
{
  struct clamp_harden_host h;
  char release[65];
  char code_id[CLAMP_BUILD_ID_HEX_MAX + 64];
  struct clamp_seccomp_cache cache;
  struct clamp_cachedir_memo memo;
};

static void host_facts(struct host *host, const struct clamp_shim_env *env, bool with_cache)
{
  struct utsname u;
  memset(host, 0, sizeof *host);
  host->cache.dirfd = -1;
  if (uname(&u) == 0)
    {
      snprintf(host->release, sizeof host->release, "%s", u.release);
      unsigned major = 0, minor = 0;
      if (sscanf(u.release, "%u.%u", &major, &minor) == 2)
        {
          host->h.seccomp.kernel_major = major;
          host->h.seccomp.kernel_minor = minor;
        }
    }
  host->h.seccomp.scmp_arch = clamp_seccomp_native_arch();
  host->h.seccomp.go_arch = clamp_seccomp_native_go_arch();
  host->h.oracle = clamp_seccomp_oracle();
  if (!with_cache)
    return;
  _cleanup_free_ char *dir = cache_dir(env);
  struct clamp_error *never = NULL; /* opening a cache never fails */
  (void)clamp_seccomp_cache_open(&host->cache, dir, &never);
  char build[CLAMP_BUILD_ID_HEX_MAX], libver[32];
  clamp_build_id_hex(build);
  clamp_seccomp_library_version(libver, sizeof libver);
  /* Without a build ID a rebuilt clamp could not tell its own results from
   * an older build's: then no memo. */
  if (host->cache.dirfd < 0 || build[0] == '\0')
    return;
  snprintf(host->code_id, sizeof host->code_id, "build %s, libseccomp %s", build, libver);
  clamp_cachedir_memo_init(&host->memo, host->cache.dirfd);
  host->h.memo = &host->memo.memo;
  host->h.code_id = host->code_id;
}

static void host_close(struct host *host) { clamp_seccomp_cache_close(&host->cache); }

/* Prove that the profile written into the config compiles, from the
 * cache when it was proven before. */
static int check_seccomp(const struct clamp_json *spec, struct host *host, struct clamp_error **err)
{
  const struct clamp_json *seccomp =
      clamp_json_object_get(clamp_json_object_get(spec, "linux"), "seccomp");
  if (clamp_profile_oci_is_empty(seccomp))
    return 0;
  uint8_t digest[32];
  bool cached;
  int r = clamp_seccomp_check(&host->cache, seccomp, host->release, digest, &cached, err);
  return r < 0 ? clamp_error_wrap(err, "linux.seccomp does not compile") : 0;
}

static int denied_error(const struct clamp_finding *f, struct clamp_error **err)
{
  const struct clamp_rule_info *info = clamp_rule_info(f->rule);
  return clamp_error_input(err, "%s: denied by %s (%s): %s", f->field ? f->field : "(input)",
                           info->id, info->control, f->reason ? f->reason : "refused by policy");
}

static void log_findings(const struct clamp_log *log, const struct clamp_findings *fs,
                         const char *level)
{
  for (size_t i = 0; i < fs->len; i++)
    {
      const struct clamp_finding *f = &fs->items[i];
      _cleanup_free_ char *text = clamp_finding_format(f);
      _cleanup_free_ char *msg = clamp_xasprintf("clamp: %s", text);
      clamp_log_write(log, f->kind == CLAMP_FINDING_WARNED ? "warning" : level, msg);
    }
}

/* Parse one spec file, read into f->doc, and check its keys. */
static int parse_file(struct clamp_specfile *f, enum clamp_spec_kind kind, struct clamp_error **err)
{
  struct clamp_json_doc *doc = f->doc;
  doc->root = clamp_json_parse_in(doc, f->data, f->len, err);
  if (doc->root == NULL || clamp_spec_check_keys(doc->root, kind, err) < 0)
    {
      _cleanup_free_ char *where = clamp_quote(f->path, strlen(f->path));
      return clamp_error_wrap(err, "%s", where);
    }
  return 0;
}

/* Harden and rewrite one spec file, parsed by parse_file. */
static int harden_file(struct clamp_specfile *f, enum clamp_spec_kind kind,
                       const struct clamp_policy *policy, const struct clamp_shim_env *env,
                       struct clamp_findings *findings, struct clamp_error **err)
{
  _cleanup_free_ char *where = clamp_quote(f->path, strlen(f->path));
  struct clamp_json_doc *doc = f->doc;

  struct clamp_rule_ctx ctx = { .doc = doc, .policy = policy, .findings = findings };
  __attribute__((cleanup(host_close))) struct host host;
  host_facts(&host, env, kind == CLAMP_SPEC_CONFIG);
  int r = kind == CLAMP_SPEC_CONFIG ? clamp_harden_config(&ctx, &host.h, err)
                                    : clamp_harden_process(&ctx, err);
  if (r < 0)
    return clamp_error_wrap(err, "%s", where);
  const struct clamp_finding *denied = clamp_findings_denied(findings);
  if (denied != NULL)
    return denied_error(denied, err);
  if (kind == CLAMP_SPEC_CONFIG && check_seccomp(doc->root, &host, err) < 0)
    return -1;

  _cleanup_buf_ struct clamp_buf out;
  clamp_buf_init(&out);
  /* Room for the usual result (compact output plus clamp's profile) up
   * front, instead of doubling through a large config. */
  clamp_buf_reserve(&out, f->len + 16384);
  if (clamp_json_serialize(doc->root, &out, err) < 0)
    return -1;
  if (out.len == f->len && memcmp(out.data, f->data, f->len) == 0)
    return 0; /* already hardened: nothing to write */
  return clamp_specfile_write(f, out.data, out.len, err);
}

/* A refusal that is not a rewrite (a runtime flag, restore): an error
 * under enforce and deny, a warning under warn, nothing under off. */
static int refuse(struct clamp_shim_plan *plan, const struct clamp_policy *policy,
                  enum clamp_rule_id rule, const char *what, const char *why,
                  struct clamp_error **err)
{
  const struct clamp_rule_info *info = clamp_rule_info(rule);
  switch (policy->actions[rule])
    {
      case CLAMP_ACTION_OFF:
        return 0;
      case CLAMP_ACTION_WARN:
        {
          _cleanup_free_ char *m =
              clamp_xasprintf("clamp: %s: %s (warn only): %s", what, info->id, why);
          clamp_log_write(&plan->log, "warning", m);
          return 0;
        }
      case CLAMP_ACTION_DENY:
      case CLAMP_ACTION_ENFORCE:
        break;
    }
  return clamp_error_input(err, "%s: denied by %s: %s", what, info->id, why);
}

static int refuse_flag(struct clamp_shim_plan *plan, const struct clamp_policy *policy,
                       enum clamp_flag_id id, const char *why, struct clamp_error **err)
{
  const struct clamp_command *cmd = &plan->cmd;
  if (!cmd->flags[id].b)
    return 0;
  _cleanup_free_ char *what = clamp_xasprintf("%s --%s", cmd->verb_name, clamp_cli_flag_name(id));
  return refuse(plan, policy, CLAMP_RULE_RUNTIME_FLAGS, what, why, err);
}

static int prepare_bundle(struct clamp_shim_plan *plan, const struct clamp_shim_env *env,
                          const struct clamp_policy *policy, struct clamp_error **err)
{
  struct clamp_command *cmd = &plan->cmd;
  if (cmd->verb == CLAMP_VERB_RESTORE
      && refuse(plan, policy, CLAMP_RULE_RESTORE, "restore",
                "CRIU restores credentials, capabilities and seccomp from its checkpoint image, "
                "not from config.json, so clamp cannot harden it",
                err)
             < 0)
    return -1;
  if (refuse_flag(plan, policy, CLAMP_F_NO_PIVOT,
                  "without pivot_root the container can escape its root with chroot tricks", err)
          < 0
      || refuse_flag(plan, policy, CLAMP_F_NO_NEW_KEYRING,
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
   * annotations match, and used for everything that reads config.json. */
  _cleanup_effective_policy_ struct clamp_effective_policy eff;
  clamp_effective_policy_init(&eff);
  if (clamp_exemptions_apply(policy, clamp_json_object_get(doc->root, "annotations"), &eff, err)
      < 0)
    {
      _cleanup_free_ char *where = clamp_quote(f.path, strlen(f.path));
      return clamp_error_wrap(err, "%s", where);
    }
  for (size_t i = 0; i < eff.n_matched; i++)
    {
      _cleanup_free_ char *what = clamp_exemption_describe(eff.matched[i]);
      _cleanup_free_ char *m = clamp_xasprintf("clamp: %s", what);
      clamp_log_write(&plan->log, "info", m);
    }
  _cleanup_findings_ struct clamp_findings findings;
  clamp_findings_init(&findings);
  if (harden_file(&f, CLAMP_SPEC_CONFIG, &eff.policy, env, &findings, err) < 0)
    return -1;
  log_findings(&plan->log, &findings, "info");

  /* The runtime gets absolute paths to exactly what clamp checked. */
  if (own_config)
    {
      char *real = realpath(bundle, NULL);
      if (real == NULL)
        return clamp_error_sys(err, errno, "bundle");
      cmd->flags[CLAMP_F_BUNDLE].s = clamp_command_own(cmd, real);
      cmd->flags[CLAMP_F_CONFIG].s = clamp_command_own(cmd, clamp_xstrdup(f.path));
    }
  else
    {
      cmd->flags[CLAMP_F_BUNDLE].s = clamp_command_own(cmd, clamp_xstrdup(f.dir));
      cmd->flags[CLAMP_F_CONFIG].set = false; /* "config.json" is the default */
    }
  cmd->flags[CLAMP_F_BUNDLE].set = true;
  return 0;
}

static int prepare_exec(struct clamp_shim_plan *plan, const struct clamp_shim_env *env,
                        const struct clamp_policy *policy, struct clamp_error **err)
{
  struct clamp_command *cmd = &plan->cmd;
  _cleanup_findings_ struct clamp_findings findings;
  clamp_findings_init(&findings);
  _cleanup_json_doc_ struct clamp_json_doc *scratch = clamp_json_doc_new();
  struct clamp_rule_ctx ctx = { .doc = scratch, .policy = policy, .findings = &findings };
  if (clamp_rule_exec_flags(&ctx, cmd, err) < 0)
    return -1;
  const struct clamp_finding *denied = clamp_findings_denied(&findings);
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
          || harden_file(&f, CLAMP_SPEC_PROCESS, policy, env, &findings, err) < 0)
        return -1;
      p->s = clamp_command_own(cmd, clamp_xstrdup(f.path));
    }
  else
    p->set = false;
  /* Exec runs for every health probe: its changes are debug-level. */
  log_findings(&plan->log, &findings, "debug");
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
      int r = cmd->verb == CLAMP_VERB_EXEC ? prepare_exec(plan, env, &policy, err)
                                           : prepare_bundle(plan, env, &policy, err);
      if (r < 0)
        return -1;
    }
  plan->argv = clamp_cli_canonical_argv(cmd, plan->rt.path, plan->rt.flavor);
  insert_runtime_args(plan, &policy);
  return 0;
}
