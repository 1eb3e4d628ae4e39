/* SPDX-License-Identifier: Apache-2.0 */
/* The struct layout of the OCI runtime-spec (specs-go/config.go, latest
 * release, a superset of what runc 1.1 vendors), used to find keys that Go's
 * encoding/json would match case-insensitively to a field. Only the shape
 * matters here: which members are structs, arrays of structs, or maps. */
#include <string.h>

#include "clamp/spec.h"

enum field_kind
{
  F_SCALAR,       /* string, number, bool, or an array of them */
  F_STRUCT,       /* an object decoded into a struct */
  F_STRUCT_ARRAY, /* an array of such objects */
  F_MAP,          /* map[string]scalar: keys are data, case-sensitive */
  F_STRUCT_MAP,   /* map[string]struct: keys are data, values are structs */
  F_ANY,          /* interface{}: Go keeps whatever is there */
};

struct field
{
  const char *name;
  enum field_kind kind;
  const struct type *type;
};

struct type
{
  const struct field *fields;
  size_t n;
};

/* clang-format off */
#define TYPE(name, ...)                                                                  \
  static const struct field name##_fields[] = { __VA_ARGS__ };                           \
  static const struct type name = { name##_fields, CLAMP_N_ELEMENTS(name##_fields) }
#define S(n) { n, F_SCALAR, NULL }
#define ST(n, t) { n, F_STRUCT, &t }
#define SA(n, t) { n, F_STRUCT_ARRAY, &t }
#define M(n) { n, F_MAP, NULL }
#define SM(n, t) { n, F_STRUCT_MAP, &t }
#define ANY(n) { n, F_ANY, NULL }
/* clang-format on */

TYPE(t_box, S("height"), S("width"));
TYPE(t_user, S("uid"), S("gid"), S("umask"), S("additionalGids"), S("username"));
TYPE(t_caps, S("bounding"), S("effective"), S("inheritable"), S("permitted"), S("ambient"));
TYPE(t_rlimit, S("type"), S("hard"), S("soft"));
TYPE(t_scheduler, S("policy"), S("nice"), S("priority"), S("flags"), S("runtime"), S("deadline"),
     S("period"));
TYPE(t_iopriority, S("class"), S("priority"));
TYPE(t_cpuaffinity, S("initial"), S("final"));
TYPE(t_process, S("terminal"), ST("consoleSize", t_box), ST("user", t_user), S("args"),
     S("commandLine"), S("env"), S("cwd"), ST("capabilities", t_caps), SA("rlimits", t_rlimit),
     S("noNewPrivileges"), S("apparmorProfile"), S("oomScoreAdj"), ST("scheduler", t_scheduler),
     S("selinuxLabel"), ST("ioPriority", t_iopriority), ST("execCPUAffinity", t_cpuaffinity));

TYPE(t_root, S("path"), S("readonly"));
TYPE(t_idmap, S("containerID"), S("hostID"), S("size"));
TYPE(t_mount, S("destination"), S("type"), S("source"), S("options"), SA("uidMappings", t_idmap),
     SA("gidMappings", t_idmap));
TYPE(t_hook, S("path"), S("args"), S("env"), S("timeout"));
TYPE(t_hooks, SA("prestart", t_hook), SA("createRuntime", t_hook), SA("createContainer", t_hook),
     SA("startContainer", t_hook), SA("poststart", t_hook), SA("poststop", t_hook));

TYPE(t_devcgroup, S("allow"), S("type"), S("major"), S("minor"), S("access"));
TYPE(t_memory, S("limit"), S("reservation"), S("swap"), S("kernel"), S("kernelTCP"),
     S("swappiness"), S("disableOOMKiller"), S("useHierarchy"), S("checkBeforeUpdate"));
TYPE(t_cpu, S("shares"), S("quota"), S("burst"), S("period"), S("realtimeRuntime"),
     S("realtimePeriod"), S("cpus"), S("mems"), S("idle"));
TYPE(t_pids, S("limit"));
/* major and minor come from the embedded LinuxBlockIODevice. */
TYPE(t_weightdev, S("major"), S("minor"), S("weight"), S("leafWeight"));
TYPE(t_throttledev, S("major"), S("minor"), S("rate"));
TYPE(t_blockio, S("weight"), S("leafWeight"), SA("weightDevice", t_weightdev),
     SA("throttleReadBpsDevice", t_throttledev), SA("throttleWriteBpsDevice", t_throttledev),
     SA("throttleReadIOPSDevice", t_throttledev), SA("throttleWriteIOPSDevice", t_throttledev));
TYPE(t_hugepage, S("pageSize"), S("limit"));
TYPE(t_ifprio, S("name"), S("priority"));
TYPE(t_network, S("classID"), SA("priorities", t_ifprio));
TYPE(t_rdma, S("hcaHandles"), S("hcaObjects"));
TYPE(t_resources, SA("devices", t_devcgroup), ST("memory", t_memory), ST("cpu", t_cpu),
     ST("pids", t_pids), ST("blockIO", t_blockio), SA("hugepageLimits", t_hugepage),
     ST("network", t_network), SM("rdma", t_rdma), M("unified"));
TYPE(t_namespace, S("type"), S("path"));
TYPE(t_device, S("path"), S("type"), S("major"), S("minor"), S("fileMode"), S("uid"), S("gid"));
TYPE(t_netdevice, S("name"));
TYPE(t_scmp_arg, S("index"), S("value"), S("valueTwo"), S("op"));
TYPE(t_syscall, S("names"), S("action"), S("errnoRet"), SA("args", t_scmp_arg));
TYPE(t_seccomp, S("defaultAction"), S("defaultErrnoRet"), S("architectures"), S("flags"),
     S("listenerPath"), S("listenerMetadata"), SA("syscalls", t_syscall));
TYPE(t_intelrdt, S("closID"), S("schemata"), S("l3CacheSchema"), S("memBwSchema"),
     S("enableMonitoring"));
TYPE(t_mempolicy, S("mode"), S("nodes"), S("flags"));
TYPE(t_personality, S("domain"), S("flags"));
TYPE(t_timeoffset, S("secs"), S("nanosecs"));
TYPE(t_linux, SA("uidMappings", t_idmap), SA("gidMappings", t_idmap), M("sysctl"),
     ST("resources", t_resources), S("cgroupsPath"), SA("namespaces", t_namespace),
     SA("devices", t_device), SM("netDevices", t_netdevice), ST("seccomp", t_seccomp),
     S("rootfsPropagation"), S("maskedPaths"), S("readonlyPaths"), S("mountLabel"),
     ST("intelRdt", t_intelrdt), ST("memoryPolicy", t_mempolicy), ST("personality", t_personality),
     SM("timeOffsets", t_timeoffset));

TYPE(t_sol_anet, S("linkname"), S("lowerLink"), S("allowedAddress"), S("configureAllowedAddress"),
     S("defrouter"), S("linkProtection"), S("macAddress"));
TYPE(t_sol_cpu, S("ncpus"));
TYPE(t_sol_mem, S("physical"), S("swap"));
TYPE(t_solaris, S("milestone"), S("limitpriv"), S("maxShmMemory"), SA("anet", t_sol_anet),
     ST("cappedCPU", t_sol_cpu), ST("cappedMemory", t_sol_mem));

TYPE(t_win_device, S("id"), S("idType"));
TYPE(t_win_mem, S("limit"));
TYPE(t_win_affinity, S("mask"), S("group"));
TYPE(t_win_cpu, S("count"), S("shares"), S("maximum"), SA("affinity", t_win_affinity));
TYPE(t_win_storage, S("iops"), S("bps"), S("sandboxSize"));
TYPE(t_win_resources, ST("memory", t_win_mem), ST("cpu", t_win_cpu), ST("storage", t_win_storage));
TYPE(t_win_hyperv, S("utilityVMPath"));
TYPE(t_win_network, S("endpointList"), S("allowUnqualifiedDNSQuery"), S("DNSSearchList"),
     S("networkSharedContainerName"), S("networkNamespace"));
TYPE(t_windows, S("layerFolders"), SA("devices", t_win_device), ST("resources", t_win_resources),
     ANY("credentialSpec"), S("servicing"), S("ignoreFlushesDuringBoot"),
     ST("hyperv", t_win_hyperv), ST("network", t_win_network));

TYPE(t_iomems, S("firstGFN"), S("firstMFN"), S("nrMFNs"));
TYPE(t_hwconfig, S("deviceTree"), S("vcpus"), S("memory"), S("dtdevs"), SA("iomems", t_iomems),
     S("irqs"));
TYPE(t_vm_hypervisor, S("path"), S("parameters"));
TYPE(t_vm_kernel, S("path"), S("parameters"), S("initrd"));
TYPE(t_vm_image, S("path"), S("format"));
TYPE(t_vm, ST("hypervisor", t_vm_hypervisor), ST("kernel", t_vm_kernel), ST("image", t_vm_image),
     ST("hwconfig", t_hwconfig));

TYPE(t_zos_ns, S("type"), S("path"));
TYPE(t_zos, SA("namespaces", t_zos_ns));
TYPE(t_fbsd_device, S("path"), S("mode"));
TYPE(t_fbsd_allow, S("setHostname"), S("rawSockets"), S("chflags"), S("mount"), S("quotas"),
     S("socketAf"), S("mlock"), S("reservedPorts"), S("suser"));
TYPE(t_fbsd_jail, S("parent"), S("host"), S("ip4"), S("ip4Addr"), S("ip6"), S("ip6Addr"), S("vnet"),
     S("interface"), S("vnetInterfaces"), S("sysvmsg"), S("sysvsem"), S("sysvshm"),
     S("enforceStatfs"), ST("allow", t_fbsd_allow));
TYPE(t_freebsd, SA("devices", t_fbsd_device), ST("jail", t_fbsd_jail));

TYPE(t_spec, S("ociVersion"), ST("process", t_process), ST("root", t_root), S("hostname"),
     S("domainname"), SA("mounts", t_mount), ST("hooks", t_hooks), M("annotations"),
     ST("linux", t_linux), ST("solaris", t_solaris), ST("windows", t_windows), ST("vm", t_vm),
     ST("zos", t_zos), ST("freebsd", t_freebsd));

/* Go's fold for ASCII field names: letters compare case-insensitively,
 * and the only non-ASCII runes that simple-fold onto ASCII letters are
 * U+017F (to 's') and U+212A (to 'k'). */
bool clamp_spec_key_folds_to(const char *key, size_t key_len, const char *field)
{
  const unsigned char *k = (const unsigned char *)key;
  size_t i = 0, j = 0, flen = strlen(field);
  while (i < key_len && j < flen)
    {
      unsigned char f = (unsigned char)field[j];
      unsigned char fl = (f >= 'A' && f <= 'Z') ? (unsigned char)(f + 32) : f;
      unsigned char c = k[i];
      if (c < 0x80)
        {
          unsigned char cl = (c >= 'A' && c <= 'Z') ? (unsigned char)(c + 32) : c;
          if (cl != fl)
            return false;
          i++;
        }
      else if (i + 1 < key_len && c == 0xC5 && k[i + 1] == 0xBF && fl == 's')
        i += 2; /* U+017F LATIN SMALL LETTER LONG S */
      else if (i + 2 < key_len && c == 0xE2 && k[i + 1] == 0x84 && k[i + 2] == 0xAA && fl == 'k')
        i += 3; /* U+212A KELVIN SIGN */
      else
        return false;
      j++;
    }
  return i == key_len && j == flen;
}

/* Where the walk is: one frame per object key or array index. The path is
 * only spelled out for an error message; the walk visits every key of
 * every config, so it must not build strings as it goes. */
struct frame
{
  const char *key; /* NULL for an array index */
  size_t key_len;
  size_t index;
};

struct walk
{
  struct frame frames[2 * CLAMP_JSON_MAX_DEPTH + 2];
  size_t depth;
  struct clamp_error **err;
};

static bool push(struct walk *w, const char *key, size_t key_len, size_t index)
{
  if (w->depth == CLAMP_N_ELEMENTS(w->frames))
    return false;
  w->frames[w->depth++] = (struct frame){ .key = key, .key_len = key_len, .index = index };
  return true;
}

/* "linux.seccomp.syscalls[3].names", keys escaped as in log lines. */
static char *path_text(const struct walk *w)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  for (size_t i = 0; i < w->depth; i++)
    {
      const struct frame *f = &w->frames[i];
      if (f->key == NULL)
        {
          clamp_buf_printf(&b, "[%zu]", f->index);
          continue;
        }
      if (b.len > 0)
        clamp_buf_putc(&b, '.');
      clamp_buf_put_escaped(&b, f->key, f->key_len);
    }
  return clamp_buf_steal(&b);
}

