/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_POLICY_PARSE_H
#define CLAMP_POLICY_PARSE_H

#include <stdbool.h>
#include <stddef.h>

#include "clamp/error.h"
#include "clamp/json.h"
#include "clamp/policy.h"

/* The policy file's parser, split by section (clamp-policy.json(5)):
 * src/policy_file.c reads the file and its core sections,
 * src/policy_knobs.c the rules' own settings, src/policy_exemptions.c the
 * exemptions. These are the pieces they share; nothing else uses them. */

/* "path.key", or "key" at the top. Caller frees. */
char *clamp_policy_field(const char *path, const char *key);

/* Only these members may appear in obj (named path in errors). */
int clamp_policy_known_members(const struct clamp_json *obj, const char *path,
                               const char *const *names, struct clamp_error **err);

int clamp_policy_get_object(const struct clamp_json *obj, const char *path, const char *key,
                            const char *const *names, struct clamp_json **out,
                            struct clamp_error **err);

/* A string that must be an absolute, clean path, or null. */
int clamp_policy_get_path(const struct clamp_json *obj, const char *path, const char *key,
                          const char **out, struct clamp_error **err);

/* The strings at obj.key (named path.key in errors): each checked by
 * valid (NULL when fine, else what is wrong with it), none the same as
 * an earlier one by same. Returns 1 and the list (NULL-terminated, in
 * doc's arena) when present, 0 when absent or null, -1 on error. */
int clamp_policy_get_list(struct clamp_json_doc *doc, const struct clamp_json *obj,
                          const char *path, const char *key, const char *(*valid)(const char *s),
                          bool (*same)(const char *a, const char *b), const char *const **out,
                          size_t *n, struct clamp_error **err);

/* obj.capabilities.allow (path names obj): canonical capability names,
 * each once. *list stays NULL when it is absent. */
int clamp_policy_parse_cap_allow(struct clamp_json_doc *doc, const struct clamp_json *obj,
                                 const char *path, const char ***list, size_t *n_list,
                                 struct clamp_error **err);

/* The sections of the rules' settings (src/policy_knobs.c): each absent
 * or null section keeps the built-in values. */
int clamp_policy_parse_lsm(struct clamp_policy *p, const struct clamp_json *root,
                           struct clamp_error **err);

int clamp_policy_parse_resources(struct clamp_policy *p, const struct clamp_json *root,
                                 struct clamp_error **err);

int clamp_policy_parse_sysctls(struct clamp_policy *p, struct clamp_json_doc *doc,
                               const struct clamp_json *root, struct clamp_error **err);

int clamp_policy_parse_env(struct clamp_policy *p, struct clamp_json_doc *doc,
                           const struct clamp_json *root, struct clamp_error **err);

int clamp_policy_parse_hooks(struct clamp_policy *p, struct clamp_json_doc *doc,
                             const struct clamp_json *root, struct clamp_error **err);

int clamp_policy_parse_annotations(struct clamp_policy *p, struct clamp_json_doc *doc,
                                   const struct clamp_json *root, struct clamp_error **err);

/* "exemptions" (src/policy_exemptions.c); after "rules", which an
 * exemption may only relax. */
int clamp_policy_parse_exemptions(struct clamp_policy *p, struct clamp_json_doc *doc,
                                  const struct clamp_json *root, struct clamp_error **err);

#endif
