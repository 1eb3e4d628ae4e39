/* SPDX-License-Identifier: Apache-2.0 */
/* The policy file (src/policy_file.c): the built-in policy is exactly the
 * shipped profiles/policy.json, every field is applied, and every mistake
 * is an error that names the field. */
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clamp/embedded.h"
#include "clamp/policy.h"
#include "testutil.h"

static void assert_same_policy(const struct clamp_policy *a, const struct clamp_policy *b)
{
  for (size_t i = 0; i < CLAMP_RULE__COUNT; i++)
    ck_assert_msg(a->actions[i] == b->actions[i], "rule %s", clamp_rule_info(i)->id);
  ck_assert_uint_eq(a->uid, b->uid);
  ck_assert_uint_eq(a->gid, b->gid);
  ck_assert_uint_eq(a->n_cap_allowlist, b->n_cap_allowlist);
  for (size_t i = 0; i < a->n_cap_allowlist; i++)
    ck_assert_str_eq(a->cap_allowlist[i], b->cap_allowlist[i]);
  ck_assert_uint_eq(a->n_tmpfs, b->n_tmpfs);
  for (size_t i = 0; i < a->n_tmpfs; i++)
    {
      ck_assert_str_eq(a->tmpfs[i].path, b->tmpfs[i].path);
      size_t k = 0;
      for (; a->tmpfs[i].options[k] && b->tmpfs[i].options[k]; k++)
        ck_assert_str_eq(a->tmpfs[i].options[k], b->tmpfs[i].options[k]);
      ck_assert_ptr_eq(a->tmpfs[i].options[k], b->tmpfs[i].options[k]);
    }
  ck_assert_mem_eq(a->seccomp_profile_sha256, b->seccomp_profile_sha256, 32);
  ck_assert_int_eq(a->mode, b->mode);
  ck_assert_ptr_eq(a->runtime_path, b->runtime_path);
  ck_assert_str_eq(a->audit_log, b->audit_log);
  ck_assert_int_eq(a->audit_required, b->audit_required);
  ck_assert_uint_eq(a->n_runtime_args, b->n_runtime_args);
  ck_assert_pstr_eq(a->apparmor_profile, b->apparmor_profile);
  ck_assert_pstr_eq(a->selinux_label, b->selinux_label);
  ck_assert_uint_eq(a->n_sysctl_allow, b->n_sysctl_allow);
  ck_assert_uint_eq(a->n_env_secret_patterns, b->n_env_secret_patterns);
  for (size_t i = 0; i < a->n_env_secret_patterns; i++)
    ck_assert_str_eq(a->env_secret_patterns[i], b->env_secret_patterns[i]);
  ck_assert_int_eq(a->hooks_restricted, b->hooks_restricted);
  ck_assert_uint_eq(a->n_hook_allow, b->n_hook_allow);
  ck_assert_uint_eq(a->n_annotation_allow, b->n_annotation_allow);
  ck_assert_uint_eq(a->n_exemptions, b->n_exemptions);
  ck_assert_int_eq(a->allow_root, b->allow_root);
}

/* The built-in policy and the shipped file are the same policy, and the
 * file names every rule, so an operator sees all of them. */
START_TEST(test_builtin_is_the_shipped_file)
{
  struct clamp_policy builtin, shipped;
  clamp_policy_default(&builtin);
  struct clamp_error *err = NULL;
  ck_assert_msg(clamp_policy_parse(&shipped, clamp_embedded_default_policy,
                                   clamp_embedded_default_policy_len, "policy.json", &err)
                    == 0,
                "%s", err ? err->msg : "");
  assert_same_policy(&builtin, &shipped);
  ck_assert_mem_eq(builtin.digest, shipped.digest, 32);
  ck_assert_str_eq(builtin.source, "(built-in)");
  ck_assert_str_eq(shipped.source, "policy.json");
  for (size_t i = 0; i < CLAMP_RULE__COUNT; i++)
    {
      _cleanup_free_ char *key = clamp_xasprintf("\"%s\":", clamp_rule_info(i)->id);
      ck_assert_msg(strstr(clamp_embedded_default_policy, key) != NULL,
                    "profiles/policy.json does not list %s", key);
    }
  clamp_policy_free(&shipped);
}
END_TEST

static void parse_ok(const char *text, struct clamp_policy *p)
{
  struct clamp_error *err = NULL;
  ck_assert_msg(clamp_policy_parse(p, text, strlen(text), "test", &err) == 0, "%s: %s", text,
                err ? err->msg : "");
}

