/* SPDX-License-Identifier: Apache-2.0 */
/* The libseccomp adapter (the cache is tested in check_seccomp_cache.c).
 * Compiled programs are run through tests/unit/bpf_sim.c, so every test
 * asserts what the filter returns for a concrete call, not only that
 * compilation succeeded. */
#include <asm/unistd.h>
#include <errno.h>
#include <linux/audit.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "bpf_sim.h"
#include "clamp/seccomp.h"
#include "clamp/sha256.h"
#include "testutil.h"

/* i386 numbers (arch/x86/entry/syscalls/syscall_32.tbl); the x86_64
 * ones come from <sys/syscall.h>. */
#define I386_READ 3
#define I386_GETPID 20
#define I386_SOCKETCALL 102

#define RET_ALLOW SECCOMP_RET_ALLOW
#define RET_ERRNO(e) (SECCOMP_RET_ERRNO | (uint32_t)(e))
#define RET_TRACE(e) (SECCOMP_RET_TRACE | (uint32_t)(e))

/* Profiles are written with single quotes for readability. */
static void export_ok(const char *profile, struct clamp_buf *bpf)
{
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_test_parse_q(profile);
  _cleanup_error_ struct clamp_error *err = NULL;
  clamp_buf_init(bpf);
  int r = clamp_seccomp_export_bpf(doc->root, bpf, &err);
  ck_assert_msg(r == 0, "export failed: %s", err ? err->msg : "?");
  ck_assert_uint_gt(bpf->len, 0);
  ck_assert_uint_eq(bpf->len % sizeof(struct sock_filter), 0);
}

static uint32_t sim(const struct clamp_buf *bpf, uint32_t arch, int nr, const uint64_t args[6])
{
  struct seccomp_data d;
  memset(&d, 0, sizeof d);
  d.nr = nr;
  d.arch = arch;
  d.instruction_pointer = 0x401000;
  memcpy(d.args, args, sizeof d.args);
  uint32_t ret = 0xdeadbeef;
  const char *why = NULL;
  int r = bpf_sim_run((const struct sock_filter *)bpf->data, bpf->len / sizeof(struct sock_filter),
                      &d, &ret, &why);
  ck_assert_msg(r == 0, "simulator: %s", why ? why : "?");
  return ret;
}
#define ARGS(...) ((const uint64_t[6]){ __VA_ARGS__ })
#define X64(bpf, nr, ...) sim(bpf, AUDIT_ARCH_X86_64, nr, ARGS(__VA_ARGS__))
#define I386(bpf, nr, ...) sim(bpf, AUDIT_ARCH_I386, nr, ARGS(__VA_ARGS__))

START_TEST(test_sim_dockerish)
{
  _cleanup_buf_ struct clamp_buf b;
  export_ok(clamp_test_dockerish, &b);
  ck_assert_uint_eq(X64(&b, SYS_read, 0), RET_ALLOW);
  ck_assert_uint_eq(X64(&b, SYS_getpid, 0), RET_ERRNO(1));
  ck_assert_uint_eq(X64(&b, SYS_write, 1), RET_ERRNO(1));
  /* socket: the three conditions share index 0, so they are ORed. */
  ck_assert_uint_eq(X64(&b, SYS_socket, AF_INET), RET_ALLOW);
  ck_assert_uint_eq(X64(&b, SYS_socket, 37), RET_ALLOW);
  ck_assert_uint_eq(X64(&b, SYS_socket, AF_ALG), RET_ERRNO(1));
  ck_assert_uint_eq(X64(&b, SYS_socket, 39), RET_ALLOW);
  ck_assert_uint_eq(X64(&b, SYS_socket, AF_VSOCK), RET_ERRNO(1));
  ck_assert_uint_eq(X64(&b, SYS_socket, 41), RET_ALLOW);
  /* clone: arg0 & 0x7e020000 must be 0. */
  ck_assert_uint_eq(X64(&b, SYS_clone, 0x01200011), RET_ALLOW); /* fork()'s flags */
  ck_assert_uint_eq(X64(&b, SYS_clone, CLONE_NEWUSER | 0x11), RET_ERRNO(1));
  ck_assert_uint_eq(X64(&b, SYS_clone, CLONE_NEWNS), RET_ERRNO(1));
  ck_assert_uint_eq(X64(&b, SYS_clone, CLONE_NEWCGROUP), RET_ERRNO(1));
  ck_assert_uint_eq(X64(&b, SYS_clone3, 0), RET_ERRNO(38));
  /* The 32-bit ABI is listed, so its numbers are filtered, not killed. */
  ck_assert_uint_eq(I386(&b, I386_READ, 0), RET_ALLOW);
  ck_assert_uint_eq(I386(&b, I386_GETPID, 0), RET_ERRNO(1));
  ck_assert_uint_eq(I386(&b, I386_SOCKETCALL, 1), RET_ALLOW);
  /* x32: read is 0 | __X32_SYSCALL_BIT. */
  ck_assert_uint_eq(X64(&b, __X32_SYSCALL_BIT | SYS_read, 0), RET_ALLOW);
  ck_assert_uint_eq(X64(&b, __X32_SYSCALL_BIT | SYS_getpid, 0), RET_ERRNO(1));
}
END_TEST

