/* SPDX-License-Identifier: Apache-2.0 */
/* devices.allowlist and devices.cgroup: a container gets the device nodes
 * and the device-cgroup access that runc gives every container, and no
 * more. This is most of what `docker run --privileged` changes: it hands
 * the runtime every host device node and {"allow":true,"access":"rwm"}.
 *
 * | control                         | what                                     |
 * |---------------------------------|------------------------------------------|
 * | CIS 5.5 (privileged containers) | linux.devices holds only runc's standard |
 * | CIS 5.18 (host devices)         |   nodes; linux.resources.devices denies  |
 * |                                 |   all but runc's default allow list      |
 *
 * The standard nodes are runc 1.1's AllowedDevices with a path
 * (libcontainer/specconv/spec_linux.go): null 1:3, zero 1:5, full 1:7,
 * random 1:8, urandom 1:9, tty 5:0, all char devices. runc makes
 * /dev/ptmx (a link to pts/ptmx) and /dev/console (the pty) itself, so an
 * entry for either is not standard: a host /dev/console would be the
 * host's console. An entry at a standard path with another type or
 * number is not standard either; without it runc creates the real one.
 *
 * The standard cgroup rules are runc 1.1's AllowedDevices rules with
 * rwm access (the six above, ptmx 5:2, /dev/pts 136:*, tun 10:200) plus
 * console 5:1, which older runc, Docker and containerd allow by default.
 * runc 1.1 also appends "c *:* m" and "b *:* m" itself; clamp never writes
 * them (crun does not add them). */
#include <inttypes.h>
#include <string.h>

#include "clamp/harden.h"
#include "clamp/spec.h"

/* The largest major and minor a dev_t holds for mknod(2). runc's Mkdev
 * truncates bigger numbers, so major 4097 would make a node for major 1:
 * a silent change of meaning, refused as bad input. */
#define MAX_MAJOR 4095
#define MAX_MINOR 1048575
#define ANY (-1) /* a wildcard major or minor in a cgroup rule */

enum
{
  ACC_R = 1,
  ACC_W = 2,
  ACC_M = 4,
  ACC_RWM = 7
};

struct std_device
{
  const char *path;
  int64_t major, minor;
};

static const struct std_device std_devices[] = {
  { "/dev/null", 1, 3 },   { "/dev/zero", 1, 5 },    { "/dev/full", 1, 7 },
  { "/dev/random", 1, 8 }, { "/dev/urandom", 1, 9 }, { "/dev/tty", 5, 0 },
};

/* A cgroup device rule: type 'a', 'b' or 'c'. */
struct cg_rule
{
  bool allow;
  char type;
  int64_t major, minor;
  unsigned access;
};

/* What clamp writes after the deny-all rule, and the most it accepts. */
static const struct cg_rule std_rules[] = {
  { true, 'c', 1, 3, ACC_RWM },    { true, 'c', 1, 5, ACC_RWM }, { true, 'c', 1, 7, ACC_RWM },
  { true, 'c', 1, 8, ACC_RWM },    { true, 'c', 1, 9, ACC_RWM }, { true, 'c', 5, 0, ACC_RWM },
  { true, 'c', 5, 1, ACC_RWM },    { true, 'c', 5, 2, ACC_RWM }, { true, 'c', 136, ANY, ACC_RWM },
  { true, 'c', 10, 200, ACC_RWM },
};

/* ---- linux.devices ---- */

struct device
{
  const char *path;
  char type;
  int64_t major, minor;
};

static int read_number(const struct clamp_json *o, const char *p, const char *key, int64_t max,
                       int64_t *out, struct clamp_error **err)
{
  int r = clamp_spec_get_int64(o, p, key, out, err);
  if (r < 0)
    return -1;
  if (*out < 0 || *out > max)
    return clamp_error_input(err, "%s.%s: %" PRId64 " is out of range (0 to %" PRId64 ")", p, key,
                             *out, max);
  return 0;
}

