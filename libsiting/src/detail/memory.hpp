// SPDX-License-Identifier: Apache-2.0
#pragma once

// The process's memory allocator: gperftools' tcmalloc when the program links
// it (the siting executables do, see CMakeLists.txt: SITING_TCMALLOC), else
// glibc's malloc.

namespace siting::detail {

// "tcmalloc" or "glibc malloc" (or "system malloc" off glibc): what allocates
// in this process, found at run time, so an LD_PRELOAD counts too.
const char* allocator_name();

// Hands the heap's free pages back to the kernel. Under glibc the pages that
// threads freed lie in their own arenas, which the main thread does not draw
// from, so a stage that frees much on worker threads trims them to keep the
// peak down; tcmalloc's page heap is shared by all threads and reuses them, so
// there this does nothing (handing them back would only fault them in again).
void trim_heap();

}  // namespace siting::detail
