/* SPDX-License-Identifier: Apache-2.0 */
/* runc's command line (runc 1.1.5: urfave/cli v1.22.1 over Go's flag
 * package) and the canonical argv clamp hands on, tested against runc's
 * real behaviour, not against what src/cli.c happens to do (Go's strconv
 * itself is in check_gostrconv.c). Facts checked with the installed
 * /usr/bin/runc 1.1.5 and runc v1.1.5's sources:
 *  - `runc create -b x --bundle y id`: "Cannot use two forms of the same
 *    flag: b bundle";
 *  - `runc create id --bundle`: urfave's reorderArgs takes "id" as the
 *    bundle, then "requires exactly 1 argument(s)";
 *  - `runc create --no-pivot id --bundle /x`: reorderArgs swallows "id"
 *    after the bool flag, Go's flag stops at it, 3 positionals, error;
 *  - `runc create ---bundle x id`, `-=x`: "bad flag syntax";
 *  - exec and ps set SkipArgReorder; Int64Slice (-g) parses base 10,
 *    IntFlag (--preserve-fds) base 0. */
#include <string.h>

#include "clifx.h"

/* ---- the four spellings of a flag, single-dash long names ---- */

START_TEST(test_four_forms_string)
{
  static const char *const forms[][3] = {
    { "-b", "/b", NULL },       { "-b=/b", NULL, NULL },       { "--b", "/b", NULL },
    { "--b=/b", NULL, NULL },   { "-bundle", "/b", NULL },     { "-bundle=/b", NULL, NULL },
    { "--bundle", "/b", NULL }, { "--bundle=/b", NULL, NULL },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(forms); i++)
    {
      _cleanup_command_ struct clamp_command cmd;
      char *argv[6] = { "clamp", "create", (char *)forms[i][0], (char *)forms[i][1], NULL, NULL };
      argv[forms[i][1] ? 4 : 3] = "id";
      parse_ok(&cmd, argv);
      ck_assert_int_eq(cmd.verb, CLAMP_VERB_CREATE);
      ck_assert_str_eq(cmd.verb_name, "create");
      ck_assert_msg(cmd.flags[CLAMP_F_BUNDLE].set, "form %zu", i);
      ck_assert_str_eq(cmd.flags[CLAMP_F_BUNDLE].s, "/b");
      clifx_assert_args(&cmd, "id");
    }
}
END_TEST

START_TEST(test_four_forms_bool)
{
  static const char *const forms[] = {
    "-d", "--d", "-detach", "--detach", "-d=true", "--detach=1"
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(forms); i++)
    {
      _cleanup_command_ struct clamp_command cmd;
      char *argv[] = { "clamp", "run", (char *)forms[i], "id", NULL };
      parse_ok(&cmd, argv);
      ck_assert(cmd.flags[CLAMP_F_DETACH].set);
      ck_assert_msg(cmd.flags[CLAMP_F_DETACH].b, "form %s", forms[i]);
      clifx_assert_args(&cmd, "id");
    }
}
END_TEST

START_TEST(test_bool_false_and_parse_bool_set)
{
  /* Go's flag accepts ParseBool's exact set after '='. */
  static const char *const t[] = { "1", "t", "T", "TRUE", "true", "True" };
  static const char *const f[] = { "0", "f", "F", "FALSE", "false", "False" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(t); i++)
    {
      _cleanup_command_ struct clamp_command a, b;
      _cleanup_free_ char *ta = clamp_xasprintf("--no-pivot=%s", t[i]);
      _cleanup_free_ char *fa = clamp_xasprintf("--no-pivot=%s", f[i]);
      parse_ok(&a, ARGV("create", ta, "id"));
      parse_ok(&b, ARGV("create", fa, "id"));
      ck_assert(a.flags[CLAMP_F_NO_PIVOT].set && a.flags[CLAMP_F_NO_PIVOT].b);
      ck_assert(b.flags[CLAMP_F_NO_PIVOT].set && !b.flags[CLAMP_F_NO_PIVOT].b);
    }
  parse_bad(ARGV("create", "--no-pivot=yes", "id"), "invalid boolean value", "yes", "no-pivot");
  parse_bad(ARGV("create", "--no-pivot=", "id"), "invalid boolean value");
  parse_bad(ARGV("create", "--no-pivot=tRUE", "id"), "invalid boolean value");
  parse_bad(ARGV("--debug=maybe", "list"), "invalid boolean value", "maybe", "debug");
}
END_TEST

/* A bool flag never takes the next argument: `--debug false` leaves
 * "false" as the subcommand (Go's flag package). */
START_TEST(test_bool_does_not_take_next)
{
  _cleanup_command_ struct clamp_command cmd;
  parse_ok(&cmd, ARGV("--debug", "false", "create", "id"));
  ck_assert(cmd.flags[CLAMP_F_DEBUG].b);
  ck_assert_int_eq(cmd.verb, CLAMP_VERB_UNKNOWN);
  ck_assert_str_eq(cmd.verb_name, "false");
}
END_TEST

/* ---- last wins, slices, both forms, -- ---- */

START_TEST(test_last_wins)
{
  _cleanup_command_ struct clamp_command cmd;
  parse_ok(&cmd, ARGV("--root", "/r1", "--root=/r2", "-root", "/r3", "create", "-b", "/a",
                      "--pid-file", "p1", "-b=/c", "id", "--pid-file=p2"));
  ck_assert_str_eq(cmd.flags[CLAMP_F_ROOT].s, "/r3");
  ck_assert_str_eq(cmd.flags[CLAMP_F_BUNDLE].s, "/c");
  ck_assert_str_eq(cmd.flags[CLAMP_F_PID_FILE].s, "p2");
  clifx_assert_args(&cmd, "id");
  /* Only the last value reaches the runtime, once. */
  clifx_assert_canon(&cmd, CLAMP_FLAVOR_RUNC,
                     "/usr/bin/runc|--root=/r3|create|--bundle=/c|--pid-file=p2|--|id");
}
END_TEST

