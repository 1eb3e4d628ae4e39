/* SPDX-License-Identifier: Apache-2.0 */
/* The spec layer (typed accessors, Go's case-folding key check) and the
 * lexical path helpers. Expected values come from Go's encoding/json as
 * runc 1.1 uses it (see shared/reference/json-differentials.md): struct
 * fields match keys case-insensitively with the simple folds U+017F->s and
 * U+212A->k; map keys (annotations, linux.sysctl, ...) are exact; a uint32
 * field takes integer text in range only; null leaves the zero value. */
#include <string.h>

#include "clamp/path.h"
#include "clamp/spec.h"
#include "testutil.h"

/* check_keys must accept text. */
static void keys_ok(const char *text, enum clamp_spec_kind kind)
{
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_test_parse(text);
  _cleanup_error_ struct clamp_error *err = NULL;
  int r = clamp_spec_check_keys(doc->root, kind, &err);
  ck_assert_msg(r == 0, "rejected %s: %s", text, err ? err->msg : "?");
}

/* check_keys must reject text with a message that starts with the path of
 * the offending key and names the field runc would read. */
static void keys_bad(const char *text, enum clamp_spec_kind kind, const char *path,
                     const char *field)
{
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_test_parse(text);
  _cleanup_error_ struct clamp_error *err = NULL;
  int r = clamp_spec_check_keys(doc->root, kind, &err);
  ck_assert_msg(r < 0, "accepted %s", text);
  ck_assert_int_eq(err->kind, CLAMP_ERR_INPUT);
  _cleanup_free_ char *prefix = clamp_xasprintf("%s: ", path);
  clamp_test_assert_prefix(err->msg, prefix);
  _cleanup_free_ char *q = clamp_xasprintf("\"%s\"", field);
  ck_assert_msg(strstr(err->msg, q) != NULL, "message \"%s\" lacks %s", err->msg, q);
}

#define CONFIG CLAMP_SPEC_CONFIG
#define PROCESS CLAMP_SPEC_PROCESS

/* ---- Go's fold ---- */

