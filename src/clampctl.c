/* SPDX-License-Identifier: Apache-2.0 */
/* clampctl: clamp's operator tool (clampctl(8)). It links the same
 * library as the shim and runs the same pipeline (host.h), but never
 * touches a bundle: check hardens a copy in memory, harden writes where
 * it is told. Exit status: 0 clean, 1 findings (check) or a refusal
 * (harden), 2 for errors (bad input, bad policy, environment). Errors go
 * to stderr, prefixed "clampctl: ". */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clamp/exemptions.h"
#include "clamp/host.h"
#include "clamp/policy.h"
#include "clamp/report.h"
#include "clamp/runtime.h"
#include "clamp/seccomp.h"
#include "clamp/sha256.h"

enum
{
  EXIT_CLEAN = 0,
  EXIT_FINDINGS = 1,
  EXIT_ERROR = 2,
};

static const char usage_text[] =
    "usage: clampctl COMMAND [OPTIONS]\n"
    "\n"
    "  check [--policy P] [--json] [--process] CONFIG|BUNDLE\n"
    "        report what clamp would do to a config.json (or, with --process,\n"
    "        a runc exec process file); exit 0 clean, 1 changes or\n"
    "        denials (or warnings under mode \"warn\"), 2 error\n"
    "  harden [--policy P] [-o OUT] CONFIG|BUNDLE\n"
    "        write the hardened config to OUT (default: stdout) and list\n"
    "        the changes (on stdout with -o, else on stderr)\n"
    "  policy check P\n"
    "        validate a policy file\n"
    "  seccomp export [--pfc|--bpf] [--policy P] [PROFILE]\n"
    "        the compiled seccomp filter of the policy's profile (or of\n"
    "        PROFILE, in Docker's format) as PFC text or raw BPF\n"
    "  doctor [--policy P]\n"
    "        check the host: runtime, libseccomp, LSMs, policy, directories\n"
    "  --help, --version\n"
    "\n"
    "Environment: CLAMP_POLICY, CLAMP_RUNTIME, CLAMP_SECCOMP_CACHE (see clampctl(8)).\n";

static int usage_error(const char *fmt, ...) CLAMP_PRINTF(1, 2);
static int usage_error(const char *fmt, ...)
{
  if (fmt != NULL)
    {
      va_list ap;
      va_start(ap, fmt);
      fputs("clampctl: ", stderr);
      vfprintf(stderr, fmt, ap);
      fputc('\n', stderr);
      va_end(ap);
    }
  fputs(usage_text, stderr);
  return EXIT_ERROR;
}

static int fail(struct clamp_error *err)
{
  fprintf(stderr, "clampctl: %s\n", err->msg);
  clamp_error_free(err);
  return EXIT_ERROR;
}

/* ---- options ---- */

/* A usage error while parsing options: printed, then -1. */
static int opt_error(const char *what, const char *arg)
{
  usage_error("%s \"%s\"", what, arg);
  return -1;
}

struct opts
{
  const char *policy; /* --policy */
  const char *out;    /* -o */
  bool json, process, pfc, bpf;
  const char *args[2];
  size_t n_args;
};

/* Flags this command takes: a string of letters from "pojkfb". On a
 * usage error, prints it and returns -1. */
static int parse_opts(int argc, char **argv, const char *allowed, size_t max_args, struct opts *o)
{
  memset(o, 0, sizeof *o);
  bool only_args = false;
  for (int i = 0; i < argc; i++)
    {
      const char *a = argv[i];
      if (only_args || a[0] != '-' || strcmp(a, "-") == 0)
        {
          if (o->n_args == max_args)
            return opt_error("unexpected argument", a);
          o->args[o->n_args++] = a;
          continue;
        }
      if (strcmp(a, "--") == 0)
        {
          only_args = true;
          continue;
        }
      const char **value = NULL;
      char flag = 0;
      const char *inline_value = NULL;
      if (strncmp(a, "--policy", 8) == 0 && (a[8] == '\0' || a[8] == '='))
        value = &o->policy, flag = 'p', inline_value = a[8] == '=' ? a + 9 : NULL;
      else if (strcmp(a, "-o") == 0 || strcmp(a, "--output") == 0)
        value = &o->out, flag = 'o';
      else if (strncmp(a, "--output=", 9) == 0)
        value = &o->out, flag = 'o', inline_value = a + 9;
      else if (strcmp(a, "--json") == 0)
        o->json = true, flag = 'j';
      else if (strcmp(a, "--process") == 0)
        o->process = true, flag = 'k';
      else if (strcmp(a, "--pfc") == 0)
        o->pfc = true, flag = 'f';
      else if (strcmp(a, "--bpf") == 0)
        o->bpf = true, flag = 'b';
      if (flag == 0 || strchr(allowed, flag) == NULL)
        return opt_error("unknown option", a);
      if (value != NULL)
        {
          if (inline_value == NULL)
            {
              if (i + 1 >= argc)
                return opt_error("a value is missing after", a);
              inline_value = argv[++i];
            }
          if (*inline_value == '\0')
            return opt_error("a value is missing after", a);
          *value = inline_value;
        }
    }
  return 0;
}

