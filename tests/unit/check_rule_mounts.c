/* SPDX-License-Identifier: Apache-2.0 */
/* The mounts.* rules (src/rules/mounts.c) and the host path resolver
 * (src/host_mounts.c):
 *  - mounts.engine-socket: a bind of an engine socket (standard path, any
 *    file of that name, a destination of that name, a directory holding a
 *    standard socket) is refused, read-only or not;
 *  - mounts.host-system: a read-write bind of /, /boot, /dev, /etc, /lib,
 *    /proc, /sys, /usr or below is refused;
 *  - mounts.pseudo-fs: a read-write proc, sysfs or cgroup mount other than
 *    the runtime's own at /proc, /sys, /sys/fs/cgroup is refused;
 *  - mounts.bind-options: bind mounts get nosuid,nodev;
 *  - mounts.propagation: shared/rshared become rprivate.
 * Sources go through a fake resolver here (symlinks below), through the
 * real one in the fixture and resolver tests. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clamp/host_mounts.h"
#include "clamp/path.h"
#include "rulefx.h"

#define SOCK CLAMP_RULE_MOUNTS_ENGINE_SOCKET
#define SYS CLAMP_RULE_MOUNTS_HOST_SYSTEM
#define PSEUDO CLAMP_RULE_MOUNTS_PSEUDO_FS
#define BINDOPT CLAMP_RULE_MOUNTS_BIND_OPTIONS
#define PROP CLAMP_RULE_MOUNTS_PROPAGATION

/* The fake host's symlinks: a path at or under `from` continues at `to`. */
static const struct
{
  const char *from, *to;
} links[] = {
  { "/x", "/var/run/docker.sock" }, { "/var/run", "/run" },   { "/srv/etc-link", "/etc" },
  { "/lnk-dir", "/run" },           { "/loop-a", "/loop-b" }, { "/loop-b", "/loop-a" },
};

static char *fake_resolve(void *self, const char *path)
{
  (void)self;
  char *p = clamp_path_clean(path);
  /* Bounded, like the kernel's 40 links: a loop stays where it is. */
  for (int hops = 0; hops < 40; hops++)
    {
      bool moved = false;
      for (size_t i = 0; i < CLAMP_N_ELEMENTS(links) && !moved; i++)
        if (clamp_path_is_under(p, links[i].from))
          {
            char *q = clamp_xasprintf("%s/%s", links[i].to, p + strlen(links[i].from));
            free(p);
            p = clamp_path_clean(q);
            free(q);
            moved = true;
          }
      if (!moved)
        break;
    }
  return p;
}

static const struct clamp_path_resolver fake = { NULL, fake_resolve };

static int mounts(struct fx *f, struct clamp_error **err)
{
  struct clamp_harden_host host;
  memset(&host, 0, sizeof host);
  host.bundle = "/bundle";
  host.paths = &fake;
  return clamp_rule_mounts_host(&f->ctx, f->doc->root, &host, err);
}

static void run_mounts(struct fx *f)
{
  struct clamp_error *err = NULL;
  fx_assert_ok(f, mounts(f, &err), &err);
}

/* A spec with one mount. */
#define ONE(m) "{\"mounts\":[" m "]}"
/* A bind mount of src that already has nosuid,nodev plus the options. */
#define BIND(src, opts)                                                                            \
  "{\"destination\":\"/mnt\",\"type\":\"bind\",\"source\":\"" src                                  \
  "\",\"options\":[\"rbind\",\"nosuid\",\"nodev\"" opts "]}"
/* Read-only all the way down: a plain "ro" rbind gets "rro" added
 * (test_recursive_readonly). */
#define RO ",\"ro\",\"rro\""

/* What the rules must find about one mount: which refusals (0, 1 or 2 of
 * them), in order. */
struct refusal_case
{
  const char *name, *json;
  size_t n;
  enum clamp_rule_id rule[2];
  const char *field[2];
};

static void check_refusals(const struct refusal_case *c, size_t n)
{
  for (size_t i = 0; i < n; i++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, c[i].json);
      f.name = c[i].name;
      run_mounts(&f);
      ck_assert_msg(f.findings.len == c[i].n, "%s: %zu findings, want %zu (first: %s)", c[i].name,
                    f.findings.len, c[i].n,
                    f.findings.len ? clamp_rule_info(f.findings.items[0].rule)->id : "");
      for (size_t j = 0; j < c[i].n; j++)
        fx_assert_finding(&f, j, c[i].rule[j], DENIED, c[i].field[j], NULL, NULL);
      /* A refusal rewrites nothing. */
      fx_assert_json(&f, c[i].json);
    }
}

#define SRC0 "mounts[0].source"
#define NONE(name, json)                                                                           \
  {                                                                                                \
    name, json, 0, { 0, 0 }, { NULL, NULL }                                                        \
  }
#define DENY1(name, json, rule, field)                                                             \
  {                                                                                                \
    name, json, 1, { rule, 0 }, { field, NULL }                                                    \
  }
#define DENY2(name, json, r1, f1, r2, f2)                                                          \
  {                                                                                                \
    name, json, 2, { r1, r2 }, { f1, f2 }                                                          \
  }