START_TEST(test_key_folds_to)
{
  static const struct
  {
    const char *key, *field;
    bool folds;
  } c[] = {
    { "process", "process", true },
    { "Process", "process", true },
    { "PROCESS", "process", true },
    { "pRoCeSs", "process", true },
    { "proce\xc5\xbfs", "process", true }, /* U+017F */
    { "pro\xc5\xbf"
      "ce\xc5\xbf\xc5\xbf",
      "process", false }, /* 'c' position holds ſ: no */
    { "\xc5\xbf"
      "eccomp",
      "seccomp", true },
    { "hoo\xe2\x84\xaa"
      "s",
      "hooks", true }, /* U+212A KELVIN SIGN */
    { "HOO\xe2\x84\xaa"
      "S",
      "hooks", true },
    { "noNewPrivileges", "noNewPrivileges", true },
    { "NONEWPRIVILEGES", "noNewPrivileges", true },
    { "oomScoreAdj", "oomScoreAdj", true },
    { "OOMSCOREADJ", "oomScoreAdj", true },
    { "oom\xe2\x84\xaa"
      "coreAdj",
      "oomScoreAdj", false },                          /* Kelvin is k, not S */
    { "no_new_privileges", "noNewPrivileges", false }, /* v1 folds no '_' */
    { "process ", "process", false },
    { "proces", "process", false },
    { "processs", "process", false },
    { "\xc4\xb1"
      "d",
      "id", false }, /* U+0131 dotless i folds to nothing */
    { "\xc4\xb0"
      "D",
      "id", false },                            /* U+0130 dotted I neither */
    { "\xef\xbd\x90rocess", "process", false }, /* U+FF50 fullwidth p */
    { "proce\xc5", "process", false },          /* truncated sequence */
    { "", "process", false },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    ck_assert_msg(clamp_spec_key_folds_to(c[i].key, strlen(c[i].key), c[i].field) == c[i].folds,
                  "case %zu: %s vs %s", i, c[i].key, c[i].field);
}
END_TEST

/* ---- the key check over a whole document ---- */

START_TEST(test_keys_top_level)
{
  keys_bad("{\"Process\":{}}", CONFIG, "Process", "process");
  keys_bad("{\"process\":{},\"Process\":{}}", CONFIG, "Process", "process");
  keys_bad("{\"proce\xc5\xbfs\":{\"user\":{\"uid\":0}}}", CONFIG, "proce\\u{17F}s", "process");
  keys_bad("{\"hoo\xe2\x84\xaas\":{}}", CONFIG, "hoo\\u{212A}s", "hooks");
  keys_bad("{\"ROOT\":{\"path\":\"r\"}}", CONFIG, "ROOT", "root");
  keys_bad("{\"OciVersion\":\"1.0.2\"}", CONFIG, "OciVersion", "ociVersion");
  keys_bad("{\"Linux\":{}}", CONFIG, "Linux", "linux");
  keys_bad("{\"Annotations\":{}}", CONFIG, "Annotations", "annotations");
}
END_TEST

START_TEST(test_keys_nested)
{
  keys_bad("{\"process\":{\"NoNewPrivileges\":false}}", CONFIG, "process.NoNewPrivileges",
           "noNewPrivileges");
  keys_bad("{\"process\":{\"OOMSCOREADJ\":-1000}}", CONFIG, "process.OOMSCOREADJ", "oomScoreAdj");
  keys_bad("{\"process\":{\"user\":{\"UID\":0}}}", CONFIG, "process.user.UID", "uid");
  keys_bad("{\"process\":{\"capabilities\":{\"Bounding\":[]}}}", CONFIG,
           "process.capabilities.Bounding", "bounding");
  keys_bad("{\"process\":{\"user\":{\"umas\xe2\x84\xaa\":0}}}", CONFIG,
           "process.user.umas\\u{212A}", "umask");
  keys_bad("{\"linux\":{\"mas\xe2\x84\xaa"
           "edPaths\":[]}}",
           CONFIG, "linux.mas\\u{212A}edPaths", "maskedPaths");
  keys_bad("{\"linux\":{\"seccomp\":{\"syscalls\":[{\"Names\":[\"ptrace\"]}]}}}", CONFIG,
           "linux.seccomp.syscalls[0].Names", "names");
  keys_bad("{\"linux\":{\"seccomp\":{\"syscalls\":[{\"names\":[]},{\"action\":\"x\","
           "\"args\":[{\"index\":0,\"OP\":\"x\"}]}]}}}",
           CONFIG, "linux.seccomp.syscalls[1].args[0].OP", "op");
  keys_bad("{\"mounts\":[{\"destination\":\"/a\"},{\"Options\":[]}]}", CONFIG, "mounts[1].Options",
           "options");
  keys_bad("{\"mounts\":[{\"uidMappings\":[{\"HostID\":0}]}]}", CONFIG,
           "mounts[0].uidMappings[0].HostID", "hostID");
  keys_bad("{\"linux\":{\"uidMappings\":[{\"containerID\":0,\"\xc5\xbfize\":1}]}}", CONFIG,
           "linux.uidMappings[0].\\u{17F}ize", "size");
  keys_bad("{\"linux\":{\"namespaces\":[{\"Type\":\"user\"}]}}", CONFIG, "linux.namespaces[0].Type",
           "type");
  keys_bad("{\"hooks\":{\"prestart\":[{\"Path\":\"/x\"}]}}", CONFIG, "hooks.prestart[0].Path",
           "path");
  keys_bad("{\"linux\":{\"resources\":{\"Devices\":[]}}}", CONFIG, "linux.resources.Devices",
           "devices");
  keys_bad("{\"linux\":{\"resources\":{\"memory\":{\"LIMIT\":1}}}}", CONFIG,
           "linux.resources.memory.LIMIT", "limit");
  /* map[string]struct: the key is data, the value a struct. */
  keys_bad("{\"linux\":{\"netDevices\":{\"eth0\":{\"Name\":\"x\"}}}}", CONFIG,
           "linux.netDevices.eth0.Name", "name");
  keys_bad("{\"linux\":{\"resources\":{\"rdma\":{\"mlx\":{\"HcaHandles\":1}}}}}", CONFIG,
           "linux.resources.rdma.mlx.HcaHandles", "hcaHandles");
}
END_TEST

START_TEST(test_keys_process_file)
{
  keys_bad("{\"User\":{\"uid\":0}}", PROCESS, "User", "user");
  keys_bad("{\"user\":{\"uid\":1000,\"UID\":0}}", PROCESS, "user.UID", "uid");
  keys_bad("{\"capabilitie\xc5\xbf\":{}}", PROCESS, "capabilitie\\u{17F}", "capabilities");
  keys_bad("{\"apparmorprofile\":\"unconfined\"}", PROCESS, "apparmorprofile", "apparmorProfile");
  keys_bad("{\"selinuxlabel\":\"x\"}", PROCESS, "selinuxlabel", "selinuxLabel");
  keys_bad("{\"noNewPrivileges\":true,\"nonewprivileges\":false}", PROCESS, "nonewprivileges",
           "noNewPrivileges");
  /* A process file's top level is a process, not a spec: "process" is an
   * unknown member there, and so is "Process". */
  keys_ok("{\"Process\":{},\"args\":[\"sh\"],\"cwd\":\"/\"}", PROCESS);
}
END_TEST

START_TEST(test_keys_maps_and_unknown_left_alone)
{
  /* Map keys are data for Go: case-sensitive, never folded. */
  keys_ok("{\"annotations\":{\"Process\":\"x\",\"process\":\"y\",\"PROCESS\":\"z\"}}", CONFIG);
  keys_ok("{\"linux\":{\"sysctl\":{\"Net.IPv4.ip_forward\":\"1\",\"net.ipv4.ip_forward\":\"0\"}}}",
          CONFIG);
  keys_ok("{\"linux\":{\"resources\":{\"unified\":{\"Memory.Max\":\"1\",\"memory.max\":\"2\"}}}}",
          CONFIG);
  keys_ok("{\"linux\":{\"netDevices\":{\"Name\":{\"name\":\"x\"}}}}", CONFIG);
  /* Unknown members are kept and not descended into. */
  keys_ok("{\"x-vendor\":{\"Process\":{\"User\":1}},\"process\":{\"x\":{\"UID\":0}}}", CONFIG);
  /* Exact names everywhere. */
  keys_ok("{\"ociVersion\":\"1.0.2\",\"process\":{\"terminal\":false,\"user\":{\"uid\":0,\"gid\":0,"
          "\"additionalGids\":[1]},\"args\":[\"sh\"],\"env\":[],\"cwd\":\"/\",\"capabilities\":"
          "{\"bounding\":[],\"effective\":[],\"inheritable\":[],\"permitted\":[],\"ambient\":[]},"
          "\"rlimits\":[{\"type\":\"RLIMIT_NOFILE\",\"hard\":1,\"soft\":1}],\"noNewPrivileges\":"
          "true,\"oomScoreAdj\":0},\"root\":{\"path\":\"rootfs\",\"readonly\":true},\"hostname\":"
          "\"h\",\"mounts\":[{\"destination\":\"/proc\",\"type\":\"proc\",\"source\":\"proc\"}],"
          "\"linux\":{\"namespaces\":[{\"type\":\"pid\"}],\"seccomp\":{\"defaultAction\":"
          "\"SCMP_ACT_ERRNO\",\"syscalls\":[{\"names\":[\"read\"],\"action\":\"SCMP_ACT_ALLOW\","
          "\"args\":[{\"index\":0,\"value\":1,\"op\":\"SCMP_CMP_EQ\"}]}]},\"maskedPaths\":[],"
          "\"readonlyPaths\":[]}}",
          CONFIG);
  /* Wrong types are not the key check's business (the accessors say). */
  keys_ok("{\"process\":[],\"linux\":\"x\",\"mounts\":{}}", CONFIG);
}
END_TEST

/* Real Docker and Podman configs and exec process files use the exact names. */
START_TEST(test_keys_docker_fixtures)
{
  static const char *const cfg[] = {
    "docker/default",     "docker/user-1000",          "docker/privileged",
    "docker/cap-add-all", "docker/seccomp-unconfined", "podman/default",
    "podman/privileged"
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(cfg); i++)
    {
      _cleanup_free_ char *rel = clamp_xasprintf("%s/config.json", cfg[i]);
      _cleanup_free_ char *text = clamp_test_read_data(rel, NULL);
      keys_ok(text, CONFIG);
    }
  static const char *const proc[] = { "docker/exec-default", "docker/exec-root-privileged",
                                      "docker/exec-user-1000", "podman/exec-default" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(proc); i++)
    {
      _cleanup_free_ char *rel = clamp_xasprintf("%s/process.json", proc[i]);
      _cleanup_free_ char *text = clamp_test_read_data(rel, NULL);
      keys_ok(text, PROCESS);
    }
}
END_TEST

START_TEST(test_keys_root_not_object)
{
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_test_parse("[]");
  _cleanup_error_ struct clamp_error *err = NULL;
  ck_assert_int_lt(clamp_spec_check_keys(doc->root, CONFIG, &err), 0);
  ck_assert_str_eq(err->msg, "config: expected an object, got an array");
  _cleanup_json_doc_ struct clamp_json_doc *doc2 = clamp_test_parse("\"x\"");
  _cleanup_error_ struct clamp_error *err2 = NULL;
  ck_assert_int_lt(clamp_spec_check_keys(doc2->root, PROCESS, &err2), 0);
  ck_assert_str_eq(err2->msg, "process: expected an object, got a string \"x\"");
}
END_TEST

/* ---- typed accessors ---- */

START_TEST(test_get_uint32)
{
  _cleanup_json_doc_ struct clamp_json_doc *doc =
      clamp_test_parse("{\"a\":1000,\"b\":0,\"c\":4294967295,\"n\":null,\"f\":1000.0,\"neg\":-1,"
                       "\"big\":4294967296,\"e\":1e3,\"s\":\"7\",\"t\":true,\"m\":-0,\"huge\":"
                       "123456789012345678901234567890}");
  struct clamp_json *o = doc->root;
  static const struct
  {
    const char *key;
    int r;
    uint32_t v;
  } ok[] = {
    { "a", 1, 1000 }, { "b", 1, 0 }, { "c", 1, 4294967295u }, { "n", 0, 0 }, { "absent", 0, 0 }
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(ok); i++)
    {
      struct clamp_error *err = NULL;
      uint32_t v = 77;
      int r = clamp_spec_get_uint32(o, "process.user", ok[i].key, &v, &err);
      ck_assert_msg(r == ok[i].r, "%s: got %d", ok[i].key, r);
      ck_assert_msg(err == NULL, "%s: %s", ok[i].key, err ? err->msg : "");
      ck_assert_msg(v == ok[i].v, "%s: got %u", ok[i].key, v);
    }
  static const struct
  {
    const char *key, *msg;
  } bad[] = {
    { "f", "process.user.f: expected an integer from 0 to 4294967295, got a number \"1000.0\"" },
    { "neg", "process.user.neg: expected an integer from 0 to 4294967295, got a number \"-1\"" },
    { "big",
      "process.user.big: expected an integer from 0 to 4294967295, got a number \"4294967296\"" },
    { "e", "process.user.e: expected an integer from 0 to 4294967295, got a number \"1e3\"" },
    { "s", "process.user.s: expected an integer from 0 to 4294967295, got a string \"7\"" },
    { "t", "process.user.t: expected an integer from 0 to 4294967295, got a boolean" },
    { "m", "process.user.m: expected an integer from 0 to 4294967295, got a number \"-0\"" },
    { "huge", NULL },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(bad); i++)
    {
      _cleanup_error_ struct clamp_error *err = NULL;
      uint32_t v;
      int r = clamp_spec_get_uint32(o, "process.user", bad[i].key, &v, &err);
      ck_assert_msg(r == -1, "%s: got %d", bad[i].key, r);
      ck_assert_msg(err->kind == CLAMP_ERR_INPUT, "%s: kind %d", bad[i].key, (int)err->kind);
      if (bad[i].msg)
        ck_assert_msg(strcmp(err->msg, bad[i].msg) == 0, "%s: \"%s\"", bad[i].key, err->msg);
      else
        clamp_test_assert_prefix(err->msg, "process.user.huge: ");
    }
  /* Root-level path: just the key. */
  _cleanup_error_ struct clamp_error *err = NULL;
  uint32_t v;
  ck_assert_int_eq(clamp_spec_get_uint32(o, "", "f", &v, &err), -1);
  clamp_test_assert_prefix(err->msg, "f: expected");
}
END_TEST

START_TEST(test_get_int64)
{
  _cleanup_json_doc_ struct clamp_json_doc *doc =
      clamp_test_parse("{\"a\":-1000,\"b\":9223372036854775807,\"c\":-9223372036854775808,\"z\":-0,"
                       "\"o\":9223372036854775808,\"u\":-9223372036854775809,\"f\":-1.5,\"e\":-1E2,"
                       "\"n\":null,\"s\":\"-1\"}");
  struct clamp_json *o = doc->root;
  static const struct
  {
    const char *key;
    int r;
    int64_t v;
  } c[] = { { "a", 1, -1000 }, { "b", 1, INT64_MAX }, { "c", 1, INT64_MIN }, { "z", 1, 0 },
            { "n", 0, 0 },     { "absent", 0, 0 },    { "o", -1, 0 },        { "u", -1, 0 },
            { "f", -1, 0 },    { "e", -1, 0 },        { "s", -1, 0 } };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_error_ struct clamp_error *err = NULL;
      int64_t v = 99;
      int r = clamp_spec_get_int64(o, "process", c[i].key, &v, &err);
      ck_assert_msg(r == c[i].r, "%s: got %d", c[i].key, r);
      if (r >= 0)
        ck_assert_msg(v == c[i].v, "%s: got %lld", c[i].key, (long long)v);
      else
        {
          _cleanup_free_ char *prefix = clamp_xasprintf("process.%s: ", c[i].key);
          clamp_test_assert_prefix(err->msg, prefix);
        }
    }
}
END_TEST

