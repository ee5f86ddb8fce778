#include "cards/ledger/bounded_ledger.h"

#include <utility>

namespace auc::cards::ledger {

BoundedLedger::BoundedLedger(std::unique_ptr<Ledger> inner, std::size_t max_entries)
    : inner_(std::move(inner)), max_entries_(max_entries < 10 ? 10 : max_entries) {}

Expected<std::int64_t, LedgerError> BoundedLedger::record_call(HookCallRecord call) {
  const Timestamp received = call.received_at;
  auto id = inner_->record_call(std::move(call));
  if (id) stored(received);
  return id;
}

Expected<FeedbackWriteResult, LedgerError> BoundedLedger::record_feedback(
    const FeedbackRecord& feedback) {
  auto written = inner_->record_feedback(feedback);
  if (written && !written->duplicate) stored(feedback.received_at);
  return written;
}

void BoundedLedger::stored(Timestamp received_at) {
  std::lock_guard lock(mutex_);
  held_.push(received_at);
  if (held_.size() <= max_entries_) return;
  // Down to nine tenths of the bound, so the purge runs once per tenth of it, not per call.
  const std::size_t keep = max_entries_ - max_entries_ / 10;
  Timestamp cutoff = held_.top();
  while (held_.size() > keep || (!held_.empty() && held_.top() < cutoff)) {
    cutoff = held_.top() + std::chrono::microseconds(1);
    held_.pop();
  }
  // Rows received before the cutoff go. In memory a purge fails only while shutting down.
  (void)inner_->purge_before(cutoff);
}

Expected<std::int64_t, LedgerError> BoundedLedger::purge_before(Timestamp cutoff) {
  auto purged = inner_->purge_before(cutoff);
  if (purged) {
    std::lock_guard lock(mutex_);
    while (!held_.empty() && held_.top() < cutoff) held_.pop();
  }
  return purged;
}

std::string BoundedLedger::description() const {
  return inner_->description() + ", at most " + std::to_string(max_entries_) +
         " entries (oldest purged)";
}

}  // namespace auc::cards::ledger