START_TEST(test_engine_socket)
{
  static const struct refusal_case c[] = {
    DENY1("docker.sock ro", ONE(BIND("/var/run/docker.sock", RO)), SOCK, SRC0),
    DENY1("docker.sock rw", ONE(BIND("/run/docker.sock", "")), SOCK, SRC0),
    DENY1("containerd", ONE(BIND("/run/containerd/containerd.sock", RO)), SOCK, SRC0),
    DENY1("containerd ttrpc", ONE(BIND("/run/containerd/containerd.sock.ttrpc", RO)), SOCK, SRC0),
    DENY1("docker's containerd", ONE(BIND("/var/run/docker/containerd/containerd.sock", RO)), SOCK,
          SRC0),
    DENY1("crio", ONE(BIND("/run/crio/crio.sock", RO)), SOCK, SRC0),
    DENY1("podman", ONE(BIND("/var/run/podman/podman.sock", RO)), SOCK, SRC0),
    DENY1("dot-dot", ONE(BIND("/run/../run/docker.sock", RO)), SOCK, SRC0),
    DENY1("double slash dir", ONE(BIND("//var/run/", RO)), SOCK, SRC0),
    DENY1("trailing slash", ONE(BIND("/run/docker.sock/", RO)), SOCK, SRC0),
    DENY1("trailing dot", ONE(BIND("/var/run/docker.sock/.", RO)), SOCK, SRC0),
    DENY1("symlink to the socket", ONE(BIND("/x", RO)), SOCK, SRC0),
    DENY1("symlinked dir", ONE(BIND("/lnk-dir", RO)), SOCK, SRC0),
    DENY1("any docker.sock", ONE(BIND("/home/u/docker.sock", RO)), SOCK, SRC0),
    DENY1("rootless podman", ONE(BIND("/run/user/1000/podman/podman.sock", RO)), SOCK, SRC0),
    DENY1("any crio.sock", ONE(BIND("/srv/crio.sock", RO)), SOCK, SRC0),
    DENY1("any containerd.sock", ONE(BIND("/opt/x/containerd.sock", RO)), SOCK, SRC0),
    DENY1("/run", ONE(BIND("/run", RO)), SOCK, SRC0),
    DENY1("/var/run", ONE(BIND("/var/run", RO)), SOCK, SRC0),
    DENY1("/run/containerd", ONE(BIND("/run/containerd", RO)), SOCK, SRC0),
    DENY1("/run/docker", ONE(BIND("/run/docker", RO)), SOCK, SRC0),
    DENY1("/var", ONE(BIND("/var", RO)), SOCK, SRC0),
    DENY1("/ ro", ONE(BIND("/", RO)), SOCK, SRC0),
    DENY2("/ rw", ONE(BIND("/", "")), SOCK, SRC0, SYS, SRC0),
    DENY1("relative", ONE(BIND("../../run/docker.sock", RO)), SOCK, SRC0),
    DENY1("relative name", ONE(BIND("sock/docker.sock", RO)), SOCK, SRC0),
    DENY1("bind option, other type",
          ONE("{\"destination\":\"/s\",\"type\":\"none\",\"source\":\"/run/docker.sock\","
              "\"options\":[\"bind\",\"nosuid\",\"nodev\"]}"),
          SOCK, SRC0),
    DENY1("type bind alone",
          ONE("{\"destination\":\"/s\",\"type\":\"bind\",\"source\":\"/run/docker.sock\","
              "\"options\":[\"nosuid\",\"nodev\"]}"),
          SOCK, SRC0),
    DENY1("type rbind alone",
          ONE("{\"destination\":\"/s\",\"type\":\"rbind\",\"source\":\"/run/docker.sock\","
              "\"options\":[\"nosuid\",\"nodev\"]}"),
          SOCK, SRC0),
    DENY1("destination name",
          ONE("{\"destination\":\"/var/run/docker.sock\",\"type\":\"bind\",\"source\":\"/srv/s\","
              "\"options\":[\"rbind\",\"nosuid\",\"nodev\",\"ro\",\"rro\"]}"),
          SOCK, "mounts[0].destination"),
    DENY1("destination name, trailing slash",
          ONE("{\"destination\":\"/a//podman.sock/\",\"type\":\"bind\",\"source\":\"/srv/s\","
              "\"options\":[\"rbind\",\"nosuid\",\"nodev\",\"ro\",\"rro\"]}"),
          SOCK, "mounts[0].destination"),
    DENY1("second mount", "{\"mounts\":[" BIND("/srv/a", RO) "," BIND("/run/docker.sock", RO) "]}",
          SOCK, "mounts[1].source"),
    NONE("not a parent", ONE(BIND("/run/dock", RO))),
    NONE("a sibling", ONE(BIND("/run/docker.socket", RO))),
    NONE("a longer name", ONE(BIND("/srv/my-docker.sock", RO))),
    NONE("sibling dir", ONE(BIND("/run/containerd2", RO))),
    NONE("CRI sandbox shm", ONE(BIND("/run/containerd/io.containerd.grpc.v1.cri/sandboxes/"
                                     "0123456789abcdef/shm",
                                     ""))),
    NONE("CRI sandbox hostname", ONE(BIND("/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/"
                                          "0123456789abcdef/hostname",
                                          ""))),
    NONE("podman userdata",
         ONE(BIND("/run/containers/storage/overlay-containers/0123/userdata/.containerenv", ""))),
    NONE("docker data-root",
         ONE(BIND("/var/lib/docker/containers/0123456789abcdef/resolv.conf", ""))),
    NONE("not a bind",
         ONE("{\"destination\":\"/s\",\"type\":\"tmpfs\",\"source\":\"/run/docker.sock\"}")),
    NONE("relative, bundle's own", ONE(BIND("rootfs/data", ""))),
  };
  check_refusals(c, CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_host_system)
{
  static const struct refusal_case c[] = {
    DENY1("/etc rw", ONE(BIND("/etc", "")), SYS, SRC0),
    DENY1("/etc/ssl rw", ONE(BIND("/etc/ssl", "")), SYS, SRC0),
    DENY1("/boot", ONE(BIND("/boot", "")), SYS, SRC0),
    DENY1("/dev", ONE(BIND("/dev", "")), SYS, SRC0),
    DENY1("/dev/fuse", ONE(BIND("/dev/fuse", "")), SYS, SRC0),
    DENY1("/lib", ONE(BIND("/lib/modules", "")), SYS, SRC0),
    DENY1("/proc", ONE(BIND("/proc", "")), SYS, SRC0),
    DENY1("/sys", ONE(BIND("/sys/fs/cgroup", "")), SYS, SRC0),
    DENY1("/usr", ONE(BIND("/usr/", "")), SYS, SRC0),
    DENY1("//etc//", ONE(BIND("//etc//", "")), SYS, SRC0),
    DENY1("/srv/../etc", ONE(BIND("/srv/../etc", "")), SYS, SRC0),
    DENY1("symlink to /etc", ONE(BIND("/srv/etc-link", "")), SYS, SRC0),
    DENY1("below a symlink to /etc", ONE(BIND("/srv/etc-link/shadow", "")), SYS, SRC0),
    DENY1("ro then rw", ONE(BIND("/etc", ",\"ro\",\"rw\"")), SYS, SRC0),
    DENY1("ro then rrw", ONE(BIND("/etc", ",\"ro\",\"rrw\"")), SYS, SRC0),
    DENY1("rro then rrw", ONE(BIND("/etc", ",\"rro\",\"rrw\"")), SYS, SRC0),
    DENY1("relative to /", ONE(BIND("../../../../etc", "")), SYS, SRC0),
    DENY1("proc type, bind option",
          ONE("{\"destination\":\"/p\",\"type\":\"proc\",\"source\":\"/proc\","
              "\"options\":[\"rbind\",\"nosuid\",\"nodev\"]}"),
          SYS, SRC0),
    NONE("/etc ro", ONE(BIND("/etc", RO))),
    NONE("rw then ro", ONE(BIND("/etc", ",\"rw\",\"ro\",\"rro\""))),
    NONE("rro", ONE(BIND("/etc", ",\"rro\""))),
    NONE("rw then rro", ONE(BIND("/etc", ",\"rw\",\"rro\""))),
    NONE("rrw then rro", ONE(BIND("/usr", ",\"rrw\",\"rro\""))),
    NONE("/etcetera", ONE(BIND("/etcetera", ""))),
    NONE("/usr/../srv", ONE(BIND("/usr/../srv", ""))),
    NONE("/lib64 (not in CIS 5.6)", ONE(BIND("/lib64", ""))),
    NONE("/srv/data", ONE(BIND("/srv/data", ""))),
    NONE("relative to the bundle", ONE(BIND("etc", ""))),
  };
  check_refusals(c, CLAMP_N_ELEMENTS(c));
}
END_TEST

#define PFS(type, dest, opts)                                                                      \
  ONE("{\"destination\":\"" dest "\",\"type\":\"" type "\",\"source\":\"" type                     \
      "\",\"options\":[\"nosuid\",\"noexec\",\"nodev\"" opts "]}")

/* A spec with root.path and one mount. */
#define ROOTED(root, m) "{\"root\":{\"path\":\"" root "\"},\"mounts\":[" m "]}"

/* runc mounts a bind after the mounts before it, in the new root: a
 * source inside the container's root is what those made of it (its proc
 * at rootfs/proc, where /proc/1/root is the host's / while runc init
 * runs). Bundle "/bundle". */
START_TEST(test_source_in_rootfs)
{
  static const struct refusal_case c[] = {
    DENY1("through its proc, absolute",
          ROOTED("/bundle/rootfs", BIND("/bundle/rootfs/proc/1/root/etc", "")), SYS, SRC0),
    DENY1("through its proc, read-only",
          ROOTED("/bundle/rootfs", BIND("/bundle/rootfs/proc/1/root/run", RO)), SYS, SRC0),
    DENY1("relative root and source", ROOTED("rootfs", BIND("rootfs/proc/1/root/etc", RO)), SYS,
          SRC0),
    DENY1("the root itself", ROOTED("rootfs", BIND("/bundle/rootfs", RO)), SYS, SRC0),
    NONE("next to the root", ROOTED("rootfs", BIND("/bundle/rootfs2/data", RO))),
    /* magic links: where they lead depends on the process and on who
     * follows them */
    DENY1("/proc/1/root, read-only", ONE(BIND("/proc/1/root/var/lib", RO)), SYS, SRC0),
    DENY1("/proc/self/cwd", ONE(BIND("/proc/self/cwd", RO)), SYS, SRC0),
    NONE("no root.path", ONE(BIND("/bundle/rootfs/x", RO))),
  };
  check_refusals(c, CLAMP_N_ELEMENTS(c));
}
END_TEST

START_TEST(test_pseudo_fs)
{
  static const struct refusal_case c[] = {
    DENY1("second proc", PFS("proc", "/mnt/proc", ""), PSEUDO, "mounts[0].type"),
    DENY1("sysfs elsewhere", PFS("sysfs", "/host/sys", ""), PSEUDO, "mounts[0].type"),
    DENY1("cgroup elsewhere", PFS("cgroup", "/cg", ""), PSEUDO, "mounts[0].type"),
    DENY1("cgroup2 elsewhere", PFS("cgroup2", "/sys/fs/cgroup/x", ""), PSEUDO, "mounts[0].type"),
    DENY1("proc under /proc", PFS("proc", "/proc/1", ",\"rw\""), PSEUDO, "mounts[0].type"),
    DENY1("ro then rw", PFS("cgroup", "/p", ",\"ro\",\"rw\""), PSEUDO, "mounts[0].type"),
    /* masked and read-only paths apply at /proc and /sys only */
    DENY1("second proc ro", PFS("proc", "/mnt/proc", ",\"ro\""), PSEUDO, "mounts[0].type"),
    /* runc and crun apply rro to binds only: this proc is read-write */
    DENY1("second proc rro", PFS("proc", "/p", ",\"rro\""), PSEUDO, "mounts[0].type"),
    DENY1("cgroup rro", PFS("cgroup", "/cg", ",\"rro\""), PSEUDO, "mounts[0].type"),
    DENY1("sysfs rro", PFS("sysfs", "/host/sys", ",\"rro\""), PSEUDO, "mounts[0].type"),
    /* a host disk, overlay or device filesystem */
    DENY1("ext4 of a host disk",
          ONE("{\"destination\":\"/host\",\"type\":\"ext4\",\"source\":"
              "\"/dev/vda\",\"options\":[\"rw\"]}"),
          PSEUDO, "mounts[0].type"),
    DENY1("overlay over host dirs",
          ONE("{\"destination\":\"/o\",\"type\":\"overlay\",\"source\":"
              "\"overlay\",\"options\":[\"lowerdir=/run:/etc\"]}"),
          PSEUDO, "mounts[0].type"),
    DENY1("devtmpfs", PFS("devtmpfs", "/d", ""), PSEUDO, "mounts[0].type"),
    DENY1("no type", ONE("{\"destination\":\"/x\",\"source\":\"proc\"}"), PSEUDO, "mounts[0].type"),
    NONE("proc at /proc", PFS("proc", "/proc", "")),
    NONE("proc at //proc/", PFS("proc", "//proc/", "")),
    NONE("sysfs rw at /sys (privileged)", PFS("sysfs", "/sys", ",\"rw\"")),
    NONE("cgroup rw at /sys/fs/cgroup", PFS("cgroup", "/sys/fs/cgroup", ",\"rw\"")),
    NONE("cgroup2 at /sys/fs/cgroup", PFS("cgroup2", "/sys/fs/cgroup", "")),
    NONE("second cgroup ro", PFS("cgroup", "/cg", ",\"ro\"")),
    NONE("tmpfs", PFS("tmpfs", "/mnt/t", "")),
    NONE("mqueue", PFS("mqueue", "/dev/mqueue", "")),
    NONE("devpts", PFS("devpts", "/dev/pts", "")),
  };
  check_refusals(c, CLAMP_N_ELEMENTS(c));
}
END_TEST

/* The rules turn in into want with the given number of findings. */
static void mounts_become(const char *name, const char *in, const char *want, size_t n)
{
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  f.name = name;
  run_mounts(&f);
  fx_assert_json(&f, want);
  ck_assert_msg(f.findings.len == n, "%s: %zu findings, want %zu", name, f.findings.len, n);
  ck_assert_msg(clamp_findings_denied(&f.findings) == NULL, "%s: denied", name);
}

#define MNT(type, opts)                                                                            \
  "{\"mounts\":[{\"destination\":\"/d\",\"type\":\"" type                                          \
  "\",\"source\":\"/srv/s\",\"options\":" opts "}]}"

START_TEST(test_bind_options)
{
  mounts_become("docker's rbind", MNT("bind", "[\"rbind\",\"rprivate\"]"),
                MNT("bind", "[\"rbind\",\"rprivate\",\"nosuid\",\"nodev\"]"), 1);
  mounts_become("opposites removed",
                MNT("bind", "[\"rbind\",\"suid\",\"dev\",\"rdev\",\"nosuid\"]"),
                MNT("bind", "[\"rbind\",\"nosuid\",\"nodev\"]"), 1);
  mounts_become("rsuid removed", MNT("none", "[\"bind\",\"nodev\",\"rsuid\",\"nosuid\"]"),
                MNT("none", "[\"bind\",\"nodev\",\"nosuid\"]"), 1);
  mounts_become("complies", MNT("bind", "[\"nodev\",\"rbind\",\"nosuid\",\"ro\",\"rro\"]"),
                MNT("bind", "[\"nodev\",\"rbind\",\"nosuid\",\"ro\",\"rro\"]"), 0);
  /* A read-only rbind is read-only below its top only with rro (runc 1.1
   * and crun remount the top mount alone): -v /:/host:ro would leave the
   * host's /proc and /sys beneath writable. */
  mounts_become("ro rbind gets rro", MNT("bind", "[\"rbind\",\"ro\",\"nosuid\",\"nodev\"]"),
                MNT("bind", "[\"rbind\",\"ro\",\"nosuid\",\"nodev\",\"rro\"]"), 1);
  mounts_become("type rbind too", MNT("rbind", "[\"ro\",\"nosuid\",\"nodev\"]"),
                MNT("rbind", "[\"ro\",\"nosuid\",\"nodev\",\"rro\"]"), 1);
  mounts_become("a plain bind has no mounts below",
                MNT("bind", "[\"bind\",\"ro\",\"nosuid\",\"nodev\"]"),
                MNT("bind", "[\"bind\",\"ro\",\"nosuid\",\"nodev\"]"), 0);
  mounts_become("rw rbind untouched", MNT("bind", "[\"rbind\",\"ro\",\"rw\",\"nosuid\",\"nodev\"]"),
                MNT("bind", "[\"rbind\",\"ro\",\"rw\",\"nosuid\",\"nodev\"]"), 0);
  mounts_become("no options",
                "{\"mounts\":[{\"destination\":\"/d\",\"type\":\"bind\",\"source\":\"/srv/s\"}]}",
                MNT("bind", "[\"nosuid\",\"nodev\"]"), 1);
  mounts_become("null options", MNT("bind", "null"), MNT("bind", "[\"nosuid\",\"nodev\"]"), 1);
  mounts_become("not a bind", MNT("tmpfs", "[\"suid\"]"), MNT("tmpfs", "[\"suid\"]"), 0);
  /* The finding says what changed. */
  _cleanup_fx_ struct fx f;
  fx_init(&f, MNT("bind", "[\"rbind\",\"dev\"]"));
  run_mounts(&f);
  fx_assert_finding(&f, 0, BINDOPT, CHANGED, "mounts[0].options", "[rbind, dev]",
                    "[rbind, nosuid, nodev]");
}
END_TEST

START_TEST(test_propagation)
{
  mounts_become("rshared bind", MNT("bind", "[\"rbind\",\"rshared\",\"nosuid\",\"nodev\"]"),
                MNT("bind", "[\"rbind\",\"rprivate\",\"nosuid\",\"nodev\"]"), 1);
  mounts_become("both, once", MNT("tmpfs", "[\"shared\",\"ro\",\"rshared\"]"),
                MNT("tmpfs", "[\"rprivate\",\"ro\"]"), 1);
  mounts_become("and bind options", MNT("bind", "[\"rbind\",\"shared\"]"),
                MNT("bind", "[\"rbind\",\"rprivate\",\"nosuid\",\"nodev\"]"), 2);
  mounts_become("slave kept", MNT("tmpfs", "[\"rslave\"]"), MNT("tmpfs", "[\"rslave\"]"), 0);
  mounts_become("rootfsPropagation", "{\"linux\":{\"rootfsPropagation\":\"rshared\"}}",
                "{\"linux\":{\"rootfsPropagation\":\"rprivate\"}}", 1);
  mounts_become("rootfsPropagation shared", "{\"linux\":{\"rootfsPropagation\":\"shared\"}}",
                "{\"linux\":{\"rootfsPropagation\":\"rprivate\"}}", 1);
  mounts_become("rootfsPropagation slave", "{\"linux\":{\"rootfsPropagation\":\"slave\"}}",
                "{\"linux\":{\"rootfsPropagation\":\"slave\"}}", 0);
  mounts_become("no linux", "{}", "{}", 0);
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"linux\":{\"rootfsPropagation\":\"rshared\"}}");
  run_mounts(&f);
  fx_assert_finding(&f, 0, PROP, CHANGED, "linux.rootfsPropagation", "rshared", "rprivate");
}
END_TEST