static void policy_freep(struct clamp_policy *p) { clamp_policy_free(p); }
#define _cleanup_policy_ __attribute__((cleanup(policy_freep)))

/* --policy P, else CLAMP_POLICY, else /etc/clamp/policy.json (missing:
 * the built-in policy), as the shim does. */
static int load_policy(struct clamp_policy *p, const char *named, struct clamp_error **err)
{
  if (named == NULL || *named == '\0')
    named = getenv("CLAMP_POLICY");
  bool must = named != NULL && *named != '\0';
  return clamp_policy_load(p, must ? named : CLAMP_POLICY_PATH, must, err);
}

/* The input file: CONFIG, or BUNDLE/config.json for a directory. Read
 * whole (at most CLAMP_JSON_MAX_SIZE bytes); symlinks are followed, as
 * this is the operator's own file, not a bundle about to run. */
static int read_input(const char *arg, bool process, char **path, struct clamp_buf *data,
                      struct clamp_error **err)
{
  struct stat st;
  if (stat(arg, &st) < 0)
    return clamp_error_sys(err, errno, "%s", arg);
  *path =
      S_ISDIR(st.st_mode) && !process ? clamp_xasprintf("%s/config.json", arg) : clamp_xstrdup(arg);
  _cleanup_close_ int fd = open(*path, O_RDONLY | O_CLOEXEC);
  if (fd < 0 || fstat(fd, &st) < 0)
    return clamp_error_sys(err, errno, "%s", *path);
  if (!S_ISREG(st.st_mode))
    return clamp_error_input(err, "%s: not a regular file", *path);
  if ((uint64_t)st.st_size > CLAMP_JSON_MAX_SIZE)
    return clamp_error_input(err, "%s: larger than %u bytes", *path, CLAMP_JSON_MAX_SIZE);
  for (;;)
    {
      clamp_buf_reserve(data, 65536);
      ssize_t k = read(fd, data->data + data->len, 65536);
      if (k < 0 && errno == EINTR)
        continue;
      if (k < 0)
        return clamp_error_sys(err, errno, "%s", *path);
      if (k == 0)
        break;
      data->len += (size_t)k;
      data->data[data->len] = '\0';
      if (data->len > CLAMP_JSON_MAX_SIZE)
        return clamp_error_input(err, "%s: larger than %u bytes", *path, CLAMP_JSON_MAX_SIZE);
    }
  return 0;
}

/* Harden the input in memory: the shim's pipeline with its cache. */
static int harden_input(const char *arg, bool process, const struct clamp_policy *policy,
                        struct clamp_json_doc *doc, struct clamp_buf *data, char **path,
                        struct clamp_findings *findings, struct clamp_buf *out,
                        struct clamp_error **err)
{
  if (read_input(arg, process, path, data, err) < 0)
    return -1;
  _cleanup_free_ char *where = clamp_quote(*path, strlen(*path));
  _cleanup_free_ char *dir =
      !process ? clamp_host_cache_dir(getenv("CLAMP_SECCOMP_CACHE"), getenv("XDG_RUNTIME_DIR"))
               : NULL;
  __attribute__((cleanup(clamp_host_close))) struct clamp_host host;
  enum clamp_spec_kind kind = process ? CLAMP_SPEC_PROCESS : CLAMP_SPEC_CONFIG;
  /* The bundle is the config's directory: relative bind sources are
   * resolved against it, as runc does. */
  _cleanup_free_ char *bundle = process ? NULL : clamp_xstrdup(*path);
  char *slash = bundle ? strrchr(bundle, '/') : NULL;
  if (slash != NULL)
    slash[slash == bundle ? 1 : 0] = '\0';
  else if (bundle != NULL)
    strcpy(bundle, ".");
  clamp_host_facts(&host, kind, policy, dir, bundle);
  if (clamp_host_parse(doc, data->data, data->len, where, kind, err) < 0)
    return -1;
  /* A config is hardened under the exemptions its annotations match, as
   * the shim does; an exec process file under the base policy. */
  _cleanup_effective_policy_ struct clamp_effective_policy eff;
  clamp_effective_policy_init(&eff);
  if (!process)
    {
      if (clamp_exemptions_apply(policy, clamp_json_object_get(doc->root, "annotations"), &eff, err)
          < 0)
        return clamp_error_wrap(err, "%s", where);
      for (size_t i = 0; i < eff.n_matched; i++)
        {
          _cleanup_free_ char *what = clamp_exemption_describe(eff.matched[i]);
          fprintf(stderr, "clampctl: %s\n", what);
        }
      policy = &eff.policy;
    }
  return clamp_host_harden(doc, data->len, where, kind, policy, &host, findings, out, err);
}

