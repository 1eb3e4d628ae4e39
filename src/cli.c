/* SPDX-License-Identifier: Apache-2.0 */
/* runc 1.1's command line (main.go, create.go, run.go, restore.go,
 * exec.go; urfave/cli v1.22.1 and Go's flag package). See cli.h. */
#include "clamp/cli.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

enum kind
{
  K_BOOL,
  K_STRING,
  K_INT,
  K_SLICE,
  K_INT64_SLICE,
};

struct def
{
  const char *name;
  const char *alias; /* the short form, or NULL */
  enum kind kind;
};

static const struct def defs[CLAMP_F__COUNT] = {
  [CLAMP_F_DEBUG] = { "debug", NULL, K_BOOL },
  [CLAMP_F_LOG] = { "log", NULL, K_STRING },
  [CLAMP_F_LOG_FORMAT] = { "log-format", NULL, K_STRING },
  [CLAMP_F_ROOT] = { "root", NULL, K_STRING },
  [CLAMP_F_CRIU] = { "criu", NULL, K_STRING },
  [CLAMP_F_SYSTEMD_CGROUP] = { "systemd-cgroup", NULL, K_BOOL },
  [CLAMP_F_ROOTLESS] = { "rootless", NULL, K_STRING },
  [CLAMP_F_CGROUP_MANAGER] = { "cgroup-manager", NULL, K_STRING },
  [CLAMP_F_HELP] = { "help", "h", K_BOOL },
  [CLAMP_F_VERSION] = { "version", "v", K_BOOL },
  [CLAMP_F_BUNDLE] = { "bundle", "b", K_STRING },
  [CLAMP_F_CONFIG] = { "config", "f", K_STRING },
  [CLAMP_F_CONSOLE_SOCKET] = { "console-socket", NULL, K_STRING },
  [CLAMP_F_PID_FILE] = { "pid-file", NULL, K_STRING },
  [CLAMP_F_NO_PIVOT] = { "no-pivot", NULL, K_BOOL },
  [CLAMP_F_NO_NEW_KEYRING] = { "no-new-keyring", NULL, K_BOOL },
  [CLAMP_F_PRESERVE_FDS] = { "preserve-fds", NULL, K_INT },
  [CLAMP_F_DETACH] = { "detach", "d", K_BOOL },
  [CLAMP_F_KEEP] = { "keep", NULL, K_BOOL },
  [CLAMP_F_NO_SUBREAPER] = { "no-subreaper", NULL, K_BOOL },
  [CLAMP_F_IMAGE_PATH] = { "image-path", NULL, K_STRING },
  [CLAMP_F_WORK_PATH] = { "work-path", NULL, K_STRING },
  [CLAMP_F_TCP_ESTABLISHED] = { "tcp-established", NULL, K_BOOL },
  [CLAMP_F_EXT_UNIX_SK] = { "ext-unix-sk", NULL, K_BOOL },
  [CLAMP_F_SHELL_JOB] = { "shell-job", NULL, K_BOOL },
  [CLAMP_F_FILE_LOCKS] = { "file-locks", NULL, K_BOOL },
  [CLAMP_F_MANAGE_CGROUPS_MODE] = { "manage-cgroups-mode", NULL, K_STRING },
  [CLAMP_F_EMPTY_NS] = { "empty-ns", NULL, K_SLICE },
  [CLAMP_F_AUTO_DEDUP] = { "auto-dedup", NULL, K_BOOL },
  [CLAMP_F_LAZY_PAGES] = { "lazy-pages", NULL, K_BOOL },
  [CLAMP_F_LSM_PROFILE] = { "lsm-profile", NULL, K_STRING },
  [CLAMP_F_LSM_MOUNT_CONTEXT] = { "lsm-mount-context", NULL, K_STRING },
  [CLAMP_F_CWD] = { "cwd", NULL, K_STRING },
  [CLAMP_F_ENV] = { "env", "e", K_SLICE },
  [CLAMP_F_TTY] = { "tty", "t", K_BOOL },
  [CLAMP_F_USER] = { "user", "u", K_STRING },
  [CLAMP_F_ADDITIONAL_GIDS] = { "additional-gids", "g", K_INT64_SLICE },
  [CLAMP_F_PROCESS] = { "process", "p", K_STRING },
  [CLAMP_F_PROCESS_LABEL] = { "process-label", NULL, K_STRING },
  [CLAMP_F_APPARMOR] = { "apparmor", NULL, K_STRING },
  [CLAMP_F_NO_NEW_PRIVS] = { "no-new-privs", NULL, K_BOOL },
  [CLAMP_F_CAP] = { "cap", "c", K_SLICE },
  [CLAMP_F_CGROUP] = { "cgroup", NULL, K_SLICE },
  [CLAMP_F_IGNORE_PAUSED] = { "ignore-paused", NULL, K_BOOL },
  [CLAMP_F_RESOURCES] = { "resources", "r", K_STRING },
  [CLAMP_F_BLKIO_WEIGHT] = { "blkio-weight", NULL, K_INT },
  [CLAMP_F_CPU_PERIOD] = { "cpu-period", NULL, K_STRING },
  [CLAMP_F_CPU_QUOTA] = { "cpu-quota", NULL, K_STRING },
  [CLAMP_F_CPU_SHARE] = { "cpu-share", NULL, K_STRING },
  [CLAMP_F_CPU_RT_PERIOD] = { "cpu-rt-period", NULL, K_STRING },
  [CLAMP_F_CPU_RT_RUNTIME] = { "cpu-rt-runtime", NULL, K_STRING },
  [CLAMP_F_CPUSET_CPUS] = { "cpuset-cpus", NULL, K_STRING },
  [CLAMP_F_CPUSET_MEMS] = { "cpuset-mems", NULL, K_STRING },
  [CLAMP_F_KERNEL_MEMORY] = { "kernel-memory", NULL, K_STRING },
  [CLAMP_F_KERNEL_MEMORY_TCP] = { "kernel-memory-tcp", NULL, K_STRING },
  [CLAMP_F_MEMORY] = { "memory", NULL, K_STRING },
  [CLAMP_F_MEMORY_RESERVATION] = { "memory-reservation", NULL, K_STRING },
  [CLAMP_F_MEMORY_SWAP] = { "memory-swap", NULL, K_STRING },
  [CLAMP_F_PIDS_LIMIT] = { "pids-limit", NULL, K_INT },
  [CLAMP_F_L3_CACHE_SCHEMA] = { "l3-cache-schema", NULL, K_STRING },
  [CLAMP_F_MEM_BW_SCHEMA] = { "mem-bw-schema", NULL, K_STRING },
};