START_TEST(test_sim_arch_mismatch)
{
  /* Only x86_64 listed: a 32-bit call must not reach the allow rules. */
  _cleanup_buf_ struct clamp_buf b;
  export_ok("{'defaultAction':'SCMP_ACT_ERRNO','architectures':['SCMP_ARCH_X86_64'],"
            "'syscalls':[{'names':['read','getpid'],'action':'SCMP_ACT_ALLOW'}]}",
            &b);
  ck_assert_uint_eq(X64(&b, SYS_read, 0), RET_ALLOW);
  ck_assert_uint_eq(X64(&b, SYS_getpid, 0), RET_ALLOW);
  /* libseccomp's bad-arch action is KILL (KILL_THREAD, 0). */
  ck_assert_uint_eq(I386(&b, I386_READ, 0), SECCOMP_RET_KILL_THREAD);
  ck_assert_uint_eq(I386(&b, SYS_read, 0), SECCOMP_RET_KILL_THREAD);
  ck_assert_uint_ne(sim(&b, AUDIT_ARCH_AARCH64, 63, ARGS(0)), RET_ALLOW);
  /* x32 numbers under the x86_64 audit arch are not x86_64 calls. */
  ck_assert_uint_ne(X64(&b, __X32_SYSCALL_BIT | SYS_read, 0), RET_ALLOW);
  /* No architectures at all means the native one alone. */
  _cleanup_buf_ struct clamp_buf n;
  export_ok("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[{'names':['read','getpid'],"
            "'action':'SCMP_ACT_ALLOW'}]}",
            &n);
  ck_assert_uint_eq(X64(&n, SYS_read, 0), RET_ALLOW);
  ck_assert_uint_eq(I386(&n, I386_READ, 0), SECCOMP_RET_KILL_THREAD);
  ck_assert_uint_eq(n.len, b.len);
  ck_assert_int_eq(memcmp(n.data, b.data, b.len), 0);
}
END_TEST

START_TEST(test_sim_actions)
{
  _cleanup_buf_ struct clamp_buf b;
  export_ok("{'defaultAction':'SCMP_ACT_ALLOW','syscalls':["
            "{'names':['ptrace'],'action':'SCMP_ACT_KILL_PROCESS'},"
            "{'names':['kcmp'],'action':'SCMP_ACT_TRAP'},"
            "{'names':['uname'],'action':'SCMP_ACT_LOG'},"
            "{'names':['acct'],'action':'SCMP_ACT_KILL'},"
            "{'names':['reboot'],'action':'SCMP_ACT_KILL_THREAD'},"
            "{'names':['getppid'],'action':'SCMP_ACT_TRACE','errnoRet':7},"
            "{'names':['getuid'],'action':'SCMP_ACT_TRACE'},"
            "{'names':['mount'],'action':'SCMP_ACT_ERRNO'},"
            "{'names':['umount2'],'action':'SCMP_ACT_ERRNO','errnoRet':0},"
            "{'names':['swapon'],'action':'SCMP_ACT_ERRNO','errnoRet':4094},"
            "{'names':['getpid'],'action':'SCMP_ACT_ALLOW','errnoRet':12}]}",
            &b);
  ck_assert_uint_eq(X64(&b, SYS_ptrace, 0), SECCOMP_RET_KILL_PROCESS);
  ck_assert_uint_eq(X64(&b, SYS_kcmp, 0), SECCOMP_RET_TRAP);
  ck_assert_uint_eq(X64(&b, SYS_uname, 0), SECCOMP_RET_LOG);
  ck_assert_uint_eq(X64(&b, SYS_acct, 0), SECCOMP_RET_KILL_THREAD);
  ck_assert_uint_eq(X64(&b, SYS_reboot, 0), SECCOMP_RET_KILL_THREAD);
  ck_assert_uint_eq(X64(&b, SYS_getppid, 0), RET_TRACE(7));
  ck_assert_uint_eq(X64(&b, SYS_getuid, 0), RET_TRACE(EPERM));
  ck_assert_uint_eq(X64(&b, SYS_mount, 0), RET_ERRNO(EPERM));
  ck_assert_uint_eq(X64(&b, SYS_umount2, 0), RET_ERRNO(0));
  ck_assert_uint_eq(X64(&b, SYS_swapon, 0), RET_ERRNO(4094));
  /* errnoRet on ALLOW is ignored, as runc does; default ALLOW anyway. */
  ck_assert_uint_eq(X64(&b, SYS_getpid, 0), RET_ALLOW);
  ck_assert_uint_eq(X64(&b, SYS_read, 0), RET_ALLOW);

  /* A default of KILL_PROCESS, TRAP or LOG. */
  _cleanup_buf_ struct clamp_buf k;
  export_ok("{'defaultAction':'SCMP_ACT_KILL_PROCESS','syscalls':[{'names':['read'],"
            "'action':'SCMP_ACT_ALLOW'}]}",
            &k);
  ck_assert_uint_eq(X64(&k, SYS_write, 0), SECCOMP_RET_KILL_PROCESS);
  ck_assert_uint_eq(X64(&k, SYS_read, 0), RET_ALLOW);
  _cleanup_buf_ struct clamp_buf t;
  export_ok("{'defaultAction':'SCMP_ACT_TRAP','defaultErrnoRet':5}", &t);
  ck_assert_uint_eq(X64(&t, SYS_write, 0), SECCOMP_RET_TRAP);
  _cleanup_buf_ struct clamp_buf l;
  export_ok("{'defaultAction':'SCMP_ACT_LOG','syscalls':null}", &l);
  ck_assert_uint_eq(X64(&l, SYS_write, 0), SECCOMP_RET_LOG);
}
END_TEST

