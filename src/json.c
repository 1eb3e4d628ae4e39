/* SPDX-License-Identifier: Apache-2.0 */
/* The yajl adapter: the only file in clamp that includes yajl.
 *
 * Parsing uses yajl's callback API with an explicit length, because
 * yajl_tree_parse() takes a C string (it stops at a raw NUL byte) and
 * accepts comments. Numbers arrive through the yajl_number callback as
 * their literal text, so uint64 seccomp masks and rlimits survive a
 * rewrite byte for byte. */
#include "clamp/json.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <string.h>
#include <yajl/yajl_gen.h>
#include <yajl/yajl_parse.h>

struct clamp_json_doc *clamp_json_doc_new(void)
{
  struct clamp_json_doc *doc = clamp_xcalloc(1, sizeof *doc);
  doc->arena = clamp_arena_new();
  return doc;
}

void clamp_json_doc_free(struct clamp_json_doc *doc)
{
  if (doc == NULL)
    return;
  clamp_arena_free(doc->arena);
  free(doc);
}

/* A tree takes about two and a half times the text it was parsed from. */
static size_t tree_size(size_t text_len) { return text_len / 2 * 5; }

void clamp_json_doc_reserve(struct clamp_json_doc *doc, size_t text_len)
{
  clamp_arena_reserve(doc->arena, text_len + tree_size(text_len));
}

static struct clamp_json *new_node(struct clamp_json_doc *doc, enum clamp_json_type t)
{
  struct clamp_json *v = clamp_arena_alloc(doc->arena, sizeof *v);
  memset(v, 0, sizeof *v);
  v->type = t;
  return v;
}

struct clamp_json *clamp_json_new_null(struct clamp_json_doc *doc)
{
  return new_node(doc, CLAMP_JSON_NULL);
}

struct clamp_json *clamp_json_new_bool(struct clamp_json_doc *doc, bool b)
{
  struct clamp_json *v = new_node(doc, CLAMP_JSON_BOOL);
  v->u.boolean = b;
  return v;
}

struct clamp_json *clamp_json_new_stringn(struct clamp_json_doc *doc, const char *s, size_t len)
{
  struct clamp_json *v = new_node(doc, CLAMP_JSON_STRING);
  v->u.str.s = clamp_arena_strndup(doc->arena, s, len);
  v->u.str.len = len;
  return v;
}

struct clamp_json *clamp_json_new_string(struct clamp_json_doc *doc, const char *s)
{
  return clamp_json_new_stringn(doc, s, strlen(s));
}

struct clamp_json *clamp_json_new_number_text(struct clamp_json_doc *doc, const char *text)
{
  struct clamp_json *v = new_node(doc, CLAMP_JSON_NUMBER);
  v->u.str.len = strlen(text);
  v->u.str.s = clamp_arena_strndup(doc->arena, text, v->u.str.len);
  return v;
}

struct clamp_json *clamp_json_new_uint(struct clamp_json_doc *doc, uint64_t n)
{
  char tmp[32];
  snprintf(tmp, sizeof tmp, "%" PRIu64, n);
  return clamp_json_new_number_text(doc, tmp);
}

struct clamp_json *clamp_json_new_int(struct clamp_json_doc *doc, int64_t n)
{
  char tmp[32];
  snprintf(tmp, sizeof tmp, "%" PRId64, n);
  return clamp_json_new_number_text(doc, tmp);
}

struct clamp_json *clamp_json_new_array(struct clamp_json_doc *doc)
{
  return new_node(doc, CLAMP_JSON_ARRAY);
}

struct clamp_json *clamp_json_new_object(struct clamp_json_doc *doc)
{
  return new_node(doc, CLAMP_JSON_OBJECT);
}

const char *clamp_json_type_name(enum clamp_json_type t)
{
  switch (t)
    {
      case CLAMP_JSON_NULL:
        return "null";
      case CLAMP_JSON_BOOL:
        return "a boolean";
      case CLAMP_JSON_NUMBER:
        return "a number";
      case CLAMP_JSON_STRING:
        return "a string";
      case CLAMP_JSON_ARRAY:
        return "an array";
      case CLAMP_JSON_OBJECT:
        return "an object";
    }
  return "?";
}

bool clamp_json_string_eq(const struct clamp_json *v, const char *s)
{
  return clamp_json_is(v, CLAMP_JSON_STRING) && strcmp(v->u.str.s, s) == 0;
}