START_TEST(test_slices_append)
{
  _cleanup_command_ struct clamp_command cmd;
  parse_ok(&cmd, ARGV("exec", "-e", "A=1", "-e=B=2", "--e", "C", "-c", "CAP_CHOWN", "-c=CAP_KILL",
                      "--cgroup", "cpu:/a", "--cgroup=memory:/b", "-g", "10", "-g=20", "id", "sh"));
  struct clamp_flag_value *e = &cmd.flags[CLAMP_F_ENV];
  ck_assert_uint_eq(e->n, 3);
  ck_assert_str_eq(e->list[0], "A=1");
  ck_assert_str_eq(e->list[1], "B=2");
  ck_assert_str_eq(e->list[2], "C");
  ck_assert_ptr_null(e->list[3]);
  ck_assert_uint_eq(cmd.flags[CLAMP_F_CAP].n, 2);
  ck_assert_str_eq(cmd.flags[CLAMP_F_CAP].list[1], "CAP_KILL");
  ck_assert_uint_eq(cmd.flags[CLAMP_F_CGROUP].n, 2);
  ck_assert_uint_eq(cmd.flags[CLAMP_F_ADDITIONAL_GIDS].n, 2);
  clifx_assert_args(&cmd, "id|sh");
  clifx_assert_canon(&cmd, CLAMP_FLAVOR_RUNC,
                     "/usr/bin/runc|exec|--env=A=1|--env=B=2|--env=C|--additional-gids=10|"
                     "--additional-gids=20|--cap=CAP_CHOWN|--cap=CAP_KILL|--cgroup=cpu:/a|"
                     "--cgroup=memory:/b|--|id|sh");

  _cleanup_command_ struct clamp_command r;
  parse_ok(&r, ARGV("restore", "--empty-ns", "network", "id", "--empty-ns=ipc"));
  ck_assert_uint_eq(r.flags[CLAMP_F_EMPTY_NS].n, 2);
  ck_assert_str_eq(r.flags[CLAMP_F_EMPTY_NS].list[0], "network");
  ck_assert_str_eq(r.flags[CLAMP_F_EMPTY_NS].list[1], "ipc");
}
END_TEST

START_TEST(test_both_forms_is_error)
{
  /* runc 1.1.5: "Cannot use two forms of the same flag: b bundle". */
  parse_bad(ARGV("create", "-b", "x", "--bundle", "y", "id"),
            "Cannot use two forms of the same flag: b bundle");
  parse_bad(ARGV("create", "--bundle=x", "-b=x", "id"), "Cannot use two forms of the same flag");
  parse_bad(ARGV("create", "id", "-bundle", "x", "--b", "y"),
            "Cannot use two forms of the same flag");
  parse_bad(ARGV("run", "-d", "--detach", "id"), "Cannot use two forms of the same flag: d detach");
  parse_bad(ARGV("exec", "-e", "A=1", "--env", "B=2", "id", "sh"),
            "Cannot use two forms of the same flag: e env");
  parse_bad(ARGV("exec", "--cap", "CAP_KILL", "-c", "CAP_KILL", "id", "sh"),
            "Cannot use two forms of the same flag: c cap");
  parse_bad(ARGV("exec", "-u", "1", "--user", "1", "id", "sh"),
            "Cannot use two forms of the same flag: u user");
  parse_bad(ARGV("exec", "-p", "/p", "--process=/p", "id"),
            "Cannot use two forms of the same flag: p process");
  /* runc's global set: `runc -h --help` fails the same way. */
  parse_bad(ARGV("-h", "--help"), "Cannot use two forms of the same flag: h help");
  parse_bad(ARGV("-v", "--version"), "Cannot use two forms of the same flag: v version");
  parse_bad_crun(ARGV("create", "-f", "a.json", "--config", "b.json", "id"),
                 "Cannot use two forms of the same flag: f config");
}
END_TEST

START_TEST(test_double_dash)
{
  _cleanup_command_ struct clamp_command a;
  parse_ok(&a, ARGV("create", "-b", "/b", "--", "-odd-id"));
  ck_assert_str_eq(a.flags[CLAMP_F_BUNDLE].s, "/b");
  clifx_assert_args(&a, "-odd-id");
  clifx_assert_canon(&a, CLAMP_FLAVOR_RUNC, "/usr/bin/runc|create|--bundle=/b|--|-odd-id");

  /* "--" and what follows stay behind the positionals in reorderArgs:
   * the flag set stops at "id" and everything after it is positional. */
  parse_bad(ARGV("create", "id", "--", "--bundle", "/b"), "requires exactly 1 argument");

  /* In global position "--" ends the global flags; the next word is the
   * subcommand. */
  _cleanup_command_ struct clamp_command g;
  parse_ok(&g, ARGV("--root", "/r", "--", "create", "id"));
  ck_assert_int_eq(g.verb, CLAMP_VERB_CREATE);
  clifx_assert_args(&g, "id");

  /* exec: "--" after the flags, then the id and a process whose own
   * arguments look like flags. */
  _cleanup_command_ struct clamp_command e;
  parse_ok(&e, ARGV("exec", "-t", "--", "id", "ls", "--", "-l"));
  ck_assert(e.flags[CLAMP_F_TTY].b);
  clifx_assert_args(&e, "id|ls|--|-l");
  clifx_assert_canon(&e, CLAMP_FLAVOR_RUNC, "/usr/bin/runc|exec|--tty|--|id|ls|--|-l");
}
END_TEST

/* ---- unknown flags, missing values, bad syntax ---- */

