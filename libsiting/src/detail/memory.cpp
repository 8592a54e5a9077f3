// SPDX-License-Identifier: Apache-2.0
#include "detail/memory.hpp"

#include <cstdlib>  // first: it defines __GLIBC__, which the lines below ask for
#ifdef __GLIBC__
#include <malloc.h>
#endif

// Defined by gperftools' tcmalloc (malloc_extension_c.h); declared weak here,
// so it is null unless tcmalloc is in the process, and no header is needed.
extern "C" void MallocExtension_ReleaseFreeMemory(void) __attribute__((weak));

namespace siting::detail {

namespace {
bool tcmalloc() { return MallocExtension_ReleaseFreeMemory != nullptr; }
}  // namespace

const char* allocator_name() {
  if (tcmalloc()) return "tcmalloc";
#ifdef __GLIBC__
  return "glibc malloc";
#else
  return "system malloc";
#endif
}

void trim_heap() {
  if (tcmalloc()) return;
#ifdef __GLIBC__
  malloc_trim(0);
#endif
}

}  // namespace siting::detail
