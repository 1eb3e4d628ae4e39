/* SPDX-License-Identifier: Apache-2.0 */
/* A small classic-BPF interpreter for seccomp filters. libseccomp's own
 * tests run filters through a simulator before the kernel; clamp's tests
 * do the same, so they can assert what a compiled profile returns for a
 * concrete call without loading anything. Written from the classic BPF
 * description (Documentation/networking/filter.rst) and the seccomp
 * rules of kernel/seccomp.c (seccomp_check_filter): loads are 32-bit
 * words of struct seccomp_data at aligned offsets, no packet access. */
#include "bpf_sim.h"

#include <stdbool.h>
#include <string.h>

/* The scratch memory classic BPF offers (BPF_MEMWORDS). */
#define SIM_MEMWORDS 16

int bpf_sim_run(const struct sock_filter *prog, size_t n_insns, const struct seccomp_data *data,
                uint32_t *ret, const char **why)
{
  uint32_t a = 0, x = 0, mem[SIM_MEMWORDS];
  memset(mem, 0, sizeof mem);
  if (n_insns == 0 || n_insns > BPF_MAXINSNS)
    {
      *why = "program length out of range";
      return -1;
    }
  size_t pc = 0;
  /* Classic BPF only jumps forward, so every step advances pc and the
   * loop ends within n_insns steps. */
  while (pc < n_insns)
    {
      const struct sock_filter *f = &prog[pc];
      uint32_t k = f->k;
      uint16_t code = f->code;
      switch (BPF_CLASS(code))
        {
          case BPF_LD:
          case BPF_LDX:
            {
              uint32_t v;
              if (code == (BPF_LD | BPF_W | BPF_ABS))
                {
                  if (k % 4 != 0 || k > sizeof *data - 4)
                    {
                      *why = "load outside struct seccomp_data or unaligned";
                      return -1;
                    }
                  memcpy(&v, (const uint8_t *)data + k, 4);
                }
              else if (code == (BPF_LD | BPF_IMM) || code == (BPF_LDX | BPF_IMM))
                v = k;
              else if (code == (BPF_LD | BPF_MEM) || code == (BPF_LDX | BPF_MEM))
                {
                  if (k >= SIM_MEMWORDS)
                    {
                      *why = "scratch index out of range";
                      return -1;
                    }
                  v = mem[k];
                }
              else if (code == (BPF_LD | BPF_W | BPF_LEN) || code == (BPF_LDX | BPF_W | BPF_LEN))
                v = (uint32_t)sizeof *data;
              else
                {
                  *why = "load mode seccomp does not allow";
                  return -1;
                }
              if (BPF_CLASS(code) == BPF_LD)
                a = v;
              else
                x = v;
              pc++;
              break;
            }
          case BPF_ST:
          case BPF_STX:
            if (k >= SIM_MEMWORDS)
              {
                *why = "scratch index out of range";
                return -1;
              }
            mem[k] = BPF_CLASS(code) == BPF_ST ? a : x;
            pc++;
            break;
          case BPF_ALU:
            {
              uint32_t src = BPF_SRC(code) == BPF_X ? x : k;
              switch (BPF_OP(code))
                {
                  case BPF_ADD:
                    a += src;
                    break;
                  case BPF_SUB:
                    a -= src;
                    break;
                  case BPF_MUL:
                    a *= src;
                    break;
                  case BPF_DIV:
                  case BPF_MOD:
                    if (src == 0)
                      {
                        /* The kernel ends the program with 0 here. */
                        *ret = 0;
                        return 0;
                      }
                    a = BPF_OP(code) == BPF_DIV ? a / src : a % src;
                    break;
                  case BPF_AND:
                    a &= src;
                    break;
                  case BPF_OR:
                    a |= src;
                    break;
                  case BPF_XOR:
                    a ^= src;
                    break;
                  case BPF_LSH:
                    a = src < 32 ? a << src : 0;
                    break;
                  case BPF_RSH:
                    a = src < 32 ? a >> src : 0;
                    break;
                  case BPF_NEG:
                    a = (uint32_t)(0u - a);
                    break;
                  default:
                    *why = "unknown ALU operation";
                    return -1;
                }
              pc++;
              break;
            }
          case BPF_JMP:
            {
              size_t next;
              if (BPF_OP(code) == BPF_JA)
                next = pc + 1 + k;
              else
                {
                  uint32_t src = BPF_SRC(code) == BPF_X ? x : k;
                  bool taken;
                  switch (BPF_OP(code))
                    {
                      case BPF_JEQ:
                        taken = a == src;
                        break;
                      case BPF_JGT:
                        taken = a > src;
                        break;
                      case BPF_JGE:
                        taken = a >= src;
                        break;
                      case BPF_JSET:
                        taken = (a & src) != 0;
                        break;
                      default:
                        *why = "unknown jump";
                        return -1;
                    }
                  next = pc + 1 + (taken ? f->jt : f->jf);
                }
              if (next >= n_insns)
                {
                  *why = "jump past the end of the program";
                  return -1;
                }
              pc = next;
              break;
            }
          case BPF_RET:
            if (BPF_RVAL(code) == BPF_K)
              *ret = k;
            else if (BPF_RVAL(code) == BPF_A)
              *ret = a;
            else
              {
                *why = "unknown return source";
                return -1;
              }
            return 0;
          case BPF_MISC:
            if (BPF_MISCOP(code) == BPF_TAX)
              x = a;
            else if (BPF_MISCOP(code) == BPF_TXA)
              a = x;
            else
              {
                *why = "unknown misc operation";
                return -1;
              }
            pc++;
            break;
          default:
            *why = "unknown instruction class";
            return -1;
        }
    }
  *why = "fell off the end of the program";
  return -1;
}