START_TEST(test_sim_skips)
{
  /* An entry equal to the default (ERRNO without errnoRet is EPERM, KILL
   * is KILL_THREAD) is skipped: libseccomp would refuse it with EACCES,
   * so compiling at all proves the skip. An unknown name is skipped
   * without hiding the known names next to it. */
  _cleanup_buf_ struct clamp_buf b;
  export_ok("{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':1,'syscalls':["
            "{'names':['write'],'action':'SCMP_ACT_ERRNO'},"
            "{'names':['read'],'action':'SCMP_ACT_ERRNO','errnoRet':1},"
            "{'names':['no_such_syscall','getpid','another_bogus_one'],"
            "'action':'SCMP_ACT_ALLOW'},"
            "{'names':['write'],'action':'SCMP_ACT_ALLOW'}]}",
            &b);
  ck_assert_uint_eq(X64(&b, SYS_write, 0), RET_ALLOW);
  ck_assert_uint_eq(X64(&b, SYS_read, 0), RET_ERRNO(1));
  ck_assert_uint_eq(X64(&b, SYS_getpid, 0), RET_ALLOW);
  ck_assert_uint_eq(X64(&b, SYS_getppid, 0), RET_ERRNO(1));

  _cleanup_buf_ struct clamp_buf k;
  export_ok("{'defaultAction':'SCMP_ACT_KILL','syscalls':["
            "{'names':['read'],'action':'SCMP_ACT_KILL_THREAD'},"
            "{'names':['write'],'action':'SCMP_ACT_ALLOW'}]}",
            &k);
  ck_assert_uint_eq(X64(&k, SYS_read, 0), SECCOMP_RET_KILL_THREAD);
  ck_assert_uint_eq(X64(&k, SYS_write, 0), RET_ALLOW);

  /* Only a different errno makes a different action. */
  _cleanup_buf_ struct clamp_buf e;
  export_ok("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':["
            "{'names':['read'],'action':'SCMP_ACT_ERRNO','errnoRet':38}]}",
            &e);
  ck_assert_uint_eq(X64(&e, SYS_read, 0), RET_ERRNO(38));
  ck_assert_uint_eq(X64(&e, SYS_write, 0), RET_ERRNO(EPERM));
}
END_TEST

START_TEST(test_sim_conditions)
{
  _cleanup_buf_ struct clamp_buf b;
  export_ok("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':["
            /* distinct indexes: ANDed */
            "{'names':['mmap'],'action':'SCMP_ACT_ALLOW','args':["
            "{'index':2,'value':3,'op':'SCMP_CMP_EQ'},"
            "{'index':3,'value':32,'valueTwo':32,'op':'SCMP_CMP_MASKED_EQ'}]},"
            /* repeated index among others: every condition ORed */
            "{'names':['personality'],'action':'SCMP_ACT_ALLOW','args':["
            "{'index':0,'value':0,'op':'SCMP_CMP_EQ'},"
            "{'index':0,'value':8,'op':'SCMP_CMP_EQ'},"
            "{'index':1,'value':5,'op':'SCMP_CMP_EQ'}]},"
            /* 64-bit values, and valueTwo passed but unused by GE/LE/NE */
            "{'names':['lseek'],'action':'SCMP_ACT_ALLOW','args':["
            "{'index':1,'value':4294967296,'valueTwo':99,'op':'SCMP_CMP_GE'},"
            "{'index':2,'value':18446744073709551615,'op':'SCMP_CMP_LE'},"
            "{'index':0,'value':7,'op':'SCMP_CMP_NE'}]}]}",
            &b);
  ck_assert_uint_eq(X64(&b, SYS_mmap, 0, 4096, 3, 0x22), RET_ALLOW);
  ck_assert_uint_eq(X64(&b, SYS_mmap, 0, 4096, 3, 0x02), RET_ERRNO(EPERM));
  ck_assert_uint_eq(X64(&b, SYS_mmap, 0, 4096, 7, 0x22), RET_ERRNO(EPERM));
  ck_assert_uint_eq(X64(&b, SYS_personality, 0, 1), RET_ALLOW);
  ck_assert_uint_eq(X64(&b, SYS_personality, 8, 1), RET_ALLOW);
  ck_assert_uint_eq(X64(&b, SYS_personality, 9, 5), RET_ALLOW);
  ck_assert_uint_eq(X64(&b, SYS_personality, 9, 4), RET_ERRNO(EPERM));
  ck_assert_uint_eq(X64(&b, SYS_lseek, 3, 0x100000000, 5), RET_ALLOW);
  ck_assert_uint_eq(X64(&b, SYS_lseek, 3, 0xffffffff, 5), RET_ERRNO(EPERM));
  ck_assert_uint_eq(X64(&b, SYS_lseek, 7, 0x100000000, 5), RET_ERRNO(EPERM));
  ck_assert_uint_eq(X64(&b, SYS_lseek, 3, 0x200000000, UINT64_MAX), RET_ALLOW);
}
END_TEST

/* The simulator against the real kernel: a child installs the compiled
 * program (tests may; clamp itself never loads a filter) and makes the
 * calls; the parent compares each errno with the simulated return. */