/* linux.devices[i] as runc reads it (specs.LinuxDevice), checked. */
static int read_device(const struct clamp_json *o, const char *p, struct device *d,
                       struct clamp_error **err)
{
  if (!clamp_json_is(o, CLAMP_JSON_OBJECT))
    return clamp_spec_type_error(err, p, "an object", o);
  const char *type;
  uint32_t u;
  if (clamp_spec_get_string(o, p, "path", &d->path, err) < 0
      || clamp_spec_get_string(o, p, "type", &type, err) < 0)
    return -1;
  if (d->path == NULL || *d->path == '\0')
    return clamp_error_input(err, "%s.path: missing (a device needs a path)", p);
  if (type == NULL || *type == '\0')
    return clamp_error_input(err, "%s.type: missing (a device needs a type)", p);
  if (strlen(type) != 1 || strchr("cubp", type[0]) == NULL)
    {
      _cleanup_free_ char *q = clamp_quote(type, strlen(type));
      return clamp_error_input(err, "%s.type: expected \"c\", \"u\", \"b\" or \"p\", got %s", p, q);
    }
  d->type = type[0];
  if (read_number(o, p, "major", MAX_MAJOR, &d->major, err) < 0
      || read_number(o, p, "minor", MAX_MINOR, &d->minor, err) < 0
      || clamp_spec_get_uint32(o, p, "fileMode", &u, err) < 0
      || clamp_spec_get_uint32(o, p, "uid", &u, err) < 0
      || clamp_spec_get_uint32(o, p, "gid", &u, err) < 0)
    return -1;
  return 0;
}

static bool is_standard_device(const struct device *d)
{
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(std_devices); i++)
    if (strcmp(d->path, std_devices[i].path) == 0)
      return d->type == 'c' && d->major == std_devices[i].major && d->minor == std_devices[i].minor;
  return false;
}

static int devices_allowlist(struct clamp_rule_ctx *ctx, struct clamp_json *lnx,
                             struct clamp_error **err)
{
  struct clamp_json *devs;
  if (clamp_spec_get_array(lnx, "linux", "devices", &devs, err) < 0)
    return -1;
  if (devs == NULL)
    return 0;
  struct clamp_json *kept = clamp_json_new_array(ctx->doc);
  _cleanup_buf_ struct clamp_buf removed = { 0 };
  clamp_buf_init(&removed);
  size_t n_removed = 0;
  for (size_t i = 0; i < devs->u.arr.len; i++)
    {
      struct device d;
      _cleanup_free_ char *p = clamp_xasprintf("linux.devices[%zu]", i);
      if (read_device(devs->u.arr.items[i], p, &d, err) < 0)
        return -1;
      if (is_standard_device(&d))
        {
          clamp_json_array_append(ctx->doc, kept, devs->u.arr.items[i]);
          continue;
        }
      clamp_buf_puts(&removed, n_removed++ ? ", " : "[");
      clamp_buf_put_escaped(&removed, d.path, strlen(d.path));
      clamp_buf_printf(&removed, " %c %" PRId64 ":%" PRId64, d.type, d.major, d.minor);
    }
  if (n_removed == 0)
    return 0;
  clamp_buf_putc(&removed, ']');
  if (clamp_rule_violation(ctx, CLAMP_RULE_DEVICES_ALLOWLIST, "linux.devices", removed.data,
                           "(removed)",
                           "only the device nodes runc gives every container: null, zero, "
                           "full, random, urandom, tty"))
    clamp_json_object_set(ctx->doc, lnx, "devices", kept);
  return 0;
}

/* ---- linux.resources.devices ---- */

static int read_cg_number(const struct clamp_json *o, const char *p, const char *key, int64_t *out,
                          struct clamp_error **err)
{
  int r = clamp_spec_get_int64(o, p, key, out, err);
  if (r < 0)
    return -1;
  if (r == 0)
    *out = ANY;
  else if (*out < ANY || *out > (int64_t)UINT32_MAX)
    return clamp_error_input(err, "%s.%s: %" PRId64 " is out of range (-1 for any, or 0 to %u)", p,
                             key, *out, UINT32_MAX);
  return 0;
}

/* linux.resources.devices[i] as runc 1.1 reads it (CreateCgroupConfig):
 * type "" means "a", an absent major or minor is the wildcard, and an
 * empty access is an error. */