/* An input hardened under the policy the options name: what check and
 * harden share. */
struct hardened
{
  struct clamp_policy policy;
  bool have_policy;
  struct clamp_json_doc *doc;
  struct clamp_buf data, out;
  char *path;
  struct clamp_findings findings;
};

static void hardened_free(struct hardened *h)
{
  if (h->have_policy)
    clamp_policy_free(&h->policy);
  clamp_json_doc_free(h->doc);
  clamp_buf_free(&h->data);
  clamp_buf_free(&h->out);
  free(h->path);
  clamp_findings_free(&h->findings);
}

static int harden_with_policy(struct hardened *h, const char *policy_path, const char *arg,
                              bool process, struct clamp_error **err)
{
  memset(h, 0, sizeof *h);
  h->doc = clamp_json_doc_new();
  clamp_buf_init(&h->data);
  clamp_buf_init(&h->out);
  clamp_findings_init(&h->findings);
  if (load_policy(&h->policy, policy_path, err) < 0)
    return -1;
  h->have_policy = true;
  return harden_input(arg, process, &h->policy, h->doc, &h->data, &h->path, &h->findings, &h->out,
                      err);
}

/* ---- check ---- */

static int cmd_check(int argc, char **argv)
{
  struct opts o;
  if (parse_opts(argc, argv, "pjk", 1, &o) < 0)
    return EXIT_ERROR;
  if (o.n_args != 1)
    return usage_error("check: %s", "needs one config.json or bundle directory");
  struct clamp_error *err = NULL;
  __attribute__((cleanup(hardened_free))) struct hardened h;
  if (harden_with_policy(&h, o.policy, o.args[0], o.process, &err) < 0)
    return fail(err);
  struct clamp_report r;
  clamp_report_build(&r, &h.findings, &h.policy,
                     o.process ? CLAMP_SCOPE_PROCESS : CLAMP_SCOPE_CONFIG);
  _cleanup_free_ char *text =
      o.json ? clamp_report_json(&r, h.path, &h.policy, &err) : clamp_report_text(&r, h.path);
  if (text == NULL)
    return fail(err);
  fputs(text, stdout);
  if (fflush(stdout) != 0)
    return EXIT_ERROR;
  return clamp_report_has_findings(&r) ? EXIT_FINDINGS : EXIT_CLEAN;
}

/* ---- harden ---- */

/* Replace path atomically: a temp file in the same directory (mode
 * 0644), fsynced, renamed over it. */
static int write_atomic(const char *path, const char *data, size_t len, struct clamp_error **err)
{
  _cleanup_free_ char *tmp = clamp_xasprintf("%s.clampctl-XXXXXX", path);
  _cleanup_close_ int fd = mkostemp(tmp, O_CLOEXEC);
  if (fd < 0)
    return clamp_error_sys(err, errno, "%s", path);
  size_t done = 0;
  int e = 0;
  while (done < len && e == 0)
    {
      ssize_t k = write(fd, data + done, len - done);
      if (k < 0 && errno != EINTR)
        e = errno;
      else if (k > 0)
        done += (size_t)k;
    }
  if (e == 0 && (fchmod(fd, 0644) < 0 || fsync(fd) < 0))
    e = errno;
  if (e == 0 && rename(tmp, path) < 0)
    e = errno;
  if (e != 0)
    {
      unlink(tmp);
      return clamp_error_sys(err, e, "%s", path);
    }
  return 0;
}