static int walk_struct(struct walk *w, const struct clamp_json *obj, const struct type *t);

/* Walk v (a member or element, already pushed) when it is an object. */
static int walk_child(struct walk *w, const struct clamp_json *v, const struct type *t)
{
  int r = clamp_json_is(v, CLAMP_JSON_OBJECT) ? walk_struct(w, v, t) : 0;
  w->depth--;
  return r;
}

static int too_deep(struct walk *w)
{
  return clamp_error_input(w->err, "config nests deeper than %d levels", CLAMP_JSON_MAX_DEPTH);
}

static int walk_value(struct walk *w, const struct clamp_json *v, const struct field *f)
{
  switch (f->kind)
    {
      case F_SCALAR:
      case F_MAP:
      case F_ANY:
        return 0;
      case F_STRUCT:
        return clamp_json_is(v, CLAMP_JSON_OBJECT) ? walk_struct(w, v, f->type) : 0;
      case F_STRUCT_ARRAY:
        if (!clamp_json_is(v, CLAMP_JSON_ARRAY))
          return 0;
        for (size_t i = 0; i < v->u.arr.len; i++)
          {
            if (!push(w, NULL, 0, i))
              return too_deep(w);
            if (walk_child(w, v->u.arr.items[i], f->type) < 0)
              return -1;
          }
        return 0;
      case F_STRUCT_MAP:
        if (!clamp_json_is(v, CLAMP_JSON_OBJECT))
          return 0;
        for (size_t i = 0; i < v->u.obj.len; i++)
          {
            const struct clamp_json_member *m = &v->u.obj.members[i];
            if (!push(w, m->key, m->key_len, 0))
              return too_deep(w);
            if (walk_child(w, m->value, f->type) < 0)
              return -1;
          }
        return 0;
    }
  return 0;
}