static int read_cg_rule(const struct clamp_json *o, const char *p, struct cg_rule *c,
                        struct clamp_error **err)
{
  if (!clamp_json_is(o, CLAMP_JSON_OBJECT))
    return clamp_spec_type_error(err, p, "an object", o);
  const char *type, *access;
  if (clamp_spec_get_bool(o, p, "allow", &c->allow, err) < 0
      || clamp_spec_get_string(o, p, "type", &type, err) < 0
      || clamp_spec_get_string(o, p, "access", &access, err) < 0
      || read_cg_number(o, p, "major", &c->major, err) < 0
      || read_cg_number(o, p, "minor", &c->minor, err) < 0)
    return -1;
  if (type == NULL || *type == '\0')
    c->type = 'a';
  else if (strlen(type) == 1 && strchr("abc", type[0]) != NULL)
    c->type = type[0];
  else
    {
      _cleanup_free_ char *q = clamp_quote(type, strlen(type));
      return clamp_error_input(err, "%s.type: expected \"a\", \"b\" or \"c\", got %s", p, q);
    }
  if (access == NULL || *access == '\0')
    return clamp_error_input(err, "%s.access: missing (runc refuses an empty access)", p);
  c->access = 0;
  for (const char *a = access; *a; a++)
    switch (*a)
      {
        case 'r':
          c->access |= ACC_R;
          break;
        case 'w':
          c->access |= ACC_W;
          break;
        case 'm':
          c->access |= ACC_M;
          break;
        default:
          {
            _cleanup_free_ char *q = clamp_quote(access, strlen(access));
            return clamp_error_input(err, "%s.access: expected letters from \"rwm\", got %s", p, q);
          }
      }
  return 0;
}

static void format_cg_rule(struct clamp_buf *b, const struct cg_rule *c)
{
  clamp_buf_printf(b, "%s %c ", c->allow ? "allow" : "deny", c->type);
  if (c->type == 'a')
    clamp_buf_puts(b, "*:*");
  else
    {
      if (c->major == ANY)
        clamp_buf_putc(b, '*');
      else
        clamp_buf_printf(b, "%" PRId64, c->major);
      clamp_buf_putc(b, ':');
      if (c->minor == ANY)
        clamp_buf_putc(b, '*');
      else
        clamp_buf_printf(b, "%" PRId64, c->minor);
    }
  clamp_buf_putc(b, ' ');
  if (c->access & ACC_R)
    clamp_buf_putc(b, 'r');
  if (c->access & ACC_W)
    clamp_buf_putc(b, 'w');
  if (c->access & ACC_M)
    clamp_buf_putc(b, 'm');
}

static bool covered(const struct cg_rule *c)
{
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(std_rules); i++)
    {
      const struct cg_rule *s = &std_rules[i];
      if (s->type == c->type && (s->major == ANY || s->major == c->major)
          && (s->minor == ANY || s->minor == c->minor) && (c->access & ~s->access) == 0)
        return true;
    }
  return false;
}

/* Whether rules[0..n) grant nothing beyond std_rules. The device cgroup
 * applies rules in order: a type "a" rule (whatever its numbers) resets
 * everything to allow-all or deny-all, and other rules add exceptions
 * (cgroup v1; runc 1.1 emulates the same for cgroup v2's eBPF filter). A
 * cgroup starts as its parent (allow-all, usually), so a list without a
 * deny-all "a" rule grants too much. The check over-approximates, so that
 * a runtime reading the list another way cannot get more: only a deny
 * "a" rule with all of "rwm" counts as a reset (crun's eBPF filter may
 * read a partial one as denying only those accesses), and a deny rule
 * after the reset is taken to remove nothing. A list it over-estimates is
 * rewritten, never kept. */
static bool within_standard(const struct cg_rule *rules, size_t n)
{
  bool default_allow = true;
  size_t first = 0; /* exceptions start after the last reset */
  for (size_t i = 0; i < n; i++)
    if (rules[i].type == 'a' && (rules[i].allow || rules[i].access == ACC_RWM))
      {
        default_allow = rules[i].allow;
        first = i + 1;
      }
  if (default_allow)
    return false;
  for (size_t i = first; i < n; i++)
    if (rules[i].allow && !covered(&rules[i]))
      return false;
  return true;
}

static struct clamp_json *cg_rule_json(struct clamp_json_doc *doc, const struct cg_rule *c)
{
  struct clamp_json *o = clamp_json_new_object(doc);
  clamp_json_object_set(doc, o, "allow", clamp_json_new_bool(doc, c->allow));
  if (c->type != 'a')
    {
      char t[2] = { c->type, '\0' };
      clamp_json_object_set(doc, o, "type", clamp_json_new_string(doc, t));
      if (c->major != ANY)
        clamp_json_object_set(doc, o, "major", clamp_json_new_int(doc, c->major));
      if (c->minor != ANY)
        clamp_json_object_set(doc, o, "minor", clamp_json_new_int(doc, c->minor));
    }
  clamp_json_object_set(doc, o, "access", clamp_json_new_string(doc, "rwm"));
  return o;
}