START_TEST(test_sim_agrees_with_kernel)
{
  _cleanup_buf_ struct clamp_buf b;
  export_ok("{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':1,"
            "'architectures':['SCMP_ARCH_X86_64','SCMP_ARCH_X86','SCMP_ARCH_X32'],"
            "'syscalls':[{'names':['write','exit','exit_group','close'],"
            "'action':'SCMP_ACT_ALLOW'},"
            "{'names':['socket'],'action':'SCMP_ACT_ALLOW','args':["
            "{'index':0,'value':38,'op':'SCMP_CMP_LT'},{'index':0,'value':39,'op':'SCMP_CMP_EQ'},"
            "{'index':0,'value':40,'op':'SCMP_CMP_GT'}]},"
            "{'names':['clone3'],'action':'SCMP_ACT_ERRNO','errnoRet':38},"
            "{'names':['getppid'],'action':'SCMP_ACT_ERRNO','errnoRet':4094},"
            "{'names':['personality'],'action':'SCMP_ACT_ALLOW','args':["
            "{'index':0,'value':4294967295,'op':'SCMP_CMP_EQ'}]}]}",
            &b);
  static const struct
  {
    long nr;
    uint64_t a0;
  } calls[] = {
    { SYS_getpid, 0 },          { SYS_getppid, 0 },     { SYS_clone3, 0 },
    { SYS_socket, AF_UNIX },    { SYS_socket, AF_ALG }, { SYS_socket, AF_VSOCK },
    { SYS_socket, 39 },         { SYS_personality, 0 }, { SYS_personality, 0xffffffff },
    { SYS_socket, 0x10000001 },
  };
  int fds[2];
  ck_assert_int_eq(pipe(fds), 0);
  pid_t pid = fork();
  ck_assert_int_ge(pid, 0);
  if (pid == 0)
    {
      struct sock_fprog prog = { (unsigned short)(b.len / sizeof(struct sock_filter)),
                                 (struct sock_filter *)b.data };
      if (syscall(SYS_prctl, PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0
          || syscall(SYS_seccomp, SECCOMP_SET_MODE_FILTER, 0, &prog) != 0)
        syscall(SYS_exit_group, 3);
      for (size_t i = 0; i < CLAMP_N_ELEMENTS(calls); i++)
        {
          long r = syscall(calls[i].nr, calls[i].a0, 0, 0, 0, 0, 0);
          int e = r < 0 ? errno : 0;
          if (calls[i].nr == SYS_socket && r >= 0)
            syscall(SYS_close, r);
          if (syscall(SYS_write, fds[1], &e, sizeof e) != (long)sizeof e)
            syscall(SYS_exit_group, 4);
        }
      syscall(SYS_exit_group, 0);
    }
  close(fds[1]);
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(calls); i++)
    {
      int e = -1;
      ck_assert_int_eq(read(fds[0], &e, sizeof e), (ssize_t)sizeof e);
      uint32_t want = sim(&b, AUDIT_ARCH_X86_64, (int)calls[i].nr, ARGS(calls[i].a0));
      if (want == RET_ALLOW)
        /* Allowed: whatever the kernel says, it is not our EPERM. The
         * personality(0xffffffff) query and socket() succeed here. */
        ck_assert_msg(e != EPERM, "call %zu: allowed by the simulator, EPERM in the kernel", i);
      else
        {
          ck_assert_uint_eq(want & SECCOMP_RET_ACTION_FULL, SECCOMP_RET_ERRNO);
          ck_assert_msg(e == (int)(want & SECCOMP_RET_DATA), "call %zu: kernel errno %d, sim %u", i,
                        e, want & SECCOMP_RET_DATA);
        }
    }
  close(fds[0]);
  int status = 0;
  ck_assert_int_eq(waitpid(pid, &status, 0), pid);
  ck_assert(WIFEXITED(status));
  ck_assert_int_eq(WEXITSTATUS(status), 0);
}
END_TEST

/* The first error message, which must contain want. */
static void compile_bad(const char *profile, const char *want, enum clamp_error_kind kind)
{
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_test_parse_q(profile);
  _cleanup_error_ struct clamp_error *err = NULL;
  uint8_t digest[32];
  int r = clamp_seccomp_compile(doc->root, digest, &err);
  ck_assert_msg(r < 0, "compiled, but should fail: %.200s", profile);
  ck_assert_ptr_nonnull(err);
  ck_assert_msg(strstr(err->msg, want) != NULL, "message <%s> lacks <%s>", err->msg, want);
  ck_assert_int_eq(err->kind, kind);
  ck_assert_ptr_null(strchr(err->msg, '\n'));
}
#define BAD(p, w) compile_bad(p, w, CLAMP_ERR_INPUT)
#define ONE_RULE(rule) "{'defaultAction':'SCMP_ACT_ERRNO','syscalls':[" rule "]}"
#define ONE_ARG(arg) ONE_RULE("{'names':['read'],'action':'SCMP_ACT_ALLOW','args':[" arg "]}")

