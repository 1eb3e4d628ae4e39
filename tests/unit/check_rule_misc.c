/* SPDX-License-Identifier: Apache-2.0 */
/* Four small rules: sysctls.safe (src/rules/sysctls.c), env.secrets
 * (src/rules/env.c), hooks.allowlist (src/rules/hooks.c) and
 * annotations.crun (src/rules/annotations.c). Each under every action, on
 * bad input, twice in a row, and on hostile keys and paths. Documents are
 * written with single quotes for double quotes. */
#include <string.h>

#include "rulefx.h"

#define SY CLAMP_RULE_SYSCTLS_SAFE
#define EN CLAMP_RULE_ENV_SECRETS
#define HK CLAMP_RULE_HOOKS_ALLOWLIST
#define AN CLAMP_RULE_ANNOTATIONS_CRUN

/* text with every ' made a ", malloc'ed. */
static char *dq(const char *text)
{
  char *s = clamp_xstrdup(text);
  for (char *c = s; *c; c++)
    if (*c == '\'')
      *c = '"';
  return s;
}

static void init_q(struct fx *f, const char *text)
{
  _cleanup_free_ char *j = dq(text);
  fx_init(f, j);
}

static void assert_json_q(const struct fx *f, const char *text)
{
  _cleanup_free_ char *j = dq(text);
  fx_assert_json(f, j);
}

static void check_actions_q(const char *text, enum clamp_rule_id rule, void (*run)(struct fx *f),
                            bool unchanged, const struct fx_action_case *c, size_t n)
{
  _cleanup_free_ char *j = dq(text);
  fx_check_actions(j, rule, run, unchanged, c, n);
}

/* Each document (single-quoted) makes call fail with an input error whose
 * message starts with prefix, leaving the document as it was. */
static void check_errors_q(int (*call)(struct fx *f, struct clamp_error **err),
                           const struct fx_error_case *c, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      _cleanup_free_ char *j = dq(c[i].json);
      struct fx_error_case one = { j, c[i].prefix };
      fx_check_errors(call, true, &one, 1);
    }
}

/* ======================= sysctls.safe ======================= */

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
    /* Any net.* in a private network namespace, joined by path or not. */
    SYS(NETNS, "'net.core.somaxconn':'1024','net.ipv4.conf.all.forwarding':'1'"),
    SYS("'namespaces':[{'type':'network','path':'/var/run/netns/x'}]",
        "'net.core.somaxconn':'1024'"),
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

/* ======================= env.secrets ======================= */

#define VALUE "hunter2-VALUE-s3cr3t"

static int env_call(struct fx *f, struct clamp_error **err)
{
  return clamp_rule_env_secrets(&f->ctx, fx_process(f), "process", err);
}

static void run_env(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, env_call(f, &err), &err);
}

/* No finding, in any field or formatted, contains VALUE. */
static void assert_value_hidden(const struct fx *f)
{
  for (size_t i = 0; i < f->findings.len; i++)
    {
      const struct clamp_finding *x = &f->findings.items[i];
      const char *parts[] = { x->field, x->from, x->to, x->reason };
      for (size_t k = 0; k < CLAMP_N_ELEMENTS(parts); k++)
        ck_assert_msg(parts[k] == NULL || strstr(parts[k], VALUE) == NULL,
                      "finding %zu shows the value: %s", i, parts[k]);
      _cleanup_free_ char *text = clamp_finding_format(x);
      ck_assert_msg(strstr(text, VALUE) == NULL, "formatted finding shows the value: %s", text);
    }
}

#define ENV(list) "{'process':{'args':['sh'],'env':[" list "]}}"

START_TEST(test_env_default_warns)
{
  _cleanup_fx_ struct fx f;
  const char *in = ENV("'PATH=/bin','API_KEY=" VALUE "','HOME=/root'");
  init_q(&f, in);
  run_env(&f);
  assert_json_q(&f, in);
  ck_assert_uint_eq(f.findings.len, 1);
  fx_assert_finding(&f, 0, EN, WARNED, "process.env[1]", NULL, NULL);
  ck_assert_ptr_nonnull(strstr(f.findings.items[0].reason, "\"API_KEY\""));
  ck_assert_ptr_null(clamp_findings_denied(&f.findings));
  assert_value_hidden(&f);
}
END_TEST

