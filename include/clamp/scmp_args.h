/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_SCMP_ARGS_H
#define CLAMP_SCMP_ARGS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Sets of syscall argument vectors, the algebra behind profile.h.
 *
 * A seccomp rule matches a syscall's six 64-bit arguments with
 * conditions (EQ, NE, LT, LE, GE, GT, MASKED_EQ). A set of argument
 * vectors is kept here as a reduced ordered binary decision diagram over
 * the 384 argument bits (arg0 bit 63 first, arg5 bit 0 last). Because
 * such a diagram is canonical, AND, OR and NOT are exact, two sets are
 * equal exactly when their ids are, and turning a set back into rules
 * (clamp_scmp_args_to_rules) gives the same rules for the same set,
 * whatever rules it was built from. Every condition operator maps to a
 * diagram of at most 64 nodes per argument.
 *
 * A manager owns the nodes. It keeps no state between uses beyond its
 * buffers: clamp_scmp_args_reset() forgets every set. When a set would
 * need more nodes than the manager's limit, or the manager has made 16
 * times its limit since it was created (a budget for the whole of one
 * intersection), the operation returns CLAMP_SCMP_ARGS_NONE and the
 * manager is marked overflowed until the next reset; a caller must then
 * treat everything it computed since the reset as unknown. */

typedef uint32_t clamp_scmp_args;
#define CLAMP_SCMP_ARGS_NONE ((clamp_scmp_args)0) /* no argument vector */
#define CLAMP_SCMP_ARGS_ALL ((clamp_scmp_args)1)  /* every argument vector */

/* Linux syscalls have six arguments (libseccomp-golang MakeCondition
 * refuses an index above 5). */
#define CLAMP_SCMP_N_ARGS 6u

/* The operators of runc 1.1.5 (libcontainer/seccomp/config.go). The
 * order is the canonical order of emitted conditions. */
enum clamp_scmp_op
{
  CLAMP_SCMP_CMP_NE,
  CLAMP_SCMP_CMP_LT,
  CLAMP_SCMP_CMP_LE,
  CLAMP_SCMP_CMP_EQ,
  CLAMP_SCMP_CMP_GE,
  CLAMP_SCMP_CMP_GT,
  CLAMP_SCMP_CMP_MASKED_EQ,
};

/* One condition: for MASKED_EQ, value is the mask and value_two the datum
 * ((arg & value) == value_two); the other operators ignore value_two. */
struct clamp_scmp_cond
{
  unsigned index; /* 0..5 */
  enum clamp_scmp_op op;
  uint64_t value, value_two;
};

/* A rule: the AND of up to six conditions on distinct indices, sorted by
 * index, so that runc passes them to libseccomp as one rule. */
struct clamp_scmp_rule
{
  unsigned n;
  struct clamp_scmp_cond c[CLAMP_SCMP_N_ARGS];
};

struct clamp_scmp_rules
{
  struct clamp_scmp_rule *v;
  size_t len, cap;
};

void clamp_scmp_rules_free(struct clamp_scmp_rules *r);

/* "SCMP_CMP_EQ" and back; NULL / -1 when unknown. */
const char *clamp_scmp_op_name(enum clamp_scmp_op op);
int clamp_scmp_op_parse(const char *name, enum clamp_scmp_op *op);

/* Canonical order of rules (index, operator, value, value_two, then
 * shorter first); 0 when equal. */
int clamp_scmp_rule_cmp(const struct clamp_scmp_rule *a, const struct clamp_scmp_rule *b);

struct clamp_scmp_args_mgr;

/* node_limit bounds the nodes alive between two resets. */
struct clamp_scmp_args_mgr *clamp_scmp_args_mgr_new(uint32_t node_limit);
void clamp_scmp_args_mgr_free(struct clamp_scmp_args_mgr *m);
void clamp_scmp_args_reset(struct clamp_scmp_args_mgr *m);
bool clamp_scmp_args_overflowed(const struct clamp_scmp_args_mgr *m);
/* Nodes alive since the last reset (for tests and bounds). */
uint32_t clamp_scmp_args_nodes(const struct clamp_scmp_args_mgr *m);

/* The argument vectors one condition matches (c->index must be < 6). */
clamp_scmp_args clamp_scmp_args_cond(struct clamp_scmp_args_mgr *m,
                                     const struct clamp_scmp_cond *c);
clamp_scmp_args clamp_scmp_args_and(struct clamp_scmp_args_mgr *m, clamp_scmp_args a,
                                    clamp_scmp_args b);
clamp_scmp_args clamp_scmp_args_or(struct clamp_scmp_args_mgr *m, clamp_scmp_args a,
                                   clamp_scmp_args b);
clamp_scmp_args clamp_scmp_args_not(struct clamp_scmp_args_mgr *m, clamp_scmp_args a);
/* a AND NOT b */
clamp_scmp_args clamp_scmp_args_minus(struct clamp_scmp_args_mgr *m, clamp_scmp_args a,
                                      clamp_scmp_args b);

/* Does the set contain this argument vector? */
bool clamp_scmp_args_contains(const struct clamp_scmp_args_mgr *m, clamp_scmp_args s,
                              const uint64_t args[CLAMP_SCMP_N_ARGS]);

/* Append to out rules whose union is exactly s, in a form that depends on
 * the set only (see scmp_args.c). The rules of one call are pairwise
 * disjoint. NONE gives no rule, ALL one rule without conditions. Returns
 * the number of rules appended, or -1 (out then holds its old rules) when
 * more than max_rules would be needed or the manager overflowed. */
long clamp_scmp_args_to_rules(struct clamp_scmp_args_mgr *m, clamp_scmp_args s, size_t max_rules,
                              struct clamp_scmp_rules *out);

#endif