START_TEST(test_idempotent)
{
  const char *in = "{\"linux\":{\"rootfsPropagation\":\"shared\"},\"mounts\":["
                   "{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"},"
                   "{\"destination\":\"/a\",\"type\":\"bind\",\"source\":\"/srv/a\","
                   "\"options\":[\"rbind\",\"rshared\",\"suid\"]},"
                   "{\"destination\":\"/b\",\"type\":\"none\",\"source\":\"/etc\","
                   "\"options\":[\"bind\",\"ro\",\"shared\"]},"
                   "{\"destination\":\"/c\",\"type\":\"tmpfs\",\"source\":\"t\","
                   "\"options\":[\"rshared\"]}]}";
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  run_mounts(&f);
  ck_assert_uint_eq(f.findings.len, 6);
  ck_assert_ptr_null(clamp_findings_denied(&f.findings));
  struct clamp_buf once;
  clamp_buf_init(&once);
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_json_serialize(f.doc->root, &once, &err), 0);
  clamp_buf_putc(&once, '\0');
  _cleanup_fx_ struct fx g;
  fx_init(&g, once.data);
  run_mounts(&g);
  fx_assert_untouched(&g, once.data);
  clamp_buf_free(&once);
}
END_TEST

/* Each rule under every action, on a document that breaks only it. */
static const struct fx_action_case refuse_actions[] = {
  { "deny", CLAMP_ACTION_DENY, 1, DENIED, NULL, NULL, NULL },
  { "warn", CLAMP_ACTION_WARN, 1, WARNED, NULL, NULL, NULL },
  { "off", CLAMP_ACTION_OFF, 0, DENIED, NULL, NULL, NULL },
  { "enforce", CLAMP_ACTION_ENFORCE, 1, DENIED, NULL, NULL, NULL },
};

