/* SPDX-License-Identifier: Apache-2.0 */
/* sysctls.safe (src/rules/sysctls.c): linux.sysctl keeps Kubernetes'
 * safe set (Pod Security baseline "sysctls"), the policy's sysctls.allow
 * and, with the container's own network namespace, net.*; keys compared
 * as runc and crun write them ('.' and '/' alike), and a key with an
 * empty component never allowed. Every action, bad input, idempotence,
 * hostile keys. Documents use single quotes for double quotes. */
#include <string.h>

#include "rulefx_q.h"

#define SY CLAMP_RULE_SYSCTLS_SAFE

static int sysctls_call(struct fx *f, struct clamp_error **err)
{
  return clamp_rule_sysctls(&f->ctx, f->doc->root, err);
}

static void run_sysctls(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, sysctls_call(f, &err), &err);
}

#define NETNS "'namespaces':[{'type':'pid'},{'type':'network'}]"
#define NONETNS "'namespaces':[{'type':'pid'},{'type':'mount'}]"
#define SYS(ns, kv) "{'linux':{" ns ",'sysctl':{" kv "}}}"

/* What Docker writes for a container with its own network namespace. */
START_TEST(test_sysctl_docker_defaults_pass)
{
  static const char *const in[] = {
    SYS(NETNS, "'net.ipv4.ip_unprivileged_port_start':'0','net.ipv4.ping_group_range':'0 "
               "2147483647'"),
    /* Safe without a network namespace too. */
    SYS(NONETNS, "'net.ipv4.ip_unprivileged_port_start':'0','kernel.shm_rmid_forced':'1'"),
    /* Every one of the safe set. */
    SYS(NONETNS, "'kernel.shm_rmid_forced':'1','net.ipv4.ip_local_port_range':'1 2',"
                 "'net.ipv4.ip_unprivileged_port_start':'0','net.ipv4.tcp_syncookies':'1',"
                 "'net.ipv4.ping_group_range':'0 0','net.ipv4.ip_local_reserved_ports':'',"
                 "'net.ipv4.tcp_keepalive_time':'1','net.ipv4.tcp_fin_timeout':'1',"
                 "'net.ipv4.tcp_keepalive_intvl':'1','net.ipv4.tcp_keepalive_probes':'1',"
                 "'net.ipv4.tcp_rmem':'1 2 3','net.ipv4.tcp_wmem':'1 2 3',"
                 "'net.ipv4.tcp_slow_start_after_idle':'0','net.ipv4.tcp_notsent_lowat':'1'"),
    /* Any net.* in a new network namespace of its own. */
    SYS(NETNS, "'net.core.somaxconn':'1024','net.ipv4.conf.all.forwarding':'1'"),
    /* The '/' form names the same files. */
    SYS(NONETNS, "'net/ipv4/ping_group_range':'0 0','kernel/shm_rmid_forced':'1'"),
    /* No sysctls, no linux. */
    "{'linux':{'sysctl':{}}}",
    "{'linux':{'sysctl':null}}",
    "{'linux':{}}",
    "{}",
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(in); i++)
    {
      _cleanup_fx_ struct fx f;
      init_q(&f, in[i]);
      f.name = in[i];
      run_sysctls(&f);
      _cleanup_free_ char *j = dq(in[i]);
      fx_assert_untouched(&f, j);
    }
}
END_TEST

START_TEST(test_sysctl_unsafe_removed)
{
  _cleanup_fx_ struct fx f;
  init_q(&f, SYS(NETNS, "'kernel.msgmax':'65536','net.ipv4.ping_group_range':'0 0',"
                        "'vm.swappiness':'0','kernel.sem':'1 2 3 4'"));
  run_sysctls(&f);
  assert_json_q(&f, SYS(NETNS, "'net.ipv4.ping_group_range':'0 0'"));
  ck_assert_uint_eq(f.findings.len, 1);
  fx_assert_finding(&f, 0, SY, CHANGED, "linux.sysctl",
                    "[kernel.msgmax, vm.swappiness, kernel.sem]", "(removed)");
  /* The values are not shown. */
  ck_assert_ptr_null(strstr(f.findings.items[0].from, "65536"));
}
END_TEST

