// Retention: a background thread that deletes ledger rows older than the configured maximum age,
// once at start and then every interval. Deletes go through the ledger's single writer in small
// chunks, so a purge never holds up hook calls for long.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <thread>

#include "cards/ledger/ledger.h"

namespace auc::cards::ledger {

// Each purge's outcome: rows deleted, or why it failed (a failed purge is retried at the next
// interval). Called on the purger's thread.
using PurgeReport = std::function<void(const Expected<std::int64_t, LedgerError>&)>;

class RetentionPurger {
 public:
  RetentionPurger(Ledger& ledger, std::chrono::hours max_age, std::chrono::milliseconds interval,
                  PurgeReport report = {});
  ~RetentionPurger();
  RetentionPurger(const RetentionPurger&) = delete;
  RetentionPurger& operator=(const RetentionPurger&) = delete;

 private:
  void loop();

  Ledger& ledger_;
  const std::chrono::hours max_age_;
  const std::chrono::milliseconds interval_;
  const PurgeReport report_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread thread_;  // last: starts after everything it uses exists
};

}  // namespace auc::cards::ledger
