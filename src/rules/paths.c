/* SPDX-License-Identifier: Apache-2.0 */
/* sysfs.readonly and paths.masked: the kernel interfaces under /sys and
 * /proc stay read-only or hidden, as Docker and runc arrange for every
 * container that is not --privileged (which empties maskedPaths and
 * readonlyPaths and mounts /sys read-write).
 *
 * | control                         | what                                    |
 * |---------------------------------|-----------------------------------------|
 * | CIS 5.5 (privileged containers) | /sys (and sysfs or cgroup mounts under  |
 * |                                 |   it) read-only; /proc/sys read-only    |
 * | CIS 5.5 (privileged containers) | maskedPaths and readonlyPaths hold at   |
 * |                                 |   least the runc and Docker defaults    |
 *
 * The defaults are the union of runc's `runc spec` (libcontainer/specconv/
 * example.go) and moby's (daemon/pkg/oci/defaults.go, which added
 * /sys/devices/virtual/powercap in 2023 and /proc/interrupts in 2025).
 * Docker's per-CPU thermal_throttle entries depend on the host and are
 * left out. Entries are compared exactly, as runc uses them. runc skips
 * a path that does not exist in the container, so extra ones are safe. */
#include <string.h>

#include "clamp/harden.h"
#include "clamp/path.h"
#include "clamp/spec.h"

static const char *const masked_defaults[] = {
  "/proc/asound",      "/proc/acpi",          "/proc/interrupts", "/proc/kcore",
  "/proc/keys",        "/proc/latency_stats", "/proc/timer_list", "/proc/timer_stats",
  "/proc/sched_debug", "/proc/scsi",          "/sys/firmware",    "/sys/devices/virtual/powercap",
};

static const char *const readonly_defaults[] = {
  "/proc/bus", "/proc/fs", "/proc/irq", "/proc/sys", "/proc/sysrq-trigger",
};

static const char *const proc_sys[] = { "/proc/sys" };

static bool has_string(const struct clamp_json *arr, const char *s)
{
  for (size_t i = 0; arr != NULL && i < arr->u.arr.len; i++)
    if (strcmp(arr->u.arr.items[i]->u.str.s, s) == 0)
      return true;
  return false;
}

/* linux.<key> holds every entry of want: missing ones are appended after
 * the input's own, which keep their order. */
static int ensure_entries(struct clamp_rule_ctx *ctx, enum clamp_rule_id rule,
                          struct clamp_json *spec, const char *key, const char *const *want,
                          size_t n, const char *reason, struct clamp_error **err)
{
  struct clamp_json *lnx, *arr = NULL;
  _cleanup_free_ char *field = clamp_xasprintf("linux.%s", key);
  if (clamp_spec_get_object(spec, "", "linux", &lnx, err) < 0
      || (lnx != NULL && clamp_spec_get_array(lnx, "linux", key, &arr, err) < 0)
      || (arr != NULL && clamp_spec_check_string_array(arr, field, err) < 0))
    return -1;
  struct clamp_json *out = NULL;
  for (size_t i = 0; i < n; i++)
    {
      if (has_string(arr, want[i]) || (out != NULL && has_string(out, want[i])))
        continue;
      if (out == NULL)
        {
          out = clamp_json_new_array(ctx->doc);
          for (size_t j = 0; arr != NULL && j < arr->u.arr.len; j++)
            clamp_json_array_append(ctx->doc, out, arr->u.arr.items[j]);
        }
      clamp_json_array_append(ctx->doc, out, clamp_json_new_string(ctx->doc, want[i]));
    }
  if (out == NULL)
    return 0;
  _cleanup_free_ char *from = clamp_format_list(arr);
  _cleanup_free_ char *to = clamp_format_list(out);
  if (!clamp_rule_violation(ctx, rule, field, from, to, reason))
    return 0;
  if (lnx == NULL)
    lnx = clamp_json_object_ensure(ctx->doc, spec, "linux", CLAMP_JSON_OBJECT);
  clamp_json_object_set(ctx->doc, lnx, key, out);
  return 0;
}

/* Mounts that must be read-only: whatever is mounted at /sys, and sysfs
 * and cgroup file systems beneath it (a writable cgroup v1 hierarchy has
 * release_agent, CVE-2022-0492). */
static bool must_be_readonly(const struct clamp_mount *m)
{
  if (strcmp(m->dest_clean, "/sys") == 0)
    return true;
  if (!clamp_path_is_under(m->dest_clean, "/sys") || m->type == NULL)
    return false;
  return strcmp(m->type, "sysfs") == 0 || strcmp(m->type, "cgroup") == 0
         || strcmp(m->type, "cgroup2") == 0;
}