/* net.* needs the container's own network namespace. */
START_TEST(test_sysctl_net_needs_netns)
{
  _cleanup_fx_ struct fx f;
  init_q(&f, SYS(NONETNS, "'net.core.somaxconn':'1024','net.ipv4.tcp_syncookies':'1'"));
  run_sysctls(&f);
  assert_json_q(&f, SYS(NONETNS, "'net.ipv4.tcp_syncookies':'1'"));
  fx_assert_finding(&f, 0, SY, CHANGED, "linux.sysctl", "[net.core.somaxconn]", "(removed)");

  /* No namespaces at all: the host's network namespace. */
  _cleanup_fx_ struct fx g;
  init_q(&g, "{'linux':{'sysctl':{'net.core.somaxconn':'1'}}}");
  run_sysctls(&g);
  assert_json_q(&g, "{'linux':{'sysctl':{}}}");

  /* A network namespace joined by path: it may be the host's (crun would
   * write the host's sysctl) or another container's; the safe set only. */
  _cleanup_fx_ struct fx h;
  init_q(&h, SYS("'namespaces':[{'type':'network','path':'/var/run/netns/x'}]",
                 "'net.core.somaxconn':'1024','net.ipv4.tcp_syncookies':'1'"));
  run_sysctls(&h);
  assert_json_q(&h, SYS("'namespaces':[{'type':'network','path':'/var/run/netns/x'}]",
                        "'net.ipv4.tcp_syncookies':'1'"));
}
END_TEST

/* Keys as runc writes them: every '.' a '/', so no ".." survives, and the
 * match is case-sensitive as /proc/sys is. */
START_TEST(test_sysctl_hostile_keys)
{
  static const char *const bad[] = {
    "kernel.shm_rmid_forced/../msgmax", /* kernel/shm_rmid_forced/msgmax to runc */
    "kernel/msgmax",
    "KERNEL.SHM_RMID_FORCED",
    "kernel.shm_rmid_forced.x",
    "kernel.shm_rmid_force",
    "",
    ".",
    "/",
    "netfoo.x",        /* not net. */
    "kernel.net.ipv4", /* net only at the front */
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(bad); i++)
    {
      _cleanup_free_ char *in =
          clamp_xasprintf("{\"linux\":{\"namespaces\":[{\"type\":\"network\"}],\"sysctl\":{\"%s\":"
                          "\"1\"}}}",
                          bad[i]);
      _cleanup_fx_ struct fx f;
      fx_init(&f, in);
      f.name = bad[i];
      run_sysctls(&f);
      fx_assert_json(&f, "{\"linux\":{\"namespaces\":[{\"type\":\"network\"}],\"sysctl\":{}}}");
      ck_assert_msg(f.findings.len == 1, "%s: %zu findings", bad[i], f.findings.len);
    }
  /* Separators doubled or at the ends: the same file to runc (path.Join
   * cleans them), but crun openat()s the key as written, before the
   * container's root is mounted, and a leading '/' is a host path. */
  static const char *const odd[] = { "net.ipv4..ping_group_range",
                                     "/kernel.shm_rmid_forced",
                                     "kernel.shm_rmid_forced.",
                                     "kernel//shm_rmid_forced",
                                     "/net/x",
                                     ".net.x" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(odd); i++)
    {
      _cleanup_free_ char *in = clamp_xasprintf(
          "{\"linux\":{\"namespaces\":[{\"type\":\"network\"}],\"sysctl\":{\"%s\":\"1\"}}}",
          odd[i]);
      _cleanup_fx_ struct fx f;
      fx_init(&f, in);
      f.name = odd[i];
      run_sysctls(&f);
      fx_assert_json(&f, "{\"linux\":{\"namespaces\":[{\"type\":\"network\"}],\"sysctl\":{}}}");
      ck_assert_msg(f.findings.len == 1, "%s: %zu findings", odd[i], f.findings.len);
    }
}
END_TEST