START_TEST(test_errors_name_the_field)
{
  BAD("[]", "linux.seccomp: must be an object, not an array");
  BAD("{'defaultAction':'SCMP_ACT_BOGUS'}",
      "linux.seccomp.defaultAction: unknown action \"SCMP_ACT_BOGUS\"");
  BAD("{'syscalls':[]}", "linux.seccomp.defaultAction: required");
  BAD("{'defaultAction':1}", "linux.seccomp.defaultAction: must be a string, not a number");
  BAD("{'defaultAction':'SCMP_ACT_NOTIFY'}", "linux.seccomp.defaultAction: SCMP_ACT_NOTIFY is not");
  BAD("{'defaultAction':'SCMP_ACT_ALLOW','flags':['SECCOMP_FILTER_FLAG_LOG']}",
      "linux.seccomp.flags: must be empty");
  BAD("{'defaultAction':'SCMP_ACT_ALLOW','flags':{}}",
      "linux.seccomp.flags: must be an array, not an object");
  BAD("{'defaultAction':'SCMP_ACT_ALLOW','listenerPath':'/run/agent.sock'}",
      "linux.seccomp.listenerPath: not supported");
  BAD("{'defaultAction':'SCMP_ACT_ALLOW','listenerMetadata':'x'}",
      "linux.seccomp.listenerMetadata: not supported");
  BAD("{'defaultAction':'SCMP_ACT_ALLOW','defaultAction ':'x'}",
      "linux.seccomp: unknown member \"defaultAction \"");
  BAD("{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':4095}",
      "linux.seccomp.defaultErrnoRet: 4095 is out of range (at most 4094)");
  BAD("{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':-1}",
      "linux.seccomp.defaultErrnoRet: \"-1\" is not a non-negative integer");
  BAD("{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':1.0}", "\"1.0\" is not a non-negative");
  BAD("{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':1e2}", "\"1e2\" is not a non-negative");
  BAD("{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':'1'}",
      "linux.seccomp.defaultErrnoRet: must be a non-negative integer, not a string");
  BAD("{'defaultAction':'SCMP_ACT_ERRNO','architectures':['SCMP_ARCH_X86','SCMP_ARCH_Z80']}",
      "linux.seccomp.architectures[1]: unknown architecture \"SCMP_ARCH_Z80\"");
  BAD("{'defaultAction':'SCMP_ACT_ERRNO','architectures':['scmp_arch_x86']}",
      "linux.seccomp.architectures[0]: unknown architecture \"scmp_arch_x86\"");
  BAD("{'defaultAction':'SCMP_ACT_ERRNO','architectures':'SCMP_ARCH_X86'}",
      "linux.seccomp.architectures: must be an array, not a string");
  BAD("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':{}}",
      "linux.seccomp.syscalls: must be an array, not an object");
  BAD("{'defaultAction':'SCMP_ACT_ERRNO','syscalls':["
      "{'names':['a'],'action':'SCMP_ACT_ALLOW'},{'names':['b'],'action':'SCMP_ACT_ALLOW'},"
      "{'names':['c'],'action':'SCMP_ACT_ALLOW'},{'names':['d'],'action':'SCMP_ACT_ALLOW'},"
      "{'names':['read'],'action':'SCMP_ACT_ALLOW','args':["
      "{'index':0,'value':1,'op':'SCMP_CMP_EQ'},{'index':1,'value':1,'op':'X'}]}]}",
      "linux.seccomp.syscalls[4].args[1].op: unknown operator \"X\"");
  BAD(ONE_RULE("7"), "linux.seccomp.syscalls[0]: must be an object, not a number");
  BAD(ONE_RULE("{'names':['read'],'action':'SCMP_ACT_ALLOW','arg':[]}"),
      "linux.seccomp.syscalls[0]: unknown member \"arg\"");
  BAD(ONE_RULE("{'action':'SCMP_ACT_ALLOW'}"), "linux.seccomp.syscalls[0].names: required");
  BAD(ONE_RULE("{'names':'read','action':'SCMP_ACT_ALLOW'}"),
      "linux.seccomp.syscalls[0].names: must be an array, not a string");
  BAD(ONE_RULE("{'names':['read',3],'action':'SCMP_ACT_ALLOW'}"),
      "linux.seccomp.syscalls[0].names[1]: must be a string, not a number");
  BAD(ONE_RULE("{'names':['read',''],'action':'SCMP_ACT_ALLOW'}"),
      "linux.seccomp.syscalls[0].names[1]: empty syscall name");
  BAD(ONE_RULE("{'names':['read']}"), "linux.seccomp.syscalls[0].action: required");
  BAD(ONE_RULE("{'names':['read'],'action':null}"), "linux.seccomp.syscalls[0].action: required");
  BAD(ONE_RULE("{'names':['read'],'action':'SCMP_ACT_NOTIFY'}"),
      "linux.seccomp.syscalls[0].action: SCMP_ACT_NOTIFY is not supported");
  BAD(ONE_RULE("{'names':['read'],'action':'SCMP_ACT_ERRNO','errnoRet':65537}"),
      "linux.seccomp.syscalls[0].errnoRet: 65537 is out of range (at most 4094)");
  /* Control characters from the input are escaped in the message. */
  BAD(ONE_RULE("{'names':['read'],'action':'ALLOW\\n\\u001b[31m'}"),
      "linux.seccomp.syscalls[0].action: unknown action \"ALLOW\\n\\x1B[31m\"");
  BAD(ONE_RULE("{'names':['read'],'action':'SCMP_ACT_ALLOW','args':{}}"),
      "linux.seccomp.syscalls[0].args: must be an array, not an object");
  BAD(ONE_ARG("[]"), "linux.seccomp.syscalls[0].args[0]: must be an object, not an array");
  BAD(ONE_ARG("{'index':0,'value':1,'op':'SCMP_CMP_EQ','valuetwo':2}"),
      "linux.seccomp.syscalls[0].args[0]: unknown member \"valuetwo\"");
  BAD(ONE_ARG("{'index':0,'value':1}"), "linux.seccomp.syscalls[0].args[0].op: required");
  BAD(ONE_ARG("{'value':1,'op':'SCMP_CMP_EQ'}"),
      "linux.seccomp.syscalls[0].args[0].index: required");
  BAD(ONE_ARG("{'index':0,'op':'SCMP_CMP_EQ'}"),
      "linux.seccomp.syscalls[0].args[0].value: required");
  BAD(ONE_ARG("{'index':6,'value':1,'op':'SCMP_CMP_EQ'}"),
      "linux.seccomp.syscalls[0].args[0].index: 6 is out of range (at most 5)");
  BAD(ONE_ARG("{'index':0,'value':18446744073709551616,'op':'SCMP_CMP_EQ'}"),
      "linux.seccomp.syscalls[0].args[0].value: 18446744073709551616 is out of range");
  BAD(ONE_ARG("{'index':0,'value':99999999999999999999999,'op':'SCMP_CMP_EQ'}"),
      "args[0].value: 99999999999999999999999 is out of range");
  BAD(ONE_ARG("{'index':0,'value':'5','op':'SCMP_CMP_EQ'}"),
      "linux.seccomp.syscalls[0].args[0].value: must be a non-negative integer, not a string");
  BAD(ONE_ARG("{'index':0,'value':1,'valueTwo':-2,'op':'SCMP_CMP_MASKED_EQ'}"),
      "linux.seccomp.syscalls[0].args[0].valueTwo: \"-2\" is not a non-negative integer");
  BAD(ONE_ARG("{'index':0,'value':1,'op':'SCMP_CMP_eq'}"),
      "linux.seccomp.syscalls[0].args[0].op: unknown operator \"SCMP_CMP_eq\"");
  /* Entries whose names are all skipped are still validated. */
  BAD(ONE_RULE("{'names':['no_such_call'],'action':'SCMP_ACT_ALLOW','args':["
               "{'index':9,'value':1,'op':'SCMP_CMP_EQ'}]}"),
      "linux.seccomp.syscalls[0].args[0].index: 9 is out of range");
  BAD(ONE_RULE("{'names':['read'],'action':'SCMP_ACT_ERRNO','args':["
               "{'index':0,'value':1,'op':'SCMP_CMP_XX'}]}"),
      "linux.seccomp.syscalls[0].args[0].op: unknown operator \"SCMP_CMP_XX\"");
}
END_TEST

