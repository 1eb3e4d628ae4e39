/* SPDX-License-Identifier: Apache-2.0 */
/* Shared main for the Check suites: run the suite and report TAP on
 * stdout, which meson reads (protocol: 'tap'). */
#include <check.h>
#include <stdlib.h>

#include "testutil.h"

int main(void)
{
  SRunner *sr = srunner_create(clamp_test_suite());
  srunner_set_tap(sr, "-");
  srunner_run_all(sr, CK_SILENT);
  int failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}

#include <stdio.h>
#include <string.h>

char *clamp_test_read_data(const char *relpath, size_t *len)
{
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", CLAMP_TEST_DATA, relpath);
  FILE *f = fopen(path, "rb");
  if (f == NULL)
    {
      perror(path);
      abort();
    }
  size_t cap = 4096, n = 0;
  char *buf = malloc(cap);
  size_t r;
  while ((r = fread(buf + n, 1, cap - n, f)) > 0)
    {
      n += r;
      if (n == cap)
        buf = realloc(buf, cap *= 2);
    }
  fclose(f);
  buf = realloc(buf, n + 1);
  buf[n] = '\0';
  if (len)
    *len = n;
  return buf;
}
