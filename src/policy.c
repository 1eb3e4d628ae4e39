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
  [CLAMP_RULE_OOM_SCORE_ADJ] = { "process.oom-score-adj", "CIS 5.x (host resource protection)" },
  [CLAMP_RULE_EXEC_LSM] = { "exec.lsm", "CIS 5.2, 5.3, 5.23" },
  [CLAMP_RULE_RUNTIME_FLAGS] = { "runtime.flags",
                                 "CIS 5.x: --no-pivot, --no-new-keyring weaken isolation" },
  [CLAMP_RULE_RESTORE] = { "runtime.restore",
                           "CRIU restores credentials and seccomp from its image" },
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