#define END CLAMP_F__COUNT

/* Flag sets, in runc's definition order (which is also the order of the
 * canonical argv). urfave/cli appends --help, -h to every command. */
static const enum clamp_flag_id global_runc[] = {
  CLAMP_F_DEBUG,          CLAMP_F_LOG,      CLAMP_F_LOG_FORMAT, CLAMP_F_ROOT,    CLAMP_F_CRIU,
  CLAMP_F_SYSTEMD_CGROUP, CLAMP_F_ROOTLESS, CLAMP_F_HELP,       CLAMP_F_VERSION, END
};
static const enum clamp_flag_id global_crun[] = { CLAMP_F_DEBUG,          CLAMP_F_LOG,
                                                  CLAMP_F_LOG_FORMAT,     CLAMP_F_ROOT,
                                                  CLAMP_F_SYSTEMD_CGROUP, CLAMP_F_CGROUP_MANAGER,
                                                  CLAMP_F_ROOTLESS,       CLAMP_F_HELP,
                                                  CLAMP_F_VERSION,        END };
static const enum clamp_flag_id create_runc[] = { CLAMP_F_BUNDLE,         CLAMP_F_CONSOLE_SOCKET,
                                                  CLAMP_F_PID_FILE,       CLAMP_F_NO_PIVOT,
                                                  CLAMP_F_NO_NEW_KEYRING, CLAMP_F_PRESERVE_FDS,
                                                  CLAMP_F_HELP,           END };