/* Every action: enforce refuses like deny (nothing to rewrite), and the
 * value shows nowhere. */
START_TEST(test_env_actions)
{
  static const enum clamp_action actions[] = { CLAMP_ACTION_ENFORCE, CLAMP_ACTION_DENY,
                                               CLAMP_ACTION_WARN, CLAMP_ACTION_OFF };
  static const enum clamp_finding_kind kinds[] = { DENIED, DENIED, WARNED, WARNED };
  static const char *const in =
      ENV("'db_password=" VALUE "','MyToken=" VALUE "','X=1','GITHUB_TOKEN=" VALUE "'");
  for (size_t a = 0; a < CLAMP_N_ELEMENTS(actions); a++)
    {
      _cleanup_fx_ struct fx f;
      init_q(&f, in);
      f.name = clamp_policy_action_name(actions[a]);
      f.policy.actions[EN] = actions[a];
      run_env(&f);
      assert_json_q(&f, in);
      if (actions[a] == CLAMP_ACTION_OFF)
        {
          ck_assert_uint_eq(f.findings.len, 0);
          continue;
        }
      ck_assert_uint_eq(f.findings.len, 3);
      fx_assert_finding(&f, 0, EN, kinds[a], "process.env[0]", NULL, NULL);
      fx_assert_finding(&f, 1, EN, kinds[a], "process.env[1]", NULL, NULL);
      fx_assert_finding(&f, 2, EN, kinds[a], "process.env[3]", NULL, NULL);
      assert_value_hidden(&f);
    }
}
END_TEST

/* Entries runc would refuse or that hold no secret; runc's reading: the
 * name ends at the first '='. */
START_TEST(test_env_odd_entries)
{
  static const char *const quiet[] = {
    ENV("'PASSWORD='"),            /* empty value */
    ENV("'SECRET'"),               /* no '=': runc refuses it */
    ENV("'=SECRET'"),              /* empty name: runc refuses it */
    ENV("'A=PASSWORD=" VALUE "'"), /* the name is A */
    ENV("'TOKE=N'"),               /* no pattern in the name */
    ENV(""),                       /* nothing */
    "{'process':{'args':['sh']}}", /* no env */
    "{'process':{'env':null}}",
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(quiet); i++)
    {
      _cleanup_fx_ struct fx f;
      init_q(&f, quiet[i]);
      f.name = quiet[i];
      f.policy.actions[EN] = CLAMP_ACTION_DENY;
      run_env(&f);
      _cleanup_free_ char *j = dq(quiet[i]);
      fx_assert_untouched(&f, j);
    }
  /* A value of "=" is a value; a very long name is read whole. */
  _cleanup_fx_ struct fx f;
  init_q(&f, ENV("'PASSWORD=='"));
  run_env(&f);
  ck_assert_uint_eq(f.findings.len, 1);
  char name[5000];
  memset(name, 'A', sizeof name);
  memcpy(name + sizeof name - 40, "_secret_=" VALUE, strlen("_secret_=" VALUE) + 1);
  _cleanup_free_ char *in = clamp_xasprintf("{\"process\":{\"env\":[\"%s\"]}}", name);
  _cleanup_fx_ struct fx g;
  fx_init(&g, in);
  run_env(&g);
  ck_assert_uint_eq(g.findings.len, 1);
  assert_value_hidden(&g);
}
END_TEST

START_TEST(test_env_policy_patterns)
{
  static const char *const pats[] = { "foo" };
  _cleanup_fx_ struct fx f;
  init_q(&f, ENV("'MY_FOO_X=1','PASSWORD=" VALUE "'"));
  f.policy.env_secret_patterns = pats;
  f.policy.n_env_secret_patterns = 1;
  run_env(&f);
  ck_assert_uint_eq(f.findings.len, 1);
  fx_assert_finding(&f, 0, EN, WARNED, "process.env[0]", NULL, NULL);

  /* No patterns: nothing is a secret. */
  _cleanup_fx_ struct fx g;
  init_q(&g, ENV("'PASSWORD=" VALUE "'"));
  g.policy.n_env_secret_patterns = 0;
  run_env(&g);
  ck_assert_uint_eq(g.findings.len, 0);
}
END_TEST

