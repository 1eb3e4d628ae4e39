/* SPDX-License-Identifier: Apache-2.0 */
#include "clamp/policy.h"

#include <string.h>

#include "clamp/embedded.h"
#include "clamp/sha256.h"
#include "clamp/util.h"

static const struct clamp_rule_info rule_infos[CLAMP_RULE__COUNT] = {
  [CLAMP_RULE_USER_NONROOT] = { "user.nonroot",
                                "CIS 4.1; Pod Security restricted: runAsNonRoot, runAsUser" },
  [CLAMP_RULE_CAPS_ALLOWLIST] = { "caps.allowlist",
                                  "CIS 5.4; Pod Security restricted: capabilities" },
  [CLAMP_RULE_ROOTFS_READONLY] = { "rootfs.readonly", "CIS 5.13; NIST SP 800-190 4.4.4" },
  [CLAMP_RULE_NO_NEW_PRIVS] = { "process.no-new-privileges",
                                "CIS 5.26; Pod Security restricted: allowPrivilegeEscalation" },
  [CLAMP_RULE_SECCOMP_DEFAULT] = { "seccomp.default",
                                   "CIS 5.22; Pod Security restricted: seccompProfile" },
  [CLAMP_RULE_PROC_FD] = { "escape.proc-fd", "CVE-2024-21626" },
  [CLAMP_RULE_OOM_SCORE_ADJ] = { "process.oom-score-adj",
                                 "NIST SP 800-190 4.4.1: host resource protection" },
  [CLAMP_RULE_EXEC_LSM] = { "exec.lsm", "CIS 5.2, 5.3, 5.23" },
  [CLAMP_RULE_RUNTIME_FLAGS] = { "runtime.flags", "NIST SP 800-190 4.4.3: --no-pivot, "
                                                  "--no-new-keyring weaken isolation" },
  [CLAMP_RULE_RESTORE] = { "runtime.restore",
                           "CRIU restores credentials and seccomp from its image" },
  [CLAMP_RULE_NS_HOST_PID] = { "ns.host-pid", "CIS 5.16; Pod Security baseline: hostPID" },
  [CLAMP_RULE_NS_HOST_IPC] = { "ns.host-ipc", "CIS 5.17; Pod Security baseline: hostIPC" },
  [CLAMP_RULE_NS_HOST_UTS] = { "ns.host-uts", "CIS 5.21" },
  [CLAMP_RULE_NS_HOST_MOUNT] = { "ns.host-mount",
                                 "CIS 5.6; NIST SP 800-190 4.4.3: host mount namespace" },
  [CLAMP_RULE_NS_HOST_NETWORK] = { "ns.host-network",
                                   "CIS 5.10; Pod Security baseline: hostNetwork" },
  [CLAMP_RULE_NS_HOST_USER] = { "ns.host-user", "CIS 5.31: host user namespace" },
  [CLAMP_RULE_NS_CGROUP] = { "ns.cgroup", "CIS 5.25; NIST SP 800-190 4.4.3: cgroup namespace" },
  [CLAMP_RULE_LSM_CONFINED] = { "lsm.confined", "CIS 5.2 (AppArmor), 5.3 (SELinux)" },
  [CLAMP_RULE_DEVICES_ALLOWLIST] = { "devices.allowlist", "CIS 5.5, 5.18" },
  [CLAMP_RULE_DEVICES_CGROUP] = { "devices.cgroup", "CIS 5.5, 5.18" },
  [CLAMP_RULE_SYSFS_READONLY] = { "sysfs.readonly", "CIS 5.5" },
  [CLAMP_RULE_PATHS_MASKED] = { "paths.masked", "CIS 5.5" },
  [CLAMP_RULE_MOUNTS_ENGINE_SOCKET] = { "mounts.engine-socket",
                                        "CIS 5.32: container engine sockets are not mounted" },
  [CLAMP_RULE_MOUNTS_HOST_SYSTEM] = { "mounts.host-system",
                                      "CIS 5.6: host system directories are not mounted rw" },
  [CLAMP_RULE_MOUNTS_PSEUDO_FS] = { "mounts.pseudo-fs",
                                    "CIS 5.5, 5.6; CVE-2022-0492: only tmpfs, proc, sysfs, cgroup, "
                                    "mqueue, "
                                    "devpts and binds; no extra proc or sysfs" },
  [CLAMP_RULE_MOUNTS_BIND_OPTIONS] = { "mounts.bind-options",
                                       "CIS 5.6; NIST SP 800-190 4.4.4: bind mounts nosuid,nodev" },
  [CLAMP_RULE_MOUNTS_PROPAGATION] = { "mounts.propagation",
                                      "CIS 5.20: mount propagation is not shared" },
  [CLAMP_RULE_RESOURCES_PIDS] = { "resources.pids", "CIS 5.29" },
  [CLAMP_RULE_RESOURCES_MEMORY] = { "resources.memory", "CIS 5.11" },
  [CLAMP_RULE_RESOURCES_CPU] = { "resources.cpu", "CIS 5.12" },
  [CLAMP_RULE_RLIMITS_CORE] = { "rlimits.core",
                                "CIS 5.19 (ulimits): core dumps leak memory and fill the disk" },
  [CLAMP_RULE_PERSONALITY] = { "process.personality",
                               "NIST SP 800-190 4.4.3: execution domains change the kernel's ABI" },
  [CLAMP_RULE_SYSCTLS_SAFE] = { "sysctls.safe", "Pod Security baseline: sysctls" },
  [CLAMP_RULE_ENV_SECRETS] = { "env.secrets",
                               "CIS 4.10, 5.x: secrets are not passed in environment variables" },
  [CLAMP_RULE_HOOKS_ALLOWLIST] = { "hooks.allowlist",
                                   "OCI hooks run as root on the host: only listed paths" },
  [CLAMP_RULE_ANNOTATIONS_CRUN] = { "annotations.crun",
                                    "crun run.oci.* annotations that bypass seccomp, hooks "
                                    "and groups" },
};

