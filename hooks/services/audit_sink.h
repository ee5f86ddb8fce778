// Where the services hand what they answered: the audit ledger's write side. A 200 goes out
// only after record_call returned; a failed write turns the answer into a 503.
//
// LedgerAuditSink forwards to the durable cards::ledger::Ledger; MemoryAuditSink keeps records
// in memory for as long as no ledger is wired (and for tests). Both are thread-safe.
#pragma once

#include <cstdint>
#include <deque>
#include <mutex>
#include <utility>

#include "cards/ledger/ledger.h"
#include "cards/ledger/records.h"
#include "fhir/expected.h"

namespace auc::hooks {

class AuditSink {
 public:
  virtual ~AuditSink() = default;
  virtual Expected<std::int64_t, cards::ledger::LedgerError> record_call(
      cards::ledger::HookCallRecord call) = 0;
  virtual Expected<cards::ledger::FeedbackWriteResult, cards::ledger::LedgerError> record_feedback(
      const cards::ledger::FeedbackRecord& feedback) = 0;
};

class LedgerAuditSink final : public AuditSink {
 public:
  explicit LedgerAuditSink(cards::ledger::Ledger& ledger) : ledger_(ledger) {}
  Expected<std::int64_t, cards::ledger::LedgerError> record_call(
      cards::ledger::HookCallRecord call) override {
    return ledger_.record_call(std::move(call));
  }
  Expected<cards::ledger::FeedbackWriteResult, cards::ledger::LedgerError> record_feedback(
      const cards::ledger::FeedbackRecord& feedback) override {
    return ledger_.record_feedback(feedback);
  }

 private:
  cards::ledger::Ledger& ledger_;
};

// Keeps the most recent records only: it stands in for the ledger, it is not one.
class MemoryAuditSink final : public AuditSink {
 public:
  static constexpr std::size_t kMaxRecords = 10000;

  Expected<std::int64_t, cards::ledger::LedgerError> record_call(
      cards::ledger::HookCallRecord call) override;
  // Identical reports (same card, outcome, suggestions, reason, comment, timestamp) are kept once.
  Expected<cards::ledger::FeedbackWriteResult, cards::ledger::LedgerError> record_feedback(
      const cards::ledger::FeedbackRecord& feedback) override;

  std::size_t call_count() const;
  std::size_t feedback_count() const;

 private:
  mutable std::mutex mutex_;
  std::deque<cards::ledger::HookCallRecord> calls_;
  std::deque<cards::ledger::FeedbackRecord> feedback_;
  std::int64_t next_id_ = 1;
};

}  // namespace auc::hooks