START_TEST(test_get_bool_string_object_array)
{
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_test_parse(
      "{\"t\":true,\"f\":false,\"st\":\"true\",\"one\":1,\"s\":\"x\",\"o\":{},\"a\":[],"
      "\"n\":null}");
  struct clamp_json *o = doc->root;
  struct clamp_error *err = NULL;
  bool b = false;
  ck_assert_int_eq(clamp_spec_get_bool(o, "root", "t", &b, &err), 1);
  ck_assert(b);
  ck_assert_int_eq(clamp_spec_get_bool(o, "root", "f", &b, &err), 1);
  ck_assert(!b);
  b = true;
  ck_assert_int_eq(clamp_spec_get_bool(o, "root", "n", &b, &err), 0);
  ck_assert(!b);
  ck_assert_int_eq(clamp_spec_get_bool(o, "root", "absent", &b, &err), 0);
  ck_assert_ptr_null(err);
  {
    _cleanup_error_ struct clamp_error *e = NULL;
    ck_assert_int_eq(clamp_spec_get_bool(o, "root", "st", &b, &e), -1);
    ck_assert_str_eq(e->msg, "root.st: expected true or false, got a string \"true\"");
  }
  {
    _cleanup_error_ struct clamp_error *e = NULL;
    ck_assert_int_eq(clamp_spec_get_bool(o, "root", "one", &b, &e), -1);
    ck_assert_str_eq(e->msg, "root.one: expected true or false, got a number \"1\"");
  }
  const char *s = (const char *)1;
  ck_assert_int_eq(clamp_spec_get_string(o, "", "s", &s, &err), 1);
  ck_assert_str_eq(s, "x");
  ck_assert_int_eq(clamp_spec_get_string(o, "", "n", &s, &err), 0);
  ck_assert_ptr_null(s);
  {
    _cleanup_error_ struct clamp_error *e = NULL;
    ck_assert_int_eq(clamp_spec_get_string(o, "process", "o", &s, &e), -1);
    ck_assert_str_eq(e->msg, "process.o: expected a string, got an object");
  }
  struct clamp_json *v = NULL;
  ck_assert_int_eq(clamp_spec_get_object(o, "", "o", &v, &err), 1);
  ck_assert_ptr_eq(v, clamp_json_object_get(o, "o"));
  ck_assert_int_eq(clamp_spec_get_object(o, "", "n", &v, &err), 0);
  ck_assert_ptr_null(v);
  ck_assert_int_eq(clamp_spec_get_array(o, "", "a", &v, &err), 1);
  ck_assert_int_eq(v->type, CLAMP_JSON_ARRAY);
  ck_assert_int_eq(clamp_spec_get_array(o, "", "absent", &v, &err), 0);
  ck_assert_ptr_null(err);
  {
    _cleanup_error_ struct clamp_error *e = NULL;
    ck_assert_int_eq(clamp_spec_get_object(o, "linux", "a", &v, &e), -1);
    ck_assert_str_eq(e->msg, "linux.a: expected an object, got an array");
  }
  {
    _cleanup_error_ struct clamp_error *e = NULL;
    ck_assert_int_eq(clamp_spec_get_array(o, "", "o", &v, &e), -1);
    ck_assert_str_eq(e->msg, "o: expected an array, got an object");
  }
}
END_TEST

