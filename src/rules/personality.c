/* SPDX-License-Identifier: Apache-2.0 */
/* process.personality: the container runs in the default execution domain.
 *
 * | rule                | control | what                                   |
 * |---------------------|---------|----------------------------------------|
 * | process.personality | NIST    | linux.personality other than domain    |
 * |                     |         |   LINUX without flags is denied        |
 *
 * personality(2) changes the kernel ABI a process sees: LINUX32 fakes a
 * 32-bit uname, and flags such as ADDR_NO_RANDOMIZE or READ_IMPLIES_EXEC
 * turn off ASLR or make readable memory executable. The OCI field is
 * {"domain": "LINUX" | "LINUX32", "flags": [...]}. runc 1.1.5 vendors the
 * field but ignores it (it is applied from runc 1.2 on); crun 1.8 applies
 * it. clamp denies anything but the default whichever runtime runs, so a
 * config means the same on both, and cannot be rewritten safely: a
 * program that asked for a 32-bit personality may need it. */
#include <string.h>

#include "clamp/harden.h"
#include "clamp/spec.h"

int clamp_rule_personality(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                           struct clamp_error **err)
{
  struct clamp_json *linux_, *pers = NULL, *flags = NULL;
  const char *domain = NULL;
  if (clamp_spec_get_object(spec, "", "linux", &linux_, err) < 0
      || (linux_ != NULL && clamp_spec_get_object(linux_, "linux", "personality", &pers, err) < 0))
    return -1;
  if (pers == NULL)
    return 0;
  if (clamp_spec_get_string(pers, "linux.personality", "domain", &domain, err) < 0
      || clamp_spec_get_array(pers, "linux.personality", "flags", &flags, err) < 0
      || (flags != NULL
          && clamp_spec_check_string_array(flags, "linux.personality.flags", err) < 0))
    return -1;
  if (domain != NULL && strcmp(domain, "LINUX") == 0 && (flags == NULL || flags->u.arr.len == 0))
    return 0;
  clamp_rule_refuse(ctx, CLAMP_RULE_PERSONALITY, "linux.personality",
                    domain == NULL || strcmp(domain, "LINUX") != 0
                        ? "only the default execution domain (LINUX) is allowed"
                        : "personality flags (like ADDR_NO_RANDOMIZE) weaken the process");
  return 0;
}