START_TEST(test_unknown_flag)
{
  parse_bad(ARGV("create", "--bogus", "id"), "flag provided but not defined", "bogus");
  parse_bad(ARGV("create", "id", "--bogus"), "flag provided but not defined", "bogus");
  parse_bad(ARGV("run", "-x", "id"), "flag provided but not defined");
  /* A global flag after the subcommand is not the subcommand's. */
  parse_bad(ARGV("create", "--root", "/r", "id"), "flag provided but not defined", "root");
  parse_bad(ARGV("--bogus", "create", "id"), "flag provided but not defined", "bogus");
  /* Flags of another subcommand. */
  parse_bad(ARGV("create", "--detach", "id"), "flag provided but not defined", "detach");
  parse_bad(ARGV("create", "--keep", "id"), "flag provided but not defined", "keep");
  parse_bad(ARGV("exec", "--bundle", "/b", "id", "sh"), "flag provided but not defined", "bundle");
  parse_bad(ARGV("restore", "--preserve-fds", "1", "id"), "flag provided but not defined");
  parse_bad(ARGV("restore", "--no-new-keyring", "id"), "flag provided but not defined");
  /* crun's --config/-f exists only in the crun flavor. */
  parse_bad(ARGV("create", "--config", "c.json", "id"), "flag provided but not defined", "config");
  parse_bad(ARGV("run", "-f", "c.json", "id"), "flag provided but not defined");
  /* An unknown flag that only looks like a value of the flag before it. */
  parse_bad(ARGV("create", "--no-pivot", "--nope", "id"), "flag provided but not defined", "nope");
}
END_TEST

START_TEST(test_bad_flag_syntax)
{
  parse_bad(ARGV("create", "---bundle", "x", "id"), "bad flag syntax", "---bundle");
  parse_bad(ARGV("create", "-=x", "id"), "bad flag syntax");
  parse_bad(ARGV("create", "--=x", "id"), "bad flag syntax");
  parse_bad(ARGV("---debug", "list"), "bad flag syntax");
}
END_TEST

START_TEST(test_missing_value)
{
  parse_bad(ARGV("create", "--pid-file"), "flag needs an argument");
  parse_bad(ARGV("--root"), "flag needs an argument", "root");
  parse_bad(ARGV("--log"), "flag needs an argument", "log");
  /* exec: after the id, "-u" is the process's argument, not a flag. */
  {
    _cleanup_command_ struct clamp_command e;
    parse_ok(&e, ARGV("exec", "id", "-u"));
    ck_assert(!e.flags[CLAMP_F_USER].set);
    clifx_assert_args(&e, "id|-u");
  }
  parse_bad(ARGV("exec", "-u"), "flag needs an argument", "user");
  /* runc 1.1.5: `runc create id --bundle` makes "id" the bundle (urfave's
   * reorderArgs), leaving no container id. */
  _cleanup_command_ struct clamp_command cmd;
  _cleanup_error_ struct clamp_error *err = NULL;
  clamp_command_init(&cmd);
  char *const *argv = ARGV("create", "id", "--bundle");
  ck_assert_int_lt(clamp_cli_parse(clamp_test_argc(argv), argv, CLAMP_FLAVOR_RUNC, &cmd, &err), 0);
  ck_assert_ptr_nonnull(strstr(err->msg, "requires exactly 1 argument(s)"));
  ck_assert_str_eq(cmd.flags[CLAMP_F_BUNDLE].s, "id");
}
END_TEST

START_TEST(test_empty_value_is_a_value)
{
  _cleanup_command_ struct clamp_command cmd;
  parse_ok(&cmd, ARGV("create", "--pid-file=", "--bundle", "", "id"));
  ck_assert(cmd.flags[CLAMP_F_PID_FILE].set);
  ck_assert_str_eq(cmd.flags[CLAMP_F_PID_FILE].s, "");
  ck_assert_str_eq(cmd.flags[CLAMP_F_BUNDLE].s, "");
  clifx_assert_args(&cmd, "id");
}
END_TEST

/* A string flag takes the next argument even when it starts with '-'. */
START_TEST(test_value_starting_with_dash)
{
  _cleanup_command_ struct clamp_command a;
  parse_ok(&a, ARGV("create", "--pid-file", "-p", "id"));
  ck_assert_str_eq(a.flags[CLAMP_F_PID_FILE].s, "-p");
  clifx_assert_args(&a, "id");
  /* "-" alone is a positional to reorderArgs, yet Go's flag still hands it
   * to -b as the value. */
  _cleanup_command_ struct clamp_command b;
  parse_ok(&b, ARGV("create", "-b", "-", "id"));
  ck_assert_str_eq(b.flags[CLAMP_F_BUNDLE].s, "-");
  clifx_assert_args(&b, "id");
  _cleanup_command_ struct clamp_command e;
  parse_ok(&e, ARGV("exec", "--cwd", "--", "id", "sh"));
  ck_assert_str_eq(e.flags[CLAMP_F_CWD].s, "--");
  clifx_assert_args(&e, "id|sh");
}
END_TEST

/* ---- flags after the id: create/run/restore reorder, exec does not ---- */

START_TEST(test_flags_after_id_create_run_restore)
{
  _cleanup_command_ struct clamp_command c;
  parse_ok(&c, ARGV("create", "id", "--bundle", "/b", "--pid-file=/p", "--no-pivot"));
  ck_assert_str_eq(c.flags[CLAMP_F_BUNDLE].s, "/b");
  ck_assert_str_eq(c.flags[CLAMP_F_PID_FILE].s, "/p");
  ck_assert(c.flags[CLAMP_F_NO_PIVOT].b);
  clifx_assert_args(&c, "id");

  _cleanup_command_ struct clamp_command r;
  parse_ok(&r, ARGV("run", "id", "-d", "-b", "/b", "--keep"));
  ck_assert(r.flags[CLAMP_F_DETACH].b);
  ck_assert(r.flags[CLAMP_F_KEEP].b);
  ck_assert_str_eq(r.flags[CLAMP_F_BUNDLE].s, "/b");
  clifx_assert_args(&r, "id");

  _cleanup_command_ struct clamp_command s;
  parse_ok(&s, ARGV("restore", "id", "--image-path", "/img", "-b", "/b", "--tcp-established"));
  ck_assert_int_eq(s.verb, CLAMP_VERB_RESTORE);
  ck_assert_str_eq(s.flags[CLAMP_F_IMAGE_PATH].s, "/img");
  ck_assert(s.flags[CLAMP_F_TCP_ESTABLISHED].b);
  clifx_assert_args(&s, "id");
}
END_TEST