/* 133 syscall names most ABIs share. */
static const char MANY_NAMES[] =
    "read write open close stat fstat lstat poll lseek mmap mprotect munmap brk ioctl pread64 "
    "pwrite64 readv writev access pipe select sched_yield mremap msync mincore madvise shmget "
    "shmat shmctl dup dup2 pause nanosleep getitimer alarm setitimer getpid sendfile socket "
    "connect accept sendto recvfrom sendmsg recvmsg shutdown bind listen getsockname "
    "getpeername socketpair setsockopt getsockopt clone fork vfork execve exit wait4 kill uname "
    "semget semop semctl shmdt msgget msgsnd msgrcv msgctl fcntl flock fsync fdatasync truncate "
    "ftruncate getdents getcwd chdir fchdir rename mkdir rmdir creat link unlink symlink "
    "readlink chmod fchmod chown fchown lchown umask gettimeofday getrlimit getrusage sysinfo "
    "times getuid syslog getgid setuid setgid geteuid getegid setpgid getppid getpgrp setsid "
    "setreuid setregid getgroups setgroups setresuid getresuid setresgid getresgid getpgid "
    "setfsuid setfsgid getsid capget capset rt_sigpending rt_sigsuspend sigaltstack utime mknod "
    "personality statfs fstatfs getpriority setpriority";

START_TEST(test_too_long_for_the_kernel)
{
  /* libseccomp happily generates programs the kernel refuses: more than
   * BPF_MAXINSNS instructions. Every little-endian ABI libseccomp 2.5.4
   * can mix with x86_64, and two conditions with distinct values per
   * name, make about 4170. */
  struct clamp_buf p;
  clamp_buf_init(&p);
  clamp_buf_puts(&p, "{'defaultAction':'SCMP_ACT_ERRNO','architectures':['SCMP_ARCH_X86',"
                     "'SCMP_ARCH_X32','SCMP_ARCH_AARCH64','SCMP_ARCH_ARM','SCMP_ARCH_PPC64LE',"
                     "'SCMP_ARCH_MIPSEL','SCMP_ARCH_MIPSEL64','SCMP_ARCH_MIPSEL64N32',"
                     "'SCMP_ARCH_RISCV64'],'syscalls':[");
  _cleanup_free_ char *names = clamp_xstrdup(MANY_NAMES);
  char *save = NULL;
  int k = 0;
  for (char *t = strtok_r(names, " ", &save); t != NULL; t = strtok_r(NULL, " ", &save), k++)
    clamp_buf_printf(&p,
                     "%s{'names':['%s'],'action':'SCMP_ACT_ALLOW','args':["
                     "{'index':0,'value':%d,'op':'SCMP_CMP_EQ'},"
                     "{'index':1,'value':%d,'op':'SCMP_CMP_GT'}]}",
                     k ? "," : "", t, k, k * 3);
  clamp_buf_puts(&p, "]}");
  compile_bad(p.data, "linux.seccomp: the compiled filter has ", CLAMP_ERR_INPUT);
  compile_bad(p.data, " instructions; the kernel accepts at most 4096", CLAMP_ERR_INPUT);
  clamp_buf_free(&p);
}
END_TEST