/* ---- arrays and objects ---- */

static void array_grow(struct clamp_json_doc *doc, struct clamp_json *arr)
{
  if (arr->u.arr.len < arr->u.arr.cap)
    return;
  size_t cap = arr->u.arr.cap ? arr->u.arr.cap * 2 : 4;
  arr->u.arr.items = clamp_arena_realloc(doc->arena, arr->u.arr.items,
                                         arr->u.arr.cap * sizeof(struct clamp_json *),
                                         cap * sizeof(struct clamp_json *));
  arr->u.arr.cap = cap;
}

void clamp_json_array_append(struct clamp_json_doc *doc, struct clamp_json *arr,
                             struct clamp_json *v)
{
  array_grow(doc, arr);
  arr->u.arr.items[arr->u.arr.len++] = v;
}

void clamp_json_array_insert(struct clamp_json_doc *doc, struct clamp_json *arr, size_t index,
                             struct clamp_json *v)
{
  if (index >= arr->u.arr.len)
    {
      clamp_json_array_append(doc, arr, v);
      return;
    }
  array_grow(doc, arr);
  memmove(&arr->u.arr.items[index + 1], &arr->u.arr.items[index],
          (arr->u.arr.len - index) * sizeof(struct clamp_json *));
  arr->u.arr.items[index] = v;
  arr->u.arr.len++;
}

void clamp_json_array_remove(struct clamp_json *arr, size_t index)
{
  if (index >= arr->u.arr.len)
    return;
  memmove(&arr->u.arr.items[index], &arr->u.arr.items[index + 1],
          (arr->u.arr.len - index - 1) * sizeof(struct clamp_json *));
  arr->u.arr.len--;
}

static void object_append(struct clamp_json_doc *doc, struct clamp_json *obj, const char *key,
                          size_t key_len, struct clamp_json *value)
{
  if (obj->u.obj.len == obj->u.obj.cap)
    {
      size_t cap = obj->u.obj.cap ? obj->u.obj.cap * 2 : 4;
      obj->u.obj.members = clamp_arena_realloc(doc->arena, obj->u.obj.members,
                                               obj->u.obj.cap * sizeof(struct clamp_json_member),
                                               cap * sizeof(struct clamp_json_member));
      obj->u.obj.cap = cap;
    }
  struct clamp_json_member *m = &obj->u.obj.members[obj->u.obj.len++];
  m->key = key;
  m->key_len = key_len;
  m->value = value;
}

struct clamp_json *clamp_json_object_get(const struct clamp_json *obj, const char *key)
{
  if (!clamp_json_is(obj, CLAMP_JSON_OBJECT))
    return NULL;
  size_t klen = strlen(key);
  for (size_t i = 0; i < obj->u.obj.len; i++)
    {
      const struct clamp_json_member *m = &obj->u.obj.members[i];
      if (m->key_len == klen && memcmp(m->key, key, klen) == 0)
        return m->value;
    }
  return NULL;
}

void clamp_json_object_set(struct clamp_json_doc *doc, struct clamp_json *obj, const char *key,
                           struct clamp_json *value)
{
  size_t klen = strlen(key);
  for (size_t i = 0; i < obj->u.obj.len; i++)
    {
      struct clamp_json_member *m = &obj->u.obj.members[i];
      if (m->key_len == klen && memcmp(m->key, key, klen) == 0)
        {
          m->value = value;
          return;
        }
    }
  object_append(doc, obj, clamp_arena_strndup(doc->arena, key, klen), klen, value);
}

bool clamp_json_object_remove(struct clamp_json *obj, const char *key)
{
  size_t klen = strlen(key);
  for (size_t i = 0; i < obj->u.obj.len; i++)
    {
      struct clamp_json_member *m = &obj->u.obj.members[i];
      if (m->key_len == klen && memcmp(m->key, key, klen) == 0)
        {
          memmove(m, m + 1, (obj->u.obj.len - i - 1) * sizeof *m);
          obj->u.obj.len--;
          return true;
        }
    }
  return false;
}

struct clamp_json *clamp_json_object_ensure(struct clamp_json_doc *doc, struct clamp_json *obj,
                                            const char *key, enum clamp_json_type type)
{
  struct clamp_json *v = clamp_json_object_get(obj, key);
  if (!clamp_json_is_absent(v))
    return v->type == type ? v : NULL;
  v = new_node(doc, type);
  clamp_json_object_set(doc, obj, key, v);
  return v;
}