static int cmd_harden(int argc, char **argv)
{
  struct opts o;
  if (parse_opts(argc, argv, "po", 1, &o) < 0)
    return EXIT_ERROR;
  if (o.n_args != 1)
    return usage_error("harden: %s", "needs one config.json or bundle directory");
  if (o.out == NULL && isatty(STDOUT_FILENO))
    {
      fputs("clampctl: harden: stdout is a terminal; use -o OUT or a redirect\n", stderr);
      return EXIT_ERROR;
    }
  struct clamp_error *err = NULL;
  __attribute__((cleanup(hardened_free))) struct hardened h;
  if (harden_with_policy(&h, o.policy, o.args[0], false, &err) < 0)
    return fail(err);
  const char *path = h.path;
  const struct clamp_findings *findings = &h.findings;
  struct clamp_buf *out = &h.out;
  const struct clamp_finding *denied = clamp_findings_denied(findings);
  if (denied != NULL)
    {
      for (size_t i = 0; i < findings->len; i++)
        if (findings->items[i].kind == CLAMP_FINDING_DENIED)
          {
            const struct clamp_finding *f = &findings->items[i];
            const struct clamp_rule_info *info = clamp_rule_info(f->rule);
            fprintf(stderr, "clampctl: %s: %s: denied by %s (%s): %s\n", path,
                    f->field ? f->field : "(input)", info->id, info->control,
                    f->reason ? f->reason : "refused by policy");
          }
      return EXIT_FINDINGS;
    }
  _cleanup_free_ char *listed = clamp_report_changes(findings);
  bool changed = false;
  for (size_t i = 0; i < findings->len; i++)
    changed |= findings->items[i].kind == CLAMP_FINDING_CHANGED;
  /* Warnings (if any), then "no changes" when nothing changed. */
  _cleanup_free_ char *changes =
      changed ? clamp_xstrdup(listed) : clamp_xasprintf("%sno changes\n", listed);
  clamp_buf_putc(out, '\n');
  if (o.out != NULL)
    {
      if (write_atomic(o.out, out->data, out->len, &err) < 0)
        return fail(err);
      fputs(changes, stdout);
      return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_ERROR;
    }
  fputs(changes, stderr);
  if (fwrite(out->data, 1, out->len, stdout) != out->len || fflush(stdout) != 0)
    {
      fputs("clampctl: writing the config to stdout failed\n", stderr);
      return EXIT_ERROR;
    }
  return EXIT_CLEAN;
}

/* ---- policy check ---- */

static int cmd_policy(int argc, char **argv)
{
  if (argc < 1 || strcmp(argv[0], "check") != 0)
    return usage_error("policy: %s", "the only subcommand is \"check P\"");
  struct opts o;
  if (parse_opts(argc - 1, argv + 1, "", 1, &o) < 0)
    return EXIT_ERROR;
  if (o.n_args != 1)
    return usage_error("policy check: %s", "needs the policy file");
  struct clamp_error *err = NULL;
  _cleanup_policy_ struct clamp_policy policy;
  if (clamp_policy_load(&policy, o.args[0], true, &err) < 0)
    return fail(err);
  char hex[65];
  clamp_sha256_hex(policy.digest, hex);
  printf("%s: ok (sha256:%s)\n", o.args[0], hex);
  return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_ERROR;
}

/* ---- seccomp export ---- */

static int cmd_seccomp(int argc, char **argv)
{
  if (argc < 1 || strcmp(argv[0], "export") != 0)
    return usage_error("seccomp: %s", "the only subcommand is \"export\"");
  struct opts o;
  if (parse_opts(argc - 1, argv + 1, "pfb", 1, &o) < 0)
    return EXIT_ERROR;
  if (o.pfc && o.bpf)
    return usage_error("seccomp export: %s", "--pfc and --bpf exclude each other");
  if (o.bpf && isatty(STDOUT_FILENO))
    {
      fputs("clampctl: seccomp export --bpf: refusing to write binary to a terminal\n", stderr);
      return EXIT_ERROR;
    }
  struct clamp_error *err = NULL;
  _cleanup_policy_ struct clamp_policy policy;
  if (load_policy(&policy, o.policy, &err) < 0)
    return fail(err);
  _cleanup_buf_ struct clamp_buf data;
  clamp_buf_init(&data);
  _cleanup_free_ char *path = NULL;
  const char *text = policy.seccomp_profile;
  size_t len = policy.seccomp_profile_len;
  const char *label = "the policy's seccomp profile";
  if (o.n_args == 1)
    {
      if (read_input(o.args[0], true, &path, &data, &err) < 0)
        return fail(err);
      text = data.data;
      len = data.len;
      label = path;
    }
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_json_parse(text, len, &err);
  if (doc == NULL)
    {
      clamp_error_wrap(&err, "%s", label);
      return fail(err);
    }
  __attribute__((cleanup(clamp_host_close))) struct clamp_host host;
  clamp_host_facts(&host, CLAMP_SPEC_PROCESS, &policy, NULL, NULL);
  /* Resolved as for a container that kept exactly the allowlist. */
  struct clamp_json *oci =
      clamp_profile_to_oci(doc, doc->root, policy.cap_allowlist, policy.n_cap_allowlist,
                           &host.h.seccomp, host.h.oracle, &err);
  if (oci == NULL)
    {
      clamp_error_wrap(&err, "%s", label);
      return fail(err);
    }
  fflush(stdout);
  int r = o.bpf ? clamp_seccomp_export_bpf_fd(oci, STDOUT_FILENO, &err)
                : clamp_seccomp_export_pfc_fd(oci, STDOUT_FILENO, &err);
  if (r < 0)
    {
      clamp_error_wrap(&err, "%s", label);
      return fail(err);
    }
  return EXIT_CLEAN;
}

