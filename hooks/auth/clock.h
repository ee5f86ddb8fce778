// Time source for token validation, injectable so tests can pin "now" (the spec's example
// token expired in 2015).
#pragma once

#include <cstdint>
#include <functional>

namespace auc::hooks {

using Clock = std::function<std::int64_t()>;  // seconds since the Unix epoch

Clock system_clock();

}  // namespace auc::hooks
