#include "hooks/runtime/malloc_arenas.h"

#include <malloc.h>

#include <algorithm>
#include <cstdlib>

namespace auc::hooks {

bool limit_malloc_arenas(unsigned cores) {
  if (std::getenv("MALLOC_ARENA_MAX") != nullptr) return true;
  return mallopt(M_ARENA_MAX, static_cast<int>(std::max(cores, 1u))) == 1;
}

}  // namespace auc::hooks