/* ---- doctor ---- */

struct tally
{
  int fails;
};

static void report(struct tally *t, const char *level, const char *what, const char *detail)
{
  if (strcmp(level, "fail") == 0)
    t->fails++;
  printf("%-4s  %-9s %s\n", level, what, detail);
}

/* Whether a file could be created in dir: it exists and is writable, or
 * the nearest existing ancestor is. private: clamp only uses the
 * directory when it belongs to its user and has no group or other
 * permission (the cache); the audit log's directory need only be
 * writable. */
static void check_dir(struct tally *t, const char *what, const char *dir, bool needed, bool private)
{
  _cleanup_free_ char *d = clamp_xstrdup(dir);
  struct stat st;
  if (stat(d, &st) == 0)
    {
      _cleanup_free_ char *m = NULL;
      if (!S_ISDIR(st.st_mode))
        m = clamp_xasprintf("%s: not a directory", dir);
      else if (access(d, W_OK | X_OK) < 0)
        m = clamp_xasprintf("%s: not writable (%s)", dir, strerror(errno));
      else if (private && (st.st_uid != geteuid() || (st.st_mode & 077) != 0))
        m = clamp_xasprintf("%s: writable, but clamp only uses a directory of its own user "
                            "with no group or other permissions",
                            dir);
      if (m == NULL)
        {
          _cleanup_free_ char *ok = clamp_xasprintf("%s: writable", dir);
          report(t, "ok", what, ok);
        }
      else
        report(t, needed ? "fail" : "warn", what, m);
      return;
    }
  char *slash;
  while ((slash = strrchr(d, '/')) != NULL)
    {
      *slash = '\0';
      const char *parent = *d ? d : "/";
      if (stat(parent, &st) == 0)
        {
          bool ok = S_ISDIR(st.st_mode) && access(parent, W_OK | X_OK) == 0;
          _cleanup_free_ char *m = clamp_xasprintf(ok ? "%s: missing, will be created (under %s)"
                                                      : "%s: missing, and %s is not writable",
                                                   dir, parent);
          report(t, ok ? "ok" : needed ? "fail" : "warn", what, m);
          return;
        }
      if (!*d)
        break;
    }
  _cleanup_free_ char *m = clamp_xasprintf("%s: no existing parent directory", dir);
  report(t, needed ? "fail" : "warn", what, m);
}