START_TEST(test_exec_no_reorder)
{
  /* Everything after the id belongs to the process. */
  _cleanup_command_ struct clamp_command a;
  parse_ok(&a, ARGV("exec", "id", "--user", "0", "sh"));
  ck_assert(!a.flags[CLAMP_F_USER].set);
  clifx_assert_args(&a, "id|--user|0|sh");
  clifx_assert_canon(&a, CLAMP_FLAVOR_RUNC, "/usr/bin/runc|exec|--|id|--user|0|sh");

  _cleanup_command_ struct clamp_command b;
  parse_ok(&b, ARGV("exec", "--user", "1000", "-t", "id", "sh", "-c", "--cap=CAP_SYS_ADMIN"));
  ck_assert_str_eq(b.flags[CLAMP_F_USER].s, "1000");
  ck_assert(!b.flags[CLAMP_F_CAP].set);
  clifx_assert_args(&b, "id|sh|-c|--cap=CAP_SYS_ADMIN");

  /* exec needs at least the id; -p alone is enough. */
  parse_bad(ARGV("exec"), "requires a minimum of 1 argument");
  parse_bad(ARGV("exec", "-t"), "requires a minimum of 1 argument");
  _cleanup_command_ struct clamp_command p;
  parse_ok(&p, ARGV("exec", "-p", "proc.json", "id"));
  ck_assert_str_eq(p.flags[CLAMP_F_PROCESS].s, "proc.json");
  clifx_assert_args(&p, "id");
}
END_TEST

START_TEST(test_create_arg_count)
{
  parse_bad(ARGV("create"), "requires exactly 1 argument");
  parse_bad(ARGV("create", "a", "b"), "requires exactly 1 argument");
  parse_bad(ARGV("run", "-b", "/b"), "requires exactly 1 argument");
  parse_bad(ARGV("restore", "a", "b"), "requires exactly 1 argument");
  parse_bad(ARGV("create", "id", "-"), "requires exactly 1 argument");
}
END_TEST

/* urfave/cli v1.22.1's reorderArgs looks at spellings only: the word after
 * any flag without '=' travels with it, even after a bool flag. */
START_TEST(test_reorder_quirks)
{
  /* runc 1.1.5: "create" requires exactly 1 argument(s); the bundle is
   * never set. */
  {
    _cleanup_command_ struct clamp_command cmd;
    _cleanup_error_ struct clamp_error *err = NULL;
    clamp_command_init(&cmd);
    char *const *argv = ARGV("create", "--no-pivot", "id", "--bundle", "/b");
    ck_assert_int_lt(clamp_cli_parse(clamp_test_argc(argv), argv, CLAMP_FLAVOR_RUNC, &cmd, &err),
                     0);
    ck_assert_ptr_nonnull(strstr(err->msg, "requires exactly 1 argument(s)"));
    ck_assert(!cmd.flags[CLAMP_F_BUNDLE].set);
  }
  /* The same bool flag without a following id word works: -d then id. */
  {
    _cleanup_command_ struct clamp_command cmd;
    parse_ok(&cmd, ARGV("run", "-d", "id"));
    ck_assert(cmd.flags[CLAMP_F_DETACH].b);
    clifx_assert_args(&cmd, "id");
  }
  /* A bool flag followed by another flag does not swallow it. */
  {
    _cleanup_command_ struct clamp_command cmd;
    parse_ok(&cmd, ARGV("run", "id", "-d", "--bundle", "/b"));
    ck_assert(cmd.flags[CLAMP_F_DETACH].b);
    ck_assert_str_eq(cmd.flags[CLAMP_F_BUNDLE].s, "/b");
    clifx_assert_args(&cmd, "id");
  }
  /* With '=' the flag carries its value and the next word stays put. */
  {
    _cleanup_command_ struct clamp_command cmd;
    parse_ok(&cmd, ARGV("create", "--no-pivot=true", "id", "--bundle=/b"));
    ck_assert(cmd.flags[CLAMP_F_NO_PIVOT].b);
    ck_assert_str_eq(cmd.flags[CLAMP_F_BUNDLE].s, "/b");
    clifx_assert_args(&cmd, "id");
  }
  /* Flags interleaved with the id keep their relative order: last wins. */
  {
    _cleanup_command_ struct clamp_command cmd;
    parse_ok(&cmd, ARGV("create", "--pid-file", "a", "id", "--pid-file", "b"));
    ck_assert_str_eq(cmd.flags[CLAMP_F_PID_FILE].s, "b");
    clifx_assert_args(&cmd, "id");
  }
}
END_TEST

/* ---- global flags, verbs, help, version ---- */

START_TEST(test_global_flags)
{
  _cleanup_command_ struct clamp_command cmd;
  parse_ok(&cmd, ARGV("--debug", "--log", "/l.json", "--log-format=json", "-root", "/r", "--criu",
                      "/c", "--systemd-cgroup", "--rootless", "true", "create", "-b", "/b", "id"));
  ck_assert(cmd.flags[CLAMP_F_DEBUG].b);
  ck_assert_str_eq(cmd.flags[CLAMP_F_LOG].s, "/l.json");
  ck_assert_str_eq(cmd.flags[CLAMP_F_LOG_FORMAT].s, "json");
  ck_assert_str_eq(cmd.flags[CLAMP_F_ROOT].s, "/r");
  ck_assert_str_eq(cmd.flags[CLAMP_F_CRIU].s, "/c");
  ck_assert(cmd.flags[CLAMP_F_SYSTEMD_CGROUP].b);
  ck_assert_str_eq(cmd.flags[CLAMP_F_ROOTLESS].s, "true");
  clifx_assert_canon(&cmd, CLAMP_FLAVOR_RUNC,
                     "/usr/bin/runc|--debug|--log=/l.json|--log-format=json|--root=/r|--criu=/c|"
                     "--systemd-cgroup|--rootless=true|create|--bundle=/b|--|id");
}
END_TEST