START_TEST(test_actions)
{
  fx_check_actions(ONE(BIND("/run/docker.sock", RO)), SOCK, run_mounts, true, refuse_actions,
                   CLAMP_N_ELEMENTS(refuse_actions));
  fx_check_actions(ONE(BIND("/etc", "")), SYS, run_mounts, true, refuse_actions,
                   CLAMP_N_ELEMENTS(refuse_actions));
  fx_check_actions(PFS("proc", "/p", ""), PSEUDO, run_mounts, true, refuse_actions,
                   CLAMP_N_ELEMENTS(refuse_actions));

  const char *bind = MNT("bind", "[\"rbind\"]");
  static const struct fx_action_case opt[] = {
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, "mounts[0].options", "[rbind]",
      "[rbind, nosuid, nodev]" },
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "mounts[0].options", "[rbind]", NULL },
    { "off", CLAMP_ACTION_OFF, 0, DENIED, NULL, NULL, NULL },
  };
  fx_check_actions(bind, BINDOPT, run_mounts, true, opt, CLAMP_N_ELEMENTS(opt));
  static const struct fx_action_case opt_enforce[] = {
    { "enforce", CLAMP_ACTION_ENFORCE, 1, CHANGED, "mounts[0].options", "[rbind]",
      "[rbind, nosuid, nodev]" },
  };
  fx_check_actions(bind, BINDOPT, run_mounts, false, opt_enforce, 1);

  const char *shared = MNT("tmpfs", "[\"rshared\"]");
  static const struct fx_action_case prop[] = {
    { "deny", CLAMP_ACTION_DENY, 1, DENIED, "mounts[0].options", "[rshared]", "[rprivate]" },
    { "warn", CLAMP_ACTION_WARN, 1, WARNED, "mounts[0].options", NULL, NULL },
    { "off", CLAMP_ACTION_OFF, 0, DENIED, NULL, NULL, NULL },
  };
  fx_check_actions(shared, PROP, run_mounts, true, prop, CLAMP_N_ELEMENTS(prop));
  static const struct fx_action_case prop_enforce[] = {
    { "enforce", CLAMP_ACTION_ENFORCE, 1, CHANGED, "mounts[0].options", "[rshared]", "[rprivate]" },
  };
  fx_check_actions(shared, PROP, run_mounts, false, prop_enforce, 1);

  /* Off really is off: all five off, nothing found, nothing changed. */
  const char *all = "{\"linux\":{\"rootfsPropagation\":\"shared\"},\"mounts\":["
                    "{\"destination\":\"/a\",\"type\":\"bind\",\"source\":\"/\","
                    "\"options\":[\"rbind\",\"rshared\"]},"
                    "{\"destination\":\"/p\",\"type\":\"proc\",\"source\":\"proc\"}]}";
  _cleanup_fx_ struct fx f;
  fx_init(&f, all);
  for (int r = SOCK; r <= PROP; r++)
    f.policy.actions[r] = CLAMP_ACTION_OFF;
  run_mounts(&f);
  fx_assert_untouched(&f, all);
}
END_TEST

