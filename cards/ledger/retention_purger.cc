#include "cards/ledger/retention_purger.h"

#include <utility>

namespace auc::cards::ledger {

RetentionPurger::RetentionPurger(Ledger& ledger, std::chrono::hours max_age,
                                 std::chrono::milliseconds interval, PurgeReport report)
    : ledger_(ledger),
      max_age_(max_age),
      interval_(interval),
      report_(std::move(report)),
      thread_([this] { loop(); }) {}

RetentionPurger::~RetentionPurger() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void RetentionPurger::loop() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    const auto now =
        std::chrono::time_point_cast<std::chrono::microseconds>(std::chrono::system_clock::now());
    // A failed purge (disk trouble, a database away) is retried at the next interval; the
    // report lets the operator see that rows past retention are still there.
    const auto purged = ledger_.purge_before(now - max_age_);
    if (report_) report_(purged);
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace auc::cards::ledger
