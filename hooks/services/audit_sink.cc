#include "hooks/services/audit_sink.h"

#include <algorithm>

namespace auc::hooks {
namespace {

bool same_report(const cards::ledger::FeedbackRecord& a, const cards::ledger::FeedbackRecord& b) {
  return a.service_id == b.service_id && a.card_uuid == b.card_uuid && a.outcome == b.outcome &&
         a.accepted_suggestion_ids == b.accepted_suggestion_ids &&
         a.override_reason == b.override_reason && a.user_comment == b.user_comment &&
         a.outcome_timestamp == b.outcome_timestamp;
}

}  // namespace

Expected<std::int64_t, cards::ledger::LedgerError> MemoryAuditSink::record_call(
    cards::ledger::HookCallRecord call) {
  std::lock_guard lock(mutex_);
  if (calls_.size() == kMaxRecords) calls_.pop_front();
  calls_.push_back(std::move(call));
  return next_id_++;
}

Expected<cards::ledger::FeedbackWriteResult, cards::ledger::LedgerError>
MemoryAuditSink::record_feedback(const cards::ledger::FeedbackRecord& feedback) {
  std::lock_guard lock(mutex_);
  const bool duplicate =
      std::any_of(feedback_.begin(), feedback_.end(),
                  [&](const cards::ledger::FeedbackRecord& f) { return same_report(f, feedback); });
  if (!duplicate) {
    if (feedback_.size() == kMaxRecords) feedback_.pop_front();
    feedback_.push_back(feedback);
  }
  return cards::ledger::FeedbackWriteResult{duplicate};
}

std::size_t MemoryAuditSink::call_count() const {
  std::lock_guard lock(mutex_);
  return calls_.size();
}

std::size_t MemoryAuditSink::feedback_count() const {
  std::lock_guard lock(mutex_);
  return feedback_.size();
}

}  // namespace auc::hooks