START_TEST(test_global_bools_false_are_dropped)
{
  _cleanup_command_ struct clamp_command cmd;
  parse_ok(&cmd, ARGV("--debug=false", "--systemd-cgroup=0", "create", "--no-pivot=false",
                      "--no-new-keyring=F", "-b", "/b", "id"));
  ck_assert(cmd.flags[CLAMP_F_DEBUG].set && !cmd.flags[CLAMP_F_DEBUG].b);
  clifx_assert_canon(&cmd, CLAMP_FLAVOR_RUNC, "/usr/bin/runc|create|--bundle=/b|--|id");
}
END_TEST

START_TEST(test_crun_global_flags)
{
  _cleanup_command_ struct clamp_command cmd;
  clifx_parse_ok(&cmd, CLAMP_FLAVOR_CRUN,
                 ARGV("--cgroup-manager", "systemd", "--root=/r", "create", "-b", "/b", "id"));
  ck_assert_str_eq(cmd.flags[CLAMP_F_CGROUP_MANAGER].s, "systemd");
  clifx_assert_canon(&cmd, CLAMP_FLAVOR_CRUN,
                     "/usr/bin/crun|--root=/r|--cgroup-manager=systemd|create|--bundle=/b|--|id");
  /* runc has no --cgroup-manager; crun has no --criu. */
  parse_bad(ARGV("--cgroup-manager", "systemd", "create", "id"), "flag provided but not defined");
  parse_bad_crun(ARGV("--criu", "/c", "create", "id"), "flag provided but not defined");
}
END_TEST

START_TEST(test_crun_config_flag)
{
  _cleanup_command_ struct clamp_command a;
  clifx_parse_ok(&a, CLAMP_FLAVOR_CRUN, ARGV("create", "-f", "my.json", "-b", "/b", "id"));
  ck_assert_str_eq(a.flags[CLAMP_F_CONFIG].s, "my.json");
  clifx_assert_canon(&a, CLAMP_FLAVOR_CRUN,
                     "/usr/bin/crun|create|--bundle=/b|--config=my.json|--|id");

  _cleanup_command_ struct clamp_command b;
  clifx_parse_ok(&b, CLAMP_FLAVOR_CRUN, ARGV("run", "id", "--config=/x/c.json", "-d"));
  ck_assert_str_eq(b.flags[CLAMP_F_CONFIG].s, "/x/c.json");
  ck_assert(b.flags[CLAMP_F_DETACH].b);
  clifx_assert_args(&b, "id");

  /* Not an exec flag in either runtime. */
  parse_bad_crun(ARGV("exec", "--config", "c", "id", "sh"), "flag provided but not defined");
}
END_TEST

START_TEST(test_verbs)
{
  static const struct
  {
    const char *name;
    enum clamp_verb verb;
    bool hardened;
  } v[] = {
    { "checkpoint", CLAMP_VERB_CHECKPOINT, false },
    { "create", CLAMP_VERB_CREATE, true },
    { "delete", CLAMP_VERB_DELETE, false },
    { "events", CLAMP_VERB_EVENTS, false },
    { "exec", CLAMP_VERB_EXEC, true },
    { "kill", CLAMP_VERB_KILL, false },
    { "list", CLAMP_VERB_LIST, false },
    { "pause", CLAMP_VERB_PAUSE, false },
    { "ps", CLAMP_VERB_PS, false },
    { "restore", CLAMP_VERB_RESTORE, true },
    { "resume", CLAMP_VERB_RESUME, false },
    { "run", CLAMP_VERB_RUN, true },
    { "spec", CLAMP_VERB_SPEC, false },
    { "start", CLAMP_VERB_START, false },
    { "state", CLAMP_VERB_STATE, false },
    { "update", CLAMP_VERB_UPDATE, true },
    { "features", CLAMP_VERB_FEATURES, false },
    { "help", CLAMP_VERB_HELP, false },
    { "h", CLAMP_VERB_HELP, false },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(v); i++)
    {
      ck_assert_msg(clamp_cli_verb_hardened(v[i].verb) == v[i].hardened, "%s", v[i].name);
      if (v[i].hardened)
        continue;
      /* Pass-through verbs: recognised, not parsed further, whatever
       * follows (unknown flags included). */
      _cleanup_command_ struct clamp_command cmd;
      char *argv[] = {
        "clamp", "--root", "/r", (char *)v[i].name, "--whatever", "-x=1", "id", NULL
      };
      parse_ok(&cmd, argv);
      ck_assert_int_eq(cmd.verb, v[i].verb);
      ck_assert_str_eq(cmd.verb_name, v[i].name);
      ck_assert_str_eq(cmd.flags[CLAMP_F_ROOT].s, "/r");
    }
}
END_TEST

START_TEST(test_unknown_verb_and_no_verb)
{
  _cleanup_command_ struct clamp_command a;
  parse_ok(&a, ARGV("frobnicate", "--x", "y"));
  ck_assert_int_eq(a.verb, CLAMP_VERB_UNKNOWN);
  ck_assert_str_eq(a.verb_name, "frobnicate");
  ck_assert(!clamp_cli_verb_hardened(a.verb));

  /* Verbs are exact: no case folding, no prefixes. */
  _cleanup_command_ struct clamp_command b;
  parse_ok(&b, ARGV("CREATE", "id"));
  ck_assert_int_eq(b.verb, CLAMP_VERB_UNKNOWN);
  _cleanup_command_ struct clamp_command c;
  parse_ok(&c, ARGV("creat", "id"));
  ck_assert_int_eq(c.verb, CLAMP_VERB_UNKNOWN);

  _cleanup_command_ struct clamp_command d;
  parse_ok(&d, ARGV0);
  ck_assert_int_eq(d.verb, CLAMP_VERB_NONE);
  _cleanup_command_ struct clamp_command e;
  parse_ok(&e, ARGV("--debug"));
  ck_assert_int_eq(e.verb, CLAMP_VERB_NONE);
}
END_TEST

