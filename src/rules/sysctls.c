/* SPDX-License-Identifier: Apache-2.0 */
/* sysctls.safe: a container sets only sysctls that cannot affect the host
 * or other containers.
 *
 * | control                         | what                                  |
 * |---------------------------------|---------------------------------------|
 * | Pod Security baseline: sysctls  | linux.sysctl keys in the safe set     |
 * |   (check_sysctls.go, to v1.37)  |   (kernel.shm_rmid_forced and         |
 * |                                 |   thirteen net.ipv4.*)                |
 * | network namespace isolation     | any net.* when linux.namespaces has a |
 * |                                 |   "network" entry without a path (a   |
 * |                                 |   new namespace; a path may be the    |
 * |                                 |   host's or another container's)      |
 * | policy sysctls.allow            | the operator's extra sysctls          |
 *
 * Keys are compared as runc and crun write them: both replace every '.'
 * of the key with '/' (so "net/ipv4/ping_group_range" and
 * "net.ipv4.ping_group_range" are the same file, and ".." cannot survive).
 * runc then joins the result under /proc/sys, which drops empty
 * components, but crun 1.8 hands it to openat() on a /proc/sys dirfd
 * before the container's root is mounted, where a leading '/' makes it a
 * path on the host. So a key with an empty component (a leading,
 * trailing or doubled separator) is never allowed, whatever it would
 * name. Anything not allowed is removed under enforce (one finding lists
 * the keys; values are not shown), refused under deny. */
#include <string.h>

#include "clamp/harden.h"
#include "clamp/spec.h"

/* Kubernetes' safe set (pod-security-admission policy/check_sysctls.go,
 * every version up to v1.37). */
static const char *const safe_sysctls[] = {
  "kernel.shm_rmid_forced",
  "net.ipv4.ip_local_port_range",
  "net.ipv4.ip_unprivileged_port_start",
  "net.ipv4.tcp_syncookies",
  "net.ipv4.ping_group_range",
  "net.ipv4.ip_local_reserved_ports",
  "net.ipv4.tcp_keepalive_time",
  "net.ipv4.tcp_fin_timeout",
  "net.ipv4.tcp_keepalive_intvl",
  "net.ipv4.tcp_keepalive_probes",
  "net.ipv4.tcp_rmem",
  "net.ipv4.tcp_wmem",
  "net.ipv4.tcp_slow_start_after_idle",
  "net.ipv4.tcp_notsent_lowat",
};

char *clamp_sysctl_normalize(const char *key)
{
  size_t n = strlen(key);
  char *out = clamp_xmalloc(n + 1);
  size_t k = 0;
  for (size_t i = 0; i < n; i++)
    {
      char c = key[i] == '.' ? '/' : key[i];
      if (c == '/' && (k == 0 || out[k - 1] == '/'))
        continue;
      out[k++] = c;
    }
  if (k > 0 && out[k - 1] == '/')
    k--;
  out[k] = '\0';
  return out;
}

static bool same_sysctl(const char *norm, const char *name)
{
  _cleanup_free_ char *n = clamp_sysctl_normalize(name);
  return strcmp(norm, n) == 0;
}

/* No empty component: not empty, no separator at either end, none
 * doubled. */
static bool well_formed(const char *key)
{
  size_t n = strlen(key);
  if (n == 0 || strchr("./", key[0]) || strchr("./", key[n - 1]))
    return false;
  for (size_t i = 1; i < n; i++)
    if (strchr("./", key[i]) && strchr("./", key[i - 1]))
      return false;
  return true;
}

static bool allowed(const struct clamp_policy *p, const char *key, bool private_net)
{
  if (!well_formed(key))
    return false;
  _cleanup_free_ char *norm = clamp_sysctl_normalize(key);
  if (private_net && strncmp(norm, "net/", 4) == 0)
    return true;
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(safe_sysctls); i++)
    if (same_sysctl(norm, safe_sysctls[i]))
      return true;
  for (size_t i = 0; i < p->n_sysctl_allow; i++)
    if (same_sysctl(norm, p->sysctl_allow[i]))
      return true;
  return false;
}

/* Whether linux.namespaces has a "network" entry that makes a new
 * namespace (no path). */
static int private_network(const struct clamp_json *linux_, bool *out, struct clamp_error **err)
{
  const struct clamp_json *ns;
  size_t index;
  int r = clamp_spec_find_namespace(linux_, "network", &ns, &index, err);
  if (r <= 0)
    {
      *out = false;
      return r;
    }
  /* A new namespace only: a path may be the host's (crun then writes the
   * host's net.* sysctls), or another container's, whose settings are not
   * this container's to change. */
  const char *path = NULL;
  _cleanup_free_ char *p = clamp_xasprintf("linux.namespaces[%zu]", index);
  if (clamp_spec_get_string(ns, p, "path", &path, err) < 0)
    return -1;
  *out = path == NULL || *path == '\0';
  return 0;
}

int clamp_rule_sysctls(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                       struct clamp_error **err)
{
  if (!clamp_rule_enabled(ctx, CLAMP_RULE_SYSCTLS_SAFE))
    return 0;
  struct clamp_json *linux_, *sysctl;
  if (clamp_spec_get_object(spec, "", "linux", &linux_, err) < 0)
    return -1;
  if (linux_ == NULL)
    return 0;
  if (clamp_spec_get_object(linux_, "linux", "sysctl", &sysctl, err) < 0)
    return -1;
  if (sysctl == NULL)
    return 0;
  /* map[string]string to runc: any other value is a decode error. */
  for (size_t i = 0; i < sysctl->u.obj.len; i++)
    {
      const struct clamp_json_member *m = &sysctl->u.obj.members[i];
      if (!clamp_json_is(m->value, CLAMP_JSON_STRING))
        {
          _cleanup_free_ char *q = clamp_quote(m->key, m->key_len);
          _cleanup_free_ char *f = clamp_xasprintf("linux.sysctl.%s", q);
          return clamp_spec_type_error(err, f, "a string", m->value);
        }
    }
  bool private_net;
  if (private_network(linux_, &private_net, err) < 0)
    return -1;

  size_t n = sysctl->u.obj.len, n_bad = 0;
  _cleanup_free_ const char **bad = clamp_xcalloc(n + 1, sizeof *bad);
  struct clamp_buf b;
  clamp_buf_init(&b);
  clamp_buf_putc(&b, '[');
  for (size_t i = 0; i < n; i++)
    {
      const struct clamp_json_member *m = &sysctl->u.obj.members[i];
      if (allowed(ctx->policy, m->key, private_net))
        continue;
      if (n_bad)
        clamp_buf_puts(&b, ", ");
      clamp_buf_put_escaped(&b, m->key, m->key_len);
      bad[n_bad++] = m->key;
    }
  clamp_buf_putc(&b, ']');
  _cleanup_free_ char *from = clamp_buf_steal(&b);
  if (n_bad == 0)
    return 0;
  const char *reason = private_net
                           ? "only Kubernetes' safe sysctls, net.* in the container's own "
                             "network namespace and the policy's sysctls.allow are allowed"
                           : "only Kubernetes' safe sysctls and the policy's sysctls.allow are "
                             "allowed (net.* only with a private network namespace)";
  if (clamp_rule_violation(ctx, CLAMP_RULE_SYSCTLS_SAFE, "linux.sysctl", from, "(removed)", reason))
    /* The keys live in the document's arena, not in the members. */
    for (size_t j = 0; j < n_bad; j++)
      while (clamp_json_object_remove(sysctl, bad[j]))
        ;
  return 0;
}