START_TEST(test_conflicting_rules)
{
  /* libseccomp 2.5.4 keeps the first unconditional rule and lets an
   * unconditional rule swallow conditional ones of another action, all
   * silently; clamp refuses what would be dropped. */
#define R(names, act, extra) "{'names':" names ",'action':'" act "'" extra "}"
#define A0(v) ",'args':[{'index':0,'value':" #v ",'op':'SCMP_CMP_EQ'}]"
  BAD(ONE_RULE(R("['read']", "SCMP_ACT_ALLOW", "") "," R("['read']", "SCMP_ACT_TRAP", "")),
      "linux.seccomp.syscalls[1]: \"read\" has an unconditional SCMP_ACT_ALLOW rule in "
      "syscalls[0] and an unconditional SCMP_ACT_TRAP rule here; libseccomp would silently drop "
      "one of them");
  BAD(ONE_RULE(R("['write','read']", "SCMP_ACT_TRAP", A0(0)) "," R(
          "['getpid']", "SCMP_ACT_ALLOW", "") "," R("['read']", "SCMP_ACT_ALLOW", "")),
      "linux.seccomp.syscalls[2]: \"read\" has a conditional SCMP_ACT_TRAP rule in syscalls[0] "
      "and an unconditional SCMP_ACT_ALLOW rule here");
  BAD(ONE_RULE(R("['read']", "SCMP_ACT_ALLOW", "") "," R("['read']", "SCMP_ACT_ERRNO",
                                                         ",'errnoRet':5" A0(0))),
      "has an unconditional SCMP_ACT_ALLOW rule in syscalls[0] and a conditional "
      "SCMP_ACT_ERRNO(5) rule here");
  BAD(ONE_RULE(R("['read']", "SCMP_ACT_ERRNO", ",'errnoRet':38") "," R("['read']", "SCMP_ACT_ERRNO",
                                                                       ",'errnoRet':5")),
      "unconditional SCMP_ACT_ERRNO(38) rule in syscalls[0] and an unconditional "
      "SCMP_ACT_ERRNO(5) rule here");
  /* The same action twice, or rules skipped as equal to the default, are
   * no conflict; different conditions with different actions are kept
   * by libseccomp. */
  _cleanup_buf_ struct clamp_buf b;
  export_ok(
      ONE_RULE(R("['read']", "SCMP_ACT_ALLOW", A0(0)) "," R("['read']", "SCMP_ACT_ALLOW", "") "," R(
          "['read','write']", "SCMP_ACT_ALLOW",
          "") "," R("['read']", "SCMP_ACT_ERRNO", "") "," R("['getpid']", "SCMP_ACT_TRAP",
                                                            A0(1)) "," R("['getpid']",
                                                                         "SCMP_ACT_LOG", A0(2))),
      &b);
  ck_assert_uint_eq(X64(&b, SYS_read, 9), RET_ALLOW);
  ck_assert_uint_eq(X64(&b, SYS_getpid, 1), SECCOMP_RET_TRAP);
  ck_assert_uint_eq(X64(&b, SYS_getpid, 2), SECCOMP_RET_LOG);
  ck_assert_uint_eq(X64(&b, SYS_getpid, 3), RET_ERRNO(EPERM));
  /* The same conditions with two actions: libseccomp refuses (EEXIST),
   * and the error names the rule. */
  compile_bad(
      ONE_RULE(R("['read']", "SCMP_ACT_TRAP", A0(0)) "," R("['read']", "SCMP_ACT_ALLOW", A0(0))),
      "linux.seccomp.syscalls[1]: libseccomp refused the rule for \"read\": File exists",
      CLAMP_ERR_INTERNAL);
#undef R
#undef A0
}
END_TEST

START_TEST(test_error_from_libseccomp)
{
  /* libseccomp cannot put ABIs of both byte orders in one filter; its
   * error comes back as a system error naming the field. */
  compile_bad("{'defaultAction':'SCMP_ACT_ERRNO','architectures':['SCMP_ARCH_X86',"
              "'SCMP_ARCH_S390X']}",
              "linux.seccomp.architectures[1]: libseccomp cannot add SCMP_ARCH_S390X: ",
              CLAMP_ERR_INTERNAL);
}
END_TEST

