/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_SPEC_H
#define CLAMP_SPEC_H

#include <stdbool.h>
#include <stdint.h>

#include "clamp/error.h"
#include "clamp/json.h"

/* The OCI runtime-spec as runc reads it, and typed access to a parsed
 * config.json or process.json.
 *
 * runc decodes config.json with Go's encoding/json, which matches object
 * keys to struct fields case-insensitively, folding the Unicode letters
 * U+017F (long s) to 's' and U+212A (Kelvin sign) to 'k'. A key such as
 * "Process" or "noNewPrivileges" spelled with a Kelvin sign is therefore
 * the real field to runc but an unknown member to clamp and to crun. Such
 * keys are rejected wherever the spec has a struct; map positions
 * (annotations, linux.sysctl, ...) are case-sensitive in Go and left
 * alone. */

enum clamp_spec_kind
{
  CLAMP_SPEC_CONFIG,    /* a whole config.json (specs.Spec) */
  CLAMP_SPEC_PROCESS,   /* a runc exec --process file (specs.Process) */
  CLAMP_SPEC_RESOURCES, /* a runc update --resources file (specs.LinuxResources) */
};

/* Reject look-alike keys in every struct position of the document. */
int clamp_spec_check_keys(const struct clamp_json *root, enum clamp_spec_kind kind,
                          struct clamp_error **err);

/* Go's key folding for an ASCII field name: true when key would be
 * matched to field by encoding/json. Exposed for tests. */
bool clamp_spec_key_folds_to(const char *key, size_t key_len, const char *field);

/* Typed accessors. Each returns 1 when the member is present with the
 * right type, 0 when it is absent or null (Go leaves the zero value), and
 * -1 with an error naming "<path>.<key>" when the type or range is wrong,
 * which is also a hard error for runc. path may be "" for the root. */
int clamp_spec_get_object(const struct clamp_json *obj, const char *path, const char *key,
                          struct clamp_json **out, struct clamp_error **err);
/* The last entry of linux.namespaces whose type is type (runc refuses a
 * type listed twice; the namespaces rule says so), and its index: 1 when
 * found, 0 when not (or linux_ is NULL), -1 when an entry or its type is
 * ill-typed (an error naming linux.namespaces[i]). */
int clamp_spec_find_namespace(const struct clamp_json *linux_, const char *type,
                              const struct clamp_json **out, size_t *index,
                              struct clamp_error **err);
int clamp_spec_get_array(const struct clamp_json *obj, const char *path, const char *key,
                         struct clamp_json **out, struct clamp_error **err);
int clamp_spec_get_string(const struct clamp_json *obj, const char *path, const char *key,
                          const char **out, struct clamp_error **err);
int clamp_spec_get_bool(const struct clamp_json *obj, const char *path, const char *key, bool *out,
                        struct clamp_error **err);
int clamp_spec_get_uint32(const struct clamp_json *obj, const char *path, const char *key,
                          uint32_t *out, struct clamp_error **err);
int clamp_spec_get_int64(const struct clamp_json *obj, const char *path, const char *key,
                         int64_t *out, struct clamp_error **err);

/* Strict number readers for a node: JSON integer text only (no fraction,
 * exponent or sign where unsigned), in range. Return 0 or -1 (no error
 * object; the caller names the field). */
int clamp_spec_number_u64(const struct clamp_json *v, uint64_t max, uint64_t *out);
int clamp_spec_number_i64(const struct clamp_json *v, int64_t *out);

/* An error for a member of the wrong type: "<path>: expected <what>, got <type>". */
int clamp_spec_type_error(struct clamp_error **err, const char *path, const char *what,
                          const struct clamp_json *got);

/* Elements of a string array: -1 with an error naming path[i] when an
 * element is not a string. */
int clamp_spec_check_string_array(const struct clamp_json *arr, const char *path,
                                  struct clamp_error **err);

/* One entry of mounts[], validated: the types runc requires, or an error
 * naming mounts[i].field. Strings point into the tree. */
struct clamp_mount
{
  struct clamp_json *obj;
  const char *destination;         /* as written, or NULL */
  char *dest_clean;                /* cleaned and absolute ("/" when absent) */
  const char *type;                /* or NULL */
  const char *source;              /* or NULL */
  struct clamp_json *options;      /* array of strings, or NULL */
  struct clamp_json *uid_mappings; /* arrays (idmapped mounts), or NULL */
  struct clamp_json *gid_mappings;
};

struct clamp_mounts
{
  struct clamp_json *array; /* the mounts array itself, or NULL */
  struct clamp_mount *items;
  size_t len;
};

/* Read and type-check every entry of spec's mounts[]. The items and the
 * cleaned destinations live in doc's arena: nothing to free. */
int clamp_spec_read_mounts(struct clamp_json_doc *doc, struct clamp_json *spec,
                           struct clamp_mounts *out, struct clamp_error **err);

#endif
