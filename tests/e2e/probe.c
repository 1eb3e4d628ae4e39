/* SPDX-License-Identifier: Apache-2.0 */
/* A static test helper that runs inside the container and reports, per
 * check, "ok" or the errno name, so the end-to-end tests can assert
 * exactly what the kernel allowed.
 *   probe bind PORT        bind a TCP socket to 0.0.0.0:PORT
 *   probe unshare          unshare(CLONE_NEWUSER | CLONE_NEWNS)
 *   probe mount            mount a tmpfs on /mnt (or /tmp)
 *   probe keyctl           keyctl(KEYCTL_GET_KEYRING_ID, session)
 *   probe socket FAMILY    socket(FAMILY, SOCK_STREAM, 0)
 *   probe ptrace           ptrace(PTRACE_TRACEME)
 *   probe clone-newns      clone(CLONE_NEWNS)
 *   probe write PATH       create and write PATH
 */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static int report(int r)
{
  if (r == 0)
    puts("ok");
  else
    {
      const char *name = strerrorname_np(errno);
      puts(name ? name : "EUNKNOWN");
    }
  return 0;
}

static int child(void *arg)
{
  (void)arg;
  _exit(0);
}

int main(int argc, char **argv)
{
  if (argc < 2)
    return 2;
  const char *what = argv[1];
  if (strcmp(what, "bind") == 0 && argc == 3)
    {
      int fd = socket(AF_INET, SOCK_STREAM, 0);
      if (fd < 0)
        return report(-1);
      struct sockaddr_in a = { .sin_family = AF_INET, .sin_port = htons((uint16_t)atoi(argv[2])) };
      return report(bind(fd, (struct sockaddr *)&a, sizeof a));
    }
  if (strcmp(what, "unshare") == 0)
    return report(unshare(CLONE_NEWUSER | CLONE_NEWNS));
  if (strcmp(what, "mount") == 0)
    return report(mount("tmpfs", "/tmp", "tmpfs", 0, NULL));
  if (strcmp(what, "keyctl") == 0)
    /* KEYCTL_GET_KEYRING_ID = 0, KEY_SPEC_SESSION_KEYRING = -3 */
    return report(syscall(SYS_keyctl, 0, -3, 0) < 0 ? -1 : 0);
  if (strcmp(what, "socket") == 0 && argc == 3)
    {
      /* SOCK_SEQPACKET suits AF_ALG; other families may answer with their
       * own errno, which is not EPERM unless seccomp refused. */
      int fd = socket(atoi(argv[2]), SOCK_SEQPACKET, 0);
      return report(fd < 0 ? -1 : 0);
    }
  if (strcmp(what, "ptrace") == 0)
    return report(ptrace(PTRACE_TRACEME, 0, 0, 0) < 0 ? -1 : 0);
  if (strcmp(what, "clone-newns") == 0)
    {
      static char stack[65536];
      int pid = clone(child, stack + sizeof stack, CLONE_NEWNS | SIGCHLD, NULL);
      if (pid > 0)
        waitpid(pid, NULL, 0);
      return report(pid < 0 ? -1 : 0);
    }
  if (strcmp(what, "write") == 0 && argc == 3)
    {
      int fd = open(argv[2], O_WRONLY | O_CREAT | O_TRUNC, 0644);
      if (fd < 0)
        return report(-1);
      return report(write(fd, "x", 1) == 1 ? 0 : -1);
    }
  return 2;
}
