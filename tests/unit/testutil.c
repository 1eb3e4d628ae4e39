/* SPDX-License-Identifier: Apache-2.0 */
/* Helpers shared by the unit tests (testutil.h). */
#include "testutil.h"

#include <fcntl.h>
#include <ftw.h>
#include <linux/fs.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clamp/seccomp.h"

/* ---- files ---- */

char *clamp_test_read_file(const char *path, size_t *len)
{
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    return NULL;
  struct clamp_buf b;
  clamp_buf_init(&b);
  char chunk[65536];
  size_t r;
  while ((r = fread(chunk, 1, sizeof chunk, f)) > 0)
    clamp_buf_append(&b, chunk, r);
  fclose(f);
  if (len)
    *len = b.len;
  return clamp_buf_steal(&b);
}

char *clamp_test_read_data(const char *relpath, size_t *len)
{
  _cleanup_free_ char *path = clamp_xasprintf("%s/%s", CLAMP_TEST_DATA, relpath);
  char *text = clamp_test_read_file(path, len);
  if (text == NULL)
    {
      perror(path);
      abort();
    }
  return text;
}

char *clamp_test_tmpdir(const char *name, mode_t mode)
{
  char *d = clamp_xasprintf("/tmp/clamp-%s-XXXXXX", name);
  ck_assert_ptr_nonnull(mkdtemp(d));
  ck_assert_int_eq(chmod(d, mode), 0);
  return d;
}

static int rm_one(const char *p, const struct stat *st, int type, struct FTW *ftw)
{
  (void)st;
  (void)ftw;
  int fd = open(p, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);
  if (fd >= 0)
    {
      int flags = 0;
      ioctl(fd, FS_IOC_SETFLAGS, &flags); /* undo chattr +i if a test set it */
      close(fd);
    }
  return type == FTW_DP ? rmdir(p) : unlink(p);
}

int clamp_test_rm_rf(const char *path) { return nftw(path, rm_one, 16, FTW_DEPTH | FTW_PHYS); }

void clamp_test_rm_tmpdirp(char **dir)
{
  if (*dir != NULL)
    clamp_test_rm_rf(*dir);
  free(*dir);
}

/* ---- JSON ---- */

struct clamp_json_doc *clamp_test_parse(const char *json)
{
  _cleanup_error_ struct clamp_error *err = NULL;
  struct clamp_json_doc *doc = clamp_json_parse(json, strlen(json), &err);
  ck_assert_msg(doc != NULL, "fixture does not parse: %s", err ? err->msg : "?");
  return doc;
}

struct clamp_json_doc *clamp_test_parse_q(const char *text)
{
  _cleanup_free_ char *s = clamp_xstrdup(text);
  for (char *p = s; *p; p++)
    if (*p == '\'')
      *p = '"';
  return clamp_test_parse(s);
}

struct clamp_json_doc *clamp_test_parse_file(const char *path)
{
  size_t len = 0;
  _cleanup_free_ char *text = clamp_test_read_file(path, &len);
  if (text == NULL)
    return NULL;
  _cleanup_error_ struct clamp_error *err = NULL;
  struct clamp_json_doc *doc = clamp_json_parse(text, len, &err);
  ck_assert_msg(doc != NULL, "%s does not parse: %s", path, err ? err->msg : "?");
  return doc;
}

struct clamp_json_doc *clamp_test_parse_data(const char *relpath)
{
  _cleanup_free_ char *path = clamp_xasprintf("%s/%s", CLAMP_TEST_DATA, relpath);
  struct clamp_json_doc *d = clamp_test_parse_file(path);
  ck_assert_msg(d != NULL, "cannot read %s", path);
  return d;
}

const char clamp_test_dockerish[] =
    "{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':1,"
    "'architectures':['SCMP_ARCH_X86_64','SCMP_ARCH_X86','SCMP_ARCH_X32'],'flags':[],"
    "'syscalls':["
    "{'names':['read','socketcall'],'action':'SCMP_ACT_ALLOW'},"
    "{'names':['socket'],'action':'SCMP_ACT_ALLOW','args':["
    "{'index':0,'value':38,'op':'SCMP_CMP_LT'},{'index':0,'value':39,'op':'SCMP_CMP_EQ'},"
    "{'index':0,'value':40,'op':'SCMP_CMP_GT'}]},"
    "{'names':['clone'],'action':'SCMP_ACT_ALLOW','args':["
    "{'index':0,'value':2114060288,'valueTwo':0,'op':'SCMP_CMP_MASKED_EQ'}]},"
    "{'names':['clone3'],'action':'SCMP_ACT_ERRNO','errnoRet':38}]}";

void clamp_test_digest_q(const char *profile, uint8_t out[32])
{
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_test_parse_q(profile);
  _cleanup_error_ struct clamp_error *err = NULL;
  int r = clamp_seccomp_compile(doc->root, out, &err);
  ck_assert_msg(r == 0, "compile failed: %s", err ? err->msg : "?");
}

char *clamp_test_text(const struct clamp_json *v)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  _cleanup_error_ struct clamp_error *err = NULL;
  ck_assert_msg(clamp_json_serialize(v, &b, &err) == 0, "serialize: %s", err ? err->msg : "?");
  return clamp_buf_steal(&b);
}

void clamp_test_assert_text(const struct clamp_json *v, const char *want, const char *label)
{
  ck_assert_msg(v != NULL, "%s%sno such node, want %s", label ? label : "", label ? ": " : "",
                want);
  _cleanup_free_ char *got = clamp_test_text(v);
  ck_assert_msg(strcmp(got, want) == 0, "%s%sgot %s, want %s", label ? label : "",
                label ? ": " : "", got, want);
}

/* ---- messages and argv ---- */

void clamp_test_assert_prefix(const char *msg, const char *prefix)
{
  ck_assert_ptr_nonnull(msg);
  ck_assert_msg(strncmp(msg, prefix, strlen(prefix)) == 0, "\"%s\" does not start with \"%s\"", msg,
                prefix);
}

int clamp_test_argc(char *const *argv)
{
  int n = 0;
  while (argv[n] != NULL)
    n++;
  return n;
}

char *clamp_test_join_argv(char **v)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  for (size_t i = 0; v[i] != NULL; i++)
    {
      if (i)
        clamp_buf_putc(&b, '|');
      clamp_buf_puts(&b, v[i]);
      free(v[i]);
    }
  free(v);
  return clamp_buf_steal(&b);
}