/* docker exec -e writes a process file: the same rule at "env[i]"; runc
 * exec --env at "exec --env[i]". */
START_TEST(test_env_exec)
{
  _cleanup_fx_ struct fx f;
  init_q(&f, "{'args':['sh'],'env':['X=1','AWS_SECRET_ACCESS_KEY=" VALUE "']}");
  f.policy.actions[EN] = CLAMP_ACTION_DENY;
  struct clamp_error *err = NULL;
  fx_assert_ok(&f, clamp_harden_process(&f.ctx, &err), &err);
  const struct clamp_finding *x = fx_find(&f, "env[1]");
  ck_assert_ptr_nonnull(x);
  ck_assert_int_eq(x->kind, DENIED);
  assert_value_hidden(&f);

  _cleanup_fx_ struct fx g;
  fx_init(&g, "{}");
  static const char *const flags[] = { "A=1", "api_key=" VALUE, "NOEQUALS" };
  clamp_rule_env_secrets_list(&g.ctx, flags, 3, "exec --env");
  ck_assert_uint_eq(g.findings.len, 1);
  fx_assert_finding(&g, 0, EN, WARNED, "exec --env[1]", NULL, NULL);
  assert_value_hidden(&g);
}
END_TEST

/* Bad input: errors name the index, never the value. */
START_TEST(test_env_errors)
{
  static const struct fx_error_case c[] = {
    { "{'process':{'env':'PASSWORD=x'}}", "process.env: expected an array" },
    { "{'process':{'env':['A=1',7]}}", "process.env[1]: expected a string, got a number" },
    { "{'process':{'env':[{'PASSWORD':'x'}]}}",
      "process.env[0]: expected a string, got an object" },
  };
  check_errors_q(env_call, c, CLAMP_N_ELEMENTS(c));
  _cleanup_fx_ struct fx f;
  init_q(&f, "{'process':{'env':['A=1',['TOKEN=" VALUE "']]}}");
  _cleanup_error_ struct clamp_error *err = NULL;
  ck_assert_int_lt(env_call(&f, &err), 0);
  ck_assert_ptr_null(strstr(err->msg, VALUE));
}
END_TEST

START_TEST(test_env_idempotent)
{
  _cleanup_fx_ struct fx f;
  init_q(&f, ENV("'TOKEN=" VALUE "'"));
  run_env(&f);
  run_env(&f);
  assert_json_q(&f, ENV("'TOKEN=" VALUE "'"));
  ck_assert_uint_eq(f.findings.len, 2); /* reported each time, never changed */
}
END_TEST

/* ======================= hooks.allowlist ======================= */

static int hooks_call(struct fx *f, struct clamp_error **err)
{
  return clamp_rule_hooks(&f->ctx, f->doc->root, err);
}

static void run_hooks(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, hooks_call(f, &err), &err);
}

static const char *const dockerd_only[] = { "/usr/bin/dockerd" };

static void restrict_hooks(struct fx *f)
{
  f->policy.hooks_restricted = true;
  f->policy.hook_allow = dockerd_only;
  f->policy.n_hook_allow = 1;
}

static void run_hooks_restricted(struct fx *f)
{
  restrict_hooks(f);
  run_hooks(f);
}

/* Docker's own prestart hook. */
#define DOCKER_HOOK                                                                                \
  "{'path':'/usr/bin/dockerd','args':['libnetwork-setkey','-exec-root=/var/run/docker','abc',"     \
  "'def']}"