START_TEST(test_help_and_version)
{
  static const char *const help[] = { "-h", "--help", "-help", "--h", "--help=true" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(help); i++)
    {
      _cleanup_command_ struct clamp_command cmd;
      char *argv[] = { "clamp", (char *)help[i], "create", NULL };
      parse_ok(&cmd, argv);
      ck_assert_msg(cmd.flags[CLAMP_F_HELP].b, "%s", help[i]);
    }
  static const char *const ver[] = { "-v", "--version", "-version", "--v" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(ver); i++)
    {
      _cleanup_command_ struct clamp_command cmd;
      char *argv[] = { "clamp", (char *)ver[i], NULL };
      parse_ok(&cmd, argv);
      ck_assert_msg(cmd.flags[CLAMP_F_VERSION].b, "%s", ver[i]);
      ck_assert_int_eq(cmd.verb, CLAMP_VERB_NONE);
    }
}
END_TEST

/* `runc create --help` prints help and needs no id; `-h` after the id
 * works too (reorder). The runtime gets just the verb and --help. */
START_TEST(test_verb_help)
{
  static const char *const forms[] = { "--help", "-h", "-help", "--h" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(forms); i++)
    {
      _cleanup_command_ struct clamp_command cmd;
      char *argv[] = { "clamp", "--root", "/r", "create", (char *)forms[i], NULL };
      parse_ok(&cmd, argv);
      ck_assert_msg(cmd.help, "%s", forms[i]);
      clifx_assert_canon(&cmd, CLAMP_FLAVOR_RUNC, "/usr/bin/runc|--root=/r|create|--help");
    }
  _cleanup_command_ struct clamp_command b;
  parse_ok(&b, ARGV("run", "id", "-h"));
  ck_assert(b.help);
  _cleanup_command_ struct clamp_command e;
  parse_ok(&e, ARGV("exec", "--help"));
  ck_assert(e.help);
  clifx_assert_canon(&e, CLAMP_FLAVOR_RUNC, "/usr/bin/runc|exec|--help");
  parse_bad(ARGV("create", "-h", "--help"), "Cannot use two forms of the same flag: h help");
}
END_TEST

/* ---- ints: --preserve-fds is a Go int flag (base 0) ---- */

