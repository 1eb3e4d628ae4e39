/* SPDX-License-Identifier: Apache-2.0 */
/* Parsing argv as the shim does (clifx.h). */
#include "clifx.h"

#include <stdarg.h>
#include <string.h>

void clifx_parse_ok(struct clamp_command *cmd, enum clamp_flavor fl, char *const *argv)
{
  struct clamp_error *err = NULL;
  clamp_command_init(cmd);
  int r = clamp_cli_parse(clamp_test_argc(argv), argv, fl, cmd, &err);
  ck_assert_msg(r == 0, "parse failed: %s", err ? err->msg : "(no error object)");
  ck_assert_ptr_null(err);
}

void clifx_parse_bad(enum clamp_flavor fl, char *const *argv, ...)
{
  _cleanup_command_ struct clamp_command cmd;
  _cleanup_error_ struct clamp_error *err = NULL;
  clamp_command_init(&cmd);
  int r = clamp_cli_parse(clamp_test_argc(argv), argv, fl, &cmd, &err);
  ck_assert_msg(r < 0, "parse succeeded but must fail (argv[1]=%s)", argv[1] ? argv[1] : "");
  ck_assert_ptr_nonnull(err);
  ck_assert_int_eq(err->kind, CLAMP_ERR_INPUT);
  va_list ap;
  va_start(ap, argv);
  for (const char *want = va_arg(ap, const char *); want; want = va_arg(ap, const char *))
    ck_assert_msg(strstr(err->msg, want) != NULL, "error \"%s\" lacks \"%s\"", err->msg, want);
  va_end(ap);
}

char *clifx_canon(const struct clamp_command *cmd, const char *runtime, enum clamp_flavor fl)
{
  return clamp_test_join_argv(clamp_cli_canonical_argv(cmd, runtime, fl));
}

void clifx_assert_args(const struct clamp_command *cmd, const char *want)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  for (size_t i = 0; i < cmd->n_args; i++)
    {
      if (i)
        clamp_buf_putc(&b, '|');
      clamp_buf_puts(&b, cmd->args[i]);
    }
  ck_assert_ptr_null(cmd->args ? cmd->args[cmd->n_args] : NULL);
  _cleanup_free_ char *got = clamp_buf_steal(&b);
  ck_assert_str_eq(got, want);
}

void clifx_assert_canon(const struct clamp_command *cmd, enum clamp_flavor fl, const char *want)
{
  _cleanup_free_ char *got =
      clifx_canon(cmd, fl == CLAMP_FLAVOR_CRUN ? "/usr/bin/crun" : "/usr/bin/runc", fl);
  ck_assert_str_eq(got, want);
}