START_TEST(test_number_readers)
{
  _cleanup_json_doc_ struct clamp_json_doc *doc =
      clamp_test_parse("[18446744073709551615,18446744073709551616,0,4294967295,4294967296,1.0,-1,"
                       "\"5\"]");
  struct clamp_json **it = doc->root->u.arr.items;
  uint64_t u = 0;
  ck_assert_int_eq(clamp_spec_number_u64(it[0], UINT64_MAX, &u), 0);
  ck_assert_uint_eq(u, UINT64_MAX);
  ck_assert_int_eq(clamp_spec_number_u64(it[1], UINT64_MAX, &u), -1);
  ck_assert_int_eq(clamp_spec_number_u64(it[2], 0, &u), 0);
  ck_assert_uint_eq(u, 0);
  ck_assert_int_eq(clamp_spec_number_u64(it[3], UINT32_MAX, &u), 0);
  ck_assert_uint_eq(u, 4294967295u);
  ck_assert_int_eq(clamp_spec_number_u64(it[4], UINT32_MAX, &u), -1);
  ck_assert_int_eq(clamp_spec_number_u64(it[5], UINT64_MAX, &u), -1);
  ck_assert_int_eq(clamp_spec_number_u64(it[6], UINT64_MAX, &u), -1);
  ck_assert_int_eq(clamp_spec_number_u64(it[7], UINT64_MAX, &u), -1);
  ck_assert_int_eq(clamp_spec_number_u64(NULL, UINT64_MAX, &u), -1);
  int64_t i = 0;
  ck_assert_int_eq(clamp_spec_number_i64(it[6], &i), 0);
  ck_assert_int_eq(i, -1);
  ck_assert_int_eq(clamp_spec_number_i64(it[0], &i), -1);
  ck_assert_int_eq(clamp_spec_number_i64(it[5], &i), -1);
}
END_TEST