START_TEST(test_bad_input)
{
  static const struct fx_error_case c[] = {
    { "{\"mounts\":{}}", "mounts: " },
    { "{\"mounts\":[5]}", "mounts[0]: " },
    { "{\"mounts\":[{},{},{},{\"source\":7}]}", "mounts[3].source: " },
    { "{\"mounts\":[{\"type\":true}]}", "mounts[0].type: " },
    { "{\"mounts\":[{\"destination\":[]}]}", "mounts[0].destination: " },
    { "{\"mounts\":[{\"options\":[\"rbind\",null]}]}", "mounts[0].options[1]: " },
    { "{\"linux\":[]}", "linux: " },
    { "{\"linux\":{\"rootfsPropagation\":5}}", "linux.rootfsPropagation: " },
  };
  fx_check_errors(mounts, true, c, CLAMP_N_ELEMENTS(c));
}
END_TEST

/* Without a resolver (NULL host or paths) the checks still run, lexically;
 * a resolver that cannot answer falls back the same way. */
static char *null_resolve(void *self, const char *path)
{
  (void)self;
  (void)path;
  return NULL;
}

START_TEST(test_no_resolver)
{
  static const struct clamp_path_resolver none = { NULL, null_resolve };
  const char *in = "{\"mounts\":[" BIND("/run/../var/run/docker.sock", RO) "," BIND(
      "//etc/", "") "," BIND("sub/podman.sock", RO) "]}";
  for (int k = 0; k < 3; k++)
    {
      _cleanup_fx_ struct fx f;
      fx_init(&f, in);
      struct clamp_harden_host host;
      memset(&host, 0, sizeof host);
      host.paths = k == 2 ? &none : NULL;
      struct clamp_error *err = NULL;
      fx_assert_ok(&f, clamp_rule_mounts_host(&f.ctx, f.doc->root, k == 0 ? NULL : &host, &err),
                   &err);
      ck_assert_uint_eq(f.findings.len, 3);
      fx_assert_finding(&f, 0, SOCK, DENIED, "mounts[0].source", NULL, NULL);
      fx_assert_finding(&f, 1, SYS, DENIED, "mounts[1].source", NULL, NULL);
      fx_assert_finding(&f, 2, SOCK, DENIED, "mounts[2].source", NULL, NULL);
    }
}
END_TEST