struct clamp_json *clamp_json_copy(struct clamp_json_doc *doc, const struct clamp_json *v)
{
  struct clamp_json *c = new_node(doc, v->type);
  switch (v->type)
    {
      case CLAMP_JSON_NULL:
        break;
      case CLAMP_JSON_BOOL:
        c->u.boolean = v->u.boolean;
        break;
      case CLAMP_JSON_NUMBER:
      case CLAMP_JSON_STRING:
        c->u.str.s = clamp_arena_strndup(doc->arena, v->u.str.s, v->u.str.len);
        c->u.str.len = v->u.str.len;
        break;
      case CLAMP_JSON_ARRAY:
        for (size_t i = 0; i < v->u.arr.len; i++)
          clamp_json_array_append(doc, c, clamp_json_copy(doc, v->u.arr.items[i]));
        break;
      case CLAMP_JSON_OBJECT:
        for (size_t i = 0; i < v->u.obj.len; i++)
          {
            const struct clamp_json_member *m = &v->u.obj.members[i];
            object_append(doc, c, clamp_arena_strndup(doc->arena, m->key, m->key_len), m->key_len,
                          clamp_json_copy(doc, m->value));
          }
        break;
    }
  return c;
}

bool clamp_json_equal(const struct clamp_json *a, const struct clamp_json *b)
{
  if (a->type != b->type)
    return false;
  switch (a->type)
    {
      case CLAMP_JSON_NULL:
        return true;
      case CLAMP_JSON_BOOL:
        return a->u.boolean == b->u.boolean;
      case CLAMP_JSON_NUMBER:
      case CLAMP_JSON_STRING:
        return a->u.str.len == b->u.str.len && memcmp(a->u.str.s, b->u.str.s, a->u.str.len) == 0;
      case CLAMP_JSON_ARRAY:
        if (a->u.arr.len != b->u.arr.len)
          return false;
        for (size_t i = 0; i < a->u.arr.len; i++)
          if (!clamp_json_equal(a->u.arr.items[i], b->u.arr.items[i]))
            return false;
        return true;
      case CLAMP_JSON_OBJECT:
        if (a->u.obj.len != b->u.obj.len)
          return false;
        for (size_t i = 0; i < a->u.obj.len; i++)
          {
            const struct clamp_json_member *x = &a->u.obj.members[i], *y = &b->u.obj.members[i];
            if (x->key_len != y->key_len || memcmp(x->key, y->key, x->key_len) != 0
                || !clamp_json_equal(x->value, y->value))
              return false;
          }
        return true;
    }
  return false;
}

/* ---- parsing ---- */

struct parse_ctx
{
  struct clamp_json_doc *doc;
  struct clamp_json *root;
  const unsigned char *input, *input_end; /* the text being parsed */
  struct clamp_json *stack[CLAMP_JSON_MAX_DEPTH + 1];
  size_t depth;
  const char *key;
  size_t key_len;
  char *error; /* our own reason when a callback cancels the parse */
};

/* "process.capabilities.bounding[3]" for the innermost open container's
 * current child, or for the container itself when self is true. */
static void append_path(struct parse_ctx *ctx, struct clamp_buf *b, bool self)
{
  size_t levels = self ? ctx->depth - 1 : ctx->depth;
  for (size_t i = 0; i < levels; i++)
    {
      const struct clamp_json *c = ctx->stack[i];
      bool innermost = !self && i + 1 == ctx->depth;
      if (c->type == CLAMP_JSON_ARRAY)
        clamp_buf_printf(b, "[%zu]",
                         innermost ? c->u.arr.len : (c->u.arr.len ? c->u.arr.len - 1 : 0));
      else
        {
          const char *key = NULL;
          size_t key_len = 0;
          if (innermost && ctx->key != NULL)
            key = ctx->key, key_len = ctx->key_len;
          else if (c->u.obj.len > 0)
            {
              key = c->u.obj.members[c->u.obj.len - 1].key;
              key_len = c->u.obj.members[c->u.obj.len - 1].key_len;
            }
          if (key == NULL)
            continue;
          if (b->len > 0)
            clamp_buf_putc(b, '.');
          clamp_buf_put_escaped(b, key, key_len);
        }
    }
}

