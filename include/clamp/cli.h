/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_CLI_H
#define CLAMP_CLI_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clamp/error.h"

/* runc's command line, parsed with runc 1.1's real grammar: urfave/cli
 * v1.22 over Go's flag package.
 *  - Global flags come before the subcommand: --debug, --log, --log-format,
 *    --root, --criu, --systemd-cgroup, --rootless, -h/--help, -v/--version.
 *  - Every flag may be written -f v, -f=v, --f v or --f=v; a bool takes no
 *    separate value (--debug=false is allowed); "--" ends the flags.
 *  - A repeated string flag is last-wins; slice flags (--env, --cap, -g,
 *    --cgroup, --empty-ns) append. Using both forms of one flag (-b and
 *    --bundle) is an error, as in runc.
 *  - create, run and restore reorder their arguments (flags after the
 *    container id work); exec and ps do not (everything after the id
 *    belongs to the process).
 * clamp hardens create, run, restore, exec and update, refuses any flag it cannot
 * classify there, and forwards only what it parsed. Every other command
 * passes through untouched. */

enum clamp_verb
{
  CLAMP_VERB_NONE, /* no subcommand: runc prints its help */
  CLAMP_VERB_CHECKPOINT,
  CLAMP_VERB_CREATE,
  CLAMP_VERB_DELETE,
  CLAMP_VERB_EVENTS,
  CLAMP_VERB_EXEC,
  CLAMP_VERB_KILL,
  CLAMP_VERB_LIST,
  CLAMP_VERB_PAUSE,
  CLAMP_VERB_PS,
  CLAMP_VERB_RESTORE,
  CLAMP_VERB_RESUME,
  CLAMP_VERB_RUN,
  CLAMP_VERB_SPEC,
  CLAMP_VERB_START,
  CLAMP_VERB_STATE,
  CLAMP_VERB_UPDATE,
  CLAMP_VERB_FEATURES,
  CLAMP_VERB_HELP,
  CLAMP_VERB_UNKNOWN,
};

/* Which real runtime gets the canonical argv: crun adds --config/-f to
 * create and run, --cgroup-manager globally, and lacks a few runc flags. */
enum clamp_flavor
{
  CLAMP_FLAVOR_RUNC,
  CLAMP_FLAVOR_CRUN,
};

enum clamp_flag_id
{
  /* global */
  CLAMP_F_DEBUG,
  CLAMP_F_LOG,
  CLAMP_F_LOG_FORMAT,
  CLAMP_F_ROOT,
  CLAMP_F_CRIU,
  CLAMP_F_SYSTEMD_CGROUP,
  CLAMP_F_ROOTLESS,
  CLAMP_F_CGROUP_MANAGER,
  CLAMP_F_HELP,
  CLAMP_F_VERSION,
  /* create, run, restore */
  CLAMP_F_BUNDLE,
  CLAMP_F_CONFIG,
  CLAMP_F_CONSOLE_SOCKET,
  CLAMP_F_PID_FILE,
  CLAMP_F_NO_PIVOT,
  CLAMP_F_NO_NEW_KEYRING,
  CLAMP_F_PRESERVE_FDS,
  CLAMP_F_DETACH,
  CLAMP_F_KEEP,
  CLAMP_F_NO_SUBREAPER,
  CLAMP_F_IMAGE_PATH,
  CLAMP_F_WORK_PATH,
  CLAMP_F_TCP_ESTABLISHED,
  CLAMP_F_EXT_UNIX_SK,
  CLAMP_F_SHELL_JOB,
  CLAMP_F_FILE_LOCKS,
  CLAMP_F_MANAGE_CGROUPS_MODE,
  CLAMP_F_EMPTY_NS,
  CLAMP_F_AUTO_DEDUP,
  CLAMP_F_LAZY_PAGES,
  CLAMP_F_LSM_PROFILE,
  CLAMP_F_LSM_MOUNT_CONTEXT,
  /* exec */
  CLAMP_F_CWD,
  CLAMP_F_ENV,
  CLAMP_F_TTY,
  CLAMP_F_USER,
  CLAMP_F_ADDITIONAL_GIDS,
  CLAMP_F_PROCESS,
  CLAMP_F_PROCESS_LABEL,
  CLAMP_F_APPARMOR,
  CLAMP_F_NO_NEW_PRIVS,
  CLAMP_F_CAP,
  CLAMP_F_CGROUP,
  CLAMP_F_IGNORE_PAUSED,
  /* update */
  CLAMP_F_RESOURCES,
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
  CLAMP_F__COUNT
};

/* The value of one flag after parsing. Strings point into argv or are
 * owned by the command (after clamping). */
struct clamp_flag_value
{
  bool set;
  bool b;            /* bool flags */
  const char *s;     /* string flags: the last value given */
  int64_t i;         /* int flags, parsed as Go does (base prefixes allowed) */
  const char **list; /* slice flags, in order */
  size_t n;
};

struct clamp_command
{
  enum clamp_verb verb;
  const char *verb_name;
  struct clamp_flag_value flags[CLAMP_F__COUNT];
  const char **args; /* positionals after the verb's flags: id, then exec's process args */
  size_t n_args;
  bool help;    /* -h/--help on the subcommand: the runtime prints help */
  char **owned; /* strings made by clamp (canonical values), freed with the command */
  size_t n_owned;
};

void clamp_command_init(struct clamp_command *cmd);
void clamp_command_free(struct clamp_command *cmd);
static inline void clamp_command_freep(struct clamp_command *c) { clamp_command_free(c); }
#define _cleanup_command_ __attribute__((cleanup(clamp_command_freep)))

/* Parse argv (argv[0] is clamp itself). Pass-through verbs are recognised
 * after the global flags and not parsed further. */
int clamp_cli_parse(int argc, char *const argv[], enum clamp_flavor flavor,
                    struct clamp_command *cmd, struct clamp_error **err);

bool clamp_cli_verb_hardened(enum clamp_verb verb);
const char *clamp_cli_flag_name(enum clamp_flag_id id);

/* Keep a clamp-made string alive as long as the command (returns s). */
const char *clamp_command_own(struct clamp_command *cmd, char *s);
/* Replace a slice flag's values (the array is copied). */
void clamp_command_set_list(struct clamp_command *cmd, enum clamp_flag_id id, const char **list,
                            size_t n);

/* The argv handed to the real runtime for a hardened command: runtime,
 * the global flags that were given, the verb, its flags as --name=value
 * (bundle and process as absolute paths, once each), "--", then the
 * positionals. NULL-terminated; free with free() on each and the array. */
char **clamp_cli_canonical_argv(const struct clamp_command *cmd, const char *runtime,
                                enum clamp_flavor flavor);

/* Go's strconv, as runc uses it. Return 0, or -1 for bad syntax, -2 for
 * out of range. base is 0 (prefixes 0x, 0o, 0b, 0 and underscores) or 10. */
int clamp_go_parse_int(const char *s, int base, int64_t *out);
int clamp_go_parse_bool(const char *s, bool *out);
/* go-units RAMInBytes as runc update reads --memory and friends ("-1" is
 * handled by the caller): digits with an optional fraction, an optional
 * space, an optional k/m/g/t/p (binary), optional i and b. Returns 0, or
 * -1 for bad syntax, -2 when the value does not fit an int64 (Go's
 * conversion would then be undefined; clamp refuses it). */
int clamp_go_ram_in_bytes(const char *s, int64_t *out);

#endif
