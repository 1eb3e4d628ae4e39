/* SPDX-License-Identifier: Apache-2.0 */
#include "clamp/caps.h"

#include <string.h>
#include <sys/capability.h>

unsigned clamp_cap_count(void)
{
  int n = (int)cap_max_bits();
  return n > 0 ? (unsigned)n : 0;
}

bool clamp_cap_name(unsigned n, char *buf, size_t len)
{
  if (n >= clamp_cap_count())
    return false;
  char *name = cap_to_name((cap_value_t)n);
  if (name == NULL)
    return false;
  /* libcap spells known capabilities "cap_chown" and unknown ones as a
   * bare number. */
  bool ok = strncmp(name, "cap_", 4) == 0 && strlen(name) < len;
  if (ok)
    {
      size_t i = 0;
      for (; name[i]; i++)
        buf[i] = (char)(name[i] >= 'a' && name[i] <= 'z' ? name[i] - 32 : name[i]);
      buf[i] = '\0';
    }
  cap_free(name);
  return ok;
}

bool clamp_cap_is_canonical(const char *name)
{
  if (strncmp(name, "CAP_", 4) != 0 || strlen(name) >= 64)
    return false;
  for (const char *p = name + 4; *p; p++)
    if (!((*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || *p == '_'))
      return false;
  char lower[64];
  size_t i = 0;
  for (; name[i]; i++)
    lower[i] = (char)(name[i] >= 'A' && name[i] <= 'Z' ? name[i] + 32 : name[i]);
  lower[i] = '\0';
  cap_value_t v;
  if (cap_from_name(lower, &v) != 0 || v < 0)
    return false;
  /* Round trip: the name must be exactly what libcap prints for v. */
  char canon[64];
  return clamp_cap_name((unsigned)v, canon, sizeof canon) && strcmp(canon, name) == 0;
}