START_TEST(test_hooks_default_allows_all)
{
  const char *in = "{'hooks':{'prestart':[{'path':'/tmp/evil'}],'poststop':[{'path':'x'}]}}";
  _cleanup_fx_ struct fx f;
  init_q(&f, in);
  run_hooks(&f);
  _cleanup_free_ char *j = dq(in);
  fx_assert_untouched(&f, j);
}
END_TEST

START_TEST(test_hooks_listed_pass)
{
  static const char *const in[] = {
    "{'hooks':{'prestart':[" DOCKER_HOOK "]}}",
    "{'hooks':{'createRuntime':[{'path':'/usr/bin//dockerd'}],"
    "'poststart':[{'path':'/usr/bin/../bin/./dockerd'}]}}",
    "{'hooks':{}}",
    "{'hooks':null}",
    "{'hooks':{'prestart':[]}}",
    "{}",
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(in); i++)
    {
      _cleanup_fx_ struct fx f;
      init_q(&f, in[i]);
      f.name = in[i];
      run_hooks_restricted(&f);
      _cleanup_free_ char *j = dq(in[i]);
      fx_assert_untouched(&f, j);
    }
}
END_TEST

/* Every hook kind is checked; relative, look-alike and missing paths are
 * never on the list. */
START_TEST(test_hooks_unlisted_refused)
{
  const char *in = "{'hooks':{'prestart':[" DOCKER_HOOK ",{'path':'/tmp/evil'}],"
                   "'createRuntime':[{'path':'usr/bin/dockerd'}],"
                   "'createContainer':[{'path':'/usr/bin/dockerd2'}],"
                   "'startContainer':[{'args':['x']}],"
                   "'poststart':[{'path':'/USR/BIN/DOCKERD'}],"
                   "'poststop':[{'path':'/usr/bin/dockerd/'},{'path':'/usr/sbin/dockerd'}]}}";
  _cleanup_fx_ struct fx f;
  init_q(&f, in);
  run_hooks_restricted(&f);
  assert_json_q(&f, in);
  static const char *const want[] = {
    "hooks.prestart[1].path",       "hooks.createRuntime[0].path", "hooks.createContainer[0].path",
    "hooks.startContainer[0].path", "hooks.poststart[0].path",     "hooks.poststop[1].path",
  };
  ck_assert_uint_eq(f.findings.len, CLAMP_N_ELEMENTS(want));
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(want); i++)
    fx_assert_finding(&f, i, HK, DENIED, want[i], NULL, NULL);
  ck_assert_ptr_nonnull(strstr(f.findings.items[0].reason, "\"/tmp/evil\""));
}
END_TEST

/* An empty list allows no hook at all. */
START_TEST(test_hooks_empty_list)
{
  _cleanup_fx_ struct fx f;
  init_q(&f, "{'hooks':{'prestart':[" DOCKER_HOOK "]}}");
  f.policy.hooks_restricted = true;
  f.policy.n_hook_allow = 0;
  run_hooks(&f);
  fx_assert_finding(&f, 0, HK, DENIED, "hooks.prestart[0].path", NULL, NULL);
}
END_TEST