START_TEST(test_sysctl_normalize)
{
  static const struct
  {
    const char *in, *want;
  } c[] = {
    { "net.ipv4.ping_group_range", "net/ipv4/ping_group_range" },
    { "net/ipv4/ping_group_range", "net/ipv4/ping_group_range" },
    { "net/ipv4/conf/eno2.100/rp_filter", "net/ipv4/conf/eno2/100/rp_filter" },
    { "//a..b//", "a/b" },
    { "..", "" },
    { "", "" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_free_ char *got = clamp_sysctl_normalize(c[i].in);
      ck_assert_msg(strcmp(got, c[i].want) == 0, "%s: %s, want %s", c[i].in, got, c[i].want);
    }
}
END_TEST

START_TEST(test_sysctl_policy_allow)
{
  static const char *const extra[] = { "kernel/msgmax", "fs.mqueue.msg_max" };
  _cleanup_fx_ struct fx f;
  init_q(&f, SYS(NONETNS, "'kernel.msgmax':'1','fs/mqueue/msg_max':'1','kernel.msgmnb':'1'"));
  f.policy.sysctl_allow = extra;
  f.policy.n_sysctl_allow = 2;
  run_sysctls(&f);
  assert_json_q(&f, SYS(NONETNS, "'kernel.msgmax':'1','fs/mqueue/msg_max':'1'"));
  fx_assert_finding(&f, 0, SY, CHANGED, "linux.sysctl", "[kernel.msgmnb]", "(removed)");
}
END_TEST

START_TEST(test_sysctl_actions)
{
  static const struct fx_action_case c[] = {
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, "linux.sysctl", "[kernel.msgmax]", NULL },
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "linux.sysctl", "[kernel.msgmax]", NULL },
    { "off", CLAMP_ACTION_OFF, 0, WARNED, NULL, NULL, NULL },
  };
  check_actions_q(SYS(NONETNS, "'kernel.msgmax':'1'"), SY, run_sysctls, true, c,
                  CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_sysctl_idempotent)
{
  _cleanup_fx_ struct fx f;
  init_q(&f, SYS(NONETNS, "'kernel.msgmax':'1','kernel.shm_rmid_forced':'1'"));
  run_sysctls(&f);
  run_sysctls(&f);
  assert_json_q(&f, SYS(NONETNS, "'kernel.shm_rmid_forced':'1'"));
  ck_assert_uint_eq(f.findings.len, 1);
}
END_TEST

START_TEST(test_sysctl_errors)
{
  static const struct fx_error_case c[] = {
    { "{'linux':{'sysctl':[]}}", "linux.sysctl: expected an object" },
    { "{'linux':{'sysctl':{'kernel.msgmax':1}}}",
      "linux.sysctl.\"kernel.msgmax\": expected a string, got a number" },
    { "{'linux':{'sysctl':{'kernel.msgmax':'1'},'namespaces':['network']}}",
      "linux.namespaces[0]: expected an object" },
    { "{'linux':{'sysctl':{'a':'1'},'namespaces':[{'type':7}]}}",
      "linux.namespaces[0].type: expected" },
    { "{'linux':'x'}", "linux: expected an object" },
  };
  check_errors_q(sysctls_call, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("rule_sysctls");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_sysctl_docker_defaults_pass);
  tcase_add_test(tc, test_sysctl_unsafe_removed);
  tcase_add_test(tc, test_sysctl_net_needs_netns);
  tcase_add_test(tc, test_sysctl_hostile_keys);
  tcase_add_test(tc, test_sysctl_normalize);
  tcase_add_test(tc, test_sysctl_policy_allow);
  tcase_add_test(tc, test_sysctl_actions);
  tcase_add_test(tc, test_sysctl_idempotent);
  tcase_add_test(tc, test_sysctl_errors);
  suite_add_tcase(s, tc);
  return s;
}