static const enum clamp_flag_id create_crun[] = { CLAMP_F_BUNDLE,         CLAMP_F_CONFIG,
                                                  CLAMP_F_CONSOLE_SOCKET, CLAMP_F_PID_FILE,
                                                  CLAMP_F_NO_PIVOT,       CLAMP_F_NO_NEW_KEYRING,
                                                  CLAMP_F_PRESERVE_FDS,   CLAMP_F_NO_SUBREAPER,
                                                  CLAMP_F_HELP,           END };
static const enum clamp_flag_id run_runc[] = { CLAMP_F_BUNDLE,
                                               CLAMP_F_CONSOLE_SOCKET,
                                               CLAMP_F_DETACH,
                                               CLAMP_F_KEEP,
                                               CLAMP_F_PID_FILE,
                                               CLAMP_F_NO_SUBREAPER,
                                               CLAMP_F_NO_PIVOT,
                                               CLAMP_F_NO_NEW_KEYRING,
                                               CLAMP_F_PRESERVE_FDS,
                                               CLAMP_F_HELP,
                                               END };
/* crun 1.8 (src/run.c) has no --keep. */
static const enum clamp_flag_id run_crun[] = { CLAMP_F_BUNDLE,
                                               CLAMP_F_CONFIG,
                                               CLAMP_F_CONSOLE_SOCKET,
                                               CLAMP_F_DETACH,
                                               CLAMP_F_PID_FILE,
                                               CLAMP_F_NO_SUBREAPER,
                                               CLAMP_F_NO_PIVOT,
                                               CLAMP_F_NO_NEW_KEYRING,
                                               CLAMP_F_PRESERVE_FDS,
                                               CLAMP_F_HELP,
                                               END };
static const enum clamp_flag_id restore_runc[] = {
  CLAMP_F_CONSOLE_SOCKET, CLAMP_F_IMAGE_PATH,
  CLAMP_F_WORK_PATH,      CLAMP_F_TCP_ESTABLISHED,
  CLAMP_F_EXT_UNIX_SK,    CLAMP_F_SHELL_JOB,
  CLAMP_F_FILE_LOCKS,     CLAMP_F_MANAGE_CGROUPS_MODE,
  CLAMP_F_BUNDLE,         CLAMP_F_DETACH,
  CLAMP_F_PID_FILE,       CLAMP_F_NO_SUBREAPER,
  CLAMP_F_NO_PIVOT,       CLAMP_F_EMPTY_NS,
  CLAMP_F_AUTO_DEDUP,     CLAMP_F_LAZY_PAGES,
  CLAMP_F_LSM_PROFILE,    CLAMP_F_LSM_MOUNT_CONTEXT,
  CLAMP_F_HELP,           END
};
static const enum clamp_flag_id exec_runc[] = { CLAMP_F_CONSOLE_SOCKET,
                                                CLAMP_F_CWD,
                                                CLAMP_F_ENV,
                                                CLAMP_F_TTY,
                                                CLAMP_F_USER,
                                                CLAMP_F_ADDITIONAL_GIDS,
                                                CLAMP_F_PROCESS,
                                                CLAMP_F_DETACH,
                                                CLAMP_F_PID_FILE,
                                                CLAMP_F_PROCESS_LABEL,
                                                CLAMP_F_APPARMOR,
                                                CLAMP_F_NO_NEW_PRIVS,
                                                CLAMP_F_CAP,
                                                CLAMP_F_PRESERVE_FDS,
                                                CLAMP_F_CGROUP,
                                                CLAMP_F_IGNORE_PAUSED,
                                                CLAMP_F_HELP,
                                                END };