START_TEST(test_hooks_actions)
{
  static const struct fx_action_case c[] = {
    { "enforce", CLAMP_ACTION_ENFORCE, 1, DENIED, "hooks.poststop[0].path", NULL, NULL },
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, "hooks.poststop[0].path", NULL, NULL },
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "hooks.poststop[0].path", NULL, NULL },
    { "off", CLAMP_ACTION_OFF, 0, WARNED, NULL, NULL, NULL },
  };
  check_actions_q("{'hooks':{'poststop':[{'path':'/bin/rm','args':['rm','-rf','/']}]}}", HK,
                  run_hooks_restricted, true, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

static int hooks_restricted_call(struct fx *f, struct clamp_error **err)
{
  restrict_hooks(f);
  return hooks_call(f, err);
}

START_TEST(test_hooks_errors)
{
  static const struct fx_error_case c[] = {
    { "{'hooks':[]}", "hooks: expected an object" },
    { "{'hooks':{'prestart':{}}}", "hooks.prestart: expected an array" },
    { "{'hooks':{'poststop':['/bin/x']}}", "hooks.poststop[0]: expected an object" },
    { "{'hooks':{'createRuntime':[{'path':1}]}}", "hooks.createRuntime[0].path: expected" },
  };
  check_errors_q(hooks_restricted_call, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_hooks_idempotent)
{
  _cleanup_fx_ struct fx f;
  init_q(&f, "{'hooks':{'prestart':[{'path':'/tmp/evil'}]}}");
  run_hooks_restricted(&f);
  run_hooks_restricted(&f);
  assert_json_q(&f, "{'hooks':{'prestart':[{'path':'/tmp/evil'}]}}");
  ck_assert_uint_eq(f.findings.len, 2);
}
END_TEST

/* ======================= annotations.crun ======================= */

static int ann_call(struct fx *f, struct clamp_error **err)
{
  return clamp_rule_annotations(&f->ctx, f->doc->root, err);
}

static void run_ann(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, ann_call(f, &err), &err);
}

START_TEST(test_ann_removed)
{
  _cleanup_fx_ struct fx f;
  init_q(&f, "{'annotations':{'org.opencontainers.image.os':'linux',"
             "'run.oci.seccomp_bpf_data':'AAAA','run.oci.seccomp.receiver':'/run/s.sock',"
             "'run.oci.seccomp.plugins':'/tmp/p.so','run.oci.keep_original_groups':'1',"
             "'run.oci.hooks.stdout':'/etc/x','run.oci.hooks.stderr':'/etc/y',"
             "'run.oci.hooks.future':'z','run.oci.systemd.subgroup':'x',"
             "'RUN.OCI.SECCOMP_BPF_DATA':'kept','run.oci.seccomp_bpf_data.x':'kept'}}");
  run_ann(&f);
  assert_json_q(&f, "{'annotations':{'org.opencontainers.image.os':'linux',"
                    "'run.oci.systemd.subgroup':'x','RUN.OCI.SECCOMP_BPF_DATA':'kept',"
                    "'run.oci.seccomp_bpf_data.x':'kept'}}");
  ck_assert_uint_eq(f.findings.len, 1);
  fx_assert_finding(&f, 0, AN, CHANGED, "annotations",
                    "[run.oci.seccomp_bpf_data, run.oci.seccomp.receiver, "
                    "run.oci.seccomp.plugins, run.oci.keep_original_groups, "
                    "run.oci.hooks.stdout, run.oci.hooks.stderr, run.oci.hooks.future]",
                    "(removed)");
}
END_TEST

START_TEST(test_ann_untouched)
{
  static const char *const in[] = {
    "{'annotations':{'io.kubernetes.cri.container-type':'container'}}",
    "{'annotations':{}}",
    "{'annotations':null}",
    "{}",
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(in); i++)
    {
      _cleanup_fx_ struct fx f;
      init_q(&f, in[i]);
      f.name = in[i];
      run_ann(&f);
      _cleanup_free_ char *j = dq(in[i]);
      fx_assert_untouched(&f, j);
    }
}
END_TEST

START_TEST(test_ann_policy_allow)
{
  static const char *const allow[] = { "run.oci.keep_original_groups", "run.oci.hooks.stdout" };
  _cleanup_fx_ struct fx f;
  init_q(&f, "{'annotations':{'run.oci.keep_original_groups':'1','run.oci.hooks.stdout':'/x',"
             "'run.oci.hooks.stderr':'/y'}}");
  f.policy.annotation_allow = allow;
  f.policy.n_annotation_allow = 2;
  run_ann(&f);
  assert_json_q(&f,
                "{'annotations':{'run.oci.keep_original_groups':'1','run.oci.hooks.stdout':'/x'}}");
  fx_assert_finding(&f, 0, AN, CHANGED, "annotations", "[run.oci.hooks.stderr]", "(removed)");
}
END_TEST

START_TEST(test_ann_actions)
{
  static const struct fx_action_case c[] = {
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, "annotations", "[run.oci.seccomp_bpf_data]", NULL },
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "annotations", "[run.oci.seccomp_bpf_data]", NULL },
    { "off", CLAMP_ACTION_OFF, 0, WARNED, NULL, NULL, NULL },
  };
  check_actions_q("{'annotations':{'run.oci.seccomp_bpf_data':'AAAA'}}", AN, run_ann, true, c,
                  CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_ann_errors)
{
  static const struct fx_error_case c[] = {
    { "{'annotations':[]}", "annotations: expected an object" },
    { "{'annotations':{'run.oci.seccomp_bpf_data':true}}",
      "annotations.\"run.oci.seccomp_bpf_data\": expected a string, got a boolean" },
  };
  check_errors_q(ann_call, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_ann_idempotent)
{
  _cleanup_fx_ struct fx f;
  init_q(&f, "{'annotations':{'a':'b','run.oci.hooks.stdout':'/x'}}");
  run_ann(&f);
  run_ann(&f);
  assert_json_q(&f, "{'annotations':{'a':'b'}}");
  ck_assert_uint_eq(f.findings.len, 1);
}
END_TEST

/* The whole config: every rule runs from clamp_harden_config. */
START_TEST(test_misc_in_harden_config)
{
  _cleanup_fx_ struct fx f;
  init_q(&f, "{'process':{'args':['sh'],'user':{'uid':1000,'gid':1000},'noNewPrivileges':true,"
             "'env':['TOKEN=" VALUE "']},'root':{'path':'rootfs','readonly':true},"
             "'hooks':{'prestart':[{'path':'/tmp/evil'}]},"
             "'annotations':{'run.oci.keep_original_groups':'1'},"
             "'linux':{'sysctl':{'kernel.msgmax':'1'}}}");
  restrict_hooks(&f);
  struct clamp_harden_host host;
  fx_host_facts(&host);
  struct clamp_error *err = NULL;
  fx_assert_ok(&f, clamp_harden_config(&f.ctx, &host, &err), &err);
  const struct clamp_finding *x;
  ck_assert_ptr_nonnull(x = fx_find(&f, "process.env[0]"));
  ck_assert_int_eq(x->kind, WARNED);
  ck_assert_ptr_nonnull(x = fx_find(&f, "hooks.prestart[0].path"));
  ck_assert_int_eq(x->kind, DENIED);
  ck_assert_ptr_nonnull(x = fx_find(&f, "annotations"));
  ck_assert_int_eq(x->kind, CHANGED);
  ck_assert_ptr_nonnull(x = fx_find(&f, "linux.sysctl"));
  ck_assert_int_eq(x->kind, CHANGED);
  assert_value_hidden(&f);
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("rule_misc");
  TCase *tc = tcase_create("sysctls");
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
  tc = tcase_create("env");
  tcase_add_test(tc, test_env_default_warns);
  tcase_add_test(tc, test_env_actions);
  tcase_add_test(tc, test_env_odd_entries);
  tcase_add_test(tc, test_env_policy_patterns);
  tcase_add_test(tc, test_env_exec);
  tcase_add_test(tc, test_env_errors);
  tcase_add_test(tc, test_env_idempotent);
  suite_add_tcase(s, tc);
  tc = tcase_create("hooks");
  tcase_add_test(tc, test_hooks_default_allows_all);
  tcase_add_test(tc, test_hooks_listed_pass);
  tcase_add_test(tc, test_hooks_unlisted_refused);
  tcase_add_test(tc, test_hooks_empty_list);
  tcase_add_test(tc, test_hooks_actions);
  tcase_add_test(tc, test_hooks_errors);
  tcase_add_test(tc, test_hooks_idempotent);
  suite_add_tcase(s, tc);
  tc = tcase_create("annotations");
  tcase_add_test(tc, test_ann_removed);
  tcase_add_test(tc, test_ann_untouched);
  tcase_add_test(tc, test_ann_policy_allow);
  tcase_add_test(tc, test_ann_actions);
  tcase_add_test(tc, test_ann_errors);
  tcase_add_test(tc, test_ann_idempotent);
  tcase_add_test(tc, test_misc_in_harden_config);
  suite_add_tcase(s, tc);
  return s;
}
