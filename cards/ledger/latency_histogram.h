// A latency histogram with fixed buckets that many threads may observe into at once: relaxed
// atomic increments only, no lock and no allocation, so it can sit on a hook call's path.
// Readers (a metrics scrape) see each counter's latest value; a snapshot taken while calls are
// observed may be off by the calls in flight, which a scrape tolerates.
#pragma once

#include <array>
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>

namespace auc::cards::ledger {

class LatencyHistogram {
 public:
  // Upper bounds in seconds, from 100 us (a lone ledger write) to 10 s (the ledger's wait limit).
  static constexpr std::array<double, 15> kBounds = {0.0001, 0.00025, 0.0005, 0.001, 0.0025,
                                                     0.005,  0.01,    0.025,  0.05,  0.1,
                                                     0.25,   0.5,     1.0,    2.5,   10.0};

  void observe(std::chrono::steady_clock::duration elapsed) {
    const auto us = std::chrono::duration_cast<std::chrono::microseconds>(elapsed).count();
    const double seconds = static_cast<double>(us < 0 ? 0 : us) / 1e6;
    std::size_t i = 0;
    while (i < kBounds.size() && seconds > kBounds[i]) ++i;
    counts_[i].fetch_add(1, std::memory_order_relaxed);
    sum_us_.fetch_add(static_cast<std::uint64_t>(us < 0 ? 0 : us), std::memory_order_relaxed);
  }

  // Observations in bucket i (not cumulative); i == kBounds.size() is above the last bound.
  std::uint64_t bucket(std::size_t i) const { return counts_[i].load(std::memory_order_relaxed); }
  double sum_seconds() const {
    return static_cast<double>(sum_us_.load(std::memory_order_relaxed)) / 1e6;
  }

 private:
  std::array<std::atomic<std::uint64_t>, kBounds.size() + 1> counts_{};
  std::atomic<std::uint64_t> sum_us_{0};
};

}  // namespace auc::cards::ledger