/* runc applies options in order and the last of "ro"/"rw" wins; "rrw"
 * clears a recursive read-only after the mount. Both go, "ro" is added. */
static bool undoes_ro(const char *o) { return strcmp(o, "rw") == 0 || strcmp(o, "rrw") == 0; }

static int sysfs_readonly(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                          struct clamp_error **err)
{
  const struct clamp_mounts *mounts;
  if (clamp_rule_mounts(ctx, spec, &mounts, err) < 0)
    return -1;
  for (size_t i = 0; i < mounts->len; i++)
    {
      const struct clamp_mount *m = &mounts->items[i];
      if (!must_be_readonly(m))
        continue;
      const struct clamp_json *opts = m->options;
      bool ro = false, undone = false;
      for (size_t j = 0; opts != NULL && j < opts->u.arr.len; j++)
        {
          ro |= strcmp(opts->u.arr.items[j]->u.str.s, "ro") == 0;
          undone |= undoes_ro(opts->u.arr.items[j]->u.str.s);
        }
      if (ro && !undone)
        continue;
      struct clamp_json *fixed = clamp_json_new_array(ctx->doc);
      for (size_t j = 0; opts != NULL && j < opts->u.arr.len; j++)
        if (!undoes_ro(opts->u.arr.items[j]->u.str.s))
          clamp_json_array_append(ctx->doc, fixed, opts->u.arr.items[j]);
      if (!ro)
        clamp_json_array_append(ctx->doc, fixed, clamp_json_new_string(ctx->doc, "ro"));
      _cleanup_free_ char *field = clamp_xasprintf("mounts[%zu].options", i);
      _cleanup_free_ char *from = clamp_format_list(opts);
      _cleanup_free_ char *to = clamp_format_list(fixed);
      if (clamp_rule_violation(ctx, CLAMP_RULE_SYSFS_READONLY, field, from, to,
                               "/sys is read-only: writes there change the host kernel"))
        clamp_json_object_set(ctx->doc, m->obj, "options", fixed);
    }
  clamp_rule_mounts_changed(ctx);
  return ensure_entries(ctx, CLAMP_RULE_SYSFS_READONLY, spec, "readonlyPaths", proc_sys,
                        CLAMP_N_ELEMENTS(proc_sys),
                        "/proc/sys is read-only: writes there change the host kernel", err);
}

/* Every field either rule reads, type-checked before either changes
 * anything, so that bad input leaves the document as it was. */
static int check_input(struct clamp_rule_ctx *ctx, struct clamp_json *spec,
                       struct clamp_error **err)
{
  static const char *const keys[] = { "maskedPaths", "readonlyPaths" };
  struct clamp_json *lnx, *arr;
  const struct clamp_mounts *mounts;
  if (clamp_rule_mounts(ctx, spec, &mounts, err) < 0
      || clamp_spec_get_object(spec, "", "linux", &lnx, err) < 0)
    return -1;
  for (size_t i = 0; lnx != NULL && i < CLAMP_N_ELEMENTS(keys); i++)
    {
      _cleanup_free_ char *field = clamp_xasprintf("linux.%s", keys[i]);
      if (clamp_spec_get_array(lnx, "linux", keys[i], &arr, err) < 0
          || (arr != NULL && clamp_spec_check_string_array(arr, field, err) < 0))
        return -1;
    }
  return 0;
}

int clamp_rule_paths(struct clamp_rule_ctx *ctx, struct clamp_json *spec, struct clamp_error **err)
{
  if ((clamp_rule_enabled(ctx, CLAMP_RULE_SYSFS_READONLY)
       || clamp_rule_enabled(ctx, CLAMP_RULE_PATHS_MASKED))
      && check_input(ctx, spec, err) < 0)
    return -1;
  /* The defaults first, in their usual order; then /proc/sys is only
   * missing when paths.masked is off. */
  if (clamp_rule_enabled(ctx, CLAMP_RULE_PATHS_MASKED)
      && (ensure_entries(ctx, CLAMP_RULE_PATHS_MASKED, spec, "maskedPaths", masked_defaults,
                         CLAMP_N_ELEMENTS(masked_defaults),
                         "runc's and Docker's masked paths stay hidden", err)
              < 0
          || ensure_entries(ctx, CLAMP_RULE_PATHS_MASKED, spec, "readonlyPaths", readonly_defaults,
                            CLAMP_N_ELEMENTS(readonly_defaults),
                            "runc's and Docker's read-only paths stay read-only", err)
                 < 0))
    return -1;
  if (clamp_rule_enabled(ctx, CLAMP_RULE_SYSFS_READONLY) && sysfs_readonly(ctx, spec, err) < 0)
    return -1;
  return 0;
}