const struct clamp_rule_info *clamp_rule_info(enum clamp_rule_id rule) { return &rule_infos[rule]; }

/* What each rule looks at, for clampctl's report; 0 (a rule not listed
 * here) means config.json only. */
#define SCOPE_ALL (CLAMP_SCOPE_CONFIG | CLAMP_SCOPE_PROCESS | CLAMP_SCOPE_COMMAND)
static const unsigned rule_scopes[CLAMP_RULE__COUNT] = {
  [CLAMP_RULE_USER_NONROOT] = SCOPE_ALL,
  [CLAMP_RULE_CAPS_ALLOWLIST] = SCOPE_ALL,
  [CLAMP_RULE_NO_NEW_PRIVS] = SCOPE_ALL,
  [CLAMP_RULE_PROC_FD] = SCOPE_ALL,
  [CLAMP_RULE_OOM_SCORE_ADJ] = CLAMP_SCOPE_CONFIG | CLAMP_SCOPE_PROCESS,
  [CLAMP_RULE_EXEC_LSM] = CLAMP_SCOPE_PROCESS | CLAMP_SCOPE_COMMAND,
  [CLAMP_RULE_RUNTIME_FLAGS] = CLAMP_SCOPE_COMMAND,
  [CLAMP_RULE_RESTORE] = CLAMP_SCOPE_COMMAND,
};

bool clamp_rule_in_scope(enum clamp_rule_id rule, unsigned scope)
{
  unsigned s = rule_scopes[rule];
  return ((s != 0 ? s : (unsigned)CLAMP_SCOPE_CONFIG) & scope) != 0;
}

/* What env.secrets looks for in a variable's name, case-insensitively. */
static const char *const default_secret_patterns[] = {
  "PASSWORD", "PASSWD",      "SECRET",     "TOKEN",      "API_KEY",
  "APIKEY",   "PRIVATE_KEY", "ACCESS_KEY", "CREDENTIAL",
};

static const char *const default_caps[] = { "CAP_NET_BIND_SERVICE" };

static const char *const tmpfs_options[] = { "nosuid",    "nodev",    "noexec",
                                             "mode=1777", "size=64m", NULL };

static const struct clamp_tmpfs default_tmpfs[] = {
  { "/tmp", tmpfs_options },
  { "/run", tmpfs_options },
};

void clamp_policy_default(struct clamp_policy *p)
{
  memset(p, 0, sizeof *p);
  for (size_t i = 0; i < CLAMP_RULE__COUNT; i++)
    p->actions[i] = CLAMP_ACTION_ENFORCE;
  /* Docker on cgroup v1 gives no cgroup namespace: report, do not add. */
  p->actions[CLAMP_RULE_NS_CGROUP] = CLAMP_ACTION_WARN;
  p->uid = 65534;
  p->gid = 65534;
  p->cap_allowlist = default_caps;
  p->n_cap_allowlist = CLAMP_N_ELEMENTS(default_caps);
  p->tmpfs = default_tmpfs;
  p->n_tmpfs = CLAMP_N_ELEMENTS(default_tmpfs);
  p->seccomp_profile = clamp_embedded_default_profile;
  p->seccomp_profile_len = clamp_embedded_default_profile_len;
  /* Hashed at build time (tools/embed.py): nothing to do at run time. */
  memcpy(p->seccomp_profile_sha256, clamp_embedded_default_profile_sha256,
         sizeof p->seccomp_profile_sha256);
  p->env_secret_patterns = default_secret_patterns;
  p->n_env_secret_patterns = CLAMP_N_ELEMENTS(default_secret_patterns);
  /* A secret cannot be rewritten away: the rule only warns by default. */
  p->actions[CLAMP_RULE_ENV_SECRETS] = CLAMP_ACTION_WARN;
  p->mode = CLAMP_MODE_ENFORCE;
  p->audit_log = "/var/log/clamp/audit.log";
  p->apparmor_profile = "docker-default";
  p->selinux_label = NULL;
  p->pids_limit = 4096;
  p->pids_max = 4096;
  p->core_limit = 0;
  p->source = "(built-in)";
  memcpy(p->digest, clamp_embedded_default_policy_sha256, sizeof p->digest);
}

static const char *const action_names[] = {
  [CLAMP_ACTION_OFF] = "off",
  [CLAMP_ACTION_WARN] = "warn",
  [CLAMP_ACTION_DENY] = "deny",
  [CLAMP_ACTION_ENFORCE] = "enforce",
};

int clamp_policy_action_parse(const char *s, enum clamp_action *out)
{
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(action_names); i++)
    if (strcmp(s, action_names[i]) == 0)
      {
        *out = (enum clamp_action)i;
        return 0;
      }
  return -1;
}

const char *clamp_policy_action_name(enum clamp_action a) { return action_names[a]; }

void clamp_policy_set_seccomp_profile(struct clamp_policy *p, const char *text, size_t len)
{
  p->seccomp_profile = text;
  p->seccomp_profile_len = len;
  struct clamp_sha256 s;
  clamp_sha256_init(&s);
  clamp_sha256_update(&s, text, len);
  clamp_sha256_final(&s, p->seccomp_profile_sha256);
}

bool clamp_policy_cap_allowed(const struct clamp_policy *p, const char *cap)
{
  for (size_t i = 0; i < p->n_cap_allowlist; i++)
    if (strcmp(p->cap_allowlist[i], cap) == 0)
      return true;
  return false;
}
