/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_TESTUTIL_H
#define CLAMP_TESTUTIL_H

#include <check.h>

/* Each check_<module>.c defines the suite it runs. */
Suite *clamp_test_suite(void);

/* Read a file under tests/data (aborts on failure); *len gets its size. */
char *clamp_test_read_data(const char *relpath, size_t *len);

#endif
