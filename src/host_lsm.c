/* SPDX-License-Identifier: Apache-2.0 */
/* Host facts for lsm.confined (src/rules/lsm.c): whether AppArmor or
 * SELinux is on, and whether the policy's AppArmor profile is loaded. */
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include "clamp/host.h"

/* Up to max bytes of a small kernel file, NUL-terminated; -1 if it cannot
 * be read. */
static ssize_t read_small(const char *path, char *buf, size_t max)
{
  _cleanup_close_ int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
  if (fd < 0)
    return -1;
  size_t got = 0;
  while (got < max - 1)
    {
      ssize_t k = read(fd, buf + got, max - 1 - got);
      if (k < 0)
        return -1;
      if (k == 0)
        break;
      got += (size_t)k;
    }
  buf[got] = '\0';
  return (ssize_t)got;
}

bool clamp_host_apparmor_profile_listed(const char *text, size_t len, const char *profile)
{
  size_t plen = strlen(profile);
  const char *end = text + len;
  for (const char *line = text; line < end;)
    {
      const char *nl = memchr(line, '\n', (size_t)(end - line));
      const char *le = nl ? nl : end;
      /* "name (enforce)": the name is everything before the last " (". */
      static const char mode[] = " (enforce)";
      size_t n = (size_t)(le - line), m = sizeof mode - 1;
      if (n == plen + m && memcmp(line, profile, plen) == 0 && memcmp(line + plen, mode, m) == 0)
        return true;
      line = le + 1;
    }
  return false;
}

void clamp_host_lsm_collect(struct clamp_lsm_host *h, const char *apparmor_profile)
{
  char yn[8];
  memset(h, 0, sizeof *h);
  h->apparmor =
      read_small("/sys/module/apparmor/parameters/enabled", yn, sizeof yn) > 0 && yn[0] == 'Y';
  h->selinux = access("/sys/fs/selinux/enforce", F_OK) == 0;
  if (!h->apparmor || apparmor_profile == NULL)
    return;
  /* Hosts load hundreds of profiles: read the list in one buffer. */
  size_t cap = 1u << 20;
  _cleanup_free_ char *list = clamp_xmalloc(cap);
  ssize_t n = read_small("/sys/kernel/security/apparmor/profiles", list, cap);
  h->apparmor_profile_loaded =
      n > 0 && clamp_host_apparmor_profile_listed(list, (size_t)n, apparmor_profile);
}