/* crun 1.8 (src/exec.c) has no --additional-gids or --ignore-paused. */
static const enum clamp_flag_id exec_crun[] = {
  CLAMP_F_CONSOLE_SOCKET, CLAMP_F_CWD,      CLAMP_F_ENV,          CLAMP_F_TTY,
  CLAMP_F_USER,           CLAMP_F_PROCESS,  CLAMP_F_DETACH,       CLAMP_F_PID_FILE,
  CLAMP_F_PROCESS_LABEL,  CLAMP_F_APPARMOR, CLAMP_F_NO_NEW_PRIVS, CLAMP_F_CAP,
  CLAMP_F_PRESERVE_FDS,   CLAMP_F_CGROUP,   CLAMP_F_HELP,         END
};

/* runc 1.1 update.go; crun 1.8 (src/update.c) has the same flags without
 * the two Intel RDT schemas. */
static const enum clamp_flag_id update_runc[] = { CLAMP_F_RESOURCES,
                                                  CLAMP_F_BLKIO_WEIGHT,
                                                  CLAMP_F_CPU_PERIOD,
                                                  CLAMP_F_CPU_QUOTA,
                                                  CLAMP_F_CPU_SHARE,
                                                  CLAMP_F_CPU_RT_PERIOD,
                                                  CLAMP_F_CPU_RT_RUNTIME,
                                                  CLAMP_F_CPUSET_CPUS,
                                                  CLAMP_F_CPUSET_MEMS,
                                                  CLAMP_F_KERNEL_MEMORY,
                                                  CLAMP_F_KERNEL_MEMORY_TCP,
                                                  CLAMP_F_MEMORY,
                                                  CLAMP_F_MEMORY_RESERVATION,
                                                  CLAMP_F_MEMORY_SWAP,
                                                  CLAMP_F_PIDS_LIMIT,
                                                  CLAMP_F_L3_CACHE_SCHEMA,
                                                  CLAMP_F_MEM_BW_SCHEMA,
                                                  CLAMP_F_HELP,
                                                  END };
static const enum clamp_flag_id update_crun[] = { CLAMP_F_RESOURCES,
                                                  CLAMP_F_BLKIO_WEIGHT,
                                                  CLAMP_F_CPU_PERIOD,
                                                  CLAMP_F_CPU_QUOTA,
                                                  CLAMP_F_CPU_SHARE,
                                                  CLAMP_F_CPU_RT_PERIOD,
                                                  CLAMP_F_CPU_RT_RUNTIME,
                                                  CLAMP_F_CPUSET_CPUS,
                                                  CLAMP_F_CPUSET_MEMS,
                                                  CLAMP_F_KERNEL_MEMORY,
                                                  CLAMP_F_KERNEL_MEMORY_TCP,
                                                  CLAMP_F_MEMORY,
                                                  CLAMP_F_MEMORY_RESERVATION,
                                                  CLAMP_F_MEMORY_SWAP,
                                                  CLAMP_F_PIDS_LIMIT,
                                                  CLAMP_F_HELP,
                                                  END };

static const struct
{
  const char *name;
  enum clamp_verb verb;
} verbs[] = {
  { "checkpoint", CLAMP_VERB_CHECKPOINT },
  { "create", CLAMP_VERB_CREATE },
  { "delete", CLAMP_VERB_DELETE },
  { "events", CLAMP_VERB_EVENTS },
  { "exec", CLAMP_VERB_EXEC },
  { "kill", CLAMP_VERB_KILL },
  { "list", CLAMP_VERB_LIST },
  { "pause", CLAMP_VERB_PAUSE },
  { "ps", CLAMP_VERB_PS },
  { "restore", CLAMP_VERB_RESTORE },
  { "resume", CLAMP_VERB_RESUME },
  { "run", CLAMP_VERB_RUN },
  { "spec", CLAMP_VERB_SPEC },
  { "start", CLAMP_VERB_START },
  { "state", CLAMP_VERB_STATE },
  { "update", CLAMP_VERB_UPDATE },
  { "features", CLAMP_VERB_FEATURES },
  { "help", CLAMP_VERB_HELP },
  { "h", CLAMP_VERB_HELP },
};