START_TEST(test_values_applied)
{
  struct clamp_policy p;
  parse_ok("{\"version\":1,\"user\":{\"uid\":1234,\"gid\":5678},"
           "\"capabilities\":{\"allow\":[\"CAP_CHOWN\",\"CAP_KILL\"]},"
           "\"tmpfs\":[{\"path\":\"/scratch\",\"size\":\"16m\",\"mode\":\"0700\","
           "\"options\":[\"noatime\"]}],"
           "\"runtime\":{\"path\":\"/usr/bin/crun\",\"args\":[\"--cgroup-manager=disabled\"]},"
           "\"rules\":{\"seccomp.default\":\"warn\",\"runtime.restore\":\"off\"}}",
           &p);
  ck_assert_uint_eq(p.uid, 1234);
  ck_assert_uint_eq(p.gid, 5678);
  ck_assert_uint_eq(p.n_cap_allowlist, 2);
  ck_assert(clamp_policy_cap_allowed(&p, "CAP_KILL"));
  ck_assert(!clamp_policy_cap_allowed(&p, "CAP_NET_BIND_SERVICE"));
  ck_assert_uint_eq(p.n_tmpfs, 1);
  ck_assert_str_eq(p.tmpfs[0].path, "/scratch");
  static const char *const want[] = { "nosuid",    "nodev",    "noexec", "noatime",
                                      "mode=0700", "size=16m", NULL };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(want); i++)
    if (want[i] == NULL)
      ck_assert_ptr_null(p.tmpfs[0].options[i]);
    else
      ck_assert_str_eq(p.tmpfs[0].options[i], want[i]);
  ck_assert_str_eq(p.runtime_path, "/usr/bin/crun");
  ck_assert_uint_eq(p.n_runtime_args, 1);
  ck_assert_str_eq(p.runtime_args[0], "--cgroup-manager=disabled");
  ck_assert_int_eq(p.actions[CLAMP_RULE_SECCOMP_DEFAULT], CLAMP_ACTION_WARN);
  ck_assert_int_eq(p.actions[CLAMP_RULE_RESTORE], CLAMP_ACTION_OFF);
  ck_assert_int_eq(p.actions[CLAMP_RULE_USER_NONROOT], CLAMP_ACTION_ENFORCE);
  ck_assert_int_eq(p.mode, CLAMP_MODE_ENFORCE);
  clamp_policy_free(&p);

  /* sysctls, env, hooks, annotations. */
  parse_ok("{\"version\":1,\"sysctls\":{\"allow\":[\"kernel.msgmax\",\"fs/mqueue/msg_max\"]},"
           "\"env\":{\"secret_patterns\":[\"pin\"]},"
           "\"hooks\":{\"allow\":[\"/usr/bin/dockerd\"]},"
           "\"annotations\":{\"allow\":[\"run.oci.hooks.stdout\"]}}",
           &p);
  ck_assert_uint_eq(p.n_sysctl_allow, 2);
  ck_assert_str_eq(p.sysctl_allow[1], "fs/mqueue/msg_max");
  ck_assert_uint_eq(p.n_env_secret_patterns, 1);
  ck_assert_str_eq(p.env_secret_patterns[0], "pin");
  ck_assert(p.hooks_restricted);
  ck_assert_uint_eq(p.n_hook_allow, 1);
  ck_assert_str_eq(p.hook_allow[0], "/usr/bin/dockerd");
  ck_assert_uint_eq(p.n_annotation_allow, 1);
  ck_assert_str_eq(p.annotation_allow[0], "run.oci.hooks.stdout");
  ck_assert_int_eq(p.actions[CLAMP_RULE_ENV_SECRETS], CLAMP_ACTION_WARN);
  clamp_policy_free(&p);
  /* hooks.allow: null allows every hook, [] none. */
  parse_ok("{\"version\":1,\"hooks\":{\"allow\":null}}", &p);
  ck_assert(!p.hooks_restricted);
  clamp_policy_free(&p);
  parse_ok("{\"version\":1,\"hooks\":{\"allow\":[]},\"env\":{\"secret_patterns\":[]},"
           "\"rules\":{\"env.secrets\":\"deny\"}}",
           &p);
  ck_assert(p.hooks_restricted);
  ck_assert_uint_eq(p.n_hook_allow, 0);
  ck_assert_uint_eq(p.n_env_secret_patterns, 0);
  ck_assert_int_eq(p.actions[CLAMP_RULE_ENV_SECRETS], CLAMP_ACTION_DENY);
  clamp_policy_free(&p);

  /* mode warn: every rule that is on warns; off stays off. */
  parse_ok("{\"version\":1,\"mode\":\"warn\",\"rules\":{\"exec.lsm\":\"off\","
           "\"caps.allowlist\":\"deny\"}}",
           &p);
  ck_assert_int_eq(p.mode, CLAMP_MODE_WARN);
  for (size_t i = 0; i < CLAMP_RULE__COUNT; i++)
    ck_assert_int_eq(p.actions[i], i == CLAMP_RULE_EXEC_LSM ? CLAMP_ACTION_OFF : CLAMP_ACTION_WARN);
  /* What the file leaves out keeps the built-in value. */
  ck_assert_uint_eq(p.uid, 65534);
  ck_assert_uint_eq(p.n_tmpfs, 2);
  ck_assert_str_eq(p.apparmor_profile, "docker-default");
  ck_assert_ptr_null(p.selinux_label);
  clamp_policy_free(&p);

  /* lsm: null turns a knob off; strings are taken as written. */
  parse_ok("{\"version\":1,\"lsm\":{\"apparmor_profile\":null,"
           "\"selinux_label\":\"system_u:system_r:container_t:s0\"}}",
           &p);
  ck_assert_ptr_null(p.apparmor_profile);
  ck_assert_str_eq(p.selinux_label, "system_u:system_r:container_t:s0");
  clamp_policy_free(&p);
  parse_ok("{\"version\":1,\"lsm\":{\"apparmor_profile\":\"docker-default\"}}", &p);
  ck_assert_str_eq(p.apparmor_profile, "docker-default");
  ck_assert_ptr_null(p.selinux_label);
  clamp_policy_free(&p);
  parse_ok("{\"version\":1,\"lsm\":{}}", &p);
  ck_assert_str_eq(p.apparmor_profile, "docker-default");
  clamp_policy_free(&p);
  /* ns.cgroup warns by default; the file can make it enforce. */
  parse_ok("{\"version\":1,\"rules\":{\"ns.cgroup\":\"enforce\"}}", &p);
  ck_assert_int_eq(p.actions[CLAMP_RULE_NS_CGROUP], CLAMP_ACTION_ENFORCE);
  clamp_policy_free(&p);
  clamp_policy_default(&p);
  ck_assert_int_eq(p.actions[CLAMP_RULE_NS_CGROUP], CLAMP_ACTION_WARN);
  ck_assert_int_eq(p.actions[CLAMP_RULE_NS_HOST_PID], CLAMP_ACTION_ENFORCE);
  ck_assert_int_eq(p.actions[CLAMP_RULE_LSM_CONFINED], CLAMP_ACTION_ENFORCE);
  /* resources: pids_max defaults to pids_limit; null means no default. */
  parse_ok("{\"version\":1,\"resources\":{\"pids_limit\":100,\"memory_limit\":1048576,"
           "\"cpu_shares\":512,\"cpu_quota\":50000,\"cpu_period\":100000,\"core_limit\":4096}}",
           &p);
  ck_assert_int_eq(p.pids_limit, 100);
  ck_assert_int_eq(p.pids_max, 100);
  ck_assert_int_eq(p.memory_limit, 1048576);
  ck_assert_uint_eq(p.cpu_shares, 512);
  ck_assert_int_eq(p.cpu_quota, 50000);
  ck_assert_uint_eq(p.cpu_period, 100000);
  ck_assert_uint_eq(p.core_limit, 4096);
  clamp_policy_free(&p);
  parse_ok("{\"version\":1,\"resources\":{\"pids_max\":8192,\"memory_limit\":null}}", &p);
  ck_assert_int_eq(p.pids_limit, 4096);
  ck_assert_int_eq(p.pids_max, 8192);
  ck_assert_int_eq(p.memory_limit, 0);
  ck_assert_uint_eq(p.core_limit, 0);
  clamp_policy_free(&p);
}
END_TEST