/* Record why the parse stops: "<path>: <what>[ <quoted arg>]". */
static int cancel(struct parse_ctx *ctx, bool self, const char *what, const char *arg,
                  size_t arg_len)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  append_path(ctx, &b, self);
  if (b.len > 0)
    clamp_buf_puts(&b, ": ");
  clamp_buf_puts(&b, what);
  if (arg != NULL)
    {
      _cleanup_free_ char *q = clamp_quote(arg, arg_len);
      clamp_buf_putc(&b, ' ');
      clamp_buf_puts(&b, q);
    }
  ctx->error = clamp_buf_steal(&b);
  return 0;
}

static int add_value(struct parse_ctx *ctx, struct clamp_json *v)
{
  if (ctx->depth == 0)
    {
      ctx->root = v;
      return 1;
    }
  struct clamp_json *parent = ctx->stack[ctx->depth - 1];
  if (parent->type == CLAMP_JSON_ARRAY)
    clamp_json_array_append(ctx->doc, parent, v);
  else
    {
      object_append(ctx->doc, parent, ctx->key, ctx->key_len, v);
      ctx->key = NULL;
    }
  return 1;
}

static int cb_null(void *c)
{
  return add_value(c, clamp_json_new_null(((struct parse_ctx *)c)->doc));
}

static int cb_boolean(void *c, int b)
{
  return add_value(c, clamp_json_new_bool(((struct parse_ctx *)c)->doc, b != 0));
}

static int cb_number(void *c, const char *s, size_t len)
{
  struct parse_ctx *ctx = c;
  struct clamp_json *v = new_node(ctx->doc, CLAMP_JSON_NUMBER);
  v->u.str.s = clamp_arena_strndup(ctx->doc->arena, s, len);
  v->u.str.len = len;
  return add_value(ctx, v);
}

/* Defence in depth behind the prescan: what yajl decoded must still be
 * valid UTF-8 without NUL. */
static bool decoded_ok(const unsigned char *s, size_t len)
{
  size_t i = 0;
  while (i < len && s[i] != 0 && s[i] < 0x80)
    i++;
  return i == len
         || (memchr(s + i, 0, len - i) == NULL && clamp_utf8_valid((const char *)s + i, len - i));
}

/* A string without escapes reaches the callbacks as a slice of the input,
 * which the prescan has checked already; only what yajl decoded into its
 * own buffer needs decoded_ok. */
static bool string_ok(const struct parse_ctx *ctx, const unsigned char *s, size_t len)
{
  /* As integers: comparing pointers into different objects is undefined. */
  uintptr_t p = (uintptr_t)s, lo = (uintptr_t)ctx->input, hi = (uintptr_t)ctx->input_end;
  bool slice = p >= lo && p <= hi && len <= hi - p;
  return slice || decoded_ok(s, len);
}

static int cb_string(void *c, const unsigned char *s, size_t len)
{
  struct parse_ctx *ctx = c;
  if (!string_ok(ctx, s, len))
    return cancel(ctx, false, "string is not valid UTF-8 without NUL", NULL, 0);
  return add_value(ctx, clamp_json_new_stringn(ctx->doc, (const char *)s, len));
}

static int cb_map_key(void *c, const unsigned char *s, size_t len)
{
  struct parse_ctx *ctx = c;
  if (!string_ok(ctx, s, len))
    return cancel(ctx, false, "key is not valid UTF-8 without NUL", NULL, 0);
  ctx->key = clamp_arena_strndup(ctx->doc->arena, (const char *)s, len);
  ctx->key_len = len;
  return 1;
}

static int push(struct parse_ctx *ctx, enum clamp_json_type t)
{
  if (ctx->depth >= CLAMP_JSON_MAX_DEPTH)
    return cancel(ctx, false, "nesting deeper than 64 levels", NULL, 0);
  struct clamp_json *v = new_node(ctx->doc, t);
  add_value(ctx, v);
  ctx->stack[ctx->depth++] = v;
  return 1;
}

static int cb_start_map(void *c) { return push(c, CLAMP_JSON_OBJECT); }
static int cb_start_array(void *c) { return push(c, CLAMP_JSON_ARRAY); }

static int member_cmp(const void *a, const void *b)
{
  const struct clamp_json_member *x = *(const struct clamp_json_member *const *)a;
  const struct clamp_json_member *y = *(const struct clamp_json_member *const *)b;
  if (x->key_len != y->key_len)
    return x->key_len < y->key_len ? -1 : 1;
  return memcmp(x->key, y->key, x->key_len);
}