static const enum clamp_flag_id *verb_flags(enum clamp_verb verb, enum clamp_flavor flavor)
{
  bool crun = flavor == CLAMP_FLAVOR_CRUN;
  switch (verb)
    {
      case CLAMP_VERB_CREATE:
        return crun ? create_crun : create_runc;
      case CLAMP_VERB_RUN:
        return crun ? run_crun : run_runc;
      case CLAMP_VERB_RESTORE:
        return restore_runc;
      case CLAMP_VERB_EXEC:
        return crun ? exec_crun : exec_runc;
      case CLAMP_VERB_UPDATE:
        return crun ? update_crun : update_runc;
      default:
        return NULL;
    }
}

bool clamp_cli_verb_hardened(enum clamp_verb verb)
{
  return verb == CLAMP_VERB_CREATE || verb == CLAMP_VERB_RUN || verb == CLAMP_VERB_RESTORE
         || verb == CLAMP_VERB_EXEC || verb == CLAMP_VERB_UPDATE;
}

const char *clamp_cli_flag_name(enum clamp_flag_id id) { return defs[id].name; }

void clamp_command_init(struct clamp_command *cmd) { memset(cmd, 0, sizeof *cmd); }

void clamp_command_free(struct clamp_command *cmd)
{
  for (size_t i = 0; i < CLAMP_F__COUNT; i++)
    free(cmd->flags[i].list);
  free(cmd->args);
  for (size_t i = 0; i < cmd->n_owned; i++)
    free(cmd->owned[i]);
  free(cmd->owned);
  clamp_command_init(cmd);
}

const char *clamp_command_own(struct clamp_command *cmd, char *s)
{
  cmd->owned = clamp_xrealloc(cmd->owned, (cmd->n_owned + 1) * sizeof *cmd->owned);
  cmd->owned[cmd->n_owned++] = s;
  return s;
}

void clamp_command_set_list(struct clamp_command *cmd, enum clamp_flag_id id, const char **list,
                            size_t n)
{
  struct clamp_flag_value *v = &cmd->flags[id];
  const char **copy = clamp_xcalloc(n + 1, sizeof *copy);
  if (n)
    memcpy(copy, list, n * sizeof *copy);
  free(v->list);
  v->list = copy;
  v->n = n;
}

static void list_append(struct clamp_flag_value *v, const char *s)
{
  v->list = clamp_xrealloc(v->list, (v->n + 2) * sizeof *v->list);
  v->list[v->n++] = s;
  v->list[v->n] = NULL;
}

/* urfave/cli v1.22.1 reorderArgs: every argument that starts with '-'
 * (but is not "-") is moved to the front together with the argument after
 * it when that one does not start with '-' and the flag has no '='; "--"
 * and everything after it stay at the end. Note that this looks at the
 * spelling only, not at which flags exist or take values. */
static const char **reorder(const char *const *args, size_t n)
{
  const char **flags = clamp_xcalloc(n + 1, sizeof *flags);
  const char **rest = clamp_xcalloc(n + 1, sizeof *rest);
  size_t nf = 0, nr = 0;
  bool read_value = false;
  for (size_t i = 0; i < n; i++)
    {
      const char *a = args[i];
      if (strcmp(a, "--") == 0)
        {
          while (i < n)
            rest[nr++] = args[i++];
          break;
        }
      if (read_value && a[0] != '-')
        {
          read_value = false;
          flags[nf++] = a;
          continue;
        }
      read_value = false;
      if (strcmp(a, "-") != 0 && a[0] == '-')
        {
          flags[nf++] = a;
          read_value = strchr(a, '=') == NULL;
        }
      else
        rest[nr++] = a;
    }
  memcpy(flags + nf, rest, nr * sizeof *rest);
  free(rest);
  return flags;
}

static const struct def *find_flag(const enum clamp_flag_id *set, const char *name, size_t len,
                                   enum clamp_flag_id *id, bool *short_form)
{
  for (; *set != END; set++)
    {
      const struct def *d = &defs[*set];
      if (strlen(d->name) == len && memcmp(d->name, name, len) == 0)
        {
          *id = *set;
          *short_form = false;
          return d;
        }
      if (d->alias && strlen(d->alias) == len && memcmp(d->alias, name, len) == 0)
        {
          *id = *set;
          *short_form = true;
          return d;
        }
    }
  return NULL;
}

