/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_JSON_H
#define CLAMP_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "clamp/arena.h"
#include "clamp/error.h"
#include "clamp/util.h"

/* A mutable JSON tree that keeps what a rewrite must not lose: member
 * order, unknown members and the exact text of every number. yajl, the
 * only JSON parser and generator in clamp, is used by src/json.c alone.
 *
 * The parser is strict on purpose (see DESIGN.md, invariant 3): duplicate
 * keys, raw NUL bytes, "\u0000" anywhere, invalid or non-shortest UTF-8,
 * surrogates (raw or escaped, paired or not only where legal), comments,
 * trailing data and nesting deeper than CLAMP_JSON_MAX_DEPTH are errors.
 *
 * Every string in the tree is NUL-terminated and contains no NUL, so C
 * string functions see the whole value. */

#define CLAMP_JSON_MAX_DEPTH 64
#define CLAMP_JSON_MAX_SIZE (16u * 1024u * 1024u)

enum clamp_json_type
{
  CLAMP_JSON_NULL,
  CLAMP_JSON_BOOL,
  CLAMP_JSON_NUMBER,
  CLAMP_JSON_STRING,
  CLAMP_JSON_ARRAY,
  CLAMP_JSON_OBJECT,
};

struct clamp_json;

struct clamp_json_member
{
  const char *key;
  size_t key_len;
  struct clamp_json *value;
};

struct clamp_json
{
  enum clamp_json_type type;
  union
  {
    bool boolean;
    /* STRING: the decoded value; NUMBER: the literal text as written. */
    struct
    {
      const char *s;
      size_t len;
    } str;
    struct
    {
      struct clamp_json **items;
      size_t len, cap;
    } arr;
    struct
    {
      struct clamp_json_member *members;
      size_t len, cap;
    } obj;
  } u;
};

/* A document owns every node made for it (one arena). */
struct clamp_json_doc
{
  struct clamp_arena *arena;
  struct clamp_json *root;
};

struct clamp_json_doc *clamp_json_doc_new(void);
void clamp_json_doc_free(struct clamp_json_doc *doc);
static inline void clamp_json_doc_freep(struct clamp_json_doc **d)
{
  clamp_json_doc_free(*d);
  *d = NULL;
}
#define _cleanup_json_doc_ __attribute__((cleanup(clamp_json_doc_freep)))

/* Make room in doc for text_len bytes of text and the tree parsed from
 * them: later arena chunks are made large enough to hold both. */
void clamp_json_doc_reserve(struct clamp_json_doc *doc, size_t text_len);

/* Parse exactly one JSON value of len bytes. On error the message names
 * the line, the column and the reason; it never echoes raw input bytes. */
struct clamp_json_doc *clamp_json_parse(const char *buf, size_t len, struct clamp_error **err);
/* The same, into an existing document: returns the value (not attached
 * anywhere), or NULL. A failed parse may leave unreachable nodes in doc. */
struct clamp_json *clamp_json_parse_in(struct clamp_json_doc *doc, const char *buf, size_t len,
                                       struct clamp_error **err);

/* Serialize compactly into out (appended). */
/* v serialized compactly and a newline, as one malloc'ed line (*len: its
 * length); NULL on error. */
char *clamp_json_serialize_line(const struct clamp_json *v, size_t *len, struct clamp_error **err);
int clamp_json_serialize(const struct clamp_json *v, struct clamp_buf *out,
                         struct clamp_error **err);

struct clamp_sha256;
/* Feed v's content (NULL included) to s in an injective encoding: equal
 * trees, and only equal trees, give equal bytes. For cache keys; cheaper
 * than serializing. */
void clamp_json_hash(const struct clamp_json *v, struct clamp_sha256 *s);

/* Strict UTF-8 and escape check, used by the parser and exposed for
 * tests: returns 0, or -1 with *offset at the first bad byte and *why
 * set to a static description. */
int clamp_json_prescan(const char *buf, size_t len, size_t *offset, const char **why);
/* True when s[0..len) is shortest-form UTF-8 of scalar values. */
bool clamp_utf8_valid(const char *s, size_t len);

/* Constructors: nodes belong to doc. */
struct clamp_json *clamp_json_new_null(struct clamp_json_doc *doc);
struct clamp_json *clamp_json_new_bool(struct clamp_json_doc *doc, bool b);
struct clamp_json *clamp_json_new_string(struct clamp_json_doc *doc, const char *s);
struct clamp_json *clamp_json_new_stringn(struct clamp_json_doc *doc, const char *s, size_t len);
/* text must be a valid JSON number literal. */
struct clamp_json *clamp_json_new_number_text(struct clamp_json_doc *doc, const char *text);
struct clamp_json *clamp_json_new_uint(struct clamp_json_doc *doc, uint64_t v);
struct clamp_json *clamp_json_new_int(struct clamp_json_doc *doc, int64_t v);
struct clamp_json *clamp_json_new_array(struct clamp_json_doc *doc);
struct clamp_json *clamp_json_new_object(struct clamp_json_doc *doc);
/* A deep copy of v (possibly from another document) owned by doc. */
struct clamp_json *clamp_json_copy(struct clamp_json_doc *doc, const struct clamp_json *v);
bool clamp_json_equal(const struct clamp_json *a, const struct clamp_json *b);

/* Objects. Lookups are exact and byte-wise. */
struct clamp_json *clamp_json_object_get(const struct clamp_json *obj, const char *key);
/* Replace the value of key in place (keeping its position) or append. */
void clamp_json_object_set(struct clamp_json_doc *doc, struct clamp_json *obj, const char *key,
                           struct clamp_json *value);
/* Returns true if key was present. */
bool clamp_json_object_remove(struct clamp_json *obj, const char *key);
/* Get key's value; if it is absent or null, store a new empty object or
 * array there first. Returns NULL if present with another type. */
struct clamp_json *clamp_json_object_ensure(struct clamp_json_doc *doc, struct clamp_json *obj,
                                            const char *key, enum clamp_json_type type);

/* Arrays. */
void clamp_json_array_append(struct clamp_json_doc *doc, struct clamp_json *arr,
                             struct clamp_json *v);
void clamp_json_array_insert(struct clamp_json_doc *doc, struct clamp_json *arr, size_t index,
                             struct clamp_json *v);
void clamp_json_array_remove(struct clamp_json *arr, size_t index);

/* Small predicates. */
static inline bool clamp_json_is(const struct clamp_json *v, enum clamp_json_type t)
{
  return v != NULL && v->type == t;
}
/* Absent (NULL) or JSON null: how Go's encoding/json treats both when it
 * decodes into a fresh struct. */
static inline bool clamp_json_is_absent(const struct clamp_json *v)
{
  return v == NULL || v->type == CLAMP_JSON_NULL;
}
bool clamp_json_string_eq(const struct clamp_json *v, const char *s);

const char *clamp_json_type_name(enum clamp_json_type t);

#endif