/* The real resolver on a scratch tree of symlinks. */
START_TEST(test_real_resolver)
{
  char dir[] = "/tmp/clamp-mounts.XXXXXX";
  ck_assert_ptr_nonnull(mkdtemp(dir));
  _cleanup_free_ char *real_dir = realpath(dir, NULL);
  _cleanup_free_ char *etc = clamp_xasprintf("%s/etc", dir);
  _cleanup_free_ char *sub = clamp_xasprintf("%s/sub", dir);
  _cleanup_free_ char *loop = clamp_xasprintf("%s/loop", dir);
  ck_assert_int_eq(symlink("/etc", etc), 0);
  ck_assert_int_eq(mkdir(sub, 0700), 0);
  ck_assert_int_eq(symlink(loop, loop), 0);
  static const struct
  {
    const char *rel, *want; /* want: absolute, or relative to the real dir */
  } c[] = {
    { "etc", "/etc" },
    { "etc/passwd", "/etc/passwd" },
    { "etc/no-such-file", "/etc/no-such-file" },
    { "etc/no/such/../../dir", "/etc/dir" },
    { "missing/../etc/x", "/etc/x" },
    { "sub/../etc", "/etc" },
    { "sub/", "sub" },
    { "sub/missing/", "sub/missing" },
    { "loop/x", "loop/x" },
    { "sub/../sub/./missing/../../etc", "/etc" },
    { "etc/../../..", "/" },
    { "sub//missing//..//..//etc//", "/etc" },
  };
  /* Without and with the memo, twice (the second time from memory). */
  struct clamp_host_mounts memo;
  struct clamp_harden_host unused;
  clamp_host_mounts_init(&memo, NULL, &unused);
  for (int pass = 0; pass < 3; pass++)
    for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
      {
        _cleanup_free_ char *p = clamp_xasprintf("%s/%s", dir, c[i].rel);
        _cleanup_free_ char *want = c[i].want[0] == '/'
                                        ? clamp_xstrdup(c[i].want)
                                        : clamp_xasprintf("%s/%s", real_dir, c[i].want);
        _cleanup_free_ char *got = clamp_host_resolve_path(pass ? &memo : NULL, p);
        ck_assert_msg(strcmp(got, want) == 0, "%s (pass %d): %s, want %s", c[i].rel, pass, got,
                      want);
      }
  clamp_host_mounts_free(&memo);
  _cleanup_free_ char *gone = clamp_host_resolve_path(NULL, "/no-such-dir/x/../docker.sock");
  ck_assert_str_eq(gone, "/no-such-dir/docker.sock");

  /* Through the host facts: a relative source is the bundle's. */
  struct clamp_harden_host host;
  memset(&host, 0, sizeof host);
  struct clamp_host_mounts hm;
  clamp_host_mounts_init(&hm, dir, &host);
  ck_assert_str_eq(host.bundle, real_dir);
  _cleanup_fx_ struct fx f;
  fx_init(&f, "{\"mounts\":[" BIND("etc", "") "," BIND("sub", "") "]}");
  struct clamp_error *err = NULL;
  fx_assert_ok(&f, clamp_rule_mounts_host(&f.ctx, f.doc->root, &host, &err), &err);
  ck_assert_uint_eq(f.findings.len, 1);
  fx_assert_finding(&f, 0, SYS, DENIED, "mounts[0].source", NULL, NULL);
  clamp_host_mounts_free(&hm);

  ck_assert_int_eq(unlink(etc), 0);
  ck_assert_int_eq(unlink(loop), 0);
  ck_assert_int_eq(rmdir(sub), 0);
  ck_assert_int_eq(rmdir(dir), 0);
}
END_TEST

