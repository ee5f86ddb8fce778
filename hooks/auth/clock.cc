#include "hooks/auth/clock.h"

#include <chrono>

namespace auc::hooks {

Clock system_clock() {
  return [] {
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  };
}

}  // namespace auc::hooks
