#include "hooks/runtime/malloc_arenas.h"

#include <malloc.h>

#include <algorithm>
#include <cstdlib>

// Defined when jemalloc is linked in (the server's default build); null otherwise.
extern "C" int mallctl(const char*, void*, std::size_t*, void*, std::size_t) __attribute__((weak));

namespace auc::hooks {

bool jemalloc_in_use() {
  return mallctl != nullptr;
}

bool limit_malloc_arenas(unsigned cores) {
  // jemalloc keeps its own arenas (one per CPU, see jemalloc_conf.cc).
  if (jemalloc_in_use() || std::getenv("MALLOC_ARENA_MAX") != nullptr) return true;
  return mallopt(M_ARENA_MAX, static_cast<int>(std::max(cores, 1u))) == 1;
}

}  // namespace auc::hooks