START_TEST(test_digest_stable)
{
  uint8_t a[32], b[32], c[32], want[32];
  clamp_test_digest_q(clamp_test_dockerish, a);
  clamp_test_digest_q(clamp_test_dockerish, b);
  ck_assert_int_eq(memcmp(a, b, 32), 0);
  /* The digest is SHA-256 of the exported program. */
  _cleanup_buf_ struct clamp_buf bpf;
  export_ok(clamp_test_dockerish, &bpf);
  struct clamp_sha256 s;
  clamp_sha256_init(&s);
  clamp_sha256_update(&s, bpf.data, bpf.len);
  clamp_sha256_final(&s, want);
  ck_assert_int_eq(memcmp(a, want, 32), 0);
  /* A different errno is a different program. */
  clamp_test_digest_q("{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':38}", c);
  clamp_test_digest_q("{'defaultAction':'SCMP_ACT_ERRNO','defaultErrnoRet':1}", b);
  ck_assert_int_ne(memcmp(b, c, 32), 0);
  ck_assert_int_ne(memcmp(a, c, 32), 0);
  /* ERRNO without errnoRet is EPERM: the same program. */
  clamp_test_digest_q("{'defaultAction':'SCMP_ACT_ERRNO'}", c);
  ck_assert_int_eq(memcmp(b, c, 32), 0);
}
END_TEST

/* The fd exports (clampctl seccomp export): the BPF is the same program
 * as the in-memory export; the PFC listing names the rules; a profile
 * that does not compile writes nothing. */
static size_t read_back(int fd, struct clamp_buf *out)
{
  off_t end = lseek(fd, 0, SEEK_END);
  ck_assert(end >= 0);
  clamp_buf_reserve(out, (size_t)end);
  ck_assert_int_eq(pread(fd, out->data, (size_t)end, 0), end);
  out->len = (size_t)end;
  out->data[out->len] = '\0';
  return out->len;
}

START_TEST(test_export_fd)
{
  _cleanup_json_doc_ struct clamp_json_doc *d = clamp_test_parse_q(clamp_test_dockerish);
  struct clamp_error *err = NULL;
  _cleanup_buf_ struct clamp_buf want, bpf, pfc;
  clamp_buf_init(&want);
  clamp_buf_init(&bpf);
  clamp_buf_init(&pfc);
  ck_assert_int_eq(clamp_seccomp_export_bpf(d->root, &want, &err), 0);

  _cleanup_close_ int b = memfd_create("t", MFD_CLOEXEC);
  ck_assert_int_eq(clamp_seccomp_export_bpf_fd(d->root, b, &err), 0);
  ck_assert_uint_eq(read_back(b, &bpf), want.len);
  ck_assert_uint_eq(bpf.len % 8, 0);
  ck_assert(memcmp(bpf.data, want.data, want.len) == 0);

  _cleanup_close_ int p = memfd_create("t", MFD_CLOEXEC);
  ck_assert_int_eq(clamp_seccomp_export_pfc_fd(d->root, p, &err), 0);
  read_back(p, &pfc);
  ck_assert_ptr_nonnull(strstr(pfc.data, "filter for syscall \"read\""));
  ck_assert_ptr_nonnull(strstr(pfc.data, "filter for arch x86_64"));

  _cleanup_json_doc_ struct clamp_json_doc *bad =
      clamp_test_parse_q("{'defaultAction':'SCMP_ACT_BOGUS'}");
  _cleanup_close_ int q = memfd_create("t", MFD_CLOEXEC);
  ck_assert_int_eq(clamp_seccomp_export_pfc_fd(bad->root, q, &err), -1);
  clamp_test_assert_prefix(err->msg, "linux.seccomp.defaultAction: ");
  clamp_error_free(err);
  err = NULL;
  ck_assert_int_eq(lseek(q, 0, SEEK_END), 0);
  ck_assert_int_eq(clamp_seccomp_export_bpf_fd(bad->root, q, &err), -1);
  clamp_error_free(err);
  ck_assert_int_eq(lseek(q, 0, SEEK_END), 0);
}
END_TEST

START_TEST(test_native_and_oracle)
{
  ck_assert_str_eq(clamp_seccomp_native_arch(), "SCMP_ARCH_X86_64");
  ck_assert_str_eq(clamp_seccomp_native_go_arch(), "amd64");
  char v[32];
  clamp_seccomp_library_version(v, sizeof v);
  ck_assert_str_eq(v, "2.5.4");
  char small[4];
  clamp_seccomp_library_version(small, sizeof small);
  ck_assert_str_eq(small, "2.5");
  const struct clamp_syscall_oracle *o = clamp_seccomp_oracle();
  ck_assert_ptr_eq(o, clamp_seccomp_oracle());
  ck_assert(o->known("read", o->data));
  ck_assert(o->known("clone3", o->data));
  /* Pseudo-syscalls (negative numbers on x86_64) are known, as in runc. */
  ck_assert(o->known("socketcall", o->data));
  ck_assert(!o->known("no_such_syscall", o->data));
  ck_assert(!o->known("", o->data));
  ck_assert(!o->known("READ", o->data));
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("seccomp");
  TCase *tc = tcase_create("compile");
  tcase_add_test(tc, test_sim_dockerish);
  tcase_add_test(tc, test_sim_arch_mismatch);
  tcase_add_test(tc, test_sim_actions);
  tcase_add_test(tc, test_sim_skips);
  tcase_add_test(tc, test_sim_conditions);
  tcase_add_test(tc, test_sim_agrees_with_kernel);
  tcase_add_test(tc, test_errors_name_the_field);
  tcase_add_test(tc, test_too_long_for_the_kernel);
  tcase_add_test(tc, test_conflicting_rules);
  tcase_add_test(tc, test_error_from_libseccomp);
  tcase_add_test(tc, test_digest_stable);
  tcase_add_test(tc, test_native_and_oracle);
  tcase_add_test(tc, test_export_fd);
  suite_add_tcase(s, tc);
  return s;
}
