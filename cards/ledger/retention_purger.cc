#include "cards/ledger/retention_purger.h"

namespace auc::cards::ledger {

RetentionPurger::RetentionPurger(Ledger& ledger, std::chrono::hours max_age,
                                 std::chrono::milliseconds interval)
    : ledger_(ledger), max_age_(max_age), interval_(interval), thread_([this] { loop(); }) {}

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
    // A failed purge (disk trouble) is retried at the next interval; hook calls report the
    // storage problem themselves.
    (void)ledger_.purge_before(now - max_age_);
    lock.lock();
    wake_.wait_for(lock, interval_, [this] { return stopping_; });
  }
}

}  // namespace auc::cards::ledger