static int cmd_doctor(int argc, char **argv)
{
  struct opts o;
  if (parse_opts(argc, argv, "p", 0, &o) < 0)
    return EXIT_ERROR;
  struct tally t = { 0 };

  struct clamp_error *err = NULL;
  _cleanup_policy_ struct clamp_policy policy;
  int have_policy = load_policy(&policy, o.policy, &err);
  if (have_policy < 0)
    {
      report(&t, "fail", "policy", err->msg);
      clamp_error_free(err);
      err = NULL;
    }
  else
    {
      char hex[65];
      clamp_sha256_hex(policy.digest, hex);
      _cleanup_free_ char *m = clamp_xasprintf("%s (sha256:%.16s...)", policy.source, hex);
      report(&t, "ok", "policy", m);
    }

  /* The shim's precedence: CLAMP_RUNTIME, the policy's runtime.path, the
   * usual places, PATH. */
  const char *env_rt = getenv("CLAMP_RUNTIME");
  bool from_env = env_rt != NULL && *env_rt != '\0';
  _cleanup_free_ char *label = clamp_xasprintf("runtime.path of the policy %s: ", policy.source);
  struct clamp_runtime rt = { NULL, CLAMP_FLAVOR_RUNC };
  if (clamp_runtime_find(from_env ? env_rt : policy.runtime_path,
                         from_env ? "CLAMP_RUNTIME=" : label, getenv("PATH"), &rt, &err)
      < 0)
    {
      report(&t, "fail", "runtime", err->msg);
      clamp_error_free(err);
      err = NULL;
    }
  else
    {
      _cleanup_free_ char *v = clamp_runtime_version(&rt, &err);
      _cleanup_free_ char *m = NULL;
      if (v != NULL)
        m = clamp_xasprintf("%s: %s", rt.path, v);
      else
        {
          m = clamp_xasprintf("%s: %s", rt.path, err->msg);
          clamp_error_free(err);
          err = NULL;
        }
      report(&t, v != NULL ? "ok" : "fail", "runtime", m);
      clamp_runtime_free(&rt);
    }

  char ver[32];
  clamp_seccomp_library_version(ver, sizeof ver);
  _cleanup_free_ char *sm =
      clamp_xasprintf("libseccomp %s, native arch %s", ver, clamp_seccomp_native_arch());
  report(&t, "ok", "seccomp", sm);

  /* The facts lsm.confined uses, with the policy's profile. */
  struct clamp_lsm_host lsm;
  memset(&lsm, 0, sizeof lsm);
  const char *profile = have_policy == 0 ? policy.apparmor_profile : NULL;
  clamp_host_lsm_collect(&lsm, profile);
  bool apparmor = lsm.apparmor, selinux = lsm.selinux;
  if (apparmor && profile != NULL && !lsm.apparmor_profile_loaded)
    {
      _cleanup_free_ char *m = clamp_xasprintf(
          "AppArmor available, but the policy's profile \"%s\" (lsm.apparmor_profile) is not "
          "loaded in enforce mode: unconfined containers stay unconfined, with a warning",
          profile);
      report(&t, "warn", "lsm", m);
    }
  else if (apparmor || selinux)
    report(&t, "ok", "lsm",
           apparmor && selinux ? "AppArmor and SELinux available"
           : apparmor          ? "AppArmor available"
                               : "SELinux available");
  else
    report(&t, "warn", "lsm",
           "neither AppArmor nor SELinux is available: containers get no LSM confinement");

  if (have_policy == 0)
    {
      if (policy.audit_log == NULL)
        report(&t, "ok", "audit", "no audit log (audit.log is null)");
      else
        {
          _cleanup_free_ char *dir = clamp_xstrdup(policy.audit_log);
          char *slash = strrchr(dir, '/');
          if (slash != NULL && slash != dir)
            *slash = '\0';
          else
            strcpy(dir, "/");
          check_dir(&t, "audit", dir, policy.audit_required, false);
        }
    }

  _cleanup_free_ char *cache =
      clamp_host_cache_dir(getenv("CLAMP_SECCOMP_CACHE"), getenv("XDG_RUNTIME_DIR"));
  if (cache == NULL)
    report(&t, "warn", "cache", "no cache directory (not root and no XDG_RUNTIME_DIR)");
  else
    check_dir(&t, "cache", cache, false, true);

  if (fflush(stdout) != 0)
    return EXIT_ERROR;
  return t.fails > 0 ? EXIT_FINDINGS : EXIT_CLEAN;
}

int main(int argc, char *argv[])
{
  if (argc < 2)
    return usage_error(NULL);
  const char *cmd = argv[1];
  int n = argc - 2;
  char **rest = argv + 2;
  if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0)
    {
      fputs(usage_text, stdout);
      return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_ERROR;
    }
  if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "version") == 0)
    {
      char ver[32];
      clamp_seccomp_library_version(ver, sizeof ver);
      printf("clampctl version %s\nlibseccomp %s\n", CLAMP_VERSION, ver);
      return fflush(stdout) == 0 ? EXIT_CLEAN : EXIT_ERROR;
    }
  if (strcmp(cmd, "check") == 0)
    return cmd_check(n, rest);
  if (strcmp(cmd, "harden") == 0)
    return cmd_harden(n, rest);
  if (strcmp(cmd, "policy") == 0)
    return cmd_policy(n, rest);
  if (strcmp(cmd, "seccomp") == 0)
    return cmd_seccomp(n, rest);
  if (strcmp(cmd, "doctor") == 0)
    return cmd_doctor(n, rest);
  return usage_error("unknown command \"%s\"", cmd);
}