/* text with every occurrence of from replaced by to. Caller frees. */
static char *replace_all(const char *text, const char *from, const char *to)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  size_t n = strlen(from);
  for (const char *p = text, *q; *p; p = q + n)
    {
      q = strstr(p, from);
      if (q == NULL)
        {
          clamp_buf_puts(&b, p);
          break;
        }
      clamp_buf_printf(&b, "%.*s%s", (int)(q - p), p, to);
    }
  return clamp_buf_steal(&b);
}

/* Every engine fixture, with its sources moved where the engines really
 * keep them, hardens without a refusal through the real resolver. */
START_TEST(test_engine_fixtures_real_paths)
{
  static const char *const cases[] = {
    "docker/default",         "docker/privileged",        "docker/cap-add-all",
    "docker/user-1000",       "docker/user-1000-netbind", "docker/seccomp-unconfined",
    "docker/read-only-tmpfs", "docker/volume-secrets",    "podman/default",
    "podman/user-1000",       "podman/privileged",
  };
  static const struct
  {
    const char *from, *to;
  } moves[] = {
    { "docker/data", "/var/lib/docker" },
    { "docker/exec", "/run/docker" },
    { "podman/run", "/run/containers/storage" },
    { "podman/root", "/var/lib/containers/storage" },
    { "secrets", "/srv/secrets" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(cases); i++)
    {
      _cleanup_free_ char *rel = clamp_xasprintf("%s/config.json", cases[i]);
      size_t len;
      _cleanup_free_ char *text = clamp_test_read_data(rel, &len);
      /* The capture's scratch directory, /tmp/clamp-fx.XXXXXX/ (each run
       * of make-fixtures.sh has its own). */
      const char *at = strstr(text, "/tmp/clamp-fx.");
      ck_assert_msg(at != NULL, "%s: paths moved?", rel);
      _cleanup_free_ char *scratch =
          clamp_xasprintf("%.*s", (int)(strchr(at + 5, '/') + 1 - at), at);
      for (size_t m = 0; m < CLAMP_N_ELEMENTS(moves); m++)
        {
          _cleanup_free_ char *from = clamp_xasprintf("%s%s", scratch, moves[m].from);
          char *t = replace_all(text, from, moves[m].to);
          free(text);
          text = t;
        }
      ck_assert_msg(strstr(text, scratch) == NULL, "%s: a path left", rel);
      _cleanup_fx_ struct fx f;
      fx_init(&f, text);
      f.name = rel;
      struct clamp_harden_host host;
      fx_host_facts(&host);
      struct clamp_host_mounts hm;
      clamp_host_mounts_init(&hm, "/tmp", &host);
      struct clamp_error *err = NULL;
      fx_assert_ok(&f, clamp_harden_config(&f.ctx, &host, &err), &err);
      clamp_host_mounts_free(&hm);
      const struct clamp_finding *d = clamp_findings_denied(&f.findings);
      ck_assert_msg(d == NULL, "%s: denied: %s: %s", rel, d ? d->field : "", d ? d->reason : "");
      /* Every bind mount came out nosuid,nodev. */
      size_t binds = 0;
      for (size_t j = 0; j < f.findings.len; j++)
        binds += f.findings.items[j].rule == BINDOPT;
      ck_assert_msg(binds >= 3, "%s: %zu bind mounts fixed", rel, binds);
    }
}
END_TEST

/* A CRI (containerd) sandbox container's binds. */
START_TEST(test_cri_sandbox)
{
  const char *in = "{\"mounts\":["
                   "{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\","
                   "\"options\":[\"nosuid\",\"noexec\",\"nodev\"]},"
                   "{\"destination\":\"/sys/fs/cgroup\",\"type\":\"cgroup\",\"source\":\"cgroup\","
                   "\"options\":[\"nosuid\",\"noexec\",\"nodev\",\"relatime\",\"ro\"]},"
                   "{\"destination\":\"/etc/hostname\",\"type\":\"bind\",\"source\":"
                   "\"/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/abc/hostname\","
                   "\"options\":[\"rbind\",\"rprivate\",\"rw\"]},"
                   "{\"destination\":\"/etc/resolv.conf\",\"type\":\"bind\",\"source\":"
                   "\"/var/lib/containerd/io.containerd.grpc.v1.cri/sandboxes/abc/resolv.conf\","
                   "\"options\":[\"rbind\",\"rprivate\",\"rw\"]},"
                   "{\"destination\":\"/dev/shm\",\"type\":\"bind\",\"source\":"
                   "\"/run/containerd/io.containerd.grpc.v1.cri/sandboxes/abc/shm\","
                   "\"options\":[\"rbind\",\"ro\",\"nosuid\",\"nodev\",\"noexec\"]}]}";
  _cleanup_fx_ struct fx f;
  fx_init(&f, in);
  struct clamp_harden_host host;
  memset(&host, 0, sizeof host);
  struct clamp_host_mounts hm;
  clamp_host_mounts_init(&hm, "/tmp", &host);
  struct clamp_error *err = NULL;
  fx_assert_ok(&f, clamp_rule_mounts_host(&f.ctx, f.doc->root, &host, &err), &err);
  clamp_host_mounts_free(&hm);
  ck_assert_uint_eq(f.findings.len, 3);
  fx_assert_finding(&f, 0, BINDOPT, CHANGED, "mounts[2].options", NULL, NULL);
  fx_assert_finding(&f, 1, BINDOPT, CHANGED, "mounts[3].options", NULL, NULL);
  /* The read-only shm rbind becomes read-only all the way down. */
  fx_assert_finding(&f, 2, BINDOPT, CHANGED, "mounts[4].options", NULL,
                    "[rbind, ro, nosuid, nodev, noexec, rro]");
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("rule_mounts");
  TCase *tc = tcase_create("rule_mounts");
  tcase_add_test(tc, test_engine_socket);
  tcase_add_test(tc, test_host_system);
  tcase_add_test(tc, test_pseudo_fs);
  tcase_add_test(tc, test_bind_options);
  tcase_add_test(tc, test_propagation);
  tcase_add_test(tc, test_idempotent);
  tcase_add_test(tc, test_actions);
  tcase_add_test(tc, test_bad_input);
  tcase_add_test(tc, test_no_resolver);
  tcase_add_test(tc, test_source_in_rootfs);
  tcase_add_test(tc, test_real_resolver);
  tcase_add_test(tc, test_engine_fixtures_real_paths);
  tcase_add_test(tc, test_cri_sandbox);
  suite_add_tcase(s, tc);
  return s;
}