START_TEST(test_check_string_array)
{
  _cleanup_json_doc_ struct clamp_json_doc *doc =
      clamp_test_parse("{\"ok\":[\"a\",\"b\"],\"bad\":[\"a\",5],\"nul\":[null],\"e\":[]}");
  struct clamp_error *err = NULL;
  ck_assert_int_eq(clamp_spec_check_string_array(clamp_json_object_get(doc->root, "ok"), "x", &err),
                   0);
  ck_assert_int_eq(clamp_spec_check_string_array(clamp_json_object_get(doc->root, "e"), "x", &err),
                   0);
  ck_assert_ptr_null(err);
  {
    _cleanup_error_ struct clamp_error *e = NULL;
    ck_assert_int_eq(
        clamp_spec_check_string_array(clamp_json_object_get(doc->root, "bad"), "process.env", &e),
        -1);
    ck_assert_str_eq(e->msg, "process.env[1]: expected a string, got a number \"5\"");
  }
  {
    _cleanup_error_ struct clamp_error *e = NULL;
    ck_assert_int_eq(clamp_spec_check_string_array(clamp_json_object_get(doc->root, "nul"),
                                                   "process.capabilities.bounding", &e),
                     -1);
    ck_assert_str_eq(e->msg, "process.capabilities.bounding[0]: expected a string, got null");
  }
}
END_TEST

