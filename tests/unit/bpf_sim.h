/* SPDX-License-Identifier: Apache-2.0 */
#ifndef CLAMP_BPF_SIM_H
#define CLAMP_BPF_SIM_H

#include <linux/filter.h>
#include <linux/seccomp.h>
#include <stddef.h>
#include <stdint.h>

/* A classic-BPF interpreter for seccomp filters, for tests only: it runs
 * a program over one struct seccomp_data the way the kernel's seccomp
 * does (32-bit loads from the data, host byte order) and gives the
 * filter's return value. It checks what the kernel's checker would
 * refuse (jumps out of range, loads outside seccomp_data or unaligned,
 * falling off the end, unknown instructions) and reports it instead of
 * guessing.
 *
 * Returns 0 and sets *ret, or -1 and sets *why to a static string. */
int bpf_sim_run(const struct sock_filter *prog, size_t n_insns, const struct seccomp_data *data,
                uint32_t *ret, const char **why);

#endif