/* Returns the first duplicated member, or NULL. Small objects are checked
 * pairwise, big ones (annotations, env-like maps) by sorting, so a hostile
 * object with many keys costs O(n log n), not O(n^2). */
static const struct clamp_json_member *find_duplicate(const struct clamp_json *obj)
{
  size_t n = obj->u.obj.len;
  const struct clamp_json_member *m = obj->u.obj.members;
  if (n <= 16)
    {
      for (size_t i = 1; i < n; i++)
        for (size_t j = 0; j < i; j++)
          if (m[i].key_len == m[j].key_len && memcmp(m[i].key, m[j].key, m[i].key_len) == 0)
            return &m[i];
      return NULL;
    }
  _cleanup_free_ const struct clamp_json_member **v = clamp_xmalloc(n * sizeof *v);
  for (size_t i = 0; i < n; i++)
    v[i] = &m[i];
  qsort(v, n, sizeof *v, member_cmp);
  for (size_t i = 1; i < n; i++)
    if (member_cmp(&v[i - 1], &v[i]) == 0)
      return v[i];
  return NULL;
}

static int cb_end_map(void *c)
{
  struct parse_ctx *ctx = c;
  const struct clamp_json_member *dup = find_duplicate(ctx->stack[ctx->depth - 1]);
  if (dup != NULL)
    return cancel(ctx, true, "duplicate key", dup->key, dup->key_len);
  ctx->depth--;
  return 1;
}

static int cb_end_array(void *c)
{
  ((struct parse_ctx *)c)->depth--;
  return 1;
}

static const yajl_callbacks callbacks = {
  .yajl_null = cb_null,
  .yajl_boolean = cb_boolean,
  .yajl_number = cb_number,
  .yajl_string = cb_string,
  .yajl_start_map = cb_start_map,
  .yajl_map_key = cb_map_key,
  .yajl_end_map = cb_end_map,
  .yajl_start_array = cb_start_array,
  .yajl_end_array = cb_end_array,
};

static void line_col(const char *buf, size_t len, size_t off, size_t *line, size_t *col)
{
  *line = 1;
  *col = 1;
  for (size_t i = 0; i < off && i < len; i++)
    {
      if (buf[i] == '\n')
        {
          (*line)++;
          *col = 1;
        }
      else if (((unsigned char)buf[i] & 0xC0) != 0x80)
        (*col)++;
    }
}

struct clamp_json *clamp_json_parse_in(struct clamp_json_doc *doc, const char *buf, size_t len,
                                       struct clamp_error **err)
{
  size_t off, line, col;
  const char *why;

  if (len > CLAMP_JSON_MAX_SIZE)
    {
      clamp_error_input(err, "larger than %u bytes", CLAMP_JSON_MAX_SIZE);
      return NULL;
    }
  if (clamp_json_prescan(buf, len, &off, &why) < 0)
    {
      line_col(buf, len, off, &line, &col);
      clamp_error_input(err, "line %zu column %zu: %s", line, col, why);
      return NULL;
    }

  clamp_arena_reserve(doc->arena, tree_size(len));
  struct parse_ctx ctx = { .doc = doc,
                           .input = (const unsigned char *)buf,
                           .input_end = (const unsigned char *)buf + len };
  yajl_handle h = yajl_alloc(&callbacks, NULL, &ctx);
  if (h == NULL)
    {
      clamp_error_sys(err, ENOMEM, "yajl_alloc");
      return NULL;
    }
  /* Comments stay off; so do trailing garbage and multiple values. */
  yajl_config(h, yajl_allow_comments, 0);
  yajl_config(h, yajl_allow_trailing_garbage, 0);
  yajl_config(h, yajl_allow_multiple_values, 0);
  yajl_config(h, yajl_allow_partial_values, 0);
  /* The prescan has checked every byte more strictly than yajl would, and
   * decoded_ok checks what yajl decoded: a third pass adds nothing. */
  yajl_config(h, yajl_dont_validate_strings, 1);