/* A badly typed mount is named by its index and field; good ones are read. */
START_TEST(test_read_mounts)
{
  static const struct
  {
    const char *text, *msg;
  } bad[] = {
    { "{'mounts':[{'destination':'/a'},{'type':5}]}",
      "mounts[1].type: expected a string, got a number \"5\"" },
    { "{'mounts':[{},{},'x']}", "mounts[2]: expected an object, got a string \"x\"" },
    { "{'mounts':[{'options':['ro',true]}]}",
      "mounts[0].options[1]: expected a string, got a boolean" },
    { "{'mounts':[{},{'uidMappings':{}}]}",
      "mounts[1].uidMappings: expected an array, got an object" },
    { "{'mounts':{}}", "mounts: expected an array, got an object" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(bad); i++)
    {
      _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_test_parse_q(bad[i].text);
      _cleanup_error_ struct clamp_error *e = NULL;
      struct clamp_mounts m;
      ck_assert_int_eq(clamp_spec_read_mounts(doc, doc->root, &m, &e), -1);
      ck_assert_str_eq(e->msg, bad[i].msg);
    }
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_test_parse_q(
      "{'mounts':[{'destination':'/x/../y/','type':'bind','source':'/s','options':['ro']},"
      "{'destination':null}]}");
  struct clamp_error *err = NULL;
  struct clamp_mounts m;
  ck_assert_int_eq(clamp_spec_read_mounts(doc, doc->root, &m, &err), 0);
  ck_assert_uint_eq(m.len, 2);
  ck_assert_str_eq(m.items[0].dest_clean, "/y");
  ck_assert_str_eq(m.items[0].type, "bind");
  ck_assert_str_eq(m.items[0].source, "/s");
  ck_assert_uint_eq(m.items[0].options->u.arr.len, 1);
  ck_assert_ptr_null(m.items[1].destination);
  ck_assert_str_eq(m.items[1].dest_clean, "/");
}
END_TEST

/* A string value with control bytes is escaped in the type error. */
START_TEST(test_type_error_escapes_value)
{
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_test_parse("{\"uid\":\"0\\n\\u001b[31m\"}");
  _cleanup_error_ struct clamp_error *err = NULL;
  uint32_t v;
  ck_assert_int_eq(clamp_spec_get_uint32(doc->root, "process.user", "uid", &v, &err), -1);
  ck_assert_str_eq(err->msg, "process.user.uid: expected an integer from 0 to 4294967295, got "
                             "a string \"0\\n\\x1B[31m\"");
}
END_TEST

/* ---- paths ---- */

START_TEST(test_path_clean)
{
  static const char *const c[][2] = {
    { "", "/" },
    { "/", "/" },
    { "//", "/" },
    { "tmp", "/tmp" },
    { "/tmp", "/tmp" },
    { "/tmp/", "/tmp" },
    { "//tmp", "/tmp" },
    { "/tmp//", "/tmp" },
    { "/./tmp/.", "/tmp" },
    { "/run/../tmp", "/tmp" },
    { "/a/b/../../..", "/" },
    { "/../../x", "/x" },
    { "../x/./y/", "/x/y" },
    { "/a/.b/..c/...", "/a/.b/..c/..." },
    { "/proc/self/fd/../fd/3", "/proc/self/fd/3" },
    { "/a//b///c", "/a/b/c" },
    { "/a/b/c/..", "/a/b" },
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(c); i++)
    {
      _cleanup_free_ char *got = clamp_path_clean(c[i][0]);
      ck_assert_msg(strcmp(got, c[i][1]) == 0, "clean(\"%s\") = \"%s\", want \"%s\"", c[i][0], got,
                    c[i][1]);
    }
}
END_TEST

START_TEST(test_path_is_under)
{
  ck_assert(clamp_path_is_under("/run", "/run"));
  ck_assert(clamp_path_is_under("/run/secrets", "/run"));
  ck_assert(clamp_path_is_under("/run/secrets/x", "/run"));
  ck_assert(!clamp_path_is_under("/runner", "/run"));
  ck_assert(!clamp_path_is_under("/ru", "/run"));
  ck_assert(!clamp_path_is_under("/tmp", "/run"));
  ck_assert(clamp_path_is_under("/anything", "/"));
  ck_assert(clamp_path_is_under("/", "/"));
  ck_assert(!clamp_path_is_under("/", "/run"));
}
END_TEST

START_TEST(test_path_is_proc_fd)
{
  static const char *const yes[] = {
    "/proc/self/fd",          "/proc/self/fd/3",        "/proc/1/fd/7",
    "/proc/thread-self/fd/4", "/proc/self/cwd",         "/proc/self/root",
    "/proc/1/root/etc",       "/proc/self/task/1/fd/3", "/proc/12/task/12/cwd",
    "/proc/self/task/9/root", "/proc/self/fd/3/x/y",
  };
  static const char *const no[] = {
    "/",
    "/proc",
    "/proc/self",
    "/proc/self/fdinfo/3",
    "/proc/1/fds",
    "/proc/self/task",
    "/proc/self/task/1",
    "/proc/self/status",
    "/procs/self/fd/3",
    "/x/proc/self/fd/3",
    "/proc/self/cwdx",
    "/proc/self/task/1/fdinfo",
  };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(yes); i++)
    ck_assert_msg(clamp_path_is_proc_fd(yes[i]), "%s", yes[i]);
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(no); i++)
    ck_assert_msg(!clamp_path_is_proc_fd(no[i]), "%s", no[i]);
  /* Through clean: the spellings an attacker would use. */
  static const char *const sneaky[] = { "//proc//self//fd//3",    "/proc/./self/fd/3",
                                        "/tmp/../proc/self/fd/3", "proc/self/fd/3",
                                        "/proc/self/fd/../fd/9",  "/proc/self/task/../fd/3" };
  for (size_t i = 0; i < CLAMP_N_ELEMENTS(sneaky); i++)
    {
      _cleanup_free_ char *c = clamp_path_clean(sneaky[i]);
      ck_assert_msg(clamp_path_is_proc_fd(c), "%s -> %s", sneaky[i], c);
    }
}
END_TEST

Suite *clamp_test_suite(void)
{
  Suite *s = suite_create("spec");
  TCase *tc = tcase_create("spec");
  tcase_add_test(tc, test_key_folds_to);
  tcase_add_test(tc, test_keys_top_level);
  tcase_add_test(tc, test_keys_nested);
  tcase_add_test(tc, test_keys_process_file);
  tcase_add_test(tc, test_keys_maps_and_unknown_left_alone);
  tcase_add_test(tc, test_keys_docker_fixtures);
  tcase_add_test(tc, test_keys_root_not_object);
  tcase_add_test(tc, test_get_uint32);
  tcase_add_test(tc, test_get_int64);
  tcase_add_test(tc, test_get_bool_string_object_array);
  tcase_add_test(tc, test_number_readers);
  tcase_add_test(tc, test_check_string_array);
  tcase_add_test(tc, test_type_error_escapes_value);
  tcase_add_test(tc, test_read_mounts);
  tcase_add_test(tc, test_path_clean);
  tcase_add_test(tc, test_path_is_under);
  tcase_add_test(tc, test_path_is_proc_fd);
  suite_add_tcase(s, tc);
  return s;
}
