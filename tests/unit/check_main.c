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