/* Go's FlagSet.Parse over args[0..n) with the flags in set. On success
 * *first is the index of the first positional (after a "--" if one ended
 * the flags). Messages follow Go's. */
static int go_parse(const enum clamp_flag_id *set, const char *const *args, size_t n,
                    struct clamp_command *cmd, size_t *first, struct clamp_error **err)
{
  /* Which spelling (long or short) of each flag was used. */
  bool used[CLAMP_F__COUNT][2];
  memset(used, 0, sizeof used);
  size_t i = 0;
  while (i < n)
    {
      const char *s = args[i];
      size_t len = strlen(s);
      if (len < 2 || s[0] != '-')
        break;
      size_t minuses = 1;
      if (s[1] == '-')
        {
          minuses = 2;
          if (len == 2)
            {
              i++;
              break;
            }
        }
      const char *name = s + minuses;
      if (name[0] == '-' || name[0] == '=')
        {
          _cleanup_free_ char *q = clamp_quote(s, len);
          return clamp_error_input(err, "bad flag syntax: %s", q);
        }
      i++;
      const char *eq = strchr(name + 1, '=');
      size_t name_len = eq ? (size_t)(eq - name) : strlen(name);
      const char *value = eq ? eq + 1 : NULL;
      enum clamp_flag_id id;
      bool short_form;
      const struct def *d = find_flag(set, name, name_len, &id, &short_form);
      if (d == NULL)
        {
          _cleanup_free_ char *q = clamp_quote(name, name_len);
          return clamp_error_input(err, "flag provided but not defined: -%s", q);
        }
      struct clamp_flag_value *v = &cmd->flags[id];
      used[id][short_form] = true;
      if (d->kind == K_BOOL)
        {
          bool b = true;
          if (value != NULL && clamp_go_parse_bool(value, &b) < 0)
            {
              _cleanup_free_ char *q = clamp_quote(value, strlen(value));
              return clamp_error_input(err, "invalid boolean value %s for -%s", q, d->name);
            }
          v->set = true;
          v->b = b;
          continue;
        }
      if (value == NULL)
        {
          if (i >= n)
            return clamp_error_input(err, "flag needs an argument: -%s", d->name);
          value = args[i++];
        }
      int64_t num;
      v->set = true;
      switch (d->kind)
        {
          case K_STRING:
            v->s = value;
            break;
          case K_INT:
          case K_INT64_SLICE:
            if (clamp_go_parse_int(value, d->kind == K_INT ? 0 : 10, &num) < 0)
              {
                _cleanup_free_ char *q = clamp_quote(value, strlen(value));
                return clamp_error_input(err, "invalid value %s for flag -%s: parse error", q,
                                         d->name);
              }
            if (d->kind == K_INT)
              v->i = num;
            else
              list_append(v, value);
            break;
          case K_SLICE:
            list_append(v, value);
            break;
          case K_BOOL:
            break;
        }
    }
  /* urfave's normalizeFlags: one flag, two spellings, is an error. */
  for (const enum clamp_flag_id *p = set; *p != END; p++)
    if (used[*p][0] && used[*p][1])
      return clamp_error_input(err, "Cannot use two forms of the same flag: %s %s", defs[*p].alias,
                               defs[*p].name);
  *first = i;
  return 0;
}

int clamp_cli_parse(int argc, char *const argv[], enum clamp_flavor flavor,
                    struct clamp_command *cmd, struct clamp_error **err)
{
  const char *const *args = (const char *const *)argv + 1;
  size_t n = argc > 0 ? (size_t)argc - 1 : 0;
  size_t first;