  yajl_status st = yajl_parse(h, (const unsigned char *)buf, len);
  if (st == yajl_status_ok)
    st = yajl_complete_parse(h);
  if (st != yajl_status_ok)
    {
      off = yajl_get_bytes_consumed(h);
      line_col(buf, len, off, &line, &col);
      if (ctx.error != NULL)
        clamp_error_input(err, "%s", ctx.error);
      else
        {
          /* verbose=0: yajl's message without a copy of the input. */
          unsigned char *m = yajl_get_error(h, 0, NULL, 0);
          const char *msg = m ? (const char *)m : "parse error";
          if (strncmp(msg, "parse error: ", 13) == 0)
            msg += 13;
          /* yajl ends its message with a newline: not in one log line. */
          int n = (int)strcspn(msg, "\n");
          clamp_error_input(err, "line %zu column %zu: %.*s", line, col, n, msg);
          if (m)
            yajl_free_error(h, m);
        }
      free(ctx.error);
      yajl_free(h);
      return NULL;
    }
  yajl_free(h);
  if (ctx.root == NULL)
    clamp_error_input(err, "empty document");
  return ctx.root;
}

struct clamp_json_doc *clamp_json_parse(const char *buf, size_t len, struct clamp_error **err)
{
  _cleanup_json_doc_ struct clamp_json_doc *doc = clamp_json_doc_new();
  doc->root = clamp_json_parse_in(doc, buf, len, err);
  return doc->root != NULL ? steal_pointer(&doc) : NULL;
}

/* ---- generation ---- */

/* yajl prints a few bytes at a time: append without a call when there is
 * room. */
static void print_cb(void *ctx, const char *s, size_t len)
{
  struct clamp_buf *b = ctx;
  if (len < b->cap - b->len)
    {
      memcpy(b->data + b->len, s, len);
      b->len += len;
      b->data[b->len] = '\0';
    }
  else
    clamp_buf_append(b, s, len);
}

static yajl_gen_status gen_value(yajl_gen g, const struct clamp_json *v)
{
  yajl_gen_status st = yajl_gen_status_ok;
  switch (v->type)
    {
      case CLAMP_JSON_NULL:
        return yajl_gen_null(g);
      case CLAMP_JSON_BOOL:
        return yajl_gen_bool(g, v->u.boolean);
      case CLAMP_JSON_NUMBER:
        return yajl_gen_number(g, v->u.str.s, v->u.str.len);
      case CLAMP_JSON_STRING:
        return yajl_gen_string(g, (const unsigned char *)v->u.str.s, v->u.str.len);
      case CLAMP_JSON_ARRAY:
        if ((st = yajl_gen_array_open(g)) != yajl_gen_status_ok)
          return st;
        for (size_t i = 0; i < v->u.arr.len; i++)
          if ((st = gen_value(g, v->u.arr.items[i])) != yajl_gen_status_ok)
            return st;
        return yajl_gen_array_close(g);
      case CLAMP_JSON_OBJECT:
        if ((st = yajl_gen_map_open(g)) != yajl_gen_status_ok)
          return st;
        for (size_t i = 0; i < v->u.obj.len; i++)
          {
            const struct clamp_json_member *m = &v->u.obj.members[i];
            if ((st = yajl_gen_string(g, (const unsigned char *)m->key, m->key_len))
                != yajl_gen_status_ok)
              return st;
            if ((st = gen_value(g, m->value)) != yajl_gen_status_ok)
              return st;
          }
        return yajl_gen_map_close(g);
    }
  return yajl_gen_invalid_string;
}

int clamp_json_serialize(const struct clamp_json *v, struct clamp_buf *out,
                         struct clamp_error **err)
{
  yajl_gen g = yajl_gen_alloc(NULL);
  if (g == NULL)
    return clamp_error_sys(err, ENOMEM, "yajl_gen_alloc");
  yajl_gen_config(g, yajl_gen_print_callback, print_cb, out);
  yajl_gen_status st = gen_value(g, v);
  yajl_gen_free(g);
  if (st != yajl_gen_status_ok)
    return clamp_error_set(err, CLAMP_ERR_INTERNAL, 0, "cannot serialize JSON (yajl status %d)",
                           (int)st);
  return 0;
}

char *clamp_json_serialize_line(const struct clamp_json *v, size_t *len, struct clamp_error **err)
{
  struct clamp_buf b;
  clamp_buf_init(&b);
  if (clamp_json_serialize(v, &b, err) < 0)
    {
      clamp_buf_free(&b);
      return NULL;
    }
  clamp_buf_putc(&b, '\n');
  if (len != NULL)
    *len = b.len;
  return clamp_buf_steal(&b);
}