/* The field key names exactly, else the first one Go would fold it to. */
static const struct field *match_field(const struct type *t, const char *key, size_t key_len,
                                       bool *exact)
{
  for (size_t j = 0; j < t->n; j++)
    if (strncmp(t->fields[j].name, key, key_len) == 0 && t->fields[j].name[key_len] == '\0')
      {
        *exact = true;
        return &t->fields[j];
      }
  *exact = false;
  for (size_t j = 0; j < t->n; j++)
    if (clamp_spec_key_folds_to(key, key_len, t->fields[j].name))
      return &t->fields[j];
  return NULL;
}

static int walk_struct(struct walk *w, const struct clamp_json *obj, const struct type *t)
{
  for (size_t i = 0; i < obj->u.obj.len; i++)
    {
      const struct clamp_json_member *m = &obj->u.obj.members[i];
      bool exact;
      const struct field *f = match_field(t, m->key, m->key_len, &exact);
      if (f == NULL)
        continue;
      if (!push(w, m->key, m->key_len, 0))
        return too_deep(w);
      if (!exact)
        {
          _cleanup_free_ char *path = path_text(w);
          return clamp_error_input(w->err,
                                   "%s: key would be read by runc as \"%s\" (Go matches JSON keys "
                                   "case-insensitively); spell it exactly \"%s\"",
                                   path, f->name, f->name);
        }
      if (walk_value(w, m->value, f) < 0)
        return -1;
      w->depth--;
    }
  return 0;
}

int clamp_spec_check_keys(const struct clamp_json *root, enum clamp_spec_kind kind,
                          struct clamp_error **err)
{
  if (!clamp_json_is(root, CLAMP_JSON_OBJECT))
    return clamp_spec_type_error(err,
                                 kind == CLAMP_SPEC_CONFIG    ? "config"
                                 : kind == CLAMP_SPEC_PROCESS ? "process"
                                                              : "resources",
                                 "an object", root);
  struct walk w = { .depth = 0, .err = err };
  return walk_struct(&w, root,
                     kind == CLAMP_SPEC_CONFIG    ? &t_spec
                     : kind == CLAMP_SPEC_PROCESS ? &t_process
                                                  : &t_resources);
}