  if (go_parse(flavor == CLAMP_FLAVOR_CRUN ? global_crun : global_runc, args, n, cmd, &first, err)
      < 0)
    return clamp_error_wrap(err, "global options");
  if (first >= n)
    {
      cmd->verb = CLAMP_VERB_NONE;
      return 0;
    }
  cmd->verb_name = args[first];
  cmd->verb = CLAMP_VERB_UNKNOWN;
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(verbs); i++)
    if (strcmp(verbs[i].name, cmd->verb_name) == 0)
      cmd->verb = verbs[i].verb;
  if (!clamp_cli_verb_hardened(cmd->verb) || cmd->flags[CLAMP_F_HELP].b
      || cmd->flags[CLAMP_F_VERSION].b)
    return 0;

  const char *const *rest = args + first + 1;
  size_t nrest = n - first - 1;
  /* exec and ps keep their order: after the id, everything belongs to the
   * process (runc's SkipArgReorder). */
  const char **ordered = cmd->verb == CLAMP_VERB_EXEC ? NULL : reorder(rest, nrest);
  const char *const *parse_args = ordered ? ordered : rest;
  size_t pos;
  int r = go_parse(verb_flags(cmd->verb, flavor), parse_args, nrest, cmd, &pos, err);
  if (r == 0)
    {
      cmd->n_args = nrest - pos;
      cmd->args = clamp_xcalloc(cmd->n_args + 1, sizeof *cmd->args);
      memcpy(cmd->args, parse_args + pos, cmd->n_args * sizeof *cmd->args);
    }
  free(ordered);
  if (r < 0)
    return clamp_error_wrap(err, "%s", cmd->verb_name);
  cmd->help = cmd->flags[CLAMP_F_HELP].b;
  if (cmd->help)
    return 0;
  if (cmd->verb == CLAMP_VERB_EXEC ? cmd->n_args < 1 : cmd->n_args != 1)
    return clamp_error_input(err, "%s: \"%s\" requires %s 1 argument(s)", cmd->verb_name,
                             cmd->verb_name,
                             cmd->verb == CLAMP_VERB_EXEC ? "a minimum of" : "exactly");
  return 0;
}

static void argv_push(char ***v, size_t *n, char *s)
{
  *v = clamp_xrealloc(*v, (*n + 2) * sizeof **v);
  (*v)[(*n)++] = s;
  (*v)[*n] = NULL;
}

static void emit_flag(char ***v, size_t *n, enum clamp_flag_id id,
                      const struct clamp_flag_value *val)
{
  const struct def *d = &defs[id];
  if (!val->set || id == CLAMP_F_HELP || id == CLAMP_F_VERSION)
    return;
  switch (d->kind)
    {
      case K_BOOL:
        if (val->b)
          argv_push(v, n, clamp_xasprintf("--%s", d->name));
        break;
      case K_STRING:
        argv_push(v, n, clamp_xasprintf("--%s=%s", d->name, val->s));
        break;
      case K_INT:
        argv_push(v, n, clamp_xasprintf("--%s=%" PRId64, d->name, val->i));
        break;
      case K_SLICE:
      case K_INT64_SLICE:
        for (size_t i = 0; i < val->n; i++)
          argv_push(v, n, clamp_xasprintf("--%s=%s", d->name, val->list[i]));
        break;
    }
}

char **clamp_cli_canonical_argv(const struct clamp_command *cmd, const char *runtime,
                                enum clamp_flavor flavor)
{
  char **v = NULL;
  size_t n = 0;
  argv_push(&v, &n, clamp_xstrdup(runtime));
  for (const enum clamp_flag_id *p = flavor == CLAMP_FLAVOR_CRUN ? global_crun : global_runc;
       *p != END; p++)
    emit_flag(&v, &n, *p, &cmd->flags[*p]);
  argv_push(&v, &n, clamp_xstrdup(cmd->verb_name));
  if (cmd->help)
    {
      argv_push(&v, &n, clamp_xstrdup("--help"));
      return v;
    }
  for (const enum clamp_flag_id *p = verb_flags(cmd->verb, flavor); p && *p != END; p++)
    emit_flag(&v, &n, *p, &cmd->flags[*p]);
  argv_push(&v, &n, clamp_xstrdup("--"));
  for (size_t i = 0; i < cmd->n_args; i++)
    argv_push(&v, &n, clamp_xstrdup(cmd->args[i]));
  return v;
}