START_TEST(test_errors_name_the_field)
{
  static const struct
  {
    const char *text, *msg;
  } c[] = {
    { "", "policy test: line 1 column 1" },
    { "{\"version\":1,\"resources\":[]}", "policy test: resources: expected" },
    { "{\"version\":1,\"resources\":{\"pids\":1}}",
      "policy test: resources.\"pids\": unknown field" },
    { "{\"version\":1,\"resources\":{\"pids_limit\":0}}",
      "policy test: resources.pids_limit: must be from 1 to 9223372036854775807" },
    { "{\"version\":1,\"resources\":{\"pids_limit\":-1}}",
      "policy test: resources.pids_limit: must be from 1" },
    { "{\"version\":1,\"resources\":{\"pids_limit\":\"4096\"}}",
      "policy test: resources.pids_limit: expected" },
    { "{\"version\":1,\"resources\":{\"pids_limit\":1.5}}", "policy test: resources.pids_limit: " },
    { "{\"version\":1,\"resources\":{\"pids_max\":100}}",
      "policy test: resources.pids_max: 100 is below resources.pids_limit (4096)" },
    { "{\"version\":1,\"resources\":{\"pids_max\":0}}",
      "policy test: resources.pids_max: must be from 1" },
    { "{\"version\":1,\"resources\":{\"memory_limit\":1000}}",
      "policy test: resources.memory_limit: must be from 1048576" },
    { "{\"version\":1,\"resources\":{\"cpu_shares\":1}}",
      "policy test: resources.cpu_shares: must be from 2 to 262144" },
    { "{\"version\":1,\"resources\":{\"cpu_quota\":999}}",
      "policy test: resources.cpu_quota: must be from 1000" },
    { "{\"version\":1,\"resources\":{\"cpu_period\":1000001}}",
      "policy test: resources.cpu_period: must be from 1000 to 1000000" },
    { "{\"version\":1,\"resources\":{\"core_limit\":null}}",
      "policy test: resources.core_limit: must be a number of bytes" },
    { "{\"version\":1,\"resources\":{\"core_limit\":-1}}",
      "policy test: resources.core_limit: must be from 0" },
    { "[]", "policy test: (policy): expected an object, got an array" },
    { "{}", "policy test: version: missing (this clamp reads version 1)" },
    { "{\"version\":2}", "policy test: version: this clamp reads version 1" },
    { "{\"version\":1,\"version\":1}", "policy test: duplicate key \"version\"" },
    { "{\"version\":1,\"auditing\":{}}", "policy test: \"auditing\": unknown field" },
    { "{\"version\":1,\"audit\":{\"log\":\"audit.log\"}}",
      "policy test: audit.log: \"audit.log\" is not an absolute, clean path" },
    { "{\"version\":1,\"audit\":{\"log\":null,\"required\":true}}",
      "policy test: audit.required: true, but audit.log is null" },
    { "{\"version\":1,\"mode\":\"permissive\"}",
      "policy test: mode: must be \"enforce\" or \"warn\"" },
    { "{\"version\":1,\"user\":{\"uid\":0}}",
      "policy test: user.uid: must be from 1 to 4294967294" },
    { "{\"version\":1,\"user\":{\"gid\":\"1\"}}", "policy test: user.gid: expected" },
    { "{\"version\":1,\"user\":{\"name\":\"x\"}}", "policy test: user.\"name\": unknown field" },
    { "{\"version\":1,\"capabilities\":{\"allow\":[\"cap_kill\"]}}",
      "policy test: capabilities.allow[0]: \"cap_kill\" is not a capability" },
    { "{\"version\":1,\"capabilities\":{\"allow\":[\"CAP_KILL\",\"CAP_KILL\"]}}",
      "policy test: capabilities.allow[1]: \"CAP_KILL\" is listed twice" },
    { "{\"version\":1,\"tmpfs\":[{\"path\":\"tmp\",\"size\":\"1m\",\"mode\":\"1777\"}]}",
      "policy test: tmpfs[0].path: \"tmp\" is not an absolute, clean path" },
    { "{\"version\":1,\"tmpfs\":[{\"path\":\"/\",\"size\":\"1m\",\"mode\":\"1777\"}]}",
      "policy test: tmpfs[0].path: must not be /" },
    { "{\"version\":1,\"tmpfs\":[{\"path\":\"/t\",\"mode\":\"1777\"}]}",
      "policy test: tmpfs[0].size: missing" },
    { "{\"version\":1,\"tmpfs\":[{\"path\":\"/t\",\"size\":\"1x\",\"mode\":\"1777\"}]}",
      "policy test: tmpfs[0].size: must be a number" },
    { "{\"version\":1,\"tmpfs\":[{\"path\":\"/t\",\"size\":\"1m\",\"mode\":\"4777\"}]}",
      "policy test: tmpfs[0].mode: must be octal permissions" },
    { "{\"version\":1,\"tmpfs\":[{\"path\":\"/t\",\"size\":\"1m\",\"mode\":\"1777\","
      "\"options\":[\"exec\"]}]}",
      "policy test: tmpfs[0].options[0]: \"exec\" is not allowed" },
    { "{\"version\":1,\"tmpfs\":[{\"path\":\"/t\",\"size\":\"1m\",\"mode\":\"1777\"},"
      "{\"path\":\"/t\",\"size\":\"1m\",\"mode\":\"1777\"}]}",
      "policy test: tmpfs[1].path: /t is listed twice" },
    { "{\"version\":1,\"rules\":{\"user.root\":\"off\"}}",
      "policy test: rules.\"user.root\": unknown rule" },
    { "{\"version\":1,\"rules\":{\"user.nonroot\":\"disable\"}}",
      "policy test: rules.\"user.nonroot\": expected \"enforce\", \"deny\", \"warn\" or \"off\"" },
    { "{\"version\":1,\"runtime\":{\"path\":\"runc\"}}",
      "policy test: runtime.path: \"runc\" is not an absolute, clean path" },
    { "{\"version\":1,\"runtime\":{\"args\":[\"state\"]}}",
      "policy test: runtime.args[0]: \"state\" is not a --flag of the runtime" },
    { "{\"version\":1,\"lsm\":[]}", "policy test: lsm: expected an object" },
    { "{\"version\":1,\"lsm\":{\"apparmor\":\"x\"}}",
      "policy test: lsm.\"apparmor\": unknown field" },
    { "{\"version\":1,\"lsm\":{\"apparmor_profile\":1}}",
      "policy test: lsm.apparmor_profile: expected a string" },
    { "{\"version\":1,\"lsm\":{\"apparmor_profile\":\"\"}}",
      "policy test: lsm.apparmor_profile: \"\" is not an AppArmor profile name that confines" },
    { "{\"version\":1,\"lsm\":{\"apparmor_profile\":\"unconfined\"}}",
      "policy test: lsm.apparmor_profile: \"unconfined\" is not an AppArmor profile" },
    { "{\"version\":1,\"lsm\":{\"apparmor_profile\":\"my profile\"}}",
      "policy test: lsm.apparmor_profile: \"my profile\" is not an AppArmor profile" },
    { "{\"version\":1,\"lsm\":{\"apparmor_profile\":\"p\\n\"}}",
      "policy test: lsm.apparmor_profile: \"p\\n\" is not an AppArmor profile" },
    { "{\"version\":1,\"lsm\":{\"selinux_label\":\"container_t\"}}",
      "policy test: lsm.selinux_label: \"container_t\" is not an SELinux label "
      "user:role:type[:level]" },
    { "{\"version\":1,\"lsm\":{\"selinux_label\":\"u:r:\"}}",
      "policy test: lsm.selinux_label: \"u:r:\" is not an SELinux label" },
    { "{\"version\":1,\"lsm\":{\"selinux_label\":\"u::t:s0\"}}",
      "policy test: lsm.selinux_label: \"u::t:s0\" is not an SELinux label" },
    { "{\"version\":1,\"lsm\":{\"selinux_label\":\"system_u:system_r:spc_t:s0\"}}",
      "policy test: lsm.selinux_label: \"system_u:system_r:spc_t:s0\" is not an SELinux label" },
    { "{\"version\":1,\"lsm\":{\"selinux_label\":false}}",
      "policy test: lsm.selinux_label: expected a string" },
    { "{\"version\":1,\"seccomp\":{\"profile\":\"default.json\"}}",
      "policy test: seccomp.profile: \"default.json\" is not an absolute, clean path" },
    { "{\"version\":1,\"seccomp\":{\"profile\":\"/nonexistent/profile.json\"}}",
      "policy test: seccomp.profile \"/nonexistent/profile.json\": No such file" },
    { "{\"version\":1,\"sysctls\":[]}", "policy test: sysctls: expected an object" },
    { "{\"version\":1,\"sysctls\":{\"deny\":[]}}", "policy test: sysctls.\"deny\": unknown field" },
    { "{\"version\":1,\"sysctls\":{\"allow\":\"kernel.msgmax\"}}",
      "policy test: sysctls.allow: expected an array" },
    { "{\"version\":1,\"sysctls\":{\"allow\":[1]}}",
      "policy test: sysctls.allow[0]: expected a string" },
    { "{\"version\":1,\"sysctls\":{\"allow\":[\"./\"]}}",
      "policy test: sysctls.allow[0]: \"./\" is not a sysctl name" },
    { "{\"version\":1,\"sysctls\":{\"allow\":[\"kernel..msgmax\"]}}",
      "policy test: sysctls.allow[0]: \"kernel..msgmax\" is not a sysctl name (an empty "
      "component)" },
    { "{\"version\":1,\"sysctls\":{\"allow\":[\"/kernel/msgmax\"]}}",
      "policy test: sysctls.allow[0]: \"/kernel/msgmax\" is not a sysctl name (an empty" },
    { "{\"version\":1,\"sysctls\":{\"allow\":[\"kernel.msg*\"]}}",
      "policy test: sysctls.allow[0]: \"kernel.msg*\" is not a sysctl name (letters" },
    { "{\"version\":1,\"sysctls\":{\"allow\":[\"kernel.msgmax\",\"kernel/msgmax\"]}}",
      "policy test: sysctls.allow[1]: \"kernel/msgmax\" is listed twice" },
    { "{\"version\":1,\"env\":{\"patterns\":[]}}", "policy test: env.\"patterns\": unknown field" },
    { "{\"version\":1,\"env\":{\"secret_patterns\":null,\"x\":1}}",
      "policy test: env.\"x\": unknown field" },
    { "{\"version\":1,\"env\":{\"secret_patterns\":[\"\"]}}",
      "policy test: env.secret_patterns[0]: \"\" is empty (it would match every variable)" },
    { "{\"version\":1,\"env\":{\"secret_patterns\":[\"A=B\"]}}",
      "policy test: env.secret_patterns[0]: \"A=B\" cannot be part of a variable name" },
    { "{\"version\":1,\"env\":{\"secret_patterns\":[\"MY KEY\"]}}",
      "policy test: env.secret_patterns[0]: \"MY KEY\" cannot be part" },
    { "{\"version\":1,\"env\":{\"secret_patterns\":[\"TOKEN\",\"token\"]}}",
      "policy test: env.secret_patterns[1]: \"token\" is listed twice" },
    { "{\"version\":1,\"hooks\":{\"allow\":[\"dockerd\"]}}",
      "policy test: hooks.allow[0]: \"dockerd\" is not an absolute, clean path" },
    { "{\"version\":1,\"hooks\":{\"allow\":[\"/usr/bin/../bin/x\"]}}",
      "policy test: hooks.allow[0]: \"/usr/bin/../bin/x\" is not an absolute, clean path" },
    { "{\"version\":1,\"hooks\":{\"allow\":[\"/x\",\"/x\"]}}",
      "policy test: hooks.allow[1]: \"/x\" is listed twice" },
    { "{\"version\":1,\"hooks\":{\"allow\":true}}", "policy test: hooks.allow: expected an array" },
    { "{\"version\":1,\"hooks\":{\"prestart\":[]}}",
      "policy test: hooks.\"prestart\": unknown field" },
    { "{\"version\":1,\"annotations\":{\"allow\":[\"run.oci.handler\"]}}",
      "policy test: annotations.allow[0]: \"run.oci.handler\" is not an annotation "
      "annotations.crun "
      "removes" },
    { "{\"version\":1,\"annotations\":{\"allow\":[\"run.oci.hooks.stdout\",\"run.oci.hooks."
      "stdout\"]}}",
      "policy test: annotations.allow[1]: \"run.oci.hooks.stdout\" is listed twice" },
    { "{\"version\":1,\"annotations\":{\"allow\":[null]}}",
      "policy test: annotations.allow[0]: expected a string" },
    { "{\"version\":1,\"annotations\":{\"remove\":[]}}",
      "policy test: annotations.\"remove\": unknown field" },
    { "{\"version\":1,\"rules\":{\"env.secrets\":\"rewrite\"}}",
      "policy test: rules.\"env.secrets\": expected" },
    /* exemptions */
    { "{\"version\":1,\"exemptions\":{}}", "policy test: exemptions: expected an array" },
    { "{\"version\":1,\"exemptions\":[1]}",
      "policy test: exemptions[0]: expected an object, got a number" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"when\":{}}]}",
      "policy test: exemptions[0].\"when\": unknown field" },
    { "{\"version\":1,\"exemptions\":[{\"match\":{\"k\":\"v\"}}]}",
      "policy test: exemptions[0].name: missing" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"\",\"match\":{\"k\":\"v\"}}]}",
      "policy test: exemptions[0].name: must not be empty" },
    { "{\"version\":1,\"exemptions\":[{\"name\":1}]}",
      "policy test: exemptions[0].name: expected a string" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\"}]}",
      "policy test: exemptions[0].match: missing" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{}}]}",
      "policy test: exemptions[0].match: names no annotation" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":[\"k\"]}]}",
      "policy test: exemptions[0].match: expected an object" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{\"k\":[\"a\",\"b\"]}}]}",
      "policy test: exemptions[0].match.\"k\": expected a string (the exact value), got an array" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{\"k\":null}}]}",
      "policy test: exemptions[0].match.\"k\": expected a string (the exact value), got null" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{\"k\":\"\"}}]}",
      "policy test: exemptions[0].match.\"k\": the value must not be empty" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{\"\":\"v\"}}]}",
      "policy test: exemptions[0].match.\"\": an annotation key must not be empty" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{\"k\":\"v\"}}]}",
      "policy test: exemptions[0]: relaxes nothing (give rules, capabilities.allow or "
      "user.allow_root)" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{\"k\":\"v\"},"
      "\"rules\":{},\"capabilities\":{\"allow\":[]},\"user\":{\"allow_root\":false}}]}",
      "policy test: exemptions[0]: relaxes nothing" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{\"k\":\"v\"},"
      "\"rules\":{\"caps.all\":\"off\"}}]}",
      "policy test: exemptions[0].rules.\"caps.all\": unknown rule" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{\"k\":\"v\"},"
      "\"rules\":{\"caps.allowlist\":\"relax\"}}]}",
      "policy test: exemptions[0].rules.\"caps.allowlist\": expected \"enforce\", \"deny\", "
      "\"warn\" or \"off\", got a string" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{\"k\":\"v\"},"
      "\"rules\":{\"caps.allowlist\":\"deny\"}}]}",
      "policy test: exemptions[0].rules.\"caps.allowlist\": \"deny\" is stricter than the "
      "policy's \"enforce\" (an exemption only relaxes)" },
    { "{\"version\":1,\"rules\":{\"seccomp.default\":\"warn\"},\"exemptions\":[{\"name\":\"e\","
      "\"match\":{\"k\":\"v\"},\"rules\":{\"seccomp.default\":\"enforce\"}}]}",
      "policy test: exemptions[0].rules.\"seccomp.default\": \"enforce\" is stricter than the "
      "policy's \"warn\"" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{\"k\":\"v\"},"
      "\"rules\":{\"runtime.restore\":\"off\"}}]}",
      "policy test: exemptions[0].rules.\"runtime.restore\": cannot be exempted: it is decided "
      "from runc's command line" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{\"k\":\"v\"},"
      "\"rules\":{\"runtime.flags\":\"off\"}}]}",
      "policy test: exemptions[0].rules.\"runtime.flags\": cannot be exempted" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{\"k\":\"v\"},"
      "\"rules\":{\"exec.lsm\":\"off\"}}]}",
      "policy test: exemptions[0].rules.\"exec.lsm\": cannot be exempted: only runc exec uses it" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{\"k\":\"v\"},"
      "\"capabilities\":{\"allow\":[\"SYS_PTRACE\"]}}]}",
      "policy test: exemptions[0].capabilities.allow[0]: \"SYS_PTRACE\" is not a capability" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{\"k\":\"v\"},"
      "\"capabilities\":{\"allow\":[\"CAP_KILL\",\"CAP_KILL\"]}}]}",
      "policy test: exemptions[0].capabilities.allow[1]: \"CAP_KILL\" is listed twice" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{\"k\":\"v\"},"
      "\"capabilities\":{\"add\":[\"CAP_KILL\"]}}]}",
      "policy test: exemptions[0].capabilities.\"add\": unknown field" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{\"k\":\"v\"},"
      "\"user\":{\"allow_root\":\"yes\"}}]}",
      "policy test: exemptions[0].user.allow_root: expected true or false" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{\"k\":\"v\"},"
      "\"user\":{\"uid\":0}}]}",
      "policy test: exemptions[0].user.\"uid\": unknown field" },
    { "{\"version\":1,\"exemptions\":[{\"name\":\"e\",\"match\":{\"k\":\"v\"},"
      "\"user\":{\"allow_root\":true}},{\"name\":\"e\",\"match\":{\"k\":\"w\"},"
      "\"user\":{\"allow_root\":true}}]}",
      "policy test: exemptions[1].name: \"e\" is also the name of exemptions[0]" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      struct clamp_policy p;
      _cleanup_error_ struct clamp_error *err = NULL;
      ck_assert_msg(clamp_policy_parse(&p, c[i].text, strlen(c[i].text), "test", &err) < 0,
                    "accepted %s", c[i].text);
      clamp_test_assert_prefix(err->msg, c[i].msg);
      /* A failed parse leaves the built-in policy. */
      ck_assert_ptr_null(p.owned);
      ck_assert_uint_eq(p.uid, 65534);
    }
}
END_TEST

static char *write_policy(const char *dir, const char *name, const char *text, mode_t mode)
{
  char *path = clamp_xasprintf("%s/%s", dir, name);
  FILE *f = fopen(path, "w");
  ck_assert_ptr_nonnull(f);
  fputs(text, f);
  fclose(f);
  ck_assert_int_eq(chmod(path, mode), 0);
  return path;
}

/* Loading: a missing default file is the built-in policy, a missing named
 * one an error; only a file nobody else can write is trusted; a seccomp
 * profile is read with it. */
START_TEST(test_load)
{
  _cleanup_tmpdir_ char *tmp = clamp_test_tmpdir("policy", 0755);
  struct clamp_policy p;
  _cleanup_free_ char *missing = clamp_xasprintf("%s/missing.json", tmp);
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_policy_load(&p, missing, false, &err), 0);
  ck_assert_str_eq(p.source, "(built-in)");
  _cleanup_error_ struct clamp_error *e1 = NULL;
  ck_assert_int_lt(clamp_policy_load(&p, missing, true, &e1), 0);
  clamp_test_assert_prefix(e1->msg, "policy \"");

  _cleanup_free_ char *open_ = write_policy(tmp, "open.json", "{\"version\":1}", 0666);
  _cleanup_error_ struct clamp_error *e2 = NULL;
  ck_assert_int_lt(clamp_policy_load(&p, open_, false, &e2), 0);
  ck_assert_ptr_nonnull(strstr(e2->msg, "writable by group or others"));

  _cleanup_free_ char *profile = write_policy(
      tmp, "profile.json", "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[]}", 0644);
  _cleanup_free_ char *text =
      clamp_xasprintf("{\"version\":1,\"seccomp\":{\"profile\":\"%s\"}}", profile);
  _cleanup_free_ char *good = write_policy(tmp, "good.json", text, 0644);
  ck_assert_msg(clamp_policy_load(&p, good, true, &err) == 0, "%s", err ? err->msg : "");
  ck_assert_str_eq(p.source, good);
  ck_assert_str_eq(p.seccomp_profile, "{\"defaultAction\":\"SCMP_ACT_ERRNO\",\"syscalls\":[]}");
  struct clamp_policy builtin;
  clamp_policy_default(&builtin);
  ck_assert(memcmp(p.seccomp_profile_sha256, builtin.seccomp_profile_sha256, 32) != 0);
  ck_assert(memcmp(p.digest, builtin.digest, 32) != 0);
  clamp_policy_free(&p);

  if (geteuid() == 0)
    {
      ck_assert_int_eq(chown(good, 65534, 65534), 0);
      _cleanup_error_ struct clamp_error *e3 = NULL;
      ck_assert_int_lt(clamp_policy_load(&p, good, true, &e3), 0);
      ck_assert_ptr_nonnull(strstr(e3->msg, "owned by uid 65534"));
    }
  _cleanup_free_ char *bad_profile = write_policy(tmp, "bad.json", "{\"defaultAction\":", 0644);
  _cleanup_free_ char *text2 =
      clamp_xasprintf("{\"version\":1,\"seccomp\":{\"profile\":\"%s\"}}", bad_profile);
  _cleanup_free_ char *p2 = write_policy(tmp, "p2.json", text2, 0644);
  _cleanup_error_ struct clamp_error *e4 = NULL;
  ck_assert_int_lt(clamp_policy_load(&p, p2, true, &e4), 0);
  ck_assert_ptr_nonnull(strstr(e4->msg, "seccomp.profile"));
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("policy");
  TCase *tc = tcase_create("core");
  tcase_add_test(tc, test_builtin_is_the_shipped_file);
  tcase_add_test(tc, test_values_applied);
  tcase_add_test(tc, test_errors_name_the_field);
  tcase_add_test(tc, test_load);
  suite_add_tcase(s, tc);
  return s;
}