/* linux.resources.devices, read and checked before anything changes. */
struct cg_input
{
  struct clamp_json *res, *rules; /* either may be NULL */
  struct cg_rule *in;
  size_t n;
};

static int read_cg_input(struct clamp_json *lnx, struct cg_input *ci, struct clamp_error **err)
{
  if (lnx != NULL
      && (clamp_spec_get_object(lnx, "linux", "resources", &ci->res, err) < 0
          || (ci->res != NULL
              && clamp_spec_get_array(ci->res, "linux.resources", "devices", &ci->rules, err) < 0)))
    return -1;
  ci->n = ci->rules ? ci->rules->u.arr.len : 0;
  ci->in = clamp_xcalloc(ci->n + 1, sizeof *ci->in);
  for (size_t i = 0; i < ci->n; i++)
    {
      _cleanup_free_ char *p = clamp_xasprintf("linux.resources.devices[%zu]", i);
      if (read_cg_rule(ci->rules->u.arr.items[i], p, &ci->in[i], err) < 0)
        return -1;
    }
  return 0;
}

static void devices_cgroup(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                           struct clamp_json *lnx, const struct cg_input *ci)
{
  struct clamp_json *res = ci->res, *rules = ci->rules;
  const struct cg_rule *in = ci->in;
  size_t n = ci->n;
  if (within_standard(in, n))
    return;

  _cleanup_buf_ struct clamp_buf from = { 0 }, to = { 0 };
  clamp_buf_init(&from);
  clamp_buf_init(&to);
  if (rules == NULL)
    clamp_buf_puts(&from, "(unset)");
  else
    {
      clamp_buf_putc(&from, '[');
      for (size_t i = 0; i < n; i++)
        {
          if (i)
            clamp_buf_puts(&from, ", ");
          format_cg_rule(&from, &in[i]);
        }
      clamp_buf_putc(&from, ']');
    }

  static const struct cg_rule deny_all = { false, 'a', ANY, ANY, ACC_RWM };
  struct clamp_json *out = clamp_json_new_array(ctx->doc);
  clamp_json_array_append(ctx->doc, out, cg_rule_json(ctx->doc, &deny_all));
  clamp_buf_putc(&to, '[');
  format_cg_rule(&to, &deny_all);
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(std_rules); i++)
    {
      clamp_json_array_append(ctx->doc, out, cg_rule_json(ctx->doc, &std_rules[i]));
      clamp_buf_puts(&to, ", ");
      format_cg_rule(&to, &std_rules[i]);
    }
  clamp_buf_putc(&to, ']');

  if (!clamp_rule_violation(ctx, CLAMP_RULE_DEVICES_CGROUP, "linux.resources.devices", from.data,
                            to.data, "the device cgroup denies every device but runc's defaults"))
    return;
  if (lnx == NULL)
    lnx = clamp_json_object_ensure(ctx->doc, spec, "linux", CLAMP_JSON_OBJECT);
  if (res == NULL)
    res = clamp_json_object_ensure(ctx->doc, lnx, "resources", CLAMP_JSON_OBJECT);
  clamp_json_object_set(ctx->doc, res, "devices", out);
}

int clamp_rule_devices(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                       struct clamp_error **err)
{
  struct clamp_json *lnx;
  if (clamp_spec_get_object(spec, "", "linux", &lnx, err) < 0)
    return -1;
  /* An "off" rule reads nothing: the input is then runc's business. Both
   * lists are read before either changes, so bad input changes nothing. */
  bool cgroup = clamp_rule_enabled(ctx, CLAMP_RULE_DEVICES_CGROUP);
  struct cg_input ci = { 0 };
  int r = cgroup ? read_cg_input(lnx, &ci, err) : 0;
  if (r == 0 && lnx != NULL && clamp_rule_enabled(ctx, CLAMP_RULE_DEVICES_ALLOWLIST))
    r = devices_allowlist(ctx, lnx, err);
  if (r == 0 && cgroup)
    devices_cgroup(ctx, spec, lnx, &ci);
  free(ci.in);
  return r;
}