START_TEST(test_preserve_fds)
{
  static const struct
  {
    const char *in;
    int64_t v;
    const char *canon;
  } ok[] = {
    { "3", 3, "--preserve-fds=3" },    { "0x10", 16, "--preserve-fds=16" },
    { "010", 8, "--preserve-fds=8" },  { "0o17", 15, "--preserve-fds=15" },
    { "0b11", 3, "--preserve-fds=3" }, { "1_0", 10, "--preserve-fds=10" },
    { "+2", 2, "--preserve-fds=2" },   { "0", 0, "--preserve-fds=0" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(ok); i++)
    {
      _cleanup_command_ struct clamp_command cmd;
      char *argv[] = {
        "clamp", "create", "--preserve-fds", (char *)ok[i].in, "-b", "/b", "id", NULL
      };
      parse_ok(&cmd, argv);
      ck_assert(cmd.flags[CLAMP_F_PRESERVE_FDS].set);
      ck_assert_int_eq(cmd.flags[CLAMP_F_PRESERVE_FDS].i, ok[i].v);
      _cleanup_free_ char *want =
          clamp_xasprintf("/usr/bin/runc|create|--bundle=/b|%s|--|id", ok[i].canon);
      clifx_assert_canon(&cmd, CLAMP_FLAVOR_RUNC, want);
    }
  parse_bad(ARGV("create", "--preserve-fds", "08", "id"), "invalid value", "08", "preserve-fds");
  parse_bad(ARGV("create", "--preserve-fds=x", "id"), "invalid value");
  parse_bad(ARGV("create", "--preserve-fds", "", "id"), "invalid value");
  parse_bad(ARGV("create", "--preserve-fds", "9223372036854775808", "id"), "invalid value");
}
END_TEST

/* -g is urfave's Int64Slice: ParseInt(s, 10, 64), no prefixes. */
START_TEST(test_additional_gids_base10)
{
  _cleanup_command_ struct clamp_command cmd;
  parse_ok(&cmd, ARGV("exec", "-g", "+5", "-g", "007", "-g", "-3", "id", "sh"));
  ck_assert_uint_eq(cmd.flags[CLAMP_F_ADDITIONAL_GIDS].n, 3);
  parse_bad(ARGV("exec", "-g", "0x10", "id", "sh"), "invalid value", "0x10");
  parse_bad(ARGV("exec", "-g", "1_0", "id", "sh"), "invalid value");
  parse_bad(ARGV("exec", "-g", "abc", "id", "sh"), "invalid value", "additional-gids");
  parse_bad(ARGV("exec", "-g", "9223372036854775808", "id", "sh"), "invalid value");
}
END_TEST

/* ---- canonical argv ---- */

START_TEST(test_canonical_exact)
{
  _cleanup_command_ struct clamp_command cmd;
  parse_ok(&cmd, ARGV("--log", "/var/log/x.json", "--log-format", "json", "--root", "/run/r",
                      "create", "-b", "rel", "--console-socket", "/s.sock", "--pid-file=/run/p.pid",
                      "--preserve-fds", "2", "id", "-b=rel2"));
  ck_assert_str_eq(cmd.flags[CLAMP_F_BUNDLE].s, "rel2");
  /* What the shim does after reading the bundle: the absolute path of the
   * directory clamp checked replaces whatever was given. */
  cmd.flags[CLAMP_F_BUNDLE].s = clamp_command_own(&cmd, clamp_xstrdup("/srv/bundles/abc"));
  clifx_assert_canon(&cmd, CLAMP_FLAVOR_RUNC,
                     "/usr/bin/runc|--log=/var/log/x.json|--log-format=json|--root=/run/r|create|"
                     "--bundle=/srv/bundles/abc|--console-socket=/s.sock|--pid-file=/run/p.pid|"
                     "--preserve-fds=2|--|id");
}
END_TEST

START_TEST(test_canonical_run_restore)
{
  _cleanup_command_ struct clamp_command r;
  parse_ok(&r, ARGV("run", "--keep", "-d", "--no-subreaper", "--no-new-keyring", "--no-pivot", "-b",
                    "/b", "id"));
  clifx_assert_canon(&r, CLAMP_FLAVOR_RUNC,
                     "/usr/bin/runc|run|--bundle=/b|--detach|--keep|--no-subreaper|--no-pivot|"
                     "--no-new-keyring|--|id");

  _cleanup_command_ struct clamp_command s;
  parse_ok(&s, ARGV("restore", "--image-path", "/img", "--work-path=/w", "--manage-cgroups-mode",
                    "full", "--lsm-profile", "apparmor:x", "--auto-dedup", "--lazy-pages",
                    "--file-locks", "--shell-job", "--ext-unix-sk", "--empty-ns", "network",
                    "--lsm-mount-context", "ctx", "-b", "/b", "id"));
  clifx_assert_canon(&s, CLAMP_FLAVOR_RUNC,
                     "/usr/bin/runc|restore|--image-path=/img|--work-path=/w|--ext-unix-sk|"
                     "--shell-job|--file-locks|--manage-cgroups-mode=full|--bundle=/b|"
                     "--empty-ns=network|--auto-dedup|--lazy-pages|--lsm-profile=apparmor:x|"
                     "--lsm-mount-context=ctx|--|id");
}
END_TEST

START_TEST(test_canonical_exec_all_flags)
{
  _cleanup_command_ struct clamp_command cmd;
  parse_ok(&cmd, ARGV("exec", "--console-socket", "/s", "--cwd", "/w", "-e", "A=1", "-t", "-u",
                      "1000:1000", "-g", "5", "-p", "/p.json", "-d", "--pid-file", "/pid",
                      "--process-label", "l", "--apparmor", "a", "--no-new-privs", "-c", "CAP_KILL",
                      "--preserve-fds", "1", "--cgroup", "c", "--ignore-paused", "id"));
  clifx_assert_canon(
      &cmd, CLAMP_FLAVOR_RUNC,
      "/usr/bin/runc|exec|--console-socket=/s|--cwd=/w|--env=A=1|--tty|"
      "--user=1000:1000|--additional-gids=5|--process=/p.json|--detach|--pid-file=/pid|"
      "--process-label=l|--apparmor=a|--no-new-privs|--cap=CAP_KILL|--preserve-fds=1|"
      "--cgroup=c|--ignore-paused|--|id");
}
END_TEST

/* Values with '=' or spaces survive as one argv word. */
START_TEST(test_canonical_values_verbatim)
{
  _cleanup_command_ struct clamp_command cmd;
  parse_ok(&cmd, ARGV("exec", "-e", "X=a=b c", "--cwd=/a b", "id", "echo", "x y"));
  _cleanup_strv_ char **v = clamp_cli_canonical_argv(&cmd, "/usr/bin/runc", CLAMP_FLAVOR_RUNC);
  ck_assert_str_eq(v[0], "/usr/bin/runc");
  ck_assert_str_eq(v[1], "exec");
  ck_assert_str_eq(v[2], "--cwd=/a b");
  ck_assert_str_eq(v[3], "--env=X=a=b c");
  ck_assert_str_eq(v[4], "--");
  ck_assert_str_eq(v[5], "id");
  ck_assert_str_eq(v[6], "echo");
  ck_assert_str_eq(v[7], "x y");
  ck_assert_ptr_null(v[8]);
}
END_TEST

START_TEST(test_command_set_list_and_own)
{
  _cleanup_command_ struct clamp_command cmd;
  parse_ok(&cmd, ARGV("exec", "-c", "CAP_A", "-c", "CAP_B", "id", "sh"));
  const char *one[] = { clamp_command_own(&cmd, clamp_xstrdup("CAP_NET_BIND_SERVICE")) };
  clamp_command_set_list(&cmd, CLAMP_F_CAP, one, 1);
  ck_assert_uint_eq(cmd.flags[CLAMP_F_CAP].n, 1);
  ck_assert_str_eq(cmd.flags[CLAMP_F_CAP].list[0], "CAP_NET_BIND_SERVICE");
  ck_assert_ptr_null(cmd.flags[CLAMP_F_CAP].list[1]);
  clifx_assert_canon(&cmd, CLAMP_FLAVOR_RUNC,
                     "/usr/bin/runc|exec|--cap=CAP_NET_BIND_SERVICE|--|id|sh");
  clamp_command_set_list(&cmd, CLAMP_F_CAP, NULL, 0);
  ck_assert_uint_eq(cmd.flags[CLAMP_F_CAP].n, 0);
  clifx_assert_canon(&cmd, CLAMP_FLAVOR_RUNC, "/usr/bin/runc|exec|--|id|sh");
  ck_assert_str_eq(clamp_cli_flag_name(CLAMP_F_PROCESS_LABEL), "process-label");
  ck_assert_str_eq(clamp_cli_flag_name(CLAMP_F_ADDITIONAL_GIDS), "additional-gids");
}
END_TEST

/* What containerd-shim-runc-v2 (via dockerd 20.10) really passed runc on
 * this machine, container ids shortened: global flags before the verb,
 * create with --bundle and --pid-file, exec with --process --detach. */
START_TEST(test_containerd_shim_argv)
{
  _cleanup_command_ struct clamp_command c;
  parse_ok(&c, ARGV("--root", "/run/docker/runtime-runc/moby", "--log",
                    "/run/containerd/io.containerd.runtime.v2.task/moby/0473/log.json",
                    "--log-format", "json", "create", "--bundle",
                    "/run/containerd/io.containerd.runtime.v2.task/moby/0473", "--pid-file",
                    "/run/containerd/io.containerd.runtime.v2.task/moby/0473/init.pid", "0473"));
  ck_assert_int_eq(c.verb, CLAMP_VERB_CREATE);
  clifx_assert_args(&c, "0473");
  clifx_assert_canon(
      &c, CLAMP_FLAVOR_RUNC,
      "/usr/bin/runc|--log=/run/containerd/io.containerd.runtime.v2.task/moby/0473/"
      "log.json|--log-format=json|--root=/run/docker/runtime-runc/moby|create|"
      "--bundle=/run/containerd/io.containerd.runtime.v2.task/moby/0473|"
      "--pid-file=/run/containerd/io.containerd.runtime.v2.task/moby/0473/init.pid|--|"
      "0473");

  _cleanup_command_ struct clamp_command e;
  parse_ok(&e, ARGV("--root", "/run/docker/runtime-runc/moby", "--log", "/b/log.json",
                    "--log-format", "json", "exec", "--process", "/tmp/runc-process3226014760",
                    "--detach", "--pid-file", "/b/add4.pid", "23da"));
  ck_assert_int_eq(e.verb, CLAMP_VERB_EXEC);
  ck_assert_str_eq(e.flags[CLAMP_F_PROCESS].s, "/tmp/runc-process3226014760");
  clifx_assert_args(&e, "23da");
  clifx_assert_canon(
      &e, CLAMP_FLAVOR_RUNC,
      "/usr/bin/runc|--log=/b/log.json|--log-format=json|"
      "--root=/run/docker/runtime-runc/moby|exec|--process=/tmp/runc-process3226014760|"
      "--detach|--pid-file=/b/add4.pid|--|23da");

  _cleanup_command_ struct clamp_command d;
  parse_ok(
      &d, ARGV("--root", "/r", "--log", "/l", "--log-format", "json", "delete", "--force", "0473"));
  ck_assert_int_eq(d.verb, CLAMP_VERB_DELETE);
}
END_TEST

/* runc update (update.go): its flags are parsed, reordered like create's
 * (urfave's reorder applies: flags may follow the id), and handed on. */
START_TEST(test_update_grammar)
{
  _cleanup_command_ struct clamp_command a;
  /* "-" is not moved with -r (it does not look like a flag value to
   * urfave), so "-r -" works only where Go's parser sees them together. */
  parse_ok(&a, ARGV("update", "--pids-limit", "100", "--memory=1g", "--cpu-share", "512",
                    "--l3-cache-schema", "L3:0=f", "-r", "-", "ctr"));
  ck_assert_int_eq(a.verb, CLAMP_VERB_UPDATE);
  clifx_assert_args(&a, "ctr");
  ck_assert_int_eq(a.flags[CLAMP_F_PIDS_LIMIT].i, 100);
  ck_assert_str_eq(a.flags[CLAMP_F_RESOURCES].s, "-");
  clifx_assert_canon(&a, CLAMP_FLAVOR_RUNC,
                     "/usr/bin/runc|update|--resources=-|--cpu-share=512|--memory=1g|"
                     "--pids-limit=100|--l3-cache-schema=L3:0=f|--|ctr");
  parse_bad(ARGV("update", "--pids-limit", "many", "ctr"), "invalid value", "pids-limit");
  parse_bad(ARGV("update", "--pids-limit", "99999999999999999999", "ctr"), "pids-limit");
  parse_bad(ARGV("update", "--cpu-shares", "2", "ctr"), "flag provided but not defined",
            "cpu-shares");
  parse_bad(ARGV("update", "-r", "a", "--resources", "b", "ctr"), "two forms");
  parse_bad(ARGV("update", "ctr", "other"), "exactly 1 argument");
  parse_bad(ARGV("update"), "exactly 1 argument");
  parse_bad_crun(ARGV("update", "--mem-bw-schema", "MB:0=10", "ctr"),
                 "flag provided but not defined");
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("cli");
  TCase *tc = tcase_create("cli");
  tcase_add_test(tc, test_four_forms_string);
  tcase_add_test(tc, test_four_forms_bool);
  tcase_add_test(tc, test_bool_false_and_parse_bool_set);
  tcase_add_test(tc, test_bool_does_not_take_next);
  tcase_add_test(tc, test_last_wins);
  tcase_add_test(tc, test_slices_append);
  tcase_add_test(tc, test_both_forms_is_error);
  tcase_add_test(tc, test_double_dash);
  tcase_add_test(tc, test_unknown_flag);
  tcase_add_test(tc, test_bad_flag_syntax);
  tcase_add_test(tc, test_missing_value);
  tcase_add_test(tc, test_empty_value_is_a_value);
  tcase_add_test(tc, test_value_starting_with_dash);
  tcase_add_test(tc, test_flags_after_id_create_run_restore);
  tcase_add_test(tc, test_exec_no_reorder);
  tcase_add_test(tc, test_create_arg_count);
  tcase_add_test(tc, test_reorder_quirks);
  tcase_add_test(tc, test_global_flags);
  tcase_add_test(tc, test_global_bools_false_are_dropped);
  tcase_add_test(tc, test_crun_global_flags);
  tcase_add_test(tc, test_crun_config_flag);
  tcase_add_test(tc, test_verbs);
  tcase_add_test(tc, test_unknown_verb_and_no_verb);
  tcase_add_test(tc, test_help_and_version);
  tcase_add_test(tc, test_verb_help);
  tcase_add_test(tc, test_preserve_fds);
  tcase_add_test(tc, test_additional_gids_base10);
  tcase_add_test(tc, test_canonical_exact);
  tcase_add_test(tc, test_canonical_run_restore);
  tcase_add_test(tc, test_canonical_exec_all_flags);
  tcase_add_test(tc, test_canonical_values_verbatim);
  tcase_add_test(tc, test_command_set_list_and_own);
  tcase_add_test(tc, test_containerd_shim_argv);
  tcase_add_test(tc, test_update_grammar);
  suite_add_tcase(s, tc);
  return s;
}
