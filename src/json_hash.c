/* SPDX-License-Identifier: Apache-2.0 */
/* A tree's content fed to SHA-256 without generating its JSON text: cache
 * keys need only an injective encoding, and walking the tree costs a
 * fraction of yajl's generator. Every value is a one-byte tag; strings,
 * numbers and keys carry their length; arrays and objects are bracketed,
 * so no two different trees give the same bytes. */
#include "clamp/json.h"
#include "clamp/sha256.h"

static void tag(struct clamp_sha256 *s, char t) { clamp_sha256_update(s, &t, 1); }

void clamp_json_hash(const struct clamp_json *v, struct clamp_sha256 *s)
{
  if (v == NULL)
    {
      tag(s, '-');
      return;
    }
  switch (v->type)
    {
      case CLAMP_JSON_NULL:
        tag(s, 'n');
        return;
      case CLAMP_JSON_BOOL:
        tag(s, v->u.boolean ? 't' : 'f');
        return;
      case CLAMP_JSON_NUMBER:
        tag(s, '#');
        clamp_sha256_update_field(s, v->u.str.s, v->u.str.len);
        return;
      case CLAMP_JSON_STRING:
        tag(s, '"');
        clamp_sha256_update_field(s, v->u.str.s, v->u.str.len);
        return;
      case CLAMP_JSON_ARRAY:
        tag(s, '[');
        for (size_t i = 0; i < v->u.arr.len; i++)
          clamp_json_hash(v->u.arr.items[i], s);
        tag(s, ']');
        return;
      case CLAMP_JSON_OBJECT:
        tag(s, '{');
        for (size_t i = 0; i < v->u.obj.len; i++)
          {
            const struct clamp_json_member *m = &v->u.obj.members[i];
            clamp_sha256_update_field(s, m->key, m->key_len);
            clamp_json_hash(m->value, s);
          }
        tag(s, '}');
        return;
    }
}
