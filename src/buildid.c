/* SPDX-License-Identifier: Apache-2.0 */
/* The running program's NT_GNU_BUILD_ID note, found through its program
 * headers (elf(5): PT_NOTE segments hold Elf_Nhdr records, each name and
 * descriptor padded to 4 bytes). dl_iterate_phdr reports the main program
 * first, in static and dynamic binaries alike. */
#include "clamp/buildid.h"

#include <elf.h>
#include <link.h>
#include <stdint.h>
#include <string.h>

struct found
{
  char *hex;
};

static size_t align4(size_t n) { return (n + 3u) & ~(size_t)3u; }

static void hex_into(const unsigned char *p, size_t n, char *out)
{
  static const char digits[] = "0123456789abcdef";
  for (size_t i = 0; i < n; i++)
    {
      out[2 * i] = digits[p[i] >> 4];
      out[2 * i + 1] = digits[p[i] & 15];
    }
  out[2 * n] = '\0';
}

static int main_program(struct dl_phdr_info *info, size_t size, void *data)
{
  (void)size;
  struct found *f = data;
  for (size_t i = 0; i < info->dlpi_phnum; i++)
    {
      const ElfW(Phdr) *ph = &info->dlpi_phdr[i];
      if (ph->p_type != PT_NOTE)
        continue;
      const unsigned char *p = (const unsigned char *)(info->dlpi_addr + ph->p_vaddr);
      size_t left = ph->p_memsz;
      while (left >= sizeof(ElfW(Nhdr)))
        {
          ElfW(Nhdr) n;
          memcpy(&n, p, sizeof n);
          size_t namesz = align4(n.n_namesz), descsz = align4(n.n_descsz);
          if (namesz > left - sizeof n || descsz > left - sizeof n - namesz)
            break;
          const unsigned char *name = p + sizeof n;
          const unsigned char *desc = name + namesz;
          if (n.n_type == NT_GNU_BUILD_ID && n.n_namesz == 4 && memcmp(name, "GNU", 4) == 0
              && n.n_descsz > 0 && 2 * (size_t)n.n_descsz < CLAMP_BUILD_ID_HEX_MAX)
            {
              hex_into(desc, n.n_descsz, f->hex);
              return 1;
            }
          p += sizeof n + namesz + descsz;
          left -= sizeof n + namesz + descsz;
        }
    }
  return 1; /* only the first object, the program itself */
}

void clamp_build_id_hex(char out[CLAMP_BUILD_ID_HEX_MAX])
{
  struct found f = { .hex = out };
  out[0] = '\0';
  dl_iterate_phdr(main_program, &f);
}
